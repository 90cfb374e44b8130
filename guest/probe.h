/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexit-probe as a function: main() is this with the hardware CPUID, the
 * real clock and stdout/stderr; the tests run it against a fake host.
 */
#ifndef KVMEXIT_PROBE_PROBE_H
#define KVMEXIT_PROBE_PROBE_H

#include <stdio.h>

#include "cpu.h"
#include "watch.h"

#define PROBE_VERSION KVMEXIT_VERSION	/* the Makefile's, as kvmexittop's */

/* Returns the exit status (output.h). */
int probe_main(int argc, char **argv, const struct probe_cpu *cpu,
	       const struct probe_clock *clock, FILE *out, FILE *err);

#endif /* KVMEXIT_PROBE_PROBE_H */
