// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of lib/kvm_tree: listing the VMs and vCPUs of a debugfs tree
 * shaped like ABI v2's, built by the test in a temporary directory, with the
 * stock files and half-made directories a real tree also holds.
 */
#define HARNESS_SUITE "kvm_tree"
#include "../harness.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvm_tree.h"

#define PLAN 36

static char root[] = "/tmp/kvmexit-tree-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (mkdir(path, 0755)) {
		printf("Bail out! cannot mkdir %s\n", path);
		exit(1);
	}
}

#define STATS(scope, count) \
	"# kvm exit statistics v2 vendor=svm tsc_khz=1000 scope=" scope " cycles=on\n" \
	"reason name count cycles\n114 CPUID " count " 10\ntotal - " count " 10\n"

static void build_tree(void)
{
	if (!mkdtemp(root)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	put("exit_stats", STATS("host", "9"));
	put("exits", "123\n");			/* stock KVM's own files */
	put("halt_exits", "4\n");
	/* Two VMs of one VMM (pid 300, fds 12 and 9) and one of pid 25. */
	dir("300-12");
	put("300-12/exit_stats", STATS("vm", "2"));
	dir("300-9");
	put("300-9/exit_stats", STATS("vm", "3"));
	dir("300-9/vcpu10");
	put("300-9/vcpu10/exit_stats", STATS("vcpu", "1"));
	dir("300-9/vcpu2");
	put("300-9/vcpu2/exit_stats", STATS("vcpu", "2"));
	dir("300-9/vcpu3");			/* no exit_stats: ignored */
	put("300-9/vcpu3/pid", "301\n");
	dir("300-9/vcpux");
	put("300-9/vcpux/exit_stats", STATS("vcpu", "1"));
	put("300-9/vcpu4", "a file, not a vCPU directory\n");
	dir("25-7");
	put("25-7/exit_stats", STATS("vm", "4"));
	dir("25-7/vcpu0");
	put("25-7/vcpu0/exit_stats", STATS("vcpu", "4"));
	/* A VM directory of a kernel without the series: no exit_stats. */
	dir("400-5");
	put("400-5/pages_4k", "0\n");
	/* Names that look almost like VM directories. */
	dir("12");
	put("12/exit_stats", STATS("vm", "1"));
	dir("012-3");
	put("012-3/exit_stats", STATS("vm", "1"));
	dir("5-3x");
	put("5-3x/exit_stats", STATS("vm", "1"));
	dir("99999999999-1");
	put("99999999999-1/exit_stats", STATS("vm", "1"));
	dir("7-8");
	dir("7-8/exit_stats");			/* a directory, not the file */
}

static void test_list(void)
{
	struct kvmexit_tree t;

	kvmexit_tree_init(&t);
	CHECK(kvmexit_tree_list(root, &t) == 0, "the tree lists");
	CHECK_EQ_U64(t.nvms, 3, "three VMs with exit_stats, nothing else");
	if (t.nvms != 3) {
		kvmexit_tree_free(&t);
		return;
	}
	CHECK(t.vms[0].pid == 25 && t.vms[0].fd == 7, "first is 25-7 (got %d-%d)",
	      (int)t.vms[0].pid, t.vms[0].fd);
	CHECK(t.vms[1].pid == 300 && t.vms[1].fd == 9,
	      "second is 300-9: fds ascend numerically (got %d-%d)",
	      (int)t.vms[1].pid, t.vms[1].fd);
	CHECK(t.vms[2].pid == 300 && t.vms[2].fd == 12, "third is 300-12 (got %d-%d)",
	      (int)t.vms[2].pid, t.vms[2].fd);
	CHECK_EQ_STR(t.vms[1].dir, "300-9", "directory name kept");
	CHECK_EQ_U64(t.vms[0].nvcpus, 1, "25-7 has one vCPU");
	CHECK_EQ_U64(t.vms[0].nvcpus ? t.vms[0].vcpus[0] : 99, 0, "its id is 0");
	CHECK_EQ_U64(t.vms[1].nvcpus, 2, "300-9: vcpu2 and vcpu10, not vcpu3/x/4");
	CHECK(t.vms[1].nvcpus == 2 && t.vms[1].vcpus[0] == 2 &&
	      t.vms[1].vcpus[1] == 10, "vCPU ids ascend numerically");
	CHECK_EQ_U64(t.vms[2].nvcpus, 0, "300-12 has no vCPU files");
	CHECK(kvmexit_tree_find(&t, 300) == &t.vms[1], "find 300: lowest fd");
	CHECK(kvmexit_tree_find(&t, 25) == &t.vms[0], "find 25");
	CHECK(kvmexit_tree_find(&t, 400) == NULL, "400 (no exit_stats) not found");

	/* Listing again replaces, and sees a VM that went away. */
	char path[512];

	snprintf(path, sizeof(path), "%s/300-12/exit_stats", root);
	unlink(path);
	CHECK(kvmexit_tree_list(root, &t) == 0 && t.nvms == 2,
	      "a VM whose file went is gone from the next list (%zu VMs)", t.nvms);
	put("300-12/exit_stats", STATS("vm", "2"));
	kvmexit_tree_free(&t);
	CHECK(t.nvms == 0 && t.vms == NULL, "free empties the tree");
}

static void test_read(void)
{
	struct kvmexit_tree t;
	struct kvmexit_stats s;
	struct kvmexit_stats_error e;
	char path[512];

	kvmexit_tree_init(&t);
	kvmexit_stats_init(&s);
	kvmexit_tree_list(root, &t);
	if (t.nvms != 3) {
		printf("Bail out! the tree has %zu VMs\n", t.nvms);
		exit(1);
	}
	CHECK(kvmexit_tree_read_host(root, &s, &e) == KVMEXIT_STATS_OK &&
	      s.scope == KVMEXIT_STATS_SCOPE_HOST && s.total_count == 9,
	      "host file: scope host, total 9 (%s)", e.message);
	CHECK(kvmexit_tree_read_vm(root, &t.vms[1], &s, &e) == KVMEXIT_STATS_OK &&
	      s.scope == KVMEXIT_STATS_SCOPE_VM && s.total_count == 3,
	      "300-9's file: scope vm, total 3 (%s)", e.message);
	CHECK(kvmexit_tree_read_vcpu(root, &t.vms[1], 10, &s, &e) == KVMEXIT_STATS_OK &&
	      s.scope == KVMEXIT_STATS_SCOPE_VCPU && s.total_count == 1,
	      "300-9 vcpu10: scope vcpu, total 1 (%s)", e.message);
	CHECK(kvmexit_tree_read_vcpu(root, &t.vms[1], 3, &s, &e) == KVMEXIT_STATS_MISSING,
	      "vcpu3 without a file reads as missing");

	kvmexit_tree_vm_path(root, &t.vms[0], path, sizeof(path));
	CHECK(!strcmp(path + strlen(root), "/25-7/exit_stats"), "VM path %s", path + strlen(root));
	kvmexit_tree_vcpu_path(root, &t.vms[0], 0, path, sizeof(path));
	CHECK(!strcmp(path + strlen(root), "/25-7/vcpu0/exit_stats"), "vCPU path %s", path + strlen(root));
	kvmexit_tree_host_path(root, path, sizeof(path));
	CHECK(!strcmp(path + strlen(root), "/exit_stats"), "host path %s", path + strlen(root));
	CHECK(kvmexit_tree_host_path(root, path, 4) > 4, "a cut path is reported by its length");

	/* The VM vanishes between list and read: missing, not an error. */
	snprintf(path, sizeof(path), "%s/25-7/exit_stats", root);
	unlink(path);
	CHECK(kvmexit_tree_read_vm(root, &t.vms[0], &s, &e) == KVMEXIT_STATS_MISSING,
	      "a vanished VM's file reads as missing");
	put("25-7/exit_stats", STATS("vm", "4"));

	/*
	 * debugfs fails the read of a file it is removing with EIO; reading
	 * /proc/self/mem at offset 0 fails the same way.
	 */
	unlink(path);
	if (symlink("/proc/self/mem", path)) {
		printf("Bail out! cannot link %s\n", path);
		exit(1);
	}
	enum kvmexit_stats_status st = kvmexit_tree_read_vm(root, &t.vms[0], &s, &e);

	CHECK(st == KVMEXIT_STATS_MISSING && e.status == KVMEXIT_STATS_MISSING &&
	      strstr(e.message, "went away"),
	      "a VM file failing with EIO reads as a VM gone (%s)", e.message);
	unlink(path);
	put("25-7/exit_stats", STATS("vm", "4"));

	/* A long root: the cut path is refused as an I/O error, not read. */
	static char long_root[PATH_MAX + 16];

	memset(long_root, 'a', sizeof(long_root) - 1);
	CHECK(kvmexit_tree_read_vm(long_root, &t.vms[0], &s, &e) == KVMEXIT_STATS_IO &&
	      e.errnum == ENAMETOOLONG, "too long a path is ENAMETOOLONG (%s)",
	      e.message);

	/* A v1 file in a VM directory is refused like any v1 file. */
	put("300-12/exit_stats", "# kvm exit statistics v1 vendor=svm tsc_khz=1\n"
	    "reason name count cycles\ntotal - 0 0\n");
	CHECK(kvmexit_tree_read_vm(root, &t.vms[2], &s, &e) == KVMEXIT_STATS_VERSION &&
	      strstr(e.message, "v1") && strstr(e.message, "v2"),
	      "a v1 VM file is refused naming both versions (%s)", e.message);
	put("300-12/exit_stats", STATS("vm", "2"));
	kvmexit_stats_free(&s);
	kvmexit_tree_free(&t);
}

static void test_root_errors(void)
{
	struct kvmexit_tree t;
	char path[512];

	kvmexit_tree_init(&t);
	snprintf(path, sizeof(path), "%s/no-such-dir", root);
	errno = 0;
	CHECK(kvmexit_tree_list(path, &t) == -1 && errno == ENOENT,
	      "a missing root is ENOENT (errno %d)", errno);
	CHECK(t.nvms == 0, "and the tree is empty");
	snprintf(path, sizeof(path), "%s/exits", root);
	errno = 0;
	CHECK(kvmexit_tree_list(path, &t) == -1 && errno == ENOTDIR,
	      "a file as root is ENOTDIR (errno %d)", errno);

	/* An empty root: no VMs, no error. */
	snprintf(path, sizeof(path), "%s/empty", root);
	mkdir(path, 0755);
	CHECK(kvmexit_tree_list(path, &t) == 0 && t.nvms == 0, "an empty root has no VMs");
	rmdir(path);

	if (geteuid() != 0) {
		snprintf(path, sizeof(path), "%s/locked", root);
		mkdir(path, 0);
		errno = 0;
		CHECK(kvmexit_tree_list(path, &t) == -1 && errno == EACCES,
		      "an unreadable root is EACCES (errno %d)", errno);
		rmdir(path);
	} else {
		printf("ok %d - %s: unreadable root # SKIP root reads anything\n",
		       ++harness_count, HARNESS_SUITE);
	}
	kvmexit_tree_free(&t);
}

/* Many VMs and vCPUs: the arrays grow past their first allocation. */
static void test_many(void)
{
	struct kvmexit_tree t;
	char rel[64];
	bool ascending = true;

	dir("many");
	for (int i = 0; i < 20; i++) {
		snprintf(rel, sizeof(rel), "many/%d-1", 1000 - i);
		dir(rel);
		snprintf(rel, sizeof(rel), "many/%d-1/exit_stats", 1000 - i);
		put(rel, STATS("vm", "1"));
	}
	for (int v = 0; v < 20; v++) {
		snprintf(rel, sizeof(rel), "many/981-1/vcpu%d", v);
		dir(rel);
		snprintf(rel, sizeof(rel), "many/981-1/vcpu%d/exit_stats", v);
		put(rel, STATS("vcpu", "1"));
	}
	snprintf(rel, sizeof(rel), "%s/many", root);
	kvmexit_tree_init(&t);
	CHECK(kvmexit_tree_list(rel, &t) == 0 && t.nvms == 20, "20 VMs (%zu)", t.nvms);
	for (size_t i = 1; i < t.nvms; i++)
		ascending &= t.vms[i - 1].pid < t.vms[i].pid;
	CHECK(ascending, "20 VMs ascend by pid");
	CHECK(t.nvms == 20 && t.vms[0].pid == 981 && t.vms[0].nvcpus == 20 &&
	      t.vms[0].vcpus[19] == 19, "981 has 20 vCPUs, the last id 19");
	kvmexit_tree_free(&t);
}

int main(void)
{
	printf("1..%d\n", PLAN);
	build_tree();
	test_list();
	test_read();
	test_root_errors();
	test_many();
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		printf("# could not remove %s\n", root);
	if (harness_count != PLAN)
		printf("# planned %d checks, ran %d\n", PLAN, harness_count);
	return harness_count == PLAN ? harness_exit_status() : 1;
}
