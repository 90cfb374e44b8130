// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two VMs at once, A and B, two vCPUs each, with different known workloads:
 * who sees what.  Under kvm.exit_stats_guest=vm each guest's leaves show
 * exactly its own VM's exits; under host they show every VM's; under off
 * there is no signature.  KVM_ENABLE_CAP(KVM_CAP_X86_EXIT_STATS) narrows a
 * VM and never widens it.  A VMM's own CPUID entries in the range win.  The
 * per-VM and per-vCPU files hold exactly each VM's and vCPU's exits, and the
 * host file the sum, which keeps A's exits after A is gone.
 *
 * Every guest query is itself a CPUID exit and its report an I/O exit; the
 * VMM tallies both (struct vcpu), so each expectation below is exact for
 * the reasons the programs make.  Other reasons (interrupts, the first
 * touches of guest memory) are only compared between the views, never
 * predicted.  This group runs first, on a freshly booted lab host whose
 * host file nobody has reset: its view then equals the guests' host scope.
 */
#include "lab_checks.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/* What one vCPU runs: CPUIDs of leaf 0, count-port OUTs, HLTs. */
struct workload {
	uint32_t cpuid, out, hlt;
};

/* A: 3000 CPUID + 200 port writes.  B: 7000 CPUID + 50 HLT. */
static const struct workload workloads[2][2] = {
	{ { 1000, 200, 0 }, { 2000, 0, 0 } },
	{ { 3000, 0, 0 }, { 4000, 0, 50 } },
};

struct test_vm {
	const char *name;
	struct vm vm;
	struct vcpu vcpu[2];
};

struct worker {
	struct vcpu *vcpu;
	const struct workload *work;
};

static void *run_workload(void *arg)
{
	struct worker *w = arg;

	guest_loop(w->vcpu, guest_cpuid_loop, w->work->cpuid);
	if (w->work->out)
		guest_loop(w->vcpu, guest_out_loop, w->work->out);
	if (w->work->hlt)
		guest_loop(w->vcpu, guest_hlt_loop, w->work->hlt);
	return NULL;
}

/* All four vCPUs at once, one thread each. */
static void run_all(struct test_vm *tv)
{
	struct worker workers[4];
	pthread_t tid[4];

	for (int i = 0; i < 4; i++) {
		workers[i].vcpu = &tv[i / 2].vcpu[i % 2];
		workers[i].work = &workloads[i / 2][i % 2];
		if (pthread_create(&tid[i], NULL, run_workload, &workers[i]))
			die("pthread_create");
	}
	for (int i = 0; i < 4; i++)
		pthread_join(tid[i], NULL);
}

/* The exits a vCPU's file must hold exactly: what the VMM tallied. */
static bool vcpu_file_exact(const struct reasons *rs, const struct kvmexit_stats *f,
			    const struct vcpu *v)
{
	return row_count(f, rs->cpuid) == v->nr_cpuid &&
	       row_count(f, rs->io) == vcpu_io_exits(v) &&
	       row_count(f, rs->hlt) == v->nr_hlt;
}

static void free_all(struct kvmexit_stats *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kvmexit_stats_free(&s[i]);
}

/* Are A and B listed by lib/kvm_tree with vCPUs 0 and 1 (want[i] = listed)? */
static bool tree_lists(const struct test_vm *tv, const bool want[2])
{
	struct kvmexit_tree tree;
	bool ok = true;

	kvmexit_tree_init(&tree);
	if (kvmexit_tree_list(KVMEXIT_DEBUGFS_ROOT, &tree))
		return false;
	for (int i = 0; i < 2; i++) {
		struct kvmexit_vm me = vm_tree_entry(&tv[i].vm);
		bool found = false;

		for (size_t j = 0; j < tree.nvms; j++)
			if (!strcmp(tree.vms[j].dir, me.dir))
				found = tree.vms[j].nvcpus == 2 &&
					tree.vms[j].vcpus[0] == 0 &&
					tree.vms[j].vcpus[1] == 1;
		ok &= found == want[i];
	}
	kvmexit_tree_free(&tree);
	return ok;
}

