// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kvmexit-probe's query layer (guest/query.c) against a fake
 * host: detection, every kind of per-reason answer, 64-bit halves, counts
 * that move between calls, and hosts that are not kvmexit hosts.
 */
#define HARNESS_SUITE "probe_query"
#include "../harness.h"

#include "../../guest/query.h"
#include "../probe/fake_host.h"
#include "kvmexit_abi.h"

struct vendor_case {
	const char *cpu_vendor;
	enum kvmexit_vendor vendor;
	uint32_t hlt;		/* a handled reason */
	uint32_t not_handled;	/* defined, no handler in 6.12 */
	uint32_t undefined[3];
	size_t defined;		/* kvmexit_reason_count */
};

static const struct vendor_case cases[] = {
	{ "GenuineIntel", KVMEXIT_VENDOR_VMX, 12, 3, { 35, 86, 0xFFFFFFFFu }, 80 },
	{ "AuthenticAMD", KVMEXIT_VENDOR_SVM, 0x78, 0x40,
	  { 0xA7, 0x3FF, 0x80000001u }, 172 },
	{ "HygonGenuine", KVMEXIT_VENDOR_SVM, 0x78, 0x40,
	  { 0xA7, 0x3FF, 0x80000001u }, 172 },
};

static void test_detect(const struct vendor_case *vc)
{
	struct fake_host fake;
	struct probe_host host;

	fake_host_init(&fake, FAKE_PATCHED, vc->cpu_vendor);
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_OK, "%s: detected: %s",
	      vc->cpu_vendor, host.message);
	CHECK(host.vendor == vc->vendor, "%s: vendor namespace %s",
	      vc->cpu_vendor, kvmexit_vendor_name(host.vendor));
	CHECK_EQ_STR(host.cpu_vendor, vc->cpu_vendor, "cpu vendor string");
	CHECK_EQ_U64(host.abi_version, 2, "abi version");
	/* The signature leaf, the scope leaf, then leaf 0: nothing else. */
	CHECK_EQ_U64(host.calls, 3, "detection costs three CPUIDs");
	CHECK_EQ_U64(fake.calls, 3, "fake host saw three CPUIDs");
	CHECK(host.scope == PROBE_SCOPE_THIS_VM && host.tsc_khz == 2000000 &&
	      host.cycles_measured && host.vcpus == 1,
	      "scope leaf: this VM, 2000000 kHz, cycles measured, 1 vCPU");
	CHECK_EQ_U64(kvmexit_reason_count(vc->vendor), vc->defined,
		     "defined reasons queried by a full snapshot");
}

static void test_reasons(const struct vendor_case *vc)
{
	struct fake_host fake;
	struct probe_host host;
	struct probe_reading r;
	uint64_t calls;

	fake_host_init(&fake, FAKE_PATCHED, vc->cpu_vendor);
	probe_host_init(&host, &fake.cpu);
	probe_host_detect(&host);

	/* Both halves of both counters matter. */
	fake_host_exits(&fake, vc->hlt, 0x100000005ull, 0xABCD00001234ull);
	calls = host.calls;
	CHECK(probe_read_reason(&host, vc->hlt, &r) == PROBE_OK,
	      "%s: read HLT", vc->cpu_vendor);
	CHECK(r.status == PROBE_REASON_COUNTED, "%s: HLT counted",
	      vc->cpu_vendor);
	CHECK_EQ_U64(r.exits, 0x100000005ull, "HLT exits, high half set");
	CHECK_EQ_U64(r.cycles, 0xABCD00001234ull, "HLT cycles, high half set");
	CHECK_EQ_U64(host.calls - calls, 2, "a reason with exits costs 2 CPUIDs");
	CHECK_EQ_U64(r.exits_seq, calls + 1, "exits stamped with its CPUID");

	/* Exits all 32 bits of the low half, cycles only the high half. */
	fake_host_exits(&fake, vc->hlt, 0xFFFFFFFFull - 5, 0x100000000ull - 0x1234);
	probe_read_reason(&host, vc->hlt, &r);
	CHECK_EQ_U64(r.exits, 0x1FFFFFFFFull + 1 - 1, "HLT exits 0x1ffffffff + 1 - 1");
	CHECK_EQ_U64(r.cycles, 0xABCE00000000ull, "HLT cycles carried into high half");

	/* Handled, never seen: 0 exits, one CPUID. */
	fake_host_init(&fake, FAKE_PATCHED, vc->cpu_vendor);
	probe_host_init(&host, &fake.cpu);
	probe_host_detect(&host);
	calls = host.calls;
	probe_read_reason(&host, vc->hlt, &r);
	CHECK(r.status == PROBE_REASON_COUNTED && r.exits == 0 && r.cycles == 0,
	      "%s: handled reason without exits is 0 exits (status %s)",
	      vc->cpu_vendor, probe_reason_status_name(r.status));
	CHECK_EQ_U64(host.calls - calls, 1, "a reason without exits costs 1 CPUID");

	probe_read_reason(&host, vc->not_handled, &r);
	CHECK(r.status == PROBE_REASON_NOT_HANDLED,
	      "%s: reason 0x%x answered all zeros: not handled (got %s)",
	      vc->cpu_vendor, vc->not_handled,
	      probe_reason_status_name(r.status));

	for (int i = 0; i < 3; i++) {
		CHECK(probe_read_reason(&host, vc->undefined[i], &r) == PROBE_OK &&
		      r.status == PROBE_REASON_UNDEFINED && r.exits == 0,
		      "%s: reason 0x%x answered EDX=0xffffffff: undefined (got %s)",
		      vc->cpu_vendor, vc->undefined[i],
		      probe_reason_status_name(r.status));
	}
}

