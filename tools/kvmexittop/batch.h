/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Batch mode (-b) and log mode (-L): frames as text, JSON lines or CSV on
 * stdout, or records appended to a log file, from the same models as the
 * live view.  Both go on through a reset, a module reload (the file gone
 * for a while) and a VM that comes and goes, and say so in the record.
 */
#ifndef KVMEXITTOP_BATCH_H
#define KVMEXITTOP_BATCH_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "model.h"
#include "options.h"
#include "shown.h"

/* Run until -n frames were written or an error; returns the exit status. */
int batch_run(struct options *o);

/*
 * Write one frame (number frame, from 1) of what shown says, in o->format,
 * stamped with the wall-clock time wall, to out; in CSV after the header
 * line when header.  Returns -1 when writing failed.  Exposed for the
 * tests.
 */
int batch_write_frame(FILE *out, const struct options *o,
		      const struct shown *shown, unsigned long frame,
		      const struct timespec *wall, bool header);

/* "2026-12-02T19:38:24.123Z": RFC 3339, UTC, milliseconds. */
void batch_format_time(const struct timespec *wall, char buf[32]);

#endif /* KVMEXITTOP_BATCH_H */