/* Files of fresh VMs are empty; then each file holds exactly its own. */
static void check_files(struct test_vm *tv, const struct reasons *rs,
			const struct kvmexit_stats *host_before)
{
	struct kvmexit_stats vcpu_files[4], vm_files[2], host_after;
	char why[160];
	bool scopes = true, add_up = true, sum;

	for (int i = 0; i < 4; i++)
		vcpu_files[i] = vcpu_stats(&tv[i / 2].vm, i % 2);
	for (int i = 0; i < 2; i++)
		vm_files[i] = vm_stats(&tv[i].vm);
	host_after = host_stats();

	for (int i = 0; i < 4; i++) {
		const struct vcpu *v = &tv[i / 2].vcpu[i % 2];

		CHECK(vcpu_file_exact(rs, &vcpu_files[i], v),
		      "%s vcpu%d file: CPUID %llu IO %llu HLT %llu, exactly the "
		      "vCPU's %lu, %lu, %lu", tv[i / 2].name, i % 2,
		      (unsigned long long)row_count(&vcpu_files[i], rs->cpuid),
		      (unsigned long long)row_count(&vcpu_files[i], rs->io),
		      (unsigned long long)row_count(&vcpu_files[i], rs->hlt),
		      v->nr_cpuid, vcpu_io_exits(v), v->nr_hlt);
		scopes &= vcpu_files[i].scope == KVMEXIT_STATS_SCOPE_VCPU;
		add_up &= vcpu_files[i].rows_add_up;
	}
	for (int i = 0; i < 2; i++) {
		const struct vcpu *v = tv[i].vcpu;
		struct kvmexit_stats empty;

		CHECK(row_count(&vm_files[i], rs->cpuid) == v[0].nr_cpuid + v[1].nr_cpuid &&
		      row_count(&vm_files[i], rs->io) == vcpu_io_exits(&v[0]) + vcpu_io_exits(&v[1]) &&
		      row_count(&vm_files[i], rs->hlt) == v[0].nr_hlt + v[1].nr_hlt,
		      "%s's VM file: CPUID %llu IO %llu HLT %llu, exactly its "
		      "vCPUs' workloads", tv[i].name,
		      (unsigned long long)row_count(&vm_files[i], rs->cpuid),
		      (unsigned long long)row_count(&vm_files[i], rs->io),
		      (unsigned long long)row_count(&vm_files[i], rs->hlt));
		/* Computed first: CHECK formats its message before its condition. */
		kvmexit_stats_init(&empty);
		sum = stats_delta_is_sum(&empty, &vm_files[i], &vcpu_files[2 * i], 2,
					 why, sizeof(why));
		CHECK(sum, "%s's VM file is the sum of its two vCPU files, every row, "
		      "counts and cycles (%s)", tv[i].name, why);
		scopes &= vm_files[i].scope == KVMEXIT_STATS_SCOPE_VM;
		add_up &= vm_files[i].rows_add_up;
	}
	sum = stats_delta_is_sum(host_before, &host_after, vm_files, 2, why, sizeof(why));
	CHECK(sum, "host file delta over the workloads = A's file + B's file, every "
	      "row, counts and cycles (%s)", why);
	CHECK(scopes && host_after.scope == KVMEXIT_STATS_SCOPE_HOST,
	      "headers say scope=vcpu, scope=vm and scope=host");
	CHECK(add_up && host_after.rows_add_up,
	      "rows add up to the total in all seven files");
	free_all(vcpu_files, 4);
	free_all(vm_files, 2);
	kvmexit_stats_free(&host_after);
}

static bool scope_leaf_is(struct cpuid_regs r, uint32_t scope, uint64_t tsc_khz,
			  uint32_t nr_vcpus)
{
	return r.eax == scope && r.ebx == tsc_khz && r.ecx == 1 && r.edx == nr_vcpus;
}

