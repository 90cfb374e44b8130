# kvmexittop: the live host view of the exit statistics (issue 6).
# Builds build/kvmexittop and its man page; adds its tests to make check.

KVMEXITTOP := $(BUILD)/kvmexittop
KVMEXITTOP_SRCS := $(wildcard tools/kvmexittop/*.c)
KVMEXITTOP_OBJS := $(KVMEXITTOP_SRCS:%.c=$(BUILD)/%.o)
# Everything but main(): what the unit tests link.
KVMEXITTOP_CORE_OBJS := $(filter-out %/main.o %/tui.o %/view.o \
			  %/terminal.o %/input.o,$(KVMEXITTOP_OBJS))

# The wide-character ncurses; pkg-config may only appear after make deps.
NCURSESW_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
NCURSESW_LIBS := $(or $(shell pkg-config --libs ncursesw 2>/dev/null),-lncursesw)

$(KVMEXITTOP_OBJS) $(KVMEXITTOP_OBJS:$(BUILD)/%=$(BUILD)/san/%): \
	ALL_CFLAGS += $(NCURSESW_CFLAGS) -DNCURSES_WIDECHAR=1

$(KVMEXITTOP): $(KVMEXITTOP_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(NCURSESW_LIBS)

PROGRAMS += $(KVMEXITTOP)
MAN_PAGES += docs/kvmexittop.1

# Unit tests are expanded here, one $(eval) per test, rather than added to
# UNIT_TESTS: the top Makefile's single $(eval $(foreach ...)) joins the
# rules of two tests onto one line ("recipe commences before first target").
KVMEXITTOP_UNIT_TESTS := json_writer stats_file kvmexittop_model \
			 kvmexittop_output kvmexittop_options
TEST_kvmexittop_model_OBJS := $(BUILD)/tools/kvmexittop/model.o
TEST_kvmexittop_model_LIBS := -lm
TEST_kvmexittop_output_OBJS := $(KVMEXITTOP_CORE_OBJS) \
			       $(BUILD)/tools/kvmexittop/view.o \
			       $(BUILD)/tools/kvmexittop/terminal.o \
			       $(BUILD)/tools/kvmexittop/input.o
TEST_kvmexittop_output_LIBS := $(NCURSESW_LIBS) -lm
TEST_kvmexittop_options_OBJS := $(KVMEXITTOP_CORE_OBJS) \
				$(BUILD)/tools/kvmexittop/input.o
TEST_kvmexittop_options_LIBS := $(NCURSESW_LIBS) -lm
$(foreach t,$(KVMEXITTOP_UNIT_TESTS),$(eval $(call unit_test,$(t))))

# Shell suites: batch output against fixtures the script rewrites, and the
# live view driven through tmux.
.PHONY: suite-kvmexittop-batch suite-kvmexittop-tui
suite-kvmexittop-batch: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-batch \
		tools/kvmexittop/tests/batch.sh $(KVMEXITTOP)
suite-kvmexittop-tui: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-tui \
		tools/kvmexittop/tests/tui.sh $(KVMEXITTOP)
# Locale: the batch, tree, log and options suites in de_DE.UTF-8, which
# localedef makes from Debian's locales package.
DEPS_TEST += locales
.PHONY: suite-kvmexittop-locale
suite-kvmexittop-locale: $(KVMEXITTOP) $(BUILD)/kvmexit-probe \
		$(BUILD)/tests/kvmexittop_options
	@tests/run-suite $(LOGDIR) kvmexittop-locale \
		tools/kvmexittop/tests/locale.sh $(KVMEXITTOP) \
		$(BUILD)/kvmexit-probe $(BUILD)/tests/kvmexittop_options
CHECK_SUITES += suite-kvmexittop-locale

.PHONY: suite-kvmexittop-tracepoint
suite-kvmexittop-tracepoint: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-tracepoint \
		tools/kvmexittop/tests/tracepoint.sh $(KVMEXITTOP)
CHECK_SUITES += suite-kvmexittop-tracepoint

.PHONY: suite-kvmexittop-tree suite-kvmexittop-log suite-kvmexittop-tui-tree
suite-kvmexittop-tui-tree: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-tui-tree \
		tools/kvmexittop/tests/tui_tree.sh $(KVMEXITTOP)
suite-kvmexittop-tree: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-tree \
		tools/kvmexittop/tests/tree.sh $(KVMEXITTOP)
suite-kvmexittop-log: $(KVMEXITTOP)
	@tests/run-suite $(LOGDIR) kvmexittop-log \
		tools/kvmexittop/tests/log.sh $(KVMEXITTOP)
CHECK_SUITES += suite-kvmexittop-batch suite-kvmexittop-tui \
		suite-kvmexittop-tree suite-kvmexittop-log suite-kvmexittop-tui-tree

# On demand, not part of make check: CPU per frame and RSS (bench/).
.PHONY: bench-kvmexittop
bench-kvmexittop: $(KVMEXITTOP)
	bench/kvmexittop-bench.sh $(KVMEXITTOP)

# docs/json.md is checked against this program's real output, too.
$(BUILD)/tests/json_schema $(BUILD)/san/tests/json_schema: | $(KVMEXITTOP)
