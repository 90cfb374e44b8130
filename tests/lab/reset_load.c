// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset under load: one vCPU pinned to every host CPU runs CPUID loops of
 * CHUNK exits (plus the report OUT) without pause while this thread writes
 * "0" to the host file again and again, until every vCPU has run whole
 * chunks between resets.  Once the vCPUs stop, the host file
 * must hold no more than the exits made after the last reset began, and no
 * fewer than those made after it returned, and its rows must sum to its
 * total.  The per-VM and per-vCPU files and the guest's leaves are not
 * reset: they still hold every exit exactly.
 *
 * Which exits came after the last reset: each vCPU thread counts the
 * chunks it completed.  A chunk completed before the reset began (read just
 * before the write) made all its exits before it; a chunk begun after the
 * write returned (two past the count read just after) made all its exits
 * after it; the chunk running across the reset is in the upper bound only.
 */
#include "lab_checks.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK			100
#define RESETS_PER_ROUND	20
/* Chunks every vCPU completes after the last reset before they stop. */
#define CHUNKS_AFTER		3

struct loader {
	struct vcpu vcpu;
	int cpu;
	bool pinned;
	atomic_ulong chunks;
	atomic_bool *stop;
};

static void *load(void *arg)
{
	struct loader *l = arg;

	l->pinned = pin_to_cpu(l->cpu);
	while (!atomic_load(l->stop)) {
		guest_loop(&l->vcpu, guest_cpuid_loop, CHUNK);
		atomic_fetch_add(&l->chunks, 1);
	}
	return NULL;
}

/* Have all loaders completed at least want[i] chunks? */
static bool all_reached(struct loader *l, int n, const unsigned long *want)
{
	for (int i = 0; i < n; i++)
		if (atomic_load(&l[i].chunks) < want[i])
			return false;
	return true;
}

/* Wait until every loader completed at least want[i] chunks (or 120 s). */
static bool wait_chunks(struct loader *l, int n, const unsigned long *want)
{
	time_t deadline = time(NULL) + 120;

	while (!all_reached(l, n, want)) {
		if (time(NULL) > deadline)
			return false;
		usleep(1000);
	}
	return true;
}

struct round {
	int resets, failed_writes;
	bool waited;		/* every vCPU ran as required, in time */
	unsigned long lo, hi;	/* chunks surely and maybe after the last reset */
	unsigned long fewest;	/* chunks of the vCPU that ran the fewest during the resets */
};

/*
 * One round: the vCPUs start; once each has run a chunk, resets follow one
 * another, at least RESETS_PER_ROUND of them and on until every vCPU has
 * completed two chunks since the first (one of them wholly between two
 * resets); CHUNKS_AFTER more chunks each after the last; then they stop.
 */
static struct round reset_round(struct loader *l, int n)
{
	unsigned long first[MAX_VCPUS], before[MAX_VCPUS], after[MAX_VCPUS];
	unsigned long want[MAX_VCPUS];
	struct round rd = { .fewest = ~0ul };
	pthread_t tid[MAX_VCPUS];
	struct sched_param fifo;
	atomic_bool stop = false;
	time_t deadline;

	for (int i = 0; i < n; i++) {
		l[i].stop = &stop;
		want[i] = atomic_load(&l[i].chunks) + 1;
		if (pthread_create(&tid[i], NULL, load, &l[i]))
			die("pthread_create");
	}
	/* Every vCPU running (its first touches of memory behind it). */
	rd.waited = wait_chunks(l, n, want);
	/*
	 * Real-time while it resets: woken from its sleep, it takes its CPU
	 * from a vCPU thread at once rather than at the vCPU's next slice end
	 * (set after pthread_create, which would pass it on to the vCPUs).
	 */
	fifo.sched_priority = 1;
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &fifo);
	for (int i = 0; i < n; i++) {
		first[i] = atomic_load(&l[i].chunks);
		want[i] = first[i] + 2;
	}
	deadline = time(NULL) + 120;
	do {
		rd.failed_writes += write_text(KVMEXIT_DEBUGFS_PATH, "0\n") != 0;
		rd.resets++;
		usleep(200);
	} while ((rd.resets < RESETS_PER_ROUND - 1 || !all_reached(l, n, want)) &&
		 time(NULL) <= deadline);
	rd.waited &= all_reached(l, n, want);
	for (int i = 0; i < n; i++)
		before[i] = atomic_load(&l[i].chunks);
	rd.failed_writes += write_text(KVMEXIT_DEBUGFS_PATH, "0\n") != 0;
	rd.resets++;
	for (int i = 0; i < n; i++) {
		after[i] = atomic_load(&l[i].chunks);
		want[i] = after[i] + CHUNKS_AFTER;
	}
	fifo.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &fifo);
	rd.waited &= wait_chunks(l, n, want);
	atomic_store(&stop, true);
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; i < n; i++) {
		unsigned long final = atomic_load(&l[i].chunks);

		rd.hi += final - before[i];
		if (final > after[i])
			rd.lo += final - after[i] - 1;
		if (before[i] - first[i] < rd.fewest)
			rd.fewest = before[i] - first[i];
	}
	return rd;
}

