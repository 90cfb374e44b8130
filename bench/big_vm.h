/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM with up to MAX_VM_VCPUS vCPUs for the benchmarks.  struct vm
 * (tests/lab/vmm.h) keeps the fds of at most MAX_VCPUS vCPUs; the vCPUs past
 * those are kept by further copies of it ("parts") that share its VM fd and
 * hold MAX_VCPUS fds each.
 */
#ifndef KVMEXIT_BENCH_BIG_VM_H
#define KVMEXIT_BENCH_BIG_VM_H

#include "../tests/lab/vmm.h"

#define MAX_VM_VCPUS	256

struct big_vm {
	struct vm part[(MAX_VM_VCPUS + MAX_VCPUS - 1) / MAX_VCPUS];
	int nr_parts;
	struct vcpu first;	/* vCPU 0 */
};

/*
 * Every vCPU runs one CPUID exit, so that each has run; with @cpuid_table,
 * each first gets the host's supported CPUID as its model, as a VMM's do.
 */
void big_vm_create(struct big_vm *bvm, int nr_vcpus, bool cpuid_table);
void big_vm_destroy(struct big_vm *bvm);

#endif /* KVMEXIT_BENCH_BIG_VM_H */
