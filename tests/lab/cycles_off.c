// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvm.exit_stats_cycles=N takes the clock off the exit path: counts stay
 * exact, every cycles value reads 0 (the guest's leaves and the three kinds
 * of file, which then say cycles=off), and leaf 0x4FFFFFFA clears ECX bit 0.
 * Y brings the clock back: the cycles grow again.  Run on a vCPU that has
 * already measured cycles, so that 0 means "not shown", not "none yet".
 * An exit in flight while the clock comes back counts 0 cycles.
 */
#include "lab_checks.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Host, VM and vCPU files: all say cycles=on (measured) or cycles=off. */
static bool files_say(struct vm *vm, struct vcpu *vcpu, bool measured, bool *zero)
{
	struct kvmexit_stats f[3] = { host_stats(), vm_stats(vm), vcpu_stats(vm, vcpu->id) };
	bool ok = true;

	*zero = true;
	for (int i = 0; i < 3; i++) {
		ok &= f[i].cycles_measured == measured;
		*zero &= stats_cycles_zero(&f[i]);
		kvmexit_stats_free(&f[i]);
	}
	return ok;
}

void check_cycles_off(struct vm *vm, struct vcpu *vcpu, const struct reasons *rs)
{
	struct kvmexit_stats h0, h1, v0, v1;
	struct cpuid_regs r;
	uint64_t g0, g1, c1, c2;
	char now[16];
	bool zero;
	int err;

	CHECK(set_param(PARAM_CYCLES, "N") == 0,
	      "exit_stats_cycles=N is written and reads back as N");
	r = guest_scope_leaf(vcpu);
	CHECK(r.eax == KVMEXIT_SCOPE_THIS_VM && r.ecx == 0,
	      "cycles off: 0x4FFFFFFA ECX bit 0 is 0 (scope %u, ecx 0x%x)",
	      r.eax, r.ecx);
	CHECK_EQ_U64(guest_total_cycles(vcpu), 0,
		     "cycles off: 0x4FFFFFFE (total cycles) reads 0");
	CHECK_EQ_U64(guest_reason_cycles(vcpu, rs->cpuid), 0,
		     "cycles off: 0x4FFFFFFC(CPUID) reads 0");
	CHECK(files_say(vm, vcpu, false, &zero) && zero,
	      "cycles off: host, VM and vCPU files say cycles=off and every "
	      "cycles value is 0");

	g0 = guest_reason_exits(vcpu, rs->cpuid);
	h0 = host_stats();
	guest_loop(vcpu, guest_cpuid_loop, 2000);
	g1 = guest_reason_exits(vcpu, rs->cpuid);
	h1 = host_stats();
	v1 = vm_stats(vm);
	CHECK_EQ_U64(g1 - g0, 2000 + 1,
		     "cycles off: the guest counts 2000 CPUID exits exactly (+1 query)");
	CHECK_EQ_U64(row_count(&v1, rs->cpuid), g1,
		     "cycles off: the VM file's CPUID count equals the guest's");
	CHECK_EQ_U64(row_count(&h1, rs->cpuid) - row_count(&h0, rs->cpuid), 2000 + 1,
		     "cycles off: the host file's CPUID delta is 2000 + 1 query");
	kvmexit_stats_free(&h0);
	kvmexit_stats_free(&h1);
	kvmexit_stats_free(&v1);

	CHECK(set_param(PARAM_CYCLES, "Y") == 0,
	      "exit_stats_cycles=Y is written and reads back as Y");
	r = guest_scope_leaf(vcpu);
	CHECK(r.ecx == 1 && files_say(vm, vcpu, true, &zero),
	      "cycles on: 0x4FFFFFFA ECX is 1 (0x%x), the files say cycles=on", r.ecx);
	c1 = guest_reason_cycles(vcpu, rs->cpuid);
	v0 = vm_stats(vm);
	guest_loop(vcpu, guest_cpuid_loop, 2000);
	c2 = guest_reason_cycles(vcpu, rs->cpuid);
	v1 = vm_stats(vm);
	CHECK(c1 > 0 && c2 > c1, "cycles on: CPUID cycles grow again over 2000 "
	      "exits (%llu -> %llu)", (unsigned long long)c1, (unsigned long long)c2);
	CHECK(row_cycles(&v1, rs->cpuid) > row_cycles(&v0, rs->cpuid) &&
	      row_cycles(&v1, rs->cpuid) >= c2,
	      "cycles on: the VM file's CPUID cycles grow (%llu -> %llu), at least "
	      "the guest's", (unsigned long long)row_cycles(&v0, rs->cpuid),
	      (unsigned long long)row_cycles(&v1, rs->cpuid));
	kvmexit_stats_free(&v0);
	kvmexit_stats_free(&v1);

	err = write_text(PARAM_CYCLES, "maybe");
	read_line(PARAM_CYCLES, now, sizeof(now));
	CHECK(err == EINVAL && !strcmp(now, "Y"),
	      "exit_stats_cycles=maybe is refused with EINVAL (%s) and it stays Y "
	      "(reads \"%s\")", strerror(err), now);
}

