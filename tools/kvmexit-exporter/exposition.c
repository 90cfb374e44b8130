// SPDX-License-Identifier: GPL-2.0-only
/* The exposition formats: see exposition.h. */
#include "exposition.h"

#include <stdlib.h>
#include <string.h>

const char *expo_content_type(enum expo_format format)
{
	return format == EXPO_OPENMETRICS ?
	       "application/openmetrics-text; version=1.0.0; charset=utf-8" :
	       "text/plain; version=0.0.4; charset=utf-8";
}

const char *expo_trailer(enum expo_format format)
{
	return format == EXPO_OPENMETRICS ? "# EOF\n" : "";
}

static bool grow(struct expo_family *f, size_t more)
	__attribute__((noinline));

static bool grow(struct expo_family *f, size_t more)
{
	if (f->failed)
		return false;
	size_t cap = f->cap ? f->cap : 256;

	while (cap < f->len + more)
		cap *= 2;
	char *text = realloc(f->text, cap);

	if (!text) {
		f->failed = true;
		return false;
	}
	f->text = text;
	f->cap = cap;
	return true;
}

/* The common case inline: a few bytes into room that is there. */
static inline bool reserve(struct expo_family *f, size_t more)
{
	return f->len + more <= f->cap || grow(f, more);
}

static inline void put(struct expo_family *f, const char *s, size_t n)
{
	if (!reserve(f, n))
		return;
	memcpy(f->text + f->len, s, n);
	f->len += n;
}

static void puts_(struct expo_family *f, const char *s)
{
	put(f, s, strlen(s));
}

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one: overlong forms, surrogates and code points above
 * U+10FFFF are invalid too (RFC 3629).
 */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Escaped as both formats want: backslash, newline and (in label values,
 * and in OpenMetrics HELP) the double quote; invalid UTF-8 becomes U+FFFD.
 */
static void put_escaped(struct expo_family *f, const char *text, bool quote)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);

	while (n) {
		size_t run = 0, len;

		/* Copy the longest stretch that needs nothing, in one go. */
		while (run < n) {
			unsigned char c = s[run];

			if (c >= 0x20 && c < 0x80 && c != '\\' && c != '"') {
				run++;	/* plain ASCII, the usual case */
				continue;
			}
			if (c == '"' && !quote) {
				run++;
				continue;
			}
			len = utf8_sequence(s + run, n - run);
			if (!len || (len == 1 && (c == '\\' || c == '\n' || c == '"')))
				break;
			run += len;
		}
		put(f, (const char *)s, run);
		s += run;
		n -= run;
		if (!n)
			break;
		if (*s == '\\')
			puts_(f, "\\\\");
		else if (*s == '\n')
			puts_(f, "\\n");
		else if (*s == '"')
			puts_(f, "\\\"");
		else
			puts_(f, "\xef\xbf\xbd");	/* U+FFFD */
		s++;
		n--;
	}
}

static const char *type_word(enum expo_format format, enum expo_type type)
{
	switch (type) {
	case EXPO_COUNTER:
		return "counter";
	case EXPO_INFO:
		/* Text 0.0.4 has no info type: an info metric is a gauge of 1. */
		return format == EXPO_OPENMETRICS ? "info" : "gauge";
	case EXPO_GAUGE:
		break;
	}
	return "gauge";
}

static const char *sample_suffix(enum expo_type type)
{
	return type == EXPO_COUNTER ? "_total" : type == EXPO_INFO ? "_info" : "";
}

/* Metadata lines name the family; text 0.0.4 names it by its samples. */
static void put_family_name(struct expo_family *f)
{
	puts_(f, f->desc->name);
	if (f->format == EXPO_TEXT)
		puts_(f, sample_suffix(f->desc->type));
}

void expo_family_begin(struct expo_family *f, enum expo_format format,
		       const struct expo_family_desc *desc, size_t size_hint)
{
	*f = (struct expo_family){ .format = format, .desc = desc };
	reserve(f, size_hint ? size_hint : 256);
	puts_(f, "# HELP ");
	put_family_name(f);
	puts_(f, " ");
	put_escaped(f, desc->help, format == EXPO_OPENMETRICS);
	puts_(f, "\n# TYPE ");
	put_family_name(f);
	puts_(f, " ");
	puts_(f, type_word(format, desc->type));
	puts_(f, "\n");
	if (desc->unit && format == EXPO_OPENMETRICS) {
		puts_(f, "# UNIT ");
		put_family_name(f);
		puts_(f, " ");
		puts_(f, desc->unit);
		puts_(f, "\n");
	}
}

static void put_name_and_labels(struct expo_family *f,
				const struct expo_label *labels, size_t nlabels)
{
	puts_(f, f->desc->name);
	puts_(f, sample_suffix(f->desc->type));
	if (nlabels) {
		puts_(f, "{");
		for (size_t i = 0; i < nlabels; i++) {
			if (i)
				puts_(f, ",");
			puts_(f, labels[i].name);
			puts_(f, "=\"");
			put_escaped(f, labels[i].value, true);
			puts_(f, "\"");
		}
		puts_(f, "}");
	}
	puts_(f, " ");
}

/*
 * Decimal digits by hand: a scrape of every vCPU writes a quarter of a
 * million numbers, and printf's machinery was a fifth of its CPU time.
 */
static void put_u64(struct expo_family *f, uint64_t v)
{
	char buf[20];
	size_t i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(f, buf + i, sizeof(buf) - i);
}

void expo_sample_u64(struct expo_family *f, const struct expo_label *labels,
		     size_t nlabels, uint64_t value)
{
	put_name_and_labels(f, labels, nlabels);
	put_u64(f, value);
	put(f, "\n", 1);
}

void expo_sample_ratio(struct expo_family *f, const struct expo_label *labels,
		       size_t nlabels, uint64_t num, uint64_t den)
{
	uint64_t whole = num / den;
	/* (num % den) * 10^9 needs up to 94 bits. */
	uint64_t nanos = (uint64_t)((unsigned __int128)(num % den) * 1000000000u / den);
	char frac[10];
	int len = 9;

	put_name_and_labels(f, labels, nlabels);
	put_u64(f, whole);
	if (nanos) {
		for (int i = 8; i >= 0; i--, nanos /= 10)
			frac[i] = (char)('0' + nanos % 10);
		while (frac[len - 1] == '0')
			len--;
		frac[len] = '\0';
		put(f, ".", 1);
		put(f, frac, (size_t)len);
	}
	put(f, "\n", 1);
}

char *expo_family_take(struct expo_family *f, size_t *len)
{
	char *text = f->text;

	*len = f->len;
	*f = (struct expo_family){ 0 };
	return text;
}

void expo_family_free(struct expo_family *f)
{
	free(f->text);
	*f = (struct expo_family){ 0 };
}
