# Tests that run inside the emulated lab host (lab/run): static programs,
# since the lab's root file system is a busybox initramfs.
LAB_TEST_CFLAGS := -static -pthread
DEPS_LAB := qemu-system-x86 busybox-static cpio xz-utils gzip
LAB_VMM := $(CURDIR)/$(BUILD)/tests/lab/vmm_exits

# vmm_exits: the checks of one VM (vmm_exits.c) and of each group below.
VMM_EXITS_OBJS := $(addprefix $(BUILD)/tests/lab/,vmm_exits.o views.o two_vms.o \
	no_exit.o cycles_off.o reset_load.o churn.o stats_fd.o vmm.o guest_code.o)
$(BUILD)/tests/lab/vmm_exits: $(VMM_EXITS_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

$(BUILD)/tests/lab/guest_code.o: tests/lab/guest_code.S
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

.PHONY: deps-lab suite-lab-svm suite-lab-svm-stock
# The SVM lab's QEMU: Debian's, rebuilt once with lab/qemu's fix (lab/run
# would build it too, inside the first suite's log).
deps-lab: deps-kernel
	@scripts/ensure-packages $(DEPS_LAB)
	@lab/qemu/build

# The patched modules: every check of vmm_exits, on the emulated SVM host.
# Four CPUs: two VMs of two vCPUs each run at once, and the resets race
# with a vCPU on every CPU.
suite-lab-svm: deps-lab $(BUILD)/tests/lab/vmm_exits $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-svm lab/run --vendor svm --cpus 4 \
		--with $(BUILD)/tests/lab/vmm_exits -- $(LAB_VMM)

# Debian's stock modules: the same program finds no statistics; then, in
# the same boot, kernel/kvmexit-modules swaps the patched ones in and out.
suite-lab-svm-stock: deps-lab $(BUILD)/tests/lab/vmm_exits $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-svm-stock lab/run --vendor svm --stock \
		--with $(BUILD)/tests/lab/vmm_exits --with $(BUILD)/kernel/modules \
		--with kernel/kvmexit-modules --with tests/lab/modules_swap.sh \
		-- /bin/sh -c '$(LAB_VMM) --stock; a=$$?; \
			$(CURDIR)/tests/lab/modules_swap.sh $(CURDIR) $(LAB_VMM); \
			exit $$((a | $$?))'

CHECK_SUITES += suite-lab-svm suite-lab-svm-stock

# lab/run's --append kvm_amd.X=Y and --qemu-cpu reach the emulated host
# (lab/freeze-rate's knobs, docs/nested-guest.md): three short boots.
.PHONY: suite-lab-svm-options
suite-lab-svm-options: deps-lab $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-svm-options tests/lab/lab_options.sh
CHECK_SUITES += suite-lab-svm-options

# The lab's QEMU delivers an interrupt KVM injects once (lab/qemu/: Debian's
# binary delivers it twice now and then, which froze nested guests).
IRQ_ONCE_OBJS := $(addprefix $(BUILD)/tests/lab/,irq_once.o vmm.o guest_code.o)
$(BUILD)/tests/lab/irq_once: $(IRQ_ONCE_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

.PHONY: suite-lab-svm-irq-once
suite-lab-svm-irq-once: deps-lab $(BUILD)/tests/lab/irq_once $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-svm-irq-once lab/run --vendor svm \
		--with $(BUILD)/tests/lab/irq_once -- $(CURDIR)/$(BUILD)/tests/lab/irq_once
CHECK_SUITES += suite-lab-svm-irq-once

# Benchmarks (bench/): built here, run on demand by make bench.
BENCH_VM_OBJS := $(BUILD)/bench/big_vm.o $(BUILD)/tests/lab/vmm.o \
	$(BUILD)/tests/lab/guest_code.o
$(BUILD)/bench/exit_cost: $(BUILD)/bench/exit_cost.o $(BENCH_VM_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^
$(BUILD)/bench/stats_fd_cost: $(BUILD)/bench/stats_fd_cost.o $(BENCH_VM_OBJS)
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# A nested Linux guest runs kvmexit-probe under the patched KVM.
$(BUILD)/tests/lab/cpuid_burst: tests/lab/cpuid_burst.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -static -o $@ $<

LAB_VMLINUZ = $(shell kernel/kvmexit-kernel paths | sed -n 's/^vmlinuz=//p')
.PHONY: suite-lab-svm-guest
suite-lab-svm-guest: deps-lab $(KERNEL_MODULES) $(BUILD)/kvmexit-probe $(BUILD)/tests/lab/cpuid_burst
	@tests/run-suite $(LOGDIR) lab-svm-guest lab/run --vendor svm --host-root --timeout 900 \
		--with lab/nested --with tests/lab/probe_e2e.sh \
		-- $(CURDIR)/tests/lab/probe_e2e.sh $(CURDIR) $(LAB_VMLINUZ)
# Under QEMU 7.2's TCG a nested guest froze in 7 boots of 20 (stock modules
# too); with -cpu host,kvm=off, lab/nested's default now, in 2 of 60.  The
# cause is QEMU's: it delivers an injected interrupt twice, the second time
# whatever the guest's RFLAGS.IF (docs/nested-guest.md).  lab/nested sees a
# freeze within 10 s and boots again, and the test allows 12 boots: all 12
# freezing is a fraction of a percent even at the worst rate seen with the
# old guest (13 in 19).
CHECK_SUITES += suite-lab-svm-guest

# QEMU's query-stats (QMP, provider kvm) in a nested guest with two vCPUs,
# against the per-vCPU and per-VM debugfs files (issue 13).  The QMP client
# is Python, run from the build machine's root.
DEPS_LAB_QMP := python3
.PHONY: suite-lab-svm-qmp
suite-lab-svm-qmp: deps-lab $(KERNEL_MODULES) $(BUILD)/kvmexit-probe $(BUILD)/tests/lab/cpuid_burst
	@scripts/ensure-packages $(DEPS_LAB_QMP)
	@tests/run-suite $(LOGDIR) lab-svm-qmp lab/run --vendor svm --host-root --timeout 900 \
		--with lab/nested --with tests/lab/qmp_stats.sh \
		-- $(CURDIR)/tests/lab/qmp_stats.sh $(CURDIR) $(LAB_VMLINUZ)
CHECK_SUITES += suite-lab-svm-qmp

# The nested-guest tests alone: the probe's, query-stats' and make demo's
# live view in tmux.
.PHONY: check-guest
check-guest:
	@rm -f $(LOGDIR)/lab-svm-guest.log $(LOGDIR)/lab-svm-qmp.log $(LOGDIR)/demo-tty.log
	@$(MAKE) --no-print-directory -k suite-lab-svm-guest suite-lab-svm-qmp suite-demo-tty
	@tests/summarize $(LOGDIR) lab-svm-guest lab-svm-qmp demo-tty

# make demo's live view in a terminal (tmux), ended with q.
.PHONY: suite-demo-tty
suite-demo-tty: deps-lab deps-test $(KERNEL_MODULES) $(BUILD)/kvmexittop $(BUILD)/kvmexit-probe \
		$(BUILD)/tests/lab/cpuid_burst
	@tests/run-suite $(LOGDIR) demo-tty tests/lab/demo_tty.sh

# kvmexittop's batch mode against the live file while a VM makes a known rate.
$(BUILD)/tests/lab/cpuid_pacer: $(BUILD)/tests/lab/cpuid_pacer.o $(BUILD)/tests/lab/vmm.o \
		$(BUILD)/tests/lab/guest_code.o
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# The lab host's clock against the TSC while a vCPU runs (docs/soak.md).
$(BUILD)/tests/lab/vcpu_clock: $(BUILD)/tests/lab/vcpu_clock.o $(BUILD)/tests/lab/vmm.o \
		$(BUILD)/tests/lab/guest_code.o
	$(CC) $(ALL_CFLAGS) $(LAB_TEST_CFLAGS) -o $@ $^

# The VMX lab (Bochs, lab/bochs.sh): the same programs on an emulated Intel
# host with VMX and EPT.  A boot takes 60 s with one CPU, 100 s with two.
DEPS_LAB_VMX := bochs bochsbios vgabios bochs-term busybox-static cpio xz-utils \
	gzip isolinux syslinux-common xorriso

.PHONY: deps-lab-vmx suite-lab-vmx suite-lab-vmx-stock bench
deps-lab-vmx: deps-kernel
	@scripts/ensure-packages $(DEPS_LAB_VMX)

# Every check of vmm_exits, with two emulated CPUs (two vCPUs at once).
suite-lab-vmx: deps-lab-vmx $(BUILD)/tests/lab/vmm_exits $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-vmx lab/run --vendor vmx --cpus 2 --mem 512 \
		--with $(BUILD)/tests/lab/vmm_exits -- $(LAB_VMM)

# Stock modules, then the swap to the patched ones, in one boot of one CPU.
suite-lab-vmx-stock: deps-lab-vmx $(BUILD)/tests/lab/vmm_exits $(KERNEL_MODULES)
	@tests/run-suite $(LOGDIR) lab-vmx-stock lab/run --vendor vmx --cpus 1 --mem 512 \
		--stock --with $(BUILD)/tests/lab/vmm_exits --with $(BUILD)/kernel/modules \
		--with kernel/kvmexit-modules --with tests/lab/modules_swap.sh \
		-- /bin/sh -c '$(LAB_VMM) --stock; a=$$?; \
			$(CURDIR)/tests/lab/modules_swap.sh $(CURDIR) $(LAB_VMM); \
			exit $$((a | $$?))'

CHECK_SUITES += suite-lab-vmx suite-lab-vmx-stock

# Benchmarks, on demand: Markdown tables on stdout (SVM, VMX, v2 against v1
# with and without a CPUID table in both labs, the peer benchmark
# kvm-unit-tests x86/vmexit nested in the SVM lab, then reading a VM's stats
# fd).
bench: deps-lab deps-lab-vmx $(BUILD)/bench/exit_cost $(BUILD)/bench/stats_fd_cost \
		$(KERNEL_MODULES)
	@bench/exit-overhead
	@bench/exit-overhead-vmx
	@bench/exit-vs-v1
	@bench/exit-vs-v1 --vendor vmx
	@bench/vmexit-peer
	@bench/stats-fd-cost

.PHONY: suite-lab-svm-top
suite-lab-svm-top: deps-lab $(KERNEL_MODULES) $(BUILD)/kvmexittop $(BUILD)/tests/lab/cpuid_pacer
	@tests/run-suite $(LOGDIR) lab-svm-top lab/run --vendor svm --host-root \
		--with $(BUILD)/tests/lab/cpuid_pacer --with tests/lab/top_e2e.sh \
		-- $(CURDIR)/tests/lab/top_e2e.sh $(CURDIR)
CHECK_SUITES += suite-lab-svm-top

# make demo: the project's main job (lab/demo).
.PHONY: demo
demo: deps-lab $(KERNEL_MODULES) $(BUILD)/kvmexittop $(BUILD)/kvmexit-probe \
		$(BUILD)/tests/lab/cpuid_burst
	@lab/demo

# docs/guest-boot-exits.md: the exits of a full Linux guest boot (issue 5).
.PHONY: guest-boot-report
guest-boot-report: deps-lab $(KERNEL_MODULES)
	@lab/guest-boot-report

# kvmexittop's tracepoint mode on Debian's stock modules (no exit_stats):
# exact CPUID counts and the rate of a pacer VM, the trigger gone after.
.PHONY: suite-lab-svm-stock-top
suite-lab-svm-stock-top: deps-lab $(BUILD)/kvmexittop $(BUILD)/tests/lab/cpuid_pacer
	@tests/run-suite $(LOGDIR) lab-svm-stock-top lab/run --vendor svm --stock \
		--host-root --with $(BUILD)/tests/lab/cpuid_pacer \
		--with tests/lab/top_tracepoint.sh \
		-- $(CURDIR)/tests/lab/top_tracepoint.sh $(CURDIR)
CHECK_SUITES += suite-lab-svm-stock-top

# kvmexittop's VM list and kvmexit-exporter against the patched KVM's real
# per-VM files: two VMs at 1000 and 3000 CPUID exits/s.
.PHONY: suite-lab-svm-readers
suite-lab-svm-readers: deps-lab $(KERNEL_MODULES) $(BUILD)/kvmexittop $(BUILD)/kvmexit-exporter \
		$(BUILD)/tests/lab/cpuid_pacer
	@tests/run-suite $(LOGDIR) lab-svm-readers lab/run --vendor svm --host-root \
		--with $(BUILD)/tests/lab/cpuid_pacer --with tests/lab/readers_e2e.sh \
		-- $(CURDIR)/tests/lab/readers_e2e.sh $(CURDIR)
CHECK_SUITES += suite-lab-svm-readers
