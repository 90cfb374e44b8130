// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of lib/stats_file: the debugfs format of docs/abi.md (ABI v2),
 * from fixture files (run from the top of the tree) and from inline text for
 * every way a line can be wrong.
 */
#define HARNESS_SUITE "stats_file"
#include "../harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stats_file.h"

/* The number of checks, fixed here: tests/summarize compares it. */
#define PLAN 103

/* SKIP(what, why): tests/harness.h. */

#define FIXTURES "tests/fixtures/stats/"
#define TITLE "# kvm exit statistics v2 vendor=svm tsc_khz=2995200"
#define HEADER TITLE " scope=host cycles=on\n" \
	       "reason name count cycles\n"
#define V2 "# kvm exit statistics v2 "

static const char *status_name(enum kvmexit_stats_status st)
{
	static const char *const names[] = {
		[KVMEXIT_STATS_OK] = "ok",
		[KVMEXIT_STATS_MISSING] = "missing",
		[KVMEXIT_STATS_DENIED] = "denied",
		[KVMEXIT_STATS_IO] = "io",
		[KVMEXIT_STATS_MALFORMED] = "malformed",
		[KVMEXIT_STATS_VERSION] = "version",
	};
	return (unsigned int)st < 6 ? names[st] : "?";
}

#define CHECK_STATUS(got, expected, what)                                  \
	CHECK((got) == (expected), "%s: status %s, expected %s", what,     \
	      status_name(got), status_name(expected))

static void test_abi_example(void)
{
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	kvmexit_stats_init(&s);
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "svm-abi-example.txt", &s, &e),
		     KVMEXIT_STATS_OK, "abi.md example parses");
	CHECK_EQ_U64(s.version, 2, "version");
	CHECK(s.vendor == KVMEXIT_VENDOR_SVM, "vendor is svm");
	CHECK_EQ_U64(s.tsc_khz, 2995200, "tsc_khz");
	CHECK(s.scope == KVMEXIT_STATS_SCOPE_HOST, "scope is host");
	CHECK(s.cycles_measured, "cycles=on: cycles measured");
	CHECK_EQ_U64(s.nrows, 2, "rows");
	CHECK(s.nrows == 2 && s.rows[0].reason == 114 &&
	      !strcmp(s.rows[0].name, "CPUID") && s.rows[0].count == 5002 &&
	      s.rows[0].cycles == 153127410,
	      "row 0 is 114 CPUID 5002 153127410");
	CHECK(s.nrows == 2 && s.rows[1].reason == 120 &&
	      !strcmp(s.rows[1].name, "HLT") && s.rows[1].count == 34 &&
	      s.rows[1].cycles == 2841100, "row 1 is 120 HLT 34 2841100");
	CHECK_EQ_U64(s.total_count, 11674, "total count");
	CHECK_EQ_U64(s.total_cycles, 187452036, "total cycles");
	CHECK(!s.rows_add_up, "the example's rows do not add up (vCPUs ran)");
	CHECK(kvmexit_stats_find(&s, 120) == &s.rows[1], "find 120");
	CHECK(kvmexit_stats_find(&s, 114) == &s.rows[0], "find 114");
	CHECK(kvmexit_stats_find(&s, 115) == NULL, "find 115 is NULL");
	kvmexit_stats_free(&s);
}

static void test_adds_up_and_names(void)
{
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	kvmexit_stats_init(&s);
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "vmx-adds-up.txt", &s, &e),
		     KVMEXIT_STATS_OK, "vmx fixture parses");
	CHECK(s.vendor == KVMEXIT_VENDOR_VMX, "vendor is vmx");
	CHECK_EQ_U64(s.nrows, 4, "vmx rows");
	CHECK(s.rows_add_up, "vmx rows add up to the total");

	/* Reusing the same value: rows are replaced, not appended. */
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "vmx-unknown-names.txt", &s, &e),
		     KVMEXIT_STATS_OK, "unknown-names fixture parses");
	CHECK_EQ_U64(s.nrows, 2, "rows after reuse");
	CHECK_EQ_STR(s.nrows == 2 ? s.rows[0].name : NULL, "UNKNOWN",
		     "kernel name kept");
	CHECK_EQ_STR(s.nrows == 2 ? kvmexit_stats_row_name(&s, &s.rows[0]) : NULL,
		     "BUS_LOCK", "UNKNOWN 74 shown as the library's name");
	CHECK_EQ_STR(s.nrows == 2 ? kvmexit_stats_row_name(&s, &s.rows[1]) : NULL,
		     "UNKNOWN", "undefined 99 stays UNKNOWN");
	CHECK(s.rows_add_up, "unknown-names rows add up");

	CHECK_STATUS(kvmexit_stats_read(FIXTURES "svm-empty.txt", &s, &e),
		     KVMEXIT_STATS_OK, "no rows, zero total");
	CHECK_EQ_U64(s.nrows, 0, "no rows");
	CHECK(s.rows_add_up, "nothing adds up to zero");
	kvmexit_stats_free(&s);
}

