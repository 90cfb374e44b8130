// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmm_exits: a small VMM that runs real-mode guests whose exits are known
 * exactly, and checks the patched KVM's exit statistics (ABI v2) against
 * them, from the guest (the CPUID leaves of docs/abi.md) and from the host
 * (the host, per-VM and per-vCPU debugfs files).  It runs as root inside a
 * freshly booted emulated lab host (lab/run), on SVM or VMX.
 *
 * Usage: vmm_exits            check the patched modules
 *        vmm_exits --stock    check that stock modules show no statistics
 *        vmm_exits --hold     keep one VM open until killed (for tests of
 *                             what must not happen while VMs run)
 *
 * Layout, as in KVM's selftests: the guest programs (guest_code.S), the
 * host's run loop with a loud default (vmm.c), the two views (views.c),
 * then the checks: of one VM here, of two VMs at once (two_vms.c), of the
 * binary stats fds (stats_fd.c), of runs without exits (no_exit.c), of
 * kvm.exit_stats_cycles=N (cycles_off.c), of resets under load
 * (reset_load.c), of host-scope queries while VMs come and go (churn.c);
 * main() at the end.
 */
#define HARNESS_MAIN
#include "lab_checks.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TRACEFS		"/sys/kernel/tracing"

/* ---- checks ---- */

static void check_signature(struct vcpu *vcpu)
{
	struct cpuid_regs r = guest_cpuid(vcpu, KVMEXIT_LEAF_SIGNATURE, 0);

	CHECK(has_signature(r),
	      "signature leaf: eax=%u ebx=0x%08x ecx=0x%08x edx=0x%08x "
	      "(expected 2 \"KvmExitStats\")", r.eax, r.ebx, r.ecx, r.edx);
	/* ECX on input must not matter. */
	r = guest_cpuid(vcpu, KVMEXIT_LEAF_SIGNATURE, 0x12345678);
	CHECK(has_signature(r), "signature leaf ignores ECX on input");
}

static void check_totals_registers(struct vcpu *vcpu)
{
	struct cpuid_regs a = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	struct cpuid_regs b = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	struct cpuid_regs c = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_CYCLES, 0);
	uint64_t exits_a = kvmexit_u64(a.ebx, a.eax);
	uint64_t exits_b = kvmexit_u64(b.ebx, b.eax);

	CHECK(a.ecx == 0 && a.edx == 0,
	      "0x4FFFFFFF leaves ECX, EDX zero over garbage (ecx=0x%x edx=0x%x)",
	      a.ecx, a.edx);
	/* Between the two: a's report OUT and b's CPUID, plus any interrupt. */
	CHECK(exits_b >= exits_a + 2 && exits_b <= exits_a + 10,
	      "total exits advance by the 2 exits between two queries "
	      "(%llu -> %llu)", (unsigned long long)exits_a,
	      (unsigned long long)exits_b);
	CHECK(c.eax == 0 && c.edx == 0,
	      "0x4FFFFFFE leaves EAX, EDX zero over garbage (eax=0x%x edx=0x%x)",
	      c.eax, c.edx);
	CHECK(kvmexit_u64(c.ebx, c.ecx) > 0, "total cycles are non-zero (%llu)",
	      (unsigned long long)kvmexit_u64(c.ebx, c.ecx));
}

static void check_reason_registers(struct vcpu *vcpu, const struct reasons *rs)
{
	struct cpuid_regs e = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_EXITS, rs->cpuid);
	struct cpuid_regs c = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_CYCLES, rs->cpuid);

	CHECK(e.ecx == 0 && e.edx == 0 && e.eax > 0,
	      "0x4FFFFFFD(CPUID): eax=%u (>0), ecx=0x%x edx=0x%x zero",
	      e.eax, e.ecx, e.edx);
	CHECK(c.eax == 0 && c.edx == 0 && kvmexit_u64(c.ebx, c.ecx) > 0,
	      "0x4FFFFFFC(CPUID): eax=0x%x edx=0x%x zero, cycles %llu > 0",
	      c.eax, c.edx, (unsigned long long)kvmexit_u64(c.ebx, c.ecx));
}

