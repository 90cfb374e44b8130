// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kvmexittop's model: rates from exact injected timestamps,
 * resets, module reloads, rows that vanish, values near 2^64, errors and
 * the minute of history.
 */
#define HARNESS_SUITE "kvmexittop_model"
#include "../harness.h"

#include <math.h>
#include <stdarg.h>

#include "../../tools/kvmexittop/model.h"

#define SVM_HEADER "# kvm exit statistics v2 vendor=svm tsc_khz=1000000 scope=host cycles=on\n" \
		   "reason name count cycles\n"

static struct kvmexit_stats stats;

/* Parse a literal file text; a broken literal is a broken test. */
static const struct kvmexit_stats *snap(const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	struct kvmexit_stats_error e;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (kvmexit_stats_parse(text, strlen(text), &stats, &e))
		printf("# bad test text: %s\n", e.message);
	return &stats;
}

static const struct reason_stat *reason(struct model *m, uint32_t code)
{
	for (size_t i = 0; i < m->nreasons; i++)
		if (m->reasons[i].reason == code)
			return &m->reasons[i];
	return NULL;
}

#define CHECK_NEAR(actual, expected, what)                                 \
	do {                                                               \
		double a_ = (actual), e_ = (expected);                     \
		CHECK(fabs(a_ - e_) <= 1e-9 * fmax(1.0, fabs(e_)),         \
		      "%s: got %.12g, expected %.12g", what, a_, e_);      \
	} while (0)

#define CHECK_EVENT(actual, expected, what)                                \
	do {                                                               \
		enum model_event got_ = (actual);                          \
		CHECK(got_ == (expected), "%s: event %d, expected %d (%s)", \
		      what, (int)got_, (int)(expected), #expected);        \
	} while (0)

static void test_rates(void)
{
	struct model m;

	model_init(&m, 4);
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 1000 100000\n"
					  "120 HLT 10 5000\ntotal - 1010 105000\n"),
				 100.0),
		    MODEL_FIRST_SAMPLE, "first read");
	CHECK(!m.rates_valid, "no rates after one read");
	CHECK_NEAR(model_uptime(&m), 0, "uptime at first read");
	CHECK_EQ_U64(m.nreasons, 2, "two reasons");

	/* 2 s later: CPUID +1000 exits +400000000 cycles, HLT +10 +1000. */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 2000 400100000\n"
					  "120 HLT 20 6000\n"
					  "total - 2020 400106000\n"),
				 102.0),
		    MODEL_RATES, "second read");
	const struct reason_stat *cpuid = reason(&m, 114), *hlt = reason(&m, 120);

	CHECK(m.rates_valid, "rates after two reads");
	CHECK_NEAR(m.interval, 2.0, "interval");
	CHECK_NEAR(cpuid->rate, 500.0, "CPUID exits/s");
	CHECK_NEAR(hlt->rate, 5.0, "HLT exits/s");
	CHECK_NEAR(m.rate, 505.0, "total exits/s");
	CHECK_NEAR(cpuid->cycles_rate, 200000000.0, "CPUID cycles/s");
	CHECK_NEAR(m.cycles_rate, 200000500.0, "total cycles/s");
	/* 200000500 cycles/s over 1 GHz x 4 CPUs. */
	CHECK_NEAR(model_cpu_share(&m), 200000500.0 / 4e9, "host CPU share");
	CHECK_NEAR(model_exit_share(&m, cpuid), 500.0 / 505.0, "CPUID exit share");
	CHECK_NEAR(model_time_share(&m, hlt), 500.0 / 200000500.0, "HLT time share");
	CHECK_NEAR(model_cycles_per_exit(&m, cpuid), 400100000.0 / 2000,
		   "CPUID cycles per exit");
	CHECK_NEAR(model_uptime(&m), 2.0, "uptime");
	CHECK_EQ_U64(model_shown_total(&m), 2020, "total exits");

	/* z: totals count from here on; rates are untouched. */
	model_zero(&m);
	CHECK_EQ_U64(model_shown_total(&m), 0, "total after z");
	CHECK_EQ_U64(model_shown_count(&m, cpuid), 0, "CPUID after z");
	CHECK_NEAR(model_cycles_per_exit(&m, cpuid), -1, "no cycles/exit after z");
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 2100 400200000\n"
					  "120 HLT 20 6000\n"
					  "135 UNKNOWN 5 50\n"
					  "total - 2125 400206050\n"),
				 102.5),
		    MODEL_RATES, "third read with a new reason");
	cpuid = reason(&m, 114);
	CHECK_EQ_U64(model_shown_count(&m, cpuid), 100, "CPUID since z");
	CHECK_EQ_U64(model_shown_total(&m), 105, "total since z");
	CHECK_NEAR(model_cycles_per_exit(&m, cpuid), 1000.0, "cycles/exit since z");
	CHECK_NEAR(cpuid->rate, 200.0, "CPUID exits/s over 0.5 s");
	CHECK(reason(&m, 120) && reason(&m, 120)->rate == 0, "idle HLT rate is exactly 0");
	CHECK(reason(&m, 135) && fabs(reason(&m, 135)->rate - 10.0) < 1e-9,
	      "new reason counts from zero: 5 in 0.5 s is 10/s");
	CHECK_EQ_STR(reason(&m, 135) ? reason(&m, 135)->name : NULL, "RDTSCP",
		     "UNKNOWN 0x87 named from lib/exit_reasons");

	/* The clock did not move: no rate, counts kept. */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 2200 400300000\n"
					  "120 HLT 20 6000\n135 UNKNOWN 5 50\n"
					  "total - 2225 400306050\n"),
				 102.5),
		    MODEL_RATES, "same timestamp");
	CHECK(!m.rates_valid && m.rate == 0, "no rate over zero seconds");
	CHECK_EQ_U64(reason(&m, 114)->count, 2200, "count kept");
	model_free(&m);
}

