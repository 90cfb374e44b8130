// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexittop's model: counters, rates between reads, resets, and a minute of
 * per-second history.  See model.h.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_init(struct model *m, unsigned int online_cpus)
{
	memset(m, 0, sizeof(*m));
	m->online_cpus = online_cpus ? online_cpus : 1;
	m->last_event = MODEL_FIRST_SAMPLE;
	kvmexit_stats_init(&m->scratch);
}

void model_free(struct model *m)
{
	free(m->reasons);
	kvmexit_stats_free(&m->scratch);
	memset(m, 0, sizeof(*m));
}

/*
 * fmin() and fmax() without libm, which kvmexittop then need not load: one
 * library fewer to map and relocate at every start, which shows in its CPU
 * time and RSS (bench/kvmexittop-bench.sh).  The same results here, where
 * b is never NaN: a NaN in a gives b, as from fmin() and fmax().
 */
static double min_of(double a, double b)
{
	return a < b ? a : b;
}

static double max_of(double a, double b)
{
	return a > b ? a : b;
}

static void history_clear_slot(struct model *m, size_t slot)
{
	m->total_history[slot] = 0;
	for (size_t i = 0; i < m->nreasons; i++)
		m->reasons[i].history[slot] = 0;
}

/* Move the ring to the second of now, clearing the seconds it skips. */
static void history_advance(struct model *m, double now)
{
	uint64_t head = now > 0 ? (uint64_t)now : 0;

	if (!m->history_started || head >= m->history_head + MODEL_HISTORY_SLOTS) {
		for (size_t slot = 0; slot < MODEL_HISTORY_SLOTS; slot++)
			history_clear_slot(m, slot);
		m->history_started = true;
		m->history_head = head;
		return;
	}
	while (m->history_head < head) {
		m->history_head++;
		history_clear_slot(m, m->history_head % MODEL_HISTORY_SLOTS);
	}
}

/*
 * Spread delta exits evenly over [t0, t1] into the one-second buckets it
 * overlaps, so a 0.1 s or a 5 s refresh draws the same minute.
 */
static void history_add(const struct model *m, float *history, uint64_t delta,
			double t0, double t1)
{
	uint64_t oldest = m->history_head >= MODEL_HISTORY_SECONDS ?
			  m->history_head - MODEL_HISTORY_SECONDS : 0;
	uint64_t first = t0 > 0 ? (uint64_t)t0 : 0;

	if (delta == 0 || t1 <= t0)
		return;
	if (first < oldest)
		first = oldest;
	for (uint64_t s = first; s <= m->history_head; s++) {
		double lo = max_of(t0, (double)s), hi = min_of(t1, (double)s + 1);

		if (hi > lo)
			history[s % MODEL_HISTORY_SLOTS] +=
				(float)((double)delta * (hi - lo) / (t1 - t0));
	}
}

static struct reason_stat *find_reason(struct model *m, uint32_t reason)
{
	size_t lo = 0, hi = m->nreasons;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->reasons[mid].reason == reason)
			return &m->reasons[mid];
		if (m->reasons[mid].reason < reason)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Counters only grow: anything lower means a reset or a new module. */
static bool went_down(const struct model *m, const struct kvmexit_stats *s)
{
	if (s->total_count < m->total_count || s->total_cycles < m->total_cycles)
		return true;
	for (size_t i = 0; i < m->nreasons; i++) {
		const struct reason_stat *r = &m->reasons[i];
		const struct kvmexit_stats_row *row =
			kvmexit_stats_find(s, r->reason);

		if (r->count == 0)
			continue;	/* left over from before a reset */
		if (!row || row->count < r->count || row->cycles < r->cycles)
			return true;
	}
	return false;
}

/*
 * Make m->reasons hold every reason of s (new ones start at zero) and, when
 * drop_absent, nothing else.  Allocates only when the set changes.
 */
