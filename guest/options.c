// SPDX-License-Identifier: GPL-2.0-only
/* kvmexit-probe's option table, parser and help: see options.h. */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "c_number.h"
#include "exit_reasons.h"
#include "output.h"

const struct option_doc probe_options[] = {
	{ "all", 'a', NULL,
	  "list every defined reason, also those without exits" },
	{ "reason", 'r', "REASONS",
	  "show these reasons (a comma list): decimal, 0x hex, or names such as CPUID" },
	{ "sort", 's', "FIELD",
	  "sort by reason, name, rate (default), share, total, cycles or time" },
	{ "json", 'j', NULL, "print JSON: one object, or one per interval" },
	{ "pretty", 'p', NULL, "print indented JSON (implies -j)" },
	{ "watch", 'w', "SECONDS",
	  "print the exits of every interval of SECONDS, with rates" },
	{ "count", 'n', "COUNT", "with -w: stop after COUNT intervals" },
	{ "raw", 0, "LEAF [ECX]",
	  "print the four registers CPUID returns for LEAF (and ECX)" },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 0, NULL, "show the version and exit" },
};

#define PROBE_NOPTIONS (sizeof(probe_options) / sizeof(probe_options[0]))
const size_t probe_noptions = PROBE_NOPTIONS;

static int usage(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int usage(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* A 32-bit number in decimal or 0x hex, as the reason parser reads them. */
static int parse_u32(const char *text, uint32_t *value)
{
	if (!isdigit((unsigned char)text[0]))
		return -1;	/* kvmexit_reason_parse would take a name */
	return kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, text, value);
}

static int parse_seconds(const char *text, double *seconds)
{
	char *end;

	/* Plain decimals only: strtod would also take "inf", "1e9", "0x1p3". */
	if (!*text || strspn(text, "0123456789.") != strlen(text))
		return -1;
	errno = 0;
	*seconds = kvmexit_strtod_c(text, &end);
	if (errno || *end || !(*seconds >= 0.001) || *seconds > 86400.0)
		return -1;
	return 0;
}

static int parse_count(const char *text, uint64_t *count)
{
	char *end;

	if (!*text || strspn(text, "0123456789") != strlen(text))
		return -1;
	errno = 0;
	*count = strtoull(text, &end, 10);
	return errno || *end || !*count ? -1 : 0;
}

/* An option's names, for messages: "-w/--watch" or "--raw". */
static const char *option_names(int c, char *buf, size_t size)
{
	const struct option_doc *long_only =
		option_table_long_only(probe_options, probe_noptions, c);

	for (size_t i = 0; i < probe_noptions; i++) {
		const struct option_doc *o = &probe_options[i];

		if (o->short_name && o->short_name == c) {
			snprintf(buf, size, "-%c/--%s", c, o->long_name);
			return buf;
		}
	}
	snprintf(buf, size, "--%s", long_only ? long_only->long_name : "?");
	return buf;
}

static int check_combinations(const struct probe_args *a, int nextra,
			      char *msg, size_t size)
{
	if (a->raw && (a->all || a->reason || a->sort_set || a->watch ||
		       a->count_set))
		return usage(msg, size,
			     "--raw takes no other option than -j/-p");
	if (nextra > (a->raw ? 1 : 0))
		return usage(msg, size, "unexpected argument");
	if (a->reason && a->all)
		return usage(msg, size, "-r shows the reasons it lists: -a does not apply");
	if (a->count_set && !a->watch)
		return usage(msg, size, "-n needs -w");
	return 0;
}

int probe_args_parse(int argc, char **argv, struct probe_args *args,
		     char *msg, size_t size)
{
	struct option longopts[OPTION_TABLE_LONGOPTS(PROBE_NOPTIONS)];
	char shorts[OPTION_TABLE_SHORTOPTS(PROBE_NOPTIONS)];
	char name[32] = "";
	const struct option_doc *long_only;
	int c;

	*args = (struct probe_args){ .sort = PROBE_SORT_EXITS };
	option_table_getopt(probe_options, probe_noptions, longopts, shorts);

	opterr = 0;
	optind = 0;	/* GNU: start over, as a fresh process would */
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			args->all = true;
			break;
		case 'r':
			args->reason = optarg;
			break;
		case 's':
			if (probe_sort_parse(optarg, &args->sort))
				return usage(msg, size,
					     "unknown sort field \"%s\" (one of %s)",
					     optarg, probe_sort_fields);
			args->sort_set = true;
			break;
		case 'p':
			args->pretty = true;
			/* fall through */
		case 'j':
			args->json = true;
			break;
		case 'w':
			if (parse_seconds(optarg, &args->interval))
				return usage(msg, size,
					     "-w wants seconds between 0.001 and 86400, not \"%s\"",
					     optarg);
			args->watch = true;
			break;
		case 'n':
			if (parse_count(optarg, &args->count))
				return usage(msg, size,
					     "-n wants a positive whole number, not \"%s\"",
					     optarg);
			args->count_set = true;
			break;
		case 'h':
			args->help = true;
			break;
		case ':':
			return usage(msg, size, "option %s needs an argument",
				     option_names(optopt, name, sizeof(name)));
		default:
			/* The long-only options: --raw and --version. */
			long_only = option_table_long_only(probe_options,
							   probe_noptions, c);
			if (long_only && !strcmp(long_only->long_name, "raw")) {
				if (parse_u32(optarg, &args->raw_leaf))
					return usage(msg, size,
						     "--raw wants a 32-bit LEAF in decimal or 0x hex, not \"%s\"",
						     optarg);
				args->raw = true;
				break;
			}
			if (long_only && !strcmp(long_only->long_name, "version")) {
				args->version = true;
				break;
			}
			/* getopt_long left the offending word just behind. */
			if (strncmp(argv[optind - 1], "--", 2))
				return usage(msg, size, "unknown option -%c",
					     optopt);
			if (optopt)	/* "--all=1": a known option */
				return usage(msg, size,
					     "option %.*s takes no argument",
					     (int)strcspn(argv[optind - 1], "="),
					     argv[optind - 1]);
			return usage(msg, size, "unknown option %s",
				     argv[optind - 1]);
		}
	}
	if (args->help || args->version)
		return 0;
	if (args->raw && optind < argc &&
	    parse_u32(argv[optind], &args->raw_subleaf))
		return usage(msg, size,
			     "--raw wants a 32-bit ECX in decimal or 0x hex, not \"%s\"",
			     argv[optind]);
	return check_combinations(args, argc - optind, msg, size);
}

void probe_help(FILE *f)
{
	fputs("Usage: " PROBE_NAME " [-a] [-s FIELD] [-j|-p]\n"
	      "       " PROBE_NAME " -r REASON[,REASON]... [-s FIELD] [-j|-p]\n"
	      "       " PROBE_NAME " -w SECONDS [-n COUNT] [-a|-r REASONS] [-s FIELD] [-j|-p]\n"
	      "       " PROBE_NAME " --raw LEAF [ECX] [-j|-p]\n"
	      "Show the VM exits the host's patched KVM counted, from inside a guest.\n"
	      "\nOptions:\n", f);
	option_table_help(f, probe_options, probe_noptions, 24);
	fputs("\nEvery value includes the probe's own queries: one CPUID exit each,\n"
	      "one per reason read (plus one per reason with exits, for its cycles).\n"
	      "Exit status: 0 success, 1 error, 2 not a kvmexit host (or ABI v1), 64 usage error.\n"
	      "See kvmexit-probe(1).\n", f);
}
