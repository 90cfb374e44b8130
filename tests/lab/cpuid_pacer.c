// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid_pacer RATE SECONDS: a VM that makes RATE CPUID exits per second for
 * SECONDS seconds, in bursts every 50 ms on an absolute schedule, so that a
 * reader of the statistics (kvmexittop) has a known rate to find.  Prints
 * the rate achieved: "pacer rate=R achieved=A exits=N seconds=S".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vmm.h"

#define TICK_NS 50000000L	/* one burst every 50 ms */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long rate, seconds, per_tick, ticks, done = 0;
	struct timespec next;
	struct vcpu vcpu;
	struct vm vm;
	double start;

	if (argc != 3 || (rate = atol(argv[1])) < 20 || (seconds = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: cpuid_pacer RATE(>=20) SECONDS\n");
		return 64;
	}
	per_tick = rate / (1000000000L / TICK_NS);
	ticks = seconds * (1000000000L / TICK_NS);

	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	clock_gettime(CLOCK_MONOTONIC, &next);
	start = now();
	for (long t = 0; t < ticks; t++) {
		guest_loop(&vcpu, guest_cpuid_loop, (uint32_t)per_tick);
		done += per_tick;
		next.tv_nsec += TICK_NS;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	printf("pacer rate=%ld achieved=%.0f exits=%ld seconds=%.2f\n", rate,
	       done / (now() - start), done, now() - start);
	vm_destroy(&vm);
	return 0;
}
