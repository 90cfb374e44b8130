// SPDX-License-Identifier: GPL-2.0-only
/* Watch mode of kvmexit-probe: see watch.h. */
#include "watch.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "view.h"

static double real_now(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void real_sleep(void *ctx, double seconds)
{
	struct timespec ts;

	(void)ctx;
	if (!(seconds > 0))
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec > 999999999)
		ts.tv_nsec = 999999999;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static double real_wall(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const struct probe_clock probe_clock_real = {
	.now = real_now,
	.sleep = real_sleep,
	.wall = real_wall,
};

void probe_format_time(double wall, char buf[32])
{
	time_t t = (time_t)wall;
	long ms = (long)((wall - (double)t) * 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);

	snprintf(buf + n, 32 - n, ".%03ldZ", ms);
}

/*
 * cur - prev for a counter that only grows; after a reset on the host
 * (debugfs "0") it went backwards, and what it holds now is what the
 * interval saw since the reset.
 */
static uint64_t grown(uint64_t prev, uint64_t cur, bool *reset)
{
	if (cur >= prev)
		return cur - prev;
	*reset = true;
	return cur;
}

static uint64_t minus(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* cycles * part / whole without overflow; whole > 0, part <= whole. */
static uint64_t scale(uint64_t cycles, uint64_t part, uint64_t whole)
{
	return (uint64_t)((unsigned __int128)cycles * part / whole);
}

size_t probe_interval_compute(const struct probe_snapshot *prev,
			      const struct probe_snapshot *cur,
			      uint32_t cpuid_reason, bool all,
			      struct probe_interval *iv,
			      struct probe_row *rows)
{
	uint64_t probe_cycles = 0;
	size_t n = 0;

	iv->reset = false;
	iv->probe_exits = cur->totals.exits_seq - prev->totals.exits_seq;
	iv->exits = minus(grown(prev->totals.exits, cur->totals.exits,
				&iv->reset), iv->probe_exits);
	for (size_t i = 0; i < cur->count && i < prev->count; i++) {
		const struct probe_reading *p = &prev->readings[i];
		const struct probe_reading *c = &cur->readings[i];
		struct probe_row row = { .reason = c->reason,
					 .status = c->status };

		if (c->status == PROBE_REASON_COUNTED) {
			row.exits = grown(p->exits, c->exits, &iv->reset);
			row.cycles = grown(p->cycles, c->cycles, &iv->reset);
		}
		if (c->status == PROBE_REASON_COUNTED &&
		    c->reason == cpuid_reason) {
			uint64_t raw = row.exits;

			row.exits = minus(raw, c->exits_seq - p->exits_seq);
			if (raw) {
				uint64_t kept = scale(row.cycles, row.exits, raw);

				probe_cycles = row.cycles - kept;
				row.cycles = kept;
			}
		}
		if (all || (row.status == PROBE_REASON_COUNTED && row.exits))
			rows[n++] = row;
	}
	iv->cycles = minus(grown(prev->totals.cycles, cur->totals.cycles,
				 &iv->reset), probe_cycles);
	return n;
}

static uint32_t cpuid_reason_of(enum kvmexit_vendor vendor)
{
	uint32_t reason = 0;

	kvmexit_reason_parse(vendor, "CPUID", &reason);
	return reason;
}

/* Keep only the rows of the reasons asked for. */
static size_t keep_asked(struct probe_row *rows, size_t n,
			 const struct probe_watch_opts *opts)
{
	size_t kept = 0;

	if (!opts->reasons)
		return n;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < opts->nreasons; j++)
			if (rows[i].reason == opts->reasons[j]) {
				rows[kept++] = rows[i];
				break;
			}
	return kept;
}

int probe_watch(struct probe_host *host, struct probe_out *out,
		const struct probe_clock *clock,
		const struct probe_watch_opts *opts)
{
	struct probe_snapshot snap[2];
	struct probe_interval iv = { .index = 0 };
	struct probe_row *rows = NULL;
	uint32_t cpuid_reason = cpuid_reason_of(host->vendor);
	uint32_t *reasons = NULL;
	size_t nreasons = 0;
	double start, then, now;
	int status = PROBE_EXIT_OK;

	memset(snap, 0, sizeof(snap));
	/*
	 * Asked for some reasons only: read the CPUID reason too, unshown,
	 * since the cycles correction is estimated from it.
	 */
	if (opts->reasons) {
		reasons = calloc(opts->nreasons + 1, sizeof(*reasons));
		if (!reasons) {
			status = probe_error(out, PROBE_EXIT_ERROR, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < opts->nreasons; i++)
			if (opts->reasons[i] != cpuid_reason)
				reasons[nreasons++] = opts->reasons[i];
		reasons[nreasons++] = cpuid_reason;
	}
	if (probe_snapshot_take(host, &snap[0], reasons, nreasons)) {
		status = probe_error(out, PROBE_EXIT_ERROR, "%s", host->message);
		goto out;
	}
	start = then = clock->now(clock->ctx);
	rows = calloc(snap[0].count ? snap[0].count : 1, sizeof(*rows));
	if (!rows) {
		status = probe_error(out, PROBE_EXIT_ERROR, "out of memory");
		goto out;
	}
	if (!out->json)
		probe_text_watch_start(out, host, opts->interval);

	for (uint64_t k = 1; !opts->count || k <= opts->count; k++) {
		struct probe_snapshot *prev = &snap[(k - 1) % 2];
		struct probe_snapshot *cur = &snap[k % 2];
		size_t n;

		/* Deadlines from the start, so the intervals do not drift. */
		clock->sleep(clock->ctx,
			     start + (double)k * opts->interval -
				     clock->now(clock->ctx));
		if (probe_snapshot_take(host, cur, reasons, nreasons)) {
			status = probe_error(out, PROBE_EXIT_ERROR, "%s",
					     host->message);
			break;
		}
		now = clock->now(clock->ctx);
		n = probe_interval_compute(prev, cur, cpuid_reason, opts->all,
					   &iv, rows);
		n = keep_asked(rows, n, opts);
		iv.index = k;
		iv.seconds = now - then;
		probe_format_time(clock->wall ? clock->wall(clock->ctx) :
			real_wall(NULL), iv.time);
		then = now;
		probe_rows_sort(rows, n, host->vendor, opts->sort);
		if (out->json)
			probe_json_interval(out, host, &iv, rows, n);
		else
			probe_text_interval(out, host, &iv, rows, n);
	}
out:
	free(reasons);
	free(rows);
	probe_snapshot_free(&snap[0]);
	probe_snapshot_free(&snap[1]);
	return status;
}