/* Under vm: each guest sees exactly its own VM, both vCPUs of it. */
static void check_vm_scope(struct test_vm *tv, const struct reasons *rs)
{
	struct test_vm *a = &tv[0], *b = &tv[1];
	struct kvmexit_stats fa, fb;
	struct cpuid_regs r;
	uint64_t q;

	r = guest_scope_leaf(&a->vcpu[0]);
	fa = vm_stats(&a->vm);
	CHECK(scope_leaf_is(r, KVMEXIT_SCOPE_THIS_VM, fa.tsc_khz, 2),
	      "A under vm: 0x4FFFFFFA = scope %u, tsc_khz %u, ecx %u, vCPUs %u "
	      "(expected 1, %llu, 1, 2)", r.eax, r.ebx, r.ecx, r.edx,
	      (unsigned long long)fa.tsc_khz);

	/* From A's vCPU 1: the sum over both of A's vCPUs, not its own. */
	q = guest_reason_exits(&a->vcpu[1], rs->cpuid);
	CHECK_EQ_U64(q, row_count(&fa, rs->cpuid) + 1,
		     "A's vcpu1 sees exactly A's CPUID exits (its VM file + its query)");
	q = guest_reason_exits(&a->vcpu[0], rs->io);
	CHECK_EQ_U64(q, row_count(&fa, rs->io) + 1,
		     "A sees exactly A's I/O exits (its VM file + the last report)");
	kvmexit_stats_free(&fa);

	fb = vm_stats(&b->vm);
	q = guest_reason_exits(&b->vcpu[0], rs->cpuid);
	CHECK_EQ_U64(q, row_count(&fb, rs->cpuid) + 1,
		     "B's vcpu0 sees exactly B's CPUID exits, none of A's");
	q = guest_reason_exits(&b->vcpu[0], rs->hlt);
	CHECK_EQ_U64(q, 50, "B sees exactly its 50 HLT exits");
	r = guest_scope_leaf(&b->vcpu[1]);
	CHECK(scope_leaf_is(r, KVMEXIT_SCOPE_THIS_VM, fb.tsc_khz, 2),
	      "B under vm: 0x4FFFFFFA = %u, %u, %u, %u", r.eax, r.ebx, r.ecx, r.edx);
	kvmexit_stats_free(&fb);

	/* Totals: between the file and the query only the query exits, or an interrupt. */
	fa = vm_stats(&a->vm);
	q = guest_total_exits(&a->vcpu[0]);
	CHECK(q >= fa.total_count + 1 && q <= fa.total_count + 8,
	      "A's total leaf = its VM file's total %llu + its query (%llu), "
	      "give or take interrupts", (unsigned long long)fa.total_count,
	      (unsigned long long)q);
	kvmexit_stats_free(&fa);
}

/* Under host: every VM, and what VMs before them left behind. */
static void check_host_scope(struct test_vm *tv, const struct reasons *rs)
{
	struct test_vm *a = &tv[0], *b = &tv[1];
	struct kvmexit_stats h;
	struct cpuid_regs r;
	uint64_t q1, q2;

	CHECK(set_param(PARAM_GUEST, "host") == 0,
	      "exit_stats_guest=host is written and reads back as host");
	h = host_stats();
	r = guest_scope_leaf(&a->vcpu[0]);
	CHECK(scope_leaf_is(r, KVMEXIT_SCOPE_WHOLE_HOST, h.tsc_khz, 4),
	      "A under host: 0x4FFFFFFA = scope %u, tsc_khz %u, ecx %u, vCPUs %u "
	      "(expected 2, %llu, 1, 4: A's and B's)", r.eax, r.ebx, r.ecx, r.edx,
	      (unsigned long long)h.tsc_khz);
	kvmexit_stats_free(&h);

	/* The host file has not been reset in this boot: the same sum. */
	h = host_stats();
	q1 = guest_reason_exits(&b->vcpu[1], rs->cpuid);
	CHECK_EQ_U64(q1, row_count(&h, rs->cpuid) + 1,
		     "B under host sees the host file's CPUID count + its query");
	kvmexit_stats_free(&h);

	q1 = guest_reason_exits(&a->vcpu[0], rs->cpuid);
	guest_loop(&b->vcpu[0], guest_cpuid_loop, 500);
	q2 = guest_reason_exits(&a->vcpu[1], rs->cpuid);
	CHECK_EQ_U64(q2 - q1, 500 + 1,
		     "A under host sees B's 500 CPUID exits (+1 for its query)");
}

