/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watch mode: a snapshot every interval, printed as per-interval deltas and
 * rates.  Each snapshot costs CPUID exits of its own, which the host counts
 * like any other; they are subtracted exactly (the query layer stamps every
 * count it reads with its own CPUID counter), so an idle guest shows no
 * CPUID exits rather than the probe's.
 */
#ifndef KVMEXIT_PROBE_WATCH_H
#define KVMEXIT_PROBE_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "query.h"
#include "report.h"

/* Time, behind an interface so that tests run watch mode instantly. */
struct probe_clock {
	double (*now)(void *ctx);		/* monotonic seconds */
	void (*sleep)(void *ctx, double seconds);
	void *ctx;
	/* Wall-clock seconds since the epoch, for -w's timestamps. */
	double (*wall)(void *ctx);
};

extern const struct probe_clock probe_clock_real;

struct probe_watch_opts {
	double interval;	/* seconds, > 0 */
	uint64_t count;		/* intervals to print; 0: until killed */
	bool all;		/* rows for every reason read, as -a */
	enum probe_sort sort;
	const uint32_t *reasons;	/* NULL: every defined reason */
	size_t nreasons;
};

/* "2026-12-02T19:38:24.123Z": RFC 3339, UTC, milliseconds. */
void probe_format_time(double wall, char buf[32]);

/*
 * The interval between two snapshots of the same reasons, in the same
 * order: fills *iv (but for index and seconds) and rows (room for
 * cur->count), and returns how many rows have exits (all of them with all).
 *
 * Exits: for the totals and for cpuid_reason, the probe's own CPUIDs
 * between the two reads are subtracted; they are known exactly.  Cycles:
 * the probe's share of the CPUID reason's cycles is not known, so it is
 * estimated in proportion to its share of that reason's exits, and the
 * same estimate is taken off the total cycles.
 */
size_t probe_interval_compute(const struct probe_snapshot *prev,
			      const struct probe_snapshot *cur,
			      uint32_t cpuid_reason, bool all,
			      struct probe_interval *iv,
			      struct probe_row *rows);

/* Run watch mode; returns the exit status. */
int probe_watch(struct probe_host *host, struct probe_out *out,
		const struct probe_clock *clock,
		const struct probe_watch_opts *opts);

#endif /* KVMEXIT_PROBE_WATCH_H */
