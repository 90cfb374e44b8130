# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Pieces of lab/run: the initramfs and the two emulators.  Sourced, not run.

LAB_PACKAGES_SVM="qemu-system-x86 busybox-static cpio xz-utils gzip"
LAB_PACKAGES_VMX="bochs bochsbios vgabios bochs-term busybox-static cpio xz-utils gzip isolinux syslinux-common xorriso"

# Where the kernel image, the stock modules and ours are.
lab_paths() {
	local pkgs=$LAB_PACKAGES_SVM
	[ "$vendor" = vmx ] && pkgs=$LAB_PACKAGES_VMX
	# shellcheck disable=SC2086
	"$top/scripts/ensure-packages" $pkgs || exit 125
	if [ "$vendor" = svm ] && [ -n "${KVMEXIT_LAB_QEMU:-}" ]; then
		if [ ! -f "$KVMEXIT_LAB_QEMU" ] || [ ! -x "$KVMEXIT_LAB_QEMU" ]; then
			die "KVMEXIT_LAB_QEMU=$KVMEXIT_LAB_QEMU is not an executable file"
		fi
	elif [ "$vendor" = svm ]; then
		"$top/lab/qemu/build" || die "cannot build the lab's QEMU (lab/qemu/build)"
	fi

	local paths
	paths=$("$top/kernel/kvmexit-kernel" paths) || die "cannot fetch the kernel packages"
	vmlinuz=$(sed -n 's/^vmlinuz=//p' <<<"$paths")
	stock_dir=$(sed -n 's/^stock_modules=//p' <<<"$paths")
	our_dir=$(sed -n 's/^modules=//p' <<<"$paths")
	[ -f "$vmlinuz" ] || die "no kernel image at $vmlinuz"

	if [ -n "$modules_dir" ]; then
		our_dir=$(cd "$modules_dir" && pwd)
	elif [ "$stock" = 0 ] && lab_modules_stale; then
		echo "lab/run: building the patched modules (make modules)" >&2
		"$top/kernel/kvmexit-kernel" modules >&2 || die "the module build failed"
	fi
}

