// SPDX-License-Identifier: GPL-2.0-only
/*
 * soak: the kernel half under churn for a given time, inside a lab host
 * booted with the patched modules (issue 16, part 3; soak.h says how).
 *
 * Usage: soak --seconds N --swap KVMEXIT_MODULES --modules DIR [--grace S]
 *
 * The run is PHASES phases of N / PHASES seconds.  Each phase runs in a
 * child process (so that its memory is gone when it ends): the control VM,
 * churn VMs, readers and knobs at once, then at a quiescent point the
 * control VM's exact counts and the host file against the VMs' files.
 * Between phases this process swaps the modules: a load while a VM runs is
 * refused and changes nothing, then unload and load.  The memory of the
 * lab host is measured after the first phase's swap and after the last
 * one's, in the same state: modules just loaded, no VM, caches dropped.
 */
#define HARNESS_MAIN
#include "soak.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PHASES		5
#define PHASE_CHECKS	18
#define SWAP_CHECKS	5
#define MEMORY_CHECKS	2
#define READERS		2
#define CHURNERS	2
/* The memory after the run may differ from before by at most this. */
#define MEMORY_SLACK_KB	1024

struct soak_state soak;

/* The phase's checks, published for the parent as they are printed. */
struct published {
	int count, failed;
};
static struct published *published;

/* ---- what the threads share ---- */

void tally_pass(enum tally_id id)
{
	atomic_fetch_add(&soak.tallies[id].checked, 1);
}

void tally_fail(enum tally_id id, const char *fmt, ...)
{
	struct tally *t = &soak.tallies[id];
	va_list ap;

	atomic_fetch_add(&t->checked, 1);
	pthread_mutex_lock(&t->lock);
	if (atomic_fetch_add(&t->failed, 1) == 0) {
		va_start(ap, fmt);
		vsnprintf(t->first, sizeof(t->first), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&t->lock);
}

bool soak_stopping(void)
{
	return atomic_load(&soak.stop);
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

unsigned int soak_rand(unsigned int *state, unsigned int n)
{
	unsigned int x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x % n;
}

/* ---- the kernel's log and taint ---- */

static int kmsg_fd = -1;

/* Lines that mean the kernel found itself wrong (or stuck). */
static bool bad_kernel_line(const char *msg)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "BUG ", "Oops", "general protection fault",
		"lockdep", "possible circular locking", "possible recursive locking",
		"inconsistent lock state", "rcu_preempt detected stall",
		"rcu_sched detected stall", "self-detected stall", "rcu: INFO:",
		"soft lockup", "hard LOCKUP", "blocked for more than",
		"Call Trace:", "list_add corruption", "list_del corruption",
		"refcount_t:", "UBSAN:", "kernel tried to execute", "Kernel panic",
		"unable to handle",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(msg, bad[i]))
			return true;
	return false;
}

/*
 * Bad lines logged since the last call; each is printed as a comment (every
 * line, bad or not, with all set).
 */
static unsigned int kmsg_lines(bool all)
{
	char rec[2048];
	unsigned int bad = 0;

	if (kmsg_fd < 0)
		return 1;
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof(rec) - 1);
		char *msg;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: read on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		if (bad_kernel_line(msg)) {
			printf("# dmesg: %s\n", msg);
			bad++;
		} else if (all) {
			printf("# dmesg: %s\n", msg);
		}
	}
	return bad;
}

/* Taint bits of a kernel that warned, oopsed, hit a bad page or locked up. */
#define TAINT_BAD ((1ul << 5) | (1ul << 7) | (1ul << 9) | (1ul << 14))

static unsigned long taint(void)
{
	char line[32];

	read_line("/proc/sys/kernel/tainted", line, sizeof(line));
	return strtoul(line, NULL, 10);
}

static unsigned long start_taint;

/* ---- one phase, in a child process ---- */

static void publish(void)
{
	published->count = harness_count;
	published->failed = harness_failed;
}

#define PHASE_CHECK(cond, ...)			\
	do {					\
		CHECK(cond, __VA_ARGS__);	\
		publish();			\
	} while (0)

