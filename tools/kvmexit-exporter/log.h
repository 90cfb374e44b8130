/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exporter's one error path: "kvmexit-exporter: ..." on stderr, which
 * systemd puts in the journal.  Scrapes never print: a failed read is told
 * through kvmexit_up and the error counter, and here once per change.
 */
#ifndef KVMEXIT_EXPORTER_LOG_H
#define KVMEXIT_EXPORTER_LOG_H

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KVMEXIT_EXPORTER_LOG_H */
