#!/bin/sh
# kvmexittop's tracepoint mode on Debian's stock kvm modules, run inside
# 'lab/run --stock --host-root': no exit_stats file, so kvmexittop counts
# through a kvm:kvm_exit hist trigger.  A VM makes a known number of CPUID
# exits (cpuid_pacer) while kvmexittop runs: the CPUID count must be exact,
# the rate within 10%, and the trigger gone afterwards.  Then two VMs at
# 1000 and 3000 exits/s: the VM list's per-VM rates within 10% of each.
# Usage: top_tracepoint.sh REPO_DIR
repo=$1
rate=2000
n=0 failed=0
echo "1..9"
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - tracepoint e2e: $2"; else echo "not ok $n - tracepoint e2e: $2"; failed=1; fi
}
tracefs=/sys/kernel/tracing
[ -d $tracefs/events ] || mount -t tracefs nodev $tracefs
[ -d /host$tracefs/events ] || mount --bind $tracefs /host$tracefs 2>/dev/null ||
	mount -t tracefs nodev /host$tracefs

chroot /host "$repo/build/kvmexittop" -b -o json -d 1 -n 7 --tracefs $tracefs \
	>/tmp/frames 2>/tmp/top.err &
top=$!
# The pacer starts once kvmexittop's hist trigger is in and its first frame,
# the baseline, is written (up to 10 s).
i=0
until grep -q 'hist:keys=exit_reason' $tracefs/events/kvm/kvm_exit/trigger &&
	[ -s /tmp/frames ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
"$repo/build/tests/lab/cpuid_pacer" $rate 4 >/tmp/pacer.out 2>&1
wait $top
rc=$?
echo "# $(cat /tmp/pacer.out)"
echo "# kvmexittop: $(cat /tmp/top.err)"
check $rc "kvmexittop -b -o json -d 1 -n 7 ran on stock KVM (status $rc)"
[ "$(grep -c '"source":"tracepoint"' /tmp/frames)" -eq 7 ] &&
	grep -q '"cycles_measured":false' /tmp/frames
check $? "seven frames in tracepoint mode, cycles not measured"

exits=$(sed -n 's/.*exits=\([0-9]*\).*/\1/p' /tmp/pacer.out)
last=$(tail -n 1 /tmp/frames | sed -n 's/.*"reason":114,"name":"CPUID",[^}]*"total_exits":\([0-9]*\),.*/\1/p')
[ -n "$exits" ] && [ "$last" = "$exits" ]
check $? "CPUID exits counted exactly: $last counted, $exits made by the pacer"

bad=0 seen=
for i in 3 4 5; do
	r=$(sed -n "${i}p" /tmp/frames | sed -n 's/.*"reason":114,"name":"CPUID","exits_per_second":\([0-9.]*\).*/\1/p')
	seen="$seen ${r:-none}"
	awk -v r="${r:-0}" -v want=$rate 'BEGIN { exit !(r >= want * 0.9 && r <= want * 1.1) }' || bad=1
done
check $bad "CPUID exits/s within 10% of $rate in frames 3-5:$seen"
! grep -q 'hist:keys=exit_reason,isa,common_pid' $tracefs/events/kvm/kvm_exit/trigger
check $? "the hist trigger is gone after the run"
grep -q '"scope":"host"' /tmp/frames
check $? "frames cover the host"

# Two VMs, two rates: the VM list (--vms) tells them apart by process.
"$repo/build/tests/lab/cpuid_pacer" 1000 6 >/tmp/pacer1.out 2>&1 &
p1=$!
"$repo/build/tests/lab/cpuid_pacer" 3000 6 >/tmp/pacer3.out 2>&1 &
p3=$!
# kvmexittop starts once both VMs exist: KVM's debugfs directory PID-FD of
# each (up to 10 s).
i=0
until ls -d /sys/kernel/debug/kvm/$p1-* /sys/kernel/debug/kvm/$p3-* >/dev/null 2>&1 ||
	[ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
chroot /host "$repo/build/kvmexittop" -b -o json --vms -d 1 -n 5 --tracefs $tracefs \
	>/tmp/vms 2>/tmp/top.err
rc=$?
wait $p1 $p3
echo "# $(cat /tmp/pacer1.out) / $(cat /tmp/pacer3.out)"
[ $rc -eq 0 ] && grep -q "\"vm_pid\":$p1,\"vm_name\":\"cpuid_pacer\"" /tmp/vms &&
	grep -q "\"vm_pid\":$p3,\"vm_name\":\"cpuid_pacer\"" /tmp/vms
check $? "--vms lists both pacers by pid (status $rc; $(cat /tmp/top.err))"
for pair in "$p1 1000" "$p3 3000"; do
	set -- $pair
	bad=0 seen=
	for i in 2 3 4; do
		r=$(sed -n "${i}p" /tmp/vms | sed -n "s/.*\"vm_pid\":$1,[^}]*\"exits_per_second\":\([0-9.]*\),.*/\1/p")
		seen="$seen ${r:-none}"
		awk -v r="${r:-0}" -v want=$2 'BEGIN { exit !(r >= want * 0.9 && r <= want * 1.1) }' || bad=1
	done
	check $bad "VM $1's exits/s within 10% of its pacer's $2 in frames 2-4:$seen"
done
exit $failed
