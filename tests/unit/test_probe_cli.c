// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexit-probe's command line, run in-process (probe_main) against a fake
 * host: exact output, exit statuses 0/2/64, JSON, and a check that the
 * option table, --help and docs/kvmexit-probe.1 name the same options.
 */
#define HARNESS_SUITE "probe_cli"
#include "../harness.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../../guest/options.h"
#include "../../guest/probe.h"
#include "../probe/fake_host.h"
#include "../probe/text_check.h"
#include "kvmexit_abi.h"

#define MAN_PAGE "docs/kvmexit-probe.1"

struct result {
	int status;
	char *out, *err;
	size_t out_len, err_len;
	uint64_t calls;		/* CPUIDs the fake host answered */
};

static double clock_now(void *ctx)
{
	return *(double *)ctx;
}

static void clock_sleep(void *ctx, double seconds)
{
	*(double *)ctx += seconds > 0 ? seconds : 0;
}

/* The wall clock: 2026-12-02T19:38:24Z at monotonic 0. */
static double clock_wall(void *ctx)
{
	return 1796240304.0 + *(double *)ctx;
}

/* Run "kvmexit-probe ARGS..." (NULL-terminated) against fake. */
static struct result run(struct fake_host *fake, ...)
{
	char *argv[16] = { "kvmexit-probe" };
	int argc = 1;
	double now = 100.0;
	struct probe_clock clock = { clock_now, clock_sleep, &now, clock_wall };
	struct result r = { 0 };
	FILE *out = open_memstream(&r.out, &r.out_len);
	FILE *err = open_memstream(&r.err, &r.err_len);
	uint64_t calls = fake->calls;
	va_list ap;

	va_start(ap, fake);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	r.status = probe_main(argc, argv, &fake->cpu, &clock, out, err);
	fclose(out);
	fclose(err);
	r.calls = fake->calls - calls;
	return r;
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The AMD host of the man page's examples. */
static void amd_host(struct fake_host *fake)
{
	fake_host_init(fake, FAKE_PATCHED, "AuthenticAMD");
	fake->cycles_per_exit = 2100;
	fake_host_exits(fake, 0x72, 4811, 98200000);
	fake_host_exits(fake, 0x78, 35210, 71003022);
	fake_host_exits(fake, 0x7b, 20444, 409112000);
	fake_host_exits(fake, 0x400, 9120, 66313400);
	fake_host_exits(fake, 0x60, 15012, 41303000);
	fake_host_exits(fake, 0x7c, 1911, 8402100);
}

static void test_amd_reports(void)
{
	struct fake_host fake;
	struct result r;

	amd_host(&fake);
	r = run(&fake, NULL);
	CHECK_EQ_U64(r.status, 0, "default report exits 0");
	/*
	 * 86508 exits before; the probe's 3 (detection: signature, scope,
	 * vendor) + 172 + 6 (cycles of six reasons) + 2 (totals) CPUIDs; the
	 * totals read at the 182nd, each CPUID 2100 cycles: CPUID has 4811 +
	 * 119 exits and 98200000 + 120 x 2100 cycles.  694717822 cycles at
	 * 2000000 kHz are 347358.9 us.
	 */
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, SVM exit codes (CPU vendor AuthenticAMD)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "total exits:  86690\n"
		   "total cycles: 694717822 (347358.9 us)\n"
		   "this report:  180 CPUID queries, each one CPUID exit included above\n"
		   "\n"
		   "REASON NAME      EXITS  SHARE    CYCLES   AVG\n"
		   " 0x078 HLT       35210 40.62%  71003022  2017\n"
		   " 0x07b IO        20444 23.58% 409112000 20011\n"
		   " 0x060 INTERRUPT 15012 17.32%  41303000  2751\n"
		   " 0x400 NPF        9120 10.52%  66313400  7271\n"
		   " 0x072 CPUID      4930  5.69%  98452000 19970\n"
		   " 0x07c MSR        1911  2.20%   8402100  4397\n",
		   "default report, as in the man page");
	CHECK_EQ_U64(r.calls, 183, "default report: 183 CPUIDs");
	CHECK_EQ_STR(r.err, "", "nothing on stderr");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-j", NULL);
	CHECK_TEXT(r.out,
		   "{\"abi_version\":2,\"vendor\":\"svm\",\"cpu_vendor\":\"AuthenticAMD\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,"
		   "\"total_exits\":86690,\"total_cycles\":694717822,\"total_microseconds\":347358.911,\"probe_queries\":180,\"reasons\":["
		   "{\"reason\":120,\"name\":\"HLT\",\"status\":\"counted\",\"total_exits\":35210,\"exit_share\":0.40615988,\"total_cycles\":71003022,\"cycles_per_exit\":2016.558421,\"microseconds_per_exit\":1.00827921},"
		   "{\"reason\":123,\"name\":\"IO\",\"status\":\"counted\",\"total_exits\":20444,\"exit_share\":0.2358288153,\"total_cycles\":409112000,\"cycles_per_exit\":20011.34807,\"microseconds_per_exit\":10.00567404},"
		   "{\"reason\":96,\"name\":\"INTERRUPT\",\"status\":\"counted\",\"total_exits\":15012,\"exit_share\":0.1731687623,\"total_cycles\":41303000,\"cycles_per_exit\":2751.332268,\"microseconds_per_exit\":1.375666134},"
		   "{\"reason\":1024,\"name\":\"NPF\",\"status\":\"counted\",\"total_exits\":9120,\"exit_share\":0.1052024455,\"total_cycles\":66313400,\"cycles_per_exit\":7271.20614,\"microseconds_per_exit\":3.63560307},"
		   "{\"reason\":114,\"name\":\"CPUID\",\"status\":\"counted\",\"total_exits\":4930,\"exit_share\":0.05686930442,\"total_cycles\":98452000,\"cycles_per_exit\":19969.97972,\"microseconds_per_exit\":9.984989858},"
		   "{\"reason\":124,\"name\":\"MSR\",\"status\":\"counted\",\"total_exits\":1911,\"exit_share\":0.02204406506,\"total_cycles\":8402100,\"cycles_per_exit\":4396.703297,\"microseconds_per_exit\":2.198351648}]}\n",
		   "-j: the same report as one JSON line");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-a", "-s", "reason", NULL);
	/* 5 header lines, a blank, the column names, 172 rows. */
	CHECK_EQ_U64(count_lines(r.out), 5 + 1 + 1 + 172, "-a: every defined SVM reason");
	CHECK(strstr(r.out, "\n     0x000 READ_CR0                            0  0.00%         0     -\n") &&
	      strstr(r.out, "\n     0x040 DE_EXCP                   not handled      -         -     -\n") &&
	      strstr(r.out, "\n0xffffffff INVALID_GUEST_STATE                 0  0.00%         0     -\n"),
	      "-a shows zeros, not-handled reasons and VMEXIT_INVALID");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-s", "name", NULL);
	CHECK(strstr(r.out, "AVG\n 0x072 CPUID ") != NULL,
	      "-s name: CPUID first");
	result_free(&r);
}

