/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one error path of kvmexittop's command line and batch mode: in JSON
 * output an {"error": "..."} line on stdout, so a reader of the stream sees
 * why it ended; otherwise "kvmexittop: ..." on stderr.
 */
#ifndef KVMEXITTOP_REPORT_H
#define KVMEXITTOP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "exit_status.h"

void report_set_json(bool json);
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Flush stdout; when anything written to it failed, say so on stderr and
 * turn a success status into KVMEXIT_EXIT_RUNTIME.  Returns the status to
 * exit with.
 */
int report_stdout_status(int status);

#endif /* KVMEXITTOP_REPORT_H */
