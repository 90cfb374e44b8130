// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: kvmexittop's model (tools/kvmexittop/model.c) fed a
 * sequence of snapshots built from the fuzzer's bytes, as the parser could
 * return them: rows ascending by reason with non-zero counts, that grow,
 * jump, wrap to huge values, vanish and come back; totals that add up or
 * not; failed reads, vendor or TSC changes, the 'z' key, a clock that
 * stands still or leaps.  After every step the model must keep what
 * model.h promises: shares in [0, 1], rates and history finite and not
 * negative, reasons ascending.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/kvmexittop/model.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)
#define MAX_ROWS 24

struct input {
	const uint8_t *data;
	size_t size;
};

static uint64_t take(struct input *in, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && in->size; i++, in->size--)
		v = v << 8 | *in->data++;
	return v;
}

/* The next value of a counter: mostly growth, sometimes anything. */
static uint64_t next_value(struct input *in, uint64_t prev)
{
	switch (take(in, 1) & 7) {
	case 0:
		return take(in, 8);			/* anything */
	case 1:
		return UINT64_MAX - take(in, 1);	/* about to wrap */
	case 2:
		return prev / 2;			/* went down */
	default:
		return prev + take(in, 2);		/* grew */
	}
}

static bool finite_not_negative(double v)
{
	return isfinite(v) && v >= 0;
}

static void check_history(const struct model *m, const struct reason_stat *r)
{
	float hist[MODEL_HISTORY_SECONDS];

	model_history(m, r, hist);
	for (int k = 0; k < MODEL_HISTORY_SECONDS; k++)
		REQUIRE(isfinite(hist[k]) && hist[k] >= 0);
}

/* After every step; the histories of every reason, costly, only at the end. */
static void check(const struct model *m, bool histories)
{
	REQUIRE(finite_not_negative(model_uptime(m)));
	REQUIRE(finite_not_negative(m->rate) && finite_not_negative(m->cycles_rate));
	REQUIRE(finite_not_negative(model_cpu_share(m)));
	check_history(m, NULL);
	for (size_t i = 0; i < m->nreasons; i++) {
		const struct reason_stat *r = &m->reasons[i];
		double es = model_exit_share(m, r), ts = model_time_share(m, r);
		double cpe = model_cycles_per_exit(m, r);

		REQUIRE(i == 0 || r->reason > m->reasons[i - 1].reason);
		REQUIRE(es >= 0 && es <= 1 && ts >= 0 && ts <= 1);
		REQUIRE(finite_not_negative(r->rate) &&
			finite_not_negative(r->cycles_rate));
		REQUIRE(cpe == -1 || finite_not_negative(cpe));
		if (histories)
			check_history(m, r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct kvmexit_stats_row rows[MAX_ROWS];
	uint64_t prev_count[256] = { 0 }, prev_cycles[256] = { 0 };
	struct kvmexit_stats s;
	struct model m;
	double now = 100.0;
	enum kvmexit_vendor vendor = KVMEXIT_VENDOR_SVM;
	uint64_t tsc_khz = 2995200;

	model_init(&m, 1 + (unsigned int)take(&in, 1) % 8);
	for (int step = 0; step < 32 && in.size; step++) {
		unsigned int op = (unsigned int)take(&in, 1);
		uint64_t sum_count = 0, sum_cycles = 0;
		uint32_t reason = 0;
		size_t nrows = op >> 4;

		/* The clock: still, a step, or a leap. */
		switch (op >> 2 & 3) {
		case 0: break;
		case 1: now += (double)take(&in, 2) / 1000; break;
		case 2: now += (double)take(&in, 4); break;
		default: now += 1.0; break;
		}
		if ((op & 3) == 0) {
			struct kvmexit_stats_error e = {
				.status = KVMEXIT_STATS_MALFORMED, .line = 1,
				.message = "fuzzed failure",
			};
			REQUIRE(model_fail(&m, &e) == MODEL_ERROR);
			check(&m, false);
			continue;
		}
		if ((op & 3) == 1) {
			uint64_t v = take(&in, 1);

			if (v & 1)
				vendor = vendor == KVMEXIT_VENDOR_SVM ?
					 KVMEXIT_VENDOR_VMX : KVMEXIT_VENDOR_SVM;
			if (v & 2)
				tsc_khz = take(&in, 8);
			if (v & 4)
				model_zero(&m);
		}
		kvmexit_stats_init(&s);
		s.version = 1;
		s.vendor = vendor;
		s.tsc_khz = tsc_khz;
		for (size_t i = 0; i < nrows && i < MAX_ROWS && in.size; i++) {
			struct kvmexit_stats_row *r = &rows[s.nrows];

			reason += (uint32_t)take(&in, 1);	/* 0: this reason vanishes */
			if (reason > 255)
				break;
			r->reason = reason;
			r->count = next_value(&in, prev_count[reason]);
			r->cycles = next_value(&in, prev_cycles[reason]);
			if (r->count == 0 || (s.nrows && reason <= rows[s.nrows - 1].reason))
				continue;
			snprintf(r->name, sizeof(r->name), "%s",
				 reason & 1 ? "UNKNOWN" : "R");
			prev_count[reason] = r->count;
			prev_cycles[reason] = r->cycles;
			sum_count += r->count;
			sum_cycles += r->cycles;
			s.nrows++;
		}
		s.rows = rows;
		s.total_count = op & 2 ? sum_count : next_value(&in, sum_count);
		s.total_cycles = op & 2 ? sum_cycles : next_value(&in, sum_cycles);
		s.rows_add_up = s.total_count == sum_count && s.total_cycles == sum_cycles;
		model_update(&m, &s, now);
		REQUIRE(m.last_event != MODEL_ERROR);
		check(&m, false);
	}
	check(&m, true);
	model_free(&m);
	return 0;
}
