// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's VMs.  The control VM lives through a whole phase, capped to
 * scope vm (KVM_ENABLE_CAP), its two vCPUs running batches of known
 * programs; its guest asks for its VM's CPUID count between batches, and
 * the answer must be 0 (parameter off) or lie exactly between what the two
 * vCPUs had finished and started.  Churn threads create VMs of 1-4 vCPUs
 * with a random cap, run random known workloads on every vCPU at once, ask
 * the leaves in the VM's scope, check the VM's and the vCPUs' files hold
 * exactly those exits, and destroy the VM.
 */
#include "soak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONTROL_CPUIDS0	200	/* vCPU 0's batch: CPUIDs, then port writes */
#define CONTROL_OUTS0	20
#define CONTROL_CPUIDS1	300	/* vCPU 1's batch */
#define CONTROL_OUTS1	10

/* ---- the control VM ---- */

/* vCPU 0's question: the VM's CPUID count, with the scope leaf. */
static void control_ask(struct control_vm *c)
{
	struct vcpu *v = &c->vcpus[0];
	unsigned int seq0 = atomic_load(&soak.guest_seq), seq1;
	unsigned int cseq0 = atomic_load(&soak.cycles_seq);
	bool cycles_on = atomic_load(&soak.cycles_on);
	int param = atomic_load(&soak.guest_scope);
	unsigned long done1 = atomic_load(&c->cpuid_done1), started1;
	struct cpuid_regs s = guest_scope_leaf(v);
	uint64_t count = guest_reason_exits(v, soak.rs.cpuid);
	uint64_t lo, hi;
	bool stable, ok;

	started1 = atomic_load(&c->cpuid_started1);
	seq1 = atomic_load(&soak.guest_seq);
	stable = seq0 == seq1 && !(seq0 & 1);
	/* The VM's sum includes vCPU 1's CPUIDs: those done, at most those begun. */
	lo = v->nr_cpuid + done1;
	hi = v->nr_cpuid + started1;
	if (stable && param == SCOPE_OFF) {
		ok = !s.eax && !s.ebx && !s.ecx && !s.edx && count == 0;
		atomic_fetch_add(&soak.control_scopes[0], 1);
	} else if (stable) {
		/* Capped to vm: a host parameter does not widen it. */
		ok = s.eax == SCOPE_VM && s.edx == 2 && count >= lo && count <= hi;
		if (cseq0 == atomic_load(&soak.cycles_seq) && !(cseq0 & 1))
			ok &= (s.ecx & KVMEXIT_SCOPE_CYCLES_MEASURED) == cycles_on;
		atomic_fetch_add(&soak.control_scopes[1], 1);
	} else {
		/* The parameter changed between the two questions: each alone. */
		ok = (s.eax == SCOPE_OFF || s.eax == SCOPE_VM) &&
		     (count == 0 || (count >= lo && count <= hi));
	}
	if (ok)
		tally_pass(T_CONTROL_LEAVES);
	else
		tally_fail(T_CONTROL_LEAVES, "control guest, exit_stats_guest %s%s: "
			   "scope leaf %u %u %u %u, CPUID count %llu, expected %s[%llu, %llu]",
			   param == SCOPE_OFF ? "off" : param == SCOPE_VM ? "vm" : "host",
			   stable ? "" : " (changing)", s.eax, s.ebx, s.ecx, s.edx,
			   (unsigned long long)count, stable && param == SCOPE_OFF ? "0, not " : "",
			   (unsigned long long)lo, (unsigned long long)hi);
}

static void *control_vcpu0(void *arg)
{
	struct control_vm *c = arg;

	while (!soak_stopping()) {
		guest_loop(&c->vcpus[0], guest_cpuid_loop, CONTROL_CPUIDS0);
		guest_loop(&c->vcpus[0], guest_out_loop, CONTROL_OUTS0);
		control_ask(c);
	}
	return NULL;
}

