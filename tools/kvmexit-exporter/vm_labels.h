/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "vm" label of each VM of a tree: its name (lib/vm_name), which users
 * chose and may repeat.  Two series of one family must differ in a label, or
 * Prometheus refuses the whole scrape, so repeated names get the VM's
 * directory added: "web (4242-11)".  A VM whose name is taken even then (a
 * name chosen to look like another VM's label) is left out, and reported.
 *
 * Names are kept from one scrape to the next for VM_NAME_KEEP_S seconds:
 * reading a thousand command lines was a quarter of a scrape's system time,
 * and a VM's directory "<pid>-<fd>" names the same VMM for as long as the
 * VM lives (only a pid reused for a new VM with the same fd, within that
 * time, would keep an old name).
 */
#ifndef KVMEXIT_EXPORTER_VM_LABELS_H
#define KVMEXIT_EXPORTER_VM_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "kvm_tree.h"
#include "vm_name.h"

/* Room for a name, " (", a directory name and ")". */
#define VM_LABEL_MAX (KVMEXIT_VM_NAME_MAX + 2 + 32 + 1)
#define VM_NAME_KEEP_S 60

struct vm_label {
	pid_t pid;
	int fd;
	char name[KVMEXIT_VM_NAME_MAX + 1];
	char label[VM_LABEL_MAX + 1];
	size_t index;		/* in the tree */
	bool named;		/* name read from the process */
	bool present;		/* named, and the label is its own */
	double read_at;		/* when the name was read (monotonic s) */
};

struct vm_labels {
	struct vm_label *vms;	/* one per VM of the tree, in tree order */
	size_t nvms;
	size_t cap;
	struct vm_label *prev;	/* the last scrape's, for their names */
	size_t nprev;
	size_t prev_cap;
	size_t left_out;	/* VMs without a label of their own */
};

void vm_labels_free(struct vm_labels *labels);

/*
 * Name every VM of tree, from the processes under proc_root or the last
 * call's names (now: a monotonic time in seconds).  Returns 0, or -1 when
 * out of memory.
 */
int vm_labels_make(struct vm_labels *labels, const struct kvmexit_tree *tree,
		   const char *proc_root, double now);

/* The same, from names already known (names[i] NULL: the VM is gone). */
int vm_labels_from_names(struct vm_labels *labels,
			 const struct kvmexit_tree *tree,
			 const char *const *names);

#endif /* KVMEXIT_EXPORTER_VM_LABELS_H */
