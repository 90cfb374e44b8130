# Linux's own KVM selftests (tools/testing/selftests/kvm of the same 6.12
# source), built static with the series applied by kernel/kvmexit-kernel
# selftests: the series' exit_stats_test (patch 0007) in both labs, and a
# stable subset of the others on Debian's stock modules and on ours.
DEPS_SELFTESTS := rsync
KVM_SELFTESTS_DIR := $(BUILD)/kernel/selftests/kvm
EXIT_STATS_TEST := $(CURDIR)/$(KVM_SELFTESTS_DIR)/exit_stats_test

.PHONY: deps-selftests kvm-selftests check-kvm-selftests suite-lab-svm-selftest \
	suite-lab-svm-selftest-stock suite-lab-vmx-selftest suite-kvm-selftests
deps-selftests: deps-kernel
	@scripts/ensure-packages $(DEPS_SELFTESTS)

# make kvm-selftests: build them all into build/kernel/selftests/kvm (~1 min).
kvm-selftests: deps-selftests
	@kernel/kvmexit-kernel selftests

# For tests: built once, again when the series changes.
$(KVM_SELFTESTS_DIR)/exit_stats_test: $(wildcard kernel/patches/*.patch) kernel/kvmexit-kernel \
		| deps-selftests
	@kernel/kvmexit-kernel selftests

# exit_stats_test on the patched modules: its plan is its ksft_set_plan().
suite-lab-svm-selftest: deps-lab $(KVM_SELFTESTS_DIR)/exit_stats_test $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-svm-selftest lab/run --vendor svm \
		--with $(EXIT_STATS_TEST) -- $(EXIT_STATS_TEST)

# On Debian's stock modules it skips, saying why.
suite-lab-svm-selftest-stock: deps-lab $(KVM_SELFTESTS_DIR)/exit_stats_test
	@tests/run-suite $(LOGDIR) lab-svm-selftest-stock lab/run --vendor svm --stock \
		--with $(EXIT_STATS_TEST) --with tests/lab/exit_stats_test_stock.sh --with tests/tap.sh \
		-- $(CURDIR)/tests/lab/exit_stats_test_stock.sh $(CURDIR) $(EXIT_STATS_TEST)

# The VMX lab (Bochs): one CPU is enough, the test runs its vCPUs in turn.
suite-lab-vmx-selftest: deps-lab-vmx $(KVM_SELFTESTS_DIR)/exit_stats_test $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-vmx-selftest lab/run --vendor vmx --cpus 1 --mem 512 \
		--with $(EXIT_STATS_TEST) -- $(EXIT_STATS_TEST)

CHECK_SUITES += suite-lab-svm-selftest suite-lab-svm-selftest-stock suite-lab-vmx-selftest

# The stable subset of the other selftests, stock modules then ours, in the
# SVM lab: the pass sets must be equal (tests/lab/kvm_selftests.sh).
suite-kvm-selftests: deps-lab $(KVM_SELFTESTS_DIR)/exit_stats_test $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) kvm-selftests tests/lab/kvm_selftests.sh $(KVM_SELFTESTS_DIR)

# Both sets took 95 s + 99 s here (165 s + 121 s while another lab and two
# kernel builds shared the 2 cores): within ten minutes, so make check runs
# it too.
CHECK_SUITES += suite-kvm-selftests

check-kvm-selftests:
	@rm -f $(LOGDIR)/kvm-selftests.log
	@$(MAKE) --no-print-directory suite-kvm-selftests
	@tests/summarize $(LOGDIR) kvm-selftests
