/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The soak of the kernel half (issue 16, part 3): for a given time, VMs are
 * created and destroyed in a loop while other threads read every debugfs
 * file, ask the leaves from inside guests, reset the host file, flip the
 * module parameters and take CPUs offline and online.  Between the phases
 * of the run the modules are unloaded and loaded again.
 *
 * The threads of a phase never print checks: each invariant has a tally
 * (how many times it was checked, how many times it failed, the first
 * failure), and the phase prints one check per tally when it ends.  So the
 * number of checks is fixed in the source whatever the duration.
 */
#ifndef KVMEXIT_LAB_SOAK_H
#define KVMEXIT_LAB_SOAK_H

#define HARNESS_SUITE "soak"
#include "lab_checks.h"

#include <pthread.h>
#include <stdatomic.h>

/* One invariant checked many times by the threads of a phase. */
struct tally {
	atomic_ulong checked, failed;
	pthread_mutex_t lock;
	char first[384];	/* the first failure, as a message */
};

enum tally_id {
	T_READS,	/* every read of a debugfs file parses */
	T_HEADERS,	/* its header: vendor, scope, cycles= as the parameter */
	T_HOST_GROWS,	/* the host file only grows between two resets */
	T_VM_GROWS,	/* a VM's and a vCPU's files only grow */
	T_CONTROL_LEAVES,	/* the control guest's answers */
	T_CHURN_FILES,	/* a churn VM's files hold exactly its exits */
	T_CHURN_LEAVES,	/* a churn guest's answers, in its scope */
	T_RESETS,	/* writes of "0" to the host file */
	T_FLIPS,	/* writes of the parameters, read back */
	T_HOTPLUG,	/* CPUs taken offline and online again */
	NR_TALLIES
};

/* What the threads of a phase share. */
struct soak_state {
	struct reasons rs;
	atomic_bool stop;
	/*
	 * Each of these counts up once before and once after the kernel state
	 * it guards changes (odd while it changes): a reader that sees the
	 * same even value before and after its read knows the state held.
	 */
	atomic_uint reset_seq;	/* resets of the host file */
	atomic_uint guest_seq;	/* kvm.exit_stats_guest */
	atomic_uint cycles_seq;	/* kvm.exit_stats_cycles */
	atomic_int guest_scope;	/* SCOPE_OFF, SCOPE_VM or SCOPE_HOST */
	atomic_bool cycles_on;
	/* Successful reads by file kind: host, VM, vCPU. */
	atomic_ulong reads[3];
	/* Churn guests' checked answers, by their effective scope. */
	atomic_ulong churn_scopes[3];
	/* The control guest's checked answers: parameter off, or not. */
	atomic_ulong control_scopes[2];
	atomic_ulong churn_vms, churn_vcpus;
	/* The control VM's and its vCPU 0's fds while it lives, else -1. */
	atomic_int control_vm_fd, control_vcpu_fd;
	atomic_ulong stats_fd_reads;	/* whole reads of their stats fds */
	/* Reads that failed with EIO because the VM went meanwhile. */
	atomic_ulong eio_removed;
	struct tally tallies[NR_TALLIES];
};

extern struct soak_state soak;

/* Count one check of a tally, passed or failed (with why, printf-style). */
void tally_pass(enum tally_id id);
void tally_fail(enum tally_id id, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* One check: passed/failed as seen by a thread. */
static inline void tally(enum tally_id id, bool ok, const char *why)
{
	if (ok)
		tally_pass(id);
	else
		tally_fail(id, "%s", why);
}

bool soak_stopping(void);
void sleep_ms(unsigned int ms);
/* A small pseudo-random number below n, per thread (xorshift). */
unsigned int soak_rand(unsigned int *state, unsigned int n);

/* ---- the threads (soak_readers.c, soak_knobs.c, soak_vms.c) ---- */

void *reader_thread(void *arg);
void *reset_thread(void *arg);
void *flip_thread(void *arg);
void *hotplug_thread(void *arg);
void *churn_thread(void *arg);

/* The control VM: two vCPUs running batches of CPUIDs and port writes. */
struct control_vm {
	struct vm vm;
	struct vcpu vcpus[2];
	pthread_t threads[2];
	/* CPUIDs vCPU 1 has started and finished, for vCPU 0's bounds. */
	atomic_ulong cpuid_started1, cpuid_done1;
};
void control_start(struct control_vm *control);
/* Stop its threads (after soak.stop); its vCPUs are then idle. */
void control_join(struct control_vm *control);

/* Online host CPUs right now, from /sys/devices/system/cpu/online. */
int cpus_possible(void);
bool cpu_set_online(int cpu, bool online, int *err);
bool all_cpus_online(void);

#endif /* KVMEXIT_LAB_SOAK_H */