static void tally_check(int phase, enum tally_id id, bool more, const char *what,
			const char *extra)
{
	struct tally *t = &soak.tallies[id];
	unsigned long checked = atomic_load(&t->checked);
	unsigned long failed = atomic_load(&t->failed);

	if (failed)
		printf("# phase %d: %lu of %lu failed, first: %s\n", phase, failed,
		       checked, t->first);
	PHASE_CHECK(!failed && checked > 0 && more,
		    "phase %d: %s: %lu checked, %lu failed%s", phase, what, checked,
		    failed, extra);
}

static uint64_t sum_io(const struct control_vm *c)
{
	return vcpu_io_exits(&c->vcpus[0]) + vcpu_io_exits(&c->vcpus[1]);
}

/* The control VM after its vCPUs stopped: exactly its programs' exits. */
static void check_control(int phase, struct control_vm *c)
{
	struct kvmexit_stats vmf = vm_stats(&c->vm), v[2], none;
	uint64_t cpuid = c->vcpus[0].nr_cpuid + c->vcpus[1].nr_cpuid;
	bool each = true;
	struct cpuid_regs s;
	uint64_t asked;
	char why[256];

	PHASE_CHECK(row_count(&vmf, soak.rs.cpuid) == cpuid && row_count(&vmf, soak.rs.io) ==
		    sum_io(c) && row_count(&vmf, soak.rs.hlt) == 0,
		    "phase %d: control VM file: CPUID %llu (expected %llu), IO %llu "
		    "(expected %llu), no HLT", phase,
		    (unsigned long long)row_count(&vmf, soak.rs.cpuid),
		    (unsigned long long)cpuid,
		    (unsigned long long)row_count(&vmf, soak.rs.io),
		    (unsigned long long)sum_io(c));

	kvmexit_stats_init(&none);
	for (int i = 0; i < 2; i++) {
		v[i] = vcpu_stats(&c->vm, i);
		each &= row_count(&v[i], soak.rs.cpuid) == c->vcpus[i].nr_cpuid &&
			row_count(&v[i], soak.rs.io) == vcpu_io_exits(&c->vcpus[i]);
	}
	each &= stats_delta_is_sum(&none, &vmf, v, 2, why, sizeof(why));
	PHASE_CHECK(each, "phase %d: control vCPU files exact (%llu and %llu CPUIDs), "
		    "the VM file their sum: %s", phase,
		    (unsigned long long)row_count(&v[0], soak.rs.cpuid),
		    (unsigned long long)row_count(&v[1], soak.rs.cpuid), why);

	/* Its guest, capped to vm, under exit_stats_guest=host. */
	set_param(PARAM_GUEST, "host");
	s = guest_scope_leaf(&c->vcpus[0]);
	asked = guest_reason_exits(&c->vcpus[0], soak.rs.cpuid);
	cpuid = c->vcpus[0].nr_cpuid + c->vcpus[1].nr_cpuid;
	set_param(PARAM_GUEST, "vm");
	PHASE_CHECK(s.eax == SCOPE_VM && s.edx == 2 && asked == cpuid,
		    "phase %d: control guest under host parameter: scope %u (1), "
		    "%u vCPUs (2), CPUID count %llu (expected %llu)", phase, s.eax,
		    s.edx, (unsigned long long)asked, (unsigned long long)cpuid);
	kvmexit_stats_free(&vmf);
	kvmexit_stats_free(&v[0]);
	kvmexit_stats_free(&v[1]);
}

/* A known VM for the quiescent check: its vCPUs run one after the other. */
static void known_vm(struct vm *vm, struct vcpu *vcpus, int nv, uint32_t n)
{
	vm_create(vm);
	for (int i = 0; i < nv; i++) {
		vcpu_create(vm, &vcpus[i], i);
		guest_loop(&vcpus[i], guest_cpuid_loop, n * (uint32_t)(i + 1));
		guest_loop(&vcpus[i], guest_out_loop, n / 10);
	}
}

