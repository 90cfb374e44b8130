// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: kvmexit-probe against a host whose CPUID answers the
 * fuzzer controls.  A patched fake host (tests/probe/fake_host.c) answers
 * every CPUID, and the fuzzer's bytes are XORed over its answers, 16 bytes
 * (EAX..EDX) per CPUID in order: an empty input is a sane host, and any
 * answer can be made wrong (signature, version, vendor string, halves of
 * counters, undefined markers, huge values).  The first byte picks the
 * command line (its top bit, the CPU vendor).  The probe must end with one
 * of its exit statuses, and in JSON mode print valid JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"
#include "../../guest/output.h"
#include "../../guest/probe.h"
#include "../probe/fake_host.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

struct fuzzed_cpu {
	struct fake_host host;
	const uint8_t *data;
	size_t size, pos;
};

static void fuzzed_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf,
			 uint32_t regs[4])
{
	struct fuzzed_cpu *c = ctx;
	uint8_t bytes[16];

	c->host.cpu.cpuid(c->host.cpu.ctx, leaf, subleaf, regs);
	memcpy(bytes, regs, 16);
	for (int i = 0; i < 16 && c->pos < c->size; i++)
		bytes[i] ^= c->data[c->pos++];
	memcpy(regs, bytes, 16);
}

static double clock_now(void *ctx)
{
	return *(double *)ctx;
}

static void clock_sleep(void *ctx, double seconds)
{
	*(double *)ctx += seconds > 0 ? seconds : 0;
}

/* Command lines: each a way the probe decodes and shows the answers. */
static const char *const modes[][10] = {
	{ NULL },
	{ "-a", NULL },
	{ "-j", NULL },
	{ "-a", "-p", NULL },
	{ "-r", "CPUID", NULL },
	{ "-r", "HLT", "-j", NULL },
	{ "-w", "0.5", "-n", "3", NULL },
	{ "-w", "1", "-n", "2", "-a", "-j", NULL },
	{ "-s", "cycles", NULL },
	{ "--raw", "0x4ffffffb", NULL },
	{ "-r", "CPUID,HLT", "-w", "0.1", "-n", "2", "-j", NULL },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzzed_cpu c;
	struct probe_cpu cpu = { fuzzed_cpuid, &c };
	double now = 1000.0;
	struct probe_clock clock = {
		.now = clock_now, .wall = clock_now, .sleep = clock_sleep, .ctx = &now,
	};
	char *argv[12] = { "kvmexit-probe" };
	char *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	const char *const *mode;
	bool json = false;
	FILE *out, *err;
	int argc = 1, status;

	if (size < 1)
		return 0;
	mode = modes[(data[0] & 0x7f) % NMODES];
	fake_host_init(&c.host, FAKE_PATCHED,
		       data[0] & 0x80 ? "GenuineIntel" : "AuthenticAMD");
	/* Some exits before the probe looks. */
	fake_host_exits(&c.host, fake_cpuid_reason(&c.host), 1000, 123456);
	fake_host_exits(&c.host, c.host.vendor == KVMEXIT_VENDOR_SVM ? 0x78 : 12,
			50, 99999);
	c.data = data + 1;
	c.size = size - 1;
	c.pos = 0;
	for (; *mode; mode++) {
		argv[argc++] = (char *)*mode;
		json |= !strcmp(*mode, "-j") || !strcmp(*mode, "-p");
	}
	argv[argc] = NULL;

	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	REQUIRE(out && err);
	status = probe_main(argc, argv, &cpu, &clock, out, err);
	REQUIRE(fclose(out) == 0 && fclose(err) == 0);
	REQUIRE(status == PROBE_EXIT_OK || status == PROBE_EXIT_ERROR ||
		status == PROBE_EXIT_NO_HOST);
	/* Nothing XORed: the sane host, which every command line reads. */
	if (size == 1)
		REQUIRE(status == PROBE_EXIT_OK && out_len > 0 && err_len == 0);
	if (json)
		REQUIRE(json_text_valid(out_text, out_len));
	if (status != PROBE_EXIT_OK)
		REQUIRE(out_len + err_len > 0);	/* it says why */
	free(out_text);
	free(err_text);
	return 0;
}
