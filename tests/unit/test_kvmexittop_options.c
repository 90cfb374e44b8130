// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexittop's options: the parser, and agreement between the option table,
 * the --help text and the man page (OPTIONS, KEYS and the sort fields): each
 * option, key and field named in one appears in the others.
 */
#define HARNESS_SUITE "kvmexittop_options"
#include "../harness.h"

#include <getopt.h>
#include <locale.h>
#include <stdlib.h>

#include "../../tools/kvmexittop/input.h"
#include "../../tools/kvmexittop/options.h"

#define MAN_PAGE "docs/kvmexittop.1"

/* Words of a text, split at spaces, quotes, commas and roff's \f escapes. */
struct words {
	char *w[512];
	int n;
};

static void split_words(struct words *ws, char *text)
{
	ws->n = 0;
	for (char *p = text; *p && ws->n < 512;) {
		/* roff: "\-" is "-", "\fB" & co. change fonts, "\&" is nothing. */
		if (p[0] == '\\' && p[1] == '-') {
			memmove(p, p + 1, strlen(p));
			continue;
		}
		if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p[0] = p[1] = p[2] = ' ';	/* a font change ends a word */
			continue;
		}
		if (strchr(" \t\n\",", *p)) {
			*p++ = '\0';
			continue;
		}
		ws->w[ws->n++] = p;
		while (*p && !strchr(" \t\n\",\\", *p))
			p++;
	}
}

static bool has_word(const struct words *ws, const char *word)
{
	for (int i = 0; i < ws->n; i++)
		if (!strcmp(ws->w[i], word))
			return true;
	return false;
}