/*
 * A guest of an uncapped VM of two vCPUs asks in each scope, nothing else
 * running: nothing under off, exactly its VM's CPUIDs under vm, exactly the
 * host file's plus its two questions under host, with the control VM's two
 * vCPUs and its own two live.
 */
static void check_scopes(int phase, struct vm *vm, struct vcpu *vcpus)
{
	struct cpuid_regs s[3];
	uint64_t count[3], vm_cpuid, host_cpuid;
	struct kvmexit_stats host;

	set_param(PARAM_GUEST, "off");
	s[0] = guest_scope_leaf(&vcpus[0]);
	count[0] = guest_reason_exits(&vcpus[0], soak.rs.cpuid);
	set_param(PARAM_GUEST, "vm");
	s[1] = guest_scope_leaf(&vcpus[0]);
	count[1] = guest_reason_exits(&vcpus[0], soak.rs.cpuid);
	vm_cpuid = vcpus[0].nr_cpuid + vcpus[1].nr_cpuid;
	host = host_stats();
	host_cpuid = row_count(&host, soak.rs.cpuid);
	kvmexit_stats_free(&host);
	set_param(PARAM_GUEST, "host");
	s[2] = guest_scope_leaf(&vcpus[0]);
	count[2] = guest_reason_exits(&vcpus[0], soak.rs.cpuid);
	set_param(PARAM_GUEST, "vm");
	(void)vm;
	PHASE_CHECK(!s[0].eax && !s[0].ebx && !s[0].ecx && !s[0].edx && !count[0] &&
		    s[1].eax == SCOPE_VM && s[1].edx == 2 && count[1] == vm_cpuid &&
		    s[2].eax == SCOPE_HOST && s[2].edx == 4 && count[2] == host_cpuid + 2,
		    "phase %d: a guest in each scope: off answers %u/%llu (0/0), vm %u "
		    "vCPUs/%llu CPUIDs (2/%llu), host %u/%llu (4/%llu)", phase,
		    s[0].eax, (unsigned long long)count[0], s[1].edx,
		    (unsigned long long)count[1], (unsigned long long)vm_cpuid, s[2].edx,
		    (unsigned long long)count[2], (unsigned long long)host_cpuid + 2);
}

/*
 * Nothing runs: reset, then three known VMs, two of them destroyed.  The
 * host file must be exactly the two destroyed VMs' last files plus the
 * live one's (the idle control VM adds nothing after the reset).
 */
static void check_quiescent(int phase, struct control_vm *c)
{
	struct kvmexit_stats host0, host1, parts[3], ctl0, ctl1;
	struct vcpu vcpus[3][3];
	struct vm vms[3];
	char why[256];
	bool summed;
	int err;

	ctl0 = vm_stats(&c->vm);
	err = write_text(KVMEXIT_DEBUGFS_PATH, "0");
	host0 = host_stats();
	PHASE_CHECK(!err && host0.nrows == 0 && host0.total_count == 0 &&
		    host0.total_cycles == 0,
		    "phase %d: quiescent reset: %zu rows, total %llu %llu (empty)",
		    phase, host0.nrows, (unsigned long long)host0.total_count,
		    (unsigned long long)host0.total_cycles);

	for (int i = 0; i < 3; i++)
		known_vm(&vms[i], vcpus[i], i + 1, 100 * (uint32_t)(i + 1));
	for (int i = 0; i < 3; i++)
		parts[i] = vm_stats(&vms[i]);
	vm_destroy(&vms[0]);
	vm_destroy(&vms[2]);
	host1 = host_stats();
	ctl1 = vm_stats(&c->vm);
	/* Before CHECK formats its message, which shows why. */
	summed = stats_delta_is_sum(&host0, &host1, parts, 3, why, sizeof(why));
	PHASE_CHECK(summed && stats_equal(&ctl0, &ctl1),
		    "phase %d: host file = 1 live + 2 destroyed known VMs' files, exactly "
		    "(total %llu): %s", phase, (unsigned long long)host1.total_count, why);
	check_scopes(phase, &vms[1], vcpus[1]);
	vm_destroy(&vms[1]);
	for (int i = 0; i < 3; i++)
		kvmexit_stats_free(&parts[i]);
	kvmexit_stats_free(&host0);
	kvmexit_stats_free(&host1);
	kvmexit_stats_free(&ctl0);
	kvmexit_stats_free(&ctl1);
}

