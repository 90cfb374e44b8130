// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexittop's output, exactly: batch frames (text, JSON, CSV) written from
 * a model fed exact timestamps, row selection and sorting, the sparkline
 * and the view's number formats.
 */
#define HARNESS_SUITE "kvmexittop_output"
#include "../harness.h"

#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

#include "../../tools/kvmexittop/batch.h"
#include "../../tools/kvmexittop/sparkline.h"
#include "../../tools/kvmexittop/view.h"

static struct kvmexit_stats stats;

static void feed(struct model *m, const char *text, double now)
{
	struct kvmexit_stats_error e;

	if (kvmexit_stats_parse(text, strlen(text), &stats, &e))
		printf("# bad test text: %s\n", e.message);
	model_update(m, &stats, now);
}

/* One-line view of multi-line text for the log. */
static const char *flat(const char *s)
{
	static char buf[2][2048];
	static int which;
	char *b = buf[which ^= 1];
	size_t n = 0;

	for (; *s && n + 3 < sizeof(buf[0]); s++) {
		if (*s == '\n') {
			b[n++] = '\\';
			b[n++] = 'n';
		} else {
			b[n++] = *s;
		}
	}
	b[n] = '\0';
	return b;
}

/* 2026-12-02T19:38:24.123Z */
static const struct timespec wall = { 1796240304, 123456789 };

static void check_frame(struct model *m, enum output_format fmt,
			unsigned long frame, const char *expected, const char *what)
{
	struct options o = { .format = fmt, .sort = FIELD_RATE };
	struct shown shown = { .m = m, .scope = KVMEXIT_STATS_SCOPE_HOST,
			       .vcpu = -1 };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	batch_write_frame(f, &o, &shown, frame, &wall, frame == 1);
	fclose(f);
	CHECK(!strcmp(out, expected), "%s: got '%s', expected '%s'", what,
	      flat(out), flat(expected));
	free(out);
}

#define T "2026-12-02T19:38:24.123Z"
#define HDR_OFF "# kvm exit statistics v2 vendor=vmx tsc_khz=1000000 scope=vcpu cycles=off\nreason name count cycles\n"
#define HDR "# kvm exit statistics v2 vendor=svm tsc_khz=1000000 scope=host cycles=on\nreason name count cycles\n"