static void *control_vcpu1(void *arg)
{
	struct control_vm *c = arg;

	while (!soak_stopping()) {
		atomic_fetch_add(&c->cpuid_started1, CONTROL_CPUIDS1);
		guest_loop(&c->vcpus[1], guest_cpuid_loop, CONTROL_CPUIDS1);
		atomic_store(&c->cpuid_done1, atomic_load(&c->cpuid_started1));
		guest_loop(&c->vcpus[1], guest_out_loop, CONTROL_OUTS1);
	}
	return NULL;
}

void control_start(struct control_vm *c)
{
	int err;

	vm_create(&c->vm);
	err = vm_limit_scope(&c->vm, SCOPE_VM, 0, 0);
	if (err)
		tally_fail(T_CONTROL_LEAVES, "KVM_ENABLE_CAP(KVM_CAP_X86_EXIT_STATS, vm) "
			   "on the control VM: %s", strerror(err));
	vcpu_create(&c->vm, &c->vcpus[0], 0);
	vcpu_create(&c->vm, &c->vcpus[1], 1);
	atomic_store(&soak.control_vm_fd, c->vm.vm_fd);
	atomic_store(&soak.control_vcpu_fd, c->vcpus[0].fd);
	atomic_store(&c->cpuid_started1, 0);
	atomic_store(&c->cpuid_done1, 0);
	if (pthread_create(&c->threads[0], NULL, control_vcpu0, c) ||
	    pthread_create(&c->threads[1], NULL, control_vcpu1, c))
		die("pthread_create");
}

void control_join(struct control_vm *c)
{
	pthread_join(c->threads[0], NULL);
	pthread_join(c->threads[1], NULL);
}

/* ---- churn VMs ---- */

#define CHURN_MAX_VCPUS 4

struct churn_vcpu {
	struct vcpu vcpu;
	uint32_t cpuid, out, hlt, mmio;
	pthread_t thread;
};

static void *churn_vcpu_run(void *arg)
{
	struct churn_vcpu *c = arg;

	guest_loop(&c->vcpu, guest_cpuid_loop, c->cpuid);
	if (c->out)
		guest_loop(&c->vcpu, guest_out_loop, c->out);
	if (c->hlt)
		guest_loop(&c->vcpu, guest_hlt_loop, c->hlt);
	if (c->mmio)
		guest_loop(&c->vcpu, guest_mmio_loop, c->mmio);
	return NULL;
}

/*
 * vCPU 0 asks, once every vCPU has stopped: the answers are exact in scope
 * vm, zero in scope off, and at least the VM's own in scope host when no
 * reset came since the VM was created.  Answers while the parameter was
 * changing are not judged.
 */
static void churn_ask(struct vcpu *v, const struct churn_vcpu *vcpus, int nv,
		      int cap, unsigned int reset_seq0)
{
	unsigned int seq0 = atomic_load(&soak.guest_seq), seq1;
	int param = atomic_load(&soak.guest_scope);
	struct cpuid_regs s = guest_scope_leaf(v);
	uint64_t count = guest_reason_exits(v, soak.rs.cpuid), sum = 0;
	int eff = param < cap ? param : cap;
	unsigned int reset_seq1 = atomic_load(&soak.reset_seq);
	bool ok;

	seq1 = atomic_load(&soak.guest_seq);
	if (seq0 != seq1 || (seq0 & 1))
		return;
	for (int i = 0; i < nv; i++)
		sum += vcpus[i].vcpu.nr_cpuid;
	if (eff == SCOPE_OFF)
		ok = !s.eax && !s.ebx && !s.ecx && !s.edx && count == 0;
	else if (eff == SCOPE_VM)
		ok = s.eax == SCOPE_VM && s.edx == (uint32_t)nv && count == sum;
	else
		ok = s.eax == SCOPE_HOST && s.edx >= (uint32_t)nv &&
		     (reset_seq0 != reset_seq1 || (reset_seq0 & 1) || count >= sum);
	atomic_fetch_add(&soak.churn_scopes[eff], 1);
	if (ok)
		tally_pass(T_CHURN_LEAVES);
	else
		tally_fail(T_CHURN_LEAVES, "churn guest of %d vCPUs, cap %d, parameter "
			   "%d: scope leaf %u %u %u %u, CPUID count %llu, VM's %llu",
			   nv, cap, param, s.eax, s.ebx, s.ecx, s.edx,
			   (unsigned long long)count, (unsigned long long)sum);
}

