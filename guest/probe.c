// SPDX-License-Identifier: GPL-2.0-only
/* kvmexit-probe's dispatcher: see probe.h. */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvmexit_abi.h"
#include "options.h"
#include "output.h"
#include "query.h"
#include "report.h"
#include "view.h"

/* Most reasons one -r takes: more than either vendor defines. */
#define PROBE_MAX_REASONS 256

/*
 * -r's list, "CPUID,HLT,0x7b", into reasons for vendor; returns how many,
 * or -1 with the bad word in bad.  Without a vendor yet (before any
 * CPUID), a word passes when it could name a reason on some host: a typo
 * is a usage error (64) on every machine, not "no kvmexit host" (2).
 */
static int parse_reason_list(const char *list, const enum kvmexit_vendor *vendor,
			     uint32_t *reasons, char *bad, size_t size)
{
	char word[64];
	int n = 0;

	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		uint32_t reason;
		bool ok;

		snprintf(word, sizeof(word), "%.*s", (int)len, p);
		if (vendor)
			ok = len < sizeof(word) &&
			     !kvmexit_reason_parse(*vendor, word, &reason);
		else
			ok = len < sizeof(word) &&
			     (!kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, word, &reason) ||
			      !kvmexit_reason_parse(KVMEXIT_VENDOR_SVM, word, &reason));
		if (!ok || n == PROBE_MAX_REASONS) {
			snprintf(bad, size, "%.*s", (int)len, p);
			return -1;
		}
		/* "HLT,0x78" asks once: one row per reason. */
		bool seen = false;

		for (int i = 0; i < n; i++)
			seen |= reasons[i] == reason;
		if (!seen)
			reasons[n++] = reason;
		p += len;
		if (!*p)
			return n;
	}
}

static int host_status(struct probe_out *o, struct probe_host *host,
		       enum probe_status status)
{
	switch (status) {
	case PROBE_OK:
		return PROBE_EXIT_OK;
	case PROBE_NO_HOST:
	case PROBE_BAD_VERSION:
	case PROBE_UNKNOWN_VENDOR:
		return probe_error(o, PROBE_EXIT_NO_HOST, "%s", host->message);
	case PROBE_BAD_ANSWER:
	case PROBE_NO_MEMORY:
		break;
	}
	return probe_error(o, PROBE_EXIT_ERROR, "%s", host->message);
}

static int run_raw(struct probe_out *o, struct probe_host *host,
		   const struct probe_args *args)
{
	uint32_t regs[4];

	probe_cpuid(host, args->raw_leaf, args->raw_subleaf, regs);
	if (o->json)
		probe_json_raw(o, args->raw_leaf, args->raw_subleaf, regs);
	else
		probe_text_raw(o, args->raw_leaf, args->raw_subleaf, regs);
	return PROBE_EXIT_OK;
}

static int run_reason(struct probe_out *o, struct probe_host *host,
		      uint32_t reason)
{
	struct probe_snapshot snap = { .count = 0 };
	struct probe_row row;
	int status;

	status = host_status(o, host,
			     probe_snapshot_take(host, &snap, &reason, 1));
	if (status == PROBE_EXIT_OK) {
		/* with all: the one row whatever its status */
		probe_rows_from_snapshot(&snap, true, &row);
		if (o->json)
			probe_json_report(o, host, &snap, &row, 1);
		else
			probe_text_reason(o, host, &snap);
	}
	probe_snapshot_free(&snap);
	return status;
}

/* The report: of every reason, or of the reasons -r lists (all shown). */
static int run_report(struct probe_out *o, struct probe_host *host,
		      const struct probe_args *args, const uint32_t *reasons,
		      size_t nreasons)
{
	struct probe_snapshot snap = { .count = 0 };
	struct probe_row *rows = NULL;
	size_t n;
	int status;

	status = host_status(o, host, probe_snapshot_take(host, &snap, reasons,
							  nreasons));
	if (status != PROBE_EXIT_OK)
		goto out;
	rows = calloc(snap.count ? snap.count : 1, sizeof(*rows));
	if (!rows) {
		status = probe_error(o, PROBE_EXIT_ERROR, "out of memory");
		goto out;
	}
	n = probe_rows_from_snapshot(&snap, args->all || reasons, rows);
	probe_rows_sort(rows, n, host->vendor, args->sort);
	if (o->json)
		probe_json_report(o, host, &snap, rows, n);
	else
		probe_text_report(o, host, &snap, rows, n);
out:
	free(rows);
	probe_snapshot_free(&snap);
	return status;
}

static int run(struct probe_out *o, const struct probe_args *args,
	       const struct probe_cpu *cpu, const struct probe_clock *clock)
{
	struct probe_host host;
	uint32_t reasons[PROBE_MAX_REASONS];
	int nreasons = 0;
	char bad[64];
	int status;

	if (args->help) {
		probe_help(o->out);
		return PROBE_EXIT_OK;
	}
	if (args->version) {
		fprintf(o->out, PROBE_NAME " " PROBE_VERSION
			" (kvmexit ABI v%u)\n", KVMEXIT_ABI_VERSION);
		return PROBE_EXIT_OK;
	}
	if (args->reason &&
	    parse_reason_list(args->reason, NULL, reasons, bad, sizeof(bad)) < 0)
		return probe_error(o, PROBE_EXIT_USAGE,
				   "\"%s\" is neither a reason number nor the name of an exit reason; see " PROBE_NAME " -h",
				   bad);
	probe_host_init(&host, cpu);
	if (args->raw)
		return run_raw(o, &host, args);

	status = host_status(o, &host, probe_host_detect(&host));
	if (status != PROBE_EXIT_OK)
		return status;
	if (args->reason) {
		nreasons = parse_reason_list(args->reason, &host.vendor, reasons,
					     bad, sizeof(bad));
		if (nreasons < 0)
			return probe_error(o, PROBE_EXIT_USAGE,
					   "\"%s\" names no %s exit reason, and this host counts %s reasons",
					   bad,
					   host.vendor == KVMEXIT_VENDOR_SVM ? "SVM" : "VMX",
					   host.vendor == KVMEXIT_VENDOR_SVM ? "SVM" : "VMX");
	}
	if (args->watch) {
		struct probe_watch_opts opts = {
			.interval = args->interval,
			.count = args->count_set ? args->count : 0,
			.all = args->all || args->reason,
			.sort = args->sort,
			.reasons = args->reason ? reasons : NULL,
			.nreasons = (size_t)nreasons,
		};

		return probe_watch(&host, o, clock, &opts);
	}
	if (nreasons == 1)
		return run_reason(o, &host, reasons[0]);
	return run_report(o, &host, args, args->reason ? reasons : NULL,
			  (size_t)nreasons);
}

int probe_main(int argc, char **argv, const struct probe_cpu *cpu,
	       const struct probe_clock *clock, FILE *out, FILE *err)
{
	struct probe_out o;
	struct probe_args args;
	char msg[256];
	int status;

	probe_out_init(&o, out, err);
	status = probe_args_parse(argc, argv, &args, msg, sizeof(msg));
	/* A -j seen before a usage error makes the error JSON too. */
	if (args.json)
		probe_out_set_json(&o, args.pretty);
	if (status)
		return probe_error(&o, PROBE_EXIT_USAGE, "%s; see " PROBE_NAME " -h",
				   msg);
	status = run(&o, &args, cpu, clock);
	if (fflush(out) || ferror(out))
		status = probe_error(&o, PROBE_EXIT_ERROR, "cannot write the output");
	return status;
}