static void test_resets(void)
{
	struct model m;

	model_init(&m, 1);
	model_update(&m, snap(SVM_HEADER "114 CPUID 1000 1000\n120 HLT 10 10\n"
			      "total - 1010 1010\n"), 10.0);
	model_update(&m, snap(SVM_HEADER "114 CPUID 2000 2000\n120 HLT 20 20\n"
			      "total - 2020 2020\n"), 11.0);

	/* Reset between frames (R, or another writer of "0"). */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 30 30\n"
					  "120 HLT 1 1\ntotal - 31 31\n"), 12.0),
		    MODEL_RESET, "counters went down");
	CHECK(!m.rates_valid && m.rate == 0 && reason(&m, 114)->rate == 0,
	      "no rate across a reset (not negative, not 2^64)");
	CHECK_NEAR(model_uptime(&m), 0, "uptime restarts at a reset");
	CHECK_EQ_U64(model_shown_total(&m), 31, "total after reset");
	model_update(&m, snap(SVM_HEADER "114 CPUID 40 40\n120 HLT 1 1\n"
			      "total - 41 41\n"), 13.0);
	CHECK(m.rates_valid && reason(&m, 114)->rate == 10.0,
	      "rates from the new baseline: 10/s");
	CHECK_NEAR(model_uptime(&m), 1.0, "uptime since reset");

	/* A row disappears (its count went to zero): a reset too. */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 50 50\n"
					  "total - 50 50\n"), 14.0),
		    MODEL_RESET, "row count going down");
	CHECK_EQ_U64(m.nreasons, 1, "the vanished row is dropped");

	/* Only the total went down. */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 60 60\n"
					  "total - 40 60\n"), 15.0),
		    MODEL_RESET, "total count going down");

	/* Cycles went down with counts up: still a new baseline. */
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 70 10\n"
					  "total - 70 10\n"), 16.0),
		    MODEL_RESET, "cycles going down");

	/* Module reloaded with another TSC frequency. */
	CHECK_EVENT(model_update(&m, snap("# kvm exit statistics v2 vendor=svm tsc_khz=2000000 scope=host cycles=on\n"
					  "reason name count cycles\n"
					  "114 CPUID 80 10\ntotal - 80 10\n"), 17.0),
		    MODEL_RELOADED, "tsc_khz changed");
	CHECK_EQ_U64(m.tsc_khz, 2000000, "new tsc_khz");

	/* Reloaded on the other vendor: reason 10 is VMX CPUID. */
	CHECK_EVENT(model_update(&m, snap("# kvm exit statistics v2 vendor=vmx tsc_khz=2000000 scope=host cycles=on\n"
					  "reason name count cycles\n"
					  "10 CPUID 500 10\ntotal - 500 10\n"), 18.0),
		    MODEL_RELOADED, "vendor changed");
	CHECK(m.nreasons == 1 && m.reasons[0].reason == 10 &&
	      !strcmp(m.reasons[0].name, "CPUID") && !m.rates_valid,
	      "only the new vendor's reasons, no rates");
	model_free(&m);
}

