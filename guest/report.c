// SPDX-License-Identifier: GPL-2.0-only
/* Rows, sort orders and the text table of kvmexit-probe: see report.h. */
#include "report.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

/*
 * kvmexittop's -s keys, meaning the same here: rate and total both order
 * by exits (a one-shot report has no rate; watch mode's rows are an
 * interval's exits), cycles by cycles per exit, time by handling cycles.
 */
static const struct {
	const char *name;
	enum probe_sort sort;
} sort_names[] = {
	{ "reason", PROBE_SORT_REASON }, { "name", PROBE_SORT_NAME },
	{ "rate", PROBE_SORT_EXITS },	 { "share", PROBE_SORT_SHARE },
	{ "total", PROBE_SORT_EXITS },	 { "cycles", PROBE_SORT_AVG },
	{ "time", PROBE_SORT_CYCLES },
};

const char probe_sort_fields[] = "reason, name, rate, share, total, cycles, time";

int probe_sort_parse(const char *text, enum probe_sort *sort)
{
	for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++) {
		if (!strcasecmp(text, sort_names[i].name)) {
			*sort = sort_names[i].sort;
			return 0;
		}
	}
	return -1;
}

const char *probe_reason_name(enum kvmexit_vendor vendor, uint32_t reason)
{
	const char *name = kvmexit_reason_name(vendor, reason);

	/* The kernel's word for a reason its table does not name. */
	return name ? name : "UNKNOWN";
}

void probe_reason_format(char *buf, size_t size, enum kvmexit_vendor vendor,
			 uint32_t reason)
{
	kvmexit_reason_format(buf, size, vendor, reason);
}

double probe_share(uint64_t exits, uint64_t total)
{
	return total ? 100.0 * (double)exits / (double)total : 0.0;
}

double probe_average(uint64_t cycles, uint64_t exits)
{
	return exits ? (double)cycles / (double)exits : 0.0;
}

size_t probe_rows_from_snapshot(const struct probe_snapshot *snap, bool all,
				struct probe_row *rows)
{
	size_t n = 0;

	for (size_t i = 0; i < snap->count; i++) {
		const struct probe_reading *r = &snap->readings[i];

		if (!all && !(r->status == PROBE_REASON_COUNTED && r->exits))
			continue;
		rows[n++] = (struct probe_row){ .reason = r->reason,
						.status = r->status,
						.exits = r->exits,
						.cycles = r->cycles };
	}
	return n;
}

/* Negative when a sorts before b. */
static int compare(const struct probe_row *a, const struct probe_row *b,
		   enum kvmexit_vendor vendor, enum probe_sort sort)
{
	bool ca = a->status == PROBE_REASON_COUNTED;
	bool cb = b->status == PROBE_REASON_COUNTED;
	double da, db;
	int c;

	switch (sort) {
	case PROBE_SORT_REASON:
		break;
	case PROBE_SORT_NAME:
		c = strcmp(probe_reason_name(vendor, a->reason),
			   probe_reason_name(vendor, b->reason));
		if (c)
			return c;
		break;
	case PROBE_SORT_EXITS:
	case PROBE_SORT_SHARE:
	case PROBE_SORT_CYCLES:
	case PROBE_SORT_AVG:
		/* Reasons without counters go last, whatever the field. */
		if (ca != cb)
			return ca ? -1 : 1;
		if (sort == PROBE_SORT_CYCLES) {
			da = (double)a->cycles;
			db = (double)b->cycles;
		} else if (sort == PROBE_SORT_AVG) {
			da = probe_average(a->cycles, a->exits);
			db = probe_average(b->cycles, b->exits);
		} else {
			/* Exact for counts above 2^53, unlike a double. */
			if (a->exits != b->exits)
				return a->exits > b->exits ? -1 : 1;
			break;
		}
		if (da != db)
			return da > db ? -1 : 1;
		break;
	}
	return a->reason < b->reason ? -1 : a->reason > b->reason;
}

