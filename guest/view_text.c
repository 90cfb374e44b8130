// SPDX-License-Identifier: GPL-2.0-only
/* kvmexit-probe's text output: see view.h. */
#include "view.h"

#include <inttypes.h>

#include "kvmexit_abi.h"

static void print_host(struct probe_out *o, const struct probe_host *host)
{
	fprintf(o->out, "kvmexit ABI %" PRIu32 ", %s (CPU vendor %s)\n",
		host->abi_version,
		host->vendor == KVMEXIT_VENDOR_SVM ? "SVM exit codes" :
						     "VMX exit reasons",
		host->cpu_vendor);
	fprintf(o->out, "counting: %s, %" PRIu32 " vCPU%s; host TSC %" PRIu32 " kHz%s\n",
		host->scope == PROBE_SCOPE_WHOLE_HOST ? "the whole host" : "this VM",
		host->vcpus, host->vcpus == 1 ? "" : "s", host->tsc_khz,
		host->cycles_measured ? "" : "; cycles not measured");
}

/* " (12.5 us)": cycles as host time, when the host measures them. */
static void print_us(struct probe_out *o, const struct probe_host *host,
		     double cycles)
{
	double us = probe_cycles_us(host, 1);

	if (us >= 0)
		fprintf(o->out, cycles * us < 10 ? " (%.3f us)" : " (%.1f us)",
			cycles * us);
}

void probe_text_report(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap,
		       const struct probe_row *rows, size_t count)
{
	print_host(o, host);
	fprintf(o->out, "total exits:  %" PRIu64 "\n", snap->totals.exits);
	if (host->cycles_measured) {
		fprintf(o->out, "total cycles: %" PRIu64, snap->totals.cycles);
		print_us(o, host, (double)snap->totals.cycles);
		fputc('\n', o->out);
	} else {
		fprintf(o->out, "total cycles: not measured (the host runs kvm.exit_stats_cycles=N)\n");
	}
	fprintf(o->out,
		"this report:  %" PRIu64 " CPUID queries, each one CPUID exit included above\n\n",
		snap->queries);
	if (count)
		probe_table_print(o->out, host->vendor, rows, count,
				  snap->totals.exits, false, 0);
	else
		fprintf(o->out, "(no reason has exits)\n");
}

void probe_text_reason(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap)
{
	const struct probe_reading *r = &snap->readings[0];
	const char *vendor = host->vendor == KVMEXIT_VENDOR_SVM ? "SVM" : "VMX";
	char reason[16];

	probe_reason_format(reason, sizeof(reason), host->vendor, r->reason);
	print_host(o, host);
	switch (r->status) {
	case PROBE_REASON_UNDEFINED:
		fprintf(o->out,
			"reason %s: not defined by %s (the host answered EDX=0x%" PRIx32 ")\n",
			reason, vendor, KVMEXIT_UNDEFINED_EDX);
		return;
	case PROBE_REASON_NOT_HANDLED:
		fprintf(o->out,
			"reason %s %s: not handled by the host's KVM, so not counted (the host answered all zeros)\n",
			reason, probe_reason_name(host->vendor, r->reason));
		return;
	case PROBE_REASON_COUNTED:
		break;
	}
	fprintf(o->out, "reason %s %s: %" PRIu64 " exits (%.2f%% of %" PRIu64 ")",
		reason, probe_reason_name(host->vendor, r->reason), r->exits,
		probe_share(r->exits, snap->totals.exits), snap->totals.exits);
	if (!host->cycles_measured) {
		fprintf(o->out, ", cycles not measured\n");
		return;
	}
	fprintf(o->out, ", %" PRIu64 " cycles", r->cycles);
	if (r->exits) {
		double avg = probe_average(r->cycles, r->exits);

		fprintf(o->out, ", %.0f cycles per exit", avg);
		print_us(o, host, avg);
	}
	fputc('\n', o->out);
}

static const char reg_names[4][4] = { "EAX", "EBX", "ECX", "EDX" };

void probe_text_raw(struct probe_out *o, uint32_t leaf, uint32_t subleaf,
		    const uint32_t regs[4])
{
	fprintf(o->out, "CPUID leaf 0x%" PRIx32 ", ECX 0x%" PRIx32 "\n", leaf,
		subleaf);
	for (int i = 0; i < 4; i++) {
		char text[5];

		/* Bytes as they lie in memory: how vendor strings read. */
		for (int b = 0; b < 4; b++) {
			unsigned char ch = (unsigned char)(regs[i] >> (8 * b));

			text[b] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
		}
		text[4] = '\0';
		fprintf(o->out, "%s 0x%08" PRIx32 " %10" PRIu32 " \"%s\"\n",
			reg_names[i], regs[i], regs[i], text);
	}
}

void probe_text_watch_start(struct probe_out *o, const struct probe_host *host,
			    double interval)
{
	print_host(o, host);
	fprintf(o->out,
		"every %.3f s; the probe's own CPUID exits are subtracted\n",
		interval);
}

void probe_text_interval(struct probe_out *o, const struct probe_host *host,
			 const struct probe_interval *iv,
			 const struct probe_row *rows, size_t count)
{
	double s = iv->seconds > 0 ? iv->seconds : 0;

	fprintf(o->out,
		"\ninterval %" PRIu64 " to %s: %.3f s, %" PRIu64 " exits (%.1f/s), %"
		PRIu64 " cycles (%.1f/s), %" PRIu64 " probe exits subtracted%s\n",
		iv->index, iv->time, s, iv->exits,
		s > 0 ? (double)iv->exits / s : 0.0,
		iv->cycles, s > 0 ? (double)iv->cycles / s : 0.0,
		iv->probe_exits,
		iv->reset ? "; the counters were reset during it" : "");
	if (count)
		probe_table_print(o->out, host->vendor, rows, count, iv->exits,
				  true, s);
	else
		fprintf(o->out, "(no exits)\n");
	fflush(o->out);
}
