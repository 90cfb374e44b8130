// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the exporter's exposition writer: family names and types in
 * both formats, escaping of hostile label values and HELP text, UTF-8
 * repair, number formatting.  Expectations are the exact bytes.
 */
#define HARNESS_SUITE "exporter_exposition"
#include "../harness.h"

#include <stdlib.h>

#include "../../tools/kvmexit-exporter/exposition.h"

#define PLAN 24

static const struct expo_family_desc exits = {
	"kvmexit_exits", EXPO_COUNTER, NULL, "Exits by \"reason\", a\\b\nc"
};
static const struct expo_family_desc seconds = {
	"kvmexit_handling_seconds", EXPO_COUNTER, "seconds", "Time"
};
static const struct expo_family_desc info = {
	"kvmexit_vm", EXPO_INFO, NULL, "A VM"
};
static const struct expo_family_desc up = { "kvmexit_up", EXPO_GAUGE, NULL, "Up" };

/* Text with its newlines shown as \n, as a "# " diagnostic line. */
static void show(const char *label, const char *text)
{
	printf("#   %s: ", label);
	for (; *text; text++)
		fputs(*text == '\n' ? "\\n" : (char[]){ *text, 0 }, stdout);
	printf("\n");
}

/* The exposition is multi-line: compare exactly, show both on failure. */
#define CHECK_TEXT(actual, expected, what)                                 \
	do {                                                               \
		const char *a_ = (actual), *e_ = (expected);               \
		CHECK(!strcmp(a_, e_), "%s", what);                        \
		if (strcmp(a_, e_)) {                                      \
			show("got", a_);                                   \
			show("expected", e_);                              \
		}                                                          \
	} while (0)

/* The family's text as a string (freed by the next call). */
static const char *text_of(struct expo_family *f)
{
	static char *last;
	size_t len;
	char *t = expo_family_take(f, &len);

	free(last);
	last = malloc(len + 1);
	memcpy(last, t, len);
	last[len] = '\0';
	free(t);
	return last;
}

/* One sample with a vm label, in a gauge family, without the metadata. */
static const char *label_line(const char *value)
{
	static char line[512];
	struct expo_family f;
	struct expo_label l = { "vm", value };

	expo_family_begin(&f, EXPO_TEXT, &up, 0);
	size_t header = f.len;

	expo_sample_u64(&f, &l, 1, 1);
	snprintf(line, sizeof(line), "%.*s", (int)(f.len - header), f.text + header);
	expo_family_free(&f);
	return line;
}

static void test_families(void)
{
	struct expo_family f;
	struct expo_label l[2] = { { "reason", "CPUID" }, { "code", "0x072" } };

	expo_family_begin(&f, EXPO_TEXT, &exits, 0);
	expo_sample_u64(&f, l, 2, 18446744073709551615ull);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_exits_total Exits by \"reason\", a\\\\b\\nc\n"
		     "# TYPE kvmexit_exits_total counter\n"
		     "kvmexit_exits_total{reason=\"CPUID\",code=\"0x072\"} 18446744073709551615\n",
		     "text counter: _total in metadata, HELP escapes \\ and newline only");
	expo_family_begin(&f, EXPO_OPENMETRICS, &exits, 0);
	expo_sample_u64(&f, l, 2, 5);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_exits Exits by \\\"reason\\\", a\\\\b\\nc\n"
		     "# TYPE kvmexit_exits counter\n"
		     "kvmexit_exits_total{reason=\"CPUID\",code=\"0x072\"} 5\n",
		     "OpenMetrics counter: family without _total, HELP escapes quotes too");
	expo_family_begin(&f, EXPO_OPENMETRICS, &seconds, 0);
	expo_sample_ratio(&f, l, 2, 153127410, 2995200000);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_handling_seconds Time\n"
		     "# TYPE kvmexit_handling_seconds counter\n"
		     "# UNIT kvmexit_handling_seconds seconds\n"
		     "kvmexit_handling_seconds_total{reason=\"CPUID\",code=\"0x072\"} 0.051124268\n",
		     "OpenMetrics unit line; cycles / Hz to 9 decimals");
	expo_family_begin(&f, EXPO_TEXT, &seconds, 0);
	expo_sample_ratio(&f, NULL, 0, UINT64_MAX, 1000000000);
	expo_sample_ratio(&f, NULL, 0, 3000000000u, 1000000000);
	expo_sample_ratio(&f, NULL, 0, 1500000000u, 1000000000);
	expo_sample_ratio(&f, NULL, 0, 999999999999u, 1000000000000u);
	expo_sample_ratio(&f, NULL, 0, 1, 3000000000u);
	expo_sample_ratio(&f, NULL, 0, 0, 7);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_handling_seconds_total Time\n"
		     "# TYPE kvmexit_handling_seconds_total counter\n"
		     "kvmexit_handling_seconds_total 18446744073.709551615\n"
		     "kvmexit_handling_seconds_total 3\n"
		     "kvmexit_handling_seconds_total 1.5\n"
		     "kvmexit_handling_seconds_total 0.999999999\n"
		     "kvmexit_handling_seconds_total 0\n"
		     "kvmexit_handling_seconds_total 0\n",
		     "text: no unit line, no braces; 2^64-1 cycles exact, zeros cut, digits cut not rounded");
	expo_family_begin(&f, EXPO_OPENMETRICS, &info, 0);
	expo_sample_u64(&f, (struct expo_label[]){ { "vm", "a" }, { "pid", "7" } }, 2, 1);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_vm A VM\n# TYPE kvmexit_vm info\n"
		     "kvmexit_vm_info{vm=\"a\",pid=\"7\"} 1\n",
		     "OpenMetrics info family");
	expo_family_begin(&f, EXPO_TEXT, &info, 0);
	expo_sample_u64(&f, (struct expo_label[]){ { "vm", "a" } }, 1, 1);
	CHECK_TEXT(text_of(&f),
		     "# HELP kvmexit_vm_info A VM\n# TYPE kvmexit_vm_info gauge\n"
		     "kvmexit_vm_info{vm=\"a\"} 1\n",
		     "text: an info family is a gauge");
	expo_family_begin(&f, EXPO_TEXT, &up, 1);	/* grows from 1 byte */
	for (int i = 0; i < 1000; i++)
		expo_sample_u64(&f, NULL, 0, (uint64_t)i);
	CHECK(!f.failed && f.len == strlen("# HELP kvmexit_up Up\n# TYPE kvmexit_up gauge\n") +
	      1000 * strlen("kvmexit_up ") + 10 + 90 * 2 + 900 * 3 + 1000,
	      "1000 samples from a 1-byte hint: %zu bytes", f.len);
	expo_family_free(&f);
}

