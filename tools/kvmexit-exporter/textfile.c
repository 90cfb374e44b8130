// SPDX-License-Identifier: GPL-2.0-only
/* --textfile: see textfile.h. */
#include "textfile.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int write_all(int fd, const struct scrape_output *out)
{
	for (unsigned int i = 0; i < out->nparts; i++) {
		const char *p = out->parts[i].iov_base;
		size_t left = out->parts[i].iov_len;

		while (left) {
			ssize_t n = write(fd, p, left);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -1;
			p += n;
			left -= (size_t)n;
		}
	}
	return 0;
}

int textfile_write(const char *path, const struct scrape_output *out)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;

	if (snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", dirlen, path,
		     slash ? slash + 1 : path) >= (int)sizeof(tmp)) {
		log_error("%s: the path is too long", path);
		return -1;
	}
	int fd = mkstemp(tmp);

	if (fd < 0) {
		log_error("%s: cannot make a temporary file: %s", tmp, strerror(errno));
		return -1;
	}
	/* mkstemp gives 0600; node_exporter runs as another user. */
	if (fchmod(fd, 0644) || write_all(fd, out) || close(fd)) {
		log_error("%s: cannot write: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		log_error("%s: cannot rename %s over it: %s", path, tmp,
			  strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* One scrape to the file: its status, and whether the file was written. */
static int write_one(const struct options *o, struct collector *c,
		     bool *written)
{
	struct scrape_output out;
	int status = collector_scrape(c, EXPO_TEXT, &out);

	*written = false;
	if (status < 0)
		return KVMEXIT_EXIT_RUNTIME;
	*written = !textfile_write(o->textfile, &out);
	scrape_output_free(&out);
	return *written ? status : KVMEXIT_EXIT_RUNTIME;
}

static void add_seconds(struct timespec *t, double s)
{
	double whole = floor(s);

	t->tv_sec += (time_t)whole;
	t->tv_nsec += (long)((s - whole) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

int textfile_run(const struct options *o, struct collector *c)
{
	bool written;

	if (o->interval <= 0)
		return write_one(o, c, &written);

	sigset_t stop;
	struct timespec next;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		/* A file that cannot be written is for the operator to fix. */
		write_one(o, c, &written);
		if (!written)
			return KVMEXIT_EXIT_RUNTIME;
		/* Deadlines on the monotonic clock: no drift, no clock jumps. */
		add_seconds(&next, o->interval);
		for (;;) {
			struct timespec now, left;

			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = next.tv_sec - now.tv_sec;
			left.tv_nsec = next.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			if (left.tv_sec < 0)
				break;
			if (sigtimedwait(&stop, NULL, &left) >= 0)
				return KVMEXIT_EXIT_OK;
		}
	}
}
