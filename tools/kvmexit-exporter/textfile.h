/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --textfile: the metrics in text format 0.0.4 written to a file for
 * node_exporter's textfile collector, which may read it at any moment: so
 * each version is written to a hidden temporary file beside it (not *.prom,
 * which the collector would read) and renamed over it.
 */
#ifndef KVMEXIT_EXPORTER_TEXTFILE_H
#define KVMEXIT_EXPORTER_TEXTFILE_H

#include "collect.h"
#include "options.h"

/*
 * Write once (o->interval 0) and return the host file's exit status, or
 * KVMEXIT_EXIT_RUNTIME when PATH cannot be written; or rewrite every
 * interval until SIGTERM or SIGINT and return 0 (1 on a write error).
 */
int textfile_run(const struct options *o, struct collector *c);

/* Write one scrape atomically to path.  Returns 0, or -1 (logged). */
int textfile_write(const char *path, const struct scrape_output *out);

#endif /* KVMEXIT_EXPORTER_TEXTFILE_H */
