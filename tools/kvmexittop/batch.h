/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Batch mode (-b): frames as text, JSON lines or CSV on stdout, from the
 * same model as the live view.
 */
#ifndef KVMEXITTOP_BATCH_H
#define KVMEXITTOP_BATCH_H

#include <stdio.h>

#include "model.h"
#include "options.h"

/* Run until -n frames were written or an error; returns the exit status. */
int batch_run(const struct options *o);

/*
 * Write one frame (number frame, from 1) of m in o->format to out.  The
 * CSV header comes before frame 1.  Exposed for the tests.
 */
void batch_write_frame(FILE *out, const struct options *o,
		       const struct model *m, unsigned long frame);

#endif /* KVMEXITTOP_BATCH_H */
