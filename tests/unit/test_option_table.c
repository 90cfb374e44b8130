// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of lib/option_table: getopt_long's tables made from an option
 * table (and getopt_long parsing with them), long-only options found back
 * from getopt's value, and the help's option lines at a given width.
 */
#define HARNESS_SUITE "option_table"
#include "../harness.h"

#include <getopt.h>
#include <stdlib.h>

#include "option_table.h"

#define PLAN 34

static const struct option_doc table[] = {
	{ "delay", 'd', "SECONDS", "time between frames" },
	{ "batch", 'b', NULL, "batch mode" },
	{ "root", 0, "DIR", "read the tree under DIR" },
	{ "vms", 0, NULL, "show the list of VMs" },
	{ "help", 'h', NULL, "show this help and exit" },
};
#define N (sizeof(table) / sizeof(table[0]))

static void test_getopt_tables(void)
{
	struct option longopts[OPTION_TABLE_LONGOPTS(N)];
	char shortopts[OPTION_TABLE_SHORTOPTS(N)];

	memset(longopts, 0xA5, sizeof(longopts));
	memset(shortopts, 'X', sizeof(shortopts));
	option_table_getopt(table, N, longopts, shortopts);
	CHECK_EQ_STR(shortopts, ":d:bh",
		     "short options: ':' first, ':' after those with an argument");
	for (size_t i = 0; i < N; i++) {
		int val = table[i].short_name ? table[i].short_name :
						(int)(OPTION_LONG_ONLY_BASE + i);

		CHECK(longopts[i].name == table[i].long_name &&
		      longopts[i].has_arg ==
			      (table[i].arg ? required_argument : no_argument) &&
		      longopts[i].flag == NULL && longopts[i].val == val,
		      "--%s: has_arg %d, flag %p, val %d (expected %d)",
		      table[i].long_name, longopts[i].has_arg,
		      (void *)longopts[i].flag, longopts[i].val, val);
	}
	CHECK(!longopts[N].name && !longopts[N].has_arg && !longopts[N].flag &&
	      !longopts[N].val, "the long options end with an all-zero entry");
}

/* Every option short and with an argument: the longest short string. */
static void test_sizes(void)
{
	static const struct option_doc full[] = {
		{ "a", 'a', "X", "" }, { "b", 'b', "Y", "" }, { "c", 'c', "Z", "" },
	};
	struct option longopts[OPTION_TABLE_LONGOPTS(3)];
	char shortopts[OPTION_TABLE_SHORTOPTS(3)];
	struct option none_long[OPTION_TABLE_LONGOPTS(0)];
	char none_short[OPTION_TABLE_SHORTOPTS(0)];

	option_table_getopt(full, 3, longopts, shortopts);
	CHECK_EQ_STR(shortopts, ":a:b:c:", "three short options with arguments");
	CHECK_EQ_U64(strlen(shortopts) + 1, sizeof(shortopts),
		     "they fill OPTION_TABLE_SHORTOPTS(3) exactly");
	option_table_getopt(NULL, 0, none_long, none_short);
	CHECK_EQ_STR(none_short, ":", "an empty table: only ':'");
	CHECK(!none_long[0].name, "an empty table: only the end entry");
}

static void test_long_only(void)
{
	static const int not_long_only[] = { 'd', 'b', 'h', '?', ':', -1, 0,
					     OPTION_LONG_ONLY_BASE - 1,
					     OPTION_LONG_ONLY_BASE + (int)N };

	CHECK(option_table_long_only(table, N, OPTION_LONG_ONLY_BASE + 2) == &table[2],
	      "base + 2 is --root");
	CHECK(option_table_long_only(table, N, OPTION_LONG_ONLY_BASE + 3) == &table[3],
	      "base + 3 is --vms");
	for (size_t i = 0; i < sizeof(not_long_only) / sizeof(not_long_only[0]); i++)
		CHECK(!option_table_long_only(table, N, not_long_only[i]),
		      "%d is no long-only option", not_long_only[i]);
}