/* KVM_ENABLE_CAP narrows host to vm and vm to off, and never widens. */
static void check_capability(struct test_vm *tv, const struct reasons *rs)
{
	struct test_vm *a = &tv[0], *b = &tv[1];
	struct kvmexit_stats fa, fa2;
	struct cpuid_regs r;
	int err1, err2, err3, err4;
	uint64_t q;

	CHECK(ioctl(a->vm.vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_EXIT_STATS) == 1,
	      "KVM_CHECK_EXTENSION(KVM_CAP_X86_EXIT_STATS = %d) on a VM is 1",
	      KVM_CAP_X86_EXIT_STATS);

	err1 = vm_limit_scope(&a->vm, SCOPE_VM, 1, 0);
	err2 = vm_limit_scope(&a->vm, SCOPE_VM, 0, 1);
	err3 = vm_limit_scope(&a->vm, 3, 0, 0);
	r = guest_scope_leaf(&a->vcpu[0]);
	CHECK(err1 == EINVAL && err2 == EINVAL && err3 == EINVAL &&
	      r.eax == KVMEXIT_SCOPE_WHOLE_HOST,
	      "flags, args[1] or a scope of 3 are refused with EINVAL (%s, %s, "
	      "%s) and A stays under host (scope %u)", strerror(err1),
	      strerror(err2), strerror(err3), r.eax);

	err1 = vm_limit_scope(&a->vm, SCOPE_VM, 0, 0);
	r = guest_scope_leaf(&a->vcpu[1]);
	CHECK(err1 == 0 && r.eax == KVMEXIT_SCOPE_THIS_VM && r.edx == 2,
	      "the capability narrows A to vm under exit_stats_guest=host (%s; "
	      "scope %u, vCPUs %u)", strerror(err1), r.eax, r.edx);
	fa = vm_stats(&a->vm);
	q = guest_reason_exits(&a->vcpu[0], rs->cpuid);
	CHECK_EQ_U64(q, row_count(&fa, rs->cpuid) + 1,
		     "narrowed A sees exactly its own CPUID exits again");
	kvmexit_stats_free(&fa);
	r = guest_scope_leaf(&b->vcpu[0]);
	CHECK(r.eax == KVMEXIT_SCOPE_WHOLE_HOST && r.edx == 4,
	      "B is not narrowed with A (scope %u, vCPUs %u)", r.eax, r.edx);

	err1 = vm_limit_scope(&a->vm, SCOPE_HOST, 0, 0);
	r = guest_scope_leaf(&a->vcpu[0]);
	CHECK(err1 == EINVAL && r.eax == KVMEXIT_SCOPE_THIS_VM,
	      "widening A back to host is refused with EINVAL (%s) and changes "
	      "nothing (scope %u)", strerror(err1), r.eax);
	err1 = vm_limit_scope(&a->vm, SCOPE_VM, 0, 0);
	CHECK(err1 == 0, "limiting A to vm again, its current limit, works (%s)",
	      strerror(err1));

	err1 = vm_limit_scope(&a->vm, SCOPE_OFF, 0, 0);
	fa = vm_stats(&a->vm);
	r = guest_cpuid(&a->vcpu[0], KVMEXIT_LEAF_SIGNATURE, 0);
	CHECK(err1 == 0 && !has_signature(r),
	      "the capability narrows A to off: no signature (%s; eax=0x%x "
	      "ebx=0x%x)", strerror(err1), r.eax, r.ebx);
	r = guest_cpuid(&a->vcpu[1], KVMEXIT_LEAF_TOTAL_EXITS, 0);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx,
	      "A off: 0x4FFFFFFF is stock KVM's empty answer (%x %x %x %x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	r = guest_scope_leaf(&a->vcpu[1]);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx,
	      "A off: 0x4FFFFFFA is stock KVM's empty answer (%x %x %x %x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	fa2 = vm_stats(&a->vm);
	CHECK_EQ_U64(row_count(&fa2, rs->cpuid) - row_count(&fa, rs->cpuid), 3,
		     "A's exits are still counted while its guest may not see them");
	kvmexit_stats_free(&fa);
	kvmexit_stats_free(&fa2);

	err1 = vm_limit_scope(&a->vm, SCOPE_VM, 0, 0);
	err4 = vm_limit_scope(&a->vm, SCOPE_HOST, 0, 0);
	r = guest_cpuid(&a->vcpu[0], KVMEXIT_LEAF_SIGNATURE, 0);
	CHECK(err1 == EINVAL && err4 == EINVAL && !has_signature(r),
	      "widening A from off to vm or host is refused with EINVAL (%s, %s) "
	      "and A stays off", strerror(err1), strerror(err4));
	r = guest_cpuid(&b->vcpu[1], KVMEXIT_LEAF_SIGNATURE, 0);
	CHECK(has_signature(r), "B still has the signature");
}