static void test_one_reason(void)
{
	static const char *const spellings[] = { "HLT", "hlt", "120", "0x78",
						 "0X078" };
	struct fake_host fake;
	struct result r;

	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		amd_host(&fake);
		r = run(&fake, "-r", spellings[i], NULL);
		/* 2016.558 cycles at 2000000 kHz: 1.008 us. */
		CHECK_TEXT(r.out,
			   "kvmexit ABI 2, SVM exit codes (CPU vendor AuthenticAMD)\n"
			   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
			   "reason 0x078 HLT: 35210 exits (40.70% of 86514), 71003022 cycles, 2017 cycles per exit (1.008 us)\n",
			   spellings[i]);
		CHECK(r.status == 0 && r.calls == 7,
		      "-r %s: status %d, %" PRIu64 " CPUIDs", spellings[i],
		      r.status, r.calls);
		result_free(&r);
	}

	amd_host(&fake);
	r = run(&fake, "-r", "0xa7", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, SVM exit codes (CPU vendor AuthenticAMD)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "reason 0x0a7: not defined by SVM (the host answered EDX=0xffffffff)\n",
		   "-r 0xa7: undefined, not 0 exits");
	CHECK_EQ_U64(r.status, 0, "-r of an undefined reason exits 0");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-r", "0x40", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, SVM exit codes (CPU vendor AuthenticAMD)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "reason 0x040 DE_EXCP: not handled by the host's KVM, so not counted (the host answered all zeros)\n",
		   "-r 0x40: not handled, not 0 exits");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-j", "-r", "0x40", NULL);
	CHECK_TEXT(r.out,
		   "{\"abi_version\":2,\"vendor\":\"svm\",\"cpu_vendor\":\"AuthenticAMD\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,"
		   "\"total_exits\":86513,\"total_cycles\":694346122,\"total_microseconds\":347173.061,\"probe_queries\":3,\"reasons\":[{\"reason\":64,\"name\":\"DE_EXCP\",\"status\":\"not_handled\",\"total_exits\":null,\"exit_share\":null,\"total_cycles\":null,\"cycles_per_exit\":null,\"microseconds_per_exit\":null}]}\n",
		   "-j -r 0x40: status not_handled, counters null");
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-p", "-r", "0xa7", NULL);
	CHECK_TEXT(r.out,
		   "{\n  \"abi_version\": 2,\n  \"vendor\": \"svm\",\n  \"cpu_vendor\": \"AuthenticAMD\",\n"
		   "  \"scope\": \"vm\",\n  \"vcpus\": 1,\n  \"tsc_khz\": 2000000,\n  \"cycles_measured\": true,\n"
		   "  \"total_exits\": 86513,\n  \"total_cycles\": 694346122,\n  \"total_microseconds\": 347173.061,\n  \"probe_queries\": 3,\n"
		   "  \"reasons\": [\n    {\n      \"reason\": 167,\n      \"name\": null,\n"
		   "      \"status\": \"undefined\",\n      \"total_exits\": null,\n      \"exit_share\": null,\n"
		   "      \"total_cycles\": null,\n      \"cycles_per_exit\": null,\n      \"microseconds_per_exit\": null\n    }\n  ]\n}\n",
		   "-p -r 0xa7: pretty JSON, status undefined");
	result_free(&r);

	/* Intel: names are VMX names. */
	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	fake_host_exits(&fake, 12, 0x200000003ull, 0x500000000ull);
	r = run(&fake, "-r", "hlt", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, VMX exit reasons (CPU vendor GenuineIntel)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "reason 12 HLT: 8589934595 exits (100.00% of 8589934601), 21474836480 cycles, 2 cycles per exit (0.001 us)\n",
		   "Intel -r hlt, 64-bit counters");
	result_free(&r);

	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	r = run(&fake, "-r", "NPF", NULL);
	CHECK_EQ_U64(r.status, 64, "Intel -r NPF (an SVM name) is a usage error");
	CHECK_EQ_STR(r.err,
		     "kvmexit-probe: \"NPF\" names no VMX exit reason, and this host counts VMX reasons\n",
		     "Intel -r NPF message");
	CHECK_EQ_STR(r.out, "", "nothing on stdout");
	result_free(&r);
}

