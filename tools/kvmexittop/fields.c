// SPDX-License-Identifier: GPL-2.0-only
/* The column table and row selection: see fields.h. */
#include "fields.h"

#include <stdlib.h>
#include <string.h>

const struct field_info field_table[FIELD_COUNT] = {
	[FIELD_REASON] = { "reason", "REASON", "exit reason number" },
	[FIELD_NAME] = { "name", "NAME", "exit reason name" },
	[FIELD_RATE] = { "rate", "EXITS/S", "exits per second" },
	[FIELD_SHARE] = { "share", "%EXITS", "share of all exits" },
	[FIELD_TOTAL] = { "total", "TOTAL", "exits since start or z" },
	[FIELD_CYCLES] = { "cycles", "CYC/EXIT", "TSC cycles per exit" },
	[FIELD_TIME] = { "time", "%TIME", "share of exit-handling time" },
};

int field_parse(const char *name, enum field *field)
{
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!strcmp(name, field_table[f].name)) {
			*field = (enum field)f;
			return 0;
		}
	}
	return -1;
}

struct sort_context {
	const struct model *m;
	enum field field;
};

static int cmp_double_desc(double a, double b)
{
	return a > b ? -1 : a < b ? 1 : 0;
}

static int compare_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_context *ctx = arg;
	const struct reason_stat *a = *(const struct reason_stat *const *)pa;
	const struct reason_stat *b = *(const struct reason_stat *const *)pb;
	int c = 0;

	switch (ctx->field) {
	case FIELD_REASON:
	case FIELD_COUNT:
		break;
	case FIELD_NAME:
		c = strcmp(a->name, b->name);
		break;
	case FIELD_RATE:
	case FIELD_SHARE:	/* the share is the rate over the same total */
		c = cmp_double_desc(a->rate, b->rate);
		break;
	case FIELD_TOTAL:
		c = cmp_double_desc((double)model_shown_count(ctx->m, a),
				    (double)model_shown_count(ctx->m, b));
		break;
	case FIELD_CYCLES:
		c = cmp_double_desc(model_cycles_per_exit(ctx->m, a),
				    model_cycles_per_exit(ctx->m, b));
		break;
	case FIELD_TIME:
		c = cmp_double_desc(a->cycles_rate, b->cycles_rate);
		break;
	}
	if (c)
		return c;
	return a->reason < b->reason ? -1 : a->reason > b->reason;
}

size_t select_rows(const struct model *m, const struct row_selection *sel,
		   const struct reason_stat **rows)
{
	struct sort_context ctx = { .m = m, .field = sel->sort };
	size_t n = 0;

	for (size_t i = 0; i < m->nreasons; i++) {
		const struct reason_stat *r = &m->reasons[i];

		if (sel->active_only && r->rate == 0)
			continue;
		if (sel->filter && *sel->filter &&
		    !strcasestr(r->name, sel->filter))
			continue;
		if (sel->regex && regexec(sel->regex, r->name, 0, NULL, 0))
			continue;
		rows[n++] = r;
	}
	qsort_r(rows, n, sizeof(*rows), compare_rows, &ctx);
	return n;
}
