// SPDX-License-Identifier: GPL-2.0-only
/* The query layer of kvmexit-probe: see query.h and docs/abi.md section 2. */
#include "query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvmexit_abi.h"

/* CPUID.1:ECX bit 31: set by every hypervisor that admits to being one. */
#define CPUID1_ECX_HYPERVISOR	(1u << 31)
#define HYPERVISOR_LEAF		0x40000000u

void probe_host_init(struct probe_host *host, const struct probe_cpu *cpu)
{
	*host = (struct probe_host){ .cpu = cpu };
}

void probe_cpuid(struct probe_host *host, uint32_t leaf, uint32_t subleaf,
		 uint32_t regs[4])
{
	/* A backend that forgets a register must not leave garbage. */
	memset(regs, 0, 4 * sizeof(regs[0]));
	host->cpu->cpuid(host->cpu->ctx, leaf, subleaf, regs);
	host->calls++;
}

static enum probe_status fail(struct probe_host *host,
			      enum probe_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum probe_status fail(struct probe_host *host,
			      enum probe_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host->message, sizeof(host->message), fmt, ap);
	va_end(ap);
	return status;
}

/*
 * Twelve bytes of register text (vendor, hypervisor name) as a string:
 * trailing NULs dropped, anything else unprintable shown as '?'.
 */
