/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexit ABI v2 constants, as defined in docs/abi.md.  Every reader (the
 * guest probe, kvmexittop, the tests) takes its numbers from here so that the
 * document, the kernel series and the tools cannot drift apart silently.
 */
#ifndef KVMEXIT_ABI_H
#define KVMEXIT_ABI_H

#include <stdint.h>

#define KVMEXIT_ABI_VERSION		2u

/* CPUID leaves answered by the patched KVM (docs/abi.md, "The guest's view"). */
#define KVMEXIT_LEAF_TOTAL_EXITS	0x4FFFFFFFu
#define KVMEXIT_LEAF_TOTAL_CYCLES	0x4FFFFFFEu
#define KVMEXIT_LEAF_REASON_EXITS	0x4FFFFFFDu
#define KVMEXIT_LEAF_REASON_CYCLES	0x4FFFFFFCu
#define KVMEXIT_LEAF_SIGNATURE		0x4FFFFFFBu
#define KVMEXIT_LEAF_SCOPE		0x4FFFFFFAu

/*
 * The scope leaf (ABI v2): EAX = what the other leaves sum, EBX = host TSC
 * kHz, ECX bit 0 = cycles are measured, EDX = number of vCPUs in the sum.
 */
#define KVMEXIT_SCOPE_THIS_VM		1u
#define KVMEXIT_SCOPE_WHOLE_HOST	2u
#define KVMEXIT_SCOPE_CYCLES_MEASURED	0x1u

/* "KvmExitStats" in EBX, ECX, EDX of the signature leaf, little-endian. */
#define KVMEXIT_SIGNATURE_EBX		0x456d764bu	/* "KvmE" */
#define KVMEXIT_SIGNATURE_ECX		0x53746978u	/* "xitS" */
#define KVMEXIT_SIGNATURE_EDX		0x73746174u	/* "tats" */

/* EDX answer of the per-reason leaves for a reason the architecture lacks. */
#define KVMEXIT_UNDEFINED_EDX		0xFFFFFFFFu

/*
 * The host's view: one file for the host, one per VM directory
 * (<pid>-<fd>/exit_stats), one per vCPU (<pid>-<fd>/vcpu<N>/exit_stats).
 */
#define KVMEXIT_DEBUGFS_ROOT		"/sys/kernel/debug/kvm"
#define KVMEXIT_DEBUGFS_FILE		"exit_stats"
#define KVMEXIT_DEBUGFS_PATH		KVMEXIT_DEBUGFS_ROOT "/" KVMEXIT_DEBUGFS_FILE
#define KVMEXIT_DEBUGFS_TITLE		"# kvm exit statistics v"
#define KVMEXIT_DEBUGFS_COLUMNS		"reason name count cycles"

/* Join the two 32-bit halves the leaves return into one 64-bit value. */
static inline uint64_t kvmexit_u64(uint32_t high, uint32_t low)
{
	return ((uint64_t)high << 32) | low;
}

#endif /* KVMEXIT_ABI_H */