static void test_scopes_and_cycles_off(void)
{
	static const struct {
		const char *word;
		enum kvmexit_stats_scope scope;
	} scopes[] = {
		{ "host", KVMEXIT_STATS_SCOPE_HOST },
		{ "vm", KVMEXIT_STATS_SCOPE_VM },
		{ "vcpu", KVMEXIT_STATS_SCOPE_VCPU },
	};
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;
	char text[256];

	kvmexit_stats_init(&s);
	for (size_t i = 0; i < 3; i++) {
		int n = snprintf(text, sizeof(text),
				 V2 "vendor=vmx tsc_khz=5 scope=%s cycles=on\n"
				 "reason name count cycles\ntotal - 0 0\n",
				 scopes[i].word);

		CHECK(kvmexit_stats_parse(text, (size_t)n, &s, &e) == KVMEXIT_STATS_OK &&
		      s.scope == scopes[i].scope,
		      "scope=%s parses to its value (\"%s\")", scopes[i].word,
		      e.message);
		CHECK_EQ_STR(kvmexit_stats_scope_name(s.scope), scopes[i].word,
			     "scope name round trip");
	}
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "vmx-vcpu-cycles-off.txt", &s, &e),
		     KVMEXIT_STATS_OK, "vcpu file with cycles=off parses");
	CHECK(s.scope == KVMEXIT_STATS_SCOPE_VCPU, "scope is vcpu");
	CHECK(!s.cycles_measured, "cycles=off: not measured");
	CHECK_EQ_U64(s.total_count, 10, "cycles=off total count");
	CHECK(s.rows_add_up, "cycles=off rows add up");
	/* A later cycles=on parse into the same value sets the flag again. */
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "svm-empty.txt", &s, &e),
		     KVMEXIT_STATS_OK, "cycles=on after cycles=off");
	CHECK(s.cycles_measured && s.scope == KVMEXIT_STATS_SCOPE_HOST,
	      "flag and scope follow the latest file");
	kvmexit_stats_free(&s);
}

static void test_huge(void)
{
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	kvmexit_stats_init(&s);
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "svm-huge.txt", &s, &e),
		     KVMEXIT_STATS_OK, "2^64-1 values parse");
	CHECK(s.nrows == 2 && s.rows[0].count == UINT64_MAX &&
	      s.rows[0].cycles == UINT64_MAX && s.rows[1].reason == 0xFFFFFFFFu,
	      "count and cycles 2^64-1, reason VMEXIT_INVALID (%zu rows)", s.nrows);
	CHECK(s.rows_add_up, "(2^64-1) + 1 wraps to the total 0, as in the kernel");
	kvmexit_stats_free(&s);
}

static void test_file_errors(void)
{
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	kvmexit_stats_init(&s);
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "no-such-file", &s, &e),
		     KVMEXIT_STATS_MISSING, "missing file");
	CHECK(strstr(e.message, "loaded") != NULL,
	      "missing file message says what to load: \"%s\"", e.message);

	CHECK_STATUS(kvmexit_stats_read(FIXTURES "version1.txt", &s, &e),
		     KVMEXIT_STATS_VERSION, "version 1 refused");
	CHECK_EQ_U64(e.line, 1, "version error line");
	CHECK_EQ_STR(e.message,
		     "line 1: exit statistics ABI v1 found, this tool reads v2 (update the kernel series)",
		     "v1 message names both versions");
	CHECK_EQ_U64(s.nrows, 0, "no rows from a v1 file");
	CHECK_STATUS(kvmexit_stats_read(FIXTURES "version3.txt", &s, &e),
		     KVMEXIT_STATS_VERSION, "version 3 refused");
	CHECK_EQ_STR(e.message,
		     "line 1: exit statistics ABI v3 found, this tool reads v2 (update this tool)",
		     "v3 message names both versions");

	CHECK_STATUS(kvmexit_stats_read(FIXTURES "malformed-line4.txt", &s, &e),
		     KVMEXIT_STATS_MALFORMED, "malformed fixture");
	CHECK_EQ_U64(e.line, 4, "malformed fixture line");
	CHECK_EQ_U64(s.nrows, 0, "no rows after an error");

	CHECK_STATUS(kvmexit_stats_read("tests/fixtures", &s, &e),
		     KVMEXIT_STATS_IO, "a directory is an I/O error");

	/* Unreadable: only meaningful when not root (root reads anything). */
	if (geteuid() != 0) {
		char path[] = "/tmp/kvmexit-unreadable-XXXXXX";
		int fd = mkstemp(path);

		close(fd);
		chmod(path, 0);
		CHECK_STATUS(kvmexit_stats_read(path, &s, &e),
			     KVMEXIT_STATS_DENIED, "unreadable file");
		CHECK(strstr(e.message, "root") != NULL,
		      "denied message says root: \"%s\"", e.message);
		unlink(path);
	} else {
		SKIP("unreadable file", "running as root reads anything");
		SKIP("denied message says root", "running as root reads anything");
	}
	kvmexit_stats_free(&s);
}

