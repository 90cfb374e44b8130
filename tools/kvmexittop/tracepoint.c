// SPDX-License-Identifier: GPL-2.0-only
/* The kvm:kvm_exit hist-trigger fallback: see tracepoint.h. */
#include "tracepoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_status.h"

/*
 * Append one command to the trigger file.  O_APPEND, never O_TRUNC: a
 * truncating open of a trigger file removes every trigger on the event,
 * other tools' too.
 */
static int write_trigger(const char *path, const char *command)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	size_t len = strlen(command);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, command, len) != (ssize_t)len)
		err = errno ? errno : EIO;
	if (close(fd) && !err)
		err = errno;
	return err;
}

int tracepoint_start(struct tracepoint *tp, const char *tracefs, char *msg,
		     size_t size)
{
	char events[PATH_MAX];
	struct stat st;
	int err;

	memset(tp, 0, sizeof(*tp));
	snprintf(events, sizeof(events), "%s/events", tracefs);
	if (stat(events, &st)) {
		snprintf(msg, size,
			 "no tracefs at %s (%s): mount it (mount -t tracefs nodev %s) or give --tracefs",
			 tracefs, strerror(errno), tracefs);
		return KVMEXIT_EXIT_RUNTIME;
	}
	snprintf(tp->trigger, sizeof(tp->trigger), "%s/events/kvm/kvm_exit/trigger",
		 tracefs);
	snprintf(tp->hist, sizeof(tp->hist), "%s/events/kvm/kvm_exit/hist", tracefs);
	if (stat(tp->trigger, &st)) {
		snprintf(msg, size,
			 "no kvm:kvm_exit tracepoint in %s: is kvm-intel or kvm-amd loaded?",
			 tracefs);
		return KVMEXIT_EXIT_NO_HOST;
	}
	err = write_trigger(tp->trigger, TRACEPOINT_TRIGGER "\n");
	if (err == EACCES || err == EPERM) {
		snprintf(msg, size, "permission denied writing %s: tracefs needs root",
			 tp->trigger);
		return KVMEXIT_EXIT_RUNTIME;
	}
	if (err == EEXIST) {
		snprintf(msg, size,
			 "%s already has kvmexittop's trigger (left by a run that was killed?); remove it: echo '!%s' >>%s",
			 tp->trigger, TRACEPOINT_TRIGGER, tp->trigger);
		return KVMEXIT_EXIT_RUNTIME;
	}
	if (err) {
		snprintf(msg, size, "cannot write %s: %s", tp->trigger, strerror(err));
		return KVMEXIT_EXIT_RUNTIME;
	}
	tp->installed = true;
	return 0;
}

/* "name: value" inside the braces of a hist line. */
static bool key_value(const char *line, const char *name, unsigned long long *v)
{
	const char *p = strstr(line, name);
	size_t n = strlen(name);

	if (!p || p[n] != ':')
		return false;
	return sscanf(p + n + 1, " %llu", v) == 1;
}

int tracepoint_parse(struct tracepoint *tp, const char *text, size_t len)
{
	const char *end = text + len;

	tp->ncounts = 0;
	for (const char *line = text; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		char buf[512];
		unsigned long long reason, isa, pid, count;
		const char *hits;

		snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) ? n : sizeof(buf) - 1),
			 line);
		line += n + 1;
		/* "{ exit_reason: 120, isa: 2, common_pid: 1234 } hitcount: 35" */
		hits = strstr(buf, "} hitcount:");
		if (buf[0] != '{' || !hits ||
		    !key_value(buf, "exit_reason", &reason) ||
		    !key_value(buf, "isa", &isa) ||
		    !key_value(buf, "common_pid", &pid) ||
		    sscanf(hits + 11, " %llu", &count) != 1)
			continue;
		if (tp->ncounts == tp->capacity) {
			size_t cap = tp->capacity ? tp->capacity * 2 : 256;
			struct tracepoint_count *c = realloc(tp->counts,
							     cap * sizeof(*c));

			if (!c)
				return -1;
			tp->counts = c;
			tp->capacity = cap;
		}
		tp->counts[tp->ncounts++] = (struct tracepoint_count){
			.reason = (uint32_t)reason, .isa = (unsigned int)isa,
			.tid = (pid_t)pid, .count = count,
		};
	}
	return 0;
}

int tracepoint_read(struct tracepoint *tp, char *msg, size_t size)
{
	static char text[1 << 20];
	size_t len = 0;
	ssize_t n;
	int fd = open(tp->hist, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(msg, size, "cannot read %s: %s", tp->hist, strerror(errno));
		return -1;
	}
	while (len < sizeof(text) && (n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (tracepoint_parse(tp, text, len)) {
		snprintf(msg, size, "out of memory");
		return -1;
	}
	return 0;
}

void tracepoint_stop(struct tracepoint *tp)
{
	if (tp->installed)
		write_trigger(tp->trigger, "!" TRACEPOINT_TRIGGER "\n");
	tp->installed = false;
	free(tp->counts);
	tp->counts = NULL;
	tp->ncounts = tp->capacity = 0;
}
