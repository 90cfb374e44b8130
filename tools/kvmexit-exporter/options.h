/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvmexit-exporter's command line: one table of options from which
 * getopt_long's list and the --help text are both made, and which a test
 * compares with the man page.
 */
#ifndef KVMEXIT_EXPORTER_OPTIONS_H
#define KVMEXIT_EXPORTER_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "option_table.h"

/*
 * 9074: Prometheus's wiki "Default port allocations" gives 9090-9093 to
 * Prometheus itself and 9100-9999 to exporters (a range that is full); 9074
 * is below both, and no service in /etc/services uses it.
 */
#define LISTEN_DEFAULT "127.0.0.1:9074"
#define ROOT_DEFAULT "/sys/kernel/debug/kvm"
#define PROC_DEFAULT "/proc"
#define INTERVAL_MIN 0.1
#define INTERVAL_MAX 86400.0

struct options {
	const char *listen;		/* as given, for messages */
	struct sockaddr_storage addr;	/* parsed --listen */
	socklen_t addrlen;
	const char *file;		/* --file, or NULL: read root */
	const char *root;
	const char *proc_root;
	bool per_vm;
	bool per_vcpu;
	const char *textfile;		/* NULL: serve HTTP */
	double interval;		/* textfile period; 0: write once */
};

extern const struct option_doc option_table[];
extern const unsigned int option_count;

enum options_result options_parse(int argc, char **argv, struct options *o);
void options_help(FILE *out);

/*
 * "ADDR:PORT" with a numeric IPv4 address, or "[ADDR]:PORT" with IPv6, into
 * *addr.  Returns 0, or -1 with a reason in why.
 */
int options_parse_listen(const char *text, struct sockaddr_storage *addr,
			 socklen_t *addrlen, const char **why);

#endif /* KVMEXIT_EXPORTER_OPTIONS_H */