/* Each bad text, the line the error must name, and a word of the message. */
static const struct bad_case {
	const char *what;
	const char *text;
	unsigned int line;
	const char *word;
} bad_cases[] = {
	{ "empty file", "", 1, "empty" },
	{ "header only", V2 "vendor=svm tsc_khz=1 scope=host cycles=on\n", 2, "ends" },
	{ "no total", HEADER "114 CPUID 1 1\n", 4, "total" },
	{ "missing final newline", HEADER "total - 0 0", 3, "newline" },
	{ "line after total", HEADER "total - 0 0\n\n", 4, "after" },
	{ "wrong title", "# kvm exit stats v2 vendor=svm tsc_khz=1 scope=host cycles=on\n", 1, "expected" },
	{ "bad vendor", V2 "vendor=arm tsc_khz=1 scope=host cycles=on\n", 1, "vendor" },
	{ "zero tsc_khz", V2 "vendor=svm tsc_khz=0 scope=host cycles=on\n", 1, "tsc_khz" },
	{ "tsc_khz overflow", V2 "vendor=svm tsc_khz=18446744073709551616 scope=host cycles=on\n", 1, "tsc_khz" },
	{ "v1 header shape in v2", V2 "vendor=svm tsc_khz=1\n", 1, "scope" },
	{ "unknown scope", V2 "vendor=svm tsc_khz=1 scope=cpu cycles=on\n", 1, "cpu" },
	{ "empty scope", V2 "vendor=svm tsc_khz=1 scope= cycles=on\n", 1, "scope" },
	{ "scope before tsc_khz", V2 "vendor=svm scope=host tsc_khz=1 cycles=on\n", 1, "tsc_khz" },
	{ "cycles before scope", V2 "vendor=svm tsc_khz=1 cycles=on scope=host\n", 1, "scope" },
	{ "no cycles key", V2 "vendor=svm tsc_khz=1 scope=vm\n", 1, "cycles" },
	{ "cycles=yes", V2 "vendor=svm tsc_khz=1 scope=vm cycles=yes\n", 1, "cycles" },
	{ "trailing header text", V2 "vendor=svm tsc_khz=1 scope=vm cycles=on x\n", 1, "after" },
	{ "wrong columns", V2 "vendor=svm tsc_khz=1 scope=vm cycles=on\nreason name count\n", 2, "column" },
	{ "cycles in a cycles=off row", V2 "vendor=svm tsc_khz=1 scope=vcpu cycles=off\n"
	  "reason name count cycles\n114 CPUID 1 5\ntotal - 1 0\n", 3, "cycles=off" },
	{ "cycles in a cycles=off total", V2 "vendor=svm tsc_khz=1 scope=vcpu cycles=off\n"
	  "reason name count cycles\n114 CPUID 1 0\ntotal - 1 5\n", 4, "cycles=off" },
	{ "reason too big", HEADER "4294967296 X 1 1\ntotal - 1 1\n", 3, "reason" },
	{ "negative count", HEADER "114 CPUID -1 1\ntotal - 1 1\n", 3, "count" },
	{ "count overflow", HEADER "114 CPUID 18446744073709551616 1\ntotal - 1 1\n", 3, "count" },
	{ "leading zero", HEADER "0114 CPUID 1 1\ntotal - 1 1\n", 3, "reason" },
	{ "plus sign", HEADER "114 CPUID +1 1\ntotal - 1 1\n", 3, "count" },
	{ "hex cycles", HEADER "114 CPUID 1 0x10\ntotal - 1 1\n", 3, "after" },
	{ "double space", HEADER "114  CPUID 1 1\ntotal - 1 1\n", 3, "name" },
	{ "tab", HEADER "114\tCPUID 1 1\ntotal - 1 1\n", 3, "space" },
	{ "CRLF", HEADER "114 CPUID 1 1\r\ntotal - 1 1\n", 3, "after" },
	{ "missing cycles", HEADER "114 CPUID 1\ntotal - 1 1\n", 3, "cycles" },
	{ "bad name char", HEADER "114 CPU-ID 1 1\ntotal - 1 1\n", 3, "count" },
	{ "zero count", HEADER "114 CPUID 0 0\ntotal - 0 0\n", 3, "zero" },
	{ "descending", HEADER "120 HLT 1 1\n114 CPUID 1 1\ntotal - 2 2\n", 4, "ascend" },
	{ "duplicate", HEADER "114 CPUID 1 1\n114 CPUID 1 1\ntotal - 2 2\n", 4, "ascend" },
	{ "total with name", HEADER "total CPUID 1 1\n", 3, "reason" },
	{ "NUL byte", HEADER "114 CPUID 1 1\0\ntotal - 1 1\n", 3, "NUL" },
	{ "blank line", HEADER "\ntotal - 0 0\n", 3, "reason" },
};

