// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit_cost: the guest-observed cost of CPUID exits.  A real-mode guest runs
 * batches of B CPUIDs of one leaf back to back between two RDTSCs; each
 * CPUID is one VM exit handled by KVM.  Meant for the lab with QEMU's
 * -icount (lab/run --icount), where the TSC counts emulated instructions.
 *
 * The emulated host still takes timer interrupts and runs other work now and
 * then, which lands in some batches.  The minimum over many batches is the
 * cost of the exit path itself and repeats from run to run; the median shows
 * what a guest typically sees.
 *
 * The statistics leaves sum over vCPUs: over the asking VM's (scope vm) or
 * over every VM's (scope host).  -v gives the measuring VM that many vCPUs,
 * -o adds VMS other VMs of PER vCPUs each that exist while it measures; every
 * vCPU runs one CPUID exit first, so that it has run at least once.  vCPU 0
 * of the measuring VM runs the batches.
 *
 * -t gives every vCPU the host's supported CPUID table as its model, as a
 * VMM does (QEMU always sets one): CPUID then finds most leaves in the table,
 * and leaf 0 is answered from it.  Without -t no vCPU has a table.
 *
 * Usage: exit_cost [-t] [-l LEAF] [-c SUBLEAF] [-b BATCH] [-w WARMUP]
 *                  [-v VCPUS] [-o VMSxPER] N
 * Prints one line: "leaf=0x... n=N batch=B min=M median=D vcpus=V
 * others=VMSxPER sum_scope=S sum_vcpus=C table=0|1" (ticks per exit; S and C are
 * EAX and EDX of leaf 0x4FFFFFFA asked before the batches: the scope the
 * sums run over and how many vCPUs are in them, 0 without the statistics).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "big_vm.h"

#define LEAF_INFO	0x4FFFFFFA
#define MAX_OTHER_VMS	16

static uint32_t parse_u32(const char *text, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end || !*text || v > UINT32_MAX) {
		fprintf(stderr, "exit_cost: bad %s '%s'\n", what, text);
		exit(64);
	}
	return (uint32_t)v;
}

static uint64_t timed_run(struct vm *vm, struct vcpu *vcpu, uint32_t leaf,
			  uint32_t subleaf, uint32_t n)
{
	struct kvm_regs regs;
	uint32_t *start = (uint32_t *)((char *)vm->mem + TIMED_START_GPA);

	memset(&regs, 0, sizeof(regs));
	regs.rdi = leaf;
	regs.rsi = subleaf;
	regs.rbp = n;
	vcpu_run_program(vcpu, guest_cpuid_timed, &regs);
	return (((uint64_t)(uint32_t)regs.rdx << 32) | (uint32_t)regs.rax) -
	       (((uint64_t)start[1] << 32) | start[0]);
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#define USAGE "usage: exit_cost [-t] [-l LEAF] [-c SUBLEAF] [-b BATCH] [-w WARMUP] " \
	"[-v VCPUS] [-o VMSxPER] N\n"

/* "VMSxPER": how many other VMs, and how many vCPUs each has. */
static void parse_others(const char *text, uint32_t *vms, uint32_t *per)
{
	char vms_text[16];
	const char *x = strchr(text, 'x');

	if (!x || (size_t)(x - text) >= sizeof(vms_text)) {
		fprintf(stderr, "exit_cost: bad other VMs '%s' (want VMSxPER, e.g. 7x8)\n", text);
		exit(64);
	}
	memcpy(vms_text, text, x - text);
	vms_text[x - text] = '\0';
	*vms = parse_u32(vms_text, "number of other VMs");
	*per = parse_u32(x + 1, "vCPUs per other VM");
}

int main(int argc, char **argv)
{
	uint32_t leaf = 0, subleaf = 0, batch = 100, warmup = 1000, n, batches;
	uint32_t nr_vcpus = 1, other_vms = 0, other_vcpus = 0;
	bool cpuid_table = false;
	static struct big_vm vm, others[MAX_OTHER_VMS];
	struct cpuid_regs info;
	uint64_t *ticks;
	int opt;

	while ((opt = getopt(argc, argv, "tl:c:b:w:v:o:h")) != -1) {
		switch (opt) {
		case 't': cpuid_table = true; break;
		case 'l': leaf = parse_u32(optarg, "leaf"); break;
		case 'c': subleaf = parse_u32(optarg, "subleaf"); break;
		case 'b': batch = parse_u32(optarg, "batch size"); break;
		case 'w': warmup = parse_u32(optarg, "warm-up count"); break;
		case 'v': nr_vcpus = parse_u32(optarg, "number of vCPUs"); break;
		case 'o': parse_others(optarg, &other_vms, &other_vcpus); break;
		default:
			fputs(USAGE, stderr);
			return opt == 'h' ? 0 : 64;
		}
	}
	if (optind != argc - 1) {
		fputs(USAGE, stderr);
		return 64;
	}
	n = parse_u32(argv[optind], "count");
	if (!n || !warmup || !batch || n < batch) {
		fprintf(stderr, "exit_cost: counts must be positive, N at least BATCH\n");
		return 64;
	}
	if (!nr_vcpus || nr_vcpus > MAX_VM_VCPUS || other_vcpus > MAX_VM_VCPUS ||
	    other_vms > MAX_OTHER_VMS || (other_vms && !other_vcpus)) {
		fprintf(stderr, "exit_cost: 1 to %d vCPUs per VM, at most %d other VMs\n",
			MAX_VM_VCPUS, MAX_OTHER_VMS);
		return 64;
	}
	batches = n / batch;
	ticks = calloc(batches, sizeof(*ticks));
	if (!ticks)
		die("calloc");

	for (uint32_t i = 0; i < other_vms; i++)
		big_vm_create(&others[i], other_vcpus, cpuid_table);
	big_vm_create(&vm, nr_vcpus, cpuid_table);
	/* What the sums run over, as the guest is told. */
	info = guest_cpuid(&vm.first, LEAF_INFO, 0);
	/* Fault the code and data pages in, and warm the host's caches. */
	timed_run(&vm.part[0], &vm.first, leaf, subleaf, warmup);
	for (uint32_t i = 0; i < batches; i++)
		ticks[i] = timed_run(&vm.part[0], &vm.first, leaf, subleaf, batch);
	qsort(ticks, batches, sizeof(*ticks), compare_u64);
	printf("leaf=0x%08x n=%" PRIu32 " batch=%" PRIu32 " min=%.2f median=%.2f"
	       " vcpus=%" PRIu32 " others=%" PRIu32 "x%" PRIu32
	       " sum_scope=%" PRIu32 " sum_vcpus=%" PRIu32 " table=%d\n",
	       leaf, batches * batch, batch, (double)ticks[0] / batch,
	       (double)ticks[batches / 2] / batch, nr_vcpus, other_vms,
	       other_vcpus, info.eax, info.edx, cpuid_table);
	free(ticks);
	big_vm_destroy(&vm);
	for (uint32_t i = 0; i < other_vms; i++)
		big_vm_destroy(&others[i]);
	return 0;
}
