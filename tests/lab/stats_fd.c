// SPDX-License-Identifier: GPL-2.0-only
/*
 * The third view of the statistics: KVM's binary stats fd (KVM_GET_STATS_FD
 * on a VM or a vCPU), where the series adds the arrays exits_by_reason and
 * exit_cycles_by_reason after the stock statistics (docs/abi.md, "Binary
 * stats").  Read the way QEMU reads it: the header, the descriptors at
 * desc_offset, then every value at data_offset in one pread.  Checked
 * against the debugfs files and the guest's leaves while no vCPU runs, so
 * every comparison is exact.
 */
#include "lab_checks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define EXITS_DESC	"exits_by_reason"
#define CYCLES_DESC	"exit_cycles_by_reason"

struct stats_fd {
	struct kvm_stats_header header;
	size_t desc_size;	/* one descriptor and its name */
	char *desc;		/* header.num_desc descriptors */
	uint64_t *data;
	size_t nr_data;		/* u64 values in data */
	char *bulk;		/* the whole file, read in one pread */
	size_t bulk_size;
};

static const struct kvm_stats_desc *stats_fd_desc(const struct stats_fd *s,
						  uint32_t i)
{
	return (const struct kvm_stats_desc *)(s->desc + i * s->desc_size);
}

static void pread_all(int fd, void *buf, size_t size, off_t offset)
{
	ssize_t r = pread(fd, buf, size, offset);

	if (r < 0)
		die("pread of a stats fd");
	if ((size_t)r != size) {
		printf("Bail out! stats fd: %zd of %zu bytes at %lld\n", r, size,
		       (long long)offset);
		exit(1);
	}
}

/* The layout and every value of one stats fd; any short read is fatal. */
static struct stats_fd stats_fd_read(int stats_fd)
{
	struct stats_fd s = { 0 };

	pread_all(stats_fd, &s.header, sizeof(s.header), 0);
	s.desc_size = sizeof(struct kvm_stats_desc) + s.header.name_size;
	s.desc = calloc(s.header.num_desc, s.desc_size);
	if (!s.desc)
		die("calloc");
	pread_all(stats_fd, s.desc, s.header.num_desc * s.desc_size,
		  s.header.desc_offset);
	for (uint32_t i = 0; i < s.header.num_desc; i++) {
		const struct kvm_stats_desc *d = stats_fd_desc(&s, i);
		size_t end = d->offset / sizeof(uint64_t) + d->size;

		if (end > s.nr_data)
			s.nr_data = end;
	}
	s.data = calloc(s.nr_data ? s.nr_data : 1, sizeof(uint64_t));
	if (!s.data)
		die("calloc");
	pread_all(stats_fd, s.data, s.nr_data * sizeof(uint64_t),
		  s.header.data_offset);

	s.bulk_size = s.header.data_offset + s.nr_data * sizeof(uint64_t);
	s.bulk = malloc(s.bulk_size);
	if (!s.bulk)
		die("malloc");
	pread_all(stats_fd, s.bulk, s.bulk_size, 0);
	return s;
}

static void stats_fd_free(struct stats_fd *s)
{
	free(s->desc);
	free(s->data);
	free(s->bulk);
}

/* The descriptor called @name, or NULL. */
static const struct kvm_stats_desc *stats_fd_find(const struct stats_fd *s,
						  const char *name, uint32_t *index)
{
	for (uint32_t i = 0; i < s->header.num_desc; i++) {
		const struct kvm_stats_desc *d = stats_fd_desc(s, i);

		if (!strncmp(d->name, name, s->header.name_size)) {
			if (index)
				*index = i;
			return d;
		}
	}
	return NULL;
}

/* The values of the descriptor @name: fatal if it is not there. */
static const uint64_t *stats_fd_values(const struct stats_fd *s, const char *name)
{
	const struct kvm_stats_desc *d = stats_fd_find(s, name, NULL);

	if (!d) {
		printf("Bail out! stats fd has no %s\n", name);
		exit(1);
	}
	return s->data + d->offset / sizeof(uint64_t);
}