/* The module parameter: off hides the leaves from every VM. */
static void check_param(struct test_vm *tv)
{
	struct vcpu *b = &tv[1].vcpu[0];
	struct cpuid_regs r;
	char now[64];
	int err;

	CHECK(set_param(PARAM_GUEST, "off") == 0,
	      "exit_stats_guest=off is written and reads back as off");
	r = guest_cpuid(b, KVMEXIT_LEAF_SIGNATURE, 0);
	CHECK(!has_signature(r), "under off B has no signature (eax=0x%x ebx=0x%x)",
	      r.eax, r.ebx);
	r = guest_scope_leaf(b);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx,
	      "under off 0x4FFFFFFA is stock KVM's empty answer (%x %x %x %x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	CHECK(set_param(PARAM_GUEST, "vm") == 0 &&
	      has_signature(guest_cpuid(b, KVMEXIT_LEAF_SIGNATURE, 0)),
	      "exit_stats_guest=vm brings B's signature back");
	err = write_text(PARAM_GUEST, "everything");
	read_line(PARAM_GUEST, now, sizeof(now));
	CHECK(err == EINVAL && !strcmp(now, "vm"),
	      "exit_stats_guest=everything is refused with EINVAL (%s) and the "
	      "parameter stays vm (reads \"%s\")", strerror(err), now);
}

