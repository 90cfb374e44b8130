// SPDX-License-Identifier: GPL-2.0-only
/* Content negotiation for /metrics: see accept.h. */
#include "accept.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* [s, e) without the spaces and tabs around it. */
static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static bool equals(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - s) == n && !strncasecmp(s, word, n);
}

/* A q value "0", "0.5", "1.000": thousandths, or -1 when malformed. */
static int parse_q(const char *s, const char *e)
{
	int q = 0, scale = 1000;

	if (s == e || (*s != '0' && *s != '1'))
		return -1;
	q = (*s++ - '0') * 1000;
	if (s < e && *s++ != '.')
		return -1;
	for (int digits = 0; s < e; s++, digits++) {
		if (*s < '0' || *s > '9' || digits == 3)
			return -1;
		scale /= 10;
		q += (*s - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* One media range: its rating for OpenMetrics 1.0 and for text 0.0.4. */
static void rate_range(const char *s, const char *e, int *om, int *text)
{
	const char *semi = memchr(s, ';', (size_t)(e - s));
	const char *type_end = semi ? semi : e;
	const char *ts = s, *te = type_end;
	const char *version = NULL, *version_end = NULL;
	int q = 1000;

	trim(&ts, &te);
	while (semi) {
		const char *ps = semi + 1;
		const char *pe = memchr(ps, ';', (size_t)(e - ps));

		semi = pe;
		if (!pe)
			pe = e;
		const char *eq = memchr(ps, '=', (size_t)(pe - ps));

		if (!eq)
			continue;
		const char *ks = ps, *ke = eq, *vs = eq + 1, *ve = pe;

		trim(&ks, &ke);
		trim(&vs, &ve);
		if (equals(ks, ke, "q"))
			q = parse_q(vs, ve);
		else if (equals(ks, ke, "version"))
			version = vs, version_end = ve;
	}
	if (q < 0)
		return;		/* a malformed range counts for nothing */
	if (equals(ts, te, "application/openmetrics-text")) {
		if (!version || equals(version, version_end, "1.0.0"))
			*om = q > *om ? q : *om;
	} else if (equals(ts, te, "text/plain")) {
		if (!version || equals(version, version_end, "0.0.4"))
			*text = q > *text ? q : *text;
	} else if (equals(ts, te, "*/*") || equals(ts, te, "text/*")) {
		*text = q > *text ? q : *text;
	}
}

enum expo_format accept_format(const char *accept)
{
	int om = 0, text = 0;

	if (!accept)
		return EXPO_TEXT;
	for (const char *s = accept; *s;) {
		const char *comma = strchr(s, ',');
		const char *e = comma ? comma : s + strlen(s);

		rate_range(s, e, &om, &text);
		s = comma ? comma + 1 : e;
	}
	return om > 0 && om >= text ? EXPO_OPENMETRICS : EXPO_TEXT;
}
