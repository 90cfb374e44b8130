/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-reason columns kvmexittop shows and sorts by, in one table that
 * -s, the s/</> keys, the batch writers and the view all share; and the
 * selection of rows (filter, active only) in the chosen order.
 */
#ifndef KVMEXITTOP_FIELDS_H
#define KVMEXITTOP_FIELDS_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum field {
	FIELD_REASON,
	FIELD_NAME,
	FIELD_RATE,	/* exits/s: the default sort */
	FIELD_SHARE,	/* share of exits over the interval */
	FIELD_TOTAL,	/* exits since the display baseline */
	FIELD_CYCLES,	/* cycles per exit */
	FIELD_TIME,	/* share of handling cycles over the interval */
	FIELD_COUNT
};

struct field_info {
	const char *name;	/* for -s, JSON-free lowercase */
	const char *title;	/* column title on screen and in text */
	const char *help;
};

extern const struct field_info field_table[FIELD_COUNT];

/* Parse a -s name; returns 0, or -1 when it is not a field. */
int field_parse(const char *name, enum field *field);

/* Which rows to show and in what order. */
struct row_selection {
	enum field sort;
	bool active_only;	/* hide rows whose rate is 0 */
	const char *filter;	/* case-insensitive part of the name, or NULL */
	const regex_t *regex;	/* -r: names must match, or NULL */
};

/*
 * Fill rows (room for m->nreasons) with the selected reasons, sorted:
 * numbers descending, reason and name ascending, ties by reason.  Returns
 * how many.
 */
size_t select_rows(const struct model *m, const struct row_selection *sel,
		   const struct reason_stat **rows);

#endif /* KVMEXITTOP_FIELDS_H */