static void test_batch_frames(void)
{
	struct model m;

	model_init(&m, 2);
	feed(&m, HDR "114 CPUID 1000 1000000\n120 HLT 10 50000\ntotal - 1010 1050000\n", 50.0);
	check_frame(&m, OUTPUT_JSON, 1,
		    "{\"frame\":1,\"time\":\"2026-12-02T19:38:24.123Z\",\"event\":\"first\","
		    "\"uptime\":0,\"interval\":0,\"scope\":\"host\",\"source\":\"exit_stats\",\"vm_pid\":null,"
		    "\"vm_name\":null,\"vcpu\":null,"
		    "\"vendor\":\"svm\",\"tsc_khz\":1000000,\"online_cpus\":2,"
		    "\"cycles_measured\":true,\"exits_per_second\":null,\"total_exits\":1010,"
		    "\"cycles_per_second\":null,\"cpu_share\":null,\"rows_add_up\":true,"
		    "\"reasons\":[{\"reason\":114,\"name\":\"CPUID\",\"exits_per_second\":null,"
		    "\"exit_share\":null,\"total_exits\":1000,\"cycles_per_exit\":1000,"
		    "\"time_share\":null},{\"reason\":120,\"name\":\"HLT\","
		    "\"exits_per_second\":null,\"exit_share\":null,\"total_exits\":10,"
		    "\"cycles_per_exit\":5000,\"time_share\":null}]}\n",
		    "JSON baseline frame: rates are null");
	/* 0.5 s: CPUID +300 (+600000 cycles), HLT +100 (+400000): 800/s. */
	feed(&m, HDR "114 CPUID 1300 1600000\n120 HLT 110 450000\ntotal - 1410 2050000\n", 50.5);
	check_frame(&m, OUTPUT_JSON, 2,
		    "{\"frame\":2,\"time\":\"2026-12-02T19:38:24.123Z\",\"event\":\"rates\","
		    "\"uptime\":0.5,\"interval\":0.5,\"scope\":\"host\",\"source\":\"exit_stats\",\"vm_pid\":null,"
		    "\"vm_name\":null,\"vcpu\":null,"
		    "\"vendor\":\"svm\",\"tsc_khz\":1000000,\"online_cpus\":2,"
		    "\"cycles_measured\":true,\"exits_per_second\":800,\"total_exits\":1410,"
		    "\"cycles_per_second\":2000000,\"cpu_share\":0.001,\"rows_add_up\":true,"
		    "\"reasons\":[{\"reason\":114,\"name\":\"CPUID\",\"exits_per_second\":600,"
		    "\"exit_share\":0.75,\"total_exits\":1300,\"cycles_per_exit\":1230.769231,"
		    "\"time_share\":0.6},{\"reason\":120,\"name\":\"HLT\","
		    "\"exits_per_second\":200,\"exit_share\":0.25,\"total_exits\":110,"
		    "\"cycles_per_exit\":4090.909091,\"time_share\":0.4}]}\n",
		    "JSON frame: exact rates and shares");
	check_frame(&m, OUTPUT_CSV, 1,
		    "frame,time,event,uptime,scope,vm_pid,vm_name,vcpu,reason,name,"
		    "exits_per_second,exit_share,total_exits,cycles_per_exit,time_share\n"
		    "1," T ",rates,0.500,host,,,,114,CPUID,600.000,0.750000,1300,1230.8,0.600000\n"
		    "1," T ",rates,0.500,host,,,,120,HLT,200.000,0.250000,110,4090.9,0.400000\n",
		    "CSV frame 1 with its header");
	check_frame(&m, OUTPUT_CSV, 2,
		    "2," T ",rates,0.500,host,,,,114,CPUID,600.000,0.750000,1300,1230.8,0.600000\n"
		    "2," T ",rates,0.500,host,,,,120,HLT,200.000,0.250000,110,4090.9,0.400000\n",
		    "CSV frame 2 without a header");
	check_frame(&m, OUTPUT_TEXT, 2,
		    "kvmexittop - host: svm, tsc 1000000 kHz, 2 CPUs, uptime 0.5 s\n"
		    "Exits: 800.0/s, 1410 total; handling: 0.10% of host CPU time\n"
		    "    REASON NAME                           EXITS/S  %EXITS                TOTAL     CYC/EXIT   %TIME\n"
		    "     0x072 CPUID                            600.0   75.00                 1300         1231   60.00\n"
		    "     0x078 HLT                              200.0   25.00                  110         4091   40.00\n\n",
		    "text frame");
	/* A reset: the frame says so and shows no rates, not negative ones. */
	feed(&m, HDR "114 CPUID 5 500\ntotal - 5 500\n", 51.0);
	check_frame(&m, OUTPUT_CSV, 3,
		    "3," T ",reset,0.000,host,,,,114,CPUID,,,5,100.0,\n",
		    "CSV after a reset: empty rates, the vanished HLT row gone");
	model_free(&m);
}

/* cycles=off: every cycles column is null, "-" or empty, never 0. */
static void test_cycles_off(void)
{
	struct model m;

	model_init(&m, 1);
	feed(&m, HDR_OFF "10 CPUID 10 0\ntotal - 10 0\n", 1.0);
	feed(&m, HDR_OFF "10 CPUID 30 0\ntotal - 30 0\n", 2.0);
	check_frame(&m, OUTPUT_JSON, 1,
		    "{\"frame\":1,\"time\":\"" T "\",\"event\":\"rates\","
		    "\"uptime\":1,\"interval\":1,\"scope\":\"host\",\"source\":\"exit_stats\",\"vm_pid\":null,"
		    "\"vm_name\":null,\"vcpu\":null,"
		    "\"vendor\":\"vmx\",\"tsc_khz\":1000000,\"online_cpus\":1,"
		    "\"cycles_measured\":false,\"exits_per_second\":20,\"total_exits\":30,"
		    "\"cycles_per_second\":null,\"cpu_share\":null,\"rows_add_up\":true,"
		    "\"reasons\":[{\"reason\":10,\"name\":\"CPUID\",\"exits_per_second\":20,"
		    "\"exit_share\":1,\"total_exits\":30,\"cycles_per_exit\":null,"
		    "\"time_share\":null}]}\n",
		    "JSON with cycles=off: cycles null");
	check_frame(&m, OUTPUT_CSV, 2,
		    "2," T ",rates,1.000,host,,,,10,CPUID,20.000,1.000000,30,,\n",
		    "CSV with cycles=off: cycles empty");
	check_frame(&m, OUTPUT_TEXT, 2,
		    "kvmexittop - host: vmx, tsc 1000000 kHz, 1 CPUs, uptime 1.0 s, cycles not measured\n"
		    "Exits: 20.0/s, 30 total; handling: -% of host CPU time\n"
		    "    REASON NAME                           EXITS/S  %EXITS                TOTAL     CYC/EXIT   %TIME\n"
		    "        10 CPUID                             20.0  100.00                   30            -       -\n\n",
		    "text with cycles=off: header says so, cycles -");
	model_free(&m);
}

