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
 * Usage: exit_cost [-l LEAF] [-c SUBLEAF] [-b BATCH] [-w WARMUP] N
 * Prints one line: "leaf=0x... n=N batch=B min=M median=D" (ticks per exit).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/lab/vmm.h"

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

#define USAGE "usage: exit_cost [-l LEAF] [-c SUBLEAF] [-b BATCH] [-w WARMUP] N\n"

int main(int argc, char **argv)
{
	uint32_t leaf = 0, subleaf = 0, batch = 100, warmup = 1000, n, batches;
	uint64_t *ticks;
	struct vcpu vcpu;
	struct vm vm;
	int opt;

	while ((opt = getopt(argc, argv, "l:c:b:w:h")) != -1) {
		switch (opt) {
		case 'l': leaf = parse_u32(optarg, "leaf"); break;
		case 'c': subleaf = parse_u32(optarg, "subleaf"); break;
		case 'b': batch = parse_u32(optarg, "batch size"); break;
		case 'w': warmup = parse_u32(optarg, "warm-up count"); break;
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
	batches = n / batch;
	ticks = calloc(batches, sizeof(*ticks));
	if (!ticks)
		die("calloc");

	vm_create(&vm);
	vcpu_create(&vm, &vcpu, 0);
	/* Fault the code and data pages in, and warm the host's caches. */
	timed_run(&vm, &vcpu, leaf, subleaf, warmup);
	for (uint32_t i = 0; i < batches; i++)
		ticks[i] = timed_run(&vm, &vcpu, leaf, subleaf, batch);
	qsort(ticks, batches, sizeof(*ticks), compare_u64);
	printf("leaf=0x%08x n=%" PRIu32 " batch=%" PRIu32 " min=%.2f median=%.2f\n",
	       leaf, batches * batch, batch, (double)ticks[0] / batch,
	       (double)ticks[batches / 2] / batch);
	free(ticks);
	vm_destroy(&vm);
	return 0;
}