/* The page the straddling exit waits for, at MMIO_GPA in memory slot 1. */
#define STRADDLE_SLOT	1
#define STRADDLE_SIZE	0x1000

static void *run_one_write(void *vcpu)
{
	guest_loop(vcpu, guest_mmio_loop, 1);
	return NULL;
}

/* A page of slot 1 that userfaultfd holds back until it is filled. */
static int held_back_page(struct vm *vm, void **page)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct kvm_userspace_memory_region region = {
		.slot = STRADDLE_SLOT,
		.guest_phys_addr = MMIO_GPA,
		.memory_size = STRADDLE_SIZE,
	};
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);

	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		die("userfaultfd");
	*page = mmap(NULL, STRADDLE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*page == MAP_FAILED)
		die("mmap the held-back page");
	reg.range.start = (uintptr_t)*page;
	reg.range.len = STRADDLE_SIZE;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
	region.userspace_addr = (uintptr_t)*page;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		die("KVM_SET_USER_MEMORY_REGION (slot 1)");
	return uffd;
}

/* Wait up to 10 s for the vCPU's fault on the held-back page. */
static bool fault_arrived(int uffd)
{
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;

	return poll(&pfd, 1, 10000) == 1 &&
	       read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
	       msg.event == UFFD_EVENT_PAGEFAULT;
}

/*
 * An exit that straddles exit_stats_cycles=N -> Y counts 0 cycles, not the
 * time since the vCPU's last stamp: no stamp is taken while cycles are off,
 * and turning them on moves every vCPU's stamp to the future.  The exit is
 * the guest's first write to a page that userfaultfd holds back, so the
 * vCPU waits inside KVM's handling of the nested page fault (EPT
 * violation) while cycles come on.
 */
void check_cycles_straddle(const struct reasons *rs)
{
	/* A copy, not the zero page: the guest's write would fault again. */
	struct uffdio_copy fill = { .len = STRADDLE_SIZE };
	static char zeros[STRADDLE_SIZE];
	struct kvmexit_stats before, after;
	uint32_t fault = rs->mmio[0];
	struct vcpu vcpu;
	pthread_t runner;
	void *page;
	struct vm vm;
	bool waited;
	int uffd;

	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	uffd = held_back_page(&vm, &page);
	/* Every exit the write needs but the straddling one, made with cycles on. */
	guest_cpuid(&vcpu, 0, 0);
	before = vcpu_stats(&vm, 0);

	CHECK(set_param(PARAM_CYCLES, "N") == 0, "straddle: exit_stats_cycles=N");
	if (pthread_create(&runner, NULL, run_one_write, &vcpu))
		die("pthread_create");
	waited = fault_arrived(uffd);
	CHECK(set_param(PARAM_CYCLES, "Y") == 0 && waited,
	      "straddle: the vCPU waits on the held-back page while "
	      "exit_stats_cycles goes back to Y");
	fill.dst = (uintptr_t)page;
	fill.src = (uintptr_t)zeros;
	if (ioctl(uffd, UFFDIO_COPY, &fill))
		die("UFFDIO_COPY");
	pthread_join(runner, NULL);

	after = vcpu_stats(&vm, 0);
	CHECK_EQ_U64(row_count(&after, fault) - row_count(&before, fault), 1,
		     "straddle: the write made one nested page fault exit");
	CHECK_EQ_U64(row_cycles(&after, fault) - row_cycles(&before, fault), 0,
		     "straddle: that exit, begun with cycles off and committed "
		     "with them on, counts 0 cycles");
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);
	vm_destroy(&vm);
	munmap(page, STRADDLE_SIZE);
	close(uffd);
}