/*
 * Every reason's answer follows its class in lib/exit_reasons, which is what
 * docs/abi.md says: undefined -> EDX=0xFFFFFFFF, not handled -> all zero.
 */
static void check_classes(struct vcpu *vcpu, enum kvmexit_vendor vendor,
			  uint32_t last)
{
	static const uint32_t extra[] = { 0x400, 0x401, 0x402, 0x403, 0x404,
					  0xffff, 0x10000, 0x80000000u,
					  0x80000001u, 0xfffffffeu, 0xffffffffu };
	unsigned long wrong_undefined = 0, wrong_unhandled = 0, checked = 0;
	uint32_t first_wrong = 0;
	bool any_wrong = false;

	for (size_t i = 0; i <= last + sizeof(extra) / sizeof(extra[0]); i++) {
		uint32_t reason = i <= last ? (uint32_t)i : extra[i - last - 1];
		enum kvmexit_reason_class cls = kvmexit_reason_classify(vendor, reason);
		struct cpuid_regs e, c;
		bool ok;

		if (cls == KVMEXIT_REASON_HANDLED)
			continue;
		e = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_EXITS, reason);
		c = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_CYCLES, reason);
		checked++;
		if (cls == KVMEXIT_REASON_UNDEFINED) {
			ok = !e.eax && !e.ebx && !e.ecx && e.edx == KVMEXIT_UNDEFINED_EDX &&
			     !c.eax && !c.ebx && !c.ecx && c.edx == KVMEXIT_UNDEFINED_EDX;
			wrong_undefined += !ok;
		} else {
			ok = !e.eax && !e.ebx && !e.ecx && !e.edx &&
			     !c.eax && !c.ebx && !c.ecx && !c.edx;
			wrong_unhandled += !ok;
		}
		if (!ok && !any_wrong) {
			any_wrong = true;
			first_wrong = reason;
		}
	}
	CHECK(!wrong_undefined,
	      "%s: undefined reasons answer EDX=0xFFFFFFFF, rest 0 (%lu wrong, "
	      "first 0x%x)", kvmexit_vendor_name(vendor), wrong_undefined, first_wrong);
	CHECK(!wrong_unhandled,
	      "%s: defined but unhandled reasons answer all zero (%lu wrong, "
	      "first 0x%x); %lu reasons checked", kvmexit_vendor_name(vendor),
	      wrong_unhandled, first_wrong, checked);
}

