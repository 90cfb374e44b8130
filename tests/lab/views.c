// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two views of the statistics the lab checks compare: the guest's (the
 * CPUID leaves of docs/abi.md, asked from a real-mode program) and the
 * host's (the debugfs files, read with lib/stats_file and lib/kvm_tree),
 * plus the few writes the checks make to the kernel.
 */
#include "lab_checks.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* ---- the guest's view ---- */

bool has_signature(struct cpuid_regs r)
{
	return r.eax == KVMEXIT_ABI_VERSION && r.ebx == KVMEXIT_SIGNATURE_EBX &&
	       r.ecx == KVMEXIT_SIGNATURE_ECX && r.edx == KVMEXIT_SIGNATURE_EDX;
}

uint64_t guest_reason_exits(struct vcpu *vcpu, uint32_t reason)
{
	struct cpuid_regs r = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_EXITS, reason);

	return kvmexit_u64(r.ebx, r.eax);
}

uint64_t guest_reason_cycles(struct vcpu *vcpu, uint32_t reason)
{
	struct cpuid_regs r = guest_cpuid(vcpu, KVMEXIT_LEAF_REASON_CYCLES, reason);

	return kvmexit_u64(r.ebx, r.ecx);
}

uint64_t guest_total_exits(struct vcpu *vcpu)
{
	struct cpuid_regs r = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_EXITS, 0);

	return kvmexit_u64(r.ebx, r.eax);
}

uint64_t guest_total_cycles(struct vcpu *vcpu)
{
	struct cpuid_regs r = guest_cpuid(vcpu, KVMEXIT_LEAF_TOTAL_CYCLES, 0);

	return kvmexit_u64(r.ebx, r.ecx);
}

struct cpuid_regs guest_scope_leaf(struct vcpu *vcpu)
{
	return guest_cpuid(vcpu, KVMEXIT_LEAF_SCOPE, 0);
}

/* ---- the host's view ---- */

static struct kvmexit_stats read_or_die(const char *path)
{
	struct kvmexit_stats stats;
	struct kvmexit_stats_error error;

	kvmexit_stats_init(&stats);
	if (kvmexit_stats_read(path, &stats, &error)) {
		printf("not ok - vmm: %s: %s\n", path, error.message);
		printf("# suite aborted\n");
		exit(1);
	}
	return stats;
}

struct kvmexit_stats host_stats(void)
{
	return read_or_die(KVMEXIT_DEBUGFS_PATH);
}

struct kvmexit_vm vm_tree_entry(const struct vm *vm)
{
	struct kvmexit_vm entry = { .pid = getpid(), .fd = vm->vm_fd };

	snprintf(entry.dir, sizeof(entry.dir), "%d-%d", (int)entry.pid, vm->vm_fd);
	return entry;
}

struct kvmexit_stats vm_stats(const struct vm *vm)
{
	struct kvmexit_vm entry = vm_tree_entry(vm);
	char path[256];

	kvmexit_tree_vm_path(KVMEXIT_DEBUGFS_ROOT, &entry, path, sizeof(path));
	return read_or_die(path);
}

struct kvmexit_stats vcpu_stats(const struct vm *vm, int vcpu_id)
{
	struct kvmexit_vm entry = vm_tree_entry(vm);
	char path[256];

	kvmexit_tree_vcpu_path(KVMEXIT_DEBUGFS_ROOT, &entry, (unsigned int)vcpu_id,
			       path, sizeof(path));
	return read_or_die(path);
}

uint64_t row_count(const struct kvmexit_stats *stats, uint32_t reason)
{
	const struct kvmexit_stats_row *row = kvmexit_stats_find(stats, reason);

	return row ? row->count : 0;
}

uint64_t row_cycles(const struct kvmexit_stats *stats, uint32_t reason)
{
	const struct kvmexit_stats_row *row = kvmexit_stats_find(stats, reason);

	return row ? row->cycles : 0;
}

bool stats_equal(const struct kvmexit_stats *a, const struct kvmexit_stats *b)
{
	if (a->nrows != b->nrows || a->total_count != b->total_count ||
	    a->total_cycles != b->total_cycles)
		return false;
	for (size_t i = 0; i < a->nrows; i++)
		if (a->rows[i].reason != b->rows[i].reason ||
		    a->rows[i].count != b->rows[i].count ||
		    a->rows[i].cycles != b->rows[i].cycles)
			return false;
	return true;
}

bool stats_cycles_zero(const struct kvmexit_stats *stats)
{
	if (stats->total_cycles)
		return false;
	for (size_t i = 0; i < stats->nrows; i++)
		if (stats->rows[i].cycles)
			return false;
	return true;
}

/* Compare one reason (or the total, for reason NULL) of a delta and a sum. */
static bool delta_matches(const char *what, uint64_t delta_count, uint64_t sum_count,
			  uint64_t delta_cycles, uint64_t sum_cycles,
			  char *why, size_t why_size)
{
	if (delta_count == sum_count && delta_cycles == sum_cycles)
		return true;
	snprintf(why, why_size, "%s: delta %llu exits %llu cycles, sum %llu exits %llu cycles",
		 what, (unsigned long long)delta_count, (unsigned long long)delta_cycles,
		 (unsigned long long)sum_count, (unsigned long long)sum_cycles);
	return false;
}

bool stats_delta_is_sum(const struct kvmexit_stats *before,
			const struct kvmexit_stats *after,
			const struct kvmexit_stats *parts, size_t nparts,
			char *why, size_t why_size)
{
	uint64_t count = 0, cycles = 0;
	char what[32];

	snprintf(why, why_size, "all rows match");
	/* Every reason in after, then every reason in a part (maybe not in after). */
	for (size_t i = 0; i < after->nrows; i++) {
		uint32_t reason = after->rows[i].reason;

		count = cycles = 0;
		for (size_t p = 0; p < nparts; p++) {
			count += row_count(&parts[p], reason);
			cycles += row_cycles(&parts[p], reason);
		}
		snprintf(what, sizeof(what), "reason %u", reason);
		if (!delta_matches(what, after->rows[i].count - row_count(before, reason),
				   count, after->rows[i].cycles - row_cycles(before, reason),
				   cycles, why, why_size))
			return false;
	}
	for (size_t p = 0; p < nparts; p++)
		for (size_t i = 0; i < parts[p].nrows; i++)
			if (!kvmexit_stats_find(after, parts[p].rows[i].reason)) {
				snprintf(why, why_size, "reason %u of part %zu missing after",
					 parts[p].rows[i].reason, p);
				return false;
			}
	count = cycles = 0;
	for (size_t p = 0; p < nparts; p++) {
		count += parts[p].total_count;
		cycles += parts[p].total_cycles;
	}
	return delta_matches("total", after->total_count - before->total_count, count,
			     after->total_cycles - before->total_cycles, cycles,
			     why, why_size);
}

/* ---- writing to the kernel ---- */

int write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = write(fd, text, len);
	err = n < 0 ? errno : 0;
	close(fd);
	return n == (ssize_t)len ? 0 : (err ? err : EIO);
}

int write_text(const char *path, const char *text)
{
	return write_file(path, text, strlen(text));
}

void read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

int set_param(const char *path, const char *value)
{
	char now[64];
	int err = write_text(path, value);

	if (err)
		return err;
	read_line(path, now, sizeof(now));
	return strcmp(now, value) ? EIO : 0;
}

int vm_limit_scope(const struct vm *vm, uint64_t scope, uint32_t flags,
		   uint64_t arg1)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_EXIT_STATS,
		.flags = flags,
		.args = { scope, arg1 },
	};

	return ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) ? errno : 0;
}
