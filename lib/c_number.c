// SPDX-License-Identifier: GPL-2.0-only
/* Locale-independent number parsing: see c_number.h. */
#include "c_number.h"

#include <locale.h>
#include <stdlib.h>

double kvmexit_strtod_c(const char *text, char **end)
{
	/* Created once; "C" always exists, so newlocale cannot fail for want of it. */
	static locale_t c_locale;

	if (!c_locale)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return strtod_l(text, end, c_locale);
}
