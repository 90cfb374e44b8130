/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parser of the host's exit-statistics files, ABI v2 (docs/abi.md): the host's
 * /sys/kernel/debug/kvm/exit_stats, a VM's <pid>-<fd>/exit_stats and a vCPU's
 * <pid>-<fd>/vcpu<N>/exit_stats, all in one format:
 *
 *	# kvm exit statistics v2 vendor=svm tsc_khz=2995200 scope=vm cycles=on
 *	reason name count cycles
 *	114 CPUID 5002 153127410
 *	total - 11674 187452036
 *
 * Validation is strict, because the kernel tests use this parser to check the
 * kernel's output: single spaces, plain decimal numbers that fit (reason in
 * 32 bits, the others in 64), names of [A-Za-z0-9_], rows strictly ascending
 * by reason with non-zero counts, a newline after every line and nothing
 * after the total row.  The first error found is reported with its 1-based
 * line number.  A version other than 2 is refused before the rest of the
 * header is looked at, since another version may change it; the message
 * names both versions.  The header's key=value pairs come in exactly the
 * ABI's order.  With cycles=off every cycles value must be 0 (the kernel
 * did not measure them).
 *
 * Rows that do not add up to the total are NOT an error: while vCPUs run the
 * kernel sums rows and total at slightly different moments.  stats->rows_add_up
 * says whether they do.
 */
#ifndef KVMEXIT_STATS_FILE_H
#define KVMEXIT_STATS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit_reasons.h"

/* Longest name a row may carry (the longest ABI v1 name is 25 characters). */
#define KVMEXIT_STATS_NAME_MAX 63

/* Largest file accepted: far above the ~180 rows ABI v1 can produce. */
#define KVMEXIT_STATS_MAX_BYTES (1u << 20)

struct kvmexit_stats_row {
	uint32_t reason;
	char name[KVMEXIT_STATS_NAME_MAX + 1];	/* as printed: may be UNKNOWN */
	uint64_t count;
	uint64_t cycles;
};

/* What one file sums: the header's scope=host|vm|vcpu. */
enum kvmexit_stats_scope {
	KVMEXIT_STATS_SCOPE_HOST,
	KVMEXIT_STATS_SCOPE_VM,
	KVMEXIT_STATS_SCOPE_VCPU,
};

/* "host", "vm" or "vcpu", as the header spells it. */
const char *kvmexit_stats_scope_name(enum kvmexit_stats_scope scope);

struct kvmexit_stats {
	unsigned int version;
	enum kvmexit_vendor vendor;
	uint64_t tsc_khz;
	enum kvmexit_stats_scope scope;
	/* cycles=on; false: every cycles value is 0, meaning "not measured". */
	bool cycles_measured;
	struct kvmexit_stats_row *rows;		/* ascending by reason */
	size_t nrows;
	size_t capacity;			/* allocated rows */
	uint64_t total_count;
	uint64_t total_cycles;
	/*
	 * The rows sum to the total, counts and cycles both, in the kernel's
	 * own modulo-2^64 arithmetic.
	 */
	bool rows_add_up;
	/* kvmexit_stats_read()'s buffer, kept so refreshes do not allocate. */
	char *text;
	size_t text_capacity;
};

enum kvmexit_stats_status {
	KVMEXIT_STATS_OK = 0,
	KVMEXIT_STATS_MISSING,		/* ENOENT: KVM or the patch not loaded */
	KVMEXIT_STATS_DENIED,		/* EACCES/EPERM: debugfs needs root */
	KVMEXIT_STATS_IO,		/* any other open/read failure, ENOMEM */
	KVMEXIT_STATS_MALFORMED,	/* not the format; see error.line */
	KVMEXIT_STATS_VERSION,		/* a version this reader does not know */
};

struct kvmexit_stats_error {
	enum kvmexit_stats_status status;
	unsigned int line;	/* 1-based; 0 when not about a line */
	int errnum;		/* errno for MISSING, DENIED and IO */
	char message[192];	/* complete, human-readable, without the path */
};

/* An empty stats value; kvmexit_stats_free() releases what parsing grew. */
void kvmexit_stats_init(struct kvmexit_stats *stats);
void kvmexit_stats_free(struct kvmexit_stats *stats);

/*
 * Parse len bytes of text (need not be NUL-terminated).  On success returns
 * KVMEXIT_STATS_OK and fills *stats (rows are reused from earlier parses, so
 * parsing into the same value every frame does not allocate).  On failure
 * returns the status, fills *error (which may be NULL) and leaves *stats
 * empty (nrows 0).
 */
enum kvmexit_stats_status kvmexit_stats_parse(const char *text, size_t len,
					      struct kvmexit_stats *stats,
					      struct kvmexit_stats_error *error);

/*
 * Read the file at path (debugfs, a fixture, a FIFO: read to end of file)
 * and parse it.  Same results as kvmexit_stats_parse(), plus MISSING, DENIED
 * and IO when the file cannot be read.
 */
enum kvmexit_stats_status kvmexit_stats_read(const char *path,
					     struct kvmexit_stats *stats,
					     struct kvmexit_stats_error *error);

/* The row of a reason, or NULL: binary search over the ascending rows. */
const struct kvmexit_stats_row *
kvmexit_stats_find(const struct kvmexit_stats *stats, uint32_t reason);

/*
 * The name to show for a row: the kernel's, unless the kernel printed
 * UNKNOWN and lib/exit_reasons knows a name for the reason.
 */
const char *kvmexit_stats_row_name(const struct kvmexit_stats *stats,
				   const struct kvmexit_stats_row *row);

#endif /* KVMEXIT_STATS_FILE_H */
