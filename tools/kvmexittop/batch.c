// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batch and log mode: read a baseline, then every delay read again and
 * write a frame with the rates over that interval, like top -b.  See
 * batch.h.
 */
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
		return "missing";
	}
	return "?";
}

void batch_format_time(const struct timespec *wall, char buf[32])
{
	struct tm tm;
	time_t t = wall->tv_sec;

	gmtime_r(&t, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);

	snprintf(buf + n, 32 - n, ".%03ldZ", wall->tv_nsec / 1000000);
}

/* Cycles mean something: measured, and a rate to show. */
static bool cycles_shown(const struct model *m)
{
	return m->rates_valid && m->cycles_measured;
}

/* The selected rows of m, sorted; NULL without memory. */
static const struct reason_stat **rows_of(const struct options *o,
					  const struct model *m, size_t *n)
{
	const struct reason_stat **rows = malloc((m->nreasons ? m->nreasons : 1) *
						 sizeof(*rows));
	struct row_selection sel = {
		.sort = o->sort,
		/* Without rates every row is kept: it has exits, or no row. */
		.active_only = o->no_zero && m->rates_valid,
		.regex = o->reasons_text ? &o->reasons : NULL,
	};

	if (rows)
		*n = select_rows(m, &sel, rows);
	return rows;
}

static void write_text_reasons(FILE *out, const struct shown *s,
			       const struct reason_stat **rows, size_t n)
{
	const struct model *m = s->m;
	char title[160];

	shown_title(s, title, sizeof(title));
	if (s->src && s->src->tracepoint)
		fprintf(out, "kvmexittop - %s: %s, tracepoint mode: counts only, %u CPUs, uptime %.1f s\n",
			title, kvmexit_vendor_name(m->vendor), m->online_cpus,
			model_uptime(m));
	else
		fprintf(out, "kvmexittop - %s: %s, tsc %llu kHz, %u CPUs, uptime %.1f s%s\n",
			title, kvmexit_vendor_name(m->vendor),
			(unsigned long long)m->tsc_khz, m->online_cpus,
			model_uptime(m),
			m->cycles_measured ? "" : ", cycles not measured");
	if (m->rates_valid && m->cycles_measured)
		fprintf(out, "Exits: %.1f/s, %llu total; handling: %.2f%% of host CPU time\n",
			m->rate, (unsigned long long)model_shown_total(m),
			100 * model_cpu_share(m));
	else if (m->rates_valid)
		fprintf(out, "Exits: %.1f/s, %llu total; handling: -%% of host CPU time\n",
			m->rate, (unsigned long long)model_shown_total(m));
	else
		fprintf(out, "Exits: -/s, %llu total; handling: -%% of host CPU time (%s: new baseline)\n",
			(unsigned long long)model_shown_total(m),
			event_name(m->last_event));
	fprintf(out, "%10s %-25s %12s %7s %20s %12s %7s\n", "REASON", "NAME",
		"EXITS/S", "%EXITS", "TOTAL", "CYC/EXIT", "%TIME");
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = m->cycles_measured ? model_cycles_per_exit(m, r) : -1;

		char reason[16];

		kvmexit_reason_format(reason, sizeof(reason), m->vendor, r->reason);
		fprintf(out, "%10s %-25s ", reason, r->name);
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
		if (cycles_shown(m))
			fprintf(out, "%7.2f\n", 100 * model_time_share(m, r));
		else
			fprintf(out, "%7s\n", "-");
	}
	fputc('\n', out);
}

static void write_text_vms(FILE *out, const struct shown *s)
{
	const struct source *src = s->src;
	const struct model *h = &src->host;

	if (src->tracepoint)
		fprintf(out, "kvmexittop - VMs (%zu): %s, tracepoint mode: counts only, %u CPUs, uptime %.1f s\n",
			src->nvms, kvmexit_vendor_name(h->vendor), h->online_cpus,
			model_uptime(h));
	else
		fprintf(out, "kvmexittop - VMs (%zu): %s, tsc %llu kHz, %u CPUs, uptime %.1f s\n",
			src->nvms, kvmexit_vendor_name(h->vendor),
			(unsigned long long)h->tsc_khz, h->online_cpus,
			model_uptime(h));
	fprintf(out, "%10s %-20s %5s %12s %7s %s\n", "PID", "NAME", "VCPUS",
		"EXITS/S", "%HOST", "TOP REASON");
	for (size_t i = 0; i < src->nvms; i++) {
		const struct vm_entry *vm = &src->vms[i];
		const struct reason_stat *top = model_top_reason(&vm->model);

		fprintf(out, "%10d %-20s %5zu ", (int)vm->pid, vm->name, vm->vcpu_count);
		if (vm->model.rates_valid)
			fprintf(out, "%12.1f ", vm->model.rate);
		else
			fprintf(out, "%12s ", "-");
		if (cycles_shown(h) && vm->model.rates_valid)
			fprintf(out, "%7.2f ", 100 * source_host_time_share(src, &vm->model));
		else
			fprintf(out, "%7s ", "-");
		fprintf(out, "%s\n", top ? top->name : "-");
	}
	fputc('\n', out);
}