static void test_selection(void)
{
	struct model m;
	const struct reason_stat *rows[8];
	struct row_selection sel = { .sort = FIELD_RATE };
	char order[128];

	model_init(&m, 1);
	feed(&m, HDR "100 INTR 10 100\n114 CPUID 10 1000\n120 HLT 10 10\n124 MSR 10 10\n"
		 "total - 40 1120\n", 1.0);
	/* Rates: INTR 5, CPUID 20, HLT 0, MSR 20 (tie: by reason). */
	feed(&m, HDR "100 INTR 15 200\n114 CPUID 30 1100\n120 HLT 10 10\n124 MSR 30 5010\n"
		 "total - 85 6320\n", 2.0);
	static const struct {
		enum field f;
		const char *expected;
	} sorts[] = {
		{ FIELD_RATE, "114 124 100 120" },
		{ FIELD_SHARE, "114 124 100 120" },
		{ FIELD_REASON, "100 114 120 124" },
		{ FIELD_NAME, "114 120 100 124" },
		{ FIELD_TOTAL, "114 124 100 120" },
		{ FIELD_CYCLES, "124 114 100 120" },
		{ FIELD_TIME, "124 100 114 120" },
	};
	for (size_t s = 0; s < sizeof(sorts) / sizeof(sorts[0]); s++) {
		sel.sort = sorts[s].f;
		size_t n = select_rows(&m, &sel, rows), len = 0;

		order[0] = '\0';
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(order + len, sizeof(order) - len,
						"%s%u", i ? " " : "", rows[i]->reason);
		CHECK_EQ_STR(order, sorts[s].expected, field_table[sorts[s].f].name);
	}
	sel.sort = FIELD_REASON;
	sel.active_only = true;
	CHECK_EQ_U64(select_rows(&m, &sel, rows), 3, "active only hides idle HLT");
	sel.active_only = false;
	sel.filter = "c";
	size_t n = select_rows(&m, &sel, rows);

	CHECK(n == 1 && rows[0]->reason == 114, "filter \"c\" (any case) keeps CPUID only");
	sel.filter = "zzz";
	CHECK_EQ_U64(select_rows(&m, &sel, rows), 0, "filter matching nothing");
	regex_t re;

	regcomp(&re, "^(intr|msr)$", REG_EXTENDED | REG_ICASE | REG_NOSUB);
	sel.filter = NULL;
	sel.regex = &re;
	n = select_rows(&m, &sel, rows);
	CHECK(n == 2 && rows[0]->reason == 100 && rows[1]->reason == 124,
	      "-r ^(intr|msr)$ keeps INTR and MSR (%zu rows)", n);
	regfree(&re);
	model_free(&m);
}

static void test_formats(void)
{
	static const struct {
		double v;
		const char *s;
	} numbers[] = {
		{ 0, "0.00" }, { 5.125, "5.12" }, { 12.34, "12.3" },
		{ 999.94, "999.9" }, { 12345, "12345" }, { 123456, "123.5k" },
		{ 1234567, "1.23M" }, { 1.8e19, "18.00E" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		view_format_number(buf, sizeof(buf), numbers[i].v);
		CHECK_EQ_STR(buf, numbers[i].s, "number format");
	}
	view_format_uptime(buf, sizeof(buf), 3725.9);
	CHECK_EQ_STR(buf, "1:02:05", "uptime format");
	view_format_uptime(buf, sizeof(buf), 2 * 86400 + 61);
	CHECK_EQ_STR(buf, "2d 00:01:01", "uptime with days");
}

static void test_sparkline(void)
{
	float h[MODEL_HISTORY_SECONDS] = { 0 };
	wchar_t out[MODEL_HISTORY_SECONDS + 1];

	for (int i = 0; i < 60; i++)
		h[i] = (float)(i / 10) * 10;	/* 0,10,...,50 in steps of 10 s */
	sparkline_render(h, 6, true, out);
	CHECK(!wcscmp(out, L" ▂▄▅▇█"), "6 cells over 60 s, scaled to the max (got %.12ls)", out);
	sparkline_render(h, 6, false, out);
	CHECK(!wcscmp(out, L" .~=*#"), "ASCII fallback (got %.12ls)", out);
	sparkline_render(h, 100, true, out);
	CHECK(wcslen(out) == 60, "width capped at 60 (got %d)", (int)wcslen(out));
	memset(h, 0, sizeof(h));
	sparkline_render(h, 10, true, out);
	CHECK(!wcscmp(out, L"          "), "no exits: blank");
}

int main(void)
{
	HARNESS_PLAN(34);
	setlocale(LC_ALL, "C.UTF-8");
	kvmexit_stats_init(&stats);
	test_batch_frames();
	test_cycles_off();
	test_selection();
	test_formats();
	test_sparkline();
	kvmexit_stats_free(&stats);
	return harness_exit_status();
}
