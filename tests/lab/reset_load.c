// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reset under load: one vCPU pinned to every host CPU runs CPUID loops of
 * CHUNK exits (plus the report OUT) without pause while this thread writes
 * "0" to the host file again and again.  Once the vCPUs stop, the host file
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

/* Wait until every loader completed at least want[i] chunks (or 120 s). */
static bool wait_chunks(struct loader *l, int n, const unsigned long *want)
{
	time_t deadline = time(NULL) + 120;

	for (;;) {
		bool all = true;

		for (int i = 0; i < n; i++)
			all &= atomic_load(&l[i].chunks) >= want[i];
		if (all)
			return true;
		if (time(NULL) > deadline)
			return false;
		usleep(1000);
	}
}

/* One round; *lo and *hi: chunks surely and maybe made after the last reset. */
static int reset_round(struct loader *l, int n, unsigned long *lo, unsigned long *hi,
		       bool *waited)
{
	unsigned long before[MAX_VCPUS], after[MAX_VCPUS], want[MAX_VCPUS];
	pthread_t tid[MAX_VCPUS];
	struct sched_param fifo;
	unsigned long first_reset;
	atomic_bool stop = false;
	int failed_writes = 0;

	for (int i = 0; i < n; i++) {
		l[i].stop = &stop;
		want[i] = atomic_load(&l[i].chunks) + 1;
		if (pthread_create(&tid[i], NULL, load, &l[i]))
			die("pthread_create");
	}
	/* Every vCPU running (its first touches of memory behind it). */
	*waited = wait_chunks(l, n, want);
	/*
	 * Real-time while it resets: woken from its sleep, it takes its CPU
	 * from a vCPU thread at once rather than at the vCPU's next slice end
	 * (set after pthread_create, which would pass it on to the vCPUs).
	 */
	fifo.sched_priority = 1;
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &fifo);
	first_reset = atomic_load(&l[0].chunks);
	for (int r = 0; r < RESETS_PER_ROUND - 1; r++) {
		failed_writes += write_text(KVMEXIT_DEBUGFS_PATH, "0\n") != 0;
		usleep(200);
	}
	for (int i = 0; i < n; i++)
		before[i] = atomic_load(&l[i].chunks);
	failed_writes += write_text(KVMEXIT_DEBUGFS_PATH, "0\n") != 0;
	for (int i = 0; i < n; i++) {
		after[i] = atomic_load(&l[i].chunks);
		want[i] = after[i] + CHUNKS_AFTER;
	}
	fifo.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &fifo);
	*waited &= wait_chunks(l, n, want);
	atomic_store(&stop, true);
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	printf("# %d resets while vCPU 0 ran chunks %lu to %lu; it stopped after %lu\n",
	       RESETS_PER_ROUND, first_reset, before[0], (unsigned long)atomic_load(&l[0].chunks));
	*lo = *hi = 0;
	for (int i = 0; i < n; i++) {
		unsigned long final = atomic_load(&l[i].chunks);

		*hi += final - before[i];
		if (final > after[i])
			*lo += final - after[i] - 1;
	}
	return failed_writes;
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
		unsigned long lo, hi, cpuid = 0, io = 0;
		bool waited, vcpus_exact = true;
		int failed = reset_round(loaders, n, &lo, &hi, &waited);
		uint64_t q;

		host = host_stats();
		CHECK(!failed && waited,
		      "round %d: %d resets while %d vCPUs ran, all written (%d failed), "
		      "each vCPU ran on past the last one%s", round, RESETS_PER_ROUND, n,
		      failed, waited ? "" : " (NOT: timed out)");
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
