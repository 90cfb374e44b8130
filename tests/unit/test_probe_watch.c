// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kvmexit-probe's watch mode (guest/watch.c) against a fake
 * host that counts the probe's own CPUIDs as the real one does: an idle
 * guest must show exactly zero exits, a guest that made N exits exactly N.
 */
#define HARNESS_SUITE "probe_watch"
#include "../harness.h"

#include <stdlib.h>

#include "../../guest/watch.h"
#include "../probe/fake_host.h"
#include "../probe/text_check.h"

/* A clock that only moves when slept, and a guest that acts meanwhile. */
struct sim {
	double now;
	struct fake_host *fake;
	uint32_t reason;	/* what the guest does while the probe sleeps */
	uint64_t exits, cycles;	/* per sleep */
	bool reset_at_second;	/* debugfs "0" during the second sleep */
	int sleeps;
};

static double sim_now(void *ctx)
{
	return ((struct sim *)ctx)->now;
}

static void sim_sleep(void *ctx, double seconds)
{
	struct sim *s = ctx;

	s->now += seconds > 0 ? seconds : 0;
	s->sleeps++;
	if (s->exits)
		fake_host_exits(s->fake, s->reason, s->exits, s->cycles);
	if (s->reset_at_second && s->sleeps == 2) {
		s->fake->total_exits = s->fake->total_cycles = 0;
		for (int i = 0; i < s->fake->ncounters; i++)
			s->fake->counters[i].exits = s->fake->counters[i].cycles = 0;
	}
}

/* The wall clock: 2026-12-02T19:38:24Z at simulated 0. */
static double sim_wall(void *ctx)
{
	return 1796240304.0 + ((struct sim *)ctx)->now;
}

struct run {
	char *out;
	int status;
	uint64_t queries_per_snapshot;
};

static struct run watch(struct fake_host *fake, struct sim *sim, bool all,
			const uint32_t *reason, uint64_t count)
{
	struct probe_clock clock = { sim_now, sim_sleep, sim, sim_wall };
	struct probe_watch_opts opts = {
		.interval = 1.0, .count = count, .all = all,
		.sort = PROBE_SORT_EXITS, .reasons = reason,
		.nreasons = reason ? 1 : 0,
	};
	struct probe_host host;
	struct probe_out o;
	struct run r = { 0 };
	size_t len = 0;
	FILE *f = open_memstream(&r.out, &len);

	probe_out_init(&o, f, f);
	probe_out_set_json(&o, false);
	probe_host_init(&host, &fake->cpu);
	probe_host_detect(&host);
	r.status = probe_watch(&host, &o, &clock, &opts);
	fclose(f);
	return r;
}

static const char *const vendors[] = { "GenuineIntel", "AuthenticAMD" };

static void test_idle(const char *vendor)
{
	struct fake_host fake;
	struct sim sim = { .fake = &fake };
	struct run r;
	char expected[1024], line[512];
	uint64_t q;

	fake_host_init(&fake, FAKE_PATCHED, vendor);
	/* Every defined reason; cycles of CPUID and HLT; the totals. */
	q = kvmexit_reason_count(fake.vendor) + 2 + 2;
	/* History from before the probe started. */
	fake_host_exits(&fake, fake.vendor == KVMEXIT_VENDOR_SVM ? 0x78 : 12,
			5, 50);
	r = watch(&fake, &sim, false, NULL, 3);
	expected[0] = '\0';
	for (int k = 1; k <= 3; k++) {
		snprintf(line, sizeof(line),
			 "{\"frame\":%d,\"time\":\"2026-12-02T19:38:%02d.000Z\",\"interval\":1,\"abi_version\":2,\"vendor\":\"%s\",\"cpu_vendor\":\"%s\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,\"exits\":0,\"cycles\":0,\"exits_per_second\":0,\"cycles_per_second\":0,\"probe_exits\":%" PRIu64 ",\"reset\":false,\"reasons\":[]}\n",
			 k, 24 + k, fake.vendor == KVMEXIT_VENDOR_SVM ? "svm" : "vmx",
			 vendor, q);
		strcat(expected, line);
	}
	CHECK_EQ_U64(r.status, 0, "idle watch exits 0");
	CHECK_TEXT(r.out, expected,
		   fake.vendor == KVMEXIT_VENDOR_SVM ?
			   "svm idle guest: zero exits, the probe's own subtracted" :
			   "vmx idle guest: zero exits, the probe's own subtracted");
	CHECK_EQ_U64(sim.sleeps, 3, "slept once per interval");
	free(r.out);
}

