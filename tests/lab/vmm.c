// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal VMM for tests and benchmarks: one VM with flat memory holding
 * the real-mode programs of guest_code.S, vCPUs that run one program at a
 * time until it reports on REPORT_PORT.  See vmm.h.
 */
#include "vmm.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

void die(const char *what)
{
	printf("not ok - vmm: fatal: %s: %s\n", what, strerror(errno));
	printf("# suite aborted\n");
	exit(1);
}

bool pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return !sched_setaffinity(0, sizeof(set), &set);
}

/* ---- host side: VM, vCPU and the run loop ---- */

void vm_create(struct vm *vm)
{
	struct kvm_userspace_memory_region region = { 0 };

	vm->nr_vcpus = 0;
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		die("open /dev/kvm");
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		die("KVM_CREATE_VM");
	/* Only needed by VMX without unrestricted guest; harmless elsewhere. */
	ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000ul);

	vm->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED)
		die("mmap guest memory");
	memcpy((char *)vm->mem + GUEST_CODE_GPA, guest_code_start,
	       guest_code_end - guest_code_start);

	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION");
}

/*
 * Every fd and kvm_run mapping goes: a vCPU's file stays open while either
 * exists, and it holds the VM.  The last close destroys the VM before
 * close() returns to userspace.
 */
void vm_destroy(struct vm *vm)
{
	for (int i = 0; i < vm->nr_vcpus; i++) {
		munmap(vm->vcpu_runs[i], vm->run_size);
		close(vm->vcpu_fds[i]);
	}
	vm->nr_vcpus = 0;
	close(vm->vm_fd);
	close(vm->kvm_fd);
	munmap(vm->mem, GUEST_MEM_SIZE);
}

void vcpu_create(struct vm *vm, struct vcpu *vcpu, int id)
{
	struct kvm_sregs sregs;
	long size;

	if (vm->nr_vcpus == MAX_VCPUS) {
		errno = EMFILE;
		die("too many vCPUs");
	}
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0)
		die("KVM_CREATE_VCPU");
	vcpu->id = id;
	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0)
		die("KVM_GET_VCPU_MMAP_SIZE");
	vcpu->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED)
		die("mmap kvm_run");
	vm->run_size = size;
	vm->vcpu_runs[vm->nr_vcpus] = vcpu->run;
	vm->vcpu_fds[vm->nr_vcpus++] = vcpu->fd;
	vcpu->nr_hlt = vcpu->nr_count_out = vcpu->nr_mmio = 0;
	vcpu->nr_reports = vcpu->nr_cpuid = 0;

	/* Real mode, flat at 0: the programs run at GUEST_CODE_GPA. */
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs))
		die("KVM_GET_SREGS");
	sregs.cs.base = sregs.cs.selector = 0;
	sregs.ds.base = sregs.ds.selector = 0;
	sregs.es.base = sregs.es.selector = 0;
	sregs.ss.base = sregs.ss.selector = 0;
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs))
		die("KVM_SET_SREGS");
}

void vcpu_set_cpuid(struct vcpu *vcpu, const struct kvm_cpuid_entry2 *entries,
		    unsigned int nent)
{
	struct kvm_cpuid2 *cpuid = calloc(1, sizeof(*cpuid) + nent * sizeof(*entries));

	if (!cpuid)
		die("calloc");
	cpuid->nent = nent;
	memcpy(cpuid->entries, entries, nent * sizeof(*entries));
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, cpuid))
		die("KVM_SET_CPUID2");
	free(cpuid);
}

void vcpu_set_supported_cpuid(struct vm *vm, struct vcpu *vcpu)
{
	struct {
		struct kvm_cpuid2 head;
		struct kvm_cpuid_entry2 entries[256];
	} cpuid = { .head.nent = 256 };

	if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, &cpuid))
		die("KVM_GET_SUPPORTED_CPUID");
	for (unsigned int i = 0; i < cpuid.head.nent; i++)
		if (cpuid.entries[i].function == 1)
			cpuid.entries[i].ecx |= 1u << 21;	/* x2APIC */
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, &cpuid))
		die("KVM_SET_CPUID2");
}