/* A rate, or null when there is none (first frame, after a reset). */
static void json_rate(struct json_writer *w, bool valid, const char *name,
		      double value)
{
	if (valid)
		json_double_field(w, name, value);
	else
		json_null_field(w, name);
}

/* The members every JSON frame starts with. */
static void json_frame_head(struct json_writer *w, const struct model *m,
			    unsigned long frame, const char *time)
{
	json_u64_field(w, "frame", frame);
	json_string_field(w, "time", time);
	json_string_field(w, "event", event_name(m->last_event));
	json_double_field(w, "uptime", model_uptime(m));
	json_double_field(w, "interval", m->interval);
}

static void json_vm_fields(struct json_writer *w, const struct shown *s)
{
	if (s->vm) {
		json_u64_field(w, "vm_pid", (uint64_t)s->vm->pid);
		json_string_field(w, "vm_name", s->vm->name);
	} else {
		json_null_field(w, "vm_pid");
		json_null_field(w, "vm_name");
	}
	if (s->vcpu >= 0)
		json_u64_field(w, "vcpu", (uint64_t)s->vcpu);
	else
		json_null_field(w, "vcpu");
}

static void write_json_reasons(FILE *out, const struct shown *s,
			       unsigned long frame, const char *time,
			       const struct reason_stat **rows, size_t n)
{
	const struct model *m = s->m;
	struct json_writer w;

	json_writer_init(&w, out, false);
	json_begin_object(&w);
	json_frame_head(&w, m, frame, time);
	json_string_field(&w, "scope", kvmexit_stats_scope_name(s->scope));
	json_string_field(&w, "source", s->src && s->src->tracepoint ?
			  "tracepoint" : "exit_stats");
	json_vm_fields(&w, s);
	json_string_field(&w, "vendor", kvmexit_vendor_name(m->vendor));
	json_u64_field(&w, "tsc_khz", m->tsc_khz);
	json_u64_field(&w, "online_cpus", m->online_cpus);
	json_bool_field(&w, "cycles_measured", m->cycles_measured);
	json_rate(&w, m->rates_valid, "exits_per_second", m->rate);
	json_u64_field(&w, "total_exits", model_shown_total(m));
	json_rate(&w, cycles_shown(m), "cycles_per_second", m->cycles_rate);
	json_rate(&w, cycles_shown(m), "cpu_share", model_cpu_share(m));
	json_bool_field(&w, "rows_add_up", m->rows_add_up);
	json_name(&w, "reasons");
	json_begin_array(&w);
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = model_cycles_per_exit(m, r);

		json_begin_object(&w);
		json_u64_field(&w, "reason", r->reason);
		json_string_field(&w, "name", r->name);
		json_rate(&w, m->rates_valid, "exits_per_second", r->rate);
		json_rate(&w, m->rates_valid, "exit_share", model_exit_share(m, r));
		json_u64_field(&w, "total_exits", model_shown_count(m, r));
		json_rate(&w, cpe >= 0 && m->cycles_measured, "cycles_per_exit", cpe);
		json_rate(&w, cycles_shown(m), "time_share", model_time_share(m, r));
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_end_line(&w);
}

