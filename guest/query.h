/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The query layer of kvmexit-probe: docs/abi.md section 2 turned into
 * values.  It checks the signature before trusting any other leaf, learns
 * the reason numbering from the CPU vendor string, joins the 32-bit halves,
 * and classifies each per-reason answer (counted, not handled, undefined).
 *
 * Every CPUID the probe executes is itself one CPUID exit on the host, and
 * the host's answer already includes it.  The layer therefore counts its
 * own CPUIDs (host->calls) and stamps each exit count it reads with that
 * counter, so that watch mode can subtract exactly what the probe caused.
 */
#ifndef KVMEXIT_PROBE_QUERY_H
#define KVMEXIT_PROBE_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "exit_reasons.h"

enum probe_status {
	PROBE_OK = 0,
	PROBE_NO_HOST,		/* no signature: stock KVM, other hypervisor, bare metal */
	PROBE_BAD_VERSION,	/* signature of an ABI version this probe does not know */
	PROBE_UNKNOWN_VENDOR,	/* patched host, but VMX or SVM numbering unknown */
	PROBE_BAD_ANSWER,	/* a leaf answered outside docs/abi.md */
	PROBE_NO_MEMORY,
};

/* What the other leaves sum (leaf 0x4FFFFFFA, ABI v2). */
enum probe_scope {
	PROBE_SCOPE_THIS_VM = 1,	/* KVMEXIT_SCOPE_THIS_VM */
	PROBE_SCOPE_WHOLE_HOST = 2,	/* KVMEXIT_SCOPE_WHOLE_HOST */
};

struct probe_host {
	const struct probe_cpu *cpu;
	uint64_t calls;		/* CPUIDs executed, each one exit on the host */
	uint32_t abi_version;
	enum probe_scope scope;
	uint32_t tsc_khz;	/* the host's TSC: cycles to time */
	bool cycles_measured;	/* false: every cycles value is 0 */
	uint32_t vcpus;		/* vCPUs in the sum */
	enum kvmexit_vendor vendor;
	char cpu_vendor[13];	/* leaf 0's string, non-printables as '?' */
	char message[256];	/* why the last call failed: one line */
};

enum probe_reason_status {
	PROBE_REASON_COUNTED,		/* handled: exits and cycles are valid */
	PROBE_REASON_NOT_HANDLED,	/* defined, but KVM has no handler */
	PROBE_REASON_UNDEFINED,		/* the host says the architecture lacks it */
};

struct probe_reading {
	uint32_t reason;
	enum probe_reason_status status;
	uint64_t exits;
	uint64_t cycles;
	uint64_t exits_seq;	/* host->calls when exits was read */
};

struct probe_totals {
	uint64_t exits;
	uint64_t cycles;
	uint64_t exits_seq;	/* host->calls when exits was read */
};

struct probe_snapshot {
	struct probe_totals totals;
	struct probe_reading *readings;	/* in the order asked for */
	size_t count;
	size_t capacity;
	uint64_t queries;	/* CPUIDs this snapshot executed */
};

void probe_host_init(struct probe_host *host, const struct probe_cpu *cpu);

/* CPUID through the backend, counted in host->calls. */
void probe_cpuid(struct probe_host *host, uint32_t leaf, uint32_t subleaf,
		 uint32_t regs[4]);

/*
 * Check the signature and the ABI version, read the scope leaf, then the
 * CPU vendor.  On failure host->message says why, in one line without a
 * program name.
 */
enum probe_status probe_host_detect(struct probe_host *host);

enum probe_status probe_read_totals(struct probe_host *host,
				    struct probe_totals *totals);

/*
 * One reason: its exits, then (only when there are any, to save an exit)
 * its cycles.
 */
enum probe_status probe_read_reason(struct probe_host *host, uint32_t reason,
				    struct probe_reading *reading);

/*
 * The given reasons (all defined reasons of the host's vendor when reasons
 * is NULL), then the totals: read last, so that no reason read before them
 * can exceed them.  The snapshot's buffer is reused between calls.
 */
enum probe_status probe_snapshot_take(struct probe_host *host,
				      struct probe_snapshot *snap,
				      const uint32_t *reasons, size_t count);
void probe_snapshot_free(struct probe_snapshot *snap);

const char *probe_reason_status_name(enum probe_reason_status status);

/* "vm" or "host", the JSON scope words kvmexittop uses too. */
const char *probe_scope_name(enum probe_scope scope);

/* Host TSC cycles as microseconds of host time; -1 when not known. */
double probe_cycles_us(const struct probe_host *host, uint64_t cycles);

#endif /* KVMEXIT_PROBE_QUERY_H */
