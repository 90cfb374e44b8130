/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CHECK_TEXT: compare multi-line output exactly, and on a mismatch show the
 * first line that differs (the harness keeps each check on one line).
 */
#ifndef KVMEXIT_TEST_TEXT_CHECK_H
#define KVMEXIT_TEST_TEXT_CHECK_H

#include <string.h>

/* Line number (1-based) where a and b first differ, and the two lines. */
static inline int text_first_diff(const char *a, const char *b, char *la,
				  char *lb, size_t size)
{
	int line = 1;

	while (*a && *b) {
		size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");

		if (na != nb || memcmp(a, b, na) || a[na] != b[nb]) {
			snprintf(la, size, "%.*s%s", (int)na, a, a[na] ? "" : "<no newline>");
			snprintf(lb, size, "%.*s%s", (int)nb, b, b[nb] ? "" : "<no newline>");
			return line;
		}
		a += na + (a[na] ? 1 : 0);
		b += nb + (b[nb] ? 1 : 0);
		line++;
	}
	if (!*a && !*b)
		return 0;
	snprintf(la, size, "%.*s", (int)strcspn(a, "\n"), *a ? a : "<end>");
	snprintf(lb, size, "%.*s", (int)strcspn(b, "\n"), *b ? b : "<end>");
	return line;
}

#define CHECK_TEXT(actual, expected, what)                                  \
	do {                                                                \
		const char *ta_ = (actual) ? (actual) : "(null)";           \
		char la_[200], lb_[200];                                    \
		int d_ = text_first_diff(ta_, (expected), la_, lb_,         \
					 sizeof(la_));                      \
		if (d_)                                                     \
			CHECK(0, "%.100s: line %d: got \"%.190s\", expected \"%.190s\"", \
			      what, d_, la_, lb_);                          \
		else                                                        \
			CHECK(1, "%.100s: exact", what);                        \
	} while (0)

#endif /* KVMEXIT_TEST_TEXT_CHECK_H */
