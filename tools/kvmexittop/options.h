/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexittop's command line: one table of options from which getopt_long's
 * list and the --help text are both made, and which a test compares with
 * the man page.
 */
#ifndef KVMEXITTOP_OPTIONS_H
#define KVMEXITTOP_OPTIONS_H

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "fields.h"
#include "kvmexit_abi.h"
#include "option_table.h"

#define DELAY_DEFAULT 1.0
#define DELAY_MIN 0.1
#define DELAY_MAX 3600.0
/* The same range as text: messages must not print it in the locale's way. */
#define DELAY_RANGE_TEXT "from 0.1 to 3600"

enum output_format { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_CSV };

#define TRACEFS_DEFAULT "/sys/kernel/tracing"

struct options {
	double delay;			/* seconds between frames */
	bool batch;
	unsigned long iterations;	/* frames to show; 0: no limit */
	enum output_format format;
	enum field sort;
	const char *path;		/* -f: one file; NULL: the tree */
	const char *root;		/* --root, default KVMEXIT_DEBUGFS_ROOT */
	pid_t pid;			/* -p; 0: none */
	const char *guest;		/* -g NAME; NULL: none */
	long vcpu;			/* --vcpu; -1: the whole VM */
	bool vms;			/* --vms: the list of VMs */
	const char *log_path;		/* -L: append records here */
	bool no_zero;			/* -z: leave out rows without exits */
	const char *reasons_text;	/* -r REGEX as given */
	regex_t reasons;		/* compiled when reasons_text */
	const char *tracefs;		/* --tracefs, for the fallback */
};

/* Release what options_parse() compiled. */
void options_free(struct options *o);

extern const struct option_doc option_table[];
extern const unsigned int option_count;

enum options_result options_parse(int argc, char **argv, struct options *o);
void options_help(FILE *out);

/*
 * A delay in seconds: a number in [DELAY_MIN, DELAY_MAX], written with a
 * '.' whatever the locale (lib/c_number); 0 or -1.
 */
int options_parse_delay(const char *text, double *delay);

#endif /* KVMEXITTOP_OPTIONS_H */
