/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM's display name, from its VMM process: QEMU's -name option in
 * /proc/PID/cmdline ("-name guest=NAME,debug-threads=on" as libvirt writes
 * it, or "-name NAME"; ",," stands for a comma inside the value), else the
 * process's comm.  Bytes that a terminal would act on (below 0x20, 0x7f)
 * are shown as '?'.
 */
#ifndef KVMEXIT_VM_NAME_H
#define KVMEXIT_VM_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Longest name kept, in bytes, without the NUL. */
#define KVMEXIT_VM_NAME_MAX 63

/*
 * The name of the VM whose VMM is pid, read under proc_root (normally
 * "/proc"; a directory shaped like it in tests) into name (size bytes,
 * at least 2).  Returns false when the process is gone (neither cmdline nor
 * comm can be read, or an empty cmdline: a zombie): a VM that vanished,
 * not an error.
 */
bool kvmexit_vm_name(const char *proc_root, pid_t pid, char *name,
		     size_t size);

/*
 * The -name value of a NUL-separated command line (len bytes, as in
 * /proc/PID/cmdline), unescaped, into name.  Returns false when there is
 * none.  Exposed for the unit tests.
 */
bool kvmexit_vm_name_from_cmdline(const char *cmdline, size_t len, char *name,
				  size_t size);

#endif /* KVMEXIT_VM_NAME_H */
