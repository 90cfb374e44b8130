// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host-scope queries while VMs come and go: one vCPU asks for the host's
 * CPUID count again and again under kvm.exit_stats_guest=host while another
 * thread creates VMs, runs CPUIDs in them and destroys them.  The sum must
 * neither hang (a query from vCPU context must not wait on a lock that VM
 * teardown holds while it waits for vCPUs) nor count a vCPU twice or lose
 * it while its VM goes away: the answers only grow, by at least the asking
 * exit each, and at the end the host gained exactly the exits made.
 */
#include "lab_checks.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHURN_VMS	10
#define CHURN_CPUIDS	50	/* per vCPU, two vCPUs per VM */
#define MIN_QUERIES	50

struct querier {
	struct vcpu *vcpu;
	uint32_t reason;
	atomic_bool *churn_done;
	uint64_t *answers;
	size_t nanswers, capacity;
};

static void *ask(void *arg)
{
	struct querier *q = arg;

	while (q->nanswers < MIN_QUERIES || !atomic_load(q->churn_done)) {
		if (q->nanswers == q->capacity) {
			q->capacity = q->capacity ? 2 * q->capacity : 256;
			q->answers = realloc(q->answers, q->capacity * sizeof(*q->answers));
			if (!q->answers)
				die("realloc");
		}
		q->answers[q->nanswers++] = guest_reason_exits(q->vcpu, q->reason);
		/* A breath between queries: Bochs emulates every one of them. */
		usleep(100);
	}
	return NULL;
}

/* VMs of two vCPUs that run CHURN_CPUIDS each and go; their CPUIDs made. */
static unsigned long churn(void)
{
	unsigned long made = 0;

	for (int i = 0; i < CHURN_VMS; i++) {
		struct vcpu vcpu[2];
		struct vm vm;

		vm_create(&vm);
		for (int j = 0; j < 2; j++) {
			vcpu_create(&vm, &vcpu[j], j);
			guest_loop(&vcpu[j], guest_cpuid_loop, CHURN_CPUIDS);
			made += vcpu[j].nr_cpuid;
		}
		vm_destroy(&vm);
	}
	return made;
}

void check_churn(const struct vm *live, const struct reasons *rs)
{
	struct querier q = { .reason = rs->cpuid };
	struct kvmexit_stats h0, h1;
	struct kvmexit_tree tree;
	atomic_bool done = false;
	unsigned long made, queries0;
	uint64_t first, last;
	struct cpuid_regs r;
	struct vcpu vcpu;
	struct vm vm;
	size_t bad = 0;
	bool listed;
	pthread_t tid;

	set_param(PARAM_GUEST, "host");
	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	q.vcpu = &vcpu;
	q.churn_done = &done;

	h0 = host_stats();
	queries0 = vcpu.nr_cpuid;
	first = guest_reason_exits(&vcpu, rs->cpuid);
	if (pthread_create(&tid, NULL, ask, &q))
		die("pthread_create");
	made = churn();
	atomic_store(&done, true);
	pthread_join(tid, NULL);
	last = guest_reason_exits(&vcpu, rs->cpuid);
	h1 = host_stats();

	for (size_t i = 1; i < q.nanswers; i++)
		bad += q.answers[i] < q.answers[i - 1] + 1;
	CHECK(!bad, "%zu host-scope answers while %d VMs came and went: each "
	      "grows by at least its own exit (%zu did not)", q.nanswers,
	      CHURN_VMS, bad);
	/* After the first answer: the churn, the other queries and the last. */
	CHECK(last - first == made + (vcpu.nr_cpuid - queries0 - 1),
	      "the host scope gained exactly the churned VMs' %lu CPUID exits and "
	      "%lu queries (%llu -> %llu)", made, vcpu.nr_cpuid - queries0 - 1,
	      (unsigned long long)first, (unsigned long long)last);
	CHECK_EQ_U64(row_count(&h1, rs->cpuid) - row_count(&h0, rs->cpuid),
		     made + (vcpu.nr_cpuid - queries0),
		     "the host file's CPUID delta is the churned VMs' exits + the queries");

	kvmexit_tree_init(&tree);
	listed = kvmexit_tree_list(KVMEXIT_DEBUGFS_ROOT, &tree) == 0;
	CHECK(listed && tree.nvms == 2,
	      "after the churn only the 2 live VMs have directories (%zu listed)",
	      tree.nvms);
	kvmexit_tree_free(&tree);
	r = guest_scope_leaf(&vcpu);
	CHECK(r.eax == KVMEXIT_SCOPE_WHOLE_HOST && r.edx == 1u + (uint32_t)live->nr_vcpus,
	      "0x4FFFFFFA under host counts the live vCPUs only: %u (expected %d)",
	      r.edx, 1 + live->nr_vcpus);

	set_param(PARAM_GUEST, "vm");
	free(q.answers);
	kvmexit_stats_free(&h0);
	kvmexit_stats_free(&h1);
	vm_destroy(&vm);
}
