/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place kvmexit-probe executes CPUID.  Everything else reaches the
 * instruction through struct probe_cpu, so the unit tests can put a fake
 * host behind it and check every answer docs/abi.md allows.
 */
#ifndef KVMEXIT_PROBE_CPU_H
#define KVMEXIT_PROBE_CPU_H

#include <stdint.h>

enum { PROBE_EAX, PROBE_EBX, PROBE_ECX, PROBE_EDX };

struct probe_cpu {
	/* Execute CPUID with EAX = leaf, ECX = subleaf; regs = EAX..EDX out. */
	void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf,
		      uint32_t regs[4]);
	void *ctx;
};

/* The real instruction. */
extern const struct probe_cpu probe_cpu_hardware;

#endif /* KVMEXIT_PROBE_CPU_H */
