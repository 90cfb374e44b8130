/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rows of exit reasons, their sort orders, and the text table: shared by
 * the one-shot report and watch mode (whose rows hold interval deltas).
 */
#ifndef KVMEXIT_PROBE_REPORT_H
#define KVMEXIT_PROBE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exit_reasons.h"
#include "query.h"

struct probe_row {
	uint32_t reason;
	enum probe_reason_status status;
	uint64_t exits;		/* meaningful only when status is COUNTED */
	uint64_t cycles;
};

/* One watch-mode interval: deltas, with the probe's own exits taken out. */
struct probe_interval {
	uint64_t index;		/* 1-based */
	double seconds;		/* measured, not the requested interval */
	uint64_t exits;
	uint64_t cycles;
	uint64_t probe_exits;	/* the probe's own CPUID exits subtracted */
	bool reset;		/* a counter went backwards: reset on the host */
	char time[32];		/* wall clock at its end, RFC 3339 UTC */
};

enum probe_sort {
	PROBE_SORT_EXITS,	/* default (-s rate, total): most exits first */
	PROBE_SORT_REASON,	/* ascending reason number */
	PROBE_SORT_NAME,	/* alphabetical */
	PROBE_SORT_SHARE,	/* same order as exits */
	PROBE_SORT_CYCLES,	/* -s time: most handling cycles first */
	PROBE_SORT_AVG,		/* -s cycles: most cycles per exit first */
};

/* kvmexittop's -s keys, for help text and errors. */
extern const char probe_sort_fields[];
int probe_sort_parse(const char *text, enum probe_sort *sort);

/* The reason's name, or "UNKNOWN" for one the tables do not name. */
const char *probe_reason_name(enum kvmexit_vendor vendor, uint32_t reason);

/* Reasons as documented: VMX in decimal (SDM), SVM in hex (APM). */
void probe_reason_format(char *buf, size_t size, enum kvmexit_vendor vendor,
			 uint32_t reason);

/* Percent of total (0 when total is 0); average cycles per exit. */
double probe_share(uint64_t exits, uint64_t total);
double probe_average(uint64_t cycles, uint64_t exits);

/*
 * Rows of a snapshot: the reasons with exits, or with all set every
 * reason read (including not-handled and undefined ones).  rows must hold
 * snap->count entries; returns how many were filled.
 */
size_t probe_rows_from_snapshot(const struct probe_snapshot *snap, bool all,
				struct probe_row *rows);

void probe_rows_sort(struct probe_row *rows, size_t count,
		     enum kvmexit_vendor vendor, enum probe_sort sort);

/*
 * The table: REASON NAME EXITS [EXITS/S] SHARE CYCLES AVG, columns as wide
 * as their widest cell.  rate adds the EXITS/S column (watch mode): exits
 * over seconds, "-" when seconds is not positive.
 */
void probe_table_print(FILE *f, enum kvmexit_vendor vendor,
		       const struct probe_row *rows, size_t count,
		       uint64_t total_exits, bool rate, double seconds);

#endif /* KVMEXIT_PROBE_REPORT_H */
