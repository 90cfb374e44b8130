// SPDX-License-Identifier: GPL-2.0-only
/* The exporter's error path: see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void log_error(const char *fmt, ...)
{
	va_list ap;

	/* One fprintf per line, so lines from two threads do not mix. */
	char line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "kvmexit-exporter: %s\n", line);
}