/* ABI v2: a list for -r, the whole host's scope, cycles not measured. */
static void test_v2(void)
{
	struct fake_host fake;
	struct result r;

	amd_host(&fake);
	r = run(&fake, "-r", "NPF,0x78,hlt", "-s", "reason", NULL);
	/* 86508 + 3 (detection) + 4 (exits and cycles of two reasons) + the
	 * totals' exits leaf itself = 86516. */
	CHECK(r.status == 0 && strstr(r.out, "total exits:  86516\n") &&
	      strstr(r.out, "REASON NAME EXITS  SHARE   CYCLES  AVG\n"
			    " 0x078 HLT  35210 40.70% 71003022 2017\n"
			    " 0x400 NPF   9120 10.54% 66313400 7271\n"),
	      "-r NPF,0x78,hlt: a table of the two reasons (HLT once), sorted by -s reason");
	result_free(&r);

	amd_host(&fake);
	fake.scope_regs[PROBE_EAX] = KVMEXIT_SCOPE_WHOLE_HOST;
	fake.scope_regs[PROBE_EBX] = 2995200;
	fake.scope_regs[PROBE_ECX] = 0;
	fake.scope_regs[PROBE_EDX] = 6;
	r = run(&fake, "-r", "HLT", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, SVM exit codes (CPU vendor AuthenticAMD)\n"
		   "counting: the whole host, 6 vCPUs; host TSC 2995200 kHz; cycles not measured\n"
		   "reason 0x078 HLT: 35210 exits (40.70% of 86514), cycles not measured\n",
		   "whole host, cycles not measured: said, no cycles shown");
	result_free(&r);

	amd_host(&fake);
	fake.scope_regs[PROBE_EAX] = KVMEXIT_SCOPE_WHOLE_HOST;
	fake.scope_regs[PROBE_ECX] = 0;
	r = run(&fake, "-j", "-r", "HLT", NULL);
	CHECK(strstr(r.out, "\"scope\":\"host\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":false,"
			    "\"total_exits\":86514,\"total_cycles\":null,\"total_microseconds\":null,") &&
	      strstr(r.out, "\"total_cycles\":null,\"cycles_per_exit\":null,\"microseconds_per_exit\":null}"),
	      "JSON without cycles: scope host, cycles null: %s", r.out);
	result_free(&r);

	amd_host(&fake);
	r = run(&fake, "-j", NULL);
	CHECK(r.status == 0 && !strstr(r.out, "share_percent") && !strstr(r.out, "avg_cycles"),
	      "-j: v1's share_percent and avg_cycles keys are gone");
	result_free(&r);
}

