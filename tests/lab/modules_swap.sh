#!/bin/sh
# Runs inside the lab host booted with --stock: kernel/kvmexit-modules swaps
# the stock modules for the patched ones, but not while a VM holds them.
# Usage: modules_swap.sh REPO_DIR VMM_EXITS_BINARY
repo=$1 vmm=$2
swap=$repo/kernel/kvmexit-modules
mods=$repo/build/kernel/modules
stats=/sys/kernel/debug/kvm/exit_stats
n=0 failed=0
echo "1..6"	# the plan: the checks below (tests/README.md)
if grep -qw vmx /proc/cpuinfo; then
	vendor=vmx module=kvm_intel
else
	vendor=svm module=kvm_amd
fi
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - modules: $2"; else echo "not ok $n - modules: $2"; failed=1; fi
}

[ ! -e $stats ]; check $? "stock modules loaded: no exit_stats file"

"$vmm" --hold >/tmp/holder.out &
holder=$!
# It says so once its VM exists (up to 10 s).
i=0
while ! grep -q 'holding a VM' /tmp/holder.out && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
out=$("$swap" load "$mods" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -ne 0 ] && echo "$out" | grep -q "refusing: $module is in use"; check $? "load refused while a VM runs"
[ ! -e $stats ] && [ -d /sys/module/$module ]; check $? "the refused load changed nothing"
kill $holder; wait $holder 2>/dev/null

"$swap" load "$repo/no-such-dir" >/dev/null 2>&1
[ $? -ne 0 ] && [ -d /sys/module/$module ] && [ ! -e $stats ]
check $? "load from a missing directory fails and changes nothing"

out=$("$swap" load "$mods" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
[ $rc -eq 0 ] && head -n 1 $stats | grep -q "^# kvm exit statistics v1 vendor=$vendor"
check $? "load swaps in the patched modules: exit_stats appears"

"$swap" unload >/dev/null 2>&1
[ ! -e $stats ] && [ ! -d /sys/module/kvm ]; check $? "unload removes them"
exit $failed
