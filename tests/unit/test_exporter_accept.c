// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the exporter's content negotiation (Accept header). */
#define HARNESS_SUITE "exporter_accept"
#include "../harness.h"

#include "../../tools/kvmexit-exporter/accept.h"

#define PLAN 14

static const struct {
	const char *accept;
	enum expo_format format;
	const char *what;
} cases[] = {
	{ NULL, EXPO_TEXT, "no Accept header" },
	{ "*/*", EXPO_TEXT, "curl's */*" },
	{ "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
	  "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
	  EXPO_OPENMETRICS, "Prometheus 2.42's header" },
	{ "text/plain;version=0.0.4;q=1,*/*;q=0.1", EXPO_TEXT,
	  "Prometheus with OpenMetrics off" },
	{ "application/openmetrics-text", EXPO_OPENMETRICS, "OpenMetrics, no version" },
	{ "Application/OpenMetrics-Text ; Version = 1.0.0", EXPO_OPENMETRICS,
	  "case and spaces do not matter" },
	{ "application/openmetrics-text;version=0.0.1", EXPO_TEXT,
	  "only OpenMetrics 0.0.1: not ours, text" },
	{ "application/openmetrics-text;q=0", EXPO_TEXT, "q=0 refuses OpenMetrics" },
	{ "text/plain;q=0.9,application/openmetrics-text;q=0.8", EXPO_TEXT,
	  "text rated higher" },
	{ "text/plain;q=0.8,application/openmetrics-text;q=0.8", EXPO_OPENMETRICS,
	  "a tie goes to OpenMetrics, which was named" },
	{ "application/openmetrics-text;q=2,text/plain;q=0.1", EXPO_TEXT,
	  "a q above 1 is malformed and ignored" },
	{ "application/openmetrics-text;q=0.1234", EXPO_TEXT,
	  "a q with four decimals is malformed" },
	{ "application/json", EXPO_TEXT, "an unknown type: text anyway" },
	{ ",,;;=,", EXPO_TEXT, "garbage: text" },
};

int main(void)
{
	printf("1..%d\n", PLAN);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(accept_format(cases[i].accept) == cases[i].format, "%s",
		      cases[i].what);
	return harness_exit_status();
}
