// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's knobs: threads that reset the host file, flip the module
 * parameters, and take CPUs offline and online, each at its own pace.  Each
 * change to the kernel's state is bracketed by its sequence count (soak.h)
 * so that readers and guests know which state held while they looked.
 */
#include "soak.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RESET_EVERY_MS	250
#define FLIP_GUEST_MS	150
#define HOTPLUG_EVERY_MS	700
#define OFFLINE_FOR_MS	300

#define CPU_ONLINE_FMT	"/sys/devices/system/cpu/cpu%d/online"

void *reset_thread(void *arg)
{
	(void)arg;
	while (!soak_stopping()) {
		int err;

		atomic_fetch_add(&soak.reset_seq, 1);
		err = write_text(KVMEXIT_DEBUGFS_PATH, "0");
		atomic_fetch_add(&soak.reset_seq, 1);
		if (err)
			tally_fail(T_RESETS, "writing 0 to the host file: %s",
				   strerror(err));
		else
			tally_pass(T_RESETS);
		sleep_ms(RESET_EVERY_MS);
	}
	return NULL;
}

static void flip(atomic_uint *seq, const char *path, const char *value)
{
	int err;

	atomic_fetch_add(seq, 1);
	err = set_param(path, value);
	if (err)
		tally_fail(T_FLIPS, "%s=%s: %s", path, value, strerror(err));
	else
		tally_pass(T_FLIPS);
}

/*
 * exit_stats_guest goes round off, vm, host (each scope for a while, in
 * turn, so that guests ask in every one); exit_stats_cycles flips every
 * third change.  The shared state is updated while the sequence count is
 * odd, then the count is made even again.
 */
void *flip_thread(void *arg)
{
	static const char *const scopes[] = { "off", "vm", "host" };
	unsigned int turn = 0;

	(void)arg;
	while (!soak_stopping()) {
		int scope = (int)(turn % 3);

		flip(&soak.guest_seq, PARAM_GUEST, scopes[scope]);
		atomic_store(&soak.guest_scope, scope);
		atomic_fetch_add(&soak.guest_seq, 1);
		if (turn % 3 == 2) {
			bool on = !atomic_load(&soak.cycles_on);

			flip(&soak.cycles_seq, PARAM_CYCLES, on ? "Y" : "N");
			atomic_store(&soak.cycles_on, on);
			atomic_fetch_add(&soak.cycles_seq, 1);
		}
		turn++;
		sleep_ms(FLIP_GUEST_MS);
	}
	return NULL;
}

int cpus_possible(void)
{
	char path[64];
	int n = 0;

	for (;;) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d", n);
		if (access(path, F_OK))
			return n;
		n++;
	}
}

bool cpu_set_online(int cpu, bool online, int *err)
{
	char path[64];

	snprintf(path, sizeof(path), CPU_ONLINE_FMT, cpu);
	*err = write_text(path, online ? "1" : "0");
	return !*err;
}

bool all_cpus_online(void)
{
	int n = cpus_possible();
	char path[64], line[8];

	for (int cpu = 1; cpu < n; cpu++) {
		snprintf(path, sizeof(path), CPU_ONLINE_FMT, cpu);
		read_line(path, line, sizeof(line));
		if (strcmp(line, "1"))
			return false;
	}
	return true;
}

/*
 * CPUs 1..N-1 in turn (CPU 0 cannot go offline on x86 here): offline for a
 * while, then online again.  Going offline may fail with EBUSY when the
 * kernel cannot move something off the CPU right now; that is counted as
 * neither pass nor failure.  Coming back online must always work.
 */
void *hotplug_thread(void *arg)
{
	int n = cpus_possible(), cpu = 1, err;

	(void)arg;
	if (n < 2)
		return NULL;
	while (!soak_stopping()) {
		if (cpu_set_online(cpu, false, &err)) {
			sleep_ms(OFFLINE_FOR_MS);
			if (cpu_set_online(cpu, true, &err))
				tally_pass(T_HOTPLUG);
			else
				tally_fail(T_HOTPLUG, "cpu%d back online: %s", cpu,
					   strerror(err));
		} else if (err != EBUSY) {
			tally_fail(T_HOTPLUG, "cpu%d offline: %s", cpu, strerror(err));
		}
		cpu = cpu + 1 < n ? cpu + 1 : 1;
		sleep_ms(HOTPLUG_EVERY_MS);
	}
	return NULL;
}
