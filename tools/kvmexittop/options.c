// SPDX-License-Identifier: GPL-2.0-only
/* The option table, its parser and --help: see options.h. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

const struct option_doc option_table[] = {
	{ "delay", 'd', "SECONDS",
	  "time between frames (default 1, minimum 0.1)" },
	{ "batch", 'b', NULL,
	  "batch mode: print frames to stdout instead of the screen" },
	{ "iterations", 'n', "COUNT", "show COUNT frames, then exit" },
	{ "output", 'o', "FORMAT",
	  "batch output: text (default), json (an object per line) or csv" },
	{ "sort", 's', "FIELD",
	  "sort by reason, name, rate (default), share, total, cycles or time" },
	{ "file", 'f', "FILE", "read FILE instead of " KVMEXIT_DEBUGFS_PATH },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 0, NULL, "show the version and exit" },
};
const unsigned int option_count = sizeof(option_table) / sizeof(option_table[0]);

/* getopt_long's value for options without a short form. */
#define LONG_ONLY_BASE 256

void options_help(FILE *out)
{
	fprintf(out,
		"Usage: kvmexittop [OPTION]...\n"
		"Show the VM exits KVM handles, live: exits per second and host\n"
		"cycles per exit reason, from " KVMEXIT_DEBUGFS_PATH ".\n\n"
		"Options:\n");
	for (unsigned int i = 0; i < option_count; i++) {
		const struct option_doc *d = &option_table[i];
		char left[64];

		if (d->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", d->short_name,
				 d->long_name, d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", d->long_name,
				 d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-24s %s\n", left, d->help);
	}
	fprintf(out,
		"\nKeys in the live view: press h.  Exit status: 0, 1 when the file\n"
		"cannot be read, 2 for a bad option, 65 when the file is malformed.\n"
		"See kvmexittop(1).\n");
}

int options_parse_delay(const char *text, double *delay)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < DELAY_MIN ||
	    v > DELAY_MAX)
		return -1;
	*delay = v;
	return 0;
}

static int parse_count(const char *text, unsigned long *count)
{
	char *end;
	unsigned long v;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v == 0)
		return -1;
	*count = v;
	return 0;
}

static int parse_format(const char *text, enum output_format *format)
{
	static const char *const names[] = { "text", "json", "csv" };

	for (int i = 0; i < 3; i++) {
		if (!strcmp(text, names[i])) {
			*format = (enum output_format)i;
			return 0;
		}
	}
	return -1;
}

enum options_result options_parse(int argc, char **argv, struct options *o)
{
	struct option longopts[sizeof(option_table) / sizeof(option_table[0]) + 1];
	char shortopts[2 * sizeof(option_table) / sizeof(option_table[0]) + 2];
	size_t ns = 0;

	*o = (struct options){
		.delay = DELAY_DEFAULT,
		.format = OUTPUT_TEXT,
		.sort = FIELD_RATE,
		.path = KVMEXIT_DEBUGFS_PATH,
	};
	shortopts[ns++] = ':';	/* report a missing argument as ':' */
	for (unsigned int i = 0; i < option_count; i++) {
		const struct option_doc *d = &option_table[i];

		longopts[i] = (struct option){
			d->long_name, d->arg ? required_argument : no_argument,
			NULL, d->short_name ? d->short_name : (int)(LONG_ONLY_BASE + i)
		};
		if (d->short_name) {
			shortopts[ns++] = d->short_name;
			if (d->arg)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';
	longopts[option_count] = (struct option){ 0 };

	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);

		if (c == -1)
			break;
		switch (c) {
		case 'd':
			if (options_parse_delay(optarg, &o->delay)) {
				report_error("-d: \"%s\" is not a delay in seconds from %g to %g",
					     optarg, DELAY_MIN, DELAY_MAX);
				return OPTIONS_EXIT_USAGE;
			}
			break;
		case 'b':
			o->batch = true;
			break;
		case 'n':
			if (parse_count(optarg, &o->iterations)) {
				report_error("-n: \"%s\" is not a positive count", optarg);
				return OPTIONS_EXIT_USAGE;
			}
			break;
		case 'o':
			if (parse_format(optarg, &o->format)) {
				report_error("-o: \"%s\" is not text, json or csv", optarg);
				return OPTIONS_EXIT_USAGE;
			}
			break;
		case 's':
			if (field_parse(optarg, &o->sort)) {
				report_error("-s: \"%s\" is not a field (reason, name, rate, share, total, cycles, time)",
					     optarg);
				return OPTIONS_EXIT_USAGE;
			}
			break;
		case 'f':
			o->path = optarg;
			break;
		case 'h':
			options_help(stdout);
			return OPTIONS_EXIT_OK;
		case ':':
			report_error("option %s needs an argument (see --help)",
				     argv[optind - 1]);
			return OPTIONS_EXIT_USAGE;
		default:
			if (c >= LONG_ONLY_BASE &&
			    !strcmp(option_table[c - LONG_ONLY_BASE].long_name,
				    "version")) {
				printf("kvmexittop " KVMEXITTOP_VERSION
				       " (kvmexit ABI v%u)\n", KVMEXIT_ABI_VERSION);
				return OPTIONS_EXIT_OK;
			}
			report_error("unknown option %s (see --help)",
				     argv[optind - 1]);
			return OPTIONS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		report_error("unexpected argument \"%s\" (see --help)", argv[optind]);
		return OPTIONS_EXIT_USAGE;
	}
	if (o->format != OUTPUT_TEXT && !o->batch) {
		report_error("-o %s needs batch mode (-b)",
			     o->format == OUTPUT_JSON ? "json" : "csv");
		return OPTIONS_EXIT_USAGE;
	}
	return OPTIONS_RUN;
}
