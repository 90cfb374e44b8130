// SPDX-License-Identifier: GPL-2.0-only
/* A fake host for the kvmexit-probe unit tests: see fake_host.h. */
#include "fake_host.h"

#include <stdio.h>
#include <string.h>

#include "kvmexit_abi.h"

/* Data of the highest basic leaf a stock Intel-vendor host repeats. */
#define FAKE_MAX_BASIC_LEAF	0x1c
static const uint32_t fake_highest_basic[4] = { 0x1, 0x2, 0x3, 0x4 };

uint32_t fake_cpuid_reason(const struct fake_host *host)
{
	return host->vendor == KVMEXIT_VENDOR_SVM ? 0x72 : 10;
}

static int find_counter(const struct fake_host *host, uint32_t reason)
{
	for (int i = 0; i < host->ncounters; i++)
		if (host->counters[i].reason == reason)
			return i;
	return -1;
}

void fake_host_exits(struct fake_host *host, uint32_t reason, uint64_t exits,
		     uint64_t cycles)
{
	int i = find_counter(host, reason);

	if (i < 0 && host->ncounters < FAKE_MAX_REASONS) {
		i = host->ncounters++;
		host->counters[i].reason = reason;
	}
	if (i >= 0) {
		host->counters[i].exits += exits;
		host->counters[i].cycles += cycles;
	}
	host->total_exits += exits;
	host->total_cycles += cycles;
}

uint64_t fake_host_reason_exits(const struct fake_host *host, uint32_t reason)
{
	int i = find_counter(host, reason);

	return i < 0 ? 0 : host->counters[i].exits;
}

static void put_string(uint32_t *regs3[3], const char *s)
{
	char buf[12] = { 0 };

	memcpy(buf, s, strnlen(s, 12));
	for (int i = 0; i < 3; i++)
		memcpy(regs3[i], buf + 4 * i, 4);
}

static void answer_reason(struct fake_host *host, uint32_t leaf, uint32_t sub,
			  uint32_t r[4])
{
	int i = find_counter(host, sub);
	uint64_t v;

	switch (kvmexit_reason_classify(host->vendor, sub)) {
	case KVMEXIT_REASON_UNDEFINED:
		r[PROBE_EDX] = KVMEXIT_UNDEFINED_EDX;
		return;
	case KVMEXIT_REASON_NOT_HANDLED:
		return;
	case KVMEXIT_REASON_HANDLED:
		break;
	}
	if (i < 0)
		return;
	if (leaf == KVMEXIT_LEAF_REASON_EXITS) {
		v = host->counters[i].exits;
		r[PROBE_EAX] = (uint32_t)v;
		r[PROBE_EBX] = (uint32_t)(v >> 32);
	} else {
		v = host->counters[i].cycles;
		r[PROBE_EBX] = (uint32_t)(v >> 32);
		r[PROBE_ECX] = (uint32_t)v;
	}
}

static void answer_patched(struct fake_host *host, uint32_t leaf, uint32_t sub,
			   uint32_t r[4])
{
	switch (leaf) {
	case KVMEXIT_LEAF_TOTAL_EXITS:
		r[PROBE_EAX] = (uint32_t)host->total_exits;
		r[PROBE_EBX] = (uint32_t)(host->total_exits >> 32);
		break;
	case KVMEXIT_LEAF_TOTAL_CYCLES:
		r[PROBE_EBX] = (uint32_t)(host->total_cycles >> 32);
		r[PROBE_ECX] = (uint32_t)host->total_cycles;
		break;
	case KVMEXIT_LEAF_REASON_EXITS:
	case KVMEXIT_LEAF_REASON_CYCLES:
		answer_reason(host, leaf, sub, r);
		break;
	case KVMEXIT_LEAF_SCOPE:
		/* A v1 host has no such leaf: zeros. */
		if (host->abi_version >= 2)
			memcpy(r, host->scope_regs, sizeof(host->scope_regs));
		break;
	case KVMEXIT_LEAF_SIGNATURE:
		r[PROBE_EAX] = host->abi_version;
		r[PROBE_EBX] = KVMEXIT_SIGNATURE_EBX;
		r[PROBE_ECX] = KVMEXIT_SIGNATURE_ECX;
		r[PROBE_EDX] = KVMEXIT_SIGNATURE_EDX;
		break;
	}
}

static void fake_cpuid(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	struct fake_host *host = ctx;
	bool intel = !strcmp(host->cpu_vendor, "GenuineIntel");

	host->calls++;
	if (host->activity)
		host->activity(host, leaf, sub);
	if (host->kind != FAKE_BARE_METAL)
		fake_host_exits(host, fake_cpuid_reason(host), 1,
				host->cycles_per_exit);
	r[0] = r[1] = r[2] = r[3] = 0;

	if (leaf == 0) {
		r[PROBE_EAX] = FAKE_MAX_BASIC_LEAF;
		put_string((uint32_t *[3]){ &r[PROBE_EBX], &r[PROBE_EDX],
					    &r[PROBE_ECX] },
			   host->cpu_vendor);
		return;
	}
	if (leaf == 1) {
		if (host->kind != FAKE_BARE_METAL)
			r[PROBE_ECX] = 1u << 31;
		return;
	}
	if ((leaf == 0x40000000 || leaf == 0x40000100) &&
	    host->kind != FAKE_BARE_METAL) {
		const char *name = "KVMKVMKVM";

		if (leaf == 0x40000000 && (host->kind == FAKE_OTHER_HV ||
					   host->kind == FAKE_STOCK_KVM_HYPERV))
			name = "Microsoft Hv";
		else if (leaf == 0x40000100 &&
			 host->kind != FAKE_STOCK_KVM_HYPERV)
			name = "";
		r[PROBE_EAX] = leaf + 1;
		put_string((uint32_t *[3]){ &r[PROBE_EBX], &r[PROBE_ECX],
					    &r[PROBE_EDX] },
			   name);
		return;
	}
	if (host->kind == FAKE_PATCHED && leaf >= KVMEXIT_LEAF_SCOPE &&
	    leaf <= KVMEXIT_LEAF_TOTAL_EXITS) {
		answer_patched(host, leaf, sub, r);
		return;
	}
	/*
	 * Leaves above the maximum: an Intel-vendor CPU (or KVM with an
	 * Intel vendor) repeats the highest basic leaf, AMD answers zeros.
	 */
	if (leaf > FAKE_MAX_BASIC_LEAF && intel)
		memcpy(r, fake_highest_basic, sizeof(fake_highest_basic));
}

void fake_host_init(struct fake_host *host, enum fake_kind kind,
		    const char *cpu_vendor)
{
	memset(host, 0, sizeof(*host));
	host->kind = kind;
	snprintf(host->cpu_vendor, sizeof(host->cpu_vendor), "%s", cpu_vendor);
	host->vendor = strcmp(cpu_vendor, "GenuineIntel") ?
			       KVMEXIT_VENDOR_SVM : KVMEXIT_VENDOR_VMX;
	host->abi_version = KVMEXIT_ABI_VERSION;
	/* This VM, a 2 GHz host TSC, cycles measured, one vCPU. */
	host->scope_regs[PROBE_EAX] = KVMEXIT_SCOPE_THIS_VM;
	host->scope_regs[PROBE_EBX] = 2000000;
	host->scope_regs[PROBE_ECX] = KVMEXIT_SCOPE_CYCLES_MEASURED;
	host->scope_regs[PROBE_EDX] = 1;
	host->cycles_per_exit = 1000;
	host->cpu.cpuid = fake_cpuid;
	host->cpu.ctx = host;
}