void check_reset_under_load(const struct reasons *rs)
{
	static struct loader loaders[MAX_VCPUS];
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int n = online < MAX_VCPUS ? (int)online : MAX_VCPUS;
	bool pinned = true;
	struct vm vm;

	vm_create(&vm);
	for (int i = 0; i < n; i++) {
		vcpu_create(&vm, &loaders[i].vcpu, i);
		loaders[i].cpu = i;
		atomic_init(&loaders[i].chunks, 0);
	}
	for (int round = 1; round <= RESET_ROUNDS; round++) {
		struct kvmexit_stats host, vmf, vcpuf;
		unsigned long cpuid = 0, io = 0;
		struct round rd = reset_round(loaders, n);
		unsigned long lo = rd.lo, hi = rd.hi;
		bool vcpus_exact = true;
		uint64_t q;

		host = host_stats();
		CHECK(!rd.failed_writes && rd.waited,
		      "round %d: %d resets, all written (%d failed), while each of %d "
		      "vCPUs completed 2 or more chunks (fewest %lu) and ran on past "
		      "the last%s", round, rd.resets, rd.failed_writes, n, rd.fewest,
		      rd.waited ? "" : " (NOT: timed out)");
		CHECK(row_count(&host, rs->cpuid) >= lo * CHUNK &&
		      row_count(&host, rs->cpuid) <= hi * CHUNK,
		      "round %d: host CPUID count %llu is within the exits made since "
		      "the last reset, %lu..%lu", round,
		      (unsigned long long)row_count(&host, rs->cpuid), lo * CHUNK,
		      hi * CHUNK);
		CHECK(row_count(&host, rs->io) >= lo && row_count(&host, rs->io) <= hi,
		      "round %d: host I/O count %llu is within the reports made since "
		      "the last reset, %lu..%lu", round,
		      (unsigned long long)row_count(&host, rs->io), lo, hi);
		CHECK(host.rows_add_up,
		      "round %d: the host file's rows sum to its total (%llu)", round,
		      (unsigned long long)host.total_count);

		for (int i = 0; i < n; i++) {
			cpuid += loaders[i].vcpu.nr_cpuid;
			io += vcpu_io_exits(&loaders[i].vcpu);
			vcpuf = vcpu_stats(&vm, i);
			vcpus_exact &= row_count(&vcpuf, rs->cpuid) == loaders[i].vcpu.nr_cpuid &&
				       row_count(&vcpuf, rs->io) == vcpu_io_exits(&loaders[i].vcpu);
			kvmexit_stats_free(&vcpuf);
		}
		vmf = vm_stats(&vm);
		CHECK(row_count(&vmf, rs->cpuid) == cpuid && row_count(&vmf, rs->io) == io,
		      "round %d: the VM file is not reset: CPUID %llu, I/O %llu, exactly "
		      "every exit since the VM began (%lu, %lu)", round,
		      (unsigned long long)row_count(&vmf, rs->cpuid),
		      (unsigned long long)row_count(&vmf, rs->io), cpuid, io);
		CHECK(vcpus_exact, "round %d: the %d vCPU files are not reset: each "
		      "holds exactly its vCPU's CPUID and I/O exits", round, n);
		q = guest_reason_exits(&loaders[0].vcpu, rs->cpuid);
		CHECK(q == cpuid + 1, "round %d: the guest's leaves are not reset: "
		      "CPUID %llu, every exit of the VM (%lu) + the query", round,
		      (unsigned long long)q, cpuid);
		kvmexit_stats_free(&host);
		kvmexit_stats_free(&vmf);
	}
	for (int i = 0; i < n; i++)
		pinned &= loaders[i].pinned;
	CHECK(pinned, "the %d vCPU threads ran pinned to host CPUs 0-%d", n, n - 1);
	vm_destroy(&vm);
}
