// SPDX-License-Identifier: GPL-2.0-only
/* The files kvmexittop reads and a model for each: see source.h. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void source_init(struct source *src, const char *file, const char *root,
		 unsigned int online_cpus)
{
	memset(src, 0, sizeof(*src));
	src->file = file;
	src->root = root;
	src->proc_root = "/proc";
	src->online_cpus = online_cpus;
	model_init(&src->host, online_cpus);
	kvmexit_tree_init(&src->tree);
}

static void free_vcpus(struct vm_entry *vm)
{
	for (size_t i = 0; i < vm->nvcpus; i++)
		model_free(&vm->vcpus[i].model);
	free(vm->vcpus);
	vm->vcpus = NULL;
	vm->nvcpus = 0;
}

static void free_vm(struct vm_entry *vm)
{
	free_vcpus(vm);
	model_free(&vm->model);
}

void source_free(struct source *src)
{
	for (size_t i = 0; i < src->nvms; i++)
		free_vm(&src->vms[i]);
	free(src->vms);
	kvmexit_tree_free(&src->tree);
	model_free(&src->host);
	memset(src, 0, sizeof(*src));
}

static struct vm_entry *find_dir(struct source *src, const struct kvmexit_vm *vm)
{
	for (size_t i = 0; i < src->nvms; i++)
		if (src->vms[i].pid == vm->pid && src->vms[i].fd == vm->fd)
			return &src->vms[i];
	return NULL;
}

/*
 * Make src->vms the VMs of the new listing, in its order: known ones keep
 * their models (and so their rates), new ones get a name and a fresh
 * model, and those whose process is gone (no name) are left out.
 */
static int sync_vms(struct source *src)
{
	const struct kvmexit_tree *t = &src->tree;
	struct vm_entry *vms = calloc(t->nvms ? t->nvms : 1, sizeof(*vms));
	size_t n = 0;

	if (!vms)
		return -1;
	for (size_t i = 0; i < t->nvms; i++) {
		const struct kvmexit_vm *vm = &t->vms[i];
		struct vm_entry *old = find_dir(src, vm);

		if (old) {
			vms[n] = *old;
			old->listed = true;	/* moved, not to be freed */
		} else {
			struct vm_entry *e = &vms[n];

			if (!kvmexit_vm_name(src->proc_root, vm->pid, e->name,
					     sizeof(e->name)))
				continue;	/* the VMM has gone already */
			e->pid = vm->pid;
			e->fd = vm->fd;
			snprintf(e->dir, sizeof(e->dir), "%s", vm->dir);
			model_init(&e->model, src->online_cpus);
		}
		n++;
	}
	for (size_t i = 0; i < src->nvms; i++)
		if (!src->vms[i].listed)
			free_vm(&src->vms[i]);
	free(src->vms);
	src->vms = vms;
	src->nvms = n;
	for (size_t i = 0; i < n; i++)
		src->vms[i].listed = false;
	return 0;
}

/* The vCPUs of vm as the listing has them, their models kept. */
static int sync_vcpus(struct vm_entry *vm, const struct kvmexit_vm *listed)
{
	struct vcpu_entry *vcpus = calloc(listed->nvcpus ? listed->nvcpus : 1,
					  sizeof(*vcpus));

	if (!vcpus)
		return -1;
	for (size_t i = 0; i < listed->nvcpus; i++) {
		struct vcpu_entry *old = source_find_vcpu(vm, listed->vcpus[i]);

		vcpus[i].id = listed->vcpus[i];
		if (old) {
			vcpus[i].model = old->model;
			old->id = (unsigned int)-1;	/* moved */
		} else {
			model_init(&vcpus[i].model, vm->model.online_cpus);
		}
	}
	for (size_t i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].id != (unsigned int)-1)
			model_free(&vm->vcpus[i].model);
	free(vm->vcpus);
	vm->vcpus = vcpus;
	vm->nvcpus = listed->nvcpus;
	return 0;
}

static bool is_data_error(const struct kvmexit_stats_error *e)
{
	return e->status == KVMEXIT_STATS_MALFORMED ||
	       e->status == KVMEXIT_STATS_VERSION;
}

