// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_RUN calls that never enter the guest make no VM exit, and must count
 * none: with kvm_run.immediate_exit set (KVM returns EINTR before entering)
 * and with a signal pending that KVM_SET_SIGNAL_MASK lets through (KVM
 * prepares the entry, sees the pending work, cancels it and returns EINTR
 * with KVM_EXIT_INTR).  The second path leaves vcpu_enter_guest() without
 * an exit: nothing of a previous exit may be counted again there.
 */
#include "lab_checks.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#define NO_EXIT_RUNS 100

/* The host, VM and vCPU files, read at once while nothing runs. */
struct snapshot {
	struct kvmexit_stats host, vm, vcpu;
};

static struct snapshot snap(struct vm *vm, struct vcpu *vcpu)
{
	struct snapshot s = { host_stats(), vm_stats(vm), vcpu_stats(vm, vcpu->id) };

	return s;
}

static bool snap_equal(const struct snapshot *a, const struct snapshot *b)
{
	return stats_equal(&a->host, &b->host) && stats_equal(&a->vm, &b->vm) &&
	       stats_equal(&a->vcpu, &b->vcpu);
}

static void snap_free(struct snapshot *s)
{
	kvmexit_stats_free(&s->host);
	kvmexit_stats_free(&s->vm);
	kvmexit_stats_free(&s->vcpu);
}

/* KVM_RUN NO_EXIT_RUNS times; how many returned EINTR (with reason, if not 0). */
static int runs_interrupted(struct vcpu *vcpu, uint32_t want_reason)
{
	int interrupted = 0;

	for (int i = 0; i < NO_EXIT_RUNS; i++) {
		vcpu->run->exit_reason = 0xffff;
		if (ioctl(vcpu->fd, KVM_RUN, 0) == -1 && errno == EINTR &&
		    (!want_reason || vcpu->run->exit_reason == want_reason))
			interrupted++;
	}
	return interrupted;
}

/* KVM_SET_SIGNAL_MASK: the mask while in KVM_RUN, or NULL for none. */
static void vcpu_signal_mask(struct vcpu *vcpu, const sigset_t *set)
{
	struct kvm_signal_mask *mask = NULL;

	if (set) {
		/* The kernel's sigset is 8 bytes on x86-64; glibc's is larger. */
		mask = calloc(1, sizeof(*mask) + 8);
		if (!mask)
			die("calloc");
		mask->len = 8;
		memcpy(mask->sigset, set, 8);
	}
	if (ioctl(vcpu->fd, KVM_SET_SIGNAL_MASK, mask))
		die("KVM_SET_SIGNAL_MASK");
	free(mask);
}

void check_no_exit(struct vm *vm, struct vcpu *vcpu, const struct reasons *rs)
{
	struct snapshot s0, s1;
	sigset_t usr1, old, none;
	struct timespec zero = { 0 };
	uint64_t g0, g1;
	int n;

	g0 = guest_reason_exits(vcpu, rs->cpuid);

	s0 = snap(vm, vcpu);
	vcpu->run->immediate_exit = 1;
	n = runs_interrupted(vcpu, 0);
	vcpu->run->immediate_exit = 0;
	s1 = snap(vm, vcpu);
	CHECK(n == NO_EXIT_RUNS, "immediate_exit: %d of %d KVM_RUNs return EINTR",
	      n, NO_EXIT_RUNS);
	CHECK(snap_equal(&s0, &s1),
	      "immediate_exit: host, VM and vCPU files unchanged after %d runs",
	      NO_EXIT_RUNS);
	snap_free(&s0);
	snap_free(&s1);

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	pthread_sigmask(SIG_BLOCK, &usr1, &old);
	pthread_kill(pthread_self(), SIGUSR1);	/* pending, blocked here */
	vcpu_signal_mask(vcpu, &none);		/* deliverable inside KVM_RUN */
	s0 = snap(vm, vcpu);
	n = runs_interrupted(vcpu, KVM_EXIT_INTR);
	s1 = snap(vm, vcpu);
	vcpu_signal_mask(vcpu, NULL);
	sigtimedwait(&usr1, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	CHECK(n == NO_EXIT_RUNS,
	      "pending signal: %d of %d KVM_RUNs return EINTR with KVM_EXIT_INTR",
	      n, NO_EXIT_RUNS);
	CHECK(snap_equal(&s0, &s1),
	      "pending signal: host, VM and vCPU files unchanged after %d runs",
	      NO_EXIT_RUNS);
	snap_free(&s0);

	/* Real exits after those still count exactly. */
	guest_loop(vcpu, guest_cpuid_loop, 1000);
	g1 = guest_reason_exits(vcpu, rs->cpuid);
	s0 = snap(vm, vcpu);
	CHECK_EQ_U64(g1 - g0, 1000 + 1,
		     "after them the guest sees 1000 CPUID exits exactly (+1 query)");
	CHECK_EQ_U64(row_count(&s0.vcpu, rs->cpuid) - row_count(&s1.vcpu, rs->cpuid),
		     1000 + 1, "after them the vCPU file's CPUID delta is 1000 + 1");
	snap_free(&s0);
	snap_free(&s1);
}
