# The kernel half: patch series, module build and its checks.
# Debian packages needed to fetch, unpack and build the modules.
DEPS_KERNEL := make gcc libc6-dev xz-utils bzip2 dwarves perl git binutils libelf-dev

.PHONY: modules deps-kernel load unload suite-checkpatch
deps-kernel:
	@scripts/ensure-packages $(DEPS_KERNEL)

modules: deps-kernel
	@kernel/kvmexit-kernel modules

# For tests: built once, again when the series changes.
KERNEL_MODULES := $(BUILD)/kernel/modules/kvm.ko
$(KERNEL_MODULES): $(wildcard kernel/patches/*.patch) kernel/kvmexit-kernel | deps-kernel
	@kernel/kvmexit-kernel modules

unload load:
	@kernel/kvmexit-modules $@

# Every prefix of the series builds with no warning (about 5 minutes; on
# demand, not part of make check).
.PHONY: check-series
check-series: deps-kernel
	@rm -f $(LOGDIR)/series.log
	@tests/run-suite $(LOGDIR) series kernel/kvmexit-kernel series
	@tests/summarize $(LOGDIR) series

suite-checkpatch: deps-kernel
	@tests/run-suite $(LOGDIR) checkpatch tests/kernel/checkpatch.sh
CHECK_SUITES += suite-checkpatch