static enum model_event out_of_memory(struct source *src)
{
	struct kvmexit_stats_error e = {
		.status = KVMEXIT_STATS_IO, .errnum = ENOMEM,
		.message = "out of memory",
	};

	return model_fail(&src->host, &e);
}

/* Read one VM's file (and its vCPUs'); false: it went away. */
static bool read_vm(struct source *src, struct vm_entry *e,
		    const struct kvmexit_vm *vm, double now, bool vcpus,
		    struct kvmexit_stats_error *data_error)
{
	struct kvmexit_stats_error err;

	if (kvmexit_tree_read_vm(src->root, vm, &e->model.scratch, &err)) {
		if (is_data_error(&err))
			*data_error = err;
		return false;
	}
	model_update(&e->model, &e->model.scratch, now);
	if (!vcpus) {
		free_vcpus(e);
		return true;
	}
	if (sync_vcpus(e, vm))
		return true;	/* no memory for vCPUs: the VM still shows */
	for (size_t i = 0; i < e->nvcpus; i++) {
		struct vcpu_entry *c = &e->vcpus[i];

		if (kvmexit_tree_read_vcpu(src->root, vm, c->id, &c->model.scratch,
					   &err) == KVMEXIT_STATS_OK)
			model_update(&c->model, &c->model.scratch, now);
		else
			model_fail(&c->model, &err);
	}
	return true;
}

enum model_event source_refresh(struct source *src, double now, pid_t vcpus_of)
{
	struct kvmexit_stats_error data_error = { 0 };
	enum model_event ev;

	if (src->file)
		return model_read(&src->host, src->file, now);
	{
		char path[4096];

		kvmexit_tree_host_path(src->root, path, sizeof(path));
		ev = model_read(&src->host, path, now);
	}
	if (ev == MODEL_ERROR) {
		/* No host file, no VMs to show either. */
		for (size_t i = 0; i < src->nvms; i++)
			free_vm(&src->vms[i]);
		src->nvms = 0;
		return ev;
	}
	src->list_errno = kvmexit_tree_list(src->root, &src->tree) ? errno : 0;
	if (src->list_errno)
		kvmexit_tree_free(&src->tree);
	if (sync_vms(src))
		return out_of_memory(src);
	size_t kept = 0;

	for (size_t i = 0; i < src->nvms; i++) {
		struct vm_entry *e = &src->vms[i];
		const struct kvmexit_vm *vm = NULL;

		for (size_t j = 0; j < src->tree.nvms && !vm; j++)
			if (src->tree.vms[j].pid == e->pid &&
			    src->tree.vms[j].fd == e->fd)
				vm = &src->tree.vms[j];
		if (vm)
			e->vcpu_count = vm->nvcpus;
		if (vm && read_vm(src, e, vm, now, e->pid == vcpus_of,
				  &data_error)) {
			src->vms[kept++] = *e;
			continue;
		}
		free_vm(e);
	}
	src->nvms = kept;
	if (data_error.status)
		return model_fail(&src->host, &data_error);
	return ev;
}

struct vm_entry *source_find_vm(struct source *src, pid_t pid)
{
	for (size_t i = 0; i < src->nvms; i++)
		if (src->vms[i].pid == pid)
			return &src->vms[i];
	return NULL;
}

struct vcpu_entry *source_find_vcpu(struct vm_entry *vm, unsigned int id)
{
	for (size_t i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].id == id)
			return &vm->vcpus[i];
	return NULL;
}

size_t source_match_name(struct source *src, const char *name,
			 struct vm_entry **matches, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < src->nvms; i++) {
		if (strcmp(src->vms[i].name, name))
			continue;
		if (n < max)
			matches[n] = &src->vms[i];
		n++;
	}
	return n;
}

double source_host_time_share(const struct source *src,
			      const struct model *part)
{
	const struct model *h = &src->host;

	if (!h->rates_valid || !part->rates_valid || h->cycles_rate <= 0)
		return 0;
	double share = part->cycles_rate / h->cycles_rate;

	return share < 1 ? share : 1;
}