void probe_rows_sort(struct probe_row *rows, size_t count,
		     enum kvmexit_vendor vendor, enum probe_sort sort)
{
	/*
	 * Insertion sort: at most a few hundred rows, and qsort() has no
	 * context argument for the vendor in C11.
	 */
	for (size_t i = 1; i < count; i++) {
		struct probe_row row = rows[i];
		size_t j = i;

		for (; j > 0 && compare(&row, &rows[j - 1], vendor, sort) < 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = row;
	}
}

enum { COL_REASON, COL_NAME, COL_EXITS, COL_RATE, COL_SHARE, COL_CYCLES,
       COL_AVG, NCOLS };

static const char *const headers[NCOLS] = {
	"REASON", "NAME", "EXITS", "EXITS/S", "SHARE", "CYCLES", "AVG",
};

/* Wide enough for any cell: names are under 40 characters. */
#define CELL 48

static void row_cells(char cells[NCOLS][CELL], enum kvmexit_vendor vendor,
		      const struct probe_row *row, uint64_t total_exits,
		      double seconds)
{
	probe_reason_format(cells[COL_REASON], CELL, vendor, row->reason);
	snprintf(cells[COL_NAME], CELL, "%s",
		 probe_reason_name(vendor, row->reason));
	if (row->status != PROBE_REASON_COUNTED) {
		snprintf(cells[COL_EXITS], CELL, "%s",
			 row->status == PROBE_REASON_UNDEFINED ? "undefined" :
								 "not handled");
		for (int c = COL_RATE; c < NCOLS; c++)
			snprintf(cells[c], CELL, "-");
		return;
	}
	snprintf(cells[COL_EXITS], CELL, "%" PRIu64, row->exits);
	if (seconds > 0)
		snprintf(cells[COL_RATE], CELL, "%.1f",
			 (double)row->exits / seconds);
	else
		snprintf(cells[COL_RATE], CELL, "-");
	snprintf(cells[COL_SHARE], CELL, "%.2f%%",
		 probe_share(row->exits, total_exits));
	snprintf(cells[COL_CYCLES], CELL, "%" PRIu64, row->cycles);
	if (row->exits)
		snprintf(cells[COL_AVG], CELL, "%.0f",
			 probe_average(row->cycles, row->exits));
	else
		snprintf(cells[COL_AVG], CELL, "-");
}

static void print_line(FILE *f, char cells[NCOLS][CELL],
		       const int width[NCOLS], bool rate)
{
	for (int c = 0; c < NCOLS; c++) {
		if (c == COL_RATE && !rate)
			continue;
		if (c != COL_REASON)
			fputc(' ', f);
		if (c == COL_NAME)
			fprintf(f, "%-*s", width[c], cells[c]);
		else
			fprintf(f, "%*s", width[c], cells[c]);
	}
	fputc('\n', f);
}

void probe_table_print(FILE *f, enum kvmexit_vendor vendor,
		       const struct probe_row *rows, size_t count,
		       uint64_t total_exits, bool rate, double seconds)
{
	char cells[NCOLS][CELL];
	int width[NCOLS];

	for (int c = 0; c < NCOLS; c++)
		width[c] = (int)strlen(headers[c]);
	/* Two passes, so that every column is as wide as its widest cell. */
	for (size_t i = 0; i < count; i++) {
		row_cells(cells, vendor, &rows[i], total_exits, seconds);
		for (int c = 0; c < NCOLS; c++)
			if ((int)strlen(cells[c]) > width[c])
				width[c] = (int)strlen(cells[c]);
	}
	for (int c = 0; c < NCOLS; c++)
		snprintf(cells[c], CELL, "%s", headers[c]);
	print_line(f, cells, width, rate);
	for (size_t i = 0; i < count; i++) {
		row_cells(cells, vendor, &rows[i], total_exits, seconds);
		print_line(f, cells, width, rate);
	}
}
