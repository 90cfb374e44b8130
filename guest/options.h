/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexit-probe's command line: one table of options from which the parser
 * and the --help text are both made.  A test checks that the table, --help
 * and docs/kvmexit-probe.1 name the same options.
 */
#ifndef KVMEXIT_PROBE_OPTIONS_H
#define KVMEXIT_PROBE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "option_table.h"
#include "report.h"

extern const struct option_doc probe_options[];
extern const size_t probe_noptions;

struct probe_args {
	bool all, json, pretty, help, version;
	const char *reason;	/* -r, resolved once the vendor is known */
	bool sort_set;
	enum probe_sort sort;
	bool watch;
	double interval;
	bool count_set;
	uint64_t count;
	bool raw;
	uint32_t raw_leaf, raw_subleaf;
};

/*
 * Parse argv (it may be permuted, as getopt does).  Returns 0, or -1 with a
 * one-line message in msg for a usage error.  Restartable: tests call it
 * many times in one process.
 */
int probe_args_parse(int argc, char **argv, struct probe_args *args,
		     char *msg, size_t size);

void probe_help(FILE *f);

#endif /* KVMEXIT_PROBE_OPTIONS_H */
