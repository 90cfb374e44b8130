/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake host behind kvmexit-probe's CPUID interface (guest/cpu.h), for the
 * unit tests.  It answers the leaves of docs/abi.md from counters the test
 * sets, and behaves as the real host does towards the probe: every CPUID it
 * answers is one CPUID exit, added to the totals and to the CPUID reason
 * (with cycles_per_exit cycles) before the answer is computed.
 */
#ifndef KVMEXIT_TEST_FAKE_HOST_H
#define KVMEXIT_TEST_FAKE_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "../../guest/cpu.h"
#include "exit_reasons.h"

enum fake_kind {
	FAKE_PATCHED,		/* the patched KVM of docs/abi.md */
	FAKE_STOCK_KVM,		/* stock KVM: no signature */
	FAKE_OTHER_HV,		/* another hypervisor */
	FAKE_STOCK_KVM_HYPERV,	/* stock KVM showing Hyper-V first */
	FAKE_BARE_METAL,	/* no hypervisor bit */
};

#define FAKE_MAX_REASONS 256

struct fake_host {
	enum fake_kind kind;
	char cpu_vendor[13];		/* leaf 0's string */
	enum kvmexit_vendor vendor;	/* the numbering the host counts in */
	uint32_t abi_version;		/* answered by the signature leaf */
	uint32_t scope_regs[4];		/* answered by the scope leaf (v2) */
	uint64_t cycles_per_exit;	/* cycles each CPUID exit adds */
	uint64_t total_exits, total_cycles;
	struct {
		uint32_t reason;
		uint64_t exits, cycles;
	} counters[FAKE_MAX_REASONS];
	int ncounters;
	uint64_t calls;			/* CPUIDs answered */
	/* Called before each answer: other guests' activity, if set. */
	void (*activity)(struct fake_host *host, uint32_t leaf, uint32_t sub);
	void *activity_ctx;
	struct probe_cpu cpu;		/* hand &cpu to the probe */
};

/* A patched host of the given CPU vendor string ("GenuineIntel", ...). */
void fake_host_init(struct fake_host *host, enum fake_kind kind,
		    const char *cpu_vendor);

/* Exits of a reason happened on the host (totals follow). */
void fake_host_exits(struct fake_host *host, uint32_t reason, uint64_t exits,
		     uint64_t cycles);

/* What the host counts for a reason (0 when never seen). */
uint64_t fake_host_reason_exits(const struct fake_host *host, uint32_t reason);

/* The CPUID exit reason of the host's vendor: VMX 10, SVM 0x72. */
uint32_t fake_cpuid_reason(const struct fake_host *host);

#endif /* KVMEXIT_TEST_FAKE_HOST_H */
