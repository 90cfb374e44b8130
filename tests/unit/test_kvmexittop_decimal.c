// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kvmexittop's decimal_fixed(): for 0, 1 and 2 decimals its
 * text must be snprintf's "%.*f", byte for byte, on the edges (halves and
 * their neighbours, carries, powers of two, the top of the range,
 * subnormals) and on a few hundred thousand values from a fixed-seed
 * generator; and what it leaves to snprintf (a sign bit, 2^53 and up,
 * infinities, NaN, decimals outside 0..2) must return 0, writing nothing.
 * Each group is one check, whatever its number of values.
 */
#define HARNESS_SUITE "kvmexittop_decimal"
#include "../harness.h"

#include <float.h>
#include <math.h>
#include <limits.h>
#include <stdint.h>

#include "../../tools/kvmexittop/decimal.h"

/* Bytes decimal_fixed() must leave alone. */
#define SENTINEL 0x7f
/* Mismatches printed in full per group; the check line names the first. */
#define SHOWN_MISMATCHES 5

static struct {
	const char *name;
	unsigned long values, mismatches;
	char first[160];
} group;

static uint64_t bits_of(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof(b));
	return b;
}

static double from_bits(uint64_t b)
{
	double v;

	memcpy(&v, &b, sizeof(v));
	return v;
}

/* nextafter(v, +inf) and nextafter(v, 0) for finite v >= 0, n ulps away. */
static double ulps_up(double v, unsigned n)
{
	return from_bits(bits_of(v) + n);
}

static double ulps_down(double v, unsigned n)
{
	uint64_t b = bits_of(v);

	return from_bits(b > n ? b - n : 0);
}

/* xorshift64 (Marsaglia's 13, 7, 17), fixed seed: the same values each run. */
static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void begin(const char *name)
{
	group.name = name;
	group.values = 0;
	group.mismatches = 0;
	group.first[0] = '\0';
}

/* decimal_fixed(v, decimals) against snprintf("%.*f"). */
static void compare(double v, int decimals)
{
	char out[DECIMAL_MAX + 1], want[512], got[DECIMAL_MAX + 1];
	size_t n, i;
	int w, ok;

	memset(out, SENTINEL, sizeof(out));
	n = decimal_fixed(out, v, decimals);
	w = snprintf(want, sizeof(want), "%.*f", decimals, v);
	ok = n > 0 && n <= DECIMAL_MAX && n == (size_t)w && out[n] == '\0' &&
	     !memcmp(out, want, n);
	for (i = n + 1; ok && i < sizeof(out); i++)
		ok = out[i] == SENTINEL;
	if (ok)
		return;

	/* What it wrote, bounded, in case it wrote no NUL. */
	for (i = 0; i < n && i < DECIMAL_MAX && out[i] && out[i] != SENTINEL; i++)
		got[i] = out[i];
	got[i] = '\0';
	group.mismatches++;
	if (group.mismatches <= SHOWN_MISMATCHES)
		printf("# %s: %a (%.17g) decimals %d: decimal_fixed \"%s\" "
		       "(returned %zu), snprintf \"%s\"\n", group.name, v, v,
		       decimals, got, n, want);
	if (group.mismatches == 1)
		snprintf(group.first, sizeof(group.first),
			 "; first %a decimals %d: \"%s\" (returned %zu) vs \"%.40s\"",
			 v, decimals, got, n, want);
}

static void value(double v)
{
	group.values++;
	for (int d = 0; d <= 2; d++)
		compare(v, d);
}

/* v and its neighbours up to n ulps either side. */
static void around(double v, unsigned n)
{
	value(v);
	for (unsigned i = 1; i <= n; i++) {
		value(ulps_up(v, i));
		if (bits_of(v) >= i)
			value(ulps_down(v, i));
	}
}

static void end(void)
{
	CHECK(group.values > 0 && group.mismatches == 0,
	      "%s: %lu values x 0..2 decimals as snprintf (%lu mismatches%s)",
	      group.name, group.values, group.mismatches, group.first);
}

