// SPDX-License-Identifier: GPL-2.0-only
/* One scrape of the exit statistics: see collect.h. */
#include "collect.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static const struct expo_family_desc families[FAM_COUNT] = {
	[FAM_UP] = { "kvmexit_up", EXPO_GAUGE, NULL,
		"1 when the host's exit_stats file was read in this scrape, 0 when not (the reason is on the exporter's stderr)" },
	[FAM_SCRAPE_ERRORS] = { "kvmexit_scrape_errors", EXPO_COUNTER, NULL,
		"Exit statistics files that could not be read or parsed, since the exporter started" },
	[FAM_TSC_HERTZ] = { "kvmexit_tsc_hertz", EXPO_GAUGE, "hertz",
		"The host TSC frequency the kernel reports; handling seconds are TSC cycles divided by it" },
	[FAM_CYCLES_MEASURED] = { "kvmexit_cycles_measured", EXPO_GAUGE, NULL,
		"1 when the kernel measures handling cycles, 0 when kvm.exit_stats_cycles=N turned that off (no handling_seconds then)" },
	[FAM_EXITS] = { "kvmexit_exits", EXPO_COUNTER, NULL,
		"VM exits KVM handled on this host by exit reason: every VM, and what exited VMs left" },
	[FAM_SECONDS] = { "kvmexit_handling_seconds", EXPO_COUNTER, "seconds",
		"Host time KVM spent handling VM exits by exit reason, every VM" },
	[FAM_VM_INFO] = { "kvmexit_vm", EXPO_INFO, NULL,
		"One VM of the host: its vm label and the pid of its VMM" },
	[FAM_VM_EXITS] = { "kvmexit_vm_exits", EXPO_COUNTER, NULL,
		"VM exits of one VM by exit reason" },
	[FAM_VM_SECONDS] = { "kvmexit_vm_handling_seconds", EXPO_COUNTER, "seconds",
		"Host time KVM spent handling one VM's exits by exit reason" },
	[FAM_VCPU_EXITS] = { "kvmexit_vcpu_exits", EXPO_COUNTER, NULL,
		"VM exits of one vCPU by exit reason" },
	[FAM_VCPU_SECONDS] = { "kvmexit_vcpu_handling_seconds", EXPO_COUNTER, "seconds",
		"Host time KVM spent handling one vCPU's exits by exit reason" },
};

void collector_init(struct collector *c, const struct options *opt)
{
	memset(c, 0, sizeof(*c));
	c->opt = opt;
	kvmexit_stats_init(&c->stats);
	kvmexit_tree_init(&c->tree);
}

void collector_free(struct collector *c)
{
	kvmexit_stats_free(&c->stats);
	kvmexit_tree_free(&c->tree);
	vm_labels_free(&c->labels);
}

void scrape_output_free(struct scrape_output *out)
{
	/* The last part is the trailer, a constant; the others were taken. */
	for (unsigned int i = 0; i + 1 < out->nparts; i++)
		free(out->parts[i].iov_base);
	out->nparts = 0;
	out->len = 0;
}

/* The TSC frequency in hertz; 0 for a tsc_khz too large to be one. */
static uint64_t hertz_of(const struct kvmexit_stats *stats)
{
	return stats->tsc_khz <= UINT64_MAX / 1000 ? stats->tsc_khz * 1000 : 0;
}

/* The rows of stats as samples of exits and seconds, after the fixed labels. */
#define FIXED_LABELS_MAX 2
static void write_rows(const struct kvmexit_stats *stats,
		       struct expo_family *exits, struct expo_family *seconds,
		       const struct expo_label *fixed, size_t nfixed)
{
	uint64_t hertz = hertz_of(stats);
	struct expo_label labels[FIXED_LABELS_MAX + 2];
	char code[16];

	if (nfixed)
		memcpy(labels, fixed, nfixed * sizeof(*fixed));
	labels[nfixed] = (struct expo_label){ "reason", NULL };
	labels[nfixed + 1] = (struct expo_label){ "code", code };
	for (size_t i = 0; i < stats->nrows; i++) {
		const struct kvmexit_stats_row *row = &stats->rows[i];

		labels[nfixed].value = kvmexit_stats_row_name(stats, row);
		kvmexit_reason_format(code, sizeof(code), stats->vendor, row->reason);
		expo_sample_u64(exits, labels, nfixed + 2, row->count);
		/* cycles=off: every value is 0 and means "not measured". */
		if (stats->cycles_measured && hertz)
			expo_sample_ratio(seconds, labels, nfixed + 2,
					  row->cycles, hertz);
	}
}