/* The probe's own CPUIDs are exits, counted before each answer. */
static void test_own_exits(const struct vendor_case *vc)
{
	struct fake_host fake;
	struct probe_host host;
	struct probe_totals t;
	struct probe_reading r;
	uint32_t cpuid;

	fake_host_init(&fake, FAKE_PATCHED, vc->cpu_vendor);
	cpuid = fake_cpuid_reason(&fake);
	fake_host_exits(&fake, vc->hlt, 7, 700);
	probe_host_init(&host, &fake.cpu);
	probe_host_detect(&host);
	CHECK(probe_read_totals(&host, &t) == PROBE_OK, "%s: totals",
	      vc->cpu_vendor);
	/* 7 HLT + detection's 3 + the totals leaf itself. */
	CHECK_EQ_U64(t.exits, 11, "total exits include the asking CPUID");
	/* The cycles leaf is the fifth CPUID: 5 * 1000 + 700. */
	CHECK_EQ_U64(t.cycles, 5700, "total cycles include the asking CPUID");
	CHECK_EQ_U64(t.exits_seq, 4, "totals stamped with the fourth CPUID");
	probe_read_reason(&host, cpuid, &r);
	CHECK_EQ_U64(r.exits, 6, "CPUID reason counts the asking CPUID");
	CHECK_EQ_U64(r.cycles, 7000, "CPUID cycles include the cycles CPUID");
}

static void count_hlt_per_call(struct fake_host *fake, uint32_t leaf,
			       uint32_t sub)
{
	(void)leaf;
	(void)sub;
	fake_host_exits(fake, *(uint32_t *)fake->activity_ctx, 3, 30);
}

/* Another vCPU halts 3 times during every CPUID the probe makes. */
static void test_moving_counts(const struct vendor_case *vc)
{
	struct fake_host fake;
	struct probe_host host;
	struct probe_snapshot snap = { .count = 0 };
	uint32_t hlt = vc->hlt;
	uint64_t sum = 0;

	fake_host_init(&fake, FAKE_PATCHED, vc->cpu_vendor);
	fake.activity = count_hlt_per_call;
	fake.activity_ctx = &hlt;
	probe_host_init(&host, &fake.cpu);
	probe_host_detect(&host);
	CHECK(probe_snapshot_take(&host, &snap, NULL, 0) == PROBE_OK,
	      "%s: full snapshot: %s", vc->cpu_vendor, host.message);
	CHECK_EQ_U64(snap.count, vc->defined, "every defined reason read");
	/* Every reason one CPUID; HLT and CPUID two; the totals two. */
	CHECK_EQ_U64(snap.queries, vc->defined + 2 + 2,
		     "queries of a full snapshot");
	CHECK_EQ_U64(host.calls, 3 + snap.queries, "host->calls");
	for (size_t i = 0; i < snap.count; i++) {
		const struct probe_reading *r = &snap.readings[i];

		CHECK(r->reason == kvmexit_reason_at(vc->vendor, i),
		      "%s: reading %zu is reason 0x%x", vc->cpu_vendor, i,
		      r->reason);
		if (r->status == PROBE_REASON_COUNTED)
			sum += r->exits;
	}
	/* Totals are read last: everything counted before is in them. */
	CHECK(snap.totals.exits >= sum, "%s: totals %" PRIu64 " >= rows %" PRIu64,
	      vc->cpu_vendor, snap.totals.exits, sum);
	CHECK_EQ_U64(snap.totals.exits, 4 * (3 + snap.queries - 1),
		     "totals: 1 CPUID + 3 HLT per call up to the totals leaf");
	probe_snapshot_free(&snap);
}

