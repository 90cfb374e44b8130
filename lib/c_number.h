/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Numbers read the same in every locale: "0.5" is a half whether the user's
 * LC_NUMERIC writes "0,5" or not.  Every option that takes a decimal
 * (kvmexittop -d, kvmexit-probe -w) goes through here.
 */
#ifndef KVMEXIT_C_NUMBER_H
#define KVMEXIT_C_NUMBER_H

/* strtod() in the "C" locale, whatever setlocale() chose. */
double kvmexit_strtod_c(const char *text, char **end);

#endif /* KVMEXIT_C_NUMBER_H */
