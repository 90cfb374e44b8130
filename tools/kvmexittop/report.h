/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one error path of kvmexittop's command line and batch mode: in JSON
 * output an {"error": "..."} line on stdout, so a reader of the stream sees
 * why it ended; otherwise "kvmexittop: ..." on stderr.
 */
#ifndef KVMEXITTOP_REPORT_H
#define KVMEXITTOP_REPORT_H

#include <stdbool.h>

#define KVMEXITTOP_VERSION "0.1.0"

/* Exit statuses (sysexits.h for the data error). */
#define EXIT_USAGE	2	/* bad options */
#define EXIT_DATAERR	65	/* the file is not the ABI's format */

void report_set_json(bool json);
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KVMEXITTOP_REPORT_H */
