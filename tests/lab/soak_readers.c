// SPDX-License-Identifier: GPL-2.0-only
/*
 * The soak's readers: each sweeps every debugfs file (the host's, every
 * VM's and every vCPU's) again and again.  Every read must parse, carry the
 * right header, and show counters that never went down since the same
 * thread's previous read of the same file:
 *
 * - the host file is compared only within one reset epoch (soak.reset_seq
 *   even and unchanged across both reads);
 * - a <pid>-<fd> name is reused by the next VM that gets the same fd, so a
 *   VM's or vCPU's file is known by its path and its directory's inode
 *   number (debugfs gives each new directory a new one), taken before and
 *   after the read: a read whose directory changed under it is dropped;
 * - cycles are compared only between reads that both say cycles=on (with
 *   cycles=off every cycles value reads 0).
 */
#include "soak.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The counters of one read, kept to compare with the next. */
struct snap {
	size_t nrows;
	uint32_t *reasons;
	uint64_t *counts, *cycles;
	uint64_t total_count, total_cycles;
	bool valid;
};

/* One file this thread follows. */
struct followed {
	char path[160];
	ino_t ino;
	unsigned int epoch;	/* the host file's reset epoch */
	bool seen;		/* in the current sweep */
	struct snap last, last_on;	/* last read; last with cycles=on */
};

struct reader {
	struct followed *files;
	size_t nfiles, capacity;
	struct followed host;
	struct kvmexit_stats stats;
	unsigned long sweeps;
};

static void snap_take(struct snap *snap, const struct kvmexit_stats *stats)
{
	if (stats->nrows > snap->nrows || !snap->reasons) {
		size_t n = stats->nrows ? stats->nrows : 1;

		snap->reasons = realloc(snap->reasons, n * sizeof(*snap->reasons));
		snap->counts = realloc(snap->counts, n * sizeof(*snap->counts));
		snap->cycles = realloc(snap->cycles, n * sizeof(*snap->cycles));
		if (!snap->reasons || !snap->counts || !snap->cycles)
			die("realloc");
	}
	snap->nrows = stats->nrows;
	for (size_t i = 0; i < stats->nrows; i++) {
		snap->reasons[i] = stats->rows[i].reason;
		snap->counts[i] = stats->rows[i].count;
		snap->cycles[i] = stats->rows[i].cycles;
	}
	snap->total_count = stats->total_count;
	snap->total_cycles = stats->total_cycles;
	snap->valid = true;
}

static void snap_free(struct snap *snap)
{
	free(snap->reasons);
	free(snap->counts);
	free(snap->cycles);
	memset(snap, 0, sizeof(*snap));
}

/*
 * Did every counter of old stay or grow in now (a row gone is a count gone
 * to 0)?  Counts, or cycles when cycles is set.
 */
static bool snap_grew(const struct snap *old, const struct kvmexit_stats *now,
		      bool cycles, char *why, size_t why_size)
{
	for (size_t i = 0; i < old->nrows; i++) {
		uint64_t before = cycles ? old->cycles[i] : old->counts[i];
		uint64_t after = cycles ? row_cycles(now, old->reasons[i]) :
					  row_count(now, old->reasons[i]);

		if (after < before) {
			snprintf(why, why_size, "reason %u %s went down: %llu -> %llu",
				 old->reasons[i], cycles ? "cycles" : "count",
				 (unsigned long long)before, (unsigned long long)after);
			return false;
		}
	}
	if ((cycles ? now->total_cycles : now->total_count) <
	    (cycles ? old->total_cycles : old->total_count)) {
		snprintf(why, why_size, "total %s went down: %llu -> %llu",
			 cycles ? "cycles" : "count",
			 (unsigned long long)(cycles ? old->total_cycles : old->total_count),
			 (unsigned long long)(cycles ? now->total_cycles : now->total_count));
		return false;
	}
	return true;
}

/* Compare a read with the file's previous ones, then remember it. */
static void follow(struct followed *f, const struct kvmexit_stats *now,
		   enum tally_id id)
{
	char why[200];

	if (f->last.valid) {
		bool ok = snap_grew(&f->last, now, false, why, sizeof(why));

		if (ok && now->cycles_measured && f->last_on.valid)
			ok = snap_grew(&f->last_on, now, true, why, sizeof(why));
		if (ok)
			tally_pass(id);
		else
			tally_fail(id, "%s: %s", f->path, why);
	}
	snap_take(&f->last, now);
	if (now->cycles_measured)
		snap_take(&f->last_on, now);
}

