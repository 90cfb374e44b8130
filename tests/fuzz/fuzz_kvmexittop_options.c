// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: kvmexittop's command line (tools/kvmexittop/options.c)
 * on any argv.  Whatever it is, the parser answers run, exit or usage error;
 * when it says run, the options are in range (the delay within its limits,
 * a format and a sort field that exist, a file or the tree to read).
 */
#include <getopt.h>
#include <stdio.h>

#include "fuzz_args.h"
#include "../../tools/kvmexittop/options.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Usage errors and --help go nowhere; sanitizer reports use fd 2. */
	stdout = fopen("/dev/null", "w");
	stderr = stdout;
	return stdout ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_args a;
	struct options o;
	enum options_result r;
	double delay;

	/*
	 * -r compiles a regular expression with glibc's regcomp(), which takes
	 * gigabytes for nested repetitions ("a++++++..."): a property of its
	 * engine, with the user's own pattern.  Keep the fuzzer's few.
	 */
	size_t repeats = 0;

	for (size_t i = 0; i < size; i++)
		repeats += data[i] == '+' || data[i] == '*' || data[i] == '{' ||
			   data[i] == '?';
	if (repeats > 4)
		return 0;
	fuzz_args_split(&a, "kvmexittop", data, size);
	optind = 0;	/* restart getopt, as a fresh process would */
	r = options_parse(a.argc, a.argv, &o);
	REQUIRE(r == OPTIONS_RUN || r == OPTIONS_EXIT_OK || r == OPTIONS_EXIT_USAGE);
	if (r == OPTIONS_RUN) {
		REQUIRE(o.delay >= DELAY_MIN && o.delay <= DELAY_MAX);
		REQUIRE(o.format == OUTPUT_TEXT || o.format == OUTPUT_JSON ||
			o.format == OUTPUT_CSV);
		REQUIRE(o.format == OUTPUT_TEXT || o.batch || o.log_path);
		REQUIRE((unsigned int)o.sort < FIELD_COUNT);
		REQUIRE(o.path != NULL || o.root != NULL);	/* a file or the tree */
	}
	options_free(&o);	/* as main() does, whatever the result */
	/* The delay parser alone, on the first argument. */
	if (a.argc > 1 && options_parse_delay(a.argv[1], &delay) == 0)
		REQUIRE(delay >= DELAY_MIN && delay <= DELAY_MAX);
	fuzz_args_free(&a);
	return 0;
}