static void check_exact_counts(struct vm *vm, struct vcpu *vcpu,
			       const struct reasons *rs)
{
	const uint32_t n_cpuid = 5000, n_out = 1000, n_hlt = 100;
	struct kvmexit_stats before, after, vmf;
	uint64_t g0, g1, cyc0, cyc1;

	/* CPUID: the guest's own view, both queries included. */
	g0 = guest_reason_exits(vcpu, rs->cpuid);
	guest_loop(vcpu, guest_cpuid_loop, n_cpuid);
	g1 = guest_reason_exits(vcpu, rs->cpuid);
	CHECK_EQ_U64(g1 - g0, n_cpuid + 1,
		     "guest sees exactly 5000 CPUID exits (+1 for its query)");

	/* The VM's file holds exactly what the guest last saw. */
	vmf = vm_stats(vm);
	CHECK_EQ_U64(row_count(&vmf, rs->cpuid), g1,
		     "VM file's CPUID count equals the guest's last answer");
	kvmexit_stats_free(&vmf);
	before = host_stats();
	cyc0 = guest_reason_cycles(vcpu, rs->cpuid);
	guest_loop(vcpu, guest_cpuid_loop, n_cpuid);
	cyc1 = guest_reason_cycles(vcpu, rs->cpuid);
	after = host_stats();
	CHECK_EQ_U64(row_count(&after, rs->cpuid) - row_count(&before, rs->cpuid),
		     n_cpuid + 2, "host file CPUID delta is exactly 5000 + 2 queries");
	CHECK(cyc1 > cyc0 && row_cycles(&after, rs->cpuid) >= cyc1,
	      "CPUID cycles grow (%llu -> %llu) and the host file has at least "
	      "the guest's (%llu)", (unsigned long long)cyc0, (unsigned long long)cyc1,
	      (unsigned long long)row_cycles(&after, rs->cpuid));
	CHECK(after.rows_add_up && before.rows_add_up,
	      "host file rows add up to the total row while no vCPU runs");
	CHECK(after.total_count >= row_count(&after, rs->cpuid) &&
	      after.total_cycles >= row_cycles(&after, rs->cpuid),
	      "total row covers the CPUID row");
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);

	/* Port writes: 1000 count-port OUTs and the report OUT. */
	before = host_stats();
	guest_loop(vcpu, guest_out_loop, n_out);
	after = host_stats();
	vmf = vm_stats(vm);
	CHECK_EQ_U64(row_count(&after, rs->io) - row_count(&before, rs->io),
		     n_out + 1, "host file I/O delta is exactly 1000 + 1 report");
	g0 = guest_reason_exits(vcpu, rs->io);
	/* The query's own report OUT comes after its answer. */
	CHECK_EQ_U64(g0, row_count(&vmf, rs->io),
		     "guest I/O count equals its VM file's");
	kvmexit_stats_free(&vmf);
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);

	/* HLT: each one exits to userspace, since there is no in-kernel APIC. */
	before = host_stats();
	vcpu->nr_hlt = 0;
	guest_loop(vcpu, guest_hlt_loop, n_hlt);
	after = host_stats();
	vmf = vm_stats(vm);
	CHECK_EQ_U64(vcpu->nr_hlt, n_hlt, "the VMM saw 100 HLT exits");
	CHECK_EQ_U64(row_count(&after, rs->hlt) - row_count(&before, rs->hlt),
		     n_hlt, "host file HLT delta is exactly 100");
	CHECK_EQ_U64(guest_reason_exits(vcpu, rs->hlt), row_count(&vmf, rs->hlt),
		     "guest HLT count equals its VM file's");
	kvmexit_stats_free(&vmf);
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);
}

/*
 * MMIO writes exit with a reason the vendor numbers above its others on SVM
 * (NPF, 0x400), whose slot KVM looks up rather than computes: exact counts
 * there too.  On VMX the first write is an EPT violation, the rest EPT
 * misconfigurations, once KVM has marked the page as MMIO.
 */
static void check_mmio_counts(struct vm *vm, struct vcpu *vcpu,
			      const struct reasons *rs)
{
	const uint32_t n_mmio = 500;
	struct kvmexit_stats before, after, vmf;
	uint64_t delta = 0, host = 0, guest = 0;

	before = host_stats();
	vcpu->nr_mmio = 0;
	guest_loop(vcpu, guest_mmio_loop, n_mmio);
	after = host_stats();
	vmf = vm_stats(vm);
	for (size_t i = 0; i < rs->nr_mmio; i++) {
		host += row_count(&vmf, rs->mmio[i]);
		delta += row_count(&after, rs->mmio[i]) - row_count(&before, rs->mmio[i]);
		guest += guest_reason_exits(vcpu, rs->mmio[i]);
	}
	CHECK_EQ_U64(vcpu->nr_mmio, n_mmio, "the VMM saw 500 MMIO write exits");
	CHECK(delta == n_mmio, "host file MMIO delta (%s) is exactly 500: got %llu",
	      rs->vendor == KVMEXIT_VENDOR_SVM ? "NPF" : "EPT violation + misconfig",
	      (unsigned long long)delta);
	CHECK(after.rows_add_up, "host file rows add up to the total row after them");
	CHECK_EQ_U64(guest, host, "guest MMIO count equals its VM file's");
	kvmexit_stats_free(&vmf);
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);
}

