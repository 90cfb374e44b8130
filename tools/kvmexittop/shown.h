/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a frame shows, shared by the live view's header and batch output:
 * the reasons of the host, of one VM or of one vCPU, or the list of VMs;
 * and the words that say which ("host", "VM web (pid 300), vCPU 2").
 */
#ifndef KVMEXITTOP_SHOWN_H
#define KVMEXITTOP_SHOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "options.h"
#include "source.h"

struct shown {
	const struct source *src;
	struct model *m;		/* whose reasons; the host's for lists */
	enum kvmexit_stats_scope scope;
	const struct vm_entry *vm;	/* NULL for the host */
	long vcpu;			/* -1: not one vCPU */
	bool vm_list;			/* the list of VMs, not reasons */
	bool vcpu_list;			/* the vCPUs of vm, not reasons */
};

/*
 * What to show for the VM of pid (0: the host) and vcpu (-1: all of the
 * VM).  Returns false when that VM or vCPU is not there (any more).
 */
bool shown_resolve(struct source *src, pid_t pid, long vcpu,
		   struct shown *shown);

/* "host", "VM web (pid 300)", "VM web (pid 300), vCPU 2", "VMs"... */
void shown_title(const struct shown *shown, char *buf, size_t size);

/*
 * Check -p and resolve -g to o->pid against a first refresh of src; with
 * --vcpu, read again at time now (the VM's vCPUs) and check it.  Returns
 * 0, or reports why not and returns the exit status: a name several VMs
 * share is a usage error that lists them.
 */
int shown_choose_vm(struct options *o, struct source *src, double now);

#endif /* KVMEXITTOP_SHOWN_H */