# Our modules are stale when any patch is newer than the built kvm.ko.
lab_modules_stale() {
	local p
	[ -f "$our_dir/kvm.ko" ] || return 0
	for p in "$top"/kernel/patches/*.patch; do
		[ "$p" -nt "$our_dir/kvm.ko" ] && return 0
	done
	return 1
}

# The modules each vendor needs, in load order.
lab_module_list() {
	case $1 in
	svm) echo "irqbypass kvm ccp kvm-amd" ;;
	vmx) echo "irqbypass kvm kvm-intel" ;;
	esac
}

stock_module_path() {
	case $1 in
	irqbypass) echo "$stock_dir/virt/lib/irqbypass.ko.xz" ;;
	ccp) echo "$stock_dir/drivers/crypto/ccp/ccp.ko.xz" ;;
	netfs) echo "$stock_dir/fs/netfs/netfs.ko.xz" ;;
	9pnet | 9pnet_virtio) echo "$stock_dir/net/9p/$1.ko.xz" ;;
	9p) echo "$stock_dir/fs/9p/9p.ko.xz" ;;
	*) echo "$stock_dir/arch/x86/kvm/$1.ko.xz" ;;
	esac
}

# busybox, /init and Debian's stock modules: built once per kernel version.
lab_base_initramfs() {
	local out=$lab_build/base.cpio.gz root m
	if [ -f "$out" ] && [ "$out" -nt "$here/init" ] && [ "$out" -nt "$here/lib.sh" ]; then
		echo "$out"
		return
	fi
	mkdir -p "$lab_build"
	root=$(mktemp -d "$lab_build/base.XXXXXX")
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,root,lab/stock,usr/bin,usr/sbin,etc}
	cp /bin/busybox "$root/bin/busybox"
	cp "$here/init" "$root/init"
	chmod 0755 "$root/init"
	for m in irqbypass kvm ccp kvm-amd kvm-intel netfs 9pnet 9pnet_virtio 9p; do
		xz -dc "$(stock_module_path "$m")" >"$root/lab/stock/$m.ko"
	done
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$root"
	echo "$out"
}

# What changes per run: the command, the module choice and --with paths.
lab_run_initramfs() {
	local work=$1 vend=$2 use_stock=$3 root=$1/root p m
	shift 3
	mkdir -p "$root/lab/modules"
	if [ "$use_stock" = 0 ]; then
		for m in kvm kvm-amd kvm-intel; do
			[ -f "$our_dir/$m.ko" ] && cp "$our_dir/$m.ko" "$root/lab/modules/"
		done
	fi
	{
		echo "vendor=$vend"
		echo "modules=\"$(lab_module_list "$vend")\""
		echo "stock=$use_stock"
		printf 'repo=%q\n' "$top"
	} >"$root/lab/config"
	{
		echo "#!/bin/sh"
		printf 'exec'
		printf ' %q' "$@"
		echo
	} >"$root/lab/command"
	chmod 0755 "$root/lab/command"
	for p in "${withs[@]}"; do
		p=$(realpath "$p")
		mkdir -p "$root$(dirname "$p")"
		cp -a "$p" "$root$p"
	done
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/run.cpio.gz"
}

# Relay the command's serial port, minus carriage returns and the status
# line /init writes last, which becomes the exit status.
lab_relay() {
	tr -d '\r' | awk -v status_file="$status_file" '
		/^@@kvmexit-lab-status=[0-9]+@@$/ {
			gsub(/[^0-9]/, ""); print > status_file; close(status_file); next
		}
		/^@@kvmexit-lab-error=.*@@$/ {
			sub(/^@@kvmexit-lab-error=/, ""); sub(/@@$/, "")
			print "error " $0 > status_file; close(status_file); next
		}
		{ print; fflush() }'
}

lab_finish() {
	local rc=$1 console=$2
	if [ "$rc" = 124 ]; then
		echo "lab/run: timed out after ${timeout_s}s; last lines of the console:" >&2
		tail -n 15 "$console" >&2
		exit 124
	fi
	if [ ! -s "$status_file" ]; then
		echo "lab/run: the emulated host stopped before COMMAND finished; last lines of the console:" >&2
		tail -n 25 "$console" >&2
		exit 125
	fi
	if grep -q '^error ' "$status_file"; then
		echo "lab/run: $(sed 's/^error //' "$status_file")" >&2
		echo "lab/run: last lines of the console:" >&2
		tail -n 15 "$console" >&2
		exit 125
	fi
	exit "$(cat "$status_file")"
}

lab_boot_qemu() {
	local rc=0 clock=() share=() serial=(-serial stdio) qemu=()
	[ "$icount" = 1 ] && clock=(-icount shift=0,sleep=off)
	[ "$host_root" = 1 ] &&
		share=(-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap)
	if [ "$tty" = 1 ]; then
		# Keys (Ctrl-C included) go to the command, not to QEMU.
		serial=(-chardev stdio,id=tty,signal=off -serial chardev:tty)
	fi
	# Debian's QEMU with lab/qemu's fix, unless KVMEXIT_LAB_QEMU names
	# another binary; Debian's firmware either way.  thread=single:
	# multi-threaded TCG can crash the host while KVM patches static keys
	# (LAB-NOTES.md).
	set +e
	qemu=("${KVMEXIT_LAB_QEMU:-$top/build/qemu/qemu-system-x86_64}"
		-L /usr/share/qemu -L /usr/share/seabios -L /usr/lib/ipxe/qemu
		-accel tcg,thread=single "${clock[@]}" -cpu "$qemu_cpu"
		-smp "$cpus" -m "$mem"
		-display none -monitor none -no-reboot "${share[@]}"
		-serial "file:$work/console.log" "${serial[@]}"
		-kernel "$vmlinuz" -initrd "$work/initrd.gz"
		-append "$cmdline")
	if [ "$tty" = 1 ]; then
		# The terminal gets the command's bytes untouched (a full-screen
		# program needs its carriage returns); the status comes from the
		# console log, where lab/init repeats it.
		timeout --foreground -k 5 "$timeout_s" "${qemu[@]}"
		rc=$?
		lab_relay <"$work/console.log" >/dev/null
	else
		timeout -k 5 "$timeout_s" "${qemu[@]}" </dev/null | lab_relay
		rc=${PIPESTATUS[0]}
	fi
	set -e
	lab_finish "$rc" "$work/console.log"
}

# lab_boot_bochs: the VMX lab.
# shellcheck source=lab/bochs.sh
. "$here/bochs.sh"
