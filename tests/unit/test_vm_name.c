// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of lib/vm_name: QEMU and libvirt command lines, ",," escapes,
 * the comm fallback and vanished processes, against a /proc-shaped
 * directory the test builds.
 */
#define HARNESS_SUITE "vm_name"
#include "../harness.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vm_name.h"

#define PLAN 26

/* A command line given as one string with '|' for the NUL separators. */
static size_t argv_of(const char *bars, char *buf, size_t size)
{
	size_t n = strlen(bars) + 1;

	if (n > size)
		n = size;
	for (size_t i = 0; i < n; i++)
		buf[i] = bars[i] == '|' ? '\0' : bars[i];
	return n;
}

static const struct {
	const char *cmdline;	/* '|' between arguments, ends with one */
	const char *name;	/* NULL: no -name */
} cases[] = {
	{ "qemu-system-x86_64|-name|web|-m|512|", "web" },
	{ "qemu-system-x86_64|-name|guest=db1,debug-threads=on|", "db1" },
	{ "/usr/bin/qemu-system-x86_64|-name|debug-threads=on,guest=late|", "late" },
	{ "qemu|-name|a,,b,process=qemu:x|", "a,b" },
	{ "qemu|-name|guest=x,,,,y|", "x,,y" },
	{ "qemu|-name|guest=with space|", "with space" },
	{ "qemu|--name|dashdash|", "dashdash" },
	{ "qemu|-name=inline,debug-threads=on|", "inline" },
	{ "qemu|-name|debug-threads=on|", NULL },
	{ "qemu|-name|", NULL },
	{ "qemu|-m|512|", NULL },
	{ "qemu|-m|-name|", NULL },		/* -name with no value after it */
	{ "-name|notme|", NULL },		/* argv[0] is the program */
	{ "qemu|-namex|no|", NULL },
	{ "qemu|-name|guest=|", NULL },
	{ "qemu|-object|secret,id=s|-name|guest=vm-2,debug-threads=on|-S|", "vm-2" },
};

static void test_cmdlines(void)
{
	char buf[512], name[KVMEXIT_VM_NAME_MAX + 1];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = argv_of(cases[i].cmdline, buf, sizeof(buf)) - 1;
		bool found;

		strcpy(name, "(unset)");
		found = kvmexit_vm_name_from_cmdline(buf, len, name, sizeof(name));
		if (cases[i].name)
			CHECK(found && !strcmp(name, cases[i].name),
			      "%s gives \"%s\" (got %s \"%s\")", cases[i].cmdline,
			      cases[i].name, found ? "found" : "none", name);
		else
			CHECK(!found, "%s has no name (got \"%s\")",
			      cases[i].cmdline, found ? name : "");
	}
	/* A command line cut in the middle of the value: no name. */
	size_t len = argv_of("qemu|-name|guest=cut", buf, sizeof(buf)) - 1;

	CHECK(!kvmexit_vm_name_from_cmdline(buf, len, name, sizeof(name)),
	      "a value without its NUL (cut cmdline) is not used");
	/* A long name is cut to the buffer, still terminated. */
	len = argv_of("qemu|-name|0123456789abcdef|", buf, sizeof(buf)) - 1;
	CHECK(kvmexit_vm_name_from_cmdline(buf, len, name, 8) &&
	      !strcmp(name, "0123456"), "a long name is cut to the buffer (\"%s\")",
	      name);
}

static char proc[] = "/tmp/kvmexit-proc-XXXXXX";

static void put(int pid, const char *what, const char *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", proc, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%d/%s", proc, pid, what);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void test_proc(void)
{
	char buf[512], name[KVMEXIT_VM_NAME_MAX + 1];
	size_t len;

	if (!mkdtemp(proc)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	len = argv_of("qemu-system-x86_64|-name|guest=libvirt-vm,debug-threads=on|", buf, sizeof(buf));
	put(100, "cmdline", buf, len - 1);
	put(100, "comm", "qemu-system-x86\n", 16);
	CHECK(kvmexit_vm_name(proc, 100, name, sizeof(name)) &&
	      !strcmp(name, "libvirt-vm"), "libvirt's -name guest= (\"%s\")", name);

	len = argv_of("./vmm_exits|--vcpus|2|", buf, sizeof(buf));
	put(101, "cmdline", buf, len - 1);
	put(101, "comm", "vmm_exits\n", 10);
	CHECK(kvmexit_vm_name(proc, 101, name, sizeof(name)) &&
	      !strcmp(name, "vmm_exits"), "no -name: comm without its newline (\"%s\")",
	      name);

	put(102, "cmdline", "", 0);		/* a zombie's empty cmdline */
	put(102, "comm", "qemu-system-x86\n", 16);
	CHECK(!kvmexit_vm_name(proc, 102, name, sizeof(name)),
	      "empty cmdline (a zombie): gone, whatever comm says");

	len = argv_of("qemu|-name|evil\033[2Jname\x7f|", buf, sizeof(buf));
	put(103, "cmdline", buf, len - 1);
	CHECK(kvmexit_vm_name(proc, 103, name, sizeof(name)) &&
	      !strcmp(name, "evil?[2Jname?"), "control bytes become '?' (\"%s\")", name);

	put(104, "comm", "tab\there\n", 9);	/* cmdline unreadable, comm left */
	CHECK(kvmexit_vm_name(proc, 104, name, sizeof(name)) &&
	      !strcmp(name, "tab?here"), "comm only, its tab shown as '?' (\"%s\")",
	      name);

	strcpy(name, "unchanged");
	CHECK(!kvmexit_vm_name(proc, 999, name, sizeof(name)),
	      "a vanished process has no name, and is no error");
	CHECK(!kvmexit_vm_name("/nonexistent-proc", 1, name, sizeof(name)),
	      "a missing proc root: no name");

	/* The real /proc: this process's own comm. */
	CHECK(kvmexit_vm_name("/proc", getpid(), name, sizeof(name)) &&
	      !strcmp(name, "vm_name"), "real /proc: our own comm (\"%s\")", name);

	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", proc);
	if (system(cmd))
		printf("# could not remove %s\n", proc);
}

int main(void)
{
	printf("1..%d\n", PLAN);
	test_cmdlines();
	test_proc();
	if (harness_count != PLAN)
		printf("# planned %d checks, ran %d\n", PLAN, harness_count);
	return harness_count == PLAN ? harness_exit_status() : 1;
}