/* Totals: the guest's answer counts itself; its VM file adds the report. */
static void check_guest_host_totals(struct vm *vm, struct vcpu *vcpu)
{
	struct cpuid_regs t = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	struct cpuid_regs c = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_CYCLES, 0);
	struct kvmexit_stats after = vm_stats(vm);
	uint64_t guest_total = kvmexit_u64(t.ebx, t.eax);

	CHECK(after.total_count >= guest_total + 3 &&
	      after.total_count <= guest_total + 10,
	      "VM file total (%llu) = guest total (%llu) + the 3 exits since, "
	      "give or take interrupts", (unsigned long long)after.total_count,
	      (unsigned long long)guest_total);
	CHECK(after.total_cycles >= kvmexit_u64(c.ebx, c.ecx),
	      "VM file total cycles >= the guest's answer");
	kvmexit_stats_free(&after);
}

struct loop_thread {
	struct vcpu vcpu;
	int cpu;
	uint32_t n;
	int pinned;
};

static void *loop_thread_fn(void *arg)
{
	struct loop_thread *t = arg;

	t->pinned = pin_to_cpu(t->cpu);
	guest_loop(&t->vcpu, guest_cpuid_loop, t->n);
	return NULL;
}

/*
 * One vCPU of one VM per host CPU (up to MAX_LOOP_VCPUS), each pinned to
 * its own CPU, all at the same time: the host's file and a guest of the
 * same VM sum every vCPU's exits, whichever CPU each ran on.
 */
#define MAX_LOOP_VCPUS 8
#define VCPU_PER_CPU_CHECKS 5

static void check_vcpu_per_cpu(struct vm *vm, struct vcpu *asker,
			       const struct reasons *rs)
{
	struct loop_thread threads[MAX_LOOP_VCPUS];
	struct kvmexit_stats before, after;
	pthread_t tid[MAX_LOOP_VCPUS];
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int n = online < MAX_LOOP_VCPUS ? (int)online : MAX_LOOP_VCPUS;
	uint64_t expected = 0;
	int all_pinned = 1;
	uint64_t g0, g1;
	char what[128];

	if (n < 2) {
		for (int i = 0; i < VCPU_PER_CPU_CHECKS; i++)
			SKIP("a vCPU per host CPU", "only one host CPU");
		return;
	}
	for (int i = 0; i < n; i++) {
		vcpu_create(vm, &threads[i].vcpu, 1 + i);
		threads[i].cpu = i;
		/* A different count on each CPU, so that a CPU summed twice
		 * in place of another changes the total. */
		threads[i].n = 2000 * (i + 1);
		expected += threads[i].n;
	}
	g0 = guest_reason_exits(asker, rs->cpuid);
	before = host_stats();
	for (int i = 0; i < n; i++)
		if (pthread_create(&tid[i], NULL, loop_thread_fn, &threads[i]))
			die("pthread_create");
	for (int i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	after = host_stats();
	g1 = guest_reason_exits(asker, rs->cpuid);
	for (int i = 0; i < n; i++)
		all_pinned &= threads[i].pinned;
	CHECK(all_pinned, "the %d vCPU threads ran pinned to host CPUs 0-%d",
	      n, n - 1);
	snprintf(what, sizeof(what),
		 "%d vCPUs at once: host file CPUID delta is exactly 2000 x (1 + ... + %d)",
		 n, n);
	CHECK_EQ_U64(row_count(&after, rs->cpuid) - row_count(&before, rs->cpuid),
		     expected, what);
	snprintf(what, sizeof(what),
		 "a guest sees the %d CPUs' CPUID exits exactly (+1 for its query)",
		 n);
	CHECK_EQ_U64(g1 - g0, expected + 1, what);
	CHECK(after.rows_add_up, "rows add up after the %d vCPUs stopped", n);
	/*
	 * Thousands of exits take seconds in QEMU: host timer interrupts hit the
	 * guest.  Bochs 2.7 turns no host interrupt into a VM exit at all
	 * (a vCPU spinning 600M guest instructions while the host took
	 * thousands of local timer interrupts: none in
	 * kvm:kvm_exit either), so on VMX a zero delta is the emulator's.
	 */
	if (rs->vendor == KVMEXIT_VENDOR_VMX &&
	    row_count(&after, rs->intr) == row_count(&before, rs->intr))
		SKIP("external-interrupt exits are counted too", "none taken: "
		     "Bochs 2.7 takes no EXTERNAL_INTERRUPT exit (see kvm:kvm_exit)");
	else
		CHECK(row_count(&after, rs->intr) > row_count(&before, rs->intr),
		      "external-interrupt exits are counted too (%llu -> %llu)",
		      (unsigned long long)row_count(&before, rs->intr),
		      (unsigned long long)row_count(&after, rs->intr));
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);
}