static int sync_reasons(struct model *m, const struct kvmexit_stats *s,
			bool drop_absent)
{
	size_t missing = 0, kept = 0;

	for (size_t i = 0; i < s->nrows; i++)
		if (!find_reason(m, s->rows[i].reason))
			missing++;
	kept = s->nrows - missing;
	if (!missing && (!drop_absent || kept == m->nreasons))
		return 0;

	size_t n = drop_absent ? s->nrows : m->nreasons + missing;
	struct reason_stat *merged = calloc(n ? n : 1, sizeof(*merged));
	size_t i = 0, j = 0, k = 0;

	if (!merged)
		return -1;
	while (i < m->nreasons || j < s->nrows) {
		bool take_old = j == s->nrows ||
				(i < m->nreasons &&
				 m->reasons[i].reason <= s->rows[j].reason);
		bool in_new = j < s->nrows &&
			      (i == m->nreasons ||
			       s->rows[j].reason <= m->reasons[i].reason);

		if (take_old) {
			if (in_new || !drop_absent)
				merged[k++] = m->reasons[i];
			if (in_new)
				j++;
			i++;
		} else {
			struct reason_stat *r = &merged[k++];

			r->reason = s->rows[j].reason;
			snprintf(r->name, sizeof(r->name), "%s",
				 kvmexit_stats_row_name(s, &s->rows[j]));
			j++;
		}
	}
	free(m->reasons);
	m->reasons = merged;
	m->nreasons = k;
	m->capacity = n;
	return 0;
}

static uint64_t row_count(const struct kvmexit_stats_row *row)
{
	return row ? row->count : 0;
}

static uint64_t row_cycles(const struct kvmexit_stats_row *row)
{
	return row ? row->cycles : 0;
}

/* Start over from s: counters are taken as they are, no rates yet. */
static enum model_event baseline(struct model *m, const struct kvmexit_stats *s,
				 double now, enum model_event why)
{
	if (why == MODEL_RELOADED && s->vendor != m->vendor)
		m->nreasons = 0;	/* the numbers mean other exits now */
	if (sync_reasons(m, s, why != MODEL_FIRST_SAMPLE)) {
		struct kvmexit_stats_error e = {
			.status = KVMEXIT_STATS_IO,
			.message = "out of memory",
		};
		return model_fail(m, &e);
	}
	for (size_t i = 0; i < m->nreasons; i++) {
		struct reason_stat *r = &m->reasons[i];
		const struct kvmexit_stats_row *row =
			kvmexit_stats_find(s, r->reason);

		r->count = row_count(row);
		r->cycles = row_cycles(row);
		r->zero_count = r->zero_cycles = 0;
		r->rate = r->cycles_rate = 0;
	}
	m->have_counters = true;
	m->vendor = s->vendor;
	m->tsc_khz = s->tsc_khz;
	m->cycles_measured = s->cycles_measured;
	m->scope = s->scope;
	m->total_count = s->total_count;
	m->total_cycles = s->total_cycles;
	m->zero_total_count = m->zero_total_cycles = 0;
	m->rows_add_up = s->rows_add_up;
	m->rates_valid = false;
	m->rate = m->cycles_rate = m->interval = 0;
	m->time = now;
	m->baseline_time = now;
	history_advance(m, now);
	m->last_event = why;
	return why;
}

enum model_event model_update(struct model *m, const struct kvmexit_stats *s,
			      double now)
{
	if (!m->have_counters)
		return baseline(m, s, now,
				m->last_event == MODEL_ERROR ? MODEL_RESUMED :
							       MODEL_FIRST_SAMPLE);
	if (s->vendor != m->vendor || s->tsc_khz != m->tsc_khz ||
	    s->cycles_measured != m->cycles_measured)
		return baseline(m, s, now, MODEL_RELOADED);
	if (went_down(m, s))
		return baseline(m, s, now, MODEL_RESET);
	if (sync_reasons(m, s, false)) {
		struct kvmexit_stats_error e = {
			.status = KVMEXIT_STATS_IO,
			.message = "out of memory",
		};
		return model_fail(m, &e);
	}

	/* A clock that did not move gives no rate, but keeps the counts. */
	double elapsed = now - m->time;
	bool valid = elapsed > 0;

	history_advance(m, now);
	for (size_t i = 0; i < m->nreasons; i++) {
		struct reason_stat *r = &m->reasons[i];
		const struct kvmexit_stats_row *row =
			kvmexit_stats_find(s, r->reason);
		uint64_t dcount = row_count(row) - r->count;
		uint64_t dcycles = row_cycles(row) - r->cycles;

		r->rate = valid ? (double)dcount / elapsed : 0;
		r->cycles_rate = valid ? (double)dcycles / elapsed : 0;
		if (valid)
			history_add(m, r->history, dcount, m->time, now);
		r->count = row_count(row);
		r->cycles = row_cycles(row);
	}
	uint64_t dtotal = s->total_count - m->total_count;

	m->rate = valid ? (double)dtotal / elapsed : 0;
	m->cycles_rate = valid ?
		(double)(s->total_cycles - m->total_cycles) / elapsed : 0;
	if (valid)
		history_add(m, m->total_history, dtotal, m->time, now);
	m->total_count = s->total_count;
	m->total_cycles = s->total_cycles;
	m->rows_add_up = s->rows_add_up;
	m->rates_valid = valid;
	m->interval = valid ? elapsed : 0;
	m->time = now > m->time ? now : m->time;
	m->last_event = MODEL_RATES;
	return MODEL_RATES;
}

