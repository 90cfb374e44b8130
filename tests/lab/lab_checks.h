/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of vmm_exits share: one TAP numbering and plan (harness.h
 * in its shared form), the vendor's exit reasons, the guest's and the host's
 * views of the statistics (views.c), and the groups of checks with the
 * number of checks each one prints, from which main() declares its plan.
 */
#ifndef KVMEXIT_LAB_CHECKS_H
#define KVMEXIT_LAB_CHECKS_H

#define HARNESS_SHARED
/* The soak (soak.h) names its own checks. */
#ifndef HARNESS_SUITE
#define HARNESS_SUITE "vmm"
#endif
#include "../harness.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit_reasons.h"
#include "kvm_tree.h"
#include "kvmexit_abi.h"
#include "stats_file.h"
#include "vmm.h"

/* Out of tree, far above upstream's numbers (docs/abi.md). */
#ifndef KVM_CAP_X86_EXIT_STATS
#define KVM_CAP_X86_EXIT_STATS 1000
#endif

/* The limits KVM_ENABLE_CAP(KVM_CAP_X86_EXIT_STATS) takes in args[0]. */
enum guest_scope { SCOPE_OFF = 0, SCOPE_VM = 1, SCOPE_HOST = 2 };

#define PARAM_GUEST	"/sys/module/kvm/parameters/exit_stats_guest"
#define PARAM_CYCLES	"/sys/module/kvm/parameters/exit_stats_cycles"

/* The vendor's numbers for the exits the guests make. */
struct reasons {
	enum kvmexit_vendor vendor;
	uint32_t cpuid, hlt, io;
	uint32_t msr_write;	/* SVM has one code for RDMSR and WRMSR */
	uint32_t intr;		/* external interrupt */
	/* A write to guest-physical memory that is not there: 1 or 2 reasons. */
	uint32_t mmio[2];
	size_t nr_mmio;
};

/* ---- the guest's view (views.c) ---- */

bool has_signature(struct cpuid_regs r);
uint64_t guest_reason_exits(struct vcpu *vcpu, uint32_t reason);
uint64_t guest_reason_cycles(struct vcpu *vcpu, uint32_t reason);
uint64_t guest_total_exits(struct vcpu *vcpu);
uint64_t guest_total_cycles(struct vcpu *vcpu);
/* Leaf 0x4FFFFFFA: EAX scope, EBX TSC kHz, ECX bit 0 cycles, EDX vCPUs. */
struct cpuid_regs guest_scope_leaf(struct vcpu *vcpu);

/* ---- the host's view (views.c); a file that cannot be read is fatal ---- */

struct kvmexit_stats host_stats(void);
struct kvmexit_stats vm_stats(const struct vm *vm);
struct kvmexit_stats vcpu_stats(const struct vm *vm, int vcpu_id);
/* The kvm_tree entry of one of our VMs: <pid>-<fd> of this process. */
struct kvmexit_vm vm_tree_entry(const struct vm *vm);
uint64_t row_count(const struct kvmexit_stats *stats, uint32_t reason);
uint64_t row_cycles(const struct kvmexit_stats *stats, uint32_t reason);
/* Same rows, counts, cycles and total (the header is not compared). */
bool stats_equal(const struct kvmexit_stats *a, const struct kvmexit_stats *b);
/* Every cycles value of the file, rows and total, is 0. */
bool stats_cycles_zero(const struct kvmexit_stats *stats);

/*
 * Does after - before equal the sum of the parts, row by row, counts and
 * cycles, total included?  On a difference, *why says where.
 */
bool stats_delta_is_sum(const struct kvmexit_stats *before,
			const struct kvmexit_stats *after,
			const struct kvmexit_stats *parts, size_t nparts,
			char *why, size_t why_size);

/* ---- writing to the kernel ---- */

/* 0, or the errno of the open or write. */
int write_file(const char *path, const char *text, size_t len);
int write_text(const char *path, const char *text);
/* The file's first line without its newline, or "" when unreadable. */
void read_line(const char *path, char *buf, size_t size);
/* Write a module parameter; 0 when it then reads back as value. */
int set_param(const char *path, const char *value);
/* KVM_ENABLE_CAP(KVM_CAP_X86_EXIT_STATS): 0 or the errno. */
int vm_limit_scope(const struct vm *vm, uint64_t scope, uint32_t flags,
		   uint64_t arg1);

/* ---- the groups of checks, each printing exactly its *_CHECKS lines ---- */

/* Two VMs at once: scopes, the capability, the VMM's own CPUID, the files. */
#define TWO_VMS_CHECKS 50
void check_two_vms(const struct reasons *rs);

/* Resets of the host file while vCPUs on every host CPU make exits. */
#define RESET_ROUNDS 3
#define RESET_LOAD_CHECKS (1 + RESET_ROUNDS * 7)
void check_reset_under_load(const struct reasons *rs);

/* kvm.exit_stats_cycles=N and back to Y, on a vCPU that has run. */
#define CYCLES_OFF_CHECKS 13
void check_cycles_off(struct vm *vm, struct vcpu *vcpu, const struct reasons *rs);
/* An exit that straddles exit_stats_cycles=N -> Y counts 0 cycles. */
#define CYCLES_STRADDLE_CHECKS 4
void check_cycles_straddle(const struct reasons *rs);

/* Host-scope queries while VMs are created and destroyed. */
#define CHURN_CHECKS 5
void check_churn(const struct vm *live, const struct reasons *rs);

/* The binary stats fds of a VM with two vCPUs, against the files and leaves. */
#define STATS_FD_CHECKS 10
void check_stats_fd(const struct reasons *rs);
/* With stock modules: KVM's own stats fds, without the arrays (1 check). */
void check_stats_fd_stock(struct vm *vm, struct vcpu *vcpu);

/* KVM_RUN calls that enter no guest count no exit. */
#define NO_EXIT_CHECKS 6
void check_no_exit(struct vm *vm, struct vcpu *vcpu, const struct reasons *rs);

#endif /* KVMEXIT_LAB_CHECKS_H */
