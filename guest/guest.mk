# kvmexit-probe: the guest-side tool (issue 5), a static binary that any
# x86-64 Linux guest can run.  Included by the top Makefile.
PROBE_SRCS := guest/cpu.c guest/query.c guest/output.c guest/report.c \
	      guest/view_text.c guest/view_json.c guest/watch.c \
	      guest/options.c guest/probe.c
PROBE_OBJS := $(PROBE_SRCS:%.c=$(BUILD)/%.o)
PROBE_BIN := $(BUILD)/kvmexit-probe

PROGRAMS += $(PROBE_BIN)
MAN_PAGES += docs/kvmexit-probe.1
# -static needs libc.a, which Debian ships in libc6-dev (already listed).
DEPS_BUILD += libc6-dev

$(PROBE_BIN): $(BUILD)/guest/main.o $(PROBE_OBJS) \
		$(BUILD)/lib/exit_reasons.o $(BUILD)/lib/json_writer.o \
		$(BUILD)/lib/c_number.o $(BUILD)/lib/option_table.o
	$(CC) $(ALL_CFLAGS) -static -o $@ $^

# Unit tests against a fake host (tests/probe/fake_host.c); the top
# Makefile expands the unit_test rule for each.
PROBE_UNIT_TESTS := probe_query probe_report probe_watch probe_cli json_schema
UNIT_TESTS += $(PROBE_UNIT_TESTS)
$(foreach t,$(PROBE_UNIT_TESTS),\
	$(eval TEST_$(t)_OBJS := $(PROBE_OBJS) $(BUILD)/tests/probe/fake_host.o))

# The real binary on this machine, which is no kvmexit host.
.PHONY: suite-probe-real
suite-probe-real: $(PROBE_BIN)
	@tests/run-suite $(LOGDIR) probe-real tests/probe/real-host.sh $(PROBE_BIN)
CHECK_SUITES += suite-probe-real