enum model_event model_fail(struct model *m,
			    const struct kvmexit_stats_error *error)
{
	m->error = *error;
	m->have_counters = false;
	m->rates_valid = false;
	m->rate = m->cycles_rate = 0;
	for (size_t i = 0; i < m->nreasons; i++)
		m->reasons[i].rate = m->reasons[i].cycles_rate = 0;
	m->last_event = MODEL_ERROR;
	return MODEL_ERROR;
}

enum model_event model_read(struct model *m, const char *path, double now)
{
	struct kvmexit_stats_error error;

	if (kvmexit_stats_read(path, &m->scratch, &error) != KVMEXIT_STATS_OK)
		return model_fail(m, &error);
	return model_update(m, &m->scratch, now);
}

const struct reason_stat *model_top_reason(const struct model *m)
{
	const struct reason_stat *top = NULL;

	for (size_t i = 0; i < m->nreasons; i++)
		if (m->reasons[i].rate > 0 &&
		    (!top || m->reasons[i].rate > top->rate))
			top = &m->reasons[i];
	return top;
}

void model_zero(struct model *m)
{
	for (size_t i = 0; i < m->nreasons; i++) {
		m->reasons[i].zero_count = m->reasons[i].count;
		m->reasons[i].zero_cycles = m->reasons[i].cycles;
	}
	m->zero_total_count = m->total_count;
	m->zero_total_cycles = m->total_cycles;
}

double model_uptime(const struct model *m)
{
	return m->have_counters ? m->time - m->baseline_time : 0;
}

uint64_t model_shown_count(const struct model *m, const struct reason_stat *r)
{
	(void)m;
	return r->count - r->zero_count;
}

uint64_t model_shown_total(const struct model *m)
{
	return m->total_count - m->zero_total_count;
}

double model_exit_share(const struct model *m, const struct reason_stat *r)
{
	return m->rate > 0 ? min_of(r->rate / m->rate, 1.0) : 0;
}

double model_time_share(const struct model *m, const struct reason_stat *r)
{
	return m->cycles_rate > 0 ? min_of(r->cycles_rate / m->cycles_rate, 1.0) : 0;
}

double model_cpu_share(const struct model *m)
{
	double capacity = (double)m->tsc_khz * 1000.0 * m->online_cpus;

	return capacity > 0 ? m->cycles_rate / capacity : 0;
}

double model_cycles_per_exit(const struct model *m, const struct reason_stat *r)
{
	uint64_t count = model_shown_count(m, r);

	return count ? (double)(r->cycles - r->zero_cycles) / (double)count : -1;
}

void model_history(const struct model *m, const struct reason_stat *r,
		   float out[MODEL_HISTORY_SECONDS])
{
	const float *h = r ? r->history : m->total_history;
	/* Seconds before the ring started, or before the clock's zero: 0. */
	size_t none = !m->history_started ? MODEL_HISTORY_SECONDS :
		      m->history_head >= MODEL_HISTORY_SECONDS ? 0 :
		      MODEL_HISTORY_SECONDS - (size_t)m->history_head;
	size_t i = 0;

	for (; i < none; i++)
		out[i] = 0;
	/*
	 * Then the ring from the slot of second head - 60 + i, stepped to the
	 * next rather than divided for: every row does this every frame.
	 */
	for (size_t slot = (size_t)((m->history_head + i - MODEL_HISTORY_SECONDS) %
				    MODEL_HISTORY_SLOTS);
	     i < MODEL_HISTORY_SECONDS; i++) {
		out[i] = h[slot];
		slot = slot + 1 < MODEL_HISTORY_SLOTS ? slot + 1 : 0;
	}
}
