# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# The VMX lab: Bochs emulating an Intel CPU with VMX and EPT.  Sourced by
# lab/lib.sh, not run.  Uses lab/run's variables (work, cpus, mem, cmdline,
# timeout_s, vmlinuz, status_file) and lib.sh's lab_relay and lab_finish.
#
# Bochs cannot boot a kernel directly: the kernel and the initramfs go on an
# isolinux CD.  Debian's Bochs has no headless display and is built with its
# debugger, so it runs under a pseudo-terminal (script) with the term display
# and a debugger command file that only says "continue".  It exits 1 when the
# guest powers off, which is the normal end.  ttyS0 (com1) is the kernel's
# console, written to console.log; ttyS1 (com2) carries COMMAND's output and
# /init's status line, written to a file that is relayed while Bochs runs.

# Bochs' clock: with sync=none, emulated time advances by instruction count
# (BOCHS_IPS instructions per emulated second), independent of this machine's
# load: the TSC then counts instructions, which makes benchmarks repeat.
BOCHS_IPS=${KVMEXIT_BOCHS_IPS:-100000000}
# Its TSC ticks at that rate too, but the CPU model's CPUID leaves 0x15/0x16
# say 3.5 GHz, which Linux takes without measuring: the lab host's clock
# would run 35 times slower than the emulated machine and its local APIC
# timer fire about 190000 times a second (docs/soak.md).  tsc_early_khz
# gives Linux the true rate.
BOCHS_TSC_KHZ=$((BOCHS_IPS / 1000))
BOCHS_CPU_MODEL=corei7_skylake_x

# An isolinux CD holding the kernel and the initramfs.
bochs_iso() {
	local dir=$work/iso
	mkdir -p "$dir/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$dir/isolinux/"
	cp "$vmlinuz" "$dir/vmlinuz"
	mv "$work/initrd.gz" "$dir/initrd.gz"
	cat >"$dir/isolinux/isolinux.cfg" <<-EOF
		SERIAL 0 115200
		DEFAULT lab
		PROMPT 0
		TIMEOUT 0
		LABEL lab
		  KERNEL /vmlinuz
		  APPEND initrd=/initrd.gz tsc_early_khz=$BOCHS_TSC_KHZ $cmdline
	EOF
	xorriso -as mkisofs -quiet -o "$work/lab.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
		"$dir" 2>"$work/xorriso.log" ||
		die "cannot build the boot CD: $(tail -n 3 "$work/xorriso.log")"
	rm -rf "$dir"
}

bochs_config() {
	cat >"$work/bochsrc" <<-EOF
		cpu: model=$BOCHS_CPU_MODEL, count=$cpus, ips=$BOCHS_IPS, reset_on_triple_fault=1, ignore_bad_msrs=1
		memory: guest=$mem, host=$mem
		romimage: file=/usr/share/bochs/BIOS-bochs-latest
		vgaromimage: file=/usr/share/vgabios/vgabios.bin
		pci: enabled=1, chipset=i440fx
		ata0-master: type=cdrom, path=$work/lab.iso, status=inserted
		boot: cdrom
		com1: enabled=1, mode=file, dev=$work/console.log
		com2: enabled=1, mode=file, dev=$work/out.log
		display_library: term
		clock: sync=none, time0=local
		mouse: enabled=0
		log: $work/bochs.log
		panic: action=fatal
		error: action=report
		info: action=ignore
		debug: action=ignore
	EOF
	echo c >"$work/cont.rc"
}

lab_boot_bochs() {
	local rc=0 pid
	[ "$tty" = 1 ] && die "--tty is not available in the VMX lab (Bochs)"
	[ "$host_root" = 1 ] && die "--host-root is not available in the VMX lab (Bochs)"
	# --icount needs nothing here: Bochs' clock always counts instructions.
	bochs_iso
	bochs_config
	: >"$work/console.log"
	: >"$work/out.log"
	set +e
	# The term display needs a terminal: script gives Bochs a pty whose
	# screen output nobody reads (kept in bochs.tty for --keep).
	TERM=vt100 timeout -k 5 "$timeout_s" script -qfec \
		"bochs-bin -q -f $work/bochsrc -rc $work/cont.rc" /dev/null \
		</dev/null >"$work/bochs.tty" 2>&1 &
	pid=$!
	emulator_pid=$pid
	# Relay com2 as it fills; tail stops once Bochs (timeout) is gone.
	tail -n +1 -s 0.2 -f --pid="$pid" "$work/out.log" | lab_relay
	wait "$pid"
	rc=$?
	emulator_pid=
	set -e
	# Bochs exits 1 when the guest powers off: lab_finish judges by the
	# status line.  Show Bochs' own complaint when there is none.
	if [ "$rc" != 124 ] && [ ! -s "$status_file" ] && [ -s "$work/bochs.log" ]; then
		echo "lab/run: Bochs exited with status $rc; its log ends with:" >&2
		grep -v '^\s*$' "$work/bochs.log" | tail -n 5 >&2
	fi
	lab_finish "$rc" "$work/console.log"
}
