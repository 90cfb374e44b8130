// SPDX-License-Identifier: GPL-2.0-only
/* kvmexit-probe's output context and its one error path: see output.h. */
#include "output.h"

#include <stdarg.h>

void probe_out_init(struct probe_out *o, FILE *out, FILE *err)
{
	*o = (struct probe_out){ .out = out, .err = err };
	json_writer_init(&o->jw, out, false);
}

void probe_out_set_json(struct probe_out *o, bool pretty)
{
	o->json = true;
	json_writer_init(&o->jw, o->out, pretty);
}

int probe_error(struct probe_out *o, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->json) {
		/* A writer of its own: the error is valid JSON on its own line. */
		struct json_writer jw;

		json_writer_init(&jw, o->out, false);
		json_begin_object(&jw);
		json_string_field(&jw, "error", msg);
		json_end_object(&jw);
		json_end_line(&jw);
	} else {
		fprintf(o->err, PROBE_NAME ": %s\n", msg);
		fflush(o->err);
	}
	return status;
}