/*
 * After the VM is gone its counts are still in the host file; a new VM's
 * guest, under the default scope vm, sees its own exits only.
 */
static void check_survives_vm(struct vm *vm, struct vcpu *vcpu,
			      const struct reasons *rs)
{
	struct kvmexit_stats with_vm = host_stats(), without_vm;
	struct vcpu fresh;

	vm_destroy(vm);
	without_vm = host_stats();
	CHECK(stats_equal(&with_vm, &without_vm),
	      "counts are unchanged after the VM is destroyed (total %llu -> %llu)",
	      (unsigned long long)with_vm.total_count,
	      (unsigned long long)without_vm.total_count);

	vm_create(vm);
	vcpu_create(vm, &fresh, 0);
	CHECK_EQ_U64(guest_reason_exits(&fresh, rs->cpuid), 1,
		     "a new VM's guest sees its own query only, none of the old VM's");
	*vcpu = fresh;
	kvmexit_stats_free(&with_vm);
	kvmexit_stats_free(&without_vm);
}

/*
 * Writing "0" resets the host file's view only: the VM's file and the
 * guest's leaves keep counting from the VM's start.
 */
static void check_reset(struct vm *vm, struct vcpu *vcpu)
{
	static const struct { const char *text; size_t len; } refused[] = {
		{ "1", 1 }, { "00", 2 }, { "0 ", 2 }, { "0\n\n", 3 },
		{ "abc", 3 }, { " 0", 2 }, { "-0", 2 }, { "0\0", 2 },
	};
	struct kvmexit_stats before = host_stats(), after;
	struct kvmexit_stats vm_before = vm_stats(vm), vm_after;
	struct cpuid_regs t;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int err = write_file(KVMEXIT_DEBUGFS_PATH, refused[i].text,
				     refused[i].len);
		char shown[16] = "";

		for (size_t j = 0; j < refused[i].len; j++)
			snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown),
				 refused[i].text[j] == '\n' ? "\\n" :
				 refused[i].text[j] ? "%c" : "\\0", refused[i].text[j]);
		after = host_stats();
		CHECK(err == EINVAL && stats_equal(&before, &after),
		      "write of \"%s\" is refused with EINVAL (%s) and changes "
		      "nothing", shown, strerror(err));
		kvmexit_stats_free(&after);
	}
	CHECK(before.total_count > 0, "counts are non-zero before the reset");

	CHECK(write_file(KVMEXIT_DEBUGFS_PATH, "0\n", 2) == 0, "writing \"0\\n\" works");
	after = host_stats();
	CHECK(after.nrows == 0 && after.total_count == 0 && after.total_cycles == 0,
	      "after reset: no rows, total 0 0 (got %zu rows, total %llu %llu)",
	      after.nrows, (unsigned long long)after.total_count,
	      (unsigned long long)after.total_cycles);
	kvmexit_stats_free(&after);

	vm_after = vm_stats(vm);
	CHECK(stats_equal(&vm_before, &vm_after),
	      "the VM's file is not reset (total %llu -> %llu)",
	      (unsigned long long)vm_before.total_count,
	      (unsigned long long)vm_after.total_count);
	t = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	CHECK(kvmexit_u64(t.ebx, t.eax) >= vm_before.total_count + 1 &&
	      kvmexit_u64(t.ebx, t.eax) <= vm_before.total_count + 5,
	      "the guest's total is not reset: %llu, the VM file's %llu + its query",
	      (unsigned long long)kvmexit_u64(t.ebx, t.eax),
	      (unsigned long long)vm_before.total_count);
	kvmexit_stats_free(&vm_before);
	kvmexit_stats_free(&vm_after);

	CHECK(write_file(KVMEXIT_DEBUGFS_PATH, "0", 1) == 0, "writing \"0\" works");
	after = host_stats();
	CHECK(after.total_count == 0, "after the second reset the total is 0");
	kvmexit_stats_free(&after);
	kvmexit_stats_free(&before);
}

