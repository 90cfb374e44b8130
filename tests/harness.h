/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal test harness: each check prints "ok" or "not ok" with the values
 * involved, TAP-style, so that tests/summarize can count every suite alike.
 */
#ifndef KVMEXIT_TEST_HARNESS_H
#define KVMEXIT_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int harness_failed;
static int harness_count;

static inline void harness_report(int ok, const char *suite, const char *what,
				  const char *file, int line)
{
	harness_count++;
	if (!ok)
		harness_failed++;
	printf("%s %d - %s: %s", ok ? "ok" : "not ok", harness_count, suite, what);
	if (!ok)
		printf("  (%s:%d)", file, line);
	printf("\n");
}

/* CHECK(cond, "what %d", value): one counted assertion. */
#define CHECK(cond, ...)                                                   \
	do {                                                               \
		char what_[512];                                           \
		snprintf(what_, sizeof(what_), __VA_ARGS__);               \
		harness_report(!!(cond), HARNESS_SUITE, what_, __FILE__,   \
			       __LINE__);                                  \
	} while (0)

#define CHECK_EQ_U64(actual, expected, what)                               \
	do {                                                               \
		uint64_t a_ = (uint64_t)(actual), e_ = (uint64_t)(expected); \
		CHECK(a_ == e_, "%s: got %" PRIu64 ", expected %" PRIu64,  \
		      what, a_, e_);                                       \
	} while (0)

#define CHECK_EQ_STR(actual, expected, what)                               \
	do {                                                               \
		const char *a_ = (actual), *e_ = (expected);               \
		CHECK(a_ && e_ && !strcmp(a_, e_),                         \
		      "%s: got \"%s\", expected \"%s\"", what,             \
		      a_ ? a_ : "(null)", e_ ? e_ : "(null)");             \
	} while (0)

static inline int harness_exit_status(void)
{
	return harness_failed ? 1 : 0;
}

#endif /* KVMEXIT_TEST_HARNESS_H */
