// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexit-probe: show, from inside a guest, the VM exits the host's patched
 * KVM counted (docs/abi.md section 2, docs/kvmexit-probe.1).
 */
#include <stdio.h>

#include "probe.h"

int main(int argc, char **argv)
{
	/* Line-buffered: watch mode's lines reach a pipe as they are made. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return probe_main(argc, argv, &probe_cpu_hardware, &probe_clock_real,
			  stdout, stderr);
}
