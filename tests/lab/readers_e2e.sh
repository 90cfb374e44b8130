#!/bin/sh
# kvmexittop's VM list and kvmexit-exporter against the patched KVM's real
# debugfs tree, run inside 'lab/run --host-root': two VMs at known CPUID
# rates (cpuid_pacer), told apart by each reader within 10% of each rate.
# The exporter is scraped with curl over the lab host's loopback.
# Usage: readers_e2e.sh REPO_DIR
repo=$1
n=0 failed=0
echo "1..6"	# the plan: the checks below (tests/README.md)
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - readers e2e: $2"; else echo "not ok $n - readers e2e: $2"; failed=1; fi
}
within10() { awk -v r="${1:-0}" -v want="$2" 'BEGIN { exit !(r >= want * 0.9 && r <= want * 1.1) }'; }
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
# The exporter serves before the VMs start (up to 10 s).
chroot /host "$repo/build/kvmexit-exporter" --listen 127.0.0.1:9074 --per-vm 2>/tmp/exp.err &
exporter=$!
scrape() { chroot /host curl -s --max-time 5 http://127.0.0.1:9074/metrics; }
i=0
until scrape >/tmp/m0 2>/dev/null || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "# the exporter served after $i polls of 0.1 s"

"$repo/build/tests/lab/cpuid_pacer" 1000 30 >/tmp/pacer1.out 2>&1 &
p1=$!
"$repo/build/tests/lab/cpuid_pacer" 3000 30 >/tmp/pacer3.out 2>&1 &
p3=$!
# Both VMs have a file with CPUID exits in it (up to 10 s).
i=0
until [ "$(cat /sys/kernel/debug/kvm/$p1-*/exit_stats /sys/kernel/debug/kvm/$p3-*/exit_stats 2>/dev/null |
		grep -c ' CPUID ')" -eq 2 ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "# both VMs' files counted CPUID exits after $i polls of 0.1 s"

chroot /host "$repo/build/kvmexittop" -b -o json --vms -d 1 -n 4 >/tmp/vms 2>/tmp/top.err
rc=$?
grep -q "\"vm_pid\":$p1,\"vm_name\":\"cpuid_pacer\"" /tmp/vms &&
	grep -q "\"vm_pid\":$p3,\"vm_name\":\"cpuid_pacer\"" /tmp/vms &&
	grep -q '"source":"exit_stats"' /tmp/vms
check $((rc | $?)) "kvmexittop --vms lists both pacers by pid from exit_stats (status $rc; $(cat /tmp/top.err))"
for pair in "$p1 1000" "$p3 3000"; do
	set -- $pair
	bad=0 seen=
	for f in 2 3 4; do
		r=$(sed -n "${f}p" /tmp/vms | sed -n "s/.*\"vm_pid\":$1,[^}]*\"exits_per_second\":\([0-9.]*\),.*/\1/p")
		seen="$seen ${r:-none}"
		within10 "$r" "$2" || bad=1
	done
	check $bad "kvmexittop: VM $1's exits/s within 10% of its pacer's $2 in frames 2-4:$seen"
done

# The exporter: two scrapes 4 s apart give each VM's CPUID rate.
# A scrape's moment is taken as the middle of its request: starting curl in
# the emulated host takes a good part of a second.
now() { date +%s.%N; }
a=$(now); scrape >/tmp/m0; b=$(now)
t0=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (a + b) / 2 }')
sleep 4
a=$(now); scrape >/tmp/m1; b=$(now)
t1=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", (a + b) / 2 }')
kill $exporter
wait $exporter 2>/dev/null
grep -E '^kvmexit_(up|vm_info|exits_total\{reason="CPUID")' /tmp/m1 | sed 's/^/# /'
grep -q '^kvmexit_up 1$' /tmp/m1 && grep -q "^kvmexit_vm_info{vm=\"cpuid_pacer ($p1-" /tmp/m1 ||
	grep -q "^kvmexit_vm_info{vm=\"cpuid_pacer\",pid=\"$p1\"}" /tmp/m1
check $? "the exporter serves the live tree: kvmexit_up 1, the pacers' vm_info ($(head -c 200 /tmp/exp.err))"
# The rate of a series between the two scrapes: its sample values.
rate() { # rate SELECTOR-REGEX
	a=$(grep -E "$1" /tmp/m0 | awk '{ s += $NF } END { print s + 0 }')
	b=$(grep -E "$1" /tmp/m1 | awk '{ s += $NF } END { print s + 0 }')
	awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }'
}
host=$(rate '^kvmexit_exits_total\{reason="CPUID"')
within10 "$host" 4000
check $? "exporter: host CPUID rate $host/s within 10% of the pacers' 4000"
vm1=$(grep -o "^kvmexit_vm_info{vm=\"[^\"]*\",pid=\"$p1\"" /tmp/m1 | sed 's/^kvmexit_vm_info{vm="\([^"]*\)".*/\1/')
vm3=$(grep -o "^kvmexit_vm_info{vm=\"[^\"]*\",pid=\"$p3\"" /tmp/m1 | sed 's/^kvmexit_vm_info{vm="\([^"]*\)".*/\1/')
r1=$(rate "^kvmexit_vm_exits_total\\{vm=\"$(echo "$vm1" | sed 's/[()]/\\&/g')\",reason=\"CPUID\"")
r3=$(rate "^kvmexit_vm_exits_total\\{vm=\"$(echo "$vm3" | sed 's/[()]/\\&/g')\",reason=\"CPUID\"")
within10 "$r1" 1000 && within10 "$r3" 3000
check $? "exporter: per-VM CPUID rates $r1/s ($vm1) and $r3/s ($vm3) within 10% of 1000 and 3000"
wait $p1 $p3
echo "# $(cat /tmp/pacer1.out) / $(cat /tmp/pacer3.out)"
exit $failed
