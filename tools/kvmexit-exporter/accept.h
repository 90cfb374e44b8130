/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which exposition format a scraper asked for, from its HTTP Accept header
 * (RFC 9110 section 12.5.1).  Prometheus asks for
 *	application/openmetrics-text;version=1.0.0,
 *	application/openmetrics-text;version=0.0.1;q=0.75,
 *	text/plain;version=0.0.4;q=0.5,*\/\*;q=0.1
 * and a plain curl for nothing: OpenMetrics 1.0 is served when the header
 * rates it (no version, or version 1.0.0) at least as high as the text
 * format, which is the answer to everything else.
 */
#ifndef KVMEXIT_EXPORTER_ACCEPT_H
#define KVMEXIT_EXPORTER_ACCEPT_H

#include "exposition.h"

/* accept may be NULL (no header). */
enum expo_format accept_format(const char *accept);

#endif /* KVMEXIT_EXPORTER_ACCEPT_H */
