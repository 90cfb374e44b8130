// SPDX-License-Identifier: GPL-2.0-only
/* The hardware CPUID backend: see cpu.h. */
#include "cpu.h"

#include <cpuid.h>
#include <stddef.h>

static void hardware_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf,
			   uint32_t regs[4])
{
	unsigned int a, b, c, d;

	(void)ctx;
	/*
	 * __cpuid_count, not __get_cpuid_count: the latter refuses leaves
	 * above the CPU's maximum, and 0x4FFFFFxx is above it on purpose.
	 */
	__cpuid_count(leaf, subleaf, a, b, c, d);
	regs[PROBE_EAX] = a;
	regs[PROBE_EBX] = b;
	regs[PROBE_ECX] = c;
	regs[PROBE_EDX] = d;
}

const struct probe_cpu probe_cpu_hardware = {
	.cpuid = hardware_cpuid,
	.ctx = NULL,
};