static void write_json_vms(FILE *out, const struct shown *s,
			   unsigned long frame, const char *time)
{
	const struct source *src = s->src;
	const struct model *h = &src->host;
	struct json_writer w;

	json_writer_init(&w, out, false);
	json_begin_object(&w);
	json_frame_head(&w, h, frame, time);
	json_string_field(&w, "scope", "host");
	json_string_field(&w, "source", src->tracepoint ? "tracepoint" : "exit_stats");
	json_string_field(&w, "vendor", kvmexit_vendor_name(h->vendor));
	json_bool_field(&w, "cycles_measured", h->cycles_measured);
	json_rate(&w, h->rates_valid, "exits_per_second", h->rate);
	json_name(&w, "vms");
	json_begin_array(&w);
	for (size_t i = 0; i < src->nvms; i++) {
		const struct vm_entry *vm = &src->vms[i];
		const struct reason_stat *top = model_top_reason(&vm->model);

		json_begin_object(&w);
		json_u64_field(&w, "vm_pid", (uint64_t)vm->pid);
		json_string_field(&w, "vm_name", vm->name);
		json_u64_field(&w, "vcpus", vm->vcpu_count);
		json_rate(&w, vm->model.rates_valid, "exits_per_second",
			  vm->model.rate);
		json_rate(&w, cycles_shown(h) && vm->model.rates_valid,
			  "host_time_share", source_host_time_share(src, &vm->model));
		if (top)
			json_string_field(&w, "top_reason", top->name);
		else
			json_null_field(&w, "top_reason");
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_end_line(&w);
}

/*
 * A CSV field that may hold anything (a VM's name): quoted as RFC 4180
 * says when it holds a comma, a quote or a line break.
 */
static void csv_text(FILE *out, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, out);
		return;
	}
	fputc('"', out);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

/* frame,time,event,uptime,scope,vm_pid,vm_name,vcpu, */
static void csv_head(FILE *out, const struct shown *s, const struct model *m,
		     unsigned long frame, const char *time)
{
	fprintf(out, "%lu,%s,%s,%.3f,%s,", frame, time,
		event_name(m->last_event), model_uptime(m),
		kvmexit_stats_scope_name(s->scope));
	if (s->vm) {
		fprintf(out, "%d,", (int)s->vm->pid);
		csv_text(out, s->vm->name);
	} else {
		fputc(',', out);
	}
	fputc(',', out);
	if (s->vcpu >= 0)
		fprintf(out, "%ld", s->vcpu);
	fputc(',', out);
}

#define CSV_HEAD "frame,time,event,uptime,scope,vm_pid,vm_name,vcpu,"

/* Names are [A-Za-z0-9_] (stats_file.h), so no reason name needs quoting. */
static void write_csv_reasons(FILE *out, const struct shown *s,
			      unsigned long frame, const char *time, bool header,
			      const struct reason_stat **rows, size_t n)
{
	const struct model *m = s->m;

	if (header)
		fputs(CSV_HEAD "reason,name,exits_per_second,exit_share,"
		      "total_exits,cycles_per_exit,time_share\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct reason_stat *r = rows[i];
		double cpe = model_cycles_per_exit(m, r);

		csv_head(out, s, m, frame, time);
		fprintf(out, "%u,%s,", r->reason, r->name);
		if (m->rates_valid)
			fprintf(out, "%.3f,%.6f,", r->rate, model_exit_share(m, r));
		else
			fputs(",,", out);
		fprintf(out, "%llu,", (unsigned long long)model_shown_count(m, r));
		if (cpe >= 0 && m->cycles_measured)
			fprintf(out, "%.1f", cpe);
		fputc(',', out);
		if (cycles_shown(m))
			fprintf(out, "%.6f", model_time_share(m, r));
		fputc('\n', out);
	}
}

static void write_csv_vms(FILE *out, const struct shown *s,
			  unsigned long frame, const char *time, bool header)
{
	const struct source *src = s->src;
	const struct model *h = &src->host;

	if (header)
		fputs(CSV_HEAD "vcpus,exits_per_second,host_time_share,top_reason\n",
		      out);
	for (size_t i = 0; i < src->nvms; i++) {
		const struct vm_entry *vm = &src->vms[i];
		const struct reason_stat *top = model_top_reason(&vm->model);
		struct shown row = { .src = src, .scope = KVMEXIT_STATS_SCOPE_VM,
				     .vm = vm, .vcpu = -1 };

		csv_head(out, &row, h, frame, time);
		fprintf(out, "%zu,", vm->vcpu_count);
		if (vm->model.rates_valid)
			fprintf(out, "%.3f", vm->model.rate);
		fputc(',', out);
		if (cycles_shown(h) && vm->model.rates_valid)
			fprintf(out, "%.6f", source_host_time_share(src, &vm->model));
		fprintf(out, ",%s\n", top ? top->name : "");
	}
}