static void check_header(const struct kvmexit_stats *stats,
			 enum kvmexit_stats_scope scope, unsigned int cycles_seq0,
			 bool cycles_on0, const char *path)
{
	unsigned int cycles_seq1 = atomic_load(&soak.cycles_seq);

	if (stats->vendor != soak.rs.vendor || stats->scope != scope ||
	    !stats->tsc_khz) {
		tally_fail(T_HEADERS, "%s: vendor %s scope %s tsc_khz %llu", path,
			   kvmexit_vendor_name(stats->vendor),
			   kvmexit_stats_scope_name(stats->scope),
			   (unsigned long long)stats->tsc_khz);
		return;
	}
	/* cycles= must say what the parameter said if it held throughout. */
	if (cycles_seq0 == cycles_seq1 && !(cycles_seq0 & 1) &&
	    stats->cycles_measured != cycles_on0) {
		tally_fail(T_HEADERS, "%s: cycles=%s while exit_stats_cycles=%s",
			   path, stats->cycles_measured ? "on" : "off",
			   cycles_on0 ? "Y" : "N");
		return;
	}
	tally_pass(T_HEADERS);
}

/*
 * Read one file: 1 when it parsed, 0 when it was gone (a VM's or vCPU's
 * file may go at any time), -1 when it failed, which is counted.  A file
 * removed between its open and its read fails with EIO (debugfs refuses
 * reads of removed files): dir, the file's directory, going within a second
 * tells that this is what happened.
 */
static int read_one(struct reader *r, const char *path, const char *dir,
		    ino_t ino, enum kvmexit_stats_scope scope)
{
	struct kvmexit_stats_error error;
	unsigned int cycles_seq = atomic_load(&soak.cycles_seq);
	bool cycles_on = atomic_load(&soak.cycles_on);
	enum kvmexit_stats_status st = kvmexit_stats_read(path, &r->stats, &error);
	struct stat now;

	if (st == KVMEXIT_STATS_MISSING && scope != KVMEXIT_STATS_SCOPE_HOST)
		return 0;
	if (st == KVMEXIT_STATS_IO && error.errnum == EIO && dir) {
		/*
		 * KVM removes a VM's directory recursively: its files refuse
		 * reads before the directory itself goes.  A VM that lives on
		 * keeps its directory; one being destroyed loses it within
		 * moments.
		 */
		for (int waited = 0; waited < 100; waited++) {
			if (stat(dir, &now) || now.st_ino != ino) {
				atomic_fetch_add(&soak.eio_removed, 1);
				return 0;
			}
			sleep_ms(10);
		}
	}
	if (st != KVMEXIT_STATS_OK) {
		tally_fail(T_READS, "%s: %s", path, error.message);
		return -1;
	}
	tally_pass(T_READS);
	atomic_fetch_add(&soak.reads[scope], 1);
	check_header(&r->stats, scope, cycles_seq, cycles_on, path);
	return 1;
}

static void read_host(struct reader *r)
{
	unsigned int epoch0 = atomic_load(&soak.reset_seq), epoch1;

	if (read_one(r, KVMEXIT_DEBUGFS_PATH, NULL, 0, KVMEXIT_STATS_SCOPE_HOST) != 1)
		return;
	epoch1 = atomic_load(&soak.reset_seq);
	if (epoch0 != epoch1 || (epoch0 & 1))
		return;		/* a reset may have come between */
	if (r->host.epoch != epoch0) {
		snap_free(&r->host.last);
		snap_free(&r->host.last_on);
		r->host.epoch = epoch0;
	}
	follow(&r->host, &r->stats, T_HOST_GROWS);
}

static struct followed *find_followed(struct reader *r, const char *path,
				      ino_t ino)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].ino == ino && !strcmp(r->files[i].path, path))
			return &r->files[i];
	if (r->nfiles == r->capacity) {
		r->capacity = r->capacity ? 2 * r->capacity : 32;
		r->files = realloc(r->files, r->capacity * sizeof(*r->files));
		if (!r->files)
			die("realloc");
	}
	memset(&r->files[r->nfiles], 0, sizeof(r->files[0]));
	snprintf(r->files[r->nfiles].path, sizeof(r->files[0].path), "%s", path);
	r->files[r->nfiles].ino = ino;
	return &r->files[r->nfiles++];
}

/* Forget the files of VMs that have gone. */
static void prune(struct reader *r)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->nfiles; i++) {
		if (r->files[i].seen) {
			r->files[i].seen = false;
			r->files[kept++] = r->files[i];
		} else {
			snap_free(&r->files[i].last);
			snap_free(&r->files[i].last_on);
		}
	}
	r->nfiles = kept;
}

/* A VM's or vCPU's file, tied to its directory's inode around the read. */
static void read_dir_file(struct reader *r, const char *dir, const char *path,
			  enum kvmexit_stats_scope scope)
{
	struct stat before, after;
	struct followed *f;