static uint64_t program_rip(const char *program)
{
	return GUEST_CODE_GPA + (uint64_t)(program - guest_code_start);
}

/* The CPUIDs a program executes by design, given its input registers. */
static unsigned long program_cpuids(const char *program,
				    const struct kvm_regs *regs)
{
	if (program == guest_cpuid_once)
		return 1;
	if (program == guest_cpuid_loop || program == guest_cpuid_timed)
		return (uint32_t)regs->rbp;
	return 0;
}

/*
 * Run a program until it reports.  HLT, count-port writes and writes to
 * MMIO_GPA exit to userspace (no in-kernel irqchip, no memory there), are
 * tallied and resumed; anything else is unexpected and fatal, with the exit
 * printed.
 */
void vcpu_run_program(struct vcpu *vcpu, const char *program,
			     struct kvm_regs *regs)
{
	regs->rip = program_rip(program);
	regs->rflags = 0x2;	/* interrupts off: HLT waits for nothing */
	if (ioctl(vcpu->fd, KVM_SET_REGS, regs))
		die("KVM_SET_REGS");
	vcpu->nr_cpuid += program_cpuids(program, regs);

	for (;;) {
		if (ioctl(vcpu->fd, KVM_RUN, 0))
			die("KVM_RUN");

		switch (vcpu->run->exit_reason) {
		case KVM_EXIT_HLT:
			vcpu->nr_hlt++;
			continue;
		case KVM_EXIT_IO:
			if (vcpu->run->io.port == COUNT_PORT) {
				vcpu->nr_count_out++;
				continue;
			}
			if (vcpu->run->io.port == REPORT_PORT) {
				vcpu->nr_reports++;
				if (ioctl(vcpu->fd, KVM_GET_REGS, regs))
					die("KVM_GET_REGS");
				return;
			}
			printf("not ok - vmm: I/O exit on unexpected port 0x%x\n",
			       vcpu->run->io.port);
			exit(1);
		case KVM_EXIT_MMIO:
			if (vcpu->run->mmio.phys_addr == MMIO_GPA &&
			    vcpu->run->mmio.is_write) {
				vcpu->nr_mmio++;
				continue;
			}
			printf("not ok - vmm: MMIO %s at unexpected 0x%llx\n",
			       vcpu->run->mmio.is_write ? "write" : "read",
			       (unsigned long long)vcpu->run->mmio.phys_addr);
			exit(1);
		default:
			printf("not ok - vmm: unexpected exit %u (hardware reason 0x%llx)\n",
			       vcpu->run->exit_reason,
			       (unsigned long long)vcpu->run->hw.hardware_exit_reason);
			exit(1);
		}
	}
}

/* One CPUID in the guest, with garbage in every register it should set. */
struct cpuid_regs guest_cpuid(struct vcpu *vcpu, uint32_t leaf,
				     uint32_t subleaf)
{
	struct kvm_regs regs;
	struct cpuid_regs out;

	memset(&regs, 0, sizeof(regs));
	regs.rax = leaf;
	regs.rcx = subleaf;
	regs.rbx = regs.rdx = GARBAGE;
	regs.rsi = regs.rdi = regs.rbp = GARBAGE;
	vcpu_run_program(vcpu, guest_cpuid_once, &regs);
	out.eax = (uint32_t)regs.rax;
	out.ebx = (uint32_t)regs.rbx;
	out.ecx = (uint32_t)regs.rcx;
	out.edx = (uint32_t)regs.rdx;
	return out;
}

void guest_loop(struct vcpu *vcpu, const char *program, uint32_t n)
{
	struct kvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.rbp = n;
	vcpu_run_program(vcpu, program, &regs);
}
