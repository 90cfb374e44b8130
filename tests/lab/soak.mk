# The soak of the kernel half (issue 16, part 3; tests/lab/soak.h): VM churn,
# readers of every debugfs file, guests asking in every scope, resets,
# parameter flips and CPU hotplug at once, with module swaps between phases.
SOAK_OBJS := $(addprefix $(BUILD)/tests/lab/,soak.o soak_readers.o soak_knobs.o \
	soak_vms.o views.o vmm.o guest_code.o)
$(BUILD)/tests/lab/soak: $(SOAK_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# lab/run SECONDS VENDOR CPUS MEM TIMEOUT [LAB_RUN_ARGS]: the soak in a lab
# booted with the patched modules, which it swaps from /lab/modules (where
# lab/run puts them).
SOAK_RUN = lab/run --vendor $(2) --cpus $(3) --mem $(4) --timeout $(5) $(6) \
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

# Bochs' TSC ticks at its instruction rate (lab/bochs.sh's BOCHS_IPS: 100 MHz
# of emulated time), but its CPU model's CPUID leaves 0x15/0x16 say 3.5 GHz,
# which Linux takes without measuring: the lab host's clock then runs 35
# times slower than the emulated machine, so every second of a busy soak
# costs 35 emulated seconds, and its local APIC timer, set up from the same
# leaves, interrupts about 190000 times a second (docs/soak.md, measured
# with tests/lab/vcpu_clock).  tsc_early_khz gives Linux the true rate.
SOAK_VMX_TSC = tsc_early_khz=$$(( $${KVMEXIT_BOCHS_IPS:-100000000} / 1000 ))
suite-lab-vmx-soak: deps-lab-vmx $(SOAK_DEPS)
	@tests/run-suite $(LOGDIR) lab-vmx-soak $(call SOAK_RUN,120,vmx,2,1024,3600,--append "$(SOAK_VMX_TSC)")
soak:
	@rm -f $(LOGDIR)/lab-svm-soak-long.log
	@$(MAKE) --no-print-directory -k suite-lab-svm-soak-long || true
	@tests/summarize $(LOGDIR) lab-svm-soak-long
soak-vmx:
	@rm -f $(LOGDIR)/lab-vmx-soak.log
	@$(MAKE) --no-print-directory -k suite-lab-vmx-soak || true
	@tests/summarize $(LOGDIR) lab-vmx-soak

# make vmx-clock [VMX_CLOCK_APPEND='tsc_early_khz=100000']: tests/lab/vcpu_clock
# in the VMX lab on Debian's stock modules, the HPET's time (the emulated
# machine's) and the local timer interrupts against Bochs' TSC while a vCPU
# runs (docs/soak.md): about 5 minutes.
.PHONY: vmx-clock
vmx-clock: deps-lab-vmx $(BUILD)/tests/lab/vcpu_clock
	@lab/run --vendor vmx --cpus 2 --mem 1024 --stock --append "$(VMX_CLOCK_APPEND)" \
		--with $(BUILD)/tests/lab/vcpu_clock -- $(CURDIR)/$(BUILD)/tests/lab/vcpu_clock \
		--clocksource hpet