static void test_raw(void)
{
	struct fake_host fake;
	struct result r;

	/* --raw needs no kvmexit host. */
	fake_host_init(&fake, FAKE_BARE_METAL, "GenuineIntel");
	r = run(&fake, "--raw", "0", NULL);
	CHECK_TEXT(r.out,
		   "CPUID leaf 0x0, ECX 0x0\n"
		   "EAX 0x0000001c         28 \"....\"\n"
		   "EBX 0x756e6547 1970169159 \"Genu\"\n"
		   "ECX 0x6c65746e 1818588270 \"ntel\"\n"
		   "EDX 0x49656e69 1231384169 \"ineI\"\n",
		   "--raw 0 on bare metal");
	CHECK(r.status == 0 && r.calls == 1, "--raw: status 0, one CPUID");
	result_free(&r);

	fake_host_init(&fake, FAKE_PATCHED, "AuthenticAMD");
	r = run(&fake, "--raw", "0x4ffffffb", "-j", NULL);
	CHECK_TEXT(r.out,
		   "{\"leaf\":1342177275,\"subleaf\":0,\"eax\":2,\"ebx\":1164801611,\"ecx\":1400138104,\"edx\":1937006964}\n",
		   "--raw 0x4ffffffb -j: the signature");
	result_free(&r);

	fake_host_init(&fake, FAKE_PATCHED, "AuthenticAMD");
	fake_host_exits(&fake, 0x78, 0x100000002ull, 0);
	r = run(&fake, "--raw", "0x4ffffffd", "120", "-j", NULL);
	CHECK_TEXT(r.out,
		   "{\"leaf\":1342177277,\"subleaf\":120,\"eax\":2,\"ebx\":1,\"ecx\":0,\"edx\":0}\n",
		   "--raw LEAF ECX: the halves of HLT's count");
	result_free(&r);
}

static void test_not_a_kvmexit_host(void)
{
	static const struct {
		enum fake_kind kind;
		const char *vendor;
		uint32_t abi;
		const char *err;
	} hosts[] = {
		{ FAKE_STOCK_KVM, "AuthenticAMD", 1,
		  "kvmexit-probe: no kvmexit host: a stock KVM host (or one loaded with exit_stats_cpuid=0); CPUID leaf 0x4ffffffb has no KvmExitStats signature\n" },
		{ FAKE_STOCK_KVM, "GenuineIntel", 1,
		  "kvmexit-probe: no kvmexit host: a stock KVM host (or one loaded with exit_stats_cpuid=0); CPUID leaf 0x4ffffffb has no KvmExitStats signature\n" },
		{ FAKE_OTHER_HV, "AuthenticAMD", 1,
		  "kvmexit-probe: no kvmexit host: hypervisor \"Microsoft Hv\" is not a kvmexit-patched KVM; CPUID leaf 0x4ffffffb has no KvmExitStats signature\n" },
		{ FAKE_BARE_METAL, "GenuineIntel", 1,
		  "kvmexit-probe: no kvmexit host: no hypervisor reported (bare metal?); CPUID leaf 0x4ffffffb has no KvmExitStats signature\n" },
		{ FAKE_PATCHED, "AuthenticAMD", 1,
		  "kvmexit-probe: kvmexit ABI v1 found on the host, this kvmexit-probe reads v2 (update the host's kernel series)\n" },
		{ FAKE_PATCHED, "VIA VIA VIA ", 2,
		  "kvmexit-probe: unknown CPU vendor \"VIA VIA VIA \": cannot tell VMX exit reasons (GenuineIntel) from SVM exit codes (AuthenticAMD, HygonGenuine)\n" },
	};
	static const char *const modes[][4] = {
		{ NULL }, { "-a", NULL }, { "-r", "CPUID", NULL },
		{ "-w", "1", "-n", NULL },
	};

	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			struct fake_host fake;
			struct result r;
			char what[64];

			fake_host_init(&fake, hosts[i].kind, hosts[i].vendor);
			fake.abi_version = hosts[i].abi;
			if (m == 3)
				r = run(&fake, "-w", "1", "-n", "2", NULL);
			else
				r = run(&fake, modes[m][0], modes[m][1], NULL);
			snprintf(what, sizeof(what), "host %zu, mode %zu: message", i, m);
			CHECK_EQ_STR(r.err, hosts[i].err, what);
			CHECK(r.status == 2 && !*r.out,
			      "host %zu, mode %zu: exit 2 (got %d), stdout empty",
			      i, m, r.status);
			result_free(&r);
		}
	}

	/* -j: the error as JSON on stdout, nothing on stderr. */
	{
		struct fake_host fake;
		struct result r;

		fake_host_init(&fake, FAKE_BARE_METAL, "AuthenticAMD");
		r = run(&fake, "-j", NULL);
		CHECK_EQ_STR(r.out,
			     "{\"error\":\"no kvmexit host: no hypervisor reported (bare metal?); CPUID leaf 0x4ffffffb has no KvmExitStats signature\"}\n",
			     "-j on bare metal: JSON error");
		CHECK(r.status == 2 && !*r.err, "-j on bare metal: exit 2, stderr empty");
		result_free(&r);
	}
}

