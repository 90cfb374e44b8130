#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Linux's KVM selftests, a stable subset, in the SVM lab: once on Debian's
# stock modules, once on the patched ones.  The series must change no
# selftest's result: one check per test, ok when it passes on both.  A test
# whose result differs is named with both results; the differing tests are
# listed at the end.
# Usage: tests/lab/kvm_selftests.sh SELFTESTS_DIR   (build/kernel/selftests/kvm)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "${1:?usage: $0 SELFTESTS_DIR}" && pwd)

# The subset: every x86 selftest of 6.12 that passes in the SVM lab (QEMU
# TCG emulating an AMD host) on the stock modules, run after run, in
# seconds.  kvm_binary_stats_test checks every stats descriptor, ours too.
subset=(
@SUBSET@
)
# Left out, and why:
@EXCLUDED@

# Each test's limit in the lab; the slowest of the subset take about @SLOWEST@ s.
per_test=120
echo "1..@N@"	# the plan: one check per test of the subset (tests/README.md)
if [ ${#subset[@]} -ne @N@ ]; then
	echo "# the subset lists ${#subset[@]} tests, the plan says @N@"
	exit 1
fi

# run_set LAB_OPTION...: "NAME RESULT" for every test of the subset.
run_set() {
	"$top/lab/run" --vendor svm --host-root --timeout 1200 "$@" -- \
		"/host$top/tests/lab/kvm_selftests_in_lab.sh" "/host$dir" "$per_test" "${subset[@]}"
}
declare -A stock ours
for set in stock ours; do
	start=$(date +%s)
	opt=()
	[ "$set" = stock ] && opt=(--stock)
	out=$(run_set "${opt[@]}" 2>&1)
	status=$?
	echo "# $set modules: lab status $status, $(($(date +%s) - start)) s"
	while read -r word name result _; do
		[ "$word" = result ] || continue
		if [ "$set" = stock ]; then stock[$name]=$result; else ours[$name]=$result; fi
	done <<<"$out"
	# The tests' own words for what failed, and a lab that did not finish.
	grep -v '^result ' <<<"$out" | sed 's/^#*/#/'
done

n=0 differ=()
for name in "${subset[@]}"; do
	n=$((n + 1))
	s=${stock[$name]:-missing} o=${ours[$name]:-missing}
	if [ "$s" = pass ] && [ "$o" = pass ]; then
		echo "ok $n - $name: pass with stock modules and with ours"
	elif [ "$s" != "$o" ]; then
		echo "not ok $n - $name: differs, stock modules $s, ours $o"
		differ+=("$name")
	else
		echo "not ok $n - $name: $s with stock modules and with ours (not the stable pass it was)"
	fi
done
echo "# differing results: ${differ[*]:-none}"