static int get_stats_fd(int fd)
{
	int stats_fd = ioctl(fd, KVM_GET_STATS_FD, NULL);

	if (stats_fd < 0)
		die("KVM_GET_STATS_FD");
	return stats_fd;
}

static struct stats_fd read_fd_of(int vm_or_vcpu_fd)
{
	int stats_fd = get_stats_fd(vm_or_vcpu_fd);
	struct stats_fd s = stats_fd_read(stats_fd);

	close(stats_fd);
	return s;
}

/*
 * The array index of an exit reason (docs/abi.md): VMX's basic reasons
 * 0-85 as themselves; SVM's codes 0x000-0x0a6 as themselves, 0x400-0x403 at
 * 167-170, VMEXIT_INVALID at 171; the last index holds every other reason.
 */
static size_t stats_fd_slot(enum kvmexit_vendor vendor, uint32_t reason)
{
	if (vendor == KVMEXIT_VENDOR_VMX)
		return reason < 86 ? reason : 86;
	if (reason < 0xa7)
		return reason;
	if (reason >= 0x400 && reason <= 0x403)
		return 0xa7 + reason - 0x400;
	return reason == 0xffffffffu ? 171 : 172;
}

static size_t slots_of(enum kvmexit_vendor vendor)
{
	return vendor == KVMEXIT_VENDOR_VMX ? 87 : 173;
}

/* The end of the stock values: where the first array must start. */
static size_t stock_end(const struct stats_fd *s, uint32_t nr_stock)
{
	size_t end = 0;

	for (uint32_t i = 0; i < nr_stock; i++) {
		const struct kvm_stats_desc *d = stats_fd_desc(s, i);
		size_t e = d->offset + d->size * sizeof(uint64_t);

		if (e > end)
			end = e;
	}
	return end;
}

/* Both arrays are the last two descriptors, as docs/abi.md gives them. */
static bool layout_ok(const struct stats_fd *s, enum kvmexit_vendor vendor,
		      char *why, size_t why_size)
{
	uint32_t ie = 0, ic = 0, n = s->header.num_desc;
	const struct kvm_stats_desc *e = stats_fd_find(s, EXITS_DESC, &ie);
	const struct kvm_stats_desc *c = stats_fd_find(s, CYCLES_DESC, &ic);
	uint32_t base = KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_BASE_POW10;
	size_t end = n >= 2 ? stock_end(s, n - 2) : 0;

	if (!e || !c || ie != n - 2 || ic != n - 1) {
		snprintf(why, why_size, "not the last two descriptors");
		return false;
	}
	if (e->flags != (base | KVM_STATS_UNIT_NONE) ||
	    c->flags != (base | KVM_STATS_UNIT_CYCLES) || e->exponent ||
	    c->exponent || e->bucket_size || c->bucket_size) {
		snprintf(why, why_size, "flags 0x%x/0x%x", e->flags, c->flags);
		return false;
	}
	if (e->size != slots_of(vendor) || c->size != slots_of(vendor)) {
		snprintf(why, why_size, "sizes %u/%u, not %zu", e->size, c->size,
			 slots_of(vendor));
		return false;
	}
	if (e->offset != end || c->offset != end + e->size * sizeof(uint64_t)) {
		snprintf(why, why_size, "offsets %u/%u, stock values end at %zu",
			 e->offset, c->offset, end);
		return false;
	}
	if (s->header.data_offset != s->header.desc_offset + n * s->desc_size) {
		snprintf(why, why_size, "data_offset %u", s->header.data_offset);
		return false;
	}
	snprintf(why, why_size, "%zu elements each after %zu bytes of stock "
		 "values", slots_of(vendor), end);
	return true;
}

