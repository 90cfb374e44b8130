/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf's "%.0f", "%.1f" and "%.2f" for the live view's numbers, which it
 * formats a few hundred times a frame: the same digits, at a tenth of the
 * cost.  The double's exact binary value is rounded half to even, as glibc
 * does in the default rounding mode, in integer arithmetic.
 */
#ifndef KVMEXITTOP_DECIMAL_H
#define KVMEXITTOP_DECIMAL_H

#include <stddef.h>

/* Longest text decimal_fixed() writes, without the NUL. */
#define DECIMAL_MAX 20

/*
 * Write v with decimals (0 to 2) digits after the point into out, NUL
 * terminated, and return its length; or return 0, having written nothing,
 * for what it does not cover: a negative sign (-0.0 too), infinities, NaN
 * and 2^53 and up.
 */
size_t decimal_fixed(char out[DECIMAL_MAX + 1], double v, int decimals);

#endif /* KVMEXITTOP_DECIMAL_H */