/* N exits of a reason between frames show as exactly N. */
static void test_busy(const char *vendor, bool cpuid, uint64_t n)
{
	struct fake_host fake;
	struct sim sim = { .fake = &fake };
	struct run r;
	char expected[2048], line[768], what[128];
	uint64_t q;
	uint32_t reason;
	const char *name;

	fake_host_init(&fake, FAKE_PATCHED, vendor);
	reason = cpuid ? fake_cpuid_reason(&fake) :
			 (fake.vendor == KVMEXIT_VENDOR_SVM ? 0x78 : 12);
	name = cpuid ? "CPUID" : "HLT";
	/* Exits, 2 for CPUID and the busy reason, the totals. */
	q = kvmexit_reason_count(fake.vendor) + 1 + (cpuid ? 0 : 1) + 2;
	sim.reason = reason;
	sim.exits = n;
	/* The cost of a CPUID exit, so the cycle estimate must be exact. */
	sim.cycles = cpuid ? n * fake.cycles_per_exit : n * 2;
	fake_host_exits(&fake, reason, 1, 1);	/* so the first frame reads cycles */

	r = watch(&fake, &sim, false, NULL, 2);
	expected[0] = '\0';
	for (int k = 1; k <= 2; k++) {
		snprintf(line, sizeof(line),
			 "{\"frame\":%d,\"time\":\"2026-12-02T19:38:%02d.000Z\",\"interval\":1,\"abi_version\":2,\"vendor\":\"%s\",\"cpu_vendor\":\"%s\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,\"exits\":%" PRIu64 ",\"cycles\":%" PRIu64 ",\"exits_per_second\":%" PRIu64 ",\"cycles_per_second\":%" PRIu64 ",\"probe_exits\":%" PRIu64 ",\"reset\":false,\"reasons\":[{\"reason\":%u,\"name\":\"%s\",\"status\":\"counted\",\"exits\":%" PRIu64 ",\"exits_per_second\":%" PRIu64 ",\"exit_share\":1,\"cycles\":%" PRIu64 ",\"cycles_per_exit\":%" PRIu64 ",\"microseconds_per_exit\":%.10g}]}\n",
			 k, 24 + k, fake.vendor == KVMEXIT_VENDOR_SVM ? "svm" : "vmx",
			 vendor, n, sim.cycles, n, sim.cycles, q, reason,
			 name, n, n, sim.cycles, sim.cycles / n,
			 (double)(sim.cycles / n) / 2000);
		strcat(expected, line);
	}
	snprintf(what, sizeof(what), "%s: %" PRIu64 " %s exits between frames show as %" PRIu64,
		 vendor, n, name, n);
	CHECK_TEXT(r.out, expected, what);
	free(r.out);
}

static void test_interval_compute(void)
{
	struct probe_reading a[] = {
		{ 10, PROBE_REASON_COUNTED, 100, 1000, 5 },
		{ 12, PROBE_REASON_COUNTED, 0xFFFFFFFFull, 10, 6 },
		{ 3, PROBE_REASON_NOT_HANDLED, 0, 0, 7 },
	};
	struct probe_reading b[] = {
		/* 40 more CPUID exits, 30 of them the probe's own. */
		{ 10, PROBE_REASON_COUNTED, 140, 1400, 35 },
		/* across the 32-bit boundary */
		{ 12, PROBE_REASON_COUNTED, 0x100000002ull, 0x100000010ull, 36 },
		{ 3, PROBE_REASON_NOT_HANDLED, 0, 0, 37 },
	};
	struct probe_snapshot prev = { { 1000, 50000, 9 }, a, 3, 3, 0 };
	struct probe_snapshot cur = { { 1043, 50000 + 0x100000400ull, 39 },
				      b, 3, 3, 0 };
	struct probe_reading c[] = {
		/* reset: 32 CPUID exits since, the probe's 30 among them */
		{ 10, PROBE_REASON_COUNTED, 32, 320, 65 },
		{ 12, PROBE_REASON_COUNTED, 1, 5, 66 },
		{ 3, PROBE_REASON_NOT_HANDLED, 0, 0, 67 },
	};
	struct probe_snapshot after_reset = { { 35, 400, 69 }, c, 3, 3, 0 };
	struct probe_interval iv;
	struct probe_row rows[3];
	size_t n;

	n = probe_interval_compute(&prev, &cur, 10, false, &iv, rows);
	CHECK_EQ_U64(n, 2, "two reasons with exits");
	CHECK_EQ_U64(iv.probe_exits, 30, "probe exits between the totals reads");
	CHECK_EQ_U64(iv.exits, 13, "total: 43 new exits less the probe's 30");
	CHECK(rows[0].reason == 10 && rows[0].exits == 10,
	      "CPUID: 40 less the probe's 30 (got %" PRIu64 ")", rows[0].exits);
	CHECK_EQ_U64(rows[0].cycles, 100, "CPUID cycles: the guest's quarter of 400");
	CHECK_EQ_U64(rows[1].exits, 3, "HLT delta across 2^32");
	CHECK_EQ_U64(rows[1].cycles, 0x100000006ull, "HLT cycles delta across 2^32");
	CHECK_EQ_U64(iv.cycles, 0x100000400ull - 300,
		     "total cycles less the probe's estimated 300");
	CHECK(!iv.reset, "no reset");

	n = probe_interval_compute(&prev, &cur, 10, true, &iv, rows);
	CHECK(n == 3 && rows[2].status == PROBE_REASON_NOT_HANDLED,
	      "with all: the not-handled reason too");

	/* Counters reset between the frames: no wrap-around, flagged. */
	n = probe_interval_compute(&cur, &after_reset, 10, false, &iv, rows);
	CHECK(iv.reset, "a counter going backwards is a reset");
	CHECK_EQ_U64(n, 2, "after a reset: two reasons with exits");
	CHECK(rows[0].exits == 2 && rows[1].exits == 1 && rows[1].cycles == 5,
	      "after a reset: what the counters hold, less the probe's 30");
	CHECK_EQ_U64(iv.exits, 5, "after a reset: total 35 less the probe's 30");
}

