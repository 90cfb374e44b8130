/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small streaming JSON writer, shared by kvmexit-probe and kvmexittop so
 * that both print JSON the same way (bpftool's json_writer is the model).
 *
 * The writer tracks nesting and commas itself: callers only say what comes
 * next.  Inside an object every value is preceded by json_name(); inside an
 * array (or at the top level) values follow each other.  Nothing is
 * buffered beyond stdio: each call writes at once, so one object per line
 * output (json_end_line()) streams as it is produced.
 *
 * Misuse (a value without a name inside an object, closing what is not
 * open, nesting deeper than JSON_WRITER_MAX_DEPTH) is a programming error:
 * the writer then sets its error flag, writes nothing more, and
 * json_writer_ok() reports it.  Non-finite doubles, which JSON cannot
 * represent, are written as null.
 */
#ifndef KVMEXIT_JSON_WRITER_H
#define KVMEXIT_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_WRITER_MAX_DEPTH 16

struct json_writer {
	FILE *out;
	bool pretty;		/* newlines and 2-space indentation */
	bool error;		/* misuse seen; nothing more is written */
	int depth;
	bool expect_value;	/* json_name() was just written */
	struct {
		bool is_object;
		bool has_items;
	} level[JSON_WRITER_MAX_DEPTH];
	bool top_has_items;	/* values written at depth 0 on this line */
};

void json_writer_init(struct json_writer *w, FILE *out, bool pretty);
bool json_writer_ok(const struct json_writer *w);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);

/* The name of the next member of the current object. */
void json_name(struct json_writer *w, const char *name);

void json_string(struct json_writer *w, const char *s);
void json_u64(struct json_writer *w, uint64_t v);
void json_double(struct json_writer *w, double v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* Name and value in one call, for the common case. */
void json_string_field(struct json_writer *w, const char *name, const char *s);
void json_u64_field(struct json_writer *w, const char *name, uint64_t v);
void json_double_field(struct json_writer *w, const char *name, double v);
void json_bool_field(struct json_writer *w, const char *name, bool v);
void json_null_field(struct json_writer *w, const char *name);

/*
 * End a top-level value with a newline (for one-object-per-line output) and
 * flush.  Only valid at depth 0.
 */
void json_end_line(struct json_writer *w);

#endif /* KVMEXIT_JSON_WRITER_H */
