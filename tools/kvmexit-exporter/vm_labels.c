// SPDX-License-Identifier: GPL-2.0-only
/* Unique vm labels from VM names: see vm_labels.h. */
#include "vm_labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vm_labels_free(struct vm_labels *labels)
{
	free(labels->vms);
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

static int grow(struct vm_labels *labels, size_t n)
{
	if (n <= labels->cap)
		return 0;
	struct vm_label *vms = realloc(labels->vms, n * sizeof(*vms));

	if (!vms)
		return -1;
	labels->vms = vms;
	labels->cap = n;
	return 0;
}

/* The labels, once every present VM has its name. */
static void make_unique(struct vm_labels *labels, const struct kvmexit_tree *tree)
{
	struct vm_label *v = labels->vms;
	size_t n = tree->nvms;

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

int vm_labels_make(struct vm_labels *labels, const struct kvmexit_tree *tree,
		   const char *proc_root)
{
	if (grow(labels, tree->nvms))
		return -1;
	for (size_t i = 0; i < tree->nvms; i++) {
		struct vm_label *v = &labels->vms[i];

		v->index = i;
		v->present = kvmexit_vm_name(proc_root, tree->vms[i].pid, v->name,
					     sizeof(v->name));
		if (!v->present)
			v->name[0] = '\0';
	}
	make_unique(labels, tree);
	return 0;
}

int vm_labels_from_names(struct vm_labels *labels,
			 const struct kvmexit_tree *tree,
			 const char *const *names)
{
	if (grow(labels, tree->nvms))
		return -1;
	for (size_t i = 0; i < tree->nvms; i++) {
		struct vm_label *v = &labels->vms[i];

		v->index = i;
		v->present = names[i] != NULL;
		snprintf(v->name, sizeof(v->name), "%s", names[i] ? names[i] : "");
	}
	make_unique(labels, tree);
	return 0;
}