static void test_usage_errors(void)
{
	static const struct {
		const char *args[5];
		const char *err;
	} cases[] = {
		{ { "-r", "FOO" }, "\"FOO\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r", "" }, "\"\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r", "-1" }, "\"-1\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r", "0x100000000" }, "\"0x100000000\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r", "12abc" }, "\"12abc\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r" }, "option -r/--reason needs an argument; see kvmexit-probe -h" },
		{ { "--reason" }, "option -r/--reason needs an argument; see kvmexit-probe -h" },
		{ { "-s" }, "option -s/--sort needs an argument; see kvmexit-probe -h" },
		{ { "-s", "exit" }, "unknown sort field \"exit\" (one of reason, name, rate, share, total, cycles, time); see kvmexit-probe -h" },
		{ { "-s", "avg" }, "unknown sort field \"avg\" (one of reason, name, rate, share, total, cycles, time); see kvmexit-probe -h" },
		{ { "-w" }, "option -w/--watch needs an argument; see kvmexit-probe -h" },
		{ { "-w", "0" }, "-w wants seconds between 0.001 and 86400, not \"0\"; see kvmexit-probe -h" },
		{ { "-w", "-1" }, "-w wants seconds between 0.001 and 86400, not \"-1\"; see kvmexit-probe -h" },
		{ { "-w", "abc" }, "-w wants seconds between 0.001 and 86400, not \"abc\"; see kvmexit-probe -h" },
		{ { "-w", "inf" }, "-w wants seconds between 0.001 and 86400, not \"inf\"; see kvmexit-probe -h" },
		{ { "-w", "1e3" }, "-w wants seconds between 0.001 and 86400, not \"1e3\"; see kvmexit-probe -h" },
		{ { "-w", "1..2" }, "-w wants seconds between 0.001 and 86400, not \"1..2\"; see kvmexit-probe -h" },
		{ { "-w", "86401" }, "-w wants seconds between 0.001 and 86400, not \"86401\"; see kvmexit-probe -h" },
		{ { "-w", "1", "-n" }, "option -n/--count needs an argument; see kvmexit-probe -h" },
		{ { "-w", "1", "-n", "0" }, "-n wants a positive whole number, not \"0\"; see kvmexit-probe -h" },
		{ { "-w", "1", "-n", "-2" }, "-n wants a positive whole number, not \"-2\"; see kvmexit-probe -h" },
		{ { "-w", "1", "-n", "2x" }, "-n wants a positive whole number, not \"2x\"; see kvmexit-probe -h" },
		{ { "-w", "1", "-n", "99999999999999999999" }, "-n wants a positive whole number, not \"99999999999999999999\"; see kvmexit-probe -h" },
		{ { "-n", "2" }, "-n needs -w; see kvmexit-probe -h" },
		{ { "-r", "HLT", "-a" }, "-r shows the reasons it lists: -a does not apply; see kvmexit-probe -h" },
		{ { "-r", "HLT,FOO" }, "\"FOO\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "-r", "HLT," }, "\"\" is neither a reason number nor the name of an exit reason; see kvmexit-probe -h" },
		{ { "--raw" }, "option --raw needs an argument; see kvmexit-probe -h" },
		{ { "--raw", "eax" }, "--raw wants a 32-bit LEAF in decimal or 0x hex, not \"eax\"; see kvmexit-probe -h" },
		{ { "--raw", "0", "x" }, "--raw wants a 32-bit ECX in decimal or 0x hex, not \"x\"; see kvmexit-probe -h" },
		{ { "--raw", "0", "1", "2" }, "unexpected argument; see kvmexit-probe -h" },
		{ { "--raw", "0", "-a" }, "--raw takes no other option than -j/-p; see kvmexit-probe -h" },
		{ { "extra" }, "unexpected argument; see kvmexit-probe -h" },
		{ { "-x" }, "unknown option -x; see kvmexit-probe -h" },
		{ { "--bogus" }, "unknown option --bogus; see kvmexit-probe -h" },
		{ { "--all=1" }, "option --all takes no argument; see kvmexit-probe -h" },
		{ { "-ax" }, "unknown option -x; see kvmexit-probe -h" },
		{ { "--" , "-a" }, "unexpected argument; see kvmexit-probe -h" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const *a = cases[i].args;
		struct fake_host fake;
		struct result r;
		char expected[256], what[96];

		fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
		r = run(&fake, a[0], a[1], a[2], a[3], a[4]);
		snprintf(expected, sizeof(expected), "kvmexit-probe: %s\n",
			 cases[i].err);
		snprintf(what, sizeof(what), "usage error %zu (%s %s ...)", i,
			 a[0], a[1] ? a[1] : "");
		CHECK_EQ_STR(r.err, expected, what);
		CHECK(r.status == 64 && !*r.out && r.calls == 0,
		      "usage error %zu: exit 64 (got %d), no output, no CPUID (%" PRIu64 ")",
		      i, r.status, r.calls);
		result_free(&r);
	}

	/* With -j before the mistake, the error is JSON. */
	{
		struct fake_host fake;
		struct result r;

		fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
		r = run(&fake, "-j", "-w", "soon", NULL);
		CHECK_EQ_STR(r.out,
			     "{\"error\":\"-w wants seconds between 0.001 and 86400, not \\\"soon\\\"; see kvmexit-probe -h\"}\n",
			     "-j then a usage error: JSON error");
		CHECK_EQ_U64(r.status, 64, "-j usage error exits 64");
		result_free(&r);
	}
}

