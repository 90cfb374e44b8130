// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexit-probe's JSON output: see view.h.  Keys are part of the interface,
 * shared with kvmexittop where the quantity is the same (docs/json.md):
 * add keys, never rename them.
 */
#include "view.h"

static void host_fields(struct json_writer *w, const struct probe_host *host)
{
	json_u64_field(w, "abi_version", host->abi_version);
	json_string_field(w, "vendor", kvmexit_vendor_name(host->vendor));
	json_string_field(w, "cpu_vendor", host->cpu_vendor);
	json_string_field(w, "scope", probe_scope_name(host->scope));
	json_u64_field(w, "vcpus", host->vcpus);
	json_u64_field(w, "tsc_khz", host->tsc_khz);
	json_bool_field(w, "cycles_measured", host->cycles_measured);
}

/* Cycles, or null when the host does not measure them. */
static void cycles_field(struct json_writer *w, const struct probe_host *host,
			 const char *name, uint64_t cycles)
{
	if (host->cycles_measured)
		json_u64_field(w, name, cycles);
	else
		json_null_field(w, name);
}

/* Microseconds of host time, or null when not known. */
static void us_field(struct json_writer *w, const struct probe_host *host,
		     const char *name, double cycles)
{
	double us = probe_cycles_us(host, 1);

	if (us >= 0)
		json_double_field(w, name, cycles * us);
	else
		json_null_field(w, name);
}

/*
 * One reason.  Counters of a reason that has none (not handled, undefined)
 * are null rather than 0: "no counter" is not "no exits".  A report's rows
 * hold totals (total_exits, total_cycles); an interval's, the interval's
 * exits and cycles with exits_per_second.
 */
static void row_object(struct json_writer *w, const struct probe_host *host,
		       const struct probe_row *row, uint64_t total_exits,
		       const double *seconds)
{
	const char *name = kvmexit_reason_name(host->vendor, row->reason);
	bool counted = row->status == PROBE_REASON_COUNTED;
	const char *exits_key = seconds ? "exits" : "total_exits";
	const char *cycles_key = seconds ? "cycles" : "total_cycles";

	json_begin_object(w);
	json_u64_field(w, "reason", row->reason);
	if (name)
		json_string_field(w, "name", name);
	else
		json_null_field(w, "name");
	json_string_field(w, "status", probe_reason_status_name(row->status));
	if (!counted) {
		json_null_field(w, exits_key);
		if (seconds)
			json_null_field(w, "exits_per_second");
		json_null_field(w, "exit_share");
		json_null_field(w, cycles_key);
		json_null_field(w, "cycles_per_exit");
		json_null_field(w, "microseconds_per_exit");
		json_end_object(w);
		return;
	}
	json_u64_field(w, exits_key, row->exits);
	if (seconds) {
		if (*seconds > 0)
			json_double_field(w, "exits_per_second",
					  (double)row->exits / *seconds);
		else
			json_null_field(w, "exits_per_second");
	}
	json_double_field(w, "exit_share",
			  probe_share(row->exits, total_exits) / 100);
	cycles_field(w, host, cycles_key, row->cycles);
	if (row->exits && host->cycles_measured) {
		double avg = probe_average(row->cycles, row->exits);

		json_double_field(w, "cycles_per_exit", avg);
		us_field(w, host, "microseconds_per_exit", avg);
	} else {
		json_null_field(w, "cycles_per_exit");
		json_null_field(w, "microseconds_per_exit");
	}
	json_end_object(w);
}

static void rows_array(struct json_writer *w, const struct probe_host *host,
		       const struct probe_row *rows, size_t count,
		       uint64_t total_exits, const double *seconds)
{
	json_name(w, "reasons");
	json_begin_array(w);
	for (size_t i = 0; i < count; i++)
		row_object(w, host, &rows[i], total_exits, seconds);
	json_end_array(w);
}

void probe_json_report(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap,
		       const struct probe_row *rows, size_t count)
{
	struct json_writer *w = &o->jw;

	json_begin_object(w);
	host_fields(w, host);
	json_u64_field(w, "total_exits", snap->totals.exits);
	cycles_field(w, host, "total_cycles", snap->totals.cycles);
	us_field(w, host, "total_microseconds", (double)snap->totals.cycles);
	json_u64_field(w, "probe_queries", snap->queries);
	rows_array(w, host, rows, count, snap->totals.exits, NULL);
	json_end_object(w);
	json_end_line(w);
}

void probe_json_raw(struct probe_out *o, uint32_t leaf, uint32_t subleaf,
		    const uint32_t regs[4])
{
	struct json_writer *w = &o->jw;

	json_begin_object(w);
	json_u64_field(w, "leaf", leaf);
	json_u64_field(w, "subleaf", subleaf);
	json_u64_field(w, "eax", regs[PROBE_EAX]);
	json_u64_field(w, "ebx", regs[PROBE_EBX]);
	json_u64_field(w, "ecx", regs[PROBE_ECX]);
	json_u64_field(w, "edx", regs[PROBE_EDX]);
	json_end_object(w);
	json_end_line(w);
}

void probe_json_interval(struct probe_out *o, const struct probe_host *host,
			 const struct probe_interval *iv,
			 const struct probe_row *rows, size_t count)
{
	struct json_writer *w = &o->jw;
	double s = iv->seconds;

	json_begin_object(w);
	/* frame, time, interval: as kvmexittop's batch frames begin. */
	json_u64_field(w, "frame", iv->index);
	json_string_field(w, "time", iv->time);
	json_double_field(w, "interval", s);
	host_fields(w, host);
	json_u64_field(w, "exits", iv->exits);
	cycles_field(w, host, "cycles", iv->cycles);
	if (s > 0) {
		json_double_field(w, "exits_per_second", (double)iv->exits / s);
		if (host->cycles_measured)
			json_double_field(w, "cycles_per_second",
					  (double)iv->cycles / s);
		else
			json_null_field(w, "cycles_per_second");
	} else {
		json_null_field(w, "exits_per_second");
		json_null_field(w, "cycles_per_second");
	}
	json_u64_field(w, "probe_exits", iv->probe_exits);
	json_bool_field(w, "reset", iv->reset);
	rows_array(w, host, rows, count, iv->exits, &s);
	json_end_object(w);
	json_end_line(w);
}
