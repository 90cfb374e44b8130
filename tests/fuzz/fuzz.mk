# Fuzzing (issue 16): a libFuzzer harness for each piece of code that takes
# outside input, built with clang under ASan and UBSan.  make check runs each
# for 20 s from its corpus (tests/fuzz/corpus/NAME, seeds and every input
# that once found a bug) as one check; make fuzz runs each for a million
# executions, on demand.  Included by the top Makefile.
DEPS_FUZZ := clang
FUZZ_CC := clang
# The programs' own flags (defines, warnings), then the fuzzer's.
FUZZ_CFLAGS = $(ALL_CFLAGS) -O1 -g -fno-omit-frame-pointer \
	      -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CHECK_SECONDS := 20
FUZZ_RUNS := 1000000

# What each harness links, as the unit tests of the same code do (their
# object lists, made source stems here).
stems = $(patsubst $(BUILD)/%.o,%,$(1))
FUZZ_LIB = $(LIB_SRCS:%.c=%)
FUZZ_HARNESSES := stats_file json_writer kvmexittop_options probe_options \
		  probe_cpuid kvmexittop_model
FUZZ_stats_file_OBJS = $(FUZZ_LIB)
FUZZ_json_writer_OBJS = $(FUZZ_LIB)
FUZZ_kvmexittop_options_OBJS = $(FUZZ_LIB) $(call stems,$(TEST_kvmexittop_options_OBJS))
FUZZ_kvmexittop_options_LIBS = $(TEST_kvmexittop_options_LIBS)
FUZZ_probe_options_OBJS = $(FUZZ_LIB) $(PROBE_SRCS:%.c=%)
FUZZ_probe_cpuid_OBJS = $(FUZZ_LIB) $(PROBE_SRCS:%.c=%) tests/probe/fake_host
FUZZ_kvmexittop_model_OBJS = $(FUZZ_LIB) $(call stems,$(TEST_kvmexittop_model_OBJS))
FUZZ_kvmexittop_model_LIBS = $(TEST_kvmexittop_model_LIBS)

.PHONY: deps-fuzz fuzz
deps-fuzz:
	@scripts/ensure-packages $(DEPS_FUZZ)

# Objects: instrumented for the fuzzer, main() comes from libFuzzer.
$(BUILD)/fuzz/obj/%.o: %.c | deps-fuzz
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_EXTRA_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(BUILD)/fuzz/obj/tools/kvmexittop/%.o: FUZZ_EXTRA_CFLAGS = $(NCURSESW_CFLAGS) -DNCURSES_WIDECHAR=1

define fuzz_harness
$(BUILD)/fuzz/fuzz_$(1): $(BUILD)/fuzz/obj/tests/fuzz/fuzz_$(1).o \
		$(FUZZ_$(1)_OBJS:%=$(BUILD)/fuzz/obj/%.o)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$(FUZZ_$(1)_LIBS)
.PHONY: suite-fuzz-$(1) fuzz-$(1)
suite-fuzz-$(1): $(BUILD)/fuzz/fuzz_$(1)
	@tests/run-suite $(LOGDIR) fuzz-$(1) tests/fuzz/run $$< \
		tests/fuzz/corpus/$(1) -max_total_time=$(FUZZ_CHECK_SECONDS)
fuzz-$(1): $(BUILD)/fuzz/fuzz_$(1)
	@tests/run-suite $(LOGDIR) fuzz-long-$(1) tests/fuzz/run $$< \
		tests/fuzz/corpus/$(1) -runs=$(FUZZ_RUNS)
CHECK_SUITES += suite-fuzz-$(1)
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_harness,$(h))))

# On demand, like bench: a million executions of each harness.
fuzz:
	@rm -f $(FUZZ_HARNESSES:%=$(LOGDIR)/fuzz-long-%.log)
	@$(MAKE) --no-print-directory -k $(FUZZ_HARNESSES:%=fuzz-%) || true
	@tests/summarize $(LOGDIR) $(FUZZ_HARNESSES:%=fuzz-long-%)
