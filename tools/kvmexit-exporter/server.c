// SPDX-License-Identifier: GPL-2.0-only
/* The HTTP server: see server.h. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "accept.h"
#include "log.h"

static const char landing[] =
	"<html><head><title>kvmexit-exporter</title></head><body>\n"
	"<h1>kvmexit-exporter</h1>\n"
	"<p>VM exits by exit reason: <a href=\"/metrics\">/metrics</a></p>\n"
	"</body></html>\n";

static enum MHD_Result respond_static(struct MHD_Connection *conn,
				      unsigned int status, const char *type,
				      const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(conn, status, r);

	MHD_destroy_response(r);
	return ret;
}

/* libmicrohttpd frees a response's data when the last client has it. */
static void free_scrape(void *cls)
{
	struct scrape_output *out = cls;

	scrape_output_free(out);
	free(out);
}

static enum MHD_Result respond_metrics(struct MHD_Connection *conn,
				       struct collector *c)
{
	const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_ACCEPT);
	enum expo_format format = accept_format(accept);
	struct scrape_output *out = malloc(sizeof(*out));
	struct MHD_IoVec iov[FAM_COUNT + 1];

	if (!out || collector_scrape(c, format, out) < 0) {
		free(out);
		return respond_static(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				      "text/plain", "out of memory\n");
	}
	for (unsigned int i = 0; i < out->nparts; i++)
		iov[i] = (struct MHD_IoVec){ out->parts[i].iov_base,
					     out->parts[i].iov_len };
	struct MHD_Response *r = MHD_create_response_from_iovec(
		iov, out->nparts, free_scrape, out);

	if (!r) {
		free_scrape(out);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				expo_content_type(format));
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);

	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)req_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return respond_static(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "text/plain", "only GET and HEAD\n");
	if (!strcmp(url, "/metrics"))
		return respond_metrics(conn, cls);
	if (!strcmp(url, "/"))
		return respond_static(conn, MHD_HTTP_OK, "text/html", landing);
	return respond_static(conn, MHD_HTTP_NOT_FOUND, "text/plain",
			      "not found: the metrics are at /metrics\n");
}

/*
 * Our own listening socket, so that a failure says why (the address is
 * taken, not ours) and a port 0 shows the port the kernel chose.
 */
static int listen_on(const struct options *o)
{
	int fd = socket(o->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;

	if (fd < 0) {
		log_error("cannot make a socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (o->addr.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)&o->addr, o->addrlen) ||
	    listen(fd, SERVER_CONNECTION_LIMIT)) {
		log_error("cannot listen on %s: %s", o->listen, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void say_where(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return;
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
		fprintf(stderr, "kvmexit-exporter: serving http://[%s]:%u/metrics\n",
			host, port);
	} else {
		const struct sockaddr_in *a = (const void *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
		fprintf(stderr, "kvmexit-exporter: serving http://%s:%u/metrics\n",
			host, port);
	}
}

int server_run(const struct options *o, struct collector *c)
{
	sigset_t stop;
	int sig;

	/*
	 * Blocked before libmicrohttpd starts its thread, which inherits the
	 * mask: the signals then reach only sigwait() below.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	int fd = listen_on(o);

	if (fd < 0)
		return KVMEXIT_EXIT_RUNTIME;
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG |
		(o->addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, handle, c,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SERVER_CONNECTION_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SERVER_TIMEOUT_S,
		MHD_OPTION_END);

	if (!d) {
		log_error("cannot start the HTTP server on %s", o->listen);
		return KVMEXIT_EXIT_RUNTIME;
	}
	say_where(fd);
	while (sigwait(&stop, &sig))
		;
	MHD_stop_daemon(d);	/* closes the listening socket too */
	return KVMEXIT_EXIT_OK;
}
