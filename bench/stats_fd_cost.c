// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats_fd_cost: what reading a VM's statistics costs the host, in TSC ticks
 * of the reading process (under the lab's -icount, emulated instructions):
 * the data of the VM's binary stats fd in one pread, as QEMU's query-stats
 * reads it; the same for vCPU 0's stats fd; and the VM's debugfs file
 * (open, read, close), where the series is loaded.  Each is the minimum
 * over N reads of a VM of VCPUS vCPUs that have all run.
 *
 * Usage: stats_fd_cost [-v VCPUS] N
 * Prints one line: "stats_fd vcpus=V vm_data_bytes=B vm_fd=T vcpu_fd=T
 * vm_file=T" (vm_file=- without the series' files).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <x86intrin.h>

#include "big_vm.h"

struct stats_fd {
	int fd;
	struct kvm_stats_header header;
	size_t data_size;
	void *data;
};

static void pread_exact(int fd, void *buf, size_t size, off_t offset)
{
	if (pread(fd, buf, size, offset) != (ssize_t)size)
		die("pread of a stats fd");
}

/* The fd, its header, and the size of its data from the descriptors. */
static struct stats_fd stats_fd_open(int vm_or_vcpu_fd)
{
	struct stats_fd s = { .fd = ioctl(vm_or_vcpu_fd, KVM_GET_STATS_FD, NULL) };
	size_t desc_size;
	char *desc;

	if (s.fd < 0)
		die("KVM_GET_STATS_FD");
	pread_exact(s.fd, &s.header, sizeof(s.header), 0);
	desc_size = sizeof(struct kvm_stats_desc) + s.header.name_size;
	desc = calloc(s.header.num_desc, desc_size);
	if (!desc)
		die("calloc");
	pread_exact(s.fd, desc, s.header.num_desc * desc_size, s.header.desc_offset);
	for (uint32_t i = 0; i < s.header.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)(desc + i * desc_size);
		size_t end = d->offset + d->size * sizeof(uint64_t);

		if (end > s.data_size)
			s.data_size = end;
	}
	free(desc);
	s.data = malloc(s.data_size);
	if (!s.data)
		die("malloc");
	return s;
}

static uint64_t min_ticks_fd(struct stats_fd *s, uint32_t n)
{
	uint64_t best = UINT64_MAX;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t t0 = __rdtsc(), t;

		pread_exact(s->fd, s->data, s->data_size, s->header.data_offset);
		t = __rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

/* 0 when the file is not there (stock modules). */
static uint64_t min_ticks_file(const char *path, uint32_t n)
{
	static char buf[64 * 1024];
	uint64_t best = UINT64_MAX;

	if (access(path, R_OK))
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t t0 = __rdtsc(), t;
		int fd = open(path, O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
			die(path);
		close(fd);
		t = __rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	static struct big_vm vm;
	struct stats_fd vm_fd, vcpu_fd;
	uint64_t file_ticks;
	uint32_t vcpus = 1, n;
	char path[128], *end;
	int opt;

	while ((opt = getopt(argc, argv, "v:h")) != -1) {
		if (opt != 'v') {
			fputs("usage: stats_fd_cost [-v VCPUS] N\n", stderr);
			return opt == 'h' ? 0 : 64;
		}
		vcpus = strtoul(optarg, &end, 10);
		if (*end || !vcpus || vcpus > MAX_VM_VCPUS) {
			fprintf(stderr, "stats_fd_cost: 1 to %d vCPUs\n", MAX_VM_VCPUS);
			return 64;
		}
	}
	if (optind != argc - 1 || !(n = strtoul(argv[optind], &end, 10)) || *end) {
		fputs("usage: stats_fd_cost [-v VCPUS] N (N > 0)\n", stderr);
		return 64;
	}

	big_vm_create(&vm, vcpus, false);
	vm_fd = stats_fd_open(vm.part[0].vm_fd);
	vcpu_fd = stats_fd_open(vm.first.fd);
	/* KVM names a VM's directory after the creating task and the VM fd. */
	snprintf(path, sizeof(path), "/sys/kernel/debug/kvm/%d-%d/exit_stats",
		 (int)getpid(), vm.part[0].vm_fd);
	printf("stats_fd vcpus=%" PRIu32 " vm_data_bytes=%zu vm_fd=%" PRIu64
	       " vcpu_fd=%" PRIu64, vcpus, vm_fd.data_size, min_ticks_fd(&vm_fd, n),
	       min_ticks_fd(&vcpu_fd, n));
	file_ticks = min_ticks_file(path, n);
	if (file_ticks)
		printf(" vm_file=%" PRIu64 "\n", file_ticks);
	else
		printf(" vm_file=-\n");
	big_vm_destroy(&vm);
	return 0;
}