static void test_bad_texts(void)
{
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	kvmexit_stats_init(&s);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		/* sizeof would stop at the embedded NUL; find the real end. */
		size_t len = strlen(b->text);

		if (!strcmp(b->what, "NUL byte"))
			len += 1 + strlen(b->text + len + 1);
		enum kvmexit_stats_status st =
			kvmexit_stats_parse(b->text, len, &s, &e);

		CHECK(st == KVMEXIT_STATS_MALFORMED && e.line == b->line &&
		      strstr(e.message, b->word) && s.nrows == 0,
		      "%s: malformed at line %u mentioning \"%s\" (got %s, \"%s\")",
		      b->what, b->line, b->word, status_name(st), e.message);
	}
	/* A NULL error pointer is allowed. */
	CHECK(kvmexit_stats_parse("x", 1, &s, NULL) == KVMEXIT_STATS_MALFORMED,
	      "NULL error pointer");
	kvmexit_stats_free(&s);
}

/* Every prefix of a good file is either good or malformed: never a crash. */
static void test_truncations(void)
{
	static const char good[] = HEADER "114 CPUID 5002 153127410\n"
				   "total - 5002 153127410\n";
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;
	int ok_prefixes = 0, bad_prefixes = 0;

	kvmexit_stats_init(&s);
	for (size_t n = 0; n < sizeof(good) - 1; n++) {
		char *copy = malloc(n ? n : 1);	/* exact size: ASan sees overreads */

		memcpy(copy, good, n);
		if (kvmexit_stats_parse(copy, n, &s, &e) == KVMEXIT_STATS_OK)
			ok_prefixes++;
		else
			bad_prefixes++;
		free(copy);
	}
	CHECK(ok_prefixes == 0 && bad_prefixes == (int)sizeof(good) - 1,
	      "every proper prefix is refused (%d refused, %d accepted)",
	      bad_prefixes, ok_prefixes);
	CHECK_STATUS(kvmexit_stats_parse(good, sizeof(good) - 1, &s, &e),
		     KVMEXIT_STATS_OK, "the whole text parses");
	CHECK(s.rows_add_up, "single row adds up");
	kvmexit_stats_free(&s);
}

/* Many rows: the row array grows past its first allocation. */
static void test_many_rows(void)
{
	static char text[64 * 1024];
	size_t n = (size_t)snprintf(text, sizeof(text), HEADER);
	uint64_t total = 0;
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;

	for (unsigned int r = 0; r < 300; r++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "%u R%u %u %u\n", r, r, r + 1, 10 * (r + 1));
		total += r + 1;
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n, "total - %llu %llu\n",
			      (unsigned long long)total,
			      (unsigned long long)total * 10);
	kvmexit_stats_init(&s);
	CHECK_STATUS(kvmexit_stats_parse(text, n, &s, &e), KVMEXIT_STATS_OK,
		     "300 rows parse");
	CHECK_EQ_U64(s.nrows, 300, "300 rows");
	CHECK(s.rows_add_up, "300 rows add up");
	CHECK(kvmexit_stats_find(&s, 299) && kvmexit_stats_find(&s, 299)->count == 300,
	      "find the last of 300");
	kvmexit_stats_free(&s);
}

int main(void)
{
	printf("1..%d\n", PLAN);
	test_abi_example();
	test_scopes_and_cycles_off();
	test_adds_up_and_names();
	test_huge();
	test_file_errors();
	test_bad_texts();
	test_truncations();
	test_many_rows();
	if (harness_count != PLAN)
		printf("# planned %d checks, ran %d\n", PLAN, harness_count);
	return harness_count == PLAN ? harness_exit_status() : 1;
}
