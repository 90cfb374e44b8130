// SPDX-License-Identifier: GPL-2.0-only
/* Parser of the debugfs exit-statistics file: see stats_file.h. */
#include "stats_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvmexit_abi.h"

void kvmexit_stats_init(struct kvmexit_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
}

void kvmexit_stats_free(struct kvmexit_stats *stats)
{
	free(stats->rows);
	free(stats->text);
	kvmexit_stats_init(stats);
}

/* One line of the input, and where the cursor is inside it. */
struct cursor {
	const char *p;
	const char *end;	/* the line's newline */
	unsigned int line;
	struct kvmexit_stats_error *error;
};

static enum kvmexit_stats_status fail(struct kvmexit_stats_error *error,
				      enum kvmexit_stats_status status,
				      unsigned int line, int errnum,
				      const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static enum kvmexit_stats_status fail(struct kvmexit_stats_error *error,
				      enum kvmexit_stats_status status,
				      unsigned int line, int errnum,
				      const char *fmt, ...)
{
	if (!error)
		return status;
	error->status = status;
	error->line = line;
	error->errnum = errnum;
	int n = 0;

	if (line)
		n = snprintf(error->message, sizeof(error->message),
			     "line %u: ", line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error->message + n, sizeof(error->message) - n, fmt, ap);
	va_end(ap);
	return status;
}

#define MALFORMED(c, ...) \
	fail((c)->error, KVMEXIT_STATS_MALFORMED, (c)->line, 0, __VA_ARGS__)

static bool take_literal(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n))
		return false;
	c->p += n;
	return true;
}

/*
 * A plain decimal number: digits only, no sign, no leading zero (except 0
 * itself), no overflow beyond max.
 */
