/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For the harnesses that produce JSON: is a text valid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), and is it one or
 * more JSON values (RFC 8259) separated by whitespace, as one-object-per-line
 * output is?  Strict and small, so that a harness can check every output.
 */
#ifndef KVMEXIT_FUZZ_JSON_CHECK_H
#define KVMEXIT_FUZZ_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t len;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return false;
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += len;
	}
	return true;
}

struct json_check {
	const unsigned char *s;
	size_t n, i;
	int depth;
};

static inline void json_check_ws(struct json_check *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
			       j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

static inline bool json_check_lit(struct json_check *j, const char *lit)
{
	for (; *lit; lit++, j->i++)
		if (j->i >= j->n || j->s[j->i] != (unsigned char)*lit)
			return false;
	return true;
}

static inline bool json_check_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static inline bool json_check_string(struct json_check *j)
{
	if (j->i >= j->n || j->s[j->i++] != '"')
		return false;
	while (j->i < j->n) {
		unsigned char c = j->s[j->i++];

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (j->i >= j->n)
			return false;
		c = j->s[j->i++];
		if (c == 'u') {
			for (int k = 0; k < 4; k++)
				if (j->i >= j->n || !json_check_hex(j->s[j->i++]))
					return false;
		} else if (!strchr("\"\\/bfnrt", c) || c == '\0') {
			return false;
		}
	}
	return false;
}

static inline bool json_check_digits(struct json_check *j)
{
	size_t start = j->i;

	while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	return j->i > start;
}

static inline bool json_check_number(struct json_check *j)
{
	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (!json_check_digits(j))
		return false;
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (!json_check_digits(j))
			return false;
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		if (!json_check_digits(j))
			return false;
	}
	return true;
}

static inline bool json_check_value(struct json_check *j)
{
	json_check_ws(j);
	if (j->i >= j->n)
		return false;
	switch (j->s[j->i]) {
	case '{':
	case '[': {
		bool object = j->s[j->i++] == '{';
		char close = object ? '}' : ']';

		if (++j->depth > 64)
			return false;
		json_check_ws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			j->depth--;
			return true;
		}
		for (;;) {
			if (object) {
				json_check_ws(j);
				if (!json_check_string(j))
					return false;
				json_check_ws(j);
				if (j->i >= j->n || j->s[j->i++] != ':')
					return false;
			}
			if (!json_check_value(j))
				return false;
			json_check_ws(j);
			if (j->i >= j->n)
				return false;
			if (j->s[j->i] == close) {
				j->i++;
				j->depth--;
				return true;
			}
			if (j->s[j->i++] != ',')
				return false;
		}
	}
	case '"':
		return json_check_string(j);
	case 't':
		return json_check_lit(j, "true");
	case 'f':
		return json_check_lit(j, "false");
	case 'n':
		return json_check_lit(j, "null");
	default:
		return json_check_number(j);
	}
}

/* One or more JSON values separated by whitespace, and valid UTF-8. */
static inline bool json_text_valid(const char *text, size_t n)
{
	struct json_check j = { (const unsigned char *)text, n, 0, 0 };

	if (!utf8_valid(j.s, n))
		return false;
	do {
		if (!json_check_value(&j))
			return false;
		json_check_ws(&j);
	} while (j.i < j.n);
	return true;
}

#endif /* KVMEXIT_FUZZ_JSON_CHECK_H */
