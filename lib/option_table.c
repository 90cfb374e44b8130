// SPDX-License-Identifier: GPL-2.0-only
/* getopt_long's tables and the help lines from an option table: see option_table.h. */
#include "option_table.h"

#include <getopt.h>

void option_table_getopt(const struct option_doc *table, size_t count,
			 struct option *longopts, char *shortopts)
{
	size_t ns = 0;

	shortopts[ns++] = ':';
	for (size_t i = 0; i < count; i++) {
		const struct option_doc *d = &table[i];

		longopts[i] = (struct option){
			.name = d->long_name,
			.has_arg = d->arg ? required_argument : no_argument,
			.val = d->short_name ? d->short_name :
					       (int)(OPTION_LONG_ONLY_BASE + i),
		};
		if (d->short_name) {
			shortopts[ns++] = d->short_name;
			if (d->arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[count] = (struct option){ 0 };
	shortopts[ns] = '\0';
}

const struct option_doc *option_table_long_only(const struct option_doc *table,
						size_t count, int c)
{
	if (c < OPTION_LONG_ONLY_BASE || (size_t)(c - OPTION_LONG_ONLY_BASE) >= count)
		return NULL;
	return &table[c - OPTION_LONG_ONLY_BASE];
}

void option_table_help(FILE *out, const struct option_doc *table, size_t count,
		       int width)
{
	for (size_t i = 0; i < count; i++) {
		const struct option_doc *d = &table[i];
		char left[64];

		if (d->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", d->short_name,
				 d->long_name, d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", d->long_name,
				 d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-*s %s\n", width, left, d->help);
	}
}