static void test_edges(void)
{
	static const double listed[] = {
		0, 0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 2.675, 1.005, 0.125,
		9.995, 99.5, 999.995, 0.005, 0.015, 0.35, 0.45, 1.25, 1.35,
		3.5, 4.5, 0.375, 0.625, 0.875, 1.115, 1.125, 10.005, 0.995,
		0.95, 9.5, 9.95, 99.95, 99.995, 1, 10, 100, 1000, 1e15,
	};

	begin("listed values and 3 ulps either side");
	for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		around(listed[i], 3);
	end();

	/* (2k+1) / (2 * 10^d): nearest to a half in the last digit. */
	begin("nearest doubles to halves (2k+1)/(2*10^d), k < 20000, and 2 ulps either side");
	for (int d = 0; d <= 2; d++) {
		double s = d == 0 ? 1 : d == 1 ? 10 : 100;

		for (int k = 0; k < 20000; k++)
			around((2.0 * k + 1) / (2 * s), 2);
	}
	end();

	/*
	 * The only exact ties in the last digit are the odd multiples of
	 * 2^-(d+1): below 2^6 and on integer parts 2^k - 1 up to the top
	 * where they are still doubles.
	 */
	begin("exact ties odd/2^(d+1) on small and 2^k - 1 integer parts, and neighbours");
	for (int d = 0; d <= 2; d++) {
		double unit = 1.0 / (2 << d);

		for (int j = 1; j < 2 << 8; j += 2)
			around(j * unit, 1);
		for (int k = 1; k <= 52 - d; k++) {
			double base = (double)((UINT64_C(1) << k) - 1);

			for (int j = 1; j < 2 << d; j += 2)
				around(base + j * unit, 1);
		}
	}
	end();

	begin("carries: 10^k, 10^k - half a last digit, and 4 ulps either side, k <= 15");
	for (int k = 0; k <= 15; k++) {
		uint64_t p = 1;

		for (int i = 0; i < k; i++)
			p *= 10;
		around((double)p, 4);
		around((double)p - 0.5, 4);
		around((double)p - 0.05, 4);
		around((double)p - 0.005, 4);
	}
	end();

	begin("powers of two 2^-1074..2^52 and 2 ulps either side");
	for (int e = -1074; e <= 52; e++) {
		uint64_t b = e >= -1022 ? (uint64_t)(e + 1023) << 52
					: UINT64_C(1) << (e + 1074);

		around(from_bits(b), 2);
	}
	end();

	begin("top: 2^52, 2^53 - 1 and the 2000 largest doubles below 2^53");
	around(4503599627370496.0, 1000);	/* 2^52 */
	value(9007199254740991.0);		/* 2^53 - 1 */
	for (unsigned i = 1; i <= 2000; i++)
		value(ulps_down(9007199254740992.0, i));
	value(4503599627370495.5);		/* 2^52 - 1/2: a tie */
	value(2251799813685247.75);		/* 2^51 - 1/4 */
	end();

	begin("smallest normal, subnormals, and 1000 random subnormals");
	around(DBL_MIN, 3);
	around(DBL_TRUE_MIN, 3);
	value(ulps_down(DBL_MIN, 1));	/* the largest subnormal */
	value(DBL_MIN / 2);
	for (int i = 0; i < 1000; i++)
		value(from_bits(rng() & ((UINT64_C(1) << 52) - 1)));
	end();
}

static void test_random(void)
{
	begin("200000 random values, binary exponents over 1e-6..9e15");
	for (int i = 0; i < 200000;) {
		int e = (int)(rng() % 73) - 20;		/* 2^-20 .. 2^52 */
		uint64_t b = (uint64_t)(e + 1023) << 52 |
			     (rng() & ((UINT64_C(1) << 52) - 1));
		double v = from_bits(b);

		if (v < 1e-6 || v >= 9e15)
			continue;
		value(v);
		i++;
	}
	end();

	begin("100000 random bit patterns below 2^53");
	for (int i = 0; i < 100000; i++)
		value(from_bits(rng() % UINT64_C(0x4340000000000000)));
	end();

	/* (10n + 5) / 10^(d+1): the double nearest a half of the last digit. */
	begin("50000 random near-ties (10n+5)/10^(d+1) over 1..15 digits, and 1 ulp either side");
	for (int i = 0; i < 50000; i++) {
		int d = (int)(rng() % 3), digits = 1 + (int)(rng() % 15);
		uint64_t p = 1, n;

		for (int j = 0; j < digits; j++)
			p *= 10;
		n = rng() % p;
		if (n * 10 + 5 >= UINT64_C(1) << 53)
			n = rng() % (UINT64_C(1) << 49);
		around((double)(n * 10 + 5) / (d == 0 ? 10 : d == 1 ? 100 : 1000), 1);
	}
	end();

	/* What the live view prints: exits over seconds, and percentages. */
	begin("50000 random rates count/interval and shares 100*a/b");
	for (int i = 0; i < 25000; i++) {
		uint64_t count = rng() % (UINT64_C(1) << (1 + rng() % 50));
		double interval = 0.25 + (double)(rng() % 4000000) / 1e6;
		uint64_t b = 1 + rng() % 1000000, a = rng() % (b + 1);

		value((double)count / interval);
		value(100.0 * (double)a / (double)b);
	}
	end();
}

