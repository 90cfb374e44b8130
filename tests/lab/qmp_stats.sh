#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# QEMU's query-stats against the patched KVM's debugfs files, run inside
# 'lab/run --host-root': a Linux guest runs a known CPUID
# burst under the lab host's KVM, and its QEMU answers QMP's query-stats
# (provider kvm, targets vcpu and vm) from KVM's binary stats fd.  The
# per-reason arrays exits_by_reason and exit_cycles_by_reason (docs/abi.md,
# "Binary stats fd") must match the vCPU and VM files of debugfs: between
# a read before and a read after while the guest runs, and exactly while
# QMP's stop holds its vCPUs.
# Usage: qmp_stats.sh REPO_DIR VMLINUZ
repo=$1 vmlinuz=$2
probe=$repo/build/kvmexit-probe
burst=$repo/build/tests/lab/cpuid_burst
kvm=/sys/kernel/debug/kvm
# The socket is a path of the build machine's root: QEMU and the QMP client
# both run in 'chroot /host', whose /tmp is the lab host's /host/tmp.
sock=/tmp/qmp-stats.sock
burst_n=20000
# One vCPU: with two, the nested guest never reached its init in two tries
# here (its boot stopped after about 41000 exits, and over 600 s went by).
nr_vcpus=1 vcpu_ids=0
# SVM's table (brief of issue 13, docs/abi.md): slots 0-166 are the codes
# 0x000-0x0a6, 167-170 are 0x400-0x403, 171 is VMEXIT_INVALID, 172 the rest.
nr_slots=173 cpuid_slot=114
n=0 failed=0
echo "1..16"	# the plan: the checks below (tests/README.md)
check() { # check STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - qmp stats: $2"; else echo "not ok $n - qmp stats: $2"; failed=1; fi
}
qmp() { chroot /host python3 "$repo/tests/lab/qmp_stats.py" "$sock" "$@"; }