static void print_counts(int phase, unsigned int seconds)
{
	printf("# phase %d: %u s; reads host %lu, VM %lu, vCPU %lu; churn VMs %lu "
	       "(%lu vCPUs); churn answers off %lu, vm %lu, host %lu; control answers "
	       "off %lu, on %lu; resets %lu, flips %lu, CPU offline+online %lu; reads failing with EIO "
	       "as their VM went %lu\n",
	       phase, seconds, atomic_load(&soak.reads[0]), atomic_load(&soak.reads[1]),
	       atomic_load(&soak.reads[2]), atomic_load(&soak.churn_vms),
	       atomic_load(&soak.churn_vcpus), atomic_load(&soak.churn_scopes[0]),
	       atomic_load(&soak.churn_scopes[1]), atomic_load(&soak.churn_scopes[2]),
	       atomic_load(&soak.control_scopes[0]), atomic_load(&soak.control_scopes[1]),
	       atomic_load(&soak.tallies[T_RESETS].checked),
	       atomic_load(&soak.tallies[T_FLIPS].checked),
	       atomic_load(&soak.tallies[T_HOTPLUG].checked),
	       atomic_load(&soak.eio_removed));
}

static void run_phase(int phase, unsigned int seconds)
{
	pthread_t readers[READERS], churners[CHURNERS], knobs[3];
	void *(*const knob_fns[3])(void *) = { reset_thread, flip_thread, hotplug_thread };
	struct control_vm control;
	unsigned int bad;
	char extra[96];
	bool cpus_back;

	for (int i = 0; i < NR_TALLIES; i++)
		pthread_mutex_init(&soak.tallies[i].lock, NULL);
	atomic_store(&soak.control_vm_fd, -1);
	atomic_store(&soak.control_vcpu_fd, -1);
	set_param(PARAM_GUEST, "vm");
	set_param(PARAM_CYCLES, "Y");
	atomic_store(&soak.guest_scope, SCOPE_VM);
	atomic_store(&soak.cycles_on, true);

	control_start(&control);
	for (int i = 0; i < READERS; i++)
		if (pthread_create(&readers[i], NULL, reader_thread, NULL))
			die("pthread_create");
	for (int i = 0; i < CHURNERS; i++)
		if (pthread_create(&churners[i], NULL, churn_thread,
				   (void *)(uintptr_t)(phase * CHURNERS + i + 1)))
			die("pthread_create");
	for (int i = 0; i < 3; i++)
		if (pthread_create(&knobs[i], NULL, knob_fns[i], NULL))
			die("pthread_create");

	sleep_ms(seconds * 1000);
	atomic_store(&soak.stop, true);
	for (int i = 0; i < 3; i++)
		pthread_join(knobs[i], NULL);
	for (int i = 0; i < CHURNERS; i++)
		pthread_join(churners[i], NULL);
	for (int i = 0; i < READERS; i++)
		pthread_join(readers[i], NULL);
	control_join(&control);
	set_param(PARAM_GUEST, "vm");
	set_param(PARAM_CYCLES, "Y");
	cpus_back = all_cpus_online();
	print_counts(phase, seconds);

	snprintf(extra, sizeof(extra), " (host %lu, VM %lu, vCPU %lu, stats fds %lu)",
		 atomic_load(&soak.reads[0]), atomic_load(&soak.reads[1]),
		 atomic_load(&soak.reads[2]), atomic_load(&soak.stats_fd_reads));
	tally_check(phase, T_READS, atomic_load(&soak.reads[0]) && atomic_load(&soak.reads[1]) &&
		    atomic_load(&soak.reads[2]) && atomic_load(&soak.stats_fd_reads),
		    "every debugfs file parsed, every stats fd read whole", extra);
	tally_check(phase, T_HEADERS, true, "headers: vendor, scope, cycles= as the "
		    "parameter whenever it held", "");
	tally_check(phase, T_HOST_GROWS, true, "host file never went down within "
		    "a reset epoch", "");
	tally_check(phase, T_VM_GROWS, true, "VM and vCPU files never went down", "");
	snprintf(extra, sizeof(extra), " (parameter off %lu, vm or host %lu)",
		 atomic_load(&soak.control_scopes[0]), atomic_load(&soak.control_scopes[1]));
	tally_check(phase, T_CONTROL_LEAVES, atomic_load(&soak.control_scopes[0]) &&
		    atomic_load(&soak.control_scopes[1]),
		    "control guest (capped to vm) answered 0 or its VM's exact range", extra);
	snprintf(extra, sizeof(extra), " (%lu VMs, %lu vCPUs)",
		 atomic_load(&soak.churn_vms), atomic_load(&soak.churn_vcpus));
	tally_check(phase, T_CHURN_FILES, true, "churn VMs' vCPU and VM files "
		    "held exactly their exits", extra);
	snprintf(extra, sizeof(extra), " (scope off %lu, vm %lu, host %lu)",
		 atomic_load(&soak.churn_scopes[0]), atomic_load(&soak.churn_scopes[1]),
		 atomic_load(&soak.churn_scopes[2]));
	/* Which scopes the answers fell in is chance; all three are checked below. */
	tally_check(phase, T_CHURN_LEAVES, true, "churn guests' answers matched their scope",
		    extra);
	tally_check(phase, T_RESETS, true, "resets of the host file", "");
	tally_check(phase, T_FLIPS, true, "exit_stats_guest and exit_stats_cycles "
		    "flips read back", "");
	if (cpus_possible() < 2) {
		SKIP("CPUs offline and online", "one CPU");
		publish();
	} else {
		tally_check(phase, T_HOTPLUG, cpus_back, "CPUs offline and online again",
			    cpus_back ? ", all online at the end" : ", NOT all online at the end");
	}

	check_control(phase, &control);
	check_quiescent(phase, &control);
	vm_destroy(&control.vm);

	bad = kmsg_lines(false);
	PHASE_CHECK(!bad, "phase %d: no WARN, BUG, oops, lockdep or RCU stall line "
		    "in dmesg (%u found)", phase, bad);
	PHASE_CHECK(!((taint() & ~start_taint) & TAINT_BAD),
		    "phase %d: no new warning/oops/lockup taint (tainted %lu, at start %lu)",
		    phase, taint(), start_taint);
}

