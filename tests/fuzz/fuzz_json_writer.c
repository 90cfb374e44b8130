// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: lib/json_writer with any strings, numbers and layout.
 * Whatever the input, the output must be valid UTF-8 and parse as JSON
 * (tests/fuzz/json_check.h), and a string that is valid UTF-8 must come back
 * unchanged when the output is decoded.
 *
 * Input: a flags byte, 8 bytes of a double, 8 of a u64, then two strings
 * separated by a NUL byte (a name and a value).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"
#include "json_writer.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

static void put_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xc0 | cp >> 6);
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xe0 | cp >> 12);
		out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*n)++] = (char)(0xf0 | cp >> 18);
		out[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/*
 * Decode the JSON string at *p (already checked by json_text_valid) into
 * out (room for 2x its length); returns its length, *p after the quote.
 */
static size_t decode_string(const char **p, char *out)
{
	const char *s = *p + 1;
	size_t n = 0;

	while (*s != '"') {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s++) {
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			uint32_t cp = (uint32_t)strtoul((char[5]){ s[0], s[1], s[2], s[3], 0 },
							NULL, 16);

			s += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && s[0] == '\\' && s[1] == 'u') {
				uint32_t lo = (uint32_t)strtoul((char[5]){ s[2], s[3], s[4], s[5], 0 },
								NULL, 16);

				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			put_utf8(out, &n, cp);
			break;
		}
		default: out[n++] = s[-1]; break;	/* " \ / */
		}
	}
	*p = s + 1;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_writer w;
	char *text = NULL, *name, *value, *decoded;
	size_t len = 0;
	uint8_t flags;
	double d;
	uint64_t u;
	FILE *out;

	if (size < 17)
		return 0;
	flags = data[0];
	memcpy(&d, data + 1, 8);
	memcpy(&u, data + 9, 8);
	data += 17;
	size -= 17;
	name = malloc(size + 2);
	REQUIRE(name);
	memcpy(name, data, size);
	name[size] = name[size + 1] = '\0';
	value = name + strlen(name) + 1;	/* "" when there was no NUL */

	out = open_memstream(&text, &len);
	REQUIRE(out);
	json_writer_init(&w, out, flags & 1);
	json_begin_object(&w);
	json_string_field(&w, name, value);
	json_u64_field(&w, "u64", u);
	json_double_field(&w, "double", d);
	json_name(&w, value);
	json_begin_array(&w);
	json_string(&w, name);
	json_double(&w, -d);
	json_u64(&w, u);
	if (flags & 2) {
		json_begin_object(&w);
		json_end_object(&w);
		json_begin_array(&w);
		json_end_array(&w);
	}
	json_bool(&w, flags & 4);
	json_null(&w);
	json_end_array(&w);
	json_end_object(&w);
	json_end_line(&w);
	if (flags & 8) {	/* several values on one line, then another line */
		json_string(&w, value);
		json_u64(&w, u);
		json_end_line(&w);
	}
	REQUIRE(json_writer_ok(&w));
	REQUIRE(fclose(out) == 0);

	REQUIRE(json_text_valid(text, len));
	/* The first member's name is the input's name, unchanged if UTF-8. */
	if (utf8_valid((const unsigned char *)name, strlen(name))) {
		const char *p = strchr(text, '"');

		decoded = malloc(2 * len + 1);
		REQUIRE(decoded);
		len = decode_string(&p, decoded);
		REQUIRE(len == strlen(name) && !memcmp(decoded, name, len));
		free(decoded);
	}
	free(text);
	free(name);
	return 0;
}
