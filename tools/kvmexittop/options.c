// SPDX-License-Identifier: GPL-2.0-only
/* The option table, its parser and --help: see options.h. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "c_number.h"
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
	{ "file", 'f', "FILE", "read only FILE, shaped like " KVMEXIT_DEBUGFS_PATH },
	{ "root", 0, "DIR",
	  "read the tree under DIR (default " KVMEXIT_DEBUGFS_ROOT ")" },
	{ "pid", 'p', "PID", "show the VM of process PID" },
	{ "guest", 'g', "NAME", "show the VM named NAME (QEMU -name, else the command)" },
	{ "vcpu", 0, "N", "with -p or -g: show only vCPU N of the VM" },
	{ "vms", 0, NULL, "show the list of VMs (the live view's v key)" },
	{ "log", 'L', "FILE",
	  "append one record per interval to FILE (-o json or csv); SIGHUP reopens it" },
	{ "no-zero", 'z', NULL, "leave out reasons without exits in the interval" },
	{ "reasons", 'r', "REGEX",
	  "show only reasons whose name matches REGEX (extended, any case)" },
	{ "tracefs", 0, "DIR",
	  "tracefs for the fallback on kernels without exit_stats (default " TRACEFS_DEFAULT ")" },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 0, NULL, "show the version and exit" },
};
#define OPTION_COUNT (sizeof(option_table) / sizeof(option_table[0]))
const unsigned int option_count = OPTION_COUNT;

void options_help(FILE *out)
{
	fprintf(out,
		"Usage: kvmexittop [OPTION]...\n"
		"Show the VM exits KVM handles, live: exits per second and host\n"
		"cycles per exit reason, from " KVMEXIT_DEBUGFS_PATH ".\n\n"
		"Options:\n");
	option_table_help(out, option_table, option_count, 24);
	fprintf(out,
		"\nKeys in the live view: press h.  Exit status: 0 ok, 1 runtime error,\n"
		"2 no exit_stats file (or no such VM), 64 bad usage, 65 malformed file.\n"
		"See kvmexittop(1).\n");
}

int options_parse_delay(const char *text, double *delay)
{
	char *end;
	double v;

	errno = 0;
	v = kvmexit_strtod_c(text, &end);
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

/* A number without sign, whole text, at most max. */
static int parse_ulong(const char *text, unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long v;

	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*value = v;
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

/*
 * The option getopt stopped at, as the user wrote it: optopt is the short
 * option's letter, also inside a cluster like "-xb" (where argv[optind - 1]
 * may still be the word before it); a long option is the whole word.
 */
static void option_text(char **argv, int optind_now, int opt, char *buf,
			size_t size)
{
	const struct option_doc *long_only =
		option_table_long_only(option_table, option_count, opt);

	if (opt > 0 && opt < OPTION_LONG_ONLY_BASE)
		snprintf(buf, size, "-%c", opt);
	else if (long_only)
		snprintf(buf, size, "--%s", long_only->long_name);
	else
		snprintf(buf, size, "%s", argv[optind_now - 1]);
}

static void report_unknown_option(char **argv, int optind_now, int opt)
{
	char text[256];

	option_text(argv, optind_now, opt, text, sizeof(text));
	report_error("unknown option %s (see --help)", text);
}

static void report_missing_argument(char **argv, int optind_now, int opt)
{
	char text[256];

	option_text(argv, optind_now, opt, text, sizeof(text));
	report_error("option %s needs an argument (see --help)", text);
}

/* Options that make sense alone but not together. */
static enum options_result check_combination(const struct options *o,
					     bool root_given)
{
	const char *why = NULL;

	if (o->format != OUTPUT_TEXT && !o->batch && !o->log_path)
		why = o->format == OUTPUT_JSON ? "-o json needs batch mode (-b) or a log (-L)" :
						 "-o csv needs batch mode (-b) or a log (-L)";
	else if (o->log_path && o->format == OUTPUT_TEXT)
		why = "-L writes records: -o json or -o csv (the default), not text";
	else if (o->path && root_given)
		why = "-f reads one file, --root a tree: give one of them";
	else if (o->path && (o->pid || o->guest || o->vms))
		why = "-f reads one file: -p, -g and --vms need the tree (--root)";
	else if (o->pid && o->guest)
		why = "-p and -g both choose a VM: give one of them";
	else if (o->vcpu >= 0 && !o->pid && !o->guest)
		why = "--vcpu needs a VM: add -p PID or -g NAME";
	else if (o->vms && (o->pid || o->guest))
		why = "--vms lists every VM: it takes no -p or -g";
	if (!why)
		return OPTIONS_RUN;
	report_error("%s", why);
	return OPTIONS_EXIT_USAGE;
}

enum options_result options_parse(int argc, char **argv, struct options *o)
{
	struct option longopts[OPTION_TABLE_LONGOPTS(OPTION_COUNT)];
	char shortopts[OPTION_TABLE_SHORTOPTS(OPTION_COUNT)];
	unsigned long v;
	bool root_given = false, format_given = false;

	*o = (struct options){
		.delay = DELAY_DEFAULT,
		.format = OUTPUT_TEXT,
		.sort = FIELD_RATE,
		.root = KVMEXIT_DEBUGFS_ROOT,
		.vcpu = -1,
		.tracefs = TRACEFS_DEFAULT,
	};
	option_table_getopt(option_table, option_count, longopts, shortopts);

	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);

		if (c == -1)
			break;
		switch (c) {
		case 'd':
			if (options_parse_delay(optarg, &o->delay)) {
				report_error("-d: \"%s\" is not a delay in seconds " DELAY_RANGE_TEXT,
					     optarg);
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
		case '?':
			report_unknown_option(argv, optind, optopt);
			return OPTIONS_EXIT_USAGE;
		case 'o':
			format_given = true;
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
		case 'p':
			if (parse_ulong(optarg, 0x7FFFFFFFul, &v) || v == 0) {
				report_error("-p: \"%s\" is not a process id", optarg);
				return OPTIONS_EXIT_USAGE;
			}
			o->pid = (pid_t)v;
			break;
		case 'g':
			if (!*optarg) {
				report_error("-g: the VM name is empty");
				return OPTIONS_EXIT_USAGE;
			}
			o->guest = optarg;
			break;
		case 'L':
			o->log_path = optarg;
			break;
		case 'z':
			o->no_zero = true;
			break;
		case 'r': {
			int err;

			if (o->reasons_text)
				regfree(&o->reasons);
			o->reasons_text = NULL;
			err = regcomp(&o->reasons, optarg,
				      REG_EXTENDED | REG_ICASE | REG_NOSUB);
			if (err) {
				char why[128];

				regerror(err, &o->reasons, why, sizeof(why));
				regfree(&o->reasons);
				report_error("-r: \"%s\" is not a regular expression: %s",
					     optarg, why);
				return OPTIONS_EXIT_USAGE;
			}
			o->reasons_text = optarg;
			break;
		}
		case 'h':
			options_help(stdout);
			return OPTIONS_EXIT_OK;
		case ':':
			report_missing_argument(argv, optind, optopt);
			return OPTIONS_EXIT_USAGE;
		default: {
			const struct option_doc *long_only =
				option_table_long_only(option_table, option_count, c);
			const char *name = long_only ? long_only->long_name : "";

			if (!strcmp(name, "version")) {
				printf("kvmexittop " KVMEXIT_VERSION
				       " (kvmexit ABI v%u)\n", KVMEXIT_ABI_VERSION);
				return OPTIONS_EXIT_OK;
			} else if (!strcmp(name, "root")) {
				o->root = optarg;
				root_given = true;
			} else if (!strcmp(name, "vcpu")) {
				if (parse_ulong(optarg, 0xFFFFFFFEul, &v)) {
					report_error("--vcpu: \"%s\" is not a vCPU id", optarg);
					return OPTIONS_EXIT_USAGE;
				}
				o->vcpu = (long)v;
			} else if (!strcmp(name, "vms")) {
				o->vms = true;
			} else if (!strcmp(name, "tracefs")) {
				o->tracefs = optarg;
			} else {
				report_unknown_option(argv, optind, c);
				return OPTIONS_EXIT_USAGE;
			}
			break;
		}
		}
	}
	if (optind < argc) {
		report_error("unexpected argument \"%s\" (see --help)", argv[optind]);
		return OPTIONS_EXIT_USAGE;
	}
	/* A log is records, one a line: CSV unless -o says JSON. */
	if (o->log_path && !format_given)
		o->format = OUTPUT_CSV;
	return check_combination(o, root_given);
}

void options_free(struct options *o)
{
	if (o->reasons_text)
		regfree(&o->reasons);
	o->reasons_text = NULL;
}