/* Each thread of a stuck phase: its state, where it waits, its kernel stack. */
static void dump_stuck(pid_t pid)
{
	char path[320], line[256];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, e->d_name);
		read_line(path, line, sizeof(line));
		printf("# stuck thread %s\n", line);
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", (int)pid, e->d_name);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			printf("#   %s", line);
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	/* Blocked tasks and every CPU's backtrace, into the kernel's log. */
	write_text("/proc/sysrq-trigger", "w");
	write_text("/proc/sysrq-trigger", "l");
	sleep_ms(2000);
	kmsg_lines(true);
}

/*
 * Wait for a phase's child, at most deadline_s seconds; a child that does
 * not end by then is shown (dump_stuck) and killed.  False when it did not
 * end even then (a thread stuck in the kernel): nothing more can run.
 */
static bool wait_phase(pid_t pid, unsigned int deadline_s, int *status)
{
	for (unsigned int waited = 0; waited < 10 * deadline_s; waited++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		sleep_ms(100);
	}
	printf("# the phase did not end within %u s: its threads, then killed\n",
	       deadline_s);
	dump_stuck(pid);
	kill(pid, SIGKILL);
	for (int waited = 0; waited < 300; waited++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		sleep_ms(100);
	}
	printf("# the phase's process did not die within 30 s of SIGKILL\n");
	dump_stuck(pid);
	return false;
}