/* decimal_fixed() returns 0 for every one of values and writes nothing. */
static void rejected(const char *what, const double *values, size_t nvalues,
		     const int *decimals, size_t ndecimals)
{
	unsigned long bad = 0, total = 0;
	char first[160] = "";

	for (size_t i = 0; i < nvalues; i++)
		for (size_t j = 0; j < ndecimals; j++) {
			char out[DECIMAL_MAX + 1];
			size_t n, k;

			memset(out, SENTINEL, sizeof(out));
			n = decimal_fixed(out, values[i], decimals[j]);
			for (k = 0; k < sizeof(out) && out[k] == SENTINEL; k++)
				;
			total++;
			if (n == 0 && k == sizeof(out))
				continue;
			if (!bad++)
				snprintf(first, sizeof(first),
					 "; %a decimals %d returned %zu%s",
					 values[i], decimals[j], n,
					 k < sizeof(out) ? ", wrote" : "");
		}
	CHECK(bad == 0, "%s: %lu calls return 0 and write nothing (%lu did not%s)",
	      what, total, bad, first);
}

#define NUM(a) (sizeof(a) / sizeof((a)[0]))

static void test_rejected(void)
{
	static const int valid[] = { 0, 1, 2 };
	static const double negative[] = {
		-1.0, -0.5, -0.05, -2.675, -DBL_TRUE_MIN, -DBL_MIN, -1e15,
		-9007199254740991.0, -9007199254740992.0, -1e300, -DBL_MAX,
		-INFINITY,
	};
	static const double minus_zero[] = { -0.0 };
	static const double big[] = {
		9007199254740992.0, 9007199254740994.0, 1e16, 18446744073709551616.0,
		1e300, DBL_MAX,
	};
	static const double infinite[] = { INFINITY };
	double nans[] = { NAN, -NAN, from_bits(UINT64_C(0x7ff0000000000001)),
			  from_bits(UINT64_C(0x7ff8000000000001)),
			  from_bits(UINT64_C(0xfff0000000000001)) };
	static const double ordinary[] = { 0.0, 0.5, 1.0, 2.675, 1e15 };
	static const int below[] = { -1, -2, INT_MIN };
	static const int above[] = { 3, 4, INT_MAX };

	rejected("negative values", negative, NUM(negative), valid, NUM(valid));
	/* decimal.h: "a negative sign (-0.0 too)"; snprintf writes "-0". */
	rejected("-0.0 (its sign bit is left to snprintf)", minus_zero, 1,
		 valid, NUM(valid));
	rejected("2^53, just above, 1e16, 2^64, 1e300, DBL_MAX", big, NUM(big),
		 valid, NUM(valid));
	rejected("INFINITY", infinite, 1, valid, NUM(valid));
	rejected("NAN, -NAN and signalling/payload NaNs", nans, NUM(nans),
		 valid, NUM(valid));
	rejected("decimals -1, -2, INT_MIN", ordinary, NUM(ordinary), below,
		 NUM(below));
	rejected("decimals 3, 4, INT_MAX", ordinary, NUM(ordinary), above,
		 NUM(above));
}

int main(void)
{
	HARNESS_PLAN(18);
	test_edges();
	test_random();
	test_rejected();
	return harness_exit_status();
}
