# The soak of the kernel half (issue 16, part 3; tests/lab/soak.h): VM churn,
# readers of every debugfs file, guests asking in every scope, resets,
# parameter flips and CPU hotplug at once, with module swaps between phases.
SOAK_OBJS := $(addprefix $(BUILD)/tests/lab/,soak.o soak_readers.o soak_knobs.o \
	soak_vms.o views.o vmm.o guest_code.o)
$(BUILD)/tests/lab/soak: $(SOAK_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# lab/run SECONDS VENDOR CPUS MEM: the soak in a lab booted with the
# patched modules, which it swaps from /lab/modules (where lab/run puts them).
SOAK_RUN = lab/run --vendor $(2) --cpus $(3) --mem $(4) --timeout $$(( $(1) * 3 + 600 )) \
	$(SOAK_MODULES_ARG) \
	--with $(BUILD)/tests/lab/soak --with kernel/kvmexit-modules \
	-- $(CURDIR)/$(BUILD)/tests/lab/soak --seconds $(1) \
	--swap $(CURDIR)/kernel/kvmexit-modules --modules /lab/modules

# LAB_MODULES=DIR: run on modules built elsewhere (lab/run --modules).
ifneq ($(LAB_MODULES),)
SOAK_DEPS := $(BUILD)/tests/lab/soak
SOAK_MODULES_ARG := --modules $(LAB_MODULES)
else
SOAK_DEPS := $(BUILD)/tests/lab/soak $(KERNEL_MODULES)
SOAK_MODULES_ARG :=
endif

# 60 s of it in make check, on the SVM lab with 4 CPUs.
.PHONY: suite-lab-svm-soak soak soak-vmx suite-lab-svm-soak-long suite-lab-vmx-soak
suite-lab-svm-soak: deps-lab $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-svm-soak $(call SOAK_RUN,60,svm,4,2048)
CHECK_SUITES += suite-lab-svm-soak

# make soak: 10 minutes on SVM (4 CPUs).  make soak-vmx: 2 minutes on VMX
# (Bochs, 2 CPUs), apart because it does not finish yet: its first phase
# never ends there (docs/soak.md), and lab/run gives up after 900 s.
suite-lab-svm-soak-long: deps-lab $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-svm-soak-long $(call SOAK_RUN,600,svm,4,2048)
suite-lab-vmx-soak: deps-lab-vmx $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-vmx-soak $(call SOAK_RUN,120,vmx,2,1024)
soak:
	@rm -f $(LOGDIR)/lab-svm-soak-long.log
	@$(MAKE) --no-print-directory -k suite-lab-svm-soak-long || true
	@tests/summarize $(LOGDIR) lab-svm-soak-long
soak-vmx:
	@rm -f $(LOGDIR)/lab-vmx-soak.log
	@$(MAKE) --no-print-directory -k suite-lab-vmx-soak || true
	@tests/summarize $(LOGDIR) lab-vmx-soak