static bool take_number(struct cursor *c, uint64_t max, uint64_t *value)
{
	const char *p = c->p;
	uint64_t v = 0;

	if (p == c->end || *p < '0' || *p > '9')
		return false;
	if (*p == '0' && p + 1 < c->end && p[1] >= '0' && p[1] <= '9')
		return false;
	for (; p < c->end && *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	c->p = p;
	*value = v;
	return true;
}

static bool is_name_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

/* " key=" then a word up to the next space: the value's length, or 0. */
static size_t take_word(struct cursor *c, const char *key, char *word,
			size_t size)
{
	size_t n = 0;

	if (!take_literal(c, key))
		return 0;
	while (c->p < c->end && *c->p != ' ' && n < size - 1)
		word[n++] = *c->p++;
	word[n] = '\0';
	return n;
}

static const char *const scope_names[] = {
	[KVMEXIT_STATS_SCOPE_HOST] = "host",
	[KVMEXIT_STATS_SCOPE_VM] = "vm",
	[KVMEXIT_STATS_SCOPE_VCPU] = "vcpu",
};

const char *kvmexit_stats_scope_name(enum kvmexit_stats_scope scope)
{
	return (unsigned int)scope < 3 ? scope_names[scope] : "?";
}

static enum kvmexit_stats_status parse_header(struct cursor *c,
					      struct kvmexit_stats *stats)
{
	uint64_t version, khz;
	char word[8];
	unsigned int i;

	if (!take_literal(c, KVMEXIT_DEBUGFS_TITLE) ||
	    !take_number(c, UINT32_MAX, &version))
		return MALFORMED(c, "expected \"%s%u vendor=... tsc_khz=... scope=... cycles=...\"",
				 KVMEXIT_DEBUGFS_TITLE, KVMEXIT_ABI_VERSION);
	if (version != KVMEXIT_ABI_VERSION)
		return fail(c->error, KVMEXIT_STATS_VERSION, c->line, 0,
			    "exit statistics ABI v%llu found, this tool reads v%u%s",
			    (unsigned long long)version, KVMEXIT_ABI_VERSION,
			    version < KVMEXIT_ABI_VERSION ?
			    " (update the kernel series)" : " (update this tool)");
	stats->version = (unsigned int)version;
	if (!take_word(c, " vendor=", word, sizeof(word)) ||
	    kvmexit_vendor_parse(word, &stats->vendor))
		return MALFORMED(c, "expected \" vendor=vmx\" or \" vendor=svm\" after the version");
	if (!take_literal(c, " tsc_khz=") || !take_number(c, UINT64_MAX, &khz))
		return MALFORMED(c, "expected \" tsc_khz=<kHz>\" after the vendor");
	if (khz == 0)
		return MALFORMED(c, "tsc_khz is 0");
	stats->tsc_khz = khz;
	if (!take_word(c, " scope=", word, sizeof(word)))
		return MALFORMED(c, "expected \" scope=host|vm|vcpu\" after tsc_khz");
	for (i = 0; i < 3 && strcmp(word, scope_names[i]); i++)
		;
	if (i == 3)
		return MALFORMED(c, "unknown scope \"%s\" (expected host, vm or vcpu)",
				 word);
	stats->scope = (enum kvmexit_stats_scope)i;
	if (!take_word(c, " cycles=", word, sizeof(word)) ||
	    (strcmp(word, "on") && strcmp(word, "off")))
		return MALFORMED(c, "expected \" cycles=on\" or \" cycles=off\" after the scope");
	stats->cycles_measured = !strcmp(word, "on");
	if (c->p != c->end)
		return MALFORMED(c, "unexpected text after cycles=%s", word);
	return KVMEXIT_STATS_OK;
}

static enum kvmexit_stats_status grow(struct kvmexit_stats *stats,
				      struct cursor *c)
{
	if (stats->nrows < stats->capacity)
		return KVMEXIT_STATS_OK;
	size_t cap = stats->capacity ? stats->capacity * 2 : 64;
	struct kvmexit_stats_row *rows = realloc(stats->rows,
						 cap * sizeof(*rows));

	if (!rows)
		return fail(c->error, KVMEXIT_STATS_IO, c->line, ENOMEM,
			    "out of memory");
	stats->rows = rows;
	stats->capacity = cap;
	return KVMEXIT_STATS_OK;
}

/* "<reason> <name> <count> <cycles>" or "total - <count> <cycles>". */
static enum kvmexit_stats_status parse_row(struct cursor *c,
					   struct kvmexit_stats *stats,
					   bool *is_total)
{
	uint64_t reason = 0, count, cycles;
	const char *name = NULL;
	size_t name_len = 0;

	*is_total = take_literal(c, "total -");
	if (!*is_total) {
		if (!take_number(c, UINT32_MAX, &reason))
			return MALFORMED(c, "expected a reason (decimal, 32 bits) or \"total\"");
		if (!take_literal(c, " "))
			return MALFORMED(c, "expected a single space after the reason");
		name = c->p;
		while (c->p < c->end && is_name_char(*c->p))
			c->p++;
		name_len = (size_t)(c->p - name);
		if (name_len == 0 || name_len > KVMEXIT_STATS_NAME_MAX)
			return MALFORMED(c, "expected a name of 1 to %d letters, digits or _",
					 KVMEXIT_STATS_NAME_MAX);
	}
	if (!take_literal(c, " ") || !take_number(c, UINT64_MAX, &count))
		return MALFORMED(c, "expected a single space and a count (decimal, 64 bits)");
	if (!take_literal(c, " ") || !take_number(c, UINT64_MAX, &cycles))
		return MALFORMED(c, "expected a single space and cycles (decimal, 64 bits)");
	if (c->p != c->end)
		return MALFORMED(c, "unexpected text after the cycles");
	if (!stats->cycles_measured && cycles)
		return MALFORMED(c, "cycles %llu where the header says cycles=off",
				 (unsigned long long)cycles);
	if (*is_total) {
		stats->total_count = count;
		stats->total_cycles = cycles;
		return KVMEXIT_STATS_OK;
	}
	if (count == 0)
		return MALFORMED(c, "reason %llu has a zero count (rows are only for non-zero counts)",
				 (unsigned long long)reason);
	if (stats->nrows &&
	    reason <= stats->rows[stats->nrows - 1].reason)
		return MALFORMED(c, "reason %llu is not above the previous row's %u (rows ascend)",
				 (unsigned long long)reason,
				 stats->rows[stats->nrows - 1].reason);
	enum kvmexit_stats_status st = grow(stats, c);

	if (st)
		return st;
	struct kvmexit_stats_row *row = &stats->rows[stats->nrows++];

	row->reason = (uint32_t)reason;
	memcpy(row->name, name, name_len);
	row->name[name_len] = '\0';
	row->count = count;
	row->cycles = cycles;
	return KVMEXIT_STATS_OK;
}

static void check_sums(struct kvmexit_stats *stats)
{
	/* Unsigned wrap-around is the kernel's arithmetic too. */
	uint64_t count = 0, cycles = 0;

	for (size_t i = 0; i < stats->nrows; i++) {
		count += stats->rows[i].count;
		cycles += stats->rows[i].cycles;
	}
	stats->rows_add_up = count == stats->total_count &&
			     cycles == stats->total_cycles;
}

static enum kvmexit_stats_status parse_lines(const char *text, size_t len,
					     struct kvmexit_stats *stats,
					     struct kvmexit_stats_error *error)
{
	struct cursor c = { .p = text, .line = 0, .error = error };
	const char *end = text + len;
	bool seen_total = false;
	enum kvmexit_stats_status st;

	for (;;) {
		c.line++;
		if (c.p == end) {
			if (c.line == 1)
				return MALFORMED(&c, "the file is empty");
			if (!seen_total)
				return MALFORMED(&c, "the file ends before the \"total\" row");
			return KVMEXIT_STATS_OK;
		}
		if (seen_total)
			return MALFORMED(&c, "unexpected line after the \"total\" row");
		c.end = memchr(c.p, '\n', (size_t)(end - c.p));
		if (!c.end)
			return MALFORMED(&c, "the line does not end with a newline");
		if (memchr(c.p, '\0', (size_t)(c.end - c.p)))
			return MALFORMED(&c, "the line contains a NUL byte");
		if (c.line == 1) {
			st = parse_header(&c, stats);
		} else if (c.line == 2) {
			st = take_literal(&c, KVMEXIT_DEBUGFS_COLUMNS) &&
			     c.p == c.end ? KVMEXIT_STATS_OK :
			     MALFORMED(&c, "expected the column names \"%s\"",
				       KVMEXIT_DEBUGFS_COLUMNS);
		} else {
			st = parse_row(&c, stats, &seen_total);
		}
		if (st)
			return st;
		c.p = c.end + 1;
	}
}

enum kvmexit_stats_status kvmexit_stats_parse(const char *text, size_t len,
					      struct kvmexit_stats *stats,
					      struct kvmexit_stats_error *error)
{
	stats->nrows = 0;
	stats->version = 0;
	stats->tsc_khz = 0;
	stats->scope = KVMEXIT_STATS_SCOPE_HOST;
	stats->cycles_measured = false;
	stats->total_count = stats->total_cycles = 0;
	stats->rows_add_up = false;
	if (error)
		memset(error, 0, sizeof(*error));

	enum kvmexit_stats_status st = parse_lines(text, len, stats, error);

	if (st) {
		stats->nrows = 0;
		return st;
	}
	check_sums(stats);
	return KVMEXIT_STATS_OK;
}

static enum kvmexit_stats_status open_failure(struct kvmexit_stats_error *error,
					      int errnum)
{
	switch (errnum) {
	case ENOENT:
	case ENOTDIR:
		return fail(error, KVMEXIT_STATS_MISSING, 0, errnum,
			    "no such file: is kvm-intel or kvm-amd loaded, with the kvmexit patches, and debugfs mounted?");
	case EACCES:
	case EPERM:
		return fail(error, KVMEXIT_STATS_DENIED, 0, errnum,
			    "permission denied: debugfs is readable by root only");
	default:
		return fail(error, KVMEXIT_STATS_IO, 0, errnum, "cannot read: %s",
			    strerror(errnum));
	}
}

enum kvmexit_stats_status kvmexit_stats_read(const char *path,
					     struct kvmexit_stats *stats,
					     struct kvmexit_stats_error *error)
{
	/*
	 * debugfs files report size 0, so read to end of file into a buffer
	 * that grows; it is kept between calls so a steady refresh does not
	 * allocate.
	 */
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	stats->nrows = 0;
	if (fd < 0)
		return open_failure(error, errno);
	for (;;) {
		if (len == stats->text_capacity) {
			size_t ncap = len ? len * 2 : 16384;

			if (ncap > KVMEXIT_STATS_MAX_BYTES) {
				close(fd);
				return fail(error, KVMEXIT_STATS_MALFORMED, 0, 0,
					    "the file is larger than %u bytes",
					    KVMEXIT_STATS_MAX_BYTES);
			}
			char *nbuf = realloc(stats->text, ncap);

			if (!nbuf) {
				close(fd);
				return fail(error, KVMEXIT_STATS_IO, 0, ENOMEM,
					    "out of memory");
			}
			stats->text = nbuf;
			stats->text_capacity = ncap;
		}
		ssize_t n = read(fd, stats->text + len,
				 stats->text_capacity - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int errnum = errno;

			close(fd);
			return open_failure(error, errnum);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return kvmexit_stats_parse(stats->text, len, stats, error);
}

const struct kvmexit_stats_row *
kvmexit_stats_find(const struct kvmexit_stats *stats, uint32_t reason)
{
	size_t lo = 0, hi = stats->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (stats->rows[mid].reason == reason)
			return &stats->rows[mid];
		if (stats->rows[mid].reason < reason)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *kvmexit_stats_row_name(const struct kvmexit_stats *stats,
				   const struct kvmexit_stats_row *row)
{
	if (strcmp(row->name, "UNKNOWN"))
		return row->name;
	const char *name = kvmexit_reason_name(stats->vendor, row->reason);

	return name ? name : row->name;
}
