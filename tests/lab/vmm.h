/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal VMM for the lab tests and benchmarks.  Guests are the real-mode
 * programs of guest_code.S: the host sets the registers a program needs,
 * runs it, and gets the registers back when the program reports with an OUT
 * to REPORT_PORT.  Each program's exits are known exactly.
 */
#ifndef KVMEXIT_LAB_VMM_H
#define KVMEXIT_LAB_VMM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

#define GUEST_MEM_SIZE	0x100000
#define GUEST_CODE_GPA	0x1000
#define REPORT_PORT	0xe0
#define COUNT_PORT	0xe1
#define GARBAGE		0xdeadbeefcafef00dull

extern const char guest_code_start[], guest_code_end[];
extern const char guest_cpuid_once[], guest_cpuid_loop[];
extern const char guest_out_loop[], guest_hlt_loop[], guest_icr_loop[];
extern const char guest_cpuid_timed[], guest_mmio_loop[], guest_irq_loop[];

/* The address guest_mmio_loop writes to: no memory is there. */
#define MMIO_GPA	0x100000

/* Where guest_cpuid_timed stores its start TSC. */
#define TIMED_START_GPA	0x500

/* vmm_exits runs one vCPU per host CPU (up to 8) beside its first one. */
#define MAX_VCPUS	12

struct vm {
	int kvm_fd, vm_fd;
	void *mem;
	int vcpu_fds[MAX_VCPUS];
	/* The vCPUs' kvm_run mappings: each holds its vCPU (and VM) alive. */
	struct kvm_run *vcpu_runs[MAX_VCPUS];
	long run_size;
	int nr_vcpus;
};

struct vcpu {
	int fd, id;
	struct kvm_run *run;
	unsigned long nr_hlt, nr_count_out, nr_mmio;	/* userspace exits seen */
	unsigned long nr_reports;	/* report OUTs seen: one per program run */
	/*
	 * CPUID instructions the programs run so far executed by design (they
	 * exit to KVM, never to userspace, so the VMM cannot see them).
	 */
	unsigned long nr_cpuid;
};

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Print a fatal TAP failure with errno's text and exit. */
void die(const char *what);

/* Pin the calling thread to one host CPU; false when that failed. */
bool pin_to_cpu(int cpu);

void vm_create(struct vm *vm);
/*
 * Closes every fd and unmaps every kvm_run: a vCPU fd or mapping alone would
 * keep the VM alive.  When it returns, KVM has destroyed the VM.
 */
void vm_destroy(struct vm *vm);
void vcpu_create(struct vm *vm, struct vcpu *vcpu, int id);

/* KVM_SET_CPUID2 with these entries (the vCPU's whole CPUID model). */
void vcpu_set_cpuid(struct vcpu *vcpu, const struct kvm_cpuid_entry2 *entries,
		    unsigned int nent);

/* I/O exits the vCPU made so far that the VMM saw: count port and reports. */
static inline unsigned long vcpu_io_exits(const struct vcpu *vcpu)
{
	return vcpu->nr_count_out + vcpu->nr_reports;
}

/*
 * Run a program until it reports; HLT, COUNT_PORT and MMIO_GPA write exits
 * are tallied in the vcpu and resumed, anything else is fatal.  regs in: the
 * program's inputs (RIP and RFLAGS are set here); out: the registers at the
 * report.
 */
void vcpu_run_program(struct vcpu *vcpu, const char *program,
		      struct kvm_regs *regs);

/*
 * The host's KVM_GET_SUPPORTED_CPUID as the vCPU's model, as a VMM sets one,
 * plus x2APIC, which a guest needs to switch its APIC to x2APIC mode.
 */
void vcpu_set_supported_cpuid(struct vm *vm, struct vcpu *vcpu);

/* One CPUID in the guest, with garbage in every other register. */
struct cpuid_regs guest_cpuid(struct vcpu *vcpu, uint32_t leaf, uint32_t subleaf);

/* Run a looping program with EBP = n. */
void guest_loop(struct vcpu *vcpu, const char *program, uint32_t n);

#endif /* KVMEXIT_LAB_VMM_H */
