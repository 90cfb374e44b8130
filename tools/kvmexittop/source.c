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
	if (src->tracepoint)
		tracepoint_stop(&src->tp);
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

/* The process a vCPU thread belongs to; the thread itself if it is gone. */
static pid_t tgid_of(const struct source *src, pid_t tid)
{
	char path[64], line[128];
	FILE *f;
	pid_t tgid = tid;

	snprintf(path, sizeof(path), "%s/%d/status", src->proc_root, (int)tid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	if (f)
		fclose(f);
	return tgid;
}

/*
 * The counts of process tgid (0: all) in the ABI's text, so the model takes
 * them like a file's: scope host or vm, cycles=off (the tracepoint has no
 * cycles), tsc_khz=1 (unknown, and never shown in this mode).
 */
static int counts_text(const struct source *src, const pid_t *tgids, pid_t tgid,
		       char **text, size_t *len)
{
	const struct tracepoint *tp = &src->tp;
	enum kvmexit_vendor vendor = src->cpu_vendor;
	FILE *f = open_memstream(text, len);
	uint64_t total = 0;
	uint32_t last = 0;
	bool any = false;

	if (!f)
		return -1;
	if (tp->ncounts)
		vendor = tp->counts[0].isa == TRACEPOINT_ISA_SVM ?
			 KVMEXIT_VENDOR_SVM : KVMEXIT_VENDOR_VMX;
	fprintf(f, "# kvm exit statistics v2 vendor=%s tsc_khz=1 scope=%s cycles=off\n"
		"reason name count cycles\n", kvmexit_vendor_name(vendor),
		tgid ? "vm" : "host");
	/* Rows ascend by reason: the smallest reason above the last, each pass. */
	for (;;) {
		uint64_t count = 0;
		uint32_t next = 0;
		bool found = false;

		for (size_t i = 0; i < tp->ncounts; i++) {
			uint32_t r = tp->counts[i].reason;

			if ((tgid && tgids[i] != tgid) || (any && r <= last))
				continue;
			if (!found || r < next) {
				next = r;
				found = true;
			}
		}
		if (!found)
			break;
		for (size_t i = 0; i < tp->ncounts; i++)
			if (tp->counts[i].reason == next && (!tgid || tgids[i] == tgid))
				count += tp->counts[i].count;
		const char *name = kvmexit_reason_name(vendor, next);

		if (count)
			fprintf(f, "%u %s %llu 0\n", next, name ? name : "UNKNOWN",
				(unsigned long long)count);
		total += count;
		last = next;
		any = true;
	}
	fprintf(f, "total - %llu 0\n", (unsigned long long)total);
	return fclose(f) ? -1 : 0;
}

static void update_from_text(struct model *m, const char *text, size_t len,
			     double now)
{
	struct kvmexit_stats_error err;

	if (kvmexit_stats_parse(text, len, &m->scratch, &err))
		model_fail(m, &err);
	else
		model_update(m, &m->scratch, now);
}

/* Tracepoint mode: the host and a VM per process from the histogram. */
static enum model_event refresh_tracepoint(struct source *src, double now)
{
	struct kvmexit_stats_error err = { .status = KVMEXIT_STATS_IO };
	struct tracepoint *tp = &src->tp;
	pid_t *tgids = NULL;
	char *text = NULL;
	size_t len = 0;
	enum model_event ev;

	if (tracepoint_read(tp, err.message, sizeof(err.message)))
		return model_fail(&src->host, &err);
	tgids = calloc(tp->ncounts ? tp->ncounts : 1, sizeof(*tgids));
	if (!tgids || counts_text(src, tgids, 0, &text, &len)) {
		free(tgids);
		return out_of_memory(src);
	}
	update_from_text(&src->host, text, len, now);
	ev = src->host.last_event;
	free(text);
	/* The VMs: one per process with vCPU threads in the histogram. */
	struct kvmexit_tree *t = &src->tree;

	kvmexit_tree_free(t);
	t->vms = calloc(tp->ncounts ? tp->ncounts : 1, sizeof(*t->vms));
	for (size_t i = 0; t->vms && i < tp->ncounts; i++) {
		size_t j = 0;

		tgids[i] = tgid_of(src, tp->counts[i].tid);
		while (j < t->nvms && t->vms[j].pid != tgids[i])
			j++;
		if (j == t->nvms) {
			t->vms[t->nvms++] = (struct kvmexit_vm){ .pid = tgids[i] };
			snprintf(t->vms[j].dir, sizeof(t->vms[j].dir), "%d",
				 (int)tgids[i]);
		}
		/* vCPUs: the distinct threads seen (counted, ids not kept). */
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= tp->counts[k].tid == tp->counts[i].tid;
		if (!seen)
			t->vms[j].nvcpus++;
	}
	if (!t->vms || sync_vms(src)) {
		free(tgids);
		return out_of_memory(src);
	}
	for (size_t i = 0; i < src->nvms; i++) {
		struct vm_entry *e = &src->vms[i];

		for (size_t j = 0; j < t->nvms; j++)
			if (t->vms[j].pid == e->pid)
				e->vcpu_count = t->vms[j].nvcpus;
		text = NULL;
		if (counts_text(src, tgids, e->pid, &text, &len) == 0)
			update_from_text(&e->model, text, len, now);
		free(text);
	}
	free(tgids);
	return ev;
}

int source_use_tracepoint(struct source *src, const char *tracefs, char *msg,
			  size_t size)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int status;

	/* The vendor until the first exit says (its isa). */
	src->cpu_vendor = KVMEXIT_VENDOR_VMX;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "vendor_id", 9)) {
			if (strstr(line, "AuthenticAMD") || strstr(line, "HygonGenuine"))
				src->cpu_vendor = KVMEXIT_VENDOR_SVM;
			break;
		}
	if (f)
		fclose(f);
	status = tracepoint_start(&src->tp, tracefs, msg, size);
	src->tracepoint = status == 0;
	return status;
}

enum model_event source_refresh(struct source *src, double now, pid_t vcpus_of)
{
	struct kvmexit_stats_error data_error = { 0 };
	enum model_event ev;

	if (src->file)
		return model_read(&src->host, src->file, now);
	if (src->tracepoint)
		return refresh_tracepoint(src, now);
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