	if (stat(dir, &before))
		return;
	if (read_one(r, path, dir, before.st_ino, scope) != 1)
		return;
	if (stat(dir, &after) || after.st_ino != before.st_ino)
		return;
	f = find_followed(r, path, before.st_ino);
	f->seen = true;
	follow(f, &r->stats, T_VM_GROWS);
}

/*
 * KVM's binary statistics of a VM or vCPU (KVM_GET_STATS_FD), read whole
 * as a reader of them does: header, descriptors, data.  Our counters are not
 * in there (docs/abi.md section 7); reading it must still work under churn.
 * Returns false with why on a short or failed read.
 */
static bool read_stats_fd(int owner_fd, char *why, size_t why_size)
{
	struct kvm_stats_header h;
	size_t desc_size, data_size = 0;
	char *descs = NULL, *data = NULL;
	bool ok = false;
	int fd = ioctl(owner_fd, KVM_GET_STATS_FD, NULL);

	if (fd < 0) {
		snprintf(why, why_size, "KVM_GET_STATS_FD: %s", strerror(errno));
		return false;
	}
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || !h.num_desc) {
		snprintf(why, why_size, "stats fd header: short read or no descriptors");
		goto out;
	}
	desc_size = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = malloc(desc_size * h.num_desc);
	if (!descs || pread(fd, descs, desc_size * h.num_desc, h.desc_offset) !=
			      (ssize_t)(desc_size * h.num_desc)) {
		snprintf(why, why_size, "stats fd: %u descriptors not read", h.num_desc);
		goto out;
	}
	for (uint32_t i = 0; i < h.num_desc; i++) {
		const struct kvm_stats_desc *d = (const void *)(descs + i * desc_size);
		size_t end = d->offset + (size_t)d->size * sizeof(uint64_t);

		if (end > data_size)
			data_size = end;
	}
	data = malloc(data_size ? data_size : 1);
	if (!data || pread(fd, data, data_size, h.data_offset) != (ssize_t)data_size) {
		snprintf(why, why_size, "stats fd: %zu bytes of data not read", data_size);
		goto out;
	}
	ok = true;
out:
	free(descs);
	free(data);
	close(fd);
	return ok;
}

static void read_control_stats_fds(void)
{
	int fds[2] = { atomic_load(&soak.control_vm_fd), atomic_load(&soak.control_vcpu_fd) };
	char why[128];

	for (int i = 0; i < 2; i++) {
		if (fds[i] < 0)
			continue;
		if (read_stats_fd(fds[i], why, sizeof(why))) {
			tally_pass(T_READS);
			atomic_fetch_add(&soak.stats_fd_reads, 1);
		} else {
			tally_fail(T_READS, "control %s: %s", i ? "vCPU 0" : "VM", why);
		}
	}
}

static void sweep(struct reader *r)
{
	struct kvmexit_tree tree;
	char dir[128], path[192];

	read_host(r);
	kvmexit_tree_init(&tree);
	if (kvmexit_tree_list(KVMEXIT_DEBUGFS_ROOT, &tree)) {
		tally_fail(T_READS, "cannot list %s", KVMEXIT_DEBUGFS_ROOT);
		return;
	}
	for (size_t v = 0; v < tree.nvms; v++) {
		const struct kvmexit_vm *vm = &tree.vms[v];

		snprintf(dir, sizeof(dir), "%s/%s", KVMEXIT_DEBUGFS_ROOT, vm->dir);
		kvmexit_tree_vm_path(KVMEXIT_DEBUGFS_ROOT, vm, path, sizeof(path));
		read_dir_file(r, dir, path, KVMEXIT_STATS_SCOPE_VM);
		for (size_t c = 0; c < vm->nvcpus; c++) {
			snprintf(dir, sizeof(dir), "%s/%s/vcpu%u", KVMEXIT_DEBUGFS_ROOT,
				 vm->dir, vm->vcpus[c]);
			kvmexit_tree_vcpu_path(KVMEXIT_DEBUGFS_ROOT, vm, vm->vcpus[c],
					       path, sizeof(path));
			read_dir_file(r, dir, path, KVMEXIT_STATS_SCOPE_VCPU);
		}
	}
	kvmexit_tree_free(&tree);
	prune(r);
	read_control_stats_fds();
	r->sweeps++;
}

void *reader_thread(void *arg)
{
	struct reader r = { 0 };

	(void)arg;
	r.host.epoch = ~0u;
	kvmexit_stats_init(&r.stats);
	while (!soak_stopping()) {
		sweep(&r);
		/* Leave the emulated CPUs to the vCPUs now and then. */
		sleep_ms(5);
	}
	for (size_t i = 0; i < r.nfiles; i++) {
		snap_free(&r.files[i].last);
		snap_free(&r.files[i].last_on);
	}
	snap_free(&r.host.last);
	snap_free(&r.host.last_on);
	free(r.files);
	kvmexit_stats_free(&r.stats);
	return NULL;
}
