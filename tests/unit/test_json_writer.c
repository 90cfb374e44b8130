// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of lib/json_writer: exact output for each kind of value. */
#define HARNESS_SUITE "json_writer"
#include "../harness.h"

#include <math.h>
#include <stdlib.h>

#include "json_writer.h"

/* A writer into memory, so the output can be compared exactly. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
	struct json_writer w;
};

static void capture_begin(struct capture *c, bool pretty)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	json_writer_init(&c->w, c->f, pretty);
}

/* Show newlines as \n so that every check stays on one line of the log. */
static const char *one_line(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

static void capture_end(struct capture *c, const char *expected,
			bool expect_ok, const char *what)
{
	bool ok = json_writer_ok(&c->w);
	char got_line[512], expected_line[512];

	fclose(c->f);
	CHECK(!strcmp(c->buf, expected), "%s: got '%s', expected '%s'", what,
	      one_line(c->buf, got_line, sizeof(got_line)),
	      one_line(expected, expected_line, sizeof(expected_line)));
	CHECK(ok == expect_ok, "%s: writer %s", what,
	      expect_ok ? "reports no error" : "reports the misuse");
	free(c->buf);
}

static void test_values(void)
{
	struct capture c;

	capture_begin(&c, false);
	json_begin_object(&c.w);
	json_string_field(&c.w, "s", "a\"b\\c\n\t\x01\x7f/é");
	json_u64_field(&c.w, "max", UINT64_MAX);
	json_u64_field(&c.w, "zero", 0);
	json_double_field(&c.w, "d", 2.5);
	json_double_field(&c.w, "third", 1.0 / 3.0);
	json_double_field(&c.w, "nan", NAN);
	json_double_field(&c.w, "inf", INFINITY);
	json_bool_field(&c.w, "t", true);
	json_bool_field(&c.w, "f", false);
	json_null_field(&c.w, "n");
	json_name(&c.w, "a");
	json_begin_array(&c.w);
	json_u64(&c.w, 1);
	json_begin_object(&c.w);
	json_end_object(&c.w);
	json_begin_array(&c.w);
	json_end_array(&c.w);
	json_string(&c.w, "");
	json_end_array(&c.w);
	json_end_object(&c.w);
	json_end_line(&c.w);
	capture_end(&c,
		    "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\\u007f/é\","
		    "\"max\":18446744073709551615,\"zero\":0,\"d\":2.5,"
		    "\"third\":0.3333333333,\"nan\":null,\"inf\":null,"
		    "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,{},[],\"\"]}\n",
		    true, "compact object with every kind of value");
}

static void test_lines(void)
{
	struct capture c;

	capture_begin(&c, false);
	for (int i = 0; i < 3; i++) {
		json_begin_object(&c.w);
		json_u64_field(&c.w, "frame", (uint64_t)i);
		json_end_object(&c.w);
		json_end_line(&c.w);
	}
	capture_end(&c, "{\"frame\":0}\n{\"frame\":1}\n{\"frame\":2}\n", true,
		    "one object per line");
}

static void test_pretty(void)
{
	struct capture c;

	capture_begin(&c, true);
	json_begin_object(&c.w);
	json_u64_field(&c.w, "a", 1);
	json_name(&c.w, "b");
	json_begin_array(&c.w);
	json_bool(&c.w, true);
	json_null(&c.w);
	json_end_array(&c.w);
	json_name(&c.w, "c");
	json_begin_object(&c.w);
	json_end_object(&c.w);
	json_end_object(&c.w);
	json_end_line(&c.w);
	capture_end(&c,
		    "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ],\n"
		    "  \"c\": {}\n}\n",
		    true, "pretty output");
}

static void test_misuse(void)
{
	struct capture c;

	capture_begin(&c, false);
	json_begin_object(&c.w);
	json_u64(&c.w, 1);		/* no name */
	json_end_object(&c.w);
	capture_end(&c, "{", false, "value without a name");

	capture_begin(&c, false);
	json_begin_array(&c.w);
	json_end_object(&c.w);		/* wrong closer */
	capture_end(&c, "[", false, "closing an object inside an array");

	capture_begin(&c, false);
	json_end_array(&c.w);		/* nothing open */
	capture_end(&c, "", false, "closing at depth 0");

	capture_begin(&c, false);
	json_name(&c.w, "x");		/* name outside an object */
	capture_end(&c, "", false, "name at depth 0");

	capture_begin(&c, false);
	json_begin_object(&c.w);
	json_end_line(&c.w);		/* line inside an object */
	capture_end(&c, "{", false, "end of line inside an object");

	capture_begin(&c, false);
	for (int i = 0; i < JSON_WRITER_MAX_DEPTH + 1; i++)
		json_begin_array(&c.w);
	capture_end(&c, "[[[[[[[[[[[[[[[[", false, "nesting past the limit");
}

/* Bytes that are not UTF-8 (a path, a VM name) still give valid JSON. */
static void test_utf8(void)
{
	static const struct {
		const char *in, *out, *what;
	} cases[] = {
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"", "well-formed 2-byte kept" },
		{ "\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xe2\x82\xac\xf0\x9f\x98\x80\"",
		  "3- and 4-byte kept" },
		{ "a\xff" "b", "\"a\\ufffdb\"", "a lone 0xff becomes U+FFFD" },
		{ "\xc3", "\"\\ufffd\"", "a cut sequence at the end" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong '/' refused" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "a surrogate refused" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "above U+10FFFF refused" },
		{ "\x80" "x", "\"\\ufffdx\"", "a lone continuation byte" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capture c;

		capture_begin(&c, false);
		json_string(&c.w, cases[i].in);
		capture_end(&c, cases[i].out, true, cases[i].what);
	}
}

int main(void)
{
	HARNESS_PLAN(34);
	test_utf8();
	test_values();
	test_lines();
	test_pretty();
	test_misuse();
	return harness_exit_status();
}