static bool read_stats(const char *path, struct kvmexit_stats *stats)
{
	struct kvmexit_stats_error error;

	if (kvmexit_stats_read(path, stats, &error)) {
		tally_fail(T_CHURN_FILES, "%s: %s", path, error.message);
		return false;
	}
	return true;
}

/* The exits a vCPU's programs made that the VMM knows exactly. */
static bool exact_rows(const struct kvmexit_stats *st, uint64_t cpuid,
		       uint64_t io, uint64_t hlt, uint64_t mmio, char *why,
		       size_t why_size)
{
	uint64_t got_mmio = 0;

	for (size_t i = 0; i < soak.rs.nr_mmio; i++)
		got_mmio += row_count(st, soak.rs.mmio[i]);
	snprintf(why, why_size, "CPUID %llu/%llu, IO %llu/%llu, HLT %llu/%llu, "
		 "MMIO %llu/>=%llu (file/expected)",
		 (unsigned long long)row_count(st, soak.rs.cpuid), (unsigned long long)cpuid,
		 (unsigned long long)row_count(st, soak.rs.io), (unsigned long long)io,
		 (unsigned long long)row_count(st, soak.rs.hlt), (unsigned long long)hlt,
		 (unsigned long long)got_mmio, (unsigned long long)mmio);
	/* MMIO writes: the first touch of a page may fault too. */
	return row_count(st, soak.rs.cpuid) == cpuid && row_count(st, soak.rs.io) == io &&
	       row_count(st, soak.rs.hlt) == hlt && got_mmio >= mmio && st->rows_add_up;
}

static bool same_cycles_flag(const struct kvmexit_stats *vmfile,
			     const struct kvmexit_stats *files, int n)
{
	for (int i = 0; i < n; i++)
		if (files[i].cycles_measured != vmfile->cycles_measured)
			return false;
	return true;
}

/* Compare counts only: as if every file said cycles=off. */
static void zero_cycles(struct kvmexit_stats *vmfile, struct kvmexit_stats *files,
			int n)
{
	for (int i = -1; i < n; i++) {
		struct kvmexit_stats *st = i < 0 ? vmfile : &files[i];

		for (size_t r = 0; r < st->nrows; r++)
			st->rows[r].cycles = 0;
		st->total_cycles = 0;
	}
}