int batch_write_frame(FILE *out, const struct options *o,
		      const struct shown *s, unsigned long frame,
		      const struct timespec *wall, bool header)
{
	char time[32];
	size_t n = 0;
	const struct reason_stat **rows = NULL;

	batch_format_time(wall, time);
	if (!s->vm_list) {
		rows = rows_of(o, s->m, &n);
		if (!rows) {
			report_error("out of memory");
			return -1;
		}
	}
	switch (o->format) {
	case OUTPUT_TEXT:
		if (s->vm_list)
			write_text_vms(out, s);
		else
			write_text_reasons(out, s, rows, n);
		break;
	case OUTPUT_JSON:
		if (s->vm_list)
			write_json_vms(out, s, frame, time);
		else
			write_json_reasons(out, s, frame, time, rows, n);
		break;
	case OUTPUT_CSV:
		if (s->vm_list)
			write_csv_vms(out, s, frame, time, header);
		else
			write_csv_reasons(out, s, frame, time, header, rows, n);
		break;
	}
	free(rows);
	return fflush(out) == EOF || ferror(out) ? -1 : 0;
}

/*
 * A record that says the counters are gone for now (a module unloaded
 * between two reads), in the log's format; the run goes on.
 */
static int write_missing(FILE *out, const struct options *o,
			 const struct model *m, unsigned long frame,
			 const struct timespec *wall)
{
	char time[32];

	batch_format_time(wall, time);
	if (o->format == OUTPUT_JSON) {
		struct json_writer w;

		json_writer_init(&w, out, false);
		json_begin_object(&w);
		json_u64_field(&w, "frame", frame);
		json_string_field(&w, "time", time);
		json_string_field(&w, "event", "missing");
		json_string_field(&w, "error", m->error.message);
		json_end_object(&w);
		json_end_line(&w);
	} else if (o->format == OUTPUT_CSV) {
		/* As many fields as the header: 15 for reasons, 12 for --vms. */
		fprintf(out, "%lu,%s,missing", frame, time);
		for (int i = 3; i < (o->vms ? 12 : 15); i++)
			fputc(',', out);
		fputc('\n', out);
	} else {
		fprintf(out, "kvmexittop - no counters: %s (retrying)\n\n",
			m->error.message);
	}
	return fflush(out) == EOF || ferror(out) ? -1 : 0;
}

static int error_status(const struct kvmexit_stats_error *e)
{
	switch (e->status) {
	case KVMEXIT_STATS_MALFORMED:
	case KVMEXIT_STATS_VERSION:
		return KVMEXIT_EXIT_DATA;
	case KVMEXIT_STATS_MISSING:
		return KVMEXIT_EXIT_NO_HOST;
	default:
		return KVMEXIT_EXIT_RUNTIME;
	}
}

static volatile sig_atomic_t reopen_log, quit_batch;

static void on_hup(int sig)
{
	(void)sig;
	reopen_log = 1;
}

static void on_quit(int sig)
{
	(void)sig;
	quit_batch = 1;
}

/*
 * Tracepoint mode installed a trigger that must go on every way out:
 * SIGINT, SIGTERM (and SIGHUP when no log wants it) end the loop instead
 * of the process.
 */
static void catch_quit_signals(bool hup)
{
	struct sigaction sa = { .sa_handler = on_quit };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (hup)
		sigaction(SIGHUP, &sa, NULL);
}

/*
 * No exit_stats file under the root: a kernel without the series.  Count
 * through the kvm:kvm_exit tracepoint instead; returns 0 or the status.
 */
static int fall_back_to_tracepoint(struct options *o, struct source *src)
{
	char msg[512];
	int status = source_use_tracepoint(src, o->tracefs, msg, sizeof(msg));

	if (status) {
		report_error("no exit_stats file under %s, and no tracepoint to count with: %s",
			     o->root, msg);
		return status;
	}
	catch_quit_signals(!o->log_path);
	if (source_refresh(src, clock_now(), 0) == MODEL_ERROR) {
		report_error("%s", src->host.error.message);
		return KVMEXIT_EXIT_RUNTIME;
	}
	return 0;
}

/* Where frames go: stdout, or the log opened for appending. */
struct sink {
	FILE *out;
	const char *path;
	bool header;	/* a CSV header is due: a new stream or empty log */
};