static void test_reset_and_reason(void)
{
	struct fake_host fake;
	struct sim sim = { .fake = &fake, .reset_at_second = true };
	uint32_t hlt = 12;
	struct run r;

	fake_host_init(&fake, FAKE_PATCHED, "GenuineIntel");
	sim.reason = hlt;
	sim.exits = 4;
	sim.cycles = 40;
	/* As the command line runs -r: the reason's row even without exits. */
	r = watch(&fake, &sim, true, &hlt, 3);
	/*
	 * -r: only HLT is shown, but CPUID is read too (for the cycles
	 * estimate): HLT 2, CPUID 2, totals 2 CPUIDs a frame.  After the
	 * reset the frame reads HLT as 0 (1 CPUID), and the counters hold
	 * only what came since: the probe's 3000 CPUID cycles then cannot
	 * all be matched, and 2000 remain.  The interval says it was reset.
	 */
	CHECK_TEXT(r.out,
		   "{\"frame\":1,\"time\":\"2026-12-02T19:38:25.000Z\",\"interval\":1,\"abi_version\":2,\"vendor\":\"vmx\",\"cpu_vendor\":\"GenuineIntel\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,\"exits\":4,\"cycles\":40,\"exits_per_second\":4,\"cycles_per_second\":40,\"probe_exits\":6,\"reset\":false,\"reasons\":[{\"reason\":12,\"name\":\"HLT\",\"status\":\"counted\",\"exits\":4,\"exits_per_second\":4,\"exit_share\":1,\"cycles\":40,\"cycles_per_exit\":10,\"microseconds_per_exit\":0.005}]}\n"
		   "{\"frame\":2,\"time\":\"2026-12-02T19:38:26.000Z\",\"interval\":1,\"abi_version\":2,\"vendor\":\"vmx\",\"cpu_vendor\":\"GenuineIntel\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,\"exits\":0,\"cycles\":2000,\"exits_per_second\":0,\"cycles_per_second\":2000,\"probe_exits\":5,\"reset\":true,\"reasons\":[{\"reason\":12,\"name\":\"HLT\",\"status\":\"counted\",\"exits\":0,\"exits_per_second\":0,\"exit_share\":0,\"cycles\":0,\"cycles_per_exit\":null,\"microseconds_per_exit\":null}]}\n"
		   "{\"frame\":3,\"time\":\"2026-12-02T19:38:27.000Z\",\"interval\":1,\"abi_version\":2,\"vendor\":\"vmx\",\"cpu_vendor\":\"GenuineIntel\",\"scope\":\"vm\",\"vcpus\":1,\"tsc_khz\":2000000,\"cycles_measured\":true,\"exits\":4,\"cycles\":40,\"exits_per_second\":4,\"cycles_per_second\":40,\"probe_exits\":6,\"reset\":false,\"reasons\":[{\"reason\":12,\"name\":\"HLT\",\"status\":\"counted\",\"exits\":4,\"exits_per_second\":4,\"exit_share\":1,\"cycles\":40,\"cycles_per_exit\":10,\"microseconds_per_exit\":0.005}]}\n",
		   "-r HLT through a reset");
	free(r.out);
}

int main(void)
{
	HARNESS_PLAN(27);
	for (int v = 0; v < 2; v++) {
		test_idle(vendors[v]);
		test_busy(vendors[v], false, 17);
		test_busy(vendors[v], true, 5);
		/* High halves; %.10g keeps 10 digits of the rates exact. */
		test_busy(vendors[v], false, 0x100000001ull);
	}
	test_interval_compute();
	test_reset_and_reason();
	return harness_exit_status();
}
