// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexit-probe's JSON output: see view.h.  Keys are part of the interface
 * (docs/kvmexit-probe.1, JSON OUTPUT): add keys, never rename them.
 */
#include "view.h"

static void host_fields(struct json_writer *w, const struct probe_host *host)
{
	json_u64_field(w, "abi_version", host->abi_version);
	json_string_field(w, "vendor", kvmexit_vendor_name(host->vendor));
	json_string_field(w, "cpu_vendor", host->cpu_vendor);
}

/*
 * One reason.  Counters of a reason that has none (not handled, undefined)
 * are null rather than 0: "no counter" is not "no exits".
 */
static void row_object(struct json_writer *w, enum kvmexit_vendor vendor,
		       const struct probe_row *row, uint64_t total_exits,
		       const double *seconds)
{
	const char *name = kvmexit_reason_name(vendor, row->reason);
	bool counted = row->status == PROBE_REASON_COUNTED;

	json_begin_object(w);
	json_u64_field(w, "reason", row->reason);
	if (name)
		json_string_field(w, "name", name);
	else
		json_null_field(w, "name");
	json_string_field(w, "status", probe_reason_status_name(row->status));
	if (!counted) {
		json_null_field(w, "exits");
		if (seconds)
			json_null_field(w, "exits_per_second");
		json_null_field(w, "share_percent");
		json_null_field(w, "cycles");
		json_null_field(w, "avg_cycles");
		json_end_object(w);
		return;
	}
	json_u64_field(w, "exits", row->exits);
	if (seconds) {
		if (*seconds > 0)
			json_double_field(w, "exits_per_second",
					  (double)row->exits / *seconds);
		else
			json_null_field(w, "exits_per_second");
	}
	json_double_field(w, "share_percent",
			  probe_share(row->exits, total_exits));
	json_u64_field(w, "cycles", row->cycles);
	if (row->exits)
		json_double_field(w, "avg_cycles",
				  probe_average(row->cycles, row->exits));
	else
		json_null_field(w, "avg_cycles");
	json_end_object(w);
}

static void rows_array(struct json_writer *w, enum kvmexit_vendor vendor,
		       const struct probe_row *rows, size_t count,
		       uint64_t total_exits, const double *seconds)
{
	json_name(w, "reasons");
	json_begin_array(w);
	for (size_t i = 0; i < count; i++)
		row_object(w, vendor, &rows[i], total_exits, seconds);
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
	json_u64_field(w, "total_cycles", snap->totals.cycles);
	json_u64_field(w, "probe_queries", snap->queries);
	rows_array(w, host->vendor, rows, count, snap->totals.exits, NULL);
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
	host_fields(w, host);
	json_u64_field(w, "interval", iv->index);
	json_double_field(w, "seconds", s);
	json_u64_field(w, "exits", iv->exits);
	json_u64_field(w, "cycles", iv->cycles);
	if (s > 0) {
		json_double_field(w, "exits_per_second", (double)iv->exits / s);
		json_double_field(w, "cycles_per_second",
				  (double)iv->cycles / s);
	} else {
		json_null_field(w, "exits_per_second");
		json_null_field(w, "cycles_per_second");
	}
	json_u64_field(w, "probe_exits", iv->probe_exits);
	json_bool_field(w, "reset", iv->reset);
	rows_array(w, host->vendor, rows, count, iv->exits, &s);
	json_end_object(w);
	json_end_line(w);
}
