// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid_burst N: execute CPUID (leaf 0) N times, each a VM exit in a guest.
 * The guest-side workload of the lab's end-to-end tests: a known number of
 * exits of a known reason.
 */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned int eax, ebx, ecx, edx;
	char *end;
	long n;

	if (argc != 2 || (n = strtol(argv[1], &end, 10)) < 0 || *end) {
		fprintf(stderr, "usage: cpuid_burst N\n");
		return 64;
	}
	for (long i = 0; i < n; i++)
		__cpuid(0, eax, ebx, ecx, edx);
	return (int)(eax & 0);
}
