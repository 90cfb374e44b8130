/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where kvmexittop's numbers come from: one file (-f), or a debugfs tree
 * (--root, default /sys/kernel/debug/kvm) with the host's file, one per VM
 * and one per vCPU (ABI v2).  A source keeps one model per file it reads,
 * so every VM and vCPU has its own rates; the view and batch mode pick the
 * model of what they show.  VMs that appear are added, VMs whose process
 * or directory went are dropped without an error.
 */
#ifndef KVMEXITTOP_SOURCE_H
#define KVMEXITTOP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kvm_tree.h"
#include "model.h"
#include "tracepoint.h"
#include "vm_name.h"

struct vcpu_entry {
	unsigned int id;
	struct model model;
};

struct vm_entry {
	pid_t pid;
	int fd;
	char dir[32];			/* "<pid>-<fd>" */
	char name[KVMEXIT_VM_NAME_MAX + 1];
	struct model model;
	size_t vcpu_count;		/* vCPU files listed */
	struct vcpu_entry *vcpus;	/* ascending by id; read only for */
	size_t nvcpus;			/* the VM source_refresh() is asked */
	bool listed;			/* in the latest listing */
};

struct source {
	const char *file;		/* -f: this one file, no VMs */
	const char *root;		/* else the tree */
	const char *proc_root;		/* "/proc" */
	unsigned int online_cpus;
	struct model host;		/* the host's file, or -f's */
	struct vm_entry *vms;		/* ascending by pid, then fd */
	size_t nvms;
	struct kvmexit_tree tree;
	int list_errno;			/* the last listing failed: errno */
	bool tracepoint;		/* counting through kvm:kvm_exit instead */
	struct tracepoint tp;
	enum kvmexit_vendor cpu_vendor;	/* tracepoint mode, before any exit */
};

void source_init(struct source *src, const char *file, const char *root,
		 unsigned int online_cpus);
void source_free(struct source *src);

/* Whether there are VMs to list: a tree, not one file. */
static inline bool source_has_vms(const struct source *src)
{
	return src->file == NULL;
}

/*
 * Read everything at time now: the host's file, the list of VMs, each
 * VM's file, and the vCPU files of the VM of pid vcpus_of (0: none).
 * Returns the host model's event; a VM or vCPU whose file fails is
 * dropped (it went away), except that a malformed or wrong-version VM file
 * fails the host model too, so the error is seen.
 */
enum model_event source_refresh(struct source *src, double now,
				pid_t vcpus_of);

/*
 * No exit_stats file: count through a kvm:kvm_exit hist trigger under
 * tracefs instead.  Returns 0, or an exit status with a message
 * (tracepoint_start()'s).  source_free() removes the trigger.
 */
int source_use_tracepoint(struct source *src, const char *tracefs, char *msg,
			  size_t size);

/* The VM of pid (lowest fd), or NULL. */
struct vm_entry *source_find_vm(struct source *src, pid_t pid);
/* The vCPU id of vm, or NULL. */
struct vcpu_entry *source_find_vcpu(struct vm_entry *vm, unsigned int id);

/*
 * The VMs named name: fills matches (room for max) and returns how many
 * there are (which may exceed max).
 */
size_t source_match_name(struct source *src, const char *name,
			 struct vm_entry **matches, size_t max);

/* A VM's share of the host's handling cycles over the last interval. */
double source_host_time_share(const struct source *src,
			      const struct model *part);

#endif /* KVMEXITTOP_SOURCE_H */
