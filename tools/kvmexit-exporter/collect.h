/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One scrape: read the host's exit_stats (or --file), and with --per-vm or
 * --per-vcpu every VM's and vCPU's, and write the metrics.  The values are
 * the kernel's counters as they are: a reset or a module reload makes them
 * smaller, which Prometheus takes as a counter reset (rate() never goes
 * negative).  A file that cannot be read gives kvmexit_up 0 (the host's) or
 * one more kvmexit_scrape_errors_total (any), and a line on stderr when the
 * error is new: the scrape itself always succeeds.
 *
 * Not thread-safe: the HTTP server calls it from its one thread.
 */
#ifndef KVMEXIT_EXPORTER_COLLECT_H
#define KVMEXIT_EXPORTER_COLLECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "exit_status.h"
#include "exposition.h"
#include "kvm_tree.h"
#include "options.h"
#include "stats_file.h"
#include "vm_labels.h"

enum collect_family {
	FAM_UP,
	FAM_SCRAPE_ERRORS,
	FAM_TSC_HERTZ,
	FAM_CYCLES_MEASURED,
	FAM_EXITS,
	FAM_SECONDS,
	FAM_VM_INFO,
	FAM_VM_EXITS,
	FAM_VM_SECONDS,
	FAM_VCPU_EXITS,
	FAM_VCPU_SECONDS,
	FAM_COUNT
};

/* A scrape's text: the families' buffers in order, then the trailer. */
struct scrape_output {
	struct iovec parts[FAM_COUNT + 1];
	unsigned int nparts;
	size_t len;
	enum expo_format format;
};

struct collector {
	const struct options *opt;
	struct kvmexit_stats stats;	/* reused for every file */
	struct kvmexit_tree tree;
	struct vm_labels labels;
	uint64_t scrape_errors;
	size_t size_hint[FAM_COUNT];	/* last scrape's sizes */
	char last_host_error[512];	/* logged once until it changes */
	char last_vm_error[512];
};

void collector_init(struct collector *c, const struct options *opt);
void collector_free(struct collector *c);

/*
 * Write every family into *out (which the caller frees with
 * scrape_output_free(), also after a failure).  Returns what the host
 * file's read means in the shared exit statuses: KVMEXIT_EXIT_OK,
 * _NO_HOST (no file), _DATA (malformed, another ABI version), _RUNTIME
 * (denied, I/O).  Returns -1 when out of memory: *out is then empty.
 */
int collector_scrape(struct collector *c, enum expo_format format,
		     struct scrape_output *out);

void scrape_output_free(struct scrape_output *out);

#endif /* KVMEXIT_EXPORTER_COLLECT_H */
