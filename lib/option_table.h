/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one option table shape of kvmexit-probe, kvmexittop and the exporter:
 * each tool declares its options once, and getopt_long's list and the
 * --help lines are made from that table (a test per tool compares the table,
 * --help and the man page).
 */
#ifndef KVMEXIT_OPTION_TABLE_H
#define KVMEXIT_OPTION_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct option;

struct option_doc {
	const char *long_name;
	char short_name;	/* 0: long only */
	const char *arg;	/* the argument's name; NULL: takes none */
	const char *help;
};

/*
 * What getopt_long returns for table[i] when it has no short name:
 * OPTION_LONG_ONLY_BASE + i, above every character.
 */
#define OPTION_LONG_ONLY_BASE 256

/* The sizes option_table_getopt() fills, for a table of n options. */
#define OPTION_TABLE_LONGOPTS(n) ((n) + 1)
#define OPTION_TABLE_SHORTOPTS(n) (2 * (n) + 2)

/*
 * Fill getopt_long's longopts (OPTION_TABLE_LONGOPTS(count) entries, the last
 * all zero) and shortopts (at most OPTION_TABLE_SHORTOPTS(count) chars with
 * the NUL) from table.  shortopts starts with ':' so that getopt_long tells
 * a missing argument (':') from an unknown option ('?').
 */
void option_table_getopt(const struct option_doc *table, size_t count,
			 struct option *longopts, char *shortopts);

/*
 * The long-only option getopt_long's value c stands for (c is also what
 * getopt_long leaves in optopt for it), or NULL: a short name, '?', ':'.
 */
const struct option_doc *option_table_long_only(const struct option_doc *table,
						size_t count, int c);

/*
 * The help's option lines: "  -x, --long ARG" or "      --long ARG", padded
 * to width columns after the two-space indent, a space, then the help.
 */
void option_table_help(FILE *out, const struct option_doc *table, size_t count,
		       int width);

/* What a tool's options_parse() tells its main(). */
enum options_result {
	OPTIONS_RUN,		/* go on with *o */
	OPTIONS_EXIT_OK,	/* --help or --version was printed */
	OPTIONS_EXIT_USAGE,	/* an error was reported */
};

#endif /* KVMEXIT_OPTION_TABLE_H */