/* A VM whose VMM set CPUID entries in 0x4FFFFFFA..0x4FFFFFFF gets those. */
static void check_vmm_cpuid_wins(const struct reasons *rs)
{
	static const struct kvm_cpuid_entry2 own[] = {
		{ .function = KVMEXIT_LEAF_SIGNATURE, .eax = 0x11, .ebx = 0x22,
		  .ecx = 0x33, .edx = 0x44 },
	};
	struct cpuid_regs r, t, s;
	struct kvmexit_stats f;
	struct vcpu vcpu;
	struct vm vm;

	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	vcpu_set_cpuid(&vcpu, own, 1);
	set_param(PARAM_GUEST, "host");
	r = guest_cpuid(&vcpu, KVMEXIT_LEAF_SIGNATURE, 0);
	t = guest_cpuid(&vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	s = guest_scope_leaf(&vcpu);
	set_param(PARAM_GUEST, "vm");
	CHECK(r.eax == 0x11 && r.ebx == 0x22 && r.ecx == 0x33 && r.edx == 0x44,
	      "the VMM's own 0x4FFFFFFB entry wins over the signature (%x %x %x %x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	CHECK(!t.eax && !t.ebx && !t.ecx && !t.edx && !s.eax && !s.ebx && !s.ecx && !s.edx,
	      "with an entry in the range, 0x4FFFFFFF and 0x4FFFFFFA answer as "
	      "stock KVM from the VMM's table (%x %x, %x %x)", t.eax, t.ebx,
	      s.eax, s.edx);
	f = vcpu_stats(&vm, 0);
	CHECK_EQ_U64(row_count(&f, rs->cpuid), 3,
		     "that vCPU's 3 CPUID exits are still counted in its file");
	kvmexit_stats_free(&f);
	vm_destroy(&vm);
}

/* A goes; the host file and B's host scope keep A's exits. */
static void check_a_exits(struct test_vm *tv, const struct reasons *rs)
{
	struct vcpu *b = &tv[1].vcpu[0];
	struct kvmexit_stats with_a, without_a;
	const bool only_b[2] = { false, true };
	struct cpuid_regs r;
	uint64_t q1, q2;

	set_param(PARAM_GUEST, "host");
	q1 = guest_reason_exits(b, rs->cpuid);
	with_a = host_stats();
	vm_destroy(&tv[0].vm);
	without_a = host_stats();
	CHECK(stats_equal(&with_a, &without_a),
	      "the host file is unchanged after A is destroyed (total %llu -> %llu)",
	      (unsigned long long)with_a.total_count,
	      (unsigned long long)without_a.total_count);
	CHECK(tree_lists(tv, only_b), "A's directory is gone, B's is still listed");
	q2 = guest_reason_exits(b, rs->cpuid);
	CHECK_EQ_U64(q2, q1 + 1,
		     "B under host still counts A's CPUID exits after A is gone (+1 query)");
	r = guest_scope_leaf(b);
	CHECK(r.eax == KVMEXIT_SCOPE_WHOLE_HOST && r.edx == 2,
	      "B under host: 0x4FFFFFFA counts 2 live vCPUs now (scope %u, vCPUs %u)",
	      r.eax, r.edx);
	set_param(PARAM_GUEST, "vm");
	kvmexit_stats_free(&with_a);
	kvmexit_stats_free(&without_a);
}

void check_two_vms(const struct reasons *rs)
{
	struct test_vm tv[2] = { { .name = "A" }, { .name = "B" } };
	const bool both[2] = { true, true };
	struct kvmexit_stats host_before, fresh;
	bool empty = true;

	CHECK(set_param(PARAM_GUEST, "vm") == 0, "exit_stats_guest=vm for a start");
	for (int i = 0; i < 2; i++) {
		vm_create(&tv[i].vm);
		for (int j = 0; j < 2; j++)
			vcpu_create(&tv[i].vm, &tv[i].vcpu[j], j);
	}
	CHECK(tree_lists(tv, both), "lib/kvm_tree lists A and B with vCPUs 0 and 1");
	for (int i = 0; i < 4; i++) {
		fresh = i < 2 ? vm_stats(&tv[i].vm) : vcpu_stats(&tv[i - 2].vm, 0);
		empty &= fresh.nrows == 0 && fresh.total_count == 0 &&
			 fresh.total_cycles == 0;
		kvmexit_stats_free(&fresh);
	}
	CHECK(empty, "files of new VMs and vCPUs have no rows and total 0 0");

	host_before = host_stats();
	run_all(tv);
	check_files(tv, rs, &host_before);
	kvmexit_stats_free(&host_before);

	check_vm_scope(tv, rs);
	check_host_scope(tv, rs);
	check_capability(tv, rs);
	set_param(PARAM_GUEST, "vm");
	check_param(tv);
	check_a_exits(tv, rs);
	vm_destroy(&tv[1].vm);
	check_vmm_cpuid_wins(rs);
}