static void test_huge(void)
{
	struct model m;

	model_init(&m, 1);
	model_update(&m, snap(SVM_HEADER "114 CPUID 18446744073709550615 18446744073709550615\n"
			      "total - 18446744073709550615 18446744073709550615\n"), 1.0);
	model_update(&m, snap(SVM_HEADER "114 CPUID 18446744073709551615 18446744073709551615\n"
			      "total - 18446744073709551615 18446744073709551615\n"), 2.0);
	CHECK(m.rates_valid && m.rate == 1000.0 && m.reasons[0].rate == 1000.0,
	      "1000 exits just below 2^64: 1000/s (got %g)", m.rate);
	CHECK_EQ_U64(model_shown_total(&m), UINT64_MAX, "total 2^64-1");
	CHECK_EVENT(model_update(&m, snap(SVM_HEADER "114 CPUID 5 5\n"
					  "total - 5 5\n"), 3.0),
		    MODEL_RESET, "2^64-1 then 5 is a reset, not a wrap");
	CHECK(m.rate == 0, "no absurd rate after 2^64-1");
	model_free(&m);
}

static void test_errors(void)
{
	struct model m;

	model_init(&m, 1);
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/no-such-file", 1.0),
		    MODEL_ERROR, "missing file");
	CHECK(m.error.status == KVMEXIT_STATS_MISSING, "error status missing");
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/vmx-adds-up.txt", 2.0),
		    MODEL_RESUMED, "file appears");
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/vmx-adds-up.txt", 3.0),
		    MODEL_RATES, "same file again");
	CHECK(m.rates_valid && m.rate == 0, "unchanged file: rate exactly 0");
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/malformed-line4.txt", 4.0),
		    MODEL_ERROR, "malformed file");
	CHECK(m.error.status == KVMEXIT_STATS_MALFORMED && m.error.line == 4,
	      "malformed at line 4 (got status %d line %u)", (int)m.error.status,
	      m.error.line);
	CHECK(!m.have_counters && !m.rates_valid, "no counters while malformed");
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/vmx-adds-up.txt", 5.0),
		    MODEL_RESUMED, "good again: new baseline");
	CHECK_NEAR(model_uptime(&m), 0, "uptime restarts after an error");
	CHECK_EVENT(model_read(&m, "tests/fixtures/stats/version1.txt", 6.0),
		    MODEL_ERROR, "version 2");
	CHECK(m.error.status == KVMEXIT_STATS_VERSION, "version status");
	model_free(&m);
}

static void test_history(void)
{
	struct model m;
	float h[MODEL_HISTORY_SECONDS];
	char text[256];
	uint64_t count = 100;

	model_init(&m, 1);
	/* Reads every 0.5 s from t=1000.0: 30 exits per read, 60/s. */
	for (int i = 0; i <= 8; i++) {
		snprintf(text, sizeof(text), SVM_HEADER "114 CPUID %llu %llu\n"
			 "total - %llu %llu\n", (unsigned long long)count,
			 (unsigned long long)count, (unsigned long long)count,
			 (unsigned long long)count);
		model_update(&m, snap("%s", text), 1000.0 + 0.5 * i);
		count += 30;
	}
	/* Now is 1004.0: seconds 1000..1003 are complete, 60 exits each. */
	model_history(&m, &m.reasons[0], h);
	CHECK(h[59] == 60 && h[58] == 60 && h[57] == 60 && h[56] == 60 &&
	      h[55] == 0 && h[0] == 0,
	      "history: last four seconds 60, before that 0 (got %g %g %g %g %g)",
	      h[55], h[56], h[57], h[58], h[59]);
	model_history(&m, NULL, h);
	CHECK(h[59] == 60 && h[55] == 0, "total history matches");

	/* One read 2.5 s later with 100 exits: 40/s spread over 1004..1006.5. */
	snprintf(text, sizeof(text), SVM_HEADER "114 CPUID %llu %llu\n"
		 "total - %llu %llu\n", (unsigned long long)count + 70,
		 (unsigned long long)count + 70, (unsigned long long)count + 70,
		 (unsigned long long)count + 70);
	model_update(&m, snap("%s", text), 1006.5);
	model_history(&m, &m.reasons[0], h);
	CHECK(h[59] == 40 && h[58] == 40 && h[57] == 60,
	      "a long interval is spread over its seconds (got %g %g %g)",
	      h[57], h[58], h[59]);

	/* Two idle minutes later the history is empty. */
	model_update(&m, snap("%s", text), 1130.0);
	model_history(&m, &m.reasons[0], h);
	float sum = 0;

	for (int i = 0; i < MODEL_HISTORY_SECONDS; i++)
		sum += h[i];
	CHECK(sum == 0, "history forgets after a minute (sum %g)", sum);
	model_free(&m);
}

int main(void)
{
	HARNESS_PLAN(66);
	kvmexit_stats_init(&stats);
	test_rates();
	test_resets();
	test_huge();
	test_errors();
	test_history();
	kvmexit_stats_free(&stats);
	return harness_exit_status();
}
