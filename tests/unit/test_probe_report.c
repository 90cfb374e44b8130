// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kvmexit-probe's rows, sort orders and text table
 * (guest/report.c): exact output.
 */
#define HARNESS_SUITE "probe_report"
#include "../harness.h"

#include <stdlib.h>

#include "../../guest/report.h"
#include "../probe/text_check.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_names_and_formats(void)
{
	char buf[16];
	enum probe_sort sort = PROBE_SORT_REASON;

	probe_reason_format(buf, sizeof(buf), KVMEXIT_VENDOR_VMX, 12);
	CHECK_EQ_STR(buf, "12", "VMX reasons in decimal");
	probe_reason_format(buf, sizeof(buf), KVMEXIT_VENDOR_SVM, 0x72);
	CHECK_EQ_STR(buf, "0x072", "SVM codes in hex");
	probe_reason_format(buf, sizeof(buf), KVMEXIT_VENDOR_SVM, 0xFFFFFFFFu);
	CHECK_EQ_STR(buf, "0xffffffff", "VMEXIT_INVALID");
	CHECK_EQ_STR(probe_reason_name(KVMEXIT_VENDOR_VMX, 10), "CPUID", "VMX 10");
	CHECK_EQ_STR(probe_reason_name(KVMEXIT_VENDOR_VMX, 200), "UNKNOWN",
		     "unnamed reason");
	CHECK(!probe_sort_parse("TIME", &sort) && sort == PROBE_SORT_CYCLES,
	      "sort field parsed without regard to case: time is handling cycles");
	CHECK(probe_sort_parse("avg", &sort) && sort == PROBE_SORT_CYCLES,
	      "unknown sort field (v1's avg) refused, sort unchanged");
	CHECK(!probe_sort_parse("cycles", &sort) && sort == PROBE_SORT_AVG &&
	      !probe_sort_parse("total", &sort) && sort == PROBE_SORT_EXITS &&
	      !probe_sort_parse("rate", &sort) && sort == PROBE_SORT_EXITS,
	      "kvmexittop's keys: cycles per exit, total and rate by exits");
	CHECK(probe_sort_parse("", &sort), "empty sort field refused");
	CHECK(probe_share(1, 3) > 33.333 && probe_share(1, 3) < 33.334,
	      "share of 1 in 3");
	CHECK(probe_share(5, 0) == 0.0, "share of nothing is 0, not NaN");
	CHECK(probe_average(10, 0) == 0.0, "average of no exits is 0");
}

static const struct probe_row sample[] = {
	{ 12, PROBE_REASON_COUNTED, 100, 1000 },	/* HLT, avg 10 */
	{ 10, PROBE_REASON_COUNTED, 300, 900 },		/* CPUID, avg 3 */
	{ 3, PROBE_REASON_NOT_HANDLED, 0, 0 },		/* INIT_SIGNAL */
	{ 30, PROBE_REASON_COUNTED, 100, 5000 },	/* IO_INSTRUCTION, avg 50 */
	{ 48, PROBE_REASON_COUNTED, 0, 0 },		/* EPT_VIOLATION */
	{ 35, PROBE_REASON_UNDEFINED, 0, 0 },
};

static void order_of(enum probe_sort sort, char *out, size_t size)
{
	struct probe_row rows[N(sample)];
	size_t len = 0;

	memcpy(rows, sample, sizeof(rows));
	probe_rows_sort(rows, N(rows), KVMEXIT_VENDOR_VMX, sort);
	out[0] = '\0';
	for (size_t i = 0; i < N(rows); i++)
		len += (size_t)snprintf(out + len, size - len, "%s%u",
					i ? " " : "", rows[i].reason);
}

