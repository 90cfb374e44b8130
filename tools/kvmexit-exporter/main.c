// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexit-exporter: the kvmexit exit statistics (docs/abi.md) for
 * Prometheus, served at /metrics or written for node_exporter's textfile
 * collector.
 */
#include <malloc.h>
#include <stdio.h>

#include "collect.h"
#include "exit_status.h"
#include "options.h"
#include "server.h"
#include "textfile.h"

int main(int argc, char **argv)
{
	struct options o;
	struct collector c;
	int status;

	/* No setlocale(): the exposition wants the C locale's numbers. */
	switch (options_parse(argc, argv, &o)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_EXIT_OK:
		return KVMEXIT_EXIT_OK;
	case OPTIONS_EXIT_USAGE:
		return KVMEXIT_EXIT_USAGE;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	/*
	 * A fixed threshold: a scrape's megabytes are mapped apart and go back
	 * to the system once sent.  By default glibc raises the threshold
	 * after the first such free and keeps them in its heap for good.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	collector_init(&c, &o);
	status = o.textfile ? textfile_run(&o, &c) : server_run(&o, &c);
	collector_free(&c);
	return status;
}
