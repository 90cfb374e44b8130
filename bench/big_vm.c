// SPDX-License-Identifier: GPL-2.0-only
/* A VM with many vCPUs for the benchmarks (big_vm.h). */
#include "big_vm.h"

#include <unistd.h>

void big_vm_create(struct big_vm *bvm, int nr_vcpus, bool cpuid_table)
{
	struct vcpu vcpu;

	vm_create(&bvm->part[0]);
	bvm->nr_parts = 1;
	for (int id = 0; id < nr_vcpus; id++) {
		struct vm *part = &bvm->part[id / MAX_VCPUS];

		if (id && id % MAX_VCPUS == 0) {
			*part = bvm->part[0];
			part->nr_vcpus = 0;
			bvm->nr_parts++;
		}
		vcpu_create(part, &vcpu, id);
		if (cpuid_table)
			vcpu_set_supported_cpuid(part, &vcpu);
		/* One exit, so that the vCPU has run. */
		guest_loop(&vcpu, guest_cpuid_loop, 1);
		if (id == 0)
			bvm->first = vcpu;
	}
}

void big_vm_destroy(struct big_vm *bvm)
{
	/* The first part owns the VM, memory and /dev/kvm fds. */
	for (int i = 1; i < bvm->nr_parts; i++)
		for (int j = 0; j < bvm->part[i].nr_vcpus; j++)
			close(bvm->part[i].vcpu_fds[j]);
	vm_destroy(&bvm->part[0]);
}