/* ---- the fastpath: exits KVM completes without its exit handler ---- */

static void mount_tracefs(void)
{
	if (access(TRACEFS "/kprobe_events", F_OK))
		mount("tracefs", TRACEFS, "tracefs", 0, NULL);
}

/* Hits of a kprobe event, from kprobe_profile ("name hits misses"). */
static long kprobe_hits(const char *event)
{
	FILE *f = fopen(TRACEFS "/kprobe_profile", "r");
	char name[128];
	long hits = -1, nhit, nmiss;

	if (!f)
		return -1;
	while (fscanf(f, "%127s %ld %ld", name, &nhit, &nmiss) == 3)
		if (!strcmp(name, event))
			hits = nhit;
	fclose(f);
	return hits;
}

/* SVM's fastpath needs the next RIP from the CPU (svm_exit_handlers_fastpath). */
static bool svm_fastpath_possible(const struct reasons *rs)
{
	FILE *f;
	int nrips = 1;

	if (rs->vendor != KVMEXIT_VENDOR_SVM)
		return true;
	f = fopen("/sys/module/kvm_amd/parameters/nrips", "r");
	if (f) {
		if (fscanf(f, "%d", &nrips) != 1)
			nrips = 1;
		fclose(f);
	}
	return nrips != 0;
}

/*
 * x2APIC ICR writes are completed in KVM's fastpath (handle_fastpath_set_
 * msr_irqoff() returns EXIT_FASTPATH_REENTER_GUEST), so handle_exit() never
 * sees them.  kprobes on the fastpath function and on kvm_emulate_wrmsr(),
 * the slow path's WRMSR handler, show which path each write took; the
 * statistics must count all of them exactly.
 */
static void check_fastpath(const struct reasons *rs)
{
	const uint32_t n = 1000;
	/* SVM counts the RDMSR of IA32_APIC_BASE under the same code. */
	const uint64_t expected = n + (rs->vendor == KVMEXIT_VENDOR_SVM ? 2 : 1);
	struct kvmexit_stats before, after;
	long fast0, slow0, fast1, slow1;
	struct vcpu vcpu;
	struct vm vm;

	vm_create(&vm);
	if (ioctl(vm.vm_fd, KVM_CREATE_IRQCHIP, 0))
		die("KVM_CREATE_IRQCHIP");
	vcpu_create(&vm, &vcpu, 0);
	vcpu_set_supported_cpuid(&vm, &vcpu);

	/* The leaves come first, whatever CPUID table userspace installed. */
	CHECK(has_signature(guest_cpuid(&vcpu, KVMEXIT_LEAF_SIGNATURE, 0)),
	      "signature answered with KVM's full supported CPUID table set");

	mkdir(TRACEFS, 0755);
	mount_tracefs();
	write_text(TRACEFS "/kprobe_events",
		   "p:kvmexit_fast handle_fastpath_set_msr_irqoff\n");
	write_text(TRACEFS "/kprobe_events", "p:kvmexit_slow kvm_emulate_wrmsr\n");
	write_text(TRACEFS "/events/kprobes/enable", "1");
	fast0 = kprobe_hits("kvmexit_fast");
	slow0 = kprobe_hits("kvmexit_slow");

	before = host_stats();
	guest_loop(&vcpu, guest_icr_loop, n);
	after = host_stats();
	fast1 = kprobe_hits("kvmexit_fast");
	slow1 = kprobe_hits("kvmexit_slow");

	CHECK_EQ_U64(row_count(&after, rs->msr_write) - row_count(&before, rs->msr_write),
		     expected, "fastpath: MSR write exits counted exactly (1000 ICR writes + APIC_BASE)");
	if (fast0 < 0 || slow0 < 0) {
		SKIP("fastpath: which path the WRMSRs took", "no kprobes in %s", TRACEFS);
	} else if (!svm_fastpath_possible(rs)) {
		SKIP("fastpath: which path the WRMSRs took", "kvm_amd.nrips=0 (the "
		     "emulated CPU has no NRIP save), so SVM completes no exit in "
		     "its fastpath here; all %ld WRMSRs took the slow path",
		     slow1 - slow0);
	} else {
		CHECK(fast1 - fast0 == n + 1 && slow1 - slow0 == 1,
		      "fastpath: %ld WRMSR exits went through the fastpath check, "
		      "%ld reached kvm_emulate_wrmsr (expected %u and 1)",
		      fast1 - fast0, slow1 - slow0, n + 1);
	}
	write_text(TRACEFS "/events/kprobes/enable", "0");
	write_text(TRACEFS "/kprobe_events", "\n");
	kvmexit_stats_free(&before);
	kvmexit_stats_free(&after);
	vm_destroy(&vm);
}

