# kvmexit-exporter: the exit statistics for Prometheus (issue 15).
# Builds build/kvmexit-exporter; installs it with its man page and systemd
# unit; adds its tests to make check and its benchmark to make bench-exporter.

EXPORTER := $(BUILD)/kvmexit-exporter
EXPORTER_SRCS := $(wildcard tools/kvmexit-exporter/*.c)
EXPORTER_OBJS := $(EXPORTER_SRCS:%.c=$(BUILD)/%.o)
# Everything but main() and the HTTP server: what the unit tests link.
EXPORTER_CORE_OBJS := $(filter-out %/main.o %/server.o,$(EXPORTER_OBJS))

DEPS_BUILD += libmicrohttpd-dev
# promtool and the Prometheus server the tests scrape with; curl for scrapes.
DEPS_TEST += prometheus curl

MHD_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS := $(or $(shell pkg-config --libs libmicrohttpd 2>/dev/null),-lmicrohttpd)

$(BUILD)/tools/kvmexit-exporter/server.o \
$(BUILD)/san/tools/kvmexit-exporter/server.o: ALL_CFLAGS += $(MHD_CFLAGS)

$(EXPORTER): $(EXPORTER_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(MHD_LIBS) -lm -lpthread

# The whole program under ASan+UBSan, for the shell suites too: the unit
# tests do not reach main(), the server or the textfile writer.
EXPORTER_SAN := $(BUILD)/san/kvmexit-exporter
$(EXPORTER_SAN): $(EXPORTER_OBJS:$(BUILD)/%=$(BUILD)/san/%) $(LIB_SAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(MHD_LIBS) -lm -lpthread

PROGRAMS += $(EXPORTER)
MAN_PAGES += docs/kvmexit-exporter.1
SYSTEMD_UNITS += tools/kvmexit-exporter/kvmexit-exporter.service

EXPORTER_UNIT_TESTS := exporter_exposition exporter_accept exporter_options \
		       exporter_vm_labels
TEST_exporter_exposition_OBJS := $(BUILD)/tools/kvmexit-exporter/exposition.o
TEST_exporter_accept_OBJS := $(BUILD)/tools/kvmexit-exporter/accept.o
TEST_exporter_options_OBJS := $(BUILD)/tools/kvmexit-exporter/options.o \
			      $(BUILD)/tools/kvmexit-exporter/log.o
TEST_exporter_vm_labels_OBJS := $(BUILD)/tools/kvmexit-exporter/vm_labels.o
$(foreach t,$(EXPORTER_UNIT_TESTS),$(eval $(call unit_test,$(t))))

.PHONY: suite-exporter-cli suite-exporter-http suite-exporter-prometheus
suite-exporter-cli: $(EXPORTER)
	@tests/run-suite $(LOGDIR) exporter-cli \
		tools/kvmexit-exporter/tests/cli.sh $(EXPORTER)
suite-exporter-http: $(EXPORTER)
	@tests/run-suite $(LOGDIR) exporter-http \
		tools/kvmexit-exporter/tests/http.sh $(EXPORTER)
suite-exporter-prometheus: $(EXPORTER)
	@tests/run-suite $(LOGDIR) exporter-prometheus \
		tools/kvmexit-exporter/tests/prometheus.sh $(EXPORTER)
.PHONY: suite-exporter-san-cli suite-exporter-san-http
suite-exporter-san-cli: $(EXPORTER_SAN)
	@tests/run-suite $(LOGDIR) exporter-san-cli \
		tools/kvmexit-exporter/tests/cli.sh $(EXPORTER_SAN)
suite-exporter-san-http: $(EXPORTER_SAN)
	@KVMEXIT_SANITIZED=1 tests/run-suite $(LOGDIR) exporter-san-http \
		tools/kvmexit-exporter/tests/http.sh $(EXPORTER_SAN)
CHECK_SUITES += suite-exporter-cli suite-exporter-http suite-exporter-prometheus \
		suite-exporter-san-cli suite-exporter-san-http

# On demand, not part of make check: CPU and RSS of one scrape (bench/).
.PHONY: bench-exporter
bench-exporter: $(EXPORTER)
	bench/exporter-bench.sh $(EXPORTER)