static void regs_text(char out[13], uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t words[3] = { a, b, c };
	int len = 0;

	for (int i = 0; i < 12; i++) {
		unsigned char ch = (unsigned char)(words[i / 4] >> (8 * (i % 4)));

		out[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
		if (ch)
			len = i + 1;
	}
	out[len] = '\0';
}

/* The hypervisor's name at a base leaf (0x40000000, 0x40000100). */
static void hypervisor_name(struct probe_host *host, uint32_t leaf,
			    char name[13])
{
	uint32_t r[4];

	probe_cpuid(host, leaf, 0, r);
	regs_text(name, r[PROBE_EBX], r[PROBE_ECX], r[PROBE_EDX]);
}

/* Why there is no signature, as far as the guest can tell. */
static enum probe_status no_host(struct probe_host *host)
{
	uint32_t r[4];
	char hv[13], next[13];

	probe_cpuid(host, 1, 0, r);
	if (!(r[PROBE_ECX] & CPUID1_ECX_HYPERVISOR))
		return fail(host, PROBE_NO_HOST,
			    "no kvmexit host: no hypervisor reported (bare metal?); CPUID leaf 0x%x has no KvmExitStats signature",
			    KVMEXIT_LEAF_SIGNATURE);
	hypervisor_name(host, HYPERVISOR_LEAF, hv);
	/* KVM emulating Hyper-V shows Hyper-V first and itself 0x100 above. */
	if (strcmp(hv, "KVMKVMKVM")) {
		hypervisor_name(host, HYPERVISOR_LEAF + 0x100, next);
		if (!strcmp(next, "KVMKVMKVM"))
			memcpy(hv, next, sizeof(hv));
	}
	if (!strcmp(hv, "KVMKVMKVM"))
		return fail(host, PROBE_NO_HOST,
			    "no kvmexit host: a stock KVM host (or one loaded with exit_stats_cpuid=0); CPUID leaf 0x%x has no KvmExitStats signature",
			    KVMEXIT_LEAF_SIGNATURE);
	return fail(host, PROBE_NO_HOST,
		    "no kvmexit host: hypervisor \"%s\" is not a kvmexit-patched KVM; CPUID leaf 0x%x has no KvmExitStats signature",
		    hv, KVMEXIT_LEAF_SIGNATURE);
}

enum probe_status probe_host_detect(struct probe_host *host)
{
	uint32_t r[4];

	probe_cpuid(host, KVMEXIT_LEAF_SIGNATURE, 0, r);
	if (r[PROBE_EBX] != KVMEXIT_SIGNATURE_EBX ||
	    r[PROBE_ECX] != KVMEXIT_SIGNATURE_ECX ||
	    r[PROBE_EDX] != KVMEXIT_SIGNATURE_EDX)
		return no_host(host);
	if (r[PROBE_EAX] != KVMEXIT_ABI_VERSION)
		return fail(host, PROBE_BAD_VERSION,
			    "kvmexit ABI v%u found on the host, this kvmexit-probe reads v%u (%s)",
			    r[PROBE_EAX], KVMEXIT_ABI_VERSION,
			    r[PROBE_EAX] < KVMEXIT_ABI_VERSION ?
			    "update the host's kernel series" : "update kvmexit-probe");
	host->abi_version = r[PROBE_EAX];

	probe_cpuid(host, KVMEXIT_LEAF_SCOPE, 0, r);
	if ((r[PROBE_EAX] != KVMEXIT_SCOPE_THIS_VM &&
	     r[PROBE_EAX] != KVMEXIT_SCOPE_WHOLE_HOST) ||
	    (r[PROBE_ECX] & ~KVMEXIT_SCOPE_CYCLES_MEASURED))
		return fail(host, PROBE_BAD_ANSWER,
			    "CPUID leaf 0x%x answered EAX=0x%x EBX=0x%x ECX=0x%x EDX=0x%x, which kvmexit ABI v%u does not allow",
			    KVMEXIT_LEAF_SCOPE, r[PROBE_EAX], r[PROBE_EBX],
			    r[PROBE_ECX], r[PROBE_EDX], KVMEXIT_ABI_VERSION);
	host->scope = (enum probe_scope)r[PROBE_EAX];
	host->tsc_khz = r[PROBE_EBX];
	host->cycles_measured = r[PROBE_ECX] & KVMEXIT_SCOPE_CYCLES_MEASURED;
	host->vcpus = r[PROBE_EDX];

	/* Leaf 0 spells the vendor in EBX, EDX, ECX: in that order. */
	probe_cpuid(host, 0, 0, r);
	regs_text(host->cpu_vendor, r[PROBE_EBX], r[PROBE_EDX], r[PROBE_ECX]);
	if (!strcmp(host->cpu_vendor, "GenuineIntel")) {
		host->vendor = KVMEXIT_VENDOR_VMX;
	} else if (!strcmp(host->cpu_vendor, "AuthenticAMD") ||
		   !strcmp(host->cpu_vendor, "HygonGenuine")) {
		host->vendor = KVMEXIT_VENDOR_SVM;
	} else {
		return fail(host, PROBE_UNKNOWN_VENDOR,
			    "unknown CPU vendor \"%s\": cannot tell VMX exit reasons (GenuineIntel) from SVM exit codes (AuthenticAMD, HygonGenuine)",
			    host->cpu_vendor);
	}
	return PROBE_OK;
}

static enum probe_status bad_answer(struct probe_host *host, uint32_t leaf,
				    uint32_t subleaf, const uint32_t r[4])
{
	return fail(host, PROBE_BAD_ANSWER,
		    "CPUID leaf 0x%x (ECX 0x%x) answered EAX=0x%x EBX=0x%x ECX=0x%x EDX=0x%x, which kvmexit ABI v%u does not allow",
		    leaf, subleaf, r[PROBE_EAX], r[PROBE_EBX], r[PROBE_ECX],
		    r[PROBE_EDX], KVMEXIT_ABI_VERSION);
}

enum probe_status probe_read_totals(struct probe_host *host,
				    struct probe_totals *totals)
{
	uint32_t r[4];

	probe_cpuid(host, KVMEXIT_LEAF_TOTAL_EXITS, 0, r);
	if (r[PROBE_ECX] || r[PROBE_EDX])
		return bad_answer(host, KVMEXIT_LEAF_TOTAL_EXITS, 0, r);
	totals->exits = kvmexit_u64(r[PROBE_EBX], r[PROBE_EAX]);
	totals->exits_seq = host->calls;

	probe_cpuid(host, KVMEXIT_LEAF_TOTAL_CYCLES, 0, r);
	if (r[PROBE_EAX] || r[PROBE_EDX])
		return bad_answer(host, KVMEXIT_LEAF_TOTAL_CYCLES, 0, r);
	totals->cycles = kvmexit_u64(r[PROBE_EBX], r[PROBE_ECX]);
	return PROBE_OK;
}

static bool answers_undefined(const uint32_t r[4])
{
	return !r[PROBE_EAX] && !r[PROBE_EBX] && !r[PROBE_ECX] &&
	       r[PROBE_EDX] == KVMEXIT_UNDEFINED_EDX;
}

enum probe_status probe_read_reason(struct probe_host *host, uint32_t reason,
				    struct probe_reading *reading)
{
	uint32_t r[4];

	*reading = (struct probe_reading){ .reason = reason };
	probe_cpuid(host, KVMEXIT_LEAF_REASON_EXITS, reason, r);
	reading->exits_seq = host->calls;
	if (answers_undefined(r)) {
		reading->status = PROBE_REASON_UNDEFINED;
		return PROBE_OK;
	}
	if (r[PROBE_ECX] || r[PROBE_EDX])
		return bad_answer(host, KVMEXIT_LEAF_REASON_EXITS, reason, r);
	reading->exits = kvmexit_u64(r[PROBE_EBX], r[PROBE_EAX]);
	if (!reading->exits) {
		/*
		 * All four registers 0 is both "not handled" and "handled,
		 * no exits yet": only the reason table can tell them apart.
		 * A reason it does not know as handled but that has exits is
		 * handled by a newer host kernel, and is counted above.
		 */
		if (kvmexit_reason_classify(host->vendor, reason) !=
		    KVMEXIT_REASON_HANDLED)
			reading->status = PROBE_REASON_NOT_HANDLED;
		return PROBE_OK;
	}

	probe_cpuid(host, KVMEXIT_LEAF_REASON_CYCLES, reason, r);
	if (r[PROBE_EAX] || r[PROBE_EDX])
		return bad_answer(host, KVMEXIT_LEAF_REASON_CYCLES, reason, r);
	reading->cycles = kvmexit_u64(r[PROBE_EBX], r[PROBE_ECX]);
	return PROBE_OK;
}

static int snapshot_reserve(struct probe_snapshot *snap, size_t count)
{
	struct probe_reading *grown;

	if (count <= snap->capacity)
		return 0;
	grown = realloc(snap->readings, count * sizeof(*grown));
	if (!grown)
		return -1;
	snap->readings = grown;
	snap->capacity = count;
	return 0;
}

enum probe_status probe_snapshot_take(struct probe_host *host,
				      struct probe_snapshot *snap,
				      const uint32_t *reasons, size_t count)
{
	uint64_t first_call = host->calls;
	enum probe_status status;

	if (!reasons)
		count = kvmexit_reason_count(host->vendor);
	snap->count = 0;
	if (snapshot_reserve(snap, count))
		return fail(host, PROBE_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < count; i++) {
		uint32_t reason = reasons ? reasons[i] :
				  kvmexit_reason_at(host->vendor, i);

		status = probe_read_reason(host, reason, &snap->readings[i]);
		if (status)
			return status;
		snap->count++;
	}
	status = probe_read_totals(host, &snap->totals);
	snap->queries = host->calls - first_call;
	return status;
}

void probe_snapshot_free(struct probe_snapshot *snap)
{
	free(snap->readings);
	memset(snap, 0, sizeof(*snap));
}

const char *probe_reason_status_name(enum probe_reason_status status)
{
	switch (status) {
	case PROBE_REASON_COUNTED:
		return "counted";
	case PROBE_REASON_NOT_HANDLED:
		return "not_handled";
	case PROBE_REASON_UNDEFINED:
		return "undefined";
	}
	return "unknown";
}

const char *probe_scope_name(enum probe_scope scope)
{
	return scope == PROBE_SCOPE_WHOLE_HOST ? "host" : "vm";
}

double probe_cycles_us(const struct probe_host *host, uint64_t cycles)
{
	if (!host->cycles_measured || !host->tsc_khz)
		return -1;
	/* kHz: tsc_khz cycles a millisecond, tsc_khz / 1000 a microsecond. */
	return (double)cycles * 1000.0 / host->tsc_khz;
}