/* The files of an idle churn VM: each vCPU's exact, the VM's their sum. */
static void churn_check_files(struct vm *vm, struct churn_vcpu *vcpus, int nv)
{
	struct kvmexit_stats files[CHURN_MAX_VCPUS], vmfile, none;
	struct kvmexit_vm entry = vm_tree_entry(vm);
	uint64_t cpuid = 0, io = 0, hlt = 0, mmio = 0;
	char path[192], why[256];
	bool ok = true;
	int nread = 0;

	/*
	 * KVM names a VM's directory after the thread that created it
	 * (task_pid_nr(current) in kvm_create_vm_debugfs()): here a churn
	 * thread, not the process.
	 */
	entry.pid = gettid();
	snprintf(entry.dir, sizeof(entry.dir), "%d-%d", (int)entry.pid, vm->vm_fd);
	kvmexit_stats_init(&vmfile);
	kvmexit_stats_init(&none);
	for (int i = 0; i < nv; i++)
		kvmexit_stats_init(&files[i]);
	for (int i = 0; i < nv; i++, nread++) {
		struct vcpu *v = &vcpus[i].vcpu;

		kvmexit_tree_vcpu_path(KVMEXIT_DEBUGFS_ROOT, &entry, (unsigned int)v->id,
				       path, sizeof(path));
		if (!read_stats(path, &files[i]))
			goto out;
		if (!exact_rows(&files[i], v->nr_cpuid, vcpu_io_exits(v), v->nr_hlt,
				v->nr_mmio, why, sizeof(why))) {
			tally_fail(T_CHURN_FILES, "%s: %s", path, why);
			ok = false;
		}
		cpuid += v->nr_cpuid;
		io += vcpu_io_exits(v);
		hlt += v->nr_hlt;
		mmio += v->nr_mmio;
	}
	kvmexit_tree_vm_path(KVMEXIT_DEBUGFS_ROOT, &entry, path, sizeof(path));
	if (!read_stats(path, &vmfile))
		goto out;
	if (!exact_rows(&vmfile, cpuid, io, hlt, mmio, why, sizeof(why))) {
		tally_fail(T_CHURN_FILES, "%s: %s", path, why);
		ok = false;
	}
	/*
	 * Nothing runs: the VM's file is exactly the sum of its vCPUs'; the
	 * cycles too unless exit_stats_cycles changed between the reads.
	 */
	if (!same_cycles_flag(&vmfile, files, nv))
		zero_cycles(&vmfile, files, nv);
	if (!stats_delta_is_sum(&none, &vmfile, files, (size_t)nv, why, sizeof(why))) {
		tally_fail(T_CHURN_FILES, "%s is not the sum of its vCPUs' files: %s",
			   path, why);
		ok = false;
	}
	if (ok)
		tally_pass(T_CHURN_FILES);
out:
	for (int i = 0; i < nread; i++)
		kvmexit_stats_free(&files[i]);
	kvmexit_stats_free(&vmfile);
}

static void churn_one(unsigned int *rnd)
{
	struct churn_vcpu vcpus[CHURN_MAX_VCPUS];
	int nv = 1 + (int)soak_rand(rnd, CHURN_MAX_VCPUS);
	/* 0-2: KVM_ENABLE_CAP with that scope; 3: none, the default host. */
	int cap = (int)soak_rand(rnd, 4);
	unsigned int reset_seq0 = atomic_load(&soak.reset_seq);
	struct vm vm;
	int err;

	vm_create(&vm);
	if (cap < SCOPE_HOST + 1 && (err = vm_limit_scope(&vm, (uint64_t)cap, 0, 0)))
		tally_fail(T_CHURN_LEAVES, "KVM_ENABLE_CAP(KVM_CAP_X86_EXIT_STATS, %d): %s",
			   cap, strerror(err));
	if (cap > SCOPE_HOST)
		cap = SCOPE_HOST;
	for (int i = 0; i < nv; i++) {
		vcpu_create(&vm, &vcpus[i].vcpu, i);
		vcpus[i].cpuid = 50 + soak_rand(rnd, 300);
		vcpus[i].out = soak_rand(rnd, 40);
		vcpus[i].hlt = soak_rand(rnd, 4);
		vcpus[i].mmio = soak_rand(rnd, 10);
	}
	for (int i = 0; i < nv; i++)
		if (pthread_create(&vcpus[i].thread, NULL, churn_vcpu_run, &vcpus[i]))
			die("pthread_create");
	for (int i = 0; i < nv; i++)
		pthread_join(vcpus[i].thread, NULL);
	churn_ask(&vcpus[0].vcpu, vcpus, nv, cap, reset_seq0);
	churn_check_files(&vm, vcpus, nv);
	vm_destroy(&vm);
	atomic_fetch_add(&soak.churn_vms, 1);
	atomic_fetch_add(&soak.churn_vcpus, (unsigned long)nv);
}

void *churn_thread(void *arg)
{
	unsigned int rnd = 0x9e3779b9u ^ (unsigned int)(uintptr_t)arg;

	while (!soak_stopping())
		churn_one(&rnd);
	return NULL;
}