static void test_watch_cli(void)
{
	struct fake_host fake;
	struct result r;

	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	r = run(&fake, "-w", "0.5", "-n", "2", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, VMX exit reasons (CPU vendor GenuineIntel)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "every 0.500 s; the probe's own CPUID exits are subtracted\n"
		   "\n"
		   "interval 1 to 2026-12-02T19:40:04.500Z: 0.500 s, 0 exits (0.0/s), 0 cycles (0.0/s), 83 probe exits subtracted\n"
		   "(no exits)\n"
		   "\n"
		   "interval 2 to 2026-12-02T19:40:05.000Z: 0.500 s, 0 exits (0.0/s), 0 cycles (0.0/s), 83 probe exits subtracted\n"
		   "(no exits)\n",
		   "-w 0.5 -n 2 on an idle Intel guest: intervals stamped with the wall clock");
	CHECK_EQ_U64(r.status, 0, "watch exits 0");
	/* Detection, then three snapshots of 80 + 1 + 2 CPUIDs. */
	CHECK_EQ_U64(r.calls, 3 + 3 * 83, "watch: CPUIDs");
	result_free(&r);

	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	r = run(&fake, "-w", "1", "-n", "1", "-r", "CPUID", NULL);
	CHECK_TEXT(r.out,
		   "kvmexit ABI 2, VMX exit reasons (CPU vendor GenuineIntel)\n"
		   "counting: this VM, 1 vCPU; host TSC 2000000 kHz\n"
		   "every 1.000 s; the probe's own CPUID exits are subtracted\n"
		   "\n"
		   "interval 1 to 2026-12-02T19:40:05.000Z: 1.000 s, 0 exits (0.0/s), 0 cycles (0.0/s), 4 probe exits subtracted\n"
		   "REASON NAME  EXITS EXITS/S SHARE CYCLES AVG\n"
		   "    10 CPUID     0     0.0 0.00%      0   -\n",
		   "-w -r CPUID: the probe's own CPUIDs do not show");
	result_free(&r);
}

