// SPDX-License-Identifier: GPL-2.0-only
/* A small streaming JSON writer: see json_writer.h. */
#include "json_writer.h"

#include <inttypes.h>
#include <math.h>

void json_writer_init(struct json_writer *w, FILE *out, bool pretty)
{
	*w = (struct json_writer){ .out = out, .pretty = pretty };
}

bool json_writer_ok(const struct json_writer *w)
{
	return !w->error;
}

static void indent(struct json_writer *w)
{
	if (!w->pretty)
		return;
	fputc('\n', w->out);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/*
 * Everything that writes a value goes through here first: it checks that a
 * value may come now and writes the comma and indentation it needs.
 */
static bool begin_value(struct json_writer *w)
{
	if (w->error)
		return false;
	if (w->depth == 0) {
		/* Several top-level values on one line: separate them. */
		if (w->top_has_items)
			fputc(' ', w->out);
		w->top_has_items = true;
		return true;
	}
	if (w->level[w->depth - 1].is_object) {
		if (!w->expect_value) {
			w->error = true;	/* a member needs its name */
			return false;
		}
		w->expect_value = false;
		return true;
	}
	if (w->level[w->depth - 1].has_items)
		fputc(',', w->out);
	w->level[w->depth - 1].has_items = true;
	indent(w);
	return true;
}

/*
 * The length of the well-formed UTF-8 sequence at p (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static int utf8_length(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xBF;
	int n;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

static void write_escaped(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80) {
			/*
			 * Text from users (a path, a VM's name) may be any
			 * bytes; JSON must be UTF-8, so a byte that starts no
			 * well-formed sequence becomes U+FFFD.
			 */
			int n = utf8_length(p);

			if (n) {
				fwrite(p, 1, (size_t)n, out);
				p += n - 1;
			} else {
				fputs("\\ufffd", out);
			}
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			/* Other controls and DEL cannot appear raw. */
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void json_name(struct json_writer *w, const char *name)
{
	if (w->error)
		return;
	if (w->depth == 0 || !w->level[w->depth - 1].is_object ||
	    w->expect_value) {
		w->error = true;
		return;
	}
	if (w->level[w->depth - 1].has_items)
		fputc(',', w->out);
	w->level[w->depth - 1].has_items = true;
	indent(w);
	write_escaped(w->out, name);
	fputs(w->pretty ? ": " : ":", w->out);
	w->expect_value = true;
}

static void begin_container(struct json_writer *w, bool is_object)
{
	if (!begin_value(w))
		return;
	if (w->depth == JSON_WRITER_MAX_DEPTH) {
		w->error = true;
		return;
	}
	fputc(is_object ? '{' : '[', w->out);
	w->level[w->depth].is_object = is_object;
	w->level[w->depth].has_items = false;
	w->depth++;
}

static void end_container(struct json_writer *w, bool is_object)
{
	if (w->error)
		return;
	if (w->depth == 0 || w->level[w->depth - 1].is_object != is_object ||
	    w->expect_value) {
		w->error = true;
		return;
	}
	bool had_items = w->level[w->depth - 1].has_items;

	w->depth--;
	if (had_items)
		indent(w);
	fputc(is_object ? '}' : ']', w->out);
}

void json_begin_object(struct json_writer *w)
{
	begin_container(w, true);
}

void json_end_object(struct json_writer *w)
{
	end_container(w, true);
}

void json_begin_array(struct json_writer *w)
{
	begin_container(w, false);
}

void json_end_array(struct json_writer *w)
{
	end_container(w, false);
}

void json_string(struct json_writer *w, const char *s)
{
	if (begin_value(w))
		write_escaped(w->out, s ? s : "");
}

void json_u64(struct json_writer *w, uint64_t v)
{
	if (begin_value(w))
		fprintf(w->out, "%" PRIu64, v);
}

void json_double(struct json_writer *w, double v)
{
	if (!begin_value(w))
		return;
	if (!isfinite(v))
		fputs("null", w->out);
	else
		/* %.17g round-trips; rates need far less, so keep it short. */
		fprintf(w->out, "%.10g", v);
}

void json_bool(struct json_writer *w, bool v)
{
	if (begin_value(w))
		fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	if (begin_value(w))
		fputs("null", w->out);
}

void json_string_field(struct json_writer *w, const char *name, const char *s)
{
	json_name(w, name);
	json_string(w, s);
}

void json_u64_field(struct json_writer *w, const char *name, uint64_t v)
{
	json_name(w, name);
	json_u64(w, v);
}

void json_double_field(struct json_writer *w, const char *name, double v)
{
	json_name(w, name);
	json_double(w, v);
}

void json_bool_field(struct json_writer *w, const char *name, bool v)
{
	json_name(w, name);
	json_bool(w, v);
}

void json_null_field(struct json_writer *w, const char *name)
{
	json_name(w, name);
	json_null(w);
}

void json_end_line(struct json_writer *w)
{
	if (w->error)
		return;
	if (w->depth != 0) {
		w->error = true;
		return;
	}
	fputc('\n', w->out);
	w->top_has_items = false;
	fflush(w->out);
}
