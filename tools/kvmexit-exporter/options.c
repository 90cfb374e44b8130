// SPDX-License-Identifier: GPL-2.0-only
/* The option table, its parser and --help: see options.h. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "c_number.h"
#include "kvmexit_abi.h"
#include "log.h"

const struct option_doc option_table[] = {
	{ "listen", 0, "ADDR:PORT",
	  "serve /metrics there (default " LISTEN_DEFAULT "; IPv6 as [ADDR]:PORT; port 0: any free one)" },
	{ "root", 0, "DIR",
	  "read the debugfs tree under DIR (default " ROOT_DEFAULT ")" },
	{ "file", 0, "PATH",
	  "read one file in the exit_stats format instead of a tree" },
	{ "per-vm", 0, NULL, "add each VM's exits, with a vm label" },
	{ "per-vcpu", 0, NULL, "add each vCPU's exits, with vm and vcpu labels" },
	{ "proc", 0, "DIR",
	  "find VM names under DIR (default " PROC_DEFAULT "; for tests)" },
	{ "textfile", 0, "PATH",
	  "write the metrics to PATH for node_exporter instead of serving" },
	{ "interval", 0, "SECONDS",
	  "with --textfile: rewrite PATH every SECONDS (default: once, then exit)" },
	{ "help", 'h', NULL, "show this help and exit" },
	{ "version", 0, NULL, "show the version and exit" },
};
#define OPTION_COUNT (sizeof(option_table) / sizeof(option_table[0]))
const unsigned int option_count = OPTION_COUNT;

void options_help(FILE *out)
{
	fprintf(out,
		"Usage: kvmexit-exporter [OPTION]...\n"
		"Serve the kvmexit exit statistics (exits and handling time by exit\n"
		"reason) for Prometheus at http://ADDR:PORT/metrics.\n\n"
		"Options:\n");
	option_table_help(out, option_table, option_count, 22);
	fprintf(out,
		"\nExit status: 0; 1 on a runtime error (the address is taken, PATH\n"
		"cannot be written); 64 for a bad option.  A one-time --textfile run\n"
		"also exits 2 when there is no exit_stats file and 65 when it is\n"
		"malformed (and still writes kvmexit_up 0).  See kvmexit-exporter(1).\n");
}

int options_parse_listen(const char *text, struct sockaddr_storage *addr,
			 socklen_t *addrlen, const char **why)
{
	char host[64];
	const char *port, *host_start = text, *host_end;

	if (*text == '[') {
		host_start = text + 1;
		host_end = strchr(host_start, ']');
		if (!host_end || host_end[1] != ':') {
			*why = "an IPv6 address is written [ADDR]:PORT";
			return -1;
		}
		port = host_end + 2;
	} else {
		host_end = strrchr(text, ':');
		if (!host_end) {
			*why = "expected ADDR:PORT";
			return -1;
		}
		port = host_end + 1;
	}
	if (host_end == host_start || (size_t)(host_end - host_start) >= sizeof(host)) {
		*why = "expected an address before the port";
		return -1;
	}
	memcpy(host, host_start, (size_t)(host_end - host_start));
	host[host_end - host_start] = '\0';

	char *end;
	unsigned long p;

	errno = 0;
	p = strtoul(port, &end, 10);
	if (*port < '0' || *port > '9' || *end || errno || p > 65535) {
		*why = "the port is not a number from 0 to 65535";
		return -1;
	}

	struct addrinfo hints = {
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
		.ai_socktype = SOCK_STREAM,
		.ai_family = *text == '[' ? AF_INET6 : AF_INET,
	};
	struct addrinfo *res;

	if (getaddrinfo(host, port, &hints, &res)) {
		*why = *text == '[' ? "not a numeric IPv6 address" :
				      "not a numeric IPv4 address (no host names)";
		return -1;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int parse_interval(const char *text, double *interval)
{
	char *end;
	double v;

	errno = 0;
	v = kvmexit_strtod_c(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < INTERVAL_MIN ||
	    v > INTERVAL_MAX)
		return -1;
	*interval = v;
	return 0;
}

static const char *option_name(int c)
{
	const struct option_doc *long_only =
		option_table_long_only(option_table, option_count, c);

	return long_only ? long_only->long_name : "";
}

static enum options_result check_combinations(const struct options *o,
					      bool listen_given)
{
	if (o->file && (o->per_vm || o->per_vcpu)) {
		log_error("--%s needs a tree (--root), not --file",
			  o->per_vm ? "per-vm" : "per-vcpu");
		return OPTIONS_EXIT_USAGE;
	}
	if (o->interval > 0 && !o->textfile) {
		log_error("--interval goes with --textfile");
		return OPTIONS_EXIT_USAGE;
	}
	if (o->textfile && listen_given) {
		log_error("--listen and --textfile exclude each other: serve, or write a file");
		return OPTIONS_EXIT_USAGE;
	}
	return OPTIONS_RUN;
}

enum options_result options_parse(int argc, char **argv, struct options *o)
{
	struct option longopts[OPTION_TABLE_LONGOPTS(OPTION_COUNT)];
	char shortopts[OPTION_TABLE_SHORTOPTS(OPTION_COUNT)];
	bool listen_given = false, root_given = false;
	const char *why;

	*o = (struct options){
		.listen = LISTEN_DEFAULT,
		.root = ROOT_DEFAULT,
		.proc_root = PROC_DEFAULT,
	};
	option_table_getopt(option_table, option_count, longopts, shortopts);

	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);
		const char *name = option_name(c);

		if (c == -1)
			break;
		if (c == 'h') {
			options_help(stdout);
			return OPTIONS_EXIT_OK;
		}
		if (c == ':') {
			log_error("option %s needs an argument (see --help)",
				  argv[optind - 1]);
			return OPTIONS_EXIT_USAGE;
		}
		if (c < OPTION_LONG_ONLY_BASE) {
			log_error("unknown option %s (see --help)", argv[optind - 1]);
			return OPTIONS_EXIT_USAGE;
		}
		if (!strcmp(name, "listen")) {
			if (options_parse_listen(optarg, &o->addr, &o->addrlen, &why)) {
				log_error("--listen \"%s\": %s", optarg, why);
				return OPTIONS_EXIT_USAGE;
			}
			o->listen = optarg;
			listen_given = true;
		} else if (!strcmp(name, "root")) {
			o->root = optarg;
			root_given = true;
		} else if (!strcmp(name, "file")) {
			o->file = optarg;
		} else if (!strcmp(name, "per-vm")) {
			o->per_vm = true;
		} else if (!strcmp(name, "per-vcpu")) {
			o->per_vcpu = true;
		} else if (!strcmp(name, "proc")) {
			o->proc_root = optarg;
		} else if (!strcmp(name, "textfile")) {
			o->textfile = optarg;
		} else if (!strcmp(name, "interval")) {
			if (parse_interval(optarg, &o->interval)) {
				log_error("--interval \"%s\" is not a number of seconds from %g to %g",
					  optarg, INTERVAL_MIN, INTERVAL_MAX);
				return OPTIONS_EXIT_USAGE;
			}
		} else if (!strcmp(name, "version")) {
			printf("kvmexit-exporter " KVMEXIT_VERSION
			       " (kvmexit ABI v%u)\n", KVMEXIT_ABI_VERSION);
			return OPTIONS_EXIT_OK;
		}
	}
	if (optind < argc) {
		log_error("unexpected argument \"%s\" (see --help)", argv[optind]);
		return OPTIONS_EXIT_USAGE;
	}
	if (o->file && root_given) {
		log_error("--file and --root exclude each other: one file, or a tree");
		return OPTIONS_EXIT_USAGE;
	}
	if (!listen_given &&
	    options_parse_listen(LISTEN_DEFAULT, &o->addr, &o->addrlen, &why))
		return OPTIONS_EXIT_USAGE;	/* cannot happen: a constant */
	return check_combinations(o, listen_given);
}
