/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMs of a KVM debugfs tree (ABI v2, docs/abi.md): under a root
 * directory (normally /sys/kernel/debug/kvm, or a copy of it in tests),
 *
 *	exit_stats			the host: every VM, and what exited VMs left
 *	<pid>-<fd>/exit_stats		one VM: pid of its VMM, fd of the VM
 *	<pid>-<fd>/vcpu<N>/exit_stats	one vCPU of it, N its vCPU id
 *
 * Everything else under the root (KVM's own files such as "exits", VM
 * directories of a kernel without the series, which lack exit_stats) is
 * ignored quietly.  VMs come and go while the tree is read: a VM listed
 * whose file has gone reads as KVMEXIT_STATS_MISSING, for the caller to
 * drop without an error.
 */
#ifndef KVMEXIT_KVM_TREE_H
#define KVMEXIT_KVM_TREE_H

#include <stddef.h>
#include <sys/types.h>

#include "stats_file.h"

struct kvmexit_vm {
	pid_t pid;		/* the VMM's process */
	int fd;			/* the VM's file descriptor in that process */
	char dir[32];		/* "<pid>-<fd>", the directory's name */
	unsigned int *vcpus;	/* vCPU ids with an exit_stats file, ascending */
	size_t nvcpus;
};

struct kvmexit_tree {
	struct kvmexit_vm *vms;	/* ascending by pid, then fd */
	size_t nvms;
};

void kvmexit_tree_init(struct kvmexit_tree *tree);
void kvmexit_tree_free(struct kvmexit_tree *tree);

/*
 * List the VMs under root into *tree (replacing what it held).  Returns 0,
 * or -1 with errno set when root cannot be read (ENOENT, EACCES, ENOMEM,
 * ...); *tree is then empty.
 */
int kvmexit_tree_list(const char *root, struct kvmexit_tree *tree);

/* The VM of a pid: the first one (lowest fd), or NULL. */
const struct kvmexit_vm *kvmexit_tree_find(const struct kvmexit_tree *tree,
					   pid_t pid);

/*
 * Paths of the three kinds of file.  Return the length snprintf() would
 * write; a result >= size means the path was cut.
 */
int kvmexit_tree_host_path(const char *root, char *buf, size_t size);
int kvmexit_tree_vm_path(const char *root, const struct kvmexit_vm *vm,
			 char *buf, size_t size);
int kvmexit_tree_vcpu_path(const char *root, const struct kvmexit_vm *vm,
			   unsigned int vcpu, char *buf, size_t size);

/* Read and parse one file (kvmexit_stats_read() on the paths above). */
enum kvmexit_stats_status kvmexit_tree_read_host(const char *root,
						 struct kvmexit_stats *stats,
						 struct kvmexit_stats_error *error);
enum kvmexit_stats_status kvmexit_tree_read_vm(const char *root,
					       const struct kvmexit_vm *vm,
					       struct kvmexit_stats *stats,
					       struct kvmexit_stats_error *error);
enum kvmexit_stats_status kvmexit_tree_read_vcpu(const char *root,
						 const struct kvmexit_vm *vm,
						 unsigned int vcpu,
						 struct kvmexit_stats *stats,
						 struct kvmexit_stats_error *error);

#endif /* KVMEXIT_KVM_TREE_H */
