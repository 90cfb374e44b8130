// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: lib/stats_file's parser on any bytes.  Besides the
 * sanitizers, it checks what the header promises: a failure leaves no rows
 * and a one-line message; a success has rows strictly ascending by reason
 * with non-zero counts, each found by kvmexit_stats_find(); parsing the
 * same text again into the same value gives the same result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats_file.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

static struct kvmexit_stats reused;	/* kept across runs, as kvmexittop does */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvmexit_stats fresh;
	struct kvmexit_stats_error e1, e2;
	enum kvmexit_stats_status s1, s2;

	kvmexit_stats_init(&fresh);
	s1 = kvmexit_stats_parse((const char *)data, size, &fresh, &e1);
	s2 = kvmexit_stats_parse((const char *)data, size, &reused, &e2);
	REQUIRE(s1 == s2);
	if (s1 != KVMEXIT_STATS_OK) {
		REQUIRE(fresh.nrows == 0 && reused.nrows == 0);
		REQUIRE(e1.line == e2.line && !strcmp(e1.message, e2.message));
		REQUIRE(memchr(e1.message, '\0', sizeof(e1.message)) != NULL);
		REQUIRE(e1.message[0] != '\0' && !strchr(e1.message, '\n'));
	} else {
		REQUIRE(fresh.nrows == reused.nrows);
		REQUIRE(fresh.total_count == reused.total_count &&
			fresh.total_cycles == reused.total_cycles &&
			fresh.rows_add_up == reused.rows_add_up);
		for (size_t i = 0; i < fresh.nrows; i++) {
			const struct kvmexit_stats_row *r = &fresh.rows[i];

			REQUIRE(i == 0 || r->reason > fresh.rows[i - 1].reason);
			REQUIRE(r->count != 0);
			REQUIRE(kvmexit_stats_find(&fresh, r->reason) == r);
			REQUIRE(kvmexit_stats_row_name(&fresh, r) != NULL);
			REQUIRE(r->reason == reused.rows[i].reason &&
				r->count == reused.rows[i].count &&
				r->cycles == reused.rows[i].cycles &&
				!strcmp(r->name, reused.rows[i].name));
		}
	}
	kvmexit_stats_free(&fresh);
	return 0;
}