static int exit_status_of(enum kvmexit_stats_status st)
{
	switch (st) {
	case KVMEXIT_STATS_OK:
		return KVMEXIT_EXIT_OK;
	case KVMEXIT_STATS_MISSING:
		return KVMEXIT_EXIT_NO_HOST;
	case KVMEXIT_STATS_MALFORMED:
	case KVMEXIT_STATS_VERSION:
		return KVMEXIT_EXIT_DATA;
	case KVMEXIT_STATS_DENIED:
	case KVMEXIT_STATS_IO:
		break;
	}
	return KVMEXIT_EXIT_RUNTIME;
}

/* Log an error when it differs from the last one logged in *last. */
static void note_error(char *last, size_t size, const char *message)
{
	if (!strncmp(last, message, size - 1))
		return;
	log_error("%s", message);
	snprintf(last, size, "%s", message);
}

static void note_recovery(char *last, const char *what)
{
	if (!*last)
		return;
	log_error("%s: readable again", what);
	*last = '\0';
}

/* The host's file (or --file): kvmexit_up, the TSC, the host families. */
static int collect_host(struct collector *c, struct expo_family *f)
{
	struct kvmexit_stats_error err;
	enum kvmexit_stats_status st;
	char path[PATH_MAX];

	if (c->opt->file) {
		snprintf(path, sizeof(path), "%s", c->opt->file);
		st = kvmexit_stats_read(c->opt->file, &c->stats, &err);
	} else {
		kvmexit_tree_host_path(c->opt->root, path, sizeof(path));
		st = kvmexit_tree_read_host(c->opt->root, &c->stats, &err);
	}
	expo_sample_u64(&f[FAM_UP], NULL, 0, st == KVMEXIT_STATS_OK);
	if (st != KVMEXIT_STATS_OK) {
		char message[sizeof(c->last_host_error)];

		c->scrape_errors++;
		snprintf(message, sizeof(message), "%.256s: %s",
			 path, err.message);
		note_error(c->last_host_error, sizeof(c->last_host_error), message);
		return exit_status_of(st);
	}
	note_recovery(c->last_host_error, path);
	if (hertz_of(&c->stats))
		expo_sample_u64(&f[FAM_TSC_HERTZ], NULL, 0, hertz_of(&c->stats));
	expo_sample_u64(&f[FAM_CYCLES_MEASURED], NULL, 0, c->stats.cycles_measured);
	write_rows(&c->stats, &f[FAM_EXITS], &f[FAM_SECONDS], NULL, 0);
	return KVMEXIT_EXIT_OK;
}

/*
 * One VM's or vCPU's file, read into c->stats.  A file that has gone is a
 * VM that exited while the tree was read: skipped without a word.
 */
static bool read_vm_file(struct collector *c, const struct kvmexit_vm *vm,
			 const unsigned int *vcpu, unsigned int *errors,
			 char *first_error, size_t size)
{
	struct kvmexit_stats_error err;
	enum kvmexit_stats_status st;
	char path[PATH_MAX];

	if (vcpu) {
		kvmexit_tree_vcpu_path(c->opt->root, vm, *vcpu, path, sizeof(path));
		st = kvmexit_tree_read_vcpu(c->opt->root, vm, *vcpu, &c->stats, &err);
	} else {
		kvmexit_tree_vm_path(c->opt->root, vm, path, sizeof(path));
		st = kvmexit_tree_read_vm(c->opt->root, vm, &c->stats, &err);
	}
	if (st == KVMEXIT_STATS_OK)
		return true;
	if (st != KVMEXIT_STATS_MISSING) {
		c->scrape_errors++;
		if (!(*errors)++)
			snprintf(first_error, size, "%.256s: %s",
				 path, err.message);
	}
	return false;
}