static int sink_open(struct sink *k, const char *path)
{
	struct stat st;

	k->path = path;
	k->header = true;
	if (!path) {
		k->out = stdout;
		return 0;
	}
	k->out = fopen(path, "a");
	if (!k->out) {
		report_error("-L %s: %s", path, strerror(errno));
		return -1;
	}
	/* Appending to a log that has its header already: no second one. */
	k->header = fstat(fileno(k->out), &st) || st.st_size == 0;
	setvbuf(k->out, NULL, _IOLBF, 0);
	return 0;
}

static void sink_close(struct sink *k)
{
	if (k->out && k->out != stdout)
		fclose(k->out);
	k->out = NULL;
}

/* Sleep until t, unless a signal asks for something first. */
static void sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (double)(time_t)t) * 1e9),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		if (reopen_log || quit_batch)
			return;
}

int batch_run(struct options *o)
{
	struct source src;
	struct sink sink = { 0 };
	struct shown shown;
	struct timespec wall;
	double next;
	int status = 0;
	pid_t vcpus_of;

	report_set_json(o->format == OUTPUT_JSON && !o->log_path);
	source_init(&src, o->path, o->path ? NULL : o->root,
		    (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
	if (source_refresh(&src, clock_now(), 0) == MODEL_ERROR &&
	    (o->path || src.host.error.status != KVMEXIT_STATS_MISSING)) {
		report_error("%s: %s", o->path ? o->path : o->root,
			     src.host.error.message);
		status = error_status(&src.host.error);
		goto out;
	}
	if (src.host.last_event == MODEL_ERROR) {
		status = fall_back_to_tracepoint(o, &src);
		if (status)
			goto out;
	}
	status = shown_choose_vm(o, &src, clock_now());
	if (status)
		goto out;
	vcpus_of = o->vcpu >= 0 ? o->pid : 0;
	if (o->log_path) {
		struct sigaction sa = { .sa_handler = on_hup };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGHUP, &sa, NULL);
	}
	if (sink_open(&sink, o->log_path)) {
		status = KVMEXIT_EXIT_RUNTIME;
		goto out;
	}
	next = src.host.time + o->delay;
	for (unsigned long frame = 1; !o->iterations || frame <= o->iterations;
	     frame++) {
		sleep_until(next);
		if (quit_batch)
			break;
		if (reopen_log) {
			/* logrotate moved the file: go on in a new one. */
			reopen_log = 0;
			sink_close(&sink);
			if (sink_open(&sink, o->log_path)) {
				status = KVMEXIT_EXIT_RUNTIME;
				goto out;
			}
			if (clock_now() < next) {
				frame--;
				continue;
			}
		}
		double now = clock_now();
		enum model_event ev = source_refresh(&src, now, vcpus_of);
		int written;

		clock_gettime(CLOCK_REALTIME, &wall);
		if (ev == MODEL_ERROR) {
			if (src.host.error.status != KVMEXIT_STATS_MISSING) {
				report_error("%s: %s", o->path ? o->path : o->root,
					     src.host.error.message);
				status = error_status(&src.host.error);
				goto out;
			}
			written = write_missing(sink.out, o, &src.host, frame, &wall);
		} else if (o->vms) {
			shown = (struct shown){ .src = &src, .m = &src.host,
						.vcpu = -1, .vm_list = true };
			written = batch_write_frame(sink.out, o, &shown, frame, &wall,
						    sink.header);
		} else if (!shown_resolve(&src, o->pid, o->vcpu, &shown)) {
			report_error("VM pid %d%s is gone", (int)o->pid,
				     o->vcpu >= 0 ? " or its vCPU" : "");
			status = KVMEXIT_EXIT_NO_HOST;
			goto out;
		} else {
			written = batch_write_frame(sink.out, o, &shown, frame, &wall,
						    sink.header);
		}
		if (ev != MODEL_ERROR)
			sink.header = false;
		if (written) {
			report_error("%s: %s", o->log_path ? o->log_path : "standard output",
				     strerror(errno ? errno : EIO));
			status = KVMEXIT_EXIT_RUNTIME;
			goto out;
		}
		/* Keep the pace; a slow read does not make frames pile up. */
		next += o->delay;
		if (next < now)
			next = now + o->delay;
	}
out:
	sink_close(&sink);
	source_free(&src);
	return status;
}
