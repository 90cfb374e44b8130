// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the exporter's command line: defaults, --listen parsing,
 * and the combinations it refuses.
 */
#define HARNESS_SUITE "exporter_options"
#include "../harness.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>

#include "../../tools/kvmexit-exporter/options.h"

#define PLAN 25

static enum options_result parse(struct options *o, const char *a1,
				 const char *a2, const char *a3)
{
	char *argv[] = { "kvmexit-exporter", (char *)a1, (char *)a2, (char *)a3, NULL };
	int argc = 1 + !!a1 + !!a2 + !!a3;

	optind = 0;	/* glibc: start over */
	return options_parse(argc, argv, o);
}

static void test_defaults(void)
{
	struct options o;
	const struct sockaddr_in *a = (const void *)&o.addr;

	CHECK(parse(&o, NULL, NULL, NULL) == OPTIONS_RUN, "no options: run");
	CHECK(a->sin_family == AF_INET && ntohl(a->sin_addr.s_addr) == INADDR_LOOPBACK &&
	      ntohs(a->sin_port) == 9074, "default listen 127.0.0.1:9074");
	CHECK_EQ_STR(o.root, "/sys/kernel/debug/kvm", "default root");
	CHECK(!o.file && !o.per_vm && !o.per_vcpu && !o.textfile && o.interval == 0,
	      "nothing else by default");
}

static void test_listen(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const char *why = NULL;
	const struct sockaddr_in6 *a6 = (const void *)&ss;

	CHECK(!options_parse_listen("[::1]:9999", &ss, &len, &why) &&
	      ss.ss_family == AF_INET6 && ntohs(a6->sin6_port) == 9999 &&
	      IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr), "[::1]:9999");
	CHECK(!options_parse_listen("0.0.0.0:1", &ss, &len, &why), "0.0.0.0:1");
	CHECK(options_parse_listen("localhost:9074", &ss, &len, &why) && why &&
	      strstr(why, "no host names"), "a host name is refused: %s", why);
	CHECK(options_parse_listen("127.0.0.1", &ss, &len, &why), "no port refused");
	CHECK(options_parse_listen("127.0.0.1:0x10", &ss, &len, &why), "hex port refused");
	CHECK(options_parse_listen("127.0.0.1:65536", &ss, &len, &why),
	      "port 65536 refused");
	CHECK(options_parse_listen("127.0.0.1:-1", &ss, &len, &why), "negative port refused");
	CHECK(options_parse_listen(":9074", &ss, &len, &why), "no address refused");
	CHECK(options_parse_listen("::1:9074", &ss, &len, &why),
	      "IPv6 without brackets refused");
	CHECK(options_parse_listen("[::1]9074", &ss, &len, &why), "no colon after ] refused");
	CHECK(!options_parse_listen("127.0.0.1:0", &ss, &len, &why),
	      "port 0 accepted: the kernel picks one");
}

static void test_combinations(void)
{
	struct options o;

	CHECK(parse(&o, "--file", "/x", "--per-vm") == OPTIONS_EXIT_USAGE,
	      "--file with --per-vm refused");
	CHECK(parse(&o, "--file", "/x", "--per-vcpu") == OPTIONS_EXIT_USAGE,
	      "--file with --per-vcpu refused");
	CHECK(parse(&o, "--interval", "5", NULL) == OPTIONS_EXIT_USAGE,
	      "--interval without --textfile refused");
	CHECK(parse(&o, "--textfile", "/x", "--listen=127.0.0.1:1") == OPTIONS_EXIT_USAGE,
	      "--textfile with --listen refused");
	CHECK(parse(&o, "--file=/x", "--root=/y", NULL) == OPTIONS_EXIT_USAGE,
	      "--file with --root refused");
	CHECK(parse(&o, "--textfile=/x", "--interval=0.05", NULL) == OPTIONS_EXIT_USAGE,
	      "--interval below 0.1 refused");
	CHECK(parse(&o, "--textfile=/x", "--interval=2.5", NULL) == OPTIONS_RUN &&
	      o.interval == 2.5 && !strcmp(o.textfile, "/x"), "--textfile with --interval 2.5");
	CHECK(parse(&o, "--bogus", NULL, NULL) == OPTIONS_EXIT_USAGE, "unknown option");
	CHECK(parse(&o, "--root", NULL, NULL) == OPTIONS_EXIT_USAGE, "missing argument");
	CHECK(parse(&o, "extra", NULL, NULL) == OPTIONS_EXIT_USAGE, "stray argument");
}

int main(void)
{
	printf("1..%d\n", PLAN);
	test_defaults();
	test_listen();
	test_combinations();
	return harness_exit_status();
}
