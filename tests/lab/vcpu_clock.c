// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcpu_clock: how fast the lab host's clock and its timer interrupts go
 * while one vCPU runs, against the TSC (the emulator's own time).  A
 * reproducer for the VMX soak that did not finish (docs/soak.md): no
 * kvmexit file is read, so it runs on Debian's stock modules as well.
 *
 * Usage: vcpu_clock [--cpu N] [--tsc-mhz M] [--clocksource NAME]
 *
 * This thread (on CPU 0) busy-waits on RDTSC for windows of M x 10^5 TSC
 * cycles (0.1 s of TSC at M MHz; by default the frequency the kernel's log
 * says it uses: its last "tsc: Detected M MHz" or "tsc: Refined TSC
 * clocksource calibration: M MHz" line) and prints, per window, how far
 * CLOCK_MONOTONIC
 * moved and how many local timer interrupts (LOC) each CPU took: three
 * windows with no VM, five while one vCPU on CPU N (default 1) runs
 * CPUIDs in batches of 10000, three after it stopped.  On a host whose
 * clock keeps time, "clock ms" is about 100 in every window.  With
 * --clocksource (e.g. hpet) the kernel's clock runs on that clocksource
 * while this measures, then on the one before again: CLOCK_MONOTONIC then
 * shows how fast the TSC goes against that other timer.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include "vmm.h"

#define MAX_CPUS 8

struct spinner {
	struct vm vm;
	struct vcpu vcpu;
	int cpu;
	atomic_bool stop;
	atomic_ulong batches;
};

static void *spin(void *arg)
{
	struct spinner *s = arg;

	pin_to_cpu(s->cpu);
	while (!atomic_load(&s->stop)) {
		guest_loop(&s->vcpu, guest_cpuid_loop, 10000);
		atomic_fetch_add(&s->batches, 1);
	}
	return NULL;
}

/* Local timer interrupts per CPU so far (the LOC line of /proc/interrupts). */
static int local_timer_irqs(unsigned long *loc)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[4096];
	int n = 0;

	while (f && fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		while (*p == ' ')
			p++;
		if (strncmp(p, "LOC:", 4))
			continue;
		p += 4;
		while (n < MAX_CPUS) {
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			loc[n++] = v;
			p = end;
		}
	}
	if (f)
		fclose(f);
	return n;
}

/* The TSC frequency the kernel's log says it uses, in MHz; 0 if none. */
static double kernel_tsc_mhz(void)
{
	static const char *const keys[] = {
		"tsc: Detected ", "tsc: Refined TSC clocksource calibration: ",
	};
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	char rec[1024];
	double mhz = 0;
	ssize_t n;

	while (fd >= 0 && ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE))) {
		if (n < 0)
			continue;	/* a record overwritten meanwhile */
		rec[n] = '\0';
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			char *at = strstr(rec, keys[i]);

			if (at && strstr(at, " MHz"))
				mhz = strtod(at + strlen(keys[i]), NULL);
		}
	}
	if (fd >= 0)
		close(fd);
	return mhz;
}

#define CLOCKSOURCE "/sys/devices/system/clocksource/clocksource0/current_clocksource"

/* Write NAME to the kernel's current clocksource; the one before into old. */
static bool switch_clocksource(const char *name, char *old, size_t old_size)
{
	FILE *f = fopen(CLOCKSOURCE, "r");
	bool ok;

	if (!f || !fgets(old, (int)old_size, f)) {
		if (f)
			fclose(f);
		return false;
	}
	fclose(f);
	old[strcspn(old, "\n")] = '\0';
	f = fopen(CLOCKSOURCE, "w");
	if (!f)
		return false;
	ok = fputs(name, f) >= 0;
	ok &= fclose(f) == 0;
	return ok;
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void window(const char *state, unsigned long long cycles, const struct spinner *s)
{
	unsigned long loc0[MAX_CPUS] = { 0 }, loc1[MAX_CPUS] = { 0 };
	unsigned long b0 = atomic_load(&s->batches);
	unsigned long long t0 = __rdtsc();
	double m0 = mono_ms();
	int n = local_timer_irqs(loc0);

	while (__rdtsc() - t0 < cycles)
		;
	local_timer_irqs(loc1);
	printf("%-8s tsc %llu: clock ms %.1f, vCPU batches %lu, timer irqs",
	       state, cycles, mono_ms() - m0, atomic_load(&s->batches) - b0);
	for (int i = 0; i < n; i++)
		printf(" cpu%d %lu", i, loc1[i] - loc0[i]);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct spinner s = { .cpu = 1 };
	const char *clocksource = NULL;
	char old_clocksource[64], scratch[64];
	unsigned long long cycles;
	double mhz = 0;
	pthread_t t;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cpu") && i + 1 < argc)
			s.cpu = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--tsc-mhz") && i + 1 < argc)
			mhz = atof(argv[++i]);
		else if (!strcmp(argv[i], "--clocksource") && i + 1 < argc)
			clocksource = argv[++i];
		else {
			fprintf(stderr, "usage: vcpu_clock [--cpu N] [--tsc-mhz M] "
				"[--clocksource NAME]\n");
			return 64;
		}
	}
	if (mhz <= 0)
		mhz = kernel_tsc_mhz();
	if (mhz <= 0) {
		fprintf(stderr, "vcpu_clock: no TSC frequency in the kernel's log: "
			"give --tsc-mhz M\n");
		return 1;
	}
	printf("TSC at %.3f MHz for the kernel; windows of %.0f TSC cycles\n", mhz, mhz * 1e5);
	cycles = (unsigned long long)(mhz * 1e5);
	if (clocksource) {
		if (!switch_clocksource(clocksource, old_clocksource, sizeof(old_clocksource))) {
			fprintf(stderr, "vcpu_clock: cannot switch the clocksource to %s\n",
				clocksource);
			return 1;
		}
		printf("clock on %s (was %s)\n", clocksource, old_clocksource);
	}
	pin_to_cpu(0);
	vm_create(&s.vm);
	vcpu_create(&s.vm, &s.vcpu, 0);
	for (int i = 0; i < 3; i++)
		window("idle", cycles, &s);
	if (pthread_create(&t, NULL, spin, &s))
		die("pthread_create");
	for (int i = 0; i < 5; i++)
		window("vcpu", cycles, &s);
	atomic_store(&s.stop, true);
	pthread_join(t, NULL);
	for (int i = 0; i < 3; i++)
		window("stopped", cycles, &s);
	vm_destroy(&s.vm);
	if (clocksource && !switch_clocksource(old_clocksource, scratch, sizeof(scratch)))
		fprintf(stderr, "vcpu_clock: cannot switch the clocksource back\n");
	return 0;
}
