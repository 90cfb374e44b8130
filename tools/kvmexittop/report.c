// SPDX-License-Identifier: GPL-2.0-only
/* The one error path: see report.h. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>

#include "json_writer.h"

static bool report_json;

void report_set_json(bool json)
{
	report_json = json;
}

void report_error(const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (report_json) {
		struct json_writer w;

		json_writer_init(&w, stdout, false);
		json_begin_object(&w);
		json_string_field(&w, "error", message);
		json_end_object(&w);
		json_end_line(&w);
	} else {
		fflush(stdout);
		fprintf(stderr, "kvmexittop: %s\n", message);
	}
}

int report_stdout_status(int status)
{
	/*
	 * A full disk or a closed pipe on stdout must not pass for success:
	 * flush now, while an error can still be reported (once: a failed
	 * run has said why already).
	 */
	if ((fflush(stdout) == EOF || ferror(stdout)) && !status) {
		bool json = report_json;

		report_json = false;	/* stdout is what failed */
		report_error("cannot write to standard output");
		report_json = json;
		return KVMEXIT_EXIT_RUNTIME;
	}
	return status;
}
