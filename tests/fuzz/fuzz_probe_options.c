// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: kvmexit-probe's command line (guest/options.c) on any
 * argv.  The parser returns 0, or -1 with a message (which may quote an
 * argument, newlines and all); what it accepts is in range (a watch
 * interval of 0.001 to 86400 s, a count > 0).
 */
#include <stdio.h>

#include "fuzz_args.h"
#include "../../guest/options.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_args a;
	struct probe_args args = { 0 };
	char msg[256];
	int r;

	fuzz_args_split(&a, "kvmexit-probe", data, size);
	msg[0] = '\0';
	r = probe_args_parse(a.argc, a.argv, &args, msg, sizeof(msg));
	REQUIRE(r == 0 || r == -1);
	if (r == -1) {
		REQUIRE(msg[0] != '\0' && memchr(msg, '\0', sizeof(msg)));
	} else if (args.watch) {
		REQUIRE(args.interval >= 0.001 && args.interval <= 86400);
	}
	if (r == 0 && args.count_set)
		REQUIRE(args.count > 0);
	fuzz_args_free(&a);
	return 0;
}