/* The man page's section title, up to the next .SH, requests only. */
static char *man_section(const char *man, const char *title, bool requests_only)
{
	char head[64];
	const char *start, *end;
	char *out;
	size_t n = 0;

	snprintf(head, sizeof(head), "\n.SH %s\n", title);
	start = strstr(man, head);
	if (!start)
		return strdup("");
	start += strlen(head);
	end = strstr(start, "\n.SH ");
	if (!end)
		end = start + strlen(start);
	out = calloc((size_t)(end - start) + 2, 1);
	for (const char *line = start; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);

		/* Only the .B/.BR tag lines name options and keys. */
		if (!requests_only || !strncmp(line, ".B ", 3) ||
		    !strncmp(line, ".BR ", 4)) {
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
		}
		line += len + 1;
	}
	return out;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1 << 16, 1);

	if (f) {
		size_t n = fread(buf, 1, (1 << 16) - 1, f);

		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

static void test_docs_agree(void)
{
	char *man = slurp(MAN_PAGE);
	char *options = man_section(man, "OPTIONS", true);
	char *keys = man_section(man, "KEYS", true);
	char *help = NULL;
	size_t help_len = 0;
	FILE *f = open_memstream(&help, &help_len);
	struct words man_opts, man_keys, help_words;

	CHECK(man[0] != '\0', "read " MAN_PAGE);
	options_help(f);
	fclose(f);
	split_words(&man_opts, options);
	split_words(&man_keys, keys);
	split_words(&help_words, help);

	/* Table -> help and man. */
	for (unsigned int i = 0; i < option_count; i++) {
		const struct option_doc *d = &option_table[i];
		char lng[64], shrt[4] = "";

		snprintf(lng, sizeof(lng), "--%s", d->long_name);
		if (d->short_name)
			snprintf(shrt, sizeof(shrt), "-%c", d->short_name);
		CHECK(has_word(&help_words, lng) && (!*shrt || has_word(&help_words, shrt)),
		      "--help lists %s %s", shrt, lng);
		CHECK(has_word(&man_opts, lng) && (!*shrt || has_word(&man_opts, shrt)),
		      "man page OPTIONS lists %s %s", shrt, lng);
		if (d->arg)
			CHECK(has_word(&man_opts, d->arg) && has_word(&help_words, d->arg),
			      "%s's argument %s in man and help", lng, d->arg);
	}
	/* Help and man -> table: nothing documented that does not exist. */
	struct words *sources[] = { &help_words, &man_opts };
	const char *source_names[] = { "--help", "man page OPTIONS" };

	for (int s = 0; s < 2; s++) {
		int unknown = 0;

		for (int i = 0; i < sources[s]->n; i++) {
			const char *w = sources[s]->w[i];
			bool known = false;

			if (w[0] != '-' || !w[1] || (w[1] != '-' && w[2]))
				continue;	/* not -x or --xyz */
			for (unsigned int k = 0; k < option_count; k++) {
				const struct option_doc *d = &option_table[k];

				if ((w[1] == '-' && !strcmp(w + 2, d->long_name)) ||
				    (w[1] != '-' && w[1] == d->short_name))
					known = true;
			}
			if (!known) {
				unknown++;
				printf("# %s names %s, which is not an option\n",
				       source_names[s], w);
			}
		}
		CHECK(unknown == 0, "%s names only real options (%d unknown)",
		      source_names[s], unknown);
	}
	/* Keys: the table's labels and the man page's KEYS tags. */
	for (unsigned int i = 0; i < key_count; i++) {
		char label[64];
		struct words lw;

		if (!key_table[i].label)
			continue;
		snprintf(label, sizeof(label), "%s", key_table[i].label);
		split_words(&lw, label);
		for (int k = 0; k < lw.n; k++)
			CHECK(has_word(&man_keys, lw.w[k]),
			      "man page KEYS lists the key %s", lw.w[k]);
	}
	int unknown_keys = 0;

	for (int k = 0; k < man_keys.n; k++) {
		bool known = !strcmp(man_keys.w[k], ".B") ||
			     !strcmp(man_keys.w[k], ".BR");

		for (unsigned int i = 0; i < key_count && !known; i++) {
			char label[64];
			struct words lw;

			if (!key_table[i].label)
				continue;
			snprintf(label, sizeof(label), "%s", key_table[i].label);
			split_words(&lw, label);
			known = has_word(&lw, man_keys.w[k]);
		}
		if (!known) {
			unknown_keys++;
			printf("# man page KEYS names %s, which no key does\n",
			       man_keys.w[k]);
		}
	}
	CHECK(unknown_keys == 0, "man page KEYS names only real keys (%d unknown)",
	      unknown_keys);
	/* Sort fields: in -s's help and in the man page. */
	char *all_options = man_section(man, "OPTIONS", false);
	struct words all_opts;

	split_words(&all_opts, all_options);
	for (int fld = 0; fld < FIELD_COUNT; fld++)
		CHECK(has_word(&help_words, field_table[fld].name) &&
		      has_word(&all_opts, field_table[fld].name),
		      "sort field %s in --help and the man page",
		      field_table[fld].name);
	free(all_options);
	free(help);
	free(keys);
	free(options);
	free(man);
}

/* Parse an argument list given as one string. */
static enum options_result parse(const char *args, struct options *o)
{
	static char buf[256];
	char *argv[16] = { "kvmexittop" };
	int argc = 1;

	snprintf(buf, sizeof(buf), "%s", args);
	for (char *t = strtok(buf, " "); t && argc < 15; t = strtok(NULL, " "))
		argv[argc++] = t;
	optind = 0;	/* restart getopt */
	return options_parse(argc, argv, o);
}

static void test_parse(void)
{
	struct options o;

	CHECK(parse("", &o) == OPTIONS_RUN && o.delay == 1.0 && !o.batch &&
	      o.iterations == 0 && o.format == OUTPUT_TEXT &&
	      o.sort == FIELD_RATE && !o.path &&
	      !strcmp(o.root, KVMEXIT_DEBUGFS_ROOT) && !o.pid && !o.guest &&
	      o.vcpu == -1 && !o.vms && !o.log_path && !o.no_zero &&
	      !o.reasons_text && !strcmp(o.tracefs, "/sys/kernel/tracing"),
	      "defaults: 1 s, live, no limit, text, by rate, the debugfs tree");
	CHECK(parse("-b -d 0.1 -n 3 -o json -s total -f /x", &o) == OPTIONS_RUN &&
	      o.batch && o.delay == 0.1 && o.iterations == 3 &&
	      o.format == OUTPUT_JSON && o.sort == FIELD_TOTAL &&
	      !strcmp(o.path, "/x"), "short options");
	CHECK(parse("--batch --delay=2.5 --iterations 7 --output csv --sort name --file y",
		    &o) == OPTIONS_RUN && o.batch && o.delay == 2.5 &&
	      o.iterations == 7 && o.format == OUTPUT_CSV && o.sort == FIELD_NAME &&
	      !strcmp(o.path, "y"), "long options");

	CHECK(parse("-b --root /r -p 42 --vcpu 3 -z -r ^(cpuid|hlt)$", &o) == OPTIONS_RUN &&
	      !strcmp(o.root, "/r") && o.pid == 42 && o.vcpu == 3 && o.no_zero &&
	      o.reasons_text && !regexec(&o.reasons, "CPUID", 0, NULL, 0) &&
	      !regexec(&o.reasons, "hlt", 0, NULL, 0) &&
	      regexec(&o.reasons, "HLT_X", 0, NULL, 0),
	      "tree, pid, vCPU, -z and -r (extended, any case)");
	options_free(&o);
	CHECK(parse("-g web --vcpu 0", &o) == OPTIONS_RUN && !strcmp(o.guest, "web") &&
	      o.vcpu == 0, "-g NAME with --vcpu");
	CHECK(parse("-L /tmp/log", &o) == OPTIONS_RUN && !strcmp(o.log_path, "/tmp/log") &&
	      o.format == OUTPUT_CSV, "-L alone: CSV records");
	CHECK(parse("-L /tmp/log -o json --vms", &o) == OPTIONS_RUN &&
	      o.format == OUTPUT_JSON && o.vms, "-L with -o json and --vms");

	static const char *const bad[] = {
		"-d 0.09", "-d 0", "-d -1", "-d abc", "-d 1x", "-d nan", "-d inf",
		"-d 3601", "-n 0", "-n -1", "-n 1.5", "-n x", "-b -o xml",
		"-s bogus", "-o json", "-x", "--nope", "extra", "-d",
		"-d 0,5", "-p 0", "-p x", "-p -3", "-g", "--vcpu 1", "--vcpu -1 -p 3",
		"-p 3 -g web", "-f /x --root /y", "-f /x -p 3", "--vms -p 3",
		"-L /tmp/l -o text", "-r (", "-r", "-L",
	};
	fflush(stdout);
	FILE *saved = stderr;

	stderr = fopen("/dev/null", "w");	/* the errors are expected */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum options_result r = parse(bad[i], &o);

		CHECK(r == OPTIONS_EXIT_USAGE, "\"%s\" is refused", bad[i]);
	}
	fclose(stderr);
	stderr = saved;
}

