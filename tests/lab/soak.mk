# The soak of the kernel half (issue 16, part 3; tests/lab/soak.h): VM churn,
# readers of every debugfs file, guests asking in every scope, resets,
# parameter flips and CPU hotplug at once, with module swaps between phases.
SOAK_OBJS := $(addprefix $(BUILD)/tests/lab/,soak.o soak_readers.o soak_knobs.o \
	soak_vms.o views.o vmm.o guest_code.o)
$(BUILD)/tests/lab/soak: $(SOAK_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# lab/run SECONDS VENDOR CPUS MEM TIMEOUT: the soak in a lab
# booted with the patched modules, which it swaps from /lab/modules (where
# lab/run puts them).
SOAK_RUN = lab/run --vendor $(2) --cpus $(3) --mem $(4) --timeout $(5) \
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
	@tests/run-suite $(LOGDIR) lab-svm-soak $(call SOAK_RUN,60,svm,4,2048,780)
CHECK_SUITES += suite-lab-svm-soak

# make soak: 10 minutes on SVM (4 CPUs).  make soak-vmx: 2 minutes on VMX
# (Bochs, 2 CPUs), on demand only: about 31 minutes (10 s of it took 13).
suite-lab-svm-soak-long: deps-lab $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-svm-soak-long $(call SOAK_RUN,600,svm,4,2048,2400)

# The VMX lab boots with the TSC's true rate (tsc_early_khz, lab/bochs.sh):
# without it the lab host's clock ran 35 times slower (docs/soak.md).
suite-lab-vmx-soak: deps-lab-vmx $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-vmx-soak $(call SOAK_RUN,120,vmx,2,1024,3600)
soak:
	@rm -f $(LOGDIR)/lab-svm-soak-long.log
	@$(MAKE) --no-print-directory -k suite-lab-svm-soak-long || true
	@tests/summarize $(LOGDIR) lab-svm-soak-long
soak-vmx:
	@rm -f $(LOGDIR)/lab-vmx-soak.log
	@$(MAKE) --no-print-directory -k suite-lab-vmx-soak || true
	@tests/summarize $(LOGDIR) lab-vmx-soak

# make vmx-clock [VMX_CLOCK_APPEND='tsc_early_khz=0']: tests/lab/vcpu_clock
# in the VMX lab on Debian's stock modules, the HPET's time (the emulated
# machine's) and the local timer interrupts against Bochs' TSC while a vCPU
# runs (docs/soak.md): about 5 minutes.
.PHONY: vmx-clock
vmx-clock: deps-lab-vmx $(BUILD)/tests/lab/vcpu_clock
	@lab/run --vendor vmx --cpus 2 --mem 1024 --stock --append "$(VMX_CLOCK_APPEND)" \
		--with $(BUILD)/tests/lab/vcpu_clock -- $(CURDIR)/$(BUILD)/tests/lab/vcpu_clock \
		--clocksource hpet
