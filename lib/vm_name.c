// SPDX-License-Identifier: GPL-2.0-only
/* A VM's display name from its VMM's command line: see vm_name.h. */
#include "vm_name.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * QEMU parses "-name" as QemuOpts with the implied key "guest": elements
 * split at single commas (",," is a literal comma), the first element
 * without '=' is the guest name, else the value of "guest=".  Other keys
 * (debug-threads=on, process=...) are skipped.
 */
static bool parse_name_opts(const char *opts, char *name, size_t size)
{
	const char *p = opts;
	bool first = true;

	while (*p) {
		char elem[256];
		size_t n = 0;

		/* One element, unescaping ",,"; too long a value is cut. */
		while (*p) {
			if (*p == ',' && p[1] == ',')
				p++;
			else if (*p == ',')
				break;
			if (n < sizeof(elem) - 1)
				elem[n++] = *p;
			p++;
		}
		elem[n] = '\0';
		if (*p == ',')
			p++;
		const char *value = NULL;

		if (!strncmp(elem, "guest=", 6))
			value = elem + 6;
		else if (first && !strchr(elem, '='))
			value = elem;
		first = false;
		if (value && *value) {
			snprintf(name, size, "%s", value);
			return true;
		}
	}
	return false;
}

bool kvmexit_vm_name_from_cmdline(const char *cmdline, size_t len, char *name,
				  size_t size)
{
	const char *end = cmdline + len;
	const char *arg = cmdline;

	/* Skip argv[0], the program; QEMU takes both -name and --name. */
	arg = memchr(arg, '\0', (size_t)(end - arg));
	while (arg && ++arg < end) {
		const char *next = memchr(arg, '\0', (size_t)(end - arg));

		if (!next)
			return false;	/* a cut-off last argument */
		if ((!strcmp(arg, "-name") || !strcmp(arg, "--name")) &&
		    next + 1 < end && memchr(next + 1, '\0', (size_t)(end - next - 1)))
			return parse_name_opts(next + 1, name, size);
		if (!strncmp(arg, "-name=", 6) || !strncmp(arg, "--name=", 7))
			return parse_name_opts(strchr(arg, '=') + 1, name, size);
		arg = next;
	}
	return false;
}

/* Read up to size - 1 bytes of a small /proc file; -1 when it cannot. */
static ssize_t read_small(const char *proc_root, pid_t pid, const char *what,
			  char *buf, size_t size)
{
	char path[4096];
	ssize_t len = 0, n;

	snprintf(path, sizeof(path), "%s/%d/%s", proc_root, (int)pid, what);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)len < size - 1 &&
	       (n = read(fd, buf + len, size - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return len;
}

static void make_printable(char *name)
{
	for (unsigned char *p = (unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

bool kvmexit_vm_name(const char *proc_root, pid_t pid, char *name, size_t size)
{
	/* QEMU's command lines run to a few kB; -name is near the start. */
	char buf[16384];
	ssize_t len = read_small(proc_root, pid, "cmdline", buf, sizeof(buf));

	/*
	 * An empty command line is a zombie's (a VMM is no kernel thread):
	 * the process has gone, whatever its comm still says.
	 */
	if (len == 0)
		return false;
	if (len > 0 && kvmexit_vm_name_from_cmdline(buf, (size_t)len, name, size)) {
		make_printable(name);
		return true;
	}
	len = read_small(proc_root, pid, "comm", buf, sizeof(buf));
	if (len < 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(name, size, "%s", buf);
	make_printable(name);
	return true;
}