/* The message options_parse() gives for args, from its stderr. */
static const char *message_of(const char *args)
{
	static char *text;
	static size_t len;
	struct options o;
	FILE *saved = stderr;

	free(text);
	text = NULL;
	fflush(stdout);
	stderr = open_memstream(&text, &len);
	parse(args, &o);
	fclose(stderr);
	stderr = saved;
	if (!text)
		return "";
	text[strcspn(text, "\n")] = '\0';	/* one line: the log stays TAP */
	return text;
}

static void test_messages(void)
{
	CHECK_EQ_STR(message_of("-xb"), "kvmexittop: unknown option -x (see --help)",
		     "-xb names the option, not the program");
	CHECK_EQ_STR(message_of("-b -q"), "kvmexittop: unknown option -q (see --help)",
		     "-q after -b");
	CHECK_EQ_STR(message_of("--bogus"), "kvmexittop: unknown option --bogus (see --help)",
		     "an unknown long option");
	CHECK_EQ_STR(message_of("-bd"), "kvmexittop: option -d needs an argument (see --help)",
		     "-bd: -d's argument is missing");
	CHECK_EQ_STR(message_of("-b --root"),
		     "kvmexittop: option --root needs an argument (see --help)",
		     "--root without its argument");
	CHECK_EQ_STR(message_of("-d 0,5"),
		     "kvmexittop: -d: \"0,5\" is not a delay in seconds from 0.1 to 3600",
		     "-d takes a point, not a comma");
}

int main(void)
{
	/*
	 * The user's locale, as kvmexittop's main() takes it: the locale suite
	 * runs this test under de_DE.UTF-8, where strtod() would want "0,1".
	 */
	const char *loc = setlocale(LC_ALL, "") ? setlocale(LC_NUMERIC, NULL) : NULL;

	printf("# locale: %s\n", loc ? loc : "(not available)");
	HARNESS_PLAN(126);
	test_docs_agree();
	test_parse();
	test_messages();
	return harness_exit_status();
}
