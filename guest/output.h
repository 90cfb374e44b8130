/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where kvmexit-probe writes: one output context created in probe_main(),
 * holding the streams, the JSON switch and the one JSON writer, and the one
 * error path every failure goes through.
 */
#ifndef KVMEXIT_PROBE_OUTPUT_H
#define KVMEXIT_PROBE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "exit_status.h"
#include "json_writer.h"

#define PROBE_NAME "kvmexit-probe"

/* Exit statuses: lib/exit_status.h's, which kvmexittop uses too. */
enum {
	PROBE_EXIT_OK = KVMEXIT_EXIT_OK,
	PROBE_EXIT_ERROR = KVMEXIT_EXIT_RUNTIME,	/* answer, memory, output */
	PROBE_EXIT_NO_HOST = KVMEXIT_EXIT_NO_HOST,	/* not a kvmexit host */
	PROBE_EXIT_USAGE = KVMEXIT_EXIT_USAGE,
};

struct probe_out {
	FILE *out;
	FILE *err;
	bool json;
	struct json_writer jw;
};

void probe_out_init(struct probe_out *o, FILE *out, FILE *err);
/* Switch to JSON (pretty: indented) for everything written from now on. */
void probe_out_set_json(struct probe_out *o, bool pretty);

/*
 * Report a failure and return status, so callers write
 * "return probe_error(o, PROBE_EXIT_USAGE, ...)".  JSON mode writes
 * {"error": "..."} as one line on the output stream, as bpftool does, so a
 * consumer always gets JSON; otherwise "kvmexit-probe: ..." on stderr.
 */
int probe_error(struct probe_out *o, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* KVMEXIT_PROBE_OUTPUT_H */