static void test_help_and_version(void)
{
	struct fake_host fake;
	struct result r;

	fake_host_init(&fake, FAKE_BARE_METAL, "GenuineIntel");
	r = run(&fake, "--version", NULL);
	CHECK_EQ_STR(r.out, "kvmexit-probe " KVMEXIT_VERSION " (kvmexit ABI v2)\n",
		     "--version: the Makefile's version, as kvmexittop's");
	CHECK(r.status == 0 && r.calls == 0, "--version: exit 0, no CPUID");
	result_free(&r);

	r = run(&fake, "-h", NULL);
	CHECK(r.status == 0 && r.calls == 0 && !strncmp(r.out, "Usage: kvmexit-probe", 20),
	      "-h: exit 0, usage, no CPUID");
	result_free(&r);
}

/*
 * A host that answers at random: the signature right most of the time (or
 * nothing past detection would run), a vendor from a list, anything else
 * from a PRNG, so that every check on the answers meets odd values.
 */
struct chaos {
	uint64_t state;
	struct probe_cpu cpu;
};

static uint32_t chaos_next(struct chaos *c)
{
	/* xorshift64: deterministic, so a failure can be replayed. */
	c->state ^= c->state << 13;
	c->state ^= c->state >> 7;
	c->state ^= c->state << 17;
	return (uint32_t)(c->state >> 16);
}

static void chaos_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	static const char *const vendors[] = { "GenuineIntel", "AuthenticAMD",
					       "HygonGenuine", "\x01\xff" };
	struct chaos *c = ctx;
	uint32_t pick = chaos_next(c);
	struct fake_host fake;

	(void)sub;
	for (int i = 0; i < 4; i++)
		r[i] = chaos_next(c);
	if (leaf == KVMEXIT_LEAF_SCOPE && pick % 8) {
		/* Mostly a scope the ABI allows, so reports get read. */
		r[PROBE_EAX] = pick % 2 ? KVMEXIT_SCOPE_THIS_VM : KVMEXIT_SCOPE_WHOLE_HOST;
		r[PROBE_ECX] &= KVMEXIT_SCOPE_CYCLES_MEASURED;
	} else if (leaf == KVMEXIT_LEAF_SIGNATURE && pick % 8) {
		r[PROBE_EAX] = pick % 16 ? KVMEXIT_ABI_VERSION : 1;
		r[PROBE_EBX] = KVMEXIT_SIGNATURE_EBX;
		r[PROBE_ECX] = KVMEXIT_SIGNATURE_ECX;
		r[PROBE_EDX] = KVMEXIT_SIGNATURE_EDX;
	} else if (leaf == 0) {
		fake_host_init(&fake, FAKE_PATCHED, vendors[pick % 4]);
		fake.cpu.cpuid(fake.cpu.ctx, 0, 0, r);
	} else if (leaf >= KVMEXIT_LEAF_REASON_CYCLES && pick % 4) {
		/* Mostly well-formed, with random values and halves. */
		if (leaf == KVMEXIT_LEAF_REASON_EXITS ||
		    leaf == KVMEXIT_LEAF_TOTAL_EXITS)
			r[PROBE_ECX] = 0;
		else
			r[PROBE_EAX] = 0;
		r[PROBE_EDX] = pick % 5 ? 0 : KVMEXIT_UNDEFINED_EDX;
		if (pick % 3 == 0)
			r[0] = r[1] = r[2] = 0;
	}
}

static void test_chaos(void)
{
	static const char *const modes[][5] = {
		{ NULL }, { "-a", "-j", NULL }, { "-s", "cycles", NULL },
		{ "-r", "CPUID", NULL }, { "-r", "0xffffffff", "-p", NULL },
		{ "-w", "1", "-n", "3", NULL }, { "-w", "1", "-n", "2", "-a" },
	};
	struct chaos c = { .state = 0x9E3779B97F4A7C15ull };
	int bad = 0, runs = 0, by_status[3] = { 0 };

	c.cpu = (struct probe_cpu){ chaos_cpuid, &c };
	for (int round = 0; round < 60; round++) {
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			char *argv[7] = { "kvmexit-probe" };
			double now = 0;
			struct probe_clock clock = { clock_now, clock_sleep, &now, clock_wall };
			char *out = NULL, *err = NULL;
			size_t ol = 0, el = 0;
			FILE *fo = open_memstream(&out, &ol);
			FILE *fe = open_memstream(&err, &el);
			int argc = 1, status;

			while (argc < 6 && modes[m][argc - 1]) {
				argv[argc] = (char *)modes[m][argc - 1];
				argc++;
			}
			status = probe_main(argc, argv, &c.cpu, &clock, fo, fe);
			fclose(fo);
			fclose(fe);
			runs++;
			if (status < 0 || status > 2)
				bad++;
			else
				by_status[status]++;
			free(out);
			free(err);
		}
	}
	CHECK(bad == 0, "%d runs on a random host: statuses 0-2 only (%d others)",
	      runs, bad);
	CHECK(by_status[0] && by_status[1] && by_status[2],
	      "random host reached success (%d), bad answers (%d) and no host (%d)",
	      by_status[0], by_status[1], by_status[2]);
}