# slots FILE COLUMN: a debugfs file's column (3 count, 4 cycles) as the
# stats fd's array, one line of nr_slots numbers.  The reason column is
# decimal; VMEXIT_INVALID (-1) is 4294967295.
slots() {
	awk -v col="$2" -v nr=$nr_slots '
		$1 ~ /^[0-9]+$/ {
			c = $1 + 0
			if (c <= 166) s = c
			else if (c >= 1024 && c <= 1027) s = 167 + c - 1024
			else if (c == 4294967295) s = 171
			else s = 172
			v[s] += $col
		}
		END { for (i = 0; i < nr; i++) printf "%s%.0f", (i ? " " : ""), v[i]; print "" }' "$1"
}
# qmp_array FILE WHO NAME: a statistic's array from qmp_stats.py's lines
# (WHO "vcpu N" or "vm -"), element i being slot i.  QEMU 7.2 builds the
# list with QAPI_LIST_PREPEND from element 0 up (accel/kvm/kvm-all.c,
# add_kvmstat_entry), so QMP shows the last element first: reverse it.
qmp_array() {
	awk -v who="$2" -v name="$3" '
		$1 " " $2 == who && $3 == name {
			for (i = NF; i > 3; i--) printf "%s%s", $i, (i > 4 ? " " : "")
			print ""
		}' "$1"
}
# between LOW MID HIGH: three arrays of the same length with LOW <= MID <=
# HIGH in every slot; prints the first slot that is not.
between() {
	printf '%s\n%s\n%s\n' "$1" "$2" "$3" | awk -v nr=$nr_slots '
		{ for (i = 1; i <= NF; i++) v[NR, i - 1] = $i; len[NR] = NF }
		END {
			if (len[1] != nr || len[2] != nr || len[3] != nr) {
				printf "lengths %d %d %d, not %d", len[1], len[2], len[3], nr; exit 1
			}
			for (i = 0; i < nr; i++)
				if (!(v[1, i] <= v[2, i] && v[2, i] <= v[3, i])) {
					printf "slot %d: %s <= %s <= %s fails", i, v[1, i], v[2, i], v[3, i]; exit 1
				}
			printf "all %d slots", nr
		}'
}
# sum A B: two arrays added slot by slot
sum() { printf '%s\n%s\n' "$1" "$2" | awk '{ for (i = 1; i <= NF; i++) s[i] += $i; n = NF }
	END { for (i = 1; i <= n; i++) printf "%s%.0f", (i > 1 ? " " : ""), s[i]; print "" }'; }
slot() { echo "$1" | awk -v i="$2" '{ print $(i + 1) }'; }

# The guest: its own CPUID count (the VM's, from the leaves), the burst,
# then it idles until the test ends its QEMU through QMP.
"$repo/lab/nested" --background --attempts 12 --cpus $nr_vcpus --qmp "$sock" --kernel "$vmlinuz" \
	--with "$probe" --with "$burst" -- /bin/sh -c "
	$probe -r CPUID -j
	$burst $burst_n
	echo @@burst-done@@
	exec sleep 3600" || echo "# lab/nested did not start the guest (status $?)"
start=$(cut -d' ' -f1 /proc/uptime)
# Up to 12 boots: each 30-60 s, or 10 s and more when it stalls (lab/nested);
# nested.status appears when the last one gave up.
i=0
until grep -q '^@@burst-done@@$' /tmp/nested.log 2>/dev/null || [ -s /tmp/nested.status ] ||
	[ ! -e /tmp/nested.pid ] || [ $i -ge 1200 ]; do
	sleep 0.5
	i=$((i + 1))
done
boots=$(grep -c 'booting again' /tmp/nested.log)
echo "# the burst was done $(awk -v s="$start" -v e="$(cut -d' ' -f1 /proc/uptime)" \
	'BEGIN { printf "%.0f", e - s }') s after the first boot began, after $boots stalled boots"
grep '^# lab/nested' /tmp/nested.log
grep -q '^@@burst-done@@$' /tmp/nested.log ||
	{ tail -n 20 /tmp/nested.log | sed 's/^/# guest: /'; false; }
check $? "the guest booted (boot $((boots + 1))) and ran its $burst_n-exit burst"
# From here on lab/nested's watcher must neither boot the guest again nor
# take QMP's stop for a stall: stop it; QMP ends QEMU at the end.
kill "$(cat /tmp/nested.pid)" 2>/dev/null

guest_cpuid=$(sed -n 's/.*"reasons":\[{[^}]*"total_exits":\([0-9]*\).*/\1/p' /tmp/nested.log | tail -n 1)
vmdir=$(dirname "$(ls $kvm/*-*/exit_stats 2>/dev/null)")
vcpus=$(ls -d "$vmdir"/vcpu* 2>/dev/null | wc -l)
[ -d "$vmdir" ] && [ "$vcpus" = $nr_vcpus ] && [ -n "$guest_cpuid" ]
check $? "one VM in debugfs ($vmdir) with $nr_vcpus vCPU directories ($vcpus), the guest's own CPUID count before the burst (${guest_cpuid:-none})"

# snapshot NAME: the VM's file and its vCPUs' files, for the arrays.
snapshot() {
	for v in $vcpu_ids; do cp "$vmdir/vcpu$v/exit_stats" "/tmp/$1.vcpu$v"; done
	cp "$vmdir/exit_stats" "/tmp/$1.vm"
}

# While the guest runs: debugfs, QMP, debugfs.  QEMU reads each vCPU's fd
# on that vCPU's thread, kicking it out of the guest: those exits are among
# the ones between the reads.
snapshot before
qmp vcpu vm >/tmp/qmp.running 2>/tmp/qmp.err
rc=$?
snapshot after
grep '^vcpu 0 exits ' /tmp/qmp.running | cut -c 1-100 | sed 's/^/# /'
[ $rc = 0 ] && [ "$(grep -c '^vcpu [0-9]* exits ' /tmp/qmp.running)" = $nr_vcpus ] &&
	grep -q '^vm - ' /tmp/qmp.running
check $? "query-stats answers for targets vcpu (each) and vm, provider kvm (status $rc; $(head -c 200 /tmp/qmp.err))"

bad=0 why=""
for v in $vcpu_ids; do
	for pair in "exits_by_reason 3" "exit_cycles_by_reason 4"; do
		set -- $pair
		w=$(between "$(slots /tmp/before.vcpu$v $2)" "$(qmp_array /tmp/qmp.running "vcpu $v" $1)" \
			"$(slots /tmp/after.vcpu$v $2)") || bad=1
		why="$why vcpu$v $1: $w;"
	done
done
tb=$(awk '$1 == "total" { print $3 }' /tmp/before.vm) ta=$(awk '$1 == "total" { print $3 }' /tmp/after.vm)
check $bad "running: each vCPU's two arrays lie between its debugfs file before and after, slot by slot (the VM's exits $tb before, $ta after):$why"

bad=0 why=""
for pair in "exits_by_reason 3" "exit_cycles_by_reason 4"; do
	set -- $pair
	w=$(between "$(slots /tmp/before.vm $2)" "$(qmp_array /tmp/qmp.running "vm -" $1)" \
		"$(slots /tmp/after.vm $2)") || bad=1
	why="$why $1: $w;"
done
check $bad "running: the VM target's arrays lie between the VM's debugfs file before and after:$why"

vm_cpuid=$(slot "$(qmp_array /tmp/qmp.running "vm -" exits_by_reason)" $cpuid_slot)
c=0
for v in $vcpu_ids; do
	cv=$(slot "$(qmp_array /tmp/qmp.running "vcpu $v" exits_by_reason)" $cpuid_slot)
	c=$((c + ${cv:-0}))
done
[ -n "$vm_cpuid" ] && [ -n "$guest_cpuid" ] && [ "$vm_cpuid" -ge $((guest_cpuid + burst_n)) ] &&
	[ $c -ge $((guest_cpuid + burst_n)) ]
check $? "the burst is all there: CPUID (slot $cpuid_slot) of the VM ${vm_cpuid:-none}, of its vCPUs $c, >= the guest's ${guest_cpuid:-none} before it + $burst_n"

# With the vCPUs held by QMP's stop, nothing exits: every number is exact.
qmp stop >/dev/null 2>>/tmp/qmp.err
snapshot stopped1
qmp vcpu vm >/tmp/qmp.stopped 2>>/tmp/qmp.err
rc=$?
snapshot stopped2
same=0
for f in $(printf 'vcpu%s ' $vcpu_ids) vm; do cmp -s /tmp/stopped1.$f /tmp/stopped2.$f || same=1; done
[ $rc = 0 ] && [ $same = 0 ]
check $? "stopped: query-stats answers and the debugfs files do not change around it (status $rc, files unchanged $same)"

bad=0 why=""
for v in $vcpu_ids; do
	for pair in "exits_by_reason 3" "exit_cycles_by_reason 4"; do
		set -- $pair
		a=$(slots /tmp/stopped1.vcpu$v $2)
		w=$(between "$a" "$(qmp_array /tmp/qmp.stopped "vcpu $v" $1)" "$a") || bad=1
		why="$why vcpu$v $1: $w;"
	done
done
check $bad "stopped: each vCPU's arrays equal its debugfs file slot by slot:$why"

bad=0 why=""
for pair in "exits_by_reason 3" "exit_cycles_by_reason 4"; do
	set -- $pair
	a=$(slots /tmp/stopped1.vm $2)
	vm=$(qmp_array /tmp/qmp.stopped "vm -" $1)
	w=$(between "$a" "$vm" "$a") || bad=1
	all=$(qmp_array /tmp/qmp.stopped "vcpu 0" $1)
	for v in $vcpu_ids; do
		[ "$v" = 0 ] || all=$(sum "$all" "$(qmp_array /tmp/qmp.stopped "vcpu $v" $1)")
	done
	w2=$(between "$all" "$vm" "$all") || bad=1
	why="$why $1: = VM file, $w; = vCPU sum, $w2;"
done
check $bad "stopped: the VM target's arrays equal the VM's file and the sum of the vCPUs' arrays:$why"

# HMP's info stats, the human view of the same fd: its exits_by_reason for
# vCPU 0, QEMU 7.2's "[i]=v" list from i = 1 in QMP's order, equal the file.
qmp info-stats >/tmp/hmp.stopped 2>>/tmp/qmp.err
rc=$?
cut -c 1-200 /tmp/hmp.stopped | sed 's/^/# hmp: /'
hmp=$(grep -m 1 'exits_by_reason' /tmp/hmp.stopped | sed 's/^[^:]*://; s/\[[0-9]*\]=//g' | tr -c '0-9\n' ' ' |
	awk '{ for (i = NF; i >= 1; i--) printf "%s%s", $i, (i > 1 ? " " : ""); print "" }')
a=$(slots /tmp/stopped1.vcpu0 3)
w=$(between "$a" "$hmp" "$a")
check $? "stopped: HMP's 'info stats vcpu exits_by_reason kvm' shows vCPU 0's array equal to its file (status $rc; $w)"

# The totals: the arrays sum to the files' total rows.
bad=0 why=""
for x in $vcpu_ids vm; do
	if [ $x = vm ]; then who="vm -" f=/tmp/stopped1.vm; else who="vcpu $x" f=/tmp/stopped1.vcpu$x; fi
	t=$(awk '$1 == "total" { print $3 }' "$f")
	s=$(qmp_array /tmp/qmp.stopped "$who" exits_by_reason | awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.0f\n", s }')
	[ -n "$t" ] && [ "$s" = "$t" ] || bad=1
	why="$why $who $s/$t;"
done
check $bad "stopped: each exits_by_reason sums to its file's total:$why"

# The stock statistics keep their names (and QEMU still reads them): the
# 6.12 descriptors as QEMU 7.2 lists them, with ours after the stock ones.
qmp schemas >/tmp/qmp.schemas 2>>/tmp/qmp.err
rc=$?
names() { awk -v t="$1" '$1 == "schema" && $2 == t && $3 == "kvm" { print $4 }' /tmp/qmp.schemas | tr '\n' ' '; }
echo "# vcpu schema: $(names vcpu)"
echo "# vm schema: $(names vm)"
# QEMU leaves out the unit for KVM_STATS_UNIT_NONE and the base when the
# exponent is 0, as it does for the stock 'exits'.
ours() { grep -E "^schema $1 kvm (exits_by_reason cumulative - - 0|exit_cycles_by_reason cumulative cycles - 0)\$" \
	/tmp/qmp.schemas | wc -l; }
[ $rc = 0 ] && [ "$(ours vcpu)" = 2 ] && [ "$(ours vm)" = 2 ]
check $? "query-stats-schemas: both arrays, cumulative, exponent 0, counts without unit and cycles in cycles, for vcpu and vm (status $rc)"

# QEMU lists the descriptors last first (QAPI_LIST_PREPEND again): ours, then
# the stock ones from the last.  The stock lists are 6.12's kvm_vcpu_stats_desc
# and kvm_vm_stats_desc (arch/x86/kvm/x86.c, KVM_GENERIC_*_STATS), reversed.
stock_vcpu="notify_window_exits guest_mode preemption_other preemption_reported \
directed_yield_successful directed_yield_attempted nested_run req_event nmi_injections \
irq_injections hypercalls insn_emulation_fail insn_emulation fpu_reload host_state_reload \
irq_exits request_irq_exits halt_exits l1d_flush nmi_window_exits irq_window_exits \
signal_exits mmio_exits io_exits exits invlpg tlb_flush pf_guest pf_mmio_spte_created \
pf_fast pf_spurious pf_emulate pf_fixed pf_taken blocking halt_wait_hist \
halt_poll_fail_hist halt_poll_success_hist halt_wait_ns halt_poll_fail_ns \
halt_poll_success_ns halt_wakeup halt_poll_invalid halt_attempted_poll halt_successful_poll"
stock_vm="max_mmu_page_hash_collisions max_mmu_rmap_size nx_lpage_splits pages_1g pages_2m \
pages_4k mmu_unsync mmu_cache_miss mmu_recycled mmu_flooded mmu_pde_zapped mmu_pte_write \
mmu_shadow_zapped remote_tlb_flush_requests remote_tlb_flush"
grep -E '^schema vcpu kvm (exits|halt_wait_ns|exits_by_reason|exit_cycles_by_reason) ' /tmp/qmp.schemas | sed 's/^/# /'
[ "$(names vcpu)" = "exit_cycles_by_reason exits_by_reason $stock_vcpu " ]
check $? "query-stats-schemas (vcpu): the stock names of 6.12, unchanged, after ours in QEMU's order"
[ "$(names vm)" = "exit_cycles_by_reason exits_by_reason $stock_vm " ]
check $? "query-stats-schemas (vm): the stock names of 6.12, unchanged, after ours in QEMU's order"

# Stock 'exits' still counts: while stopped, every vCPU's exits equals its file's total.
bad=0 why=""
for v in $vcpu_ids; do
	e=$(awk -v v=$v '$1 == "vcpu" && $2 == v && $3 == "exits" { print $4 }' /tmp/qmp.stopped)
	t=$(awk '$1 == "total" { print $3 }' /tmp/stopped1.vcpu$v)
	[ -n "$e" ] && [ "$e" = "$t" ] || bad=1
	why="$why vcpu$v $e/$t;"
done
check $bad "stopped: the stock 'exits' of each vCPU equals its file's total:$why"

out=$(qmp quit 2>&1)
i=0
while [ -n "$(pidof qemu-system-x86_64)" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$out" = done ] && [ -z "$(pidof qemu-system-x86_64)" ]
check $? "QMP's quit ends the guest's QEMU ($out; after $i polls of 0.1 s)"
exit $failed