/* Every VM (and vCPU) of the tree, with its vm label. */
static void collect_vms(struct collector *c, struct expo_family *f)
{
	char first_error[sizeof(c->last_vm_error)] = "";
	unsigned int errors = 0;

	if (kvmexit_tree_list(c->opt->root, &c->tree)) {
		/* No tree at all: KVM is not loaded, which kvmexit_up says. */
		if (errno == ENOENT)
			return;
		c->scrape_errors++;
		snprintf(first_error, sizeof(first_error), "%.256s: cannot list the VMs: %.200s",
			 c->opt->root, strerror(errno));
		note_error(c->last_vm_error, sizeof(c->last_vm_error), first_error);
		return;
	}
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (vm_labels_make(&c->labels, &c->tree, c->opt->proc_root,
			   (double)now.tv_sec + now.tv_nsec / 1e9)) {
		c->scrape_errors++;
		note_error(c->last_vm_error, sizeof(c->last_vm_error),
			   "out of memory for the VM names");
		return;
	}
	for (size_t i = 0; i < c->tree.nvms; i++) {
		const struct kvmexit_vm *vm = &c->tree.vms[i];
		const struct vm_label *v = &c->labels.vms[i];
		char pid[16], vcpu_id[16];
		struct expo_label labels[2] = {
			{ "vm", v->label }, { "pid", pid },
		};

		if (!v->present)
			continue;
		snprintf(pid, sizeof(pid), "%d", (int)vm->pid);
		expo_sample_u64(&f[FAM_VM_INFO], labels, 2, 1);
		if (c->opt->per_vm &&
		    read_vm_file(c, vm, NULL, &errors, first_error, sizeof(first_error)))
			write_rows(&c->stats, &f[FAM_VM_EXITS], &f[FAM_VM_SECONDS],
				   labels, 1);
		if (!c->opt->per_vcpu)
			continue;
		labels[1] = (struct expo_label){ "vcpu", vcpu_id };
		for (size_t j = 0; j < vm->nvcpus; j++) {
			snprintf(vcpu_id, sizeof(vcpu_id), "%u", vm->vcpus[j]);
			if (read_vm_file(c, vm, &vm->vcpus[j], &errors, first_error,
					 sizeof(first_error)))
				write_rows(&c->stats, &f[FAM_VCPU_EXITS],
					   &f[FAM_VCPU_SECONDS], labels, 2);
		}
	}
	if (c->labels.left_out) {
		c->scrape_errors++;
		if (!errors++)
			snprintf(first_error, sizeof(first_error),
				 "%zu VM(s) left out: their names imitate another VM's vm label",
				 c->labels.left_out);
	}
	if (errors)
		note_error(c->last_vm_error, sizeof(c->last_vm_error), first_error);
	else
		note_recovery(c->last_vm_error, "the VM files");
}

/* The families the options ask for. */
static bool wanted(const struct options *opt, enum collect_family fam)
{
	switch (fam) {
	case FAM_VM_INFO:
		return opt->per_vm || opt->per_vcpu;
	case FAM_VM_EXITS:
	case FAM_VM_SECONDS:
		return opt->per_vm;
	case FAM_VCPU_EXITS:
	case FAM_VCPU_SECONDS:
		return opt->per_vcpu;
	default:
		return true;
	}
}

int collector_scrape(struct collector *c, enum expo_format format,
		     struct scrape_output *out)
{
	/* Families not wanted stay empty and unsent. */
	struct expo_family f[FAM_COUNT] = { 0 };
	bool per_vm = c->opt->per_vm || c->opt->per_vcpu;
	bool failed = false;

	*out = (struct scrape_output){ .format = format };
	for (unsigned int i = 0; i < FAM_COUNT; i++)
		if (wanted(c->opt, i))
			expo_family_begin(&f[i], format, &families[i],
					  c->size_hint[i] + c->size_hint[i] / 8);
	int status = collect_host(c, f);

	if (per_vm)
		collect_vms(c, f);
	/* Last, so that it counts the errors of this scrape too. */
	expo_sample_u64(&f[FAM_SCRAPE_ERRORS], NULL, 0, c->scrape_errors);

	for (unsigned int i = 0; i < FAM_COUNT; i++) {
		if (!wanted(c->opt, i))
			continue;
		failed |= f[i].failed;
		size_t len;
		char *text = expo_family_take(&f[i], &len);

		c->size_hint[i] = len;
		out->parts[out->nparts++] = (struct iovec){ text, len };
		out->len += len;
	}
	const char *trailer = expo_trailer(format);

	out->parts[out->nparts++] = (struct iovec){ (void *)trailer, strlen(trailer) };
	out->len += strlen(trailer);
	if (failed) {
		scrape_output_free(out);
		log_error("out of memory while writing the metrics");
		return -1;
	}
	return status;
}