/*
 * Beyond its duration, a phase's quiescent checks take seconds; a phase
 * later than this is stuck (--grace; the clock is the lab host's, which
 * Bochs runs several times slower than the wall's).
 */
static unsigned int phase_grace_s = 180;

/* Run a phase in a child; fill in any check it did not print as failed. */
static bool phase(int n, unsigned int seconds)
{
	int first = harness_count, status = 0;
	bool ended;
	pid_t pid;

	published->count = harness_count;
	published->failed = harness_failed;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		run_phase(n, seconds);
		fflush(stdout);
		_exit(0);
	}
	ended = wait_phase(pid, seconds + phase_grace_s, &status);
	harness_count = published->count;
	harness_failed = published->failed;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("# phase %d ended early (%s %d)\n", n,
		       WIFEXITED(status) ? "exit status" : "signal",
		       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	while (harness_count < first + PHASE_CHECKS)
		CHECK(0, "phase %d: check %d did not run: the phase ended early", n,
		      harness_count - first + 1);
	return ended;
}

/* ---- between phases: the modules ---- */

/* Run kvmexit-modules ACTION [DIR]; its output is printed as comments. */
static int swap_modules(const char *swap, const char *action, const char *dir,
			char *out, size_t out_size)
{
	char cmd[512], line[256];
	size_t used = 0;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s %s 2>&1", swap, action, dir ? dir : "");
	fflush(stdout);
	p = popen(cmd, "r");
	if (!p)
		die("popen");
	out[0] = '\0';
	while (fgets(line, sizeof(line), p)) {
		printf("# %s", line);
		used += (size_t)snprintf(out + used, used < out_size ? out_size - used : 0,
					 "%s", line);
		if (used >= out_size)
			used = out_size - 1;
	}
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

struct holder {
	struct vm vm;
	struct vcpu vcpu;
	pthread_t thread;
	atomic_bool stop;
};

static void *holder_run(void *arg)
{
	struct holder *h = arg;

	while (!atomic_load(&h->stop))
		guest_loop(&h->vcpu, guest_cpuid_loop, 200);
	return NULL;
}

static bool params_are(const char *guest, const char *cycles)
{
	char g[16], c[16];

	read_line(PARAM_GUEST, g, sizeof(g));
	read_line(PARAM_CYCLES, c, sizeof(c));
	return !strcmp(g, guest) && !strcmp(c, cycles);
}

static void swap_phase(int n, const char *swap, const char *dir)
{
	const char *module = soak.rs.vendor == KVMEXIT_VENDOR_SVM ? "kvm_amd" : "kvm_intel";
	struct kvmexit_stats host0, host1, vm0, vm1;
	struct holder h = { 0 };
	char out[1024], path[64];
	unsigned int bad;
	int rc;

	/*
	 * A VM running, with parameters a fresh load would not have: a load
	 * must leave all of it as it was.
	 */
	vm_create(&h.vm);
	vcpu_create(&h.vm, &h.vcpu, 0);
	set_param(PARAM_GUEST, "host");
	set_param(PARAM_CYCLES, "N");
	if (pthread_create(&h.thread, NULL, holder_run, &h))
		die("pthread_create");
	sleep_ms(200);
	host0 = host_stats();
	vm0 = vm_stats(&h.vm);
	rc = swap_modules(swap, "load", dir, out, sizeof(out));
	CHECK(rc != 0 && strstr(out, "refusing"),
	      "swap %d: load while a VM runs is refused (status %d)", n, rc);
	sleep_ms(200);
	vm1 = vm_stats(&h.vm);
	host1 = host_stats();
	snprintf(path, sizeof(path), "/sys/module/%s", module);
	CHECK(params_are("host", "N") && access(path, F_OK) == 0 &&
	      row_count(&vm1, soak.rs.cpuid) > row_count(&vm0, soak.rs.cpuid) &&
	      host1.total_count > host0.total_count,
	      "swap %d: the refused load changed nothing: parameters kept, the VM "
	      "ran on (CPUID %llu -> %llu), the host file counted on (%llu -> %llu)",
	      n, (unsigned long long)row_count(&vm0, soak.rs.cpuid),
	      (unsigned long long)row_count(&vm1, soak.rs.cpuid),
	      (unsigned long long)host0.total_count, (unsigned long long)host1.total_count);
	atomic_store(&h.stop, true);
	pthread_join(h.thread, NULL);
	vm_destroy(&h.vm);
	kvmexit_stats_free(&host0);
	kvmexit_stats_free(&host1);
	kvmexit_stats_free(&vm0);
	kvmexit_stats_free(&vm1);

	rc = swap_modules(swap, "unload", NULL, out, sizeof(out));
	CHECK(rc == 0 && access(KVMEXIT_DEBUGFS_PATH, F_OK) && access("/sys/module/kvm", F_OK),
	      "swap %d: unload removes kvm and exit_stats (status %d)", n, rc);

	rc = swap_modules(swap, "load", dir, out, sizeof(out));
	{
		struct kvmexit_stats_error error;
		struct kvmexit_stats fresh;
		enum kvmexit_stats_status st;

		kvmexit_stats_init(&fresh);
		st = kvmexit_stats_read(KVMEXIT_DEBUGFS_PATH, &fresh, &error);
		CHECK(rc == 0 && st == KVMEXIT_STATS_OK && fresh.vendor == soak.rs.vendor &&
		      fresh.scope == KVMEXIT_STATS_SCOPE_HOST && fresh.cycles_measured &&
		      fresh.nrows == 0 && fresh.total_count == 0 && params_are("vm", "Y"),
		      "swap %d: load brings back an empty v2 host file and the defaults "
		      "(status %d, %s, %zu rows, total %llu)", n, rc,
		      st == KVMEXIT_STATS_OK ? "parsed" : error.message, fresh.nrows,
		      (unsigned long long)fresh.total_count);
		kvmexit_stats_free(&fresh);
	}
	bad = kmsg_lines(false);
	CHECK(!bad, "swap %d: no WARN, BUG, oops, lockdep or RCU stall line in dmesg "
	      "(%u found)", n, bad);
}

/* ---- memory ---- */

/* Shrink every slab cache (SLUB's sysfs); caches without the file are skipped. */
static void shrink_slabs(void)
{
	DIR *d = opendir("/sys/kernel/slab");
	struct dirent *e;
	char path[320];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", e->d_name);
		write_text(path, "1");
	}
	closedir(d);
}