static struct reasons reasons_of(enum kvmexit_vendor vendor)
{
	struct reasons rs = { .vendor = vendor };
	bool svm = vendor == KVMEXIT_VENDOR_SVM;

	if (kvmexit_reason_parse(vendor, "CPUID", &rs.cpuid) ||
	    kvmexit_reason_parse(vendor, "HLT", &rs.hlt) ||
	    kvmexit_reason_parse(vendor, svm ? "IO" : "IO_INSTRUCTION", &rs.io) ||
	    kvmexit_reason_parse(vendor, svm ? "MSR" : "MSR_WRITE", &rs.msr_write) ||
	    kvmexit_reason_parse(vendor, svm ? "INTERRUPT" : "EXTERNAL_INTERRUPT",
				 &rs.intr) ||
	    kvmexit_reason_parse(vendor, svm ? "NPF" : "EPT_VIOLATION", &rs.mmio[0]) ||
	    (!svm && kvmexit_reason_parse(vendor, "EPT_MISCONFIG", &rs.mmio[1]))) {
		printf("not ok - vmm: reason names missing from lib/exit_reasons\n");
		exit(1);
	}
	rs.nr_mmio = svm ? 1 : 2;
	return rs;
}

/* Checks of one VM here, with the group files' own counts added in main(). */
#define ONE_VM_CHECKS 54
#define STOCK_CHECKS 7

static int run_stock(void)
{
	struct vm vm;
	struct vcpu vcpu;
	struct cpuid_regs r;
	struct kvmexit_vm entry;
	char path[256], dir[256];

	HARNESS_PLAN(STOCK_CHECKS);
	CHECK(access(KVMEXIT_DEBUGFS_PATH, F_OK) != 0,
	      "stock modules: no %s", KVMEXIT_DEBUGFS_PATH);
	CHECK(access(PARAM_GUEST, F_OK) != 0 && access(PARAM_CYCLES, F_OK) != 0,
	      "stock modules: no exit_stats_guest or exit_stats_cycles parameter");
	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	r = guest_cpuid(&vcpu, KVMEXIT_LEAF_SIGNATURE, 0);
	CHECK(!has_signature(r),
	      "stock modules: no signature (eax=0x%x ebx=0x%x ecx=0x%x edx=0x%x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	r = guest_cpuid(&vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);
	CHECK(r.eax == 0 && r.ebx == 0,
	      "stock modules: 0x4FFFFFFF is KVM's empty answer (eax=0x%x ebx=0x%x)",
	      r.eax, r.ebx);
	r = guest_scope_leaf(&vcpu);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx,
	      "stock modules: 0x4FFFFFFA is KVM's empty answer (%x %x %x %x)",
	      r.eax, r.ebx, r.ecx, r.edx);
	/* KVM's own directory of the VM is there, without our file. */
	entry = vm_tree_entry(&vm);
	snprintf(dir, sizeof(dir), "%s/%s", KVMEXIT_DEBUGFS_ROOT, entry.dir);
	kvmexit_tree_vm_path(KVMEXIT_DEBUGFS_ROOT, &entry, path, sizeof(path));
	CHECK(ioctl(vm.vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_EXIT_STATS) == 0 &&
	      access(dir, F_OK) == 0 && access(path, F_OK) != 0,
	      "stock modules: no KVM_CAP_X86_EXIT_STATS; %s is there without "
	      "exit_stats", dir);
	check_stats_fd_stock(&vm, &vcpu);
	vm_destroy(&vm);
	return harness_exit_status();
}