/* The text of a file, NUL-terminated, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

static const struct option_doc *option_named(const char *name, size_t len)
{
	for (size_t i = 0; i < probe_noptions; i++)
		if (strlen(probe_options[i].long_name) == len &&
		    !strncmp(probe_options[i].long_name, name, len))
			return &probe_options[i];
	return NULL;
}

/*
 * Every "--name" in text (written "\-\-name" in roff) is an option of the
 * table; returns how many there were.
 */
static int check_long_names(const char *text, const char *dashes,
			    const char *where)
{
	int n = 0;

	for (const char *p = strstr(text, dashes); p;
	     p = strstr(p + 1, dashes)) {
		const char *name = p + strlen(dashes);
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz-");

		if (!len)
			continue;
		n++;
		CHECK(option_named(name, len) != NULL,
		      "%s names --%.*s, which the option table has", where,
		      (int)len, name);
	}
	return n;
}

/* text contains word, not followed by more of a name ("--raw" in "--rawx"). */
static bool has_word(const char *text, const char *word)
{
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		char next = p[strlen(word)];

		if (!(next >= 'a' && next <= 'z') && next != '-')
			return true;
	}
	return false;
}

static void test_options_agree(void)
{
	struct fake_host fake;
	struct result r;
	char *man = slurp(MAN_PAGE);
	char *options = NULL, *end;
	int entries = 0;

	CHECK(man != NULL, "%s is readable (run from the top directory)", MAN_PAGE);
	if (!man)
		return;
	options = strstr(man, "\n.SH OPTIONS\n");
	CHECK(options != NULL, "man page has an OPTIONS section");
	if (!options) {
		free(man);
		return;
	}
	end = strstr(options + 1, "\n.SH ");
	if (end)
		*end = '\0';

	fake_host_init(&fake, FAKE_BARE_METAL, "GenuineIntel");
	r = run(&fake, "--help", NULL);
	for (size_t i = 0; i < probe_noptions; i++) {
		const struct option_doc *o = &probe_options[i];
		char help[64], roff[64];

		if (o->short_name) {
			snprintf(help, sizeof(help), "  -%c, --%s%s%s", o->short_name,
				 o->long_name, o->arg ? " " : "", o->arg ? o->arg : "");
			snprintf(roff, sizeof(roff), "\n.TP\n.BR \\-%c \", \" \\-\\-%s",
				 o->short_name, o->long_name);
		} else {
			snprintf(help, sizeof(help), "      --%s%s%s", o->long_name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
			snprintf(roff, sizeof(roff), "\n.TP\n.B%s \\-\\-%s",
				 o->arg ? "R" : "", o->long_name);
		}
		CHECK(has_word(r.out, help), "--help lists \"%s\"", help + 2);
		CHECK(has_word(options, roff),
		      "man OPTIONS has an entry for --%s", o->long_name);
	}
	for (const char *p = strstr(options, "\n.TP\n"); p;
	     p = strstr(p + 1, "\n.TP\n"))
		entries++;
	CHECK_EQ_U64(entries, probe_noptions,
		     "man OPTIONS entries = options in the table");
	check_long_names(options, "\\-\\-", "man OPTIONS");
	CHECK(check_long_names(r.out, "--", "--help") >= (int)probe_noptions,
	      "--help names every option");
	result_free(&r);
	free(man);
}

int main(void)
{
	HARNESS_PLAN(217);
	test_amd_reports();
	test_one_reason();
	test_raw();
	test_not_a_kvmexit_host();
	test_usage_errors();
	test_watch_cli();
	test_help_and_version();
	test_v2();
	test_options_agree();
	test_chaos();
	return harness_exit_status();
}