static void test_escaping(void)
{
	CHECK_TEXT(label_line("plain-name_1"), "kvmexit_up{vm=\"plain-name_1\"} 1\n",
		     "plain value unchanged");
	CHECK_TEXT(label_line("a\"b"), "kvmexit_up{vm=\"a\\\"b\"} 1\n", "quote escaped");
	CHECK_TEXT(label_line("a\\b"), "kvmexit_up{vm=\"a\\\\b\"} 1\n", "backslash escaped");
	CHECK_TEXT(label_line("a\nb"), "kvmexit_up{vm=\"a\\nb\"} 1\n", "newline escaped");
	CHECK_TEXT(label_line("\"}\nkvmexit_up 0\n#"),
		     "kvmexit_up{vm=\"\\\"}\\nkvmexit_up 0\\n#\"} 1\n",
		     "an injected sample stays inside the value");
	CHECK_TEXT(label_line("\\\""), "kvmexit_up{vm=\"\\\\\\\"\"} 1\n",
		     "backslash before quote: both escaped");
	CHECK_TEXT(label_line("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7"),
		     "kvmexit_up{vm=\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"} 1\n",
		     "valid 2-, 3- and 4-byte UTF-8 kept");
	CHECK_TEXT(label_line("a\xff" "b"), "kvmexit_up{vm=\"a\xef\xbf\xbd" "b\"} 1\n",
		     "invalid byte becomes U+FFFD");
	CHECK_TEXT(label_line("x\xc3"), "kvmexit_up{vm=\"x\xef\xbf\xbd\"} 1\n",
		     "sequence cut at the end becomes U+FFFD");
	CHECK_TEXT(label_line("\xc0\xaf"), "kvmexit_up{vm=\"\xef\xbf\xbd\xef\xbf\xbd\"} 1\n",
		     "overlong '/' refused byte by byte");
	CHECK_TEXT(label_line("\xed\xa0\x80"),
		     "kvmexit_up{vm=\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"} 1\n",
		     "UTF-16 surrogate refused");
	CHECK_TEXT(label_line("\xf4\x90\x80\x80"),
		     "kvmexit_up{vm=\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"} 1\n",
		     "above U+10FFFF refused");
	CHECK_TEXT(label_line(""), "kvmexit_up{vm=\"\"} 1\n", "empty value");
}

static void test_document(void)
{
	CHECK_TEXT(expo_trailer(EXPO_OPENMETRICS), "# EOF\n", "OpenMetrics ends with # EOF");
	CHECK_TEXT(expo_trailer(EXPO_TEXT), "", "text has no trailer");
	CHECK_TEXT(expo_content_type(EXPO_OPENMETRICS),
		     "application/openmetrics-text; version=1.0.0; charset=utf-8",
		     "OpenMetrics content type");
	CHECK_TEXT(expo_content_type(EXPO_TEXT),
		     "text/plain; version=0.0.4; charset=utf-8", "text content type");
}

int main(void)
{
	printf("1..%d\n", PLAN);
	test_families();
	test_escaping();
	test_document();
	return harness_exit_status();
}