/* The host file's header before anything ran, and the parameters' defaults. */
static void check_start(const struct kvmexit_stats *first)
{
	char guest[16], cycles[16];

	CHECK(first->scope == KVMEXIT_STATS_SCOPE_HOST && first->cycles_measured &&
	      first->tsc_khz > 0,
	      "host file header: v2, scope=host, cycles=on, tsc_khz %llu",
	      (unsigned long long)first->tsc_khz);
	read_line(PARAM_GUEST, guest, sizeof(guest));
	read_line(PARAM_CYCLES, cycles, sizeof(cycles));
	CHECK(!strcmp(guest, "vm") && !strcmp(cycles, "Y"),
	      "defaults: exit_stats_guest=%s (vm), exit_stats_cycles=%s (Y)",
	      guest, cycles);
}

/* How long the checks since the last call took, as a comment line. */
static void took(const char *what)
{
	static struct timespec last;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec)
		printf("# %s: %.1f s\n", what, (double)(now.tv_sec - last.tv_sec) +
		       (now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

int main(int argc, char **argv)
{
	struct kvmexit_stats first;
	struct reasons rs;
	struct vcpu vcpu;
	struct vm vm;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--stock"))
		return run_stock();
	if (argc > 1 && !strcmp(argv[1], "--hold")) {
		vm_create(&vm);
		printf("# holding a VM\n");
		pause();
		return 0;
	}

	HARNESS_PLAN(ONE_VM_CHECKS + TWO_VMS_CHECKS + NO_EXIT_CHECKS +
		     CYCLES_OFF_CHECKS + CYCLES_STRADDLE_CHECKS +
		     RESET_LOAD_CHECKS + CHURN_CHECKS +
		     STATS_FD_CHECKS);
	first = host_stats();
	rs = reasons_of(first.vendor);
	printf("# vendor %s, tsc_khz %llu\n", kvmexit_vendor_name(rs.vendor),
	       (unsigned long long)first.tsc_khz);
	check_start(&first);
	kvmexit_stats_free(&first);
	took("start");

	/* First, while the host file still counts from the modules' load. */
	check_two_vms(&rs);
	took("two VMs");
	check_stats_fd(&rs);
	took("stats fds");

	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	check_signature(&vcpu);
	check_totals_registers(&vcpu);
	check_reason_registers(&vcpu, &rs);
	check_exact_counts(&vm, &vcpu, &rs);
	check_mmio_counts(&vm, &vcpu, &rs);
	check_guest_host_totals(&vm, &vcpu);
	check_classes(&vcpu, rs.vendor, rs.vendor == KVMEXIT_VENDOR_SVM ? 0x110 : 100);
	took("one VM");
	check_vcpu_per_cpu(&vm, &vcpu, &rs);
	took("a vCPU per CPU");
	check_fastpath(&rs);
	check_no_exit(&vm, &vcpu, &rs);
	check_cycles_off(&vm, &vcpu, &rs);
	check_cycles_straddle(&rs);
	check_survives_vm(&vm, &vcpu, &rs);
	check_reset(&vm, &vcpu);
	took("fastpath, no exits, cycles off, reset");
	check_reset_under_load(&rs);
	took("resets under load");
	check_churn(&vm, &rs);
	took("VMs coming and going");

	vm_destroy(&vm);
	return harness_exit_status();
}
