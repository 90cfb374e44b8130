# Unit tests: each tests/unit/test_X.c is one program linked with the library
# (and with whatever objects its fragment adds to TEST_X_OBJS), built twice:
# plainly and under ASan+UBSan.  Both builds are suites of make check.
# The top Makefile expands unit_test for each name after every fragment.
UNIT_TESTS += exit_reasons kvm_tree vm_name option_table

define unit_test
$(BUILD)/tests/$(1): $(BUILD)/tests/unit/test_$(1).o $(LIB_OBJS) $$(TEST_$(1)_OBJS)
	$$(CC) $$(ALL_CFLAGS) -o $$@ $$^ $$(TEST_$(1)_LIBS)
$(BUILD)/san/tests/$(1): $(BUILD)/san/tests/unit/test_$(1).o $(LIB_SAN_OBJS) \
		$$(patsubst $(BUILD)/%,$(BUILD)/san/%,$$(TEST_$(1)_OBJS))
	$$(CC) $$(ALL_CFLAGS) $$(SAN_FLAGS) -o $$@ $$^ $$(TEST_$(1)_LIBS)
.PHONY: suite-unit-$(1) suite-san-$(1)
suite-unit-$(1): $(BUILD)/tests/$(1)
	@tests/run-suite $(LOGDIR) unit-$(1) $(BUILD)/tests/$(1)
suite-san-$(1): $(BUILD)/san/tests/$(1)
	@tests/run-suite $(LOGDIR) san-$(1) $(BUILD)/san/tests/$(1)
CHECK_SUITES += suite-unit-$(1) suite-san-$(1)
endef

.PHONY: suite-ensure-packages
suite-ensure-packages:
	@tests/run-suite $(LOGDIR) ensure-packages tests/ensure_packages.sh
CHECK_SUITES += suite-ensure-packages

# The series' kernel Documentation (patch 0008): valid reStructuredText for
# docutils, and in step with what the series' code defines.
DEPS_KERNEL_DOCS := python3-docutils
.PHONY: suite-kernel-docs
suite-kernel-docs: deps-kernel
	@scripts/ensure-packages $(DEPS_KERNEL_DOCS)
	@tests/run-suite $(LOGDIR) kernel-docs tests/kernel/doc_rst.sh
CHECK_SUITES += suite-kernel-docs
