/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal test harness: each check prints "ok" or "not ok" with the values
 * involved, TAP-style, so that tests/summarize can count every suite alike.
 * main() starts with HARNESS_PLAN(N), N the number of checks written in the
 * source: a check that does not run (an early return, a loop that ends
 * sooner) then fails the suite instead of vanishing.  A check that cannot
 * run here is a SKIP, which counts towards the plan and is reported.
 */
#ifndef KVMEXIT_TEST_HARNESS_H
#define KVMEXIT_TEST_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int harness_failed;
static int harness_count;
static int harness_planned = -1;

/* HARNESS_PLAN(n): the TAP plan line "1..n", before the first check. */
#define HARNESS_PLAN(n) harness_plan(n)

static inline void harness_plan(int planned)
{
	harness_planned = planned;
	printf("1..%d\n", planned);
}

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

/*
 * SKIP("what", "why %d", value): a check that cannot run here, with the
 * reason; it is counted in the plan and shown in the summary.
 */
#define SKIP(what, ...)                                                    \
	do {                                                               \
		char why_[512];                                            \
		snprintf(why_, sizeof(why_), __VA_ARGS__);                 \
		harness_count++;                                           \
		printf("ok %d - %s: %s # SKIP %s\n", harness_count,        \
		       HARNESS_SUITE, what, why_);                         \
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

/* Non-zero when a check failed or the checks run differ from the plan. */
static inline int harness_exit_status(void)
{
	if (harness_planned >= 0 && harness_count != harness_planned) {
		printf("# planned %d checks, ran %d\n", harness_planned,
		       harness_count);
		return 1;
	}
	return harness_failed ? 1 : 0;
}

#endif /* KVMEXIT_TEST_HARNESS_H */