/* Do the arrays hold exactly the rows and the total of a debugfs file? */
static bool arrays_equal_file(const struct stats_fd *s, enum kvmexit_vendor vendor,
			      const struct kvmexit_stats *file, char *why,
			      size_t why_size)
{
	const uint64_t *exits = stats_fd_values(s, EXITS_DESC);
	const uint64_t *cycles = stats_fd_values(s, CYCLES_DESC);
	size_t nonzero = 0, n = slots_of(vendor);
	uint64_t sum_exits = 0, sum_cycles = 0;

	for (size_t i = 0; i < n; i++) {
		sum_exits += exits[i];
		sum_cycles += cycles[i];
		nonzero += exits[i] != 0;
	}
	for (size_t r = 0; r < file->nrows; r++) {
		const struct kvmexit_stats_row *row = &file->rows[r];
		size_t slot = stats_fd_slot(vendor, row->reason);

		if (exits[slot] != row->count ||
		    (file->cycles_measured && cycles[slot] != row->cycles)) {
			snprintf(why, why_size, "reason %u: fd %llu/%llu, file %llu/%llu",
				 row->reason, (unsigned long long)exits[slot],
				 (unsigned long long)cycles[slot],
				 (unsigned long long)row->count,
				 (unsigned long long)row->cycles);
			return false;
		}
	}
	if (nonzero != file->nrows || sum_exits != file->total_count ||
	    (file->cycles_measured && sum_cycles != file->total_cycles)) {
		snprintf(why, why_size, "%zu non-zero elements for %zu rows, sums "
			 "%llu/%llu, totals %llu/%llu", nonzero, file->nrows,
			 (unsigned long long)sum_exits, (unsigned long long)sum_cycles,
			 (unsigned long long)file->total_count,
			 (unsigned long long)file->total_cycles);
		return false;
	}
	snprintf(why, why_size, "%zu reasons, %llu exits", file->nrows,
		 (unsigned long long)sum_exits);
	return true;
}

/* Reading the file in pieces that cross every boundary gives the same bytes. */
static bool pieces_equal_bulk(int fd, const struct stats_fd *s)
{
	int stats_fd = get_stats_fd(fd);
	char *pieces = calloc(1, s->bulk_size);
	size_t at = 0;
	bool same;

	if (!pieces)
		die("calloc");
	while (at < s->bulk_size) {
		ssize_t r = read(stats_fd, pieces + at, 13);

		if (r <= 0)
			break;
		at += r;
	}
	same = at == s->bulk_size && !memcmp(pieces, s->bulk, s->bulk_size);
	free(pieces);
	close(stats_fd);
	return same;
}

