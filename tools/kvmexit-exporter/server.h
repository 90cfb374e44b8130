/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HTTP side: libmicrohttpd serving GET /metrics from one internal
 * thread that polls every connection, so a slow or half-open client holds
 * one connection slot, never the thread.  Slots are limited
 * (SERVER_CONNECTION_LIMIT) and an idle connection is closed after
 * SERVER_TIMEOUT_S seconds.
 */
#ifndef KVMEXIT_EXPORTER_SERVER_H
#define KVMEXIT_EXPORTER_SERVER_H

#include "collect.h"
#include "options.h"

#define SERVER_CONNECTION_LIMIT 64
#define SERVER_TIMEOUT_S 10

/*
 * Serve until SIGTERM or SIGINT.  Returns an exit status: 0, or
 * KVMEXIT_EXIT_RUNTIME when the address cannot be listened on.
 */
int server_run(const struct options *o, struct collector *c);

#endif /* KVMEXIT_EXPORTER_SERVER_H */
