// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batch mode: read a baseline, then every delay read again and write a frame
 * with the rates over that interval, like top -b.  See batch.h.
 */
#include "batch.h"

#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "json_writer.h"
#include "report.h"

static const char *event_name(enum model_event e)
{
	switch (e) {
	case MODEL_FIRST_SAMPLE:
		return "first";
	case MODEL_RATES:
		return "rates";
	case MODEL_RESET:
		return "reset";
	case MODEL_RELOADED:
		return "reloaded";
	case MODEL_RESUMED:
		return "resumed";
	case MODEL_ERROR:
		return "error";
	}
	return "?";
}

static void write_text(FILE *out, const struct model *m,
		       const struct reason_stat **rows, size_t n)
{
	fprintf(out, "kvmexittop - %s, tsc %llu kHz, %u CPUs, uptime %.1f s\n",
		kvmexit_vendor_name(m->vendor), (unsigned long long)m->tsc_khz,
		m->online_cpus, model_uptime(m));
	if (m->rates_valid)
		fprintf(out, "Exits: %.1f/s, %llu total; handling: %.2f%% of host CPU time\n",
			m->rate, (unsigned long long)model_shown_total(m),
			100 * model_cpu_share(m));
	else
		fprintf(out, "Exits: -/s, %llu total; handling: -%% of host CPU time (%s: new baseline)\n",
			(unsigned long long)model_shown_total(m),
			event_name(m->last_event));
	fprintf(out, "%10s %-25s %12s %7s %20s %12s %7s\n", "REASON", "NAME",
		"EXITS/S", "%EXITS", "TOTAL", "CYC/EXIT", "%TIME");
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = model_cycles_per_exit(m, r);

		fprintf(out, "%10u %-25s ", r->reason, r->name);
		if (m->rates_valid)
			fprintf(out, "%12.1f %7.2f ", r->rate,
				100 * model_exit_share(m, r));
		else
			fprintf(out, "%12s %7s ", "-", "-");
		fprintf(out, "%20llu ", (unsigned long long)model_shown_count(m, r));
		if (cpe >= 0)
			fprintf(out, "%12.0f ", cpe);
		else
			fprintf(out, "%12s ", "-");
		if (m->rates_valid)
			fprintf(out, "%7.2f\n", 100 * model_time_share(m, r));
		else
			fprintf(out, "%7s\n", "-");
	}
	fputc('\n', out);
}

/* A rate, or null when there is none (first frame, after a reset). */
static void json_rate(struct json_writer *w, const struct model *m,
		      const char *name, double value)
{
	if (m->rates_valid)
		json_double_field(w, name, value);
	else
		json_null_field(w, name);
}

static void write_json(FILE *out, const struct model *m, unsigned long frame,
		       const struct reason_stat **rows, size_t n)
{
	struct json_writer w;

	json_writer_init(&w, out, false);
	json_begin_object(&w);
	json_u64_field(&w, "frame", frame);
	json_string_field(&w, "event", event_name(m->last_event));
	json_double_field(&w, "uptime", model_uptime(m));
	json_double_field(&w, "interval", m->interval);
	json_string_field(&w, "vendor", kvmexit_vendor_name(m->vendor));
	json_u64_field(&w, "tsc_khz", m->tsc_khz);
	json_u64_field(&w, "online_cpus", m->online_cpus);
	json_rate(&w, m, "exits_per_second", m->rate);
	json_u64_field(&w, "total_exits", model_shown_total(m));
	json_rate(&w, m, "cycles_per_second", m->cycles_rate);
	json_rate(&w, m, "cpu_share", model_cpu_share(m));
	json_bool_field(&w, "rows_add_up", m->rows_add_up);
	json_name(&w, "reasons");
	json_begin_array(&w);
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = model_cycles_per_exit(m, r);

		json_begin_object(&w);
		json_u64_field(&w, "reason", r->reason);
		json_string_field(&w, "name", r->name);
		json_rate(&w, m, "exits_per_second", r->rate);
		json_rate(&w, m, "exit_share", model_exit_share(m, r));
		json_u64_field(&w, "total_exits", model_shown_count(m, r));
		if (cpe >= 0)
			json_double_field(&w, "cycles_per_exit", cpe);
		else
			json_null_field(&w, "cycles_per_exit");
		json_rate(&w, m, "time_share", model_time_share(m, r));
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_end_line(&w);
}

/* Names are [A-Za-z0-9_] (stats_file.h), so no field needs quoting. */
static void write_csv(FILE *out, const struct model *m, unsigned long frame,
		      const struct reason_stat **rows, size_t n)
{
	if (frame == 1)
		fprintf(out, "frame,uptime,reason,name,exits_per_second,exit_share,"
			     "total_exits,cycles_per_exit,time_share\n");
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = model_cycles_per_exit(m, r);

		fprintf(out, "%lu,%.3f,%u,%s,", frame, model_uptime(m),
			r->reason, r->name);
		if (m->rates_valid)
			fprintf(out, "%.3f,%.6f,", r->rate, model_exit_share(m, r));
		else
			fputs(",,", out);
		fprintf(out, "%llu,", (unsigned long long)model_shown_count(m, r));
		if (cpe >= 0)
			fprintf(out, "%.1f", cpe);
		fputc(',', out);
		if (m->rates_valid)
			fprintf(out, "%.6f", model_time_share(m, r));
		fputc('\n', out);
	}
}

void batch_write_frame(FILE *out, const struct options *o,
		       const struct model *m, unsigned long frame)
{
	const struct reason_stat **rows = malloc((m->nreasons ? m->nreasons : 1) *
						 sizeof(*rows));
	struct row_selection sel = { .sort = o->sort };
	size_t n;

	if (!rows) {
		report_error("out of memory");
		return;
	}
	n = select_rows(m, &sel, rows);
	switch (o->format) {
	case OUTPUT_TEXT:
		write_text(out, m, rows, n);
		break;
	case OUTPUT_JSON:
		write_json(out, m, frame, rows, n);
		break;
	case OUTPUT_CSV:
		write_csv(out, m, frame, rows, n);
		break;
	}
	fflush(out);
	free(rows);
}

static int error_status(const struct kvmexit_stats_error *e)
{
	return e->status == KVMEXIT_STATS_MALFORMED ||
	       e->status == KVMEXIT_STATS_VERSION ? EXIT_DATAERR : 1;
}

int batch_run(const struct options *o)
{
	struct model m;
	double next;
	int status = 0;

	report_set_json(o->format == OUTPUT_JSON);
	model_init(&m, (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
	if (model_read(&m, o->path, clock_now()) == MODEL_ERROR) {
		report_error("%s: %s", o->path, m.error.message);
		status = error_status(&m.error);
		goto out;
	}
	next = m.time + o->delay;
	for (unsigned long frame = 1; !o->iterations || frame <= o->iterations;
	     frame++) {
		clock_sleep_until(next);
		if (model_read(&m, o->path, clock_now()) == MODEL_ERROR) {
			report_error("%s: %s", o->path, m.error.message);
			status = error_status(&m.error);
			goto out;
		}
		batch_write_frame(stdout, o, &m, frame);
		/* Keep the pace; a slow read does not make frames pile up. */
		next += o->delay;
		if (next < m.time)
			next = m.time + o->delay;
	}
out:
	model_free(&m);
	return status;
}
