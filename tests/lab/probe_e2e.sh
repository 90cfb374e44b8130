#!/bin/sh
# End-to-end test of kvmexit-probe, run inside 'lab/run --host-root': a
# Linux guest under the patched KVM runs the probe around a known workload;
# its counts must agree with the host's debugfs file.
# Usage: probe_e2e.sh REPO_DIR VMLINUZ
repo=$1 vmlinuz=$2
probe=$repo/build/kvmexit-probe
burst=$repo/build/tests/lab/cpuid_burst
stats=/sys/kernel/debug/kvm/exit_stats
burst_n=20000
n=0 failed=0
echo "1..8"	# the plan: the checks below (tests/README.md)
check() { # check STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - probe e2e: $2"; else echo "not ok $n - probe e2e: $2"; failed=1; fi
}
# field KEY JSON: a top-level unsigned number of a one-line JSON object (the
# keys before its "reasons" array, docs/json.md)
field() { echo "$2" | sed 's/"reasons":.*//' | sed -n "s/.*[{,]\"$1\":\([0-9]*\).*/\1/p"; }
# reason_exits JSON: total_exits of the first reason listed (the one -r asked)
reason_exits() { echo "$1" | sed -n 's/.*"reasons":\[{[^}]*"total_exits":\([0-9]*\).*/\1/p'; }
host_count() { awk -v r="$1" '$1 == r { print $3 }' $stats; }

# --reset-stats: a boot that stalls (see lab/nested) and is retried must not
# leave its exits in the host's counters.
out=$("$repo/lab/nested" --reset-stats --attempts 12 --kernel "$vmlinuz" --with "$probe" --with "$burst" -- /bin/sh -c "
	$probe -r CPUID -j
	$burst $burst_n
	$probe -r CPUID -j
	$probe -w 0.5 -n 3 -r CPUID -j
	$probe -j
	$probe -r HLT -j")
rc=$?
echo "$out" | sed 's/^/# guest: /' | cut -c 1-300
check $rc "the guest booted, ran the probe and powered off (status $rc)"

first=$(echo "$out" | sed -n 1p) second=$(echo "$out" | sed -n 2p)
watch=$(echo "$out" | sed -n 3,5p)
full=$(echo "$out" | sed -n 6p) last=$(echo "$out" | sed -n 7p)
a1=$(reason_exits "$first") a2=$(reason_exits "$second")
q1=$(field probe_queries "$first") q2=$(field probe_queries "$second")
[ -n "$a1" ] && [ -n "$a2" ] && [ -n "$q1" ]
check $? "the probe's JSON carries exits and probe_queries ($a1, $a2, $q1)"

# Between the two reads: the burst, the rest of the first probe's queries,
# the second's up to its read, and glibc's start-up CPUIDs of two static
# programs (a few dozen each).
delta=$((a2 - a1))
[ "$delta" -ge $burst_n ] && [ "$delta" -le $((burst_n + q1 + q2 + 200)) ]
check $? "CPUID count grew by the $burst_n-exit burst plus the probe's own ($delta, queries $q1 + $q2)"

# Watch mode subtracts its own queries: the guest did nothing else.
bad=0 lines=0
for l in $watch; do
	lines=$((lines + 1))
	echo "$l" | grep -q '"interval"' || bad=1
	echo "$l" | grep -q '"exits":0[,}]' || bad=1
done
[ $lines -eq 3 ] && [ $bad -eq 0 ]
check $? "watch mode shows 0 CPUID exits per interval in an idle guest ($lines intervals)"

# After the guest is gone, the host has everything the probe saw, and at
# most the rest of the last probe run's queries (and shutdown) more.
cpuid=$(host_count 114) hlt=$(host_count 120)
g_total=$(field total_exits "$full") q_full=$(field probe_queries "$full")
g_hlt=$(reason_exits "$last") q_last=$(field probe_queries "$last")
h_total=$(awk '$1 == "total" { print $3 }' $stats)
[ "$cpuid" -ge "$a2" ]
check $? "host CPUID count ($cpuid) >= the guest's last CPUID reading ($a2)"
[ "$h_total" -ge "$g_total" ] && [ "$h_total" -le $((g_total + 20000)) ]
check $? "host total ($h_total) covers the guest's total ($g_total) taken just before its end"
[ -n "$g_hlt" ] && [ "$hlt" -ge "$g_hlt" ] && [ "$hlt" -le $((g_hlt + 10)) ]
check $? "host HLT count ($hlt) = the guest's last HLT reading ($g_hlt) + shutdown's few"
[ "$g_hlt" -gt 0 ]
check $? "the idle guest made HLT exits ($g_hlt)"
exit $failed
