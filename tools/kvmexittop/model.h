/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexittop's model: the counters as last read, and the rates between the
 * last two reads.  It knows nothing of screens or output formats; the TUI
 * view and the batch writers both draw from it.
 *
 * Time is passed in (seconds on any monotonic clock), never read here, so
 * that tests can feed exact timestamps and expect exact rates.
 */
#ifndef KVMEXITTOP_MODEL_H
#define KVMEXITTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats_file.h"

/* One-second buckets of history: the current second plus the last minute. */
#define MODEL_HISTORY_SLOTS 61
#define MODEL_HISTORY_SECONDS (MODEL_HISTORY_SLOTS - 1)

struct reason_stat {
	uint32_t reason;
	char name[KVMEXIT_STATS_NAME_MAX + 1];	/* kvmexit_stats_row_name() */
	uint64_t count;		/* as the kernel last printed it */
	uint64_t cycles;
	uint64_t zero_count;	/* display baseline set by model_zero() */
	uint64_t zero_cycles;
	/* Over the last interval; 0 when !model.rates_valid. */
	double rate;		/* exits per second */
	double cycles_rate;	/* cycles per second */
	/* Exits in each second, ring indexed by absolute second. */
	float history[MODEL_HISTORY_SLOTS];
};

enum model_event {
	MODEL_FIRST_SAMPLE,	/* nothing before: a baseline, no rates yet */
	MODEL_RATES,		/* rates over the interval since the last read */
	MODEL_RESET,		/* counters went down: new baseline, no rates */
	MODEL_RELOADED,		/* vendor or tsc_khz changed: new baseline */
	MODEL_RESUMED,		/* the file is back after an error: baseline */
	MODEL_ERROR,		/* this read failed: see model.error */
};

struct model {
	struct reason_stat *reasons;	/* ascending by reason */
	size_t nreasons;
	size_t capacity;

	/* From the file. */
	bool have_counters;		/* a good read since the last error */
	enum kvmexit_vendor vendor;
	uint64_t tsc_khz;
	bool cycles_measured;		/* false: cycles=off, cycles mean nothing */
	enum kvmexit_stats_scope scope;	/* what the file sums */
	uint64_t total_count;
	uint64_t total_cycles;
	uint64_t zero_total_count;
	uint64_t zero_total_cycles;
	bool rows_add_up;

	/* Derived. */
	bool rates_valid;		/* rates describe [prev_time, time] */
	double rate;			/* total exits per second */
	double cycles_rate;		/* total cycles per second */
	double interval;		/* seconds between the last two reads */
	double time;			/* of the last good read */
	double baseline_time;		/* counters first seen / last reset */
	unsigned int online_cpus;	/* for the share of host CPU time */
	float total_history[MODEL_HISTORY_SLOTS];
	uint64_t history_head;		/* absolute second of the newest slot */
	bool history_started;

	enum model_event last_event;
	struct kvmexit_stats_error error;	/* valid when MODEL_ERROR */

	struct kvmexit_stats scratch;	/* reused by model_read() */
};

void model_init(struct model *m, unsigned int online_cpus);
void model_free(struct model *m);

/* Take in a successful read made at time now; returns what it meant. */
enum model_event model_update(struct model *m, const struct kvmexit_stats *s,
			      double now);
/* Record a failed read: the next good read starts a new baseline. */
enum model_event model_fail(struct model *m,
			    const struct kvmexit_stats_error *error);
/* Read path and update from it (or fail). */
enum model_event model_read(struct model *m, const char *path, double now);

/* The reason with the highest rate (ties: the lowest number), or NULL. */
const struct reason_stat *model_top_reason(const struct model *m);

/* Zero the displayed totals (the 'z' key); the kernel is not touched. */
void model_zero(struct model *m);

/* Seconds the counters have been seen counting without a reset. */
double model_uptime(const struct model *m);

/* Exits and cycles since the display baseline (model_zero()). */
uint64_t model_shown_count(const struct model *m, const struct reason_stat *r);
uint64_t model_shown_total(const struct model *m);

/* Shares in [0, 1] over the last interval; 0 when nothing happened. */
double model_exit_share(const struct model *m, const struct reason_stat *r);
double model_time_share(const struct model *m, const struct reason_stat *r);
/* Handling cycles per second over what the host's CPUs have: [0, ...). */
double model_cpu_share(const struct model *m);
/* Average cycles per exit since the display baseline; -1 without exits. */
double model_cycles_per_exit(const struct model *m, const struct reason_stat *r);

/*
 * The last minute of history, oldest first: out[i] is the exits of second
 * (now - 60 + i), i.e. only complete seconds.  r NULL means the total.
 */
void model_history(const struct model *m, const struct reason_stat *r,
		   float out[MODEL_HISTORY_SECONDS]);

#endif /* KVMEXITTOP_MODEL_H */
