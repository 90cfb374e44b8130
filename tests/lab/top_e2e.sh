#!/bin/sh
# End-to-end test of kvmexittop's batch mode, run inside 'lab/run
# --host-root': while a VM makes 2000 CPUID exits per second, kvmexittop
# (this machine's build, run through chroot /host) must report that rate.
# Usage: top_e2e.sh REPO_DIR
repo=$1
rate=2000
n=0 failed=0
echo "1..4"	# the plan: the checks below (tests/README.md)
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - kvmexittop e2e: $2"; else echo "not ok $n - kvmexittop e2e: $2"; failed=1; fi
}

cpuid() { awk '$2 == "CPUID" { c = $3 } END { print c + 0 }' /sys/kernel/debug/kvm/exit_stats; }
c0=$(cpuid)
"$repo/build/tests/lab/cpuid_pacer" $rate 9 >/tmp/pacer.out 2>&1 &
pacer=$!
# kvmexittop starts once the pacer's VM runs: a tenth of a second of its
# exits is in the host's file (up to 10 s).
i=0
while [ "$(cpuid)" -lt $((c0 + rate / 10)) ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
echo "# the pacer's exits showed after $i polls of 0.1 s"
frames=$(chroot /host "$repo/build/kvmexittop" -b -o json -d 1 -n 6)
rc=$?
wait $pacer
echo "# $(cat /tmp/pacer.out)"
check $rc "kvmexittop -b -o json -d 1 -n 6 ran against the live debugfs file (status $rc)"
[ "$(echo "$frames" | grep -c '"vendor":"svm"')" -eq 6 ]
check $? "six JSON frames, vendor svm"

achieved=$(sed -n 's/.*achieved=\([0-9]*\).*/\1/p' /tmp/pacer.out)
[ -n "$achieved" ] && [ "$achieved" -ge $((rate * 95 / 100)) ]
check $? "the pacer held its rate ($achieved of $rate exits/s)"

# Frames 2-6: whole intervals inside the pacer's run.
i=0 bad=0 seen=""
echo "$frames" | sed -n 2,6p >/tmp/frames
while read -r f; do
	i=$((i + 1))
	r=$(echo "$f" | sed -n 's/.*"reason":114,"name":"CPUID","exits_per_second":\([0-9.]*\).*/\1/p')
	seen="$seen ${r:-none}"
	ok=$(awk -v r="${r:-0}" -v want=$rate 'BEGIN { print (r >= want * 0.9 && r <= want * 1.1) ? 1 : 0 }')
	[ "$ok" = 1 ] || bad=$((bad + 1))
done </tmp/frames
[ $i -eq 5 ] && [ $bad -eq 0 ]
check $? "CPUID exits/s within 10% of $rate in every frame:$seen"
exit $failed
