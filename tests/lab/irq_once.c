// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq_once: the SVM lab's emulator delivers an interrupt KVM injects once.
 *
 * Debian's QEMU 7.2 delivers it a second time, whatever the guest's
 * RFLAGS.IF, when its round-robin scheduler kicks the CPU (every 100 ms)
 * before the guest's next exit; that froze and killed nested Linux guests
 * (docs/nested-guest.md), and the lab runs a fixed build (lab/qemu/).  Here a
 * guest takes N self-IPIs whose handler spins without an exit before its
 * EOI, for long enough that many kicks land inside those spins, and counts
 * the handler's runs.  Usage: irq_once  (in the lab, as root)
 */
#define HARNESS_SUITE "irq-once"
#include "../harness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "vmm.h"

/* Round-robin kicks the run must span for a second delivery to be certain. */
#define MIN_KICKS	20
#define KICK_PERIOD_S	0.1

int main(int argc, char **argv)
{
	/* About 1.5 ms a spin and 4 s in all in the lab here. */
	const uint32_t n = 2500, spin = 300000;
	struct timespec start, end;
	struct kvm_regs regs;
	struct vcpu vcpu;
	struct vm vm;
	double seconds;

	if (argc != 1) {
		fprintf(stderr, "usage: %s  (no arguments)\n", argv[0]);
		return 2;
	}
	HARNESS_PLAN(2);

	vm_create(&vm);
	if (ioctl(vm.vm_fd, KVM_CREATE_IRQCHIP, 0))
		die("KVM_CREATE_IRQCHIP");
	vcpu_create(&vm, &vcpu, 0);
	vcpu_set_supported_cpuid(&vm, &vcpu);

	memset(&regs, 0, sizeof(regs));
	regs.rbp = n;
	regs.rdi = spin;
	regs.rsp = 0x8000;	/* the handler's frames: free memory below it */
	clock_gettime(CLOCK_MONOTONIC, &start);
	vcpu_run_program(&vcpu, guest_irq_loop, &regs);
	clock_gettime(CLOCK_MONOTONIC, &end);
	seconds = (double)(end.tv_sec - start.tv_sec) +
		  (double)(end.tv_nsec - start.tv_nsec) / 1e9;

	CHECK(seconds >= MIN_KICKS * KICK_PERIOD_S,
	      "the %" PRIu32 " interrupts and spins took %.2f s (at least %.1f: "
	      "%d of QEMU's round-robin kicks)", n, seconds,
	      MIN_KICKS * KICK_PERIOD_S, MIN_KICKS);
	CHECK_EQ_U64((uint32_t)regs.rsi, n,
		     "the handler ran once per injected interrupt");
	vm_destroy(&vm);
	return harness_exit_status();
}