/* getopt_long with the tables, over argv; returns the values in got. */
static int parse(char **argv, int argc, int *got, const char **args, int max)
{
	struct option longopts[OPTION_TABLE_LONGOPTS(N)];
	char shortopts[OPTION_TABLE_SHORTOPTS(N)];
	int n = 0, c;

	option_table_getopt(table, N, longopts, shortopts);
	opterr = 0;
	optind = 0;	/* GNU: start over */
	while (n < max && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		args[n] = c == ':' || c == '?' ? NULL : optarg;
		got[n++] = c;
	}
	return n;
}

static void test_parsing(void)
{
	char *ok_argv[] = { "t", "--root", "/x", "-bd", "2", "--vms", "--delay=3", NULL };
	char *missing_argv[] = { "t", "--root", NULL };
	char *unknown_argv[] = { "t", "-x", NULL };
	int got[8];
	const char *args[8];
	int n;

	n = parse(ok_argv, 7, got, args, 8);
	CHECK_EQ_U64(n, 5, "five options parsed");
	CHECK(got[0] == OPTION_LONG_ONLY_BASE + 2 && args[0] && !strcmp(args[0], "/x"),
	      "--root /x: value %d, argument %s", got[0], args[0] ? args[0] : "(none)");
	CHECK(got[1] == 'b', "-b of -bd: %d", got[1]);
	CHECK(got[2] == 'd' && args[2] && !strcmp(args[2], "2"),
	      "-d 2 of -bd 2: %d, %s", got[2], args[2] ? args[2] : "(none)");
	CHECK(got[3] == OPTION_LONG_ONLY_BASE + 3, "--vms: value %d", got[3]);
	CHECK(got[4] == 'd' && args[4] && !strcmp(args[4], "3"),
	      "--delay=3: %d, %s", got[4], args[4] ? args[4] : "(none)");

	n = parse(missing_argv, 2, got, args, 8);
	CHECK(n == 1 && got[0] == ':' && optopt == OPTION_LONG_ONLY_BASE + 2,
	      "--root without DIR: ':' with optopt base + 2 (got %d, optopt %d)",
	      n ? got[0] : -1, optopt);
	CHECK(option_table_long_only(table, N, optopt) == &table[2],
	      "that optopt names --root");
	n = parse(unknown_argv, 2, got, args, 8);
	CHECK(n == 1 && got[0] == '?' && optopt == 'x',
	      "-x: '?' with optopt 'x' (got %d, optopt %d)", n ? got[0] : -1, optopt);
}

/* option_table_help's text for width, in buf. */
static void help_text(int width, char *buf, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	option_table_help(f, table, N, width);
	fclose(f);
	snprintf(buf, size, "%s", text);
	free(text);
}

/* The whole text at once: too long for CHECK_EQ_STR's message. */
static void check_help(int width, const char *expected, const char *what)
{
	char buf[1024];

	help_text(width, buf, sizeof(buf));
	CHECK(!strcmp(buf, expected), "%s", what);
	if (strcmp(buf, expected))
		printf("# got:\n%s# expected:\n%s", buf, expected);
}

static void test_help(void)
{
	check_help(24,
		     "  -d, --delay SECONDS      time between frames\n"
		     "  -b, --batch              batch mode\n"
		     "      --root DIR           read the tree under DIR\n"
		     "      --vms                show the list of VMs\n"
		     "  -h, --help               show this help and exit\n",
		     "the help's lines at width 24");
	check_help(22,
		     "  -d, --delay SECONDS    time between frames\n"
		     "  -b, --batch            batch mode\n"
		     "      --root DIR         read the tree under DIR\n"
		     "      --vms              show the list of VMs\n"
		     "  -h, --help             show this help and exit\n",
		     "the help's lines at width 22");
	check_help(10,
		     "  -d, --delay SECONDS time between frames\n"
		     "  -b, --batch batch mode\n"
		     "      --root DIR read the tree under DIR\n"
		     "      --vms  show the list of VMs\n"
		     "  -h, --help show this help and exit\n",
		     "a text wider than the width is kept whole, then one space");
}

int main(void)
{
	printf("1..%d\n", PLAN);
	test_getopt_tables();
	test_sizes();
	test_long_only();
	test_parsing();
	test_help();
	if (harness_count != PLAN)
		printf("# planned %d checks, ran %d\n", PLAN, harness_count);
	return harness_count == PLAN ? harness_exit_status() : 1;
}
