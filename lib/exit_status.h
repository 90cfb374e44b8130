/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exit statuses every kvmexit program uses (kvmexit-probe, kvmexittop,
 * the exporter), documented in each man page's EXIT STATUS.  64 and 65 are
 * sysexits.h's EX_USAGE and EX_DATAERR.
 */
#ifndef KVMEXIT_EXIT_STATUS_H
#define KVMEXIT_EXIT_STATUS_H

enum kvmexit_exit_status {
	KVMEXIT_EXIT_OK = 0,
	KVMEXIT_EXIT_RUNTIME = 1,	/* I/O, memory, terminal, permission */
	KVMEXIT_EXIT_NO_HOST = 2,	/* no kvmexit host / no exit_stats file */
	KVMEXIT_EXIT_USAGE = 64,	/* bad command line */
	KVMEXIT_EXIT_DATA = 65,		/* a file that is not the format */
};

#endif /* KVMEXIT_EXIT_STATUS_H */
