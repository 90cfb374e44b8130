// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the exporter's vm labels: unique names stay as they are,
 * repeated ones get their directory, look-alikes are left out, and vanished
 * VMs have no label.
 */
#define HARNESS_SUITE "exporter_vm_labels"
#include "../harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tools/kvmexit-exporter/vm_labels.h"

#define PLAN 18

static struct kvmexit_vm vms[] = {
	{ .pid = 10, .fd = 11, .dir = "10-11" },
	{ .pid = 20, .fd = 12, .dir = "20-12" },
	{ .pid = 20, .fd = 13, .dir = "20-13" },
	{ .pid = 30, .fd = 14, .dir = "30-14" },
	{ .pid = 40, .fd = 15, .dir = "40-15" },
	{ .pid = 50, .fd = 16, .dir = "50-16" },
};

/* Write PROC/PID/cmdline: "qemu -name NAME". */
static void set_name(const char *proc, int pid, const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", proc, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%d/cmdline", proc, pid);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "qemu%c-name%c%s%c", 0, 0, name, 0);
		fclose(f);
	}
}

/* The process PID leaves PROC. */
static void remove_process(const char *proc, int pid)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%d/cmdline", proc, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%d", proc, pid);
	rmdir(path);
}

/* Names are read once and kept for VM_NAME_KEEP_S seconds. */
static void test_kept_names(void)
{
	char proc[] = "/tmp/vm_labels_test.XXXXXX";
	struct kvmexit_vm two[] = {
		{ .pid = 10, .fd = 11, .dir = "10-11" },
		{ .pid = 20, .fd = 12, .dir = "20-12" },
	};
	struct kvmexit_tree tree = { two, 1 };
	struct vm_labels labels = { 0 };

	if (!mkdtemp(proc)) {
		CHECK(0, "mkdtemp");
		return;
	}
	set_name(proc, 10, "first");
	vm_labels_make(&labels, &tree, proc, 1000.0);
	CHECK_EQ_STR(labels.vms[0].label, "first", "read from the process");
	set_name(proc, 10, "second");
	set_name(proc, 20, "other");
	tree.nvms = 2;
	vm_labels_make(&labels, &tree, proc, 1000.0 + VM_NAME_KEEP_S - 1);
	CHECK(!strcmp(labels.vms[0].label, "first") && !strcmp(labels.vms[1].label, "other"),
	      "within %d s the name is kept, a new VM's is read: %s, %s", VM_NAME_KEEP_S,
	      labels.vms[0].label, labels.vms[1].label);
	vm_labels_make(&labels, &tree, proc, 1000.0 + VM_NAME_KEEP_S);
	CHECK_EQ_STR(labels.vms[0].label, "second", "after it, read again");
	tree.vms = two + 1;
	tree.nvms = 1;
	set_name(proc, 20, "renamed");
	vm_labels_make(&labels, &tree, proc, 1000.0 + VM_NAME_KEEP_S + 1);
	CHECK(labels.nvms == 1 && !strcmp(labels.vms[0].label, "other"),
	      "a VM gone from the tree leaves the others' names alone");
	remove_process(proc, 10);
	remove_process(proc, 20);
	tree.vms = two;
	vm_labels_make(&labels, &tree, proc, 2000.0);
	CHECK(!labels.vms[0].present, "a process that is gone: no label, no error");
	rmdir(proc);
	vm_labels_free(&labels);
}

int main(void)
{
	struct kvmexit_tree tree = { vms, 6 };
	struct vm_labels labels = { 0 };
	/* Two VMs of one QEMU share its name; 40 imitates a disambiguated one. */
	const char *names[] = { "web", "db", "db", "qemu", "db (20-12)", NULL };

	printf("1..%d\n", PLAN);
	CHECK(vm_labels_from_names(&labels, &tree, names) == 0, "labels made");
	CHECK_EQ_STR(labels.vms[0].label, "web", "a unique name is the label");
	CHECK_EQ_STR(labels.vms[1].label, "db (20-12)", "repeated name: first gets its dir");
	CHECK_EQ_STR(labels.vms[2].label, "db (20-13)", "repeated name: second gets its dir");
	CHECK_EQ_STR(labels.vms[3].label, "qemu", "comm as a name");
	CHECK(labels.vms[1].present && !labels.vms[4].present,
	      "the look-alike is left out, the real one kept");
	CHECK(!labels.vms[5].present, "a vanished VM has no label");
	CHECK_EQ_U64(labels.left_out, 1, "left out");
	bool ordered = true;

	for (size_t i = 0; i < 6; i++)
		ordered &= labels.vms[i].index == i;
	CHECK(ordered, "the labels are in tree order");

	const char *alone[] = { "x", "y", "z", "x (10-11)", "w", "v" };

	CHECK(vm_labels_from_names(&labels, &tree, alone) == 0, "labels made again");
	CHECK_EQ_STR(labels.vms[3].label, "x (10-11)",
		     "a name like a label is fine while nobody needs that label");
	CHECK_EQ_U64(labels.left_out, 0, "none left out");
	CHECK(labels.vms[0].index == 0 && labels.vms[5].index == 5, "in tree order");
	vm_labels_free(&labels);
	test_kept_names();
	return harness_exit_status();
}
