// SPDX-License-Identifier: GPL-2.0-only
/* Unique vm labels from VM names: see vm_labels.h. */
#include "vm_labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vm_labels_free(struct vm_labels *labels)
{
	free(labels->vms);
	free(labels->prev);
	*labels = (struct vm_labels){ 0 };
}

static int by_name(const void *a, const void *b)
{
	const struct vm_label *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_label(const void *a, const void *b)
{
	const struct vm_label *x = a, *y = b;
	int c = strcmp(x->label, y->label);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_index(const void *a, const void *b)
{
	const struct vm_label *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* Room for n labels; the last call's become labels->prev. */
static int start(struct vm_labels *labels, size_t n)
{
	struct vm_label *swap = labels->prev;
	size_t swap_cap = labels->prev_cap;

	labels->prev = labels->vms;
	labels->prev_cap = labels->cap;
	labels->nprev = labels->nvms;
	labels->vms = swap;
	labels->cap = swap_cap;
	labels->nvms = 0;
	if (n <= labels->cap)
		return 0;
	struct vm_label *vms = realloc(labels->vms, n * sizeof(*vms));

	if (!vms)
		return -1;
	labels->vms = vms;
	labels->cap = n;
	return 0;
}

static void init_label(struct vm_label *v, const struct kvmexit_vm *vm, size_t i)
{
	*v = (struct vm_label){ .pid = vm->pid, .fd = vm->fd, .index = i };
}

/* The labels, once every present VM has its name. */
static void make_unique(struct vm_labels *labels, const struct kvmexit_tree *tree)
{
	struct vm_label *v = labels->vms;
	size_t n = tree->nvms;

	for (size_t i = 0; i < n; i++)
		v[i].present = v[i].named;
	/* A name that more than one VM has gets the directory added. */
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 0; i < n; i++) {
		bool repeated = v[i].present &&
			((i > 0 && v[i - 1].present && !strcmp(v[i - 1].name, v[i].name)) ||
			 (i + 1 < n && v[i + 1].present && !strcmp(v[i + 1].name, v[i].name)));

		if (repeated)
			snprintf(v[i].label, sizeof(v[i].label), "%s (%s)",
				 v[i].name, tree->vms[v[i].index].dir);
		else
			snprintf(v[i].label, sizeof(v[i].label), "%s", v[i].name);
	}
	/* What is still repeated was made to look alike: first one wins. */
	labels->left_out = 0;
	qsort(v, n, sizeof(*v), by_label);
	for (size_t i = 1; i < n; i++) {
		if (!v[i].present)
			continue;
		for (size_t j = i; j-- > 0;) {
			if (!v[j].present)
				continue;
			if (!strcmp(v[j].label, v[i].label)) {
				v[i].present = false;
				labels->left_out++;
			}
			break;
		}
	}
	qsort(v, n, sizeof(*v), by_index);
}

/* Both lists ascend by pid, then fd (the tree's order). */
static int compare_vm(const struct vm_label *a, const struct kvmexit_vm *b)
{
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return (a->fd > b->fd) - (a->fd < b->fd);
}

int vm_labels_make(struct vm_labels *labels, const struct kvmexit_tree *tree,
		   const char *proc_root, double now)
{
	size_t j = 0;

	if (start(labels, tree->nvms))
		return -1;
	for (size_t i = 0; i < tree->nvms; i++) {
		struct vm_label *v = &labels->vms[i];
		const struct kvmexit_vm *vm = &tree->vms[i];

		init_label(v, vm, i);
		while (j < labels->nprev && compare_vm(&labels->prev[j], vm) < 0)
			j++;
		if (j < labels->nprev && !compare_vm(&labels->prev[j], vm) &&
		    labels->prev[j].named && now - labels->prev[j].read_at < VM_NAME_KEEP_S) {
			memcpy(v->name, labels->prev[j].name, sizeof(v->name));
			v->named = true;
			v->read_at = labels->prev[j].read_at;
			continue;
		}
		v->named = kvmexit_vm_name(proc_root, vm->pid, v->name, sizeof(v->name));
		v->read_at = now;
		if (!v->named)
			v->name[0] = '\0';
	}
	labels->nvms = tree->nvms;
	make_unique(labels, tree);
	return 0;
}

int vm_labels_from_names(struct vm_labels *labels,
			 const struct kvmexit_tree *tree,
			 const char *const *names)
{
	if (start(labels, tree->nvms))
		return -1;
	for (size_t i = 0; i < tree->nvms; i++) {
		struct vm_label *v = &labels->vms[i];

		init_label(v, &tree->vms[i], i);
		v->named = names[i] != NULL;
		snprintf(v->name, sizeof(v->name), "%s", names[i] ? names[i] : "");
	}
	labels->nvms = tree->nvms;
	make_unique(labels, tree);
	return 0;
}
