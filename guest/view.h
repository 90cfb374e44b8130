/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What kvmexit-probe prints, twice: as text (view_text.c) and as JSON
 * (view_json.c, through the one writer in struct probe_out).  The two
 * families take the same arguments, so every output has both forms; the
 * JSON keys are documented in docs/kvmexit-probe.1.
 */
#ifndef KVMEXIT_PROBE_VIEW_H
#define KVMEXIT_PROBE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "query.h"
#include "report.h"

/* The default report and -a: totals, then the rows as given. */
void probe_text_report(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap,
		       const struct probe_row *rows, size_t count);
void probe_json_report(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap,
		       const struct probe_row *rows, size_t count);

/*
 * -r: one reason (the snapshot's only reading), in detail.  Its JSON is
 * probe_json_report() with that one row, so consumers parse one shape.
 */
void probe_text_reason(struct probe_out *o, const struct probe_host *host,
		       const struct probe_snapshot *snap);

/* --raw: the four registers of one leaf. */
void probe_text_raw(struct probe_out *o, uint32_t leaf, uint32_t subleaf,
		    const uint32_t regs[4]);
void probe_json_raw(struct probe_out *o, uint32_t leaf, uint32_t subleaf,
		    const uint32_t regs[4]);

/* -w: the line printed once before the first interval. */
void probe_text_watch_start(struct probe_out *o, const struct probe_host *host,
			    double interval);

/* -w: one interval. */
void probe_text_interval(struct probe_out *o, const struct probe_host *host,
			 const struct probe_interval *iv,
			 const struct probe_row *rows, size_t count);
void probe_json_interval(struct probe_out *o, const struct probe_host *host,
			 const struct probe_interval *iv,
			 const struct probe_row *rows, size_t count);

#endif /* KVMEXIT_PROBE_VIEW_H */
