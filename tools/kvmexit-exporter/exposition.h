/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Prometheus exposition formats, written: text format 0.0.4 and
 * OpenMetrics 1.0.  One family (HELP, TYPE, UNIT, then its samples) is
 * written into its own buffer, so that a collector can fill several families
 * in one pass over its sources and join them afterwards: both formats want
 * the samples of a family together.
 *
 * The two formats differ only in a few places, all here: OpenMetrics names a
 * counter family without "_total" and an info family without "_info", has
 * UNIT lines and the "info" type, escapes '"' in HELP text, and ends with
 * "# EOF".  Label values are escaped alike in both ('\\', '"', newline) and
 * made valid UTF-8 (both formats require it): a VM name is whatever bytes a
 * user gave QEMU.
 */
#ifndef KVMEXIT_EXPORTER_EXPOSITION_H
#define KVMEXIT_EXPORTER_EXPOSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum expo_format {
	EXPO_TEXT,		/* text/plain; version=0.0.4 */
	EXPO_OPENMETRICS,	/* application/openmetrics-text; version=1.0.0 */
};

enum expo_type { EXPO_COUNTER, EXPO_GAUGE, EXPO_INFO };

/* What a family is: name without a "_total"/"_info" suffix. */
struct expo_family_desc {
	const char *name;	/* e.g. "kvmexit_exits" */
	enum expo_type type;
	const char *unit;	/* "seconds", or NULL; name must end with it */
	const char *help;
};

/* One family's text, growing as samples are added. */
struct expo_family {
	enum expo_format format;
	const struct expo_family_desc *desc;
	char *text;
	size_t len;
	size_t cap;
	bool failed;		/* out of memory: the text is incomplete */
};

struct expo_label {
	const char *name;	/* [a-z_]+, not escaped */
	const char *value;	/* any bytes, NUL-terminated: escaped here */
};

/* The HTTP Content-Type of a format. */
const char *expo_content_type(enum expo_format format);

/* What ends a document: "# EOF\n" for OpenMetrics, "" for text. */
const char *expo_trailer(enum expo_format format);

/*
 * Start a family: HELP, TYPE (and UNIT) lines in a buffer of at least
 * size_hint bytes.  Check f->failed after the last sample.
 */
void expo_family_begin(struct expo_family *f, enum expo_format format,
		       const struct expo_family_desc *desc, size_t size_hint);

/* One sample: the family's sample name, the labels, the value. */
void expo_sample_u64(struct expo_family *f, const struct expo_label *labels,
		     size_t nlabels, uint64_t value);
/*
 * num / den as a decimal fraction, cut (not rounded) after 9 digits: exact
 * to the nanosecond for cycles / TSC hertz, and never smaller for a larger
 * num, so a growing counter cannot look like a reset.  den > 0.
 */
void expo_sample_ratio(struct expo_family *f, const struct expo_label *labels,
		       size_t nlabels, uint64_t num, uint64_t den);

/* Hand the text over to the caller (who frees it); f is empty afterwards. */
char *expo_family_take(struct expo_family *f, size_t *len);
void expo_family_free(struct expo_family *f);

#endif /* KVMEXIT_EXPORTER_EXPOSITION_H */