static void test_not_a_kvmexit_host(void)
{
	static const struct {
		enum fake_kind kind;
		const char *vendor;
		const char *says;
	} hosts[] = {
		{ FAKE_STOCK_KVM, "AuthenticAMD", "stock KVM host" },
		{ FAKE_STOCK_KVM, "GenuineIntel", "stock KVM host" },
		{ FAKE_OTHER_HV, "GenuineIntel", "hypervisor \"Microsoft Hv\"" },
		{ FAKE_STOCK_KVM_HYPERV, "AuthenticAMD", "stock KVM host" },
		{ FAKE_BARE_METAL, "GenuineIntel", "no hypervisor reported" },
		{ FAKE_BARE_METAL, "AuthenticAMD", "no hypervisor reported" },
	};

	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct fake_host fake;
		struct probe_host host;

		fake_host_init(&fake, hosts[i].kind, hosts[i].vendor);
		probe_host_init(&host, &fake.cpu);
		CHECK(probe_host_detect(&host) == PROBE_NO_HOST,
		      "host %zu (%s): no kvmexit host", i, hosts[i].vendor);
		CHECK(strstr(host.message, hosts[i].says) != NULL,
		      "host %zu: message \"%s\" says \"%s\"", i, host.message,
		      hosts[i].says);
		CHECK(!strchr(host.message, '\n'), "host %zu: one line", i);
	}
}