void check_stats_fd(const struct reasons *rs)
{
	const uint32_t n_cpuid = 300, n_out = 200, n_hlt = 50;
	struct stats_fd f0, f1, fvm, before;
	struct kvmexit_stats file0, file1, filevm;
	const uint64_t *e0, *e1, *evm, *c0, *c1, *cvm;
	size_t n = slots_of(rs->vendor), cpuid = stats_fd_slot(rs->vendor, rs->cpuid);
	struct vcpu v0, v1;
	uint64_t g, stock_delta, sum_delta = 0;
	bool sums_ok = true, ok;
	char why[160];
	struct vm vm;

	vm_create(&vm);
	vcpu_create(&vm, &v0, 0);
	vcpu_create(&vm, &v1, 1);
	before = read_fd_of(v0.fd);
	/* CHECK formats its message first: compute what it prints before. */
	ok = layout_ok(&before, rs->vendor, why, sizeof(why));
	CHECK(ok, "vCPU stats fd: %s and %s are the last descriptors: %s",
	      EXITS_DESC, CYCLES_DESC, why);

	guest_loop(&v0, guest_cpuid_loop, n_cpuid);
	guest_loop(&v1, guest_out_loop, n_out);
	guest_loop(&v1, guest_hlt_loop, n_hlt);

	f0 = read_fd_of(v0.fd);
	f1 = read_fd_of(v1.fd);
	fvm = read_fd_of(vm.vm_fd);
	file0 = vcpu_stats(&vm, 0);
	file1 = vcpu_stats(&vm, 1);
	filevm = vm_stats(&vm);
	e0 = stats_fd_values(&f0, EXITS_DESC);
	e1 = stats_fd_values(&f1, EXITS_DESC);
	evm = stats_fd_values(&fvm, EXITS_DESC);
	c0 = stats_fd_values(&f0, CYCLES_DESC);
	c1 = stats_fd_values(&f1, CYCLES_DESC);
	cvm = stats_fd_values(&fvm, CYCLES_DESC);

	ok = layout_ok(&fvm, rs->vendor, why, sizeof(why));
	CHECK(ok, "VM stats fd: the same two descriptors: %s", why);
	CHECK_EQ_U64(e0[cpuid] - stats_fd_values(&before, EXITS_DESC)[cpuid],
		     n_cpuid, "vCPU 0's exits_by_reason[CPUID] grew by exactly 300");
	ok = arrays_equal_file(&f0, rs->vendor, &file0, why, sizeof(why));
	CHECK(ok, "vCPU 0's arrays equal its debugfs file, every reason and the total: %s",
	      why);
	ok = arrays_equal_file(&f1, rs->vendor, &file1, why, sizeof(why));
	CHECK(ok, "vCPU 1's arrays (I/O and HLT) equal its debugfs file: %s", why);
	ok = arrays_equal_file(&fvm, rs->vendor, &filevm, why, sizeof(why));
	CHECK(ok, "VM's arrays equal the VM's debugfs file: %s", why);
	for (size_t i = 0; i < n; i++)
		sums_ok &= evm[i] == e0[i] + e1[i] && cvm[i] == c0[i] + c1[i];
	CHECK(sums_ok, "VM's arrays are the element-wise sums of its two vCPUs'");

	/* Stock values keep their place: KVM's own exit count moves with ours. */
	stock_delta = stats_fd_values(&f0, "exits")[0] -
		      stats_fd_values(&before, "exits")[0];
	for (size_t i = 0; i < n; i++)
		sum_delta += e0[i] - stats_fd_values(&before, EXITS_DESC)[i];
	CHECK_EQ_U64(stock_delta, sum_delta,
		     "stock 'exits' grew as much as the arrays did (stock values intact)");
	CHECK(pieces_equal_bulk(v0.fd, &f0),
	      "a vCPU fd read in 13-byte pieces equals one bulk read");

	/* The guest's leaf counts its own query; the fd then holds that. */
	g = guest_reason_exits(&v0, rs->cpuid);
	stats_fd_free(&f0);
	f0 = read_fd_of(v0.fd);
	CHECK_EQ_U64(stats_fd_values(&f0, EXITS_DESC)[cpuid], g,
		     "vCPU 0's exits_by_reason[CPUID] equals the guest's leaf");

	stats_fd_free(&before);
	stats_fd_free(&f0);
	stats_fd_free(&f1);
	stats_fd_free(&fvm);
	kvmexit_stats_free(&file0);
	kvmexit_stats_free(&file1);
	kvmexit_stats_free(&filevm);
	vm_destroy(&vm);
}

/* With stock modules: KVM's own statistics, without the arrays. */
void check_stats_fd_stock(struct vm *vm, struct vcpu *vcpu)
{
	struct stats_fd sv = read_fd_of(vcpu->fd), sm = read_fd_of(vm->vm_fd);

	CHECK(stats_fd_find(&sv, "exits", NULL) &&
	      !stats_fd_find(&sv, EXITS_DESC, NULL) &&
	      !stats_fd_find(&sv, CYCLES_DESC, NULL) &&
	      !stats_fd_find(&sm, EXITS_DESC, NULL) &&
	      !stats_fd_find(&sm, CYCLES_DESC, NULL),
	      "stock modules: stats fds have 'exits' (%u vCPU, %u VM descriptors) "
	      "and no %s or %s", sv.header.num_desc, sm.header.num_desc,
	      EXITS_DESC, CYCLES_DESC);
	stats_fd_free(&sv);
	stats_fd_free(&sm);
}