static void test_sort(void)
{
	static const struct {
		enum probe_sort sort;
		const char *order;
	} cases[] = {
		/* Ties by reason; reasons without counters last. */
		{ PROBE_SORT_EXITS, "10 12 30 48 3 35" },
		{ PROBE_SORT_SHARE, "10 12 30 48 3 35" },
		{ PROBE_SORT_CYCLES, "30 12 10 48 3 35" },
		{ PROBE_SORT_AVG, "30 12 10 48 3 35" },
		{ PROBE_SORT_REASON, "3 10 12 30 35 48" },
		/* CPUID EPT_VIOLATION HLT INIT_SIGNAL IO_INSTRUCTION UNKNOWN */
		{ PROBE_SORT_NAME, "10 48 12 3 30 35" },
	};
	char got[128];

	for (size_t i = 0; i < N(cases); i++) {
		order_of(cases[i].sort, got, sizeof(got));
		CHECK_EQ_STR(got, cases[i].order, "sort order");
	}
}

static char *table(const struct probe_row *rows, size_t count,
		   enum kvmexit_vendor vendor, uint64_t total, bool rate,
		   double seconds)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	probe_table_print(f, vendor, rows, count, total, rate, seconds);
	fclose(f);
	return buf;
}

static void test_table(void)
{
	char *t;
	struct probe_row svm[] = {
		{ 0x72, PROBE_REASON_COUNTED, 3, 30000 },
		{ 0x400, PROBE_REASON_COUNTED, 0x100000000ull, 0x300000000ull },
		{ 0x40, PROBE_REASON_NOT_HANDLED, 0, 0 },
	};

	t = table(sample, N(sample), KVMEXIT_VENDOR_VMX, 600, false, 0);
	CHECK_TEXT(t,
		     "REASON NAME                 EXITS  SHARE CYCLES AVG\n"
		     "    12 HLT                    100 16.67%   1000  10\n"
		     "    10 CPUID                  300 50.00%    900   3\n"
		     "     3 INIT_SIGNAL    not handled      -      -   -\n"
		     "    30 IO_INSTRUCTION         100 16.67%   5000  50\n"
		     "    48 EPT_VIOLATION            0  0.00%      0   -\n"
		     "    35 UNKNOWN          undefined      -      -   -\n",
		     "VMX table");
	free(t);

	t = table(svm, N(svm), KVMEXIT_VENDOR_SVM, 0x100000003ull, true, 2.0);
	CHECK_TEXT(t,
		     "REASON NAME          EXITS      EXITS/S   SHARE      CYCLES   AVG\n"
		     " 0x072 CPUID             3          1.5   0.00%       30000 10000\n"
		     " 0x400 NPF      4294967296 2147483648.0 100.00% 12884901888     3\n"
		     " 0x040 DE_EXCP not handled            -       -           -     -\n",
		     "SVM table with rates and 64-bit values");
	free(t);

	t = table(svm, 1, KVMEXIT_VENDOR_SVM, 3, true, 0);
	CHECK_TEXT(t,
		     "REASON NAME  EXITS EXITS/S   SHARE CYCLES   AVG\n"
		     " 0x072 CPUID     3       - 100.00%  30000 10000\n",
		     "no rate without a positive interval");
	free(t);
}

static void test_rows_from_snapshot(void)
{
	struct probe_reading readings[] = {
		{ .reason = 1, .status = PROBE_REASON_COUNTED, .exits = 0 },
		{ .reason = 12, .status = PROBE_REASON_COUNTED, .exits = 4,
		  .cycles = 40 },
		{ .reason = 3, .status = PROBE_REASON_NOT_HANDLED },
		{ .reason = 35, .status = PROBE_REASON_UNDEFINED },
	};
	struct probe_snapshot snap = { .readings = readings, .count = N(readings) };
	struct probe_row rows[N(readings)];

	CHECK_EQ_U64(probe_rows_from_snapshot(&snap, false, rows), 1,
		     "rows with exits only");
	CHECK(rows[0].reason == 12 && rows[0].exits == 4 && rows[0].cycles == 40,
	      "that row is reason 12 with its counters");
	CHECK_EQ_U64(probe_rows_from_snapshot(&snap, true, rows), 4,
		     "with all: every reason read");
	CHECK(rows[2].status == PROBE_REASON_NOT_HANDLED &&
	      rows[3].status == PROBE_REASON_UNDEFINED,
	      "statuses carried into the rows");
}

int main(void)
{
	HARNESS_PLAN(25);
	test_names_and_formats();
	test_sort();
	test_table();
	test_rows_from_snapshot();
	return harness_exit_status();
}