static void test_versions_and_vendors(void)
{
	struct fake_host fake;
	struct probe_host host;

	fake_host_init(&fake, FAKE_PATCHED, "AuthenticAMD");
	fake.abi_version = 1;
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_BAD_VERSION, "ABI 1 refused");
	CHECK_EQ_STR(host.message,
		     "kvmexit ABI v1 found on the host, this kvmexit-probe reads v2 (update the host's kernel series)",
		     "ABI 1 message names both versions");
	CHECK_EQ_U64(host.calls, 1, "nothing read after a bad version");

	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	fake.abi_version = 0;
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_BAD_VERSION, "ABI 0 refused");
	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	fake.abi_version = 3;
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_BAD_VERSION &&
	      !strcmp(host.message, "kvmexit ABI v3 found on the host, this kvmexit-probe reads v2 (update kvmexit-probe)"),
	      "ABI 3 refused, naming both: %s", host.message);

	/* The scope leaf: the whole host, 8 vCPUs, cycles not measured. */
	fake_host_init(&fake, FAKE_PATCHED, "AuthenticAMD");
	fake.scope_regs[PROBE_EAX] = KVMEXIT_SCOPE_WHOLE_HOST;
	fake.scope_regs[PROBE_EBX] = 2995200;
	fake.scope_regs[PROBE_ECX] = 0;
	fake.scope_regs[PROBE_EDX] = 8;
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_OK &&
	      host.scope == PROBE_SCOPE_WHOLE_HOST && host.tsc_khz == 2995200 &&
	      !host.cycles_measured && host.vcpus == 8,
	      "whole host, 2995200 kHz, cycles not measured, 8 vCPUs");
	CHECK_EQ_STR(probe_scope_name(host.scope), "host", "JSON scope word");
	CHECK(probe_cycles_us(&host, 1000) == -1, "no microseconds without cycles");
	host.cycles_measured = true;
	CHECK(probe_cycles_us(&host, 2995200) == 1000.0,
	      "2995200 cycles at 2995200 kHz: 1000 us (%g)",
	      probe_cycles_us(&host, 2995200));
	/* Scopes and flags the ABI does not define are bad answers. */
	static const uint32_t bad_scopes[][2] = { { 0, 1 }, { 3, 1 }, { 1, 3 } };

	for (size_t i = 0; i < 3; i++) {
		fake_host_init(&fake, FAKE_PATCHED, "AuthenticAMD");
		fake.scope_regs[PROBE_EAX] = bad_scopes[i][0];
		fake.scope_regs[PROBE_ECX] = bad_scopes[i][1];
		probe_host_init(&host, &fake.cpu);
		CHECK(probe_host_detect(&host) == PROBE_BAD_ANSWER &&
		      strstr(host.message, "0x4ffffffa"),
		      "scope leaf EAX=%u ECX=%u refused: %s", bad_scopes[i][0],
		      bad_scopes[i][1], host.message);
	}

	fake_host_init(&fake, FAKE_PATCHED, "CentaurHauls");
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_UNKNOWN_VENDOR,
	      "CentaurHauls: unknown vendor");
	CHECK(strstr(host.message, "unknown CPU vendor \"CentaurHauls\"") != NULL,
	      "unknown vendor message: %s", host.message);

	/* Unprintable and short vendor strings stay printable. */
	fake_host_init(&fake, FAKE_PATCHED, "Gen\x01ine\x7fnte");
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_UNKNOWN_VENDOR,
	      "unprintable vendor: unknown");
	CHECK_EQ_STR(host.cpu_vendor, "Gen?ine?nte", "unprintables shown as ?");
	fake_host_init(&fake, FAKE_PATCHED, "");
	probe_host_init(&host, &fake.cpu);
	CHECK(probe_host_detect(&host) == PROBE_UNKNOWN_VENDOR,
	      "empty vendor: unknown");
	CHECK_EQ_STR(host.cpu_vendor, "", "empty vendor string");
}

/* A host that breaks the ABI on one leaf. */
struct broken {
	struct fake_host fake;
	uint32_t leaf;
	int reg;
	struct probe_cpu cpu;
};

static void broken_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	struct broken *b = ctx;

	b->fake.cpu.cpuid(b->fake.cpu.ctx, leaf, sub, r);
	if (leaf == b->leaf)
		r[b->reg] |= 0x10;
}

static void test_bad_answers(void)
{
	static const struct {
		uint32_t leaf;
		int reg;
	} breaks[] = {
		{ KVMEXIT_LEAF_TOTAL_EXITS, PROBE_ECX },
		{ KVMEXIT_LEAF_TOTAL_EXITS, PROBE_EDX },
		{ KVMEXIT_LEAF_TOTAL_CYCLES, PROBE_EAX },
		{ KVMEXIT_LEAF_REASON_EXITS, PROBE_ECX },
		{ KVMEXIT_LEAF_REASON_CYCLES, PROBE_EDX },
	};

	for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
		struct broken b = { .leaf = breaks[i].leaf, .reg = breaks[i].reg };
		struct probe_host host;
		struct probe_snapshot snap = { .count = 0 };
		enum probe_status status;

		fake_host_init(&b.fake, FAKE_PATCHED, "GenuineIntel");
		b.cpu = (struct probe_cpu){ broken_cpuid, &b };
		probe_host_init(&host, &b.cpu);
		probe_host_detect(&host);
		status = probe_snapshot_take(&host, &snap, NULL, 0);
		CHECK(status == PROBE_BAD_ANSWER &&
		      strstr(host.message, "does not allow"),
		      "leaf 0x%x with register %d set: bad answer (%s)",
		      breaks[i].leaf, breaks[i].reg, host.message);
		probe_snapshot_free(&snap);
	}
}

int main(void)
{
	HARNESS_PLAN(567);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		test_detect(&cases[i]);
		test_reasons(&cases[i]);
		test_own_exits(&cases[i]);
		test_moving_counts(&cases[i]);
	}
	test_not_a_kvmexit_host();
	test_versions_and_vendors();
	test_bad_answers();
	return harness_exit_status();
}