static long meminfo_kb(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	size_t len = strlen(key);
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			kb = strtol(line + len + 1, NULL, 10);
	fclose(f);
	return kb;
}

/*
 * Free pages parked on the per-CPU lists (the "count:" of each pageset in
 * /proc/zoneinfo), in kB: the buddy allocator, and so MemAvailable, does
 * not count them as free, and how many there are depends on which CPUs
 * freed what last (and on CPU hotplug, which drains a CPU's lists).
 */
static long pcp_free_kb(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	long pages = 0, n;
	char line[160];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %ld", &n) == 1)
			pages += n;
	fclose(f);
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * The same state before and after: no VM, modules just loaded.  Dirty pages
 * written, page cache and dentries dropped, slabs shrunk, RCU's deferred
 * frees given time, the per-CPU counters folded (stat_refresh), and the
 * free pages on the per-CPU lists counted as available; the median of five
 * readings a second apart.
 */
static void measure_memory(long *available, long *slab)
{
	long a[5], s[5], raw[5], pcp[5];

	for (int i = 0; i < 5; i++) {
		sync();
		write_text("/proc/sys/vm/drop_caches", "3");
		shrink_slabs();
		sleep_ms(1000);
		write_text("/proc/sys/vm/stat_refresh", "1");
		raw[i] = meminfo_kb("MemAvailable");
		pcp[i] = pcp_free_kb();
		a[i] = raw[i] + pcp[i];
		s[i] = meminfo_kb("Slab");
	}
	qsort(a, 5, sizeof(a[0]), cmp_long);
	qsort(s, 5, sizeof(s[0]), cmp_long);
	qsort(raw, 5, sizeof(raw[0]), cmp_long);
	qsort(pcp, 5, sizeof(pcp[0]), cmp_long);
	printf("# memory: MemAvailable %ld..%ld kB (median %ld) + per-CPU free lists "
	       "%ld..%ld kB (median %ld) = %ld..%ld kB (median %ld); Slab %ld..%ld kB "
	       "(median %ld)\n", raw[0], raw[4], raw[2], pcp[0], pcp[4], pcp[2],
	       a[0], a[4], a[2], s[0], s[4], s[2]);
	*available = a[2];
	*slab = s[2];
}

/* ---- main ---- */

/*
 * The vendor's numbers for the exits the programs make (as vmm_exits.c's
 * reasons_of(), which is private to that program).
 */
static struct reasons lab_reasons(enum kvmexit_vendor vendor)
{
	struct reasons rs = { .vendor = vendor };
	bool svm = vendor == KVMEXIT_VENDOR_SVM;

	if (kvmexit_reason_parse(vendor, "CPUID", &rs.cpuid) ||
	    kvmexit_reason_parse(vendor, "HLT", &rs.hlt) ||
	    kvmexit_reason_parse(vendor, svm ? "IO" : "IO_INSTRUCTION", &rs.io) ||
	    kvmexit_reason_parse(vendor, svm ? "NPF" : "EPT_VIOLATION", &rs.mmio[0]) ||
	    (!svm && kvmexit_reason_parse(vendor, "EPT_MISCONFIG", &rs.mmio[1]))) {
		printf("not ok - soak: reason names missing from lib/exit_reasons\n");
		exit(1);
	}
	rs.nr_mmio = svm ? 1 : 2;
	return rs;
}

static void usage(void)
{
	fprintf(stderr, "usage: soak --seconds N --swap KVMEXIT_MODULES --modules DIR "
		"[--grace SECONDS]\n");
	exit(64);
}

int main(int argc, char **argv)
{
	const char *swap = NULL, *dir = NULL;
	long avail0 = 0, slab0 = 0, avail1, slab1;
	unsigned int seconds = 0;
	struct kvmexit_stats first;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = (unsigned int)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--swap") && i + 1 < argc)
			swap = argv[++i];
		else if (!strcmp(argv[i], "--modules") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--grace") && i + 1 < argc)
			phase_grace_s = (unsigned int)strtoul(argv[++i], NULL, 10);
		else
			usage();
	}
	if (seconds < PHASES || !swap || !dir)
		usage();

	setvbuf(stdout, NULL, _IOLBF, 0);
	published = mmap(NULL, sizeof(*published), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (published == MAP_FAILED)
		die("mmap");
	HARNESS_PLAN(PHASES * (PHASE_CHECKS + SWAP_CHECKS) + MEMORY_CHECKS);

	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
	start_taint = taint();
	first = host_stats();
	soak.rs = lab_reasons(first.vendor);
	kvmexit_stats_free(&first);
	printf("# soak: %u s in %d phases, %d CPUs, vendor %s\n", seconds, PHASES,
	       cpus_possible(), kvmexit_vendor_name(soak.rs.vendor));

	for (int n = 0; n < PHASES; n++) {
		if (!phase(n, seconds / PHASES)) {
			printf("# soak aborted: a phase's process is stuck\n");
			return 1;
		}
		swap_phase(n, swap, dir);
		if (n == 0)
			measure_memory(&avail0, &slab0);
	}
	measure_memory(&avail1, &slab1);
	CHECK(labs(avail1 - avail0) <= MEMORY_SLACK_KB,
	      "MemAvailable (+ per-CPU free lists) after phases 1-%d within 1 MiB of before: %ld -> %ld kB "
	      "(%+ld)", PHASES - 1, avail0, avail1, avail1 - avail0);
	CHECK(labs(slab1 - slab0) <= MEMORY_SLACK_KB,
	      "Slab after phases 1-%d within 1 MiB of before: %ld -> %ld kB (%+ld)",
	      PHASES - 1, slab0, slab1, slab1 - slab0);
	return harness_exit_status();
}
