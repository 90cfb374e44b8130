// SPDX-License-Identifier: GPL-2.0-only
/* Fixed-point decimals without printf: see decimal.h. */
#include "decimal.h"

#include <stdint.h>
#include <string.h>

static const uint64_t scale[] = { 1, 10, 100 };

/*
 * v * 10^decimals rounded half to even, for 0 <= v < 2^53.  v is
 * mantissa * 2^-shift exactly; mantissa * 100 < 2^60 fits, so the product
 * and the remainder of the shift are exact.
 */
static uint64_t scaled_round(uint64_t bits, int decimals)
{
	int exponent = (int)(bits >> 52);
	uint64_t mantissa = bits & ((UINT64_C(1) << 52) - 1);

	if (exponent == 0)
		return 0;	/* zero or subnormal: far below a half */
	mantissa |= UINT64_C(1) << 52;

	uint64_t n = mantissa * scale[decimals];
	int shift = 1075 - exponent;	/* >= 0 below 2^53 */

	if (shift == 0)
		return n;
	if (shift >= 64)
		return 0;	/* n < 2^60 is under a sixteenth */

	uint64_t q = n >> shift, rest = n & ((UINT64_C(1) << shift) - 1);
	uint64_t half = UINT64_C(1) << (shift - 1);

	return q + (rest > half || (rest == half && (q & 1)));
}

size_t decimal_fixed(char out[DECIMAL_MAX + 1], double v, int decimals)
{
	uint64_t bits, n;
	char digits[DECIMAL_MAX];
	size_t len = 0, i = 0;

	memcpy(&bits, &v, sizeof(bits));
	/* The sign bit, and 2^53 and up (infinities and NaN among them). */
	if (decimals < 0 || decimals > 2 || bits >= UINT64_C(0x4340000000000000))
		return 0;
	n = scaled_round(bits, decimals);
	/* Digits backwards, at least one before the point. */
	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n || len <= (size_t)decimals);
	while (len) {
		out[i++] = digits[--len];
		if (len == (size_t)decimals && decimals)
			out[i++] = '.';
	}
	out[i] = '\0';
	return i;
}
