#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run inside the emulated lab host (lab/run): each of Linux's KVM selftests
# named on the command line, from DIR, one after another, each within
# SECONDS.  One line per test, for tests/lab/kvm_selftests.sh to compare:
#   result NAME pass|fail|skip|timeout STATUS SECONDS
# then, for a test that did not pass or skip, the end of its output as
# "#" comments.  Kselftest's exit statuses: 0 pass, 4 skip.
# Usage: kvm_selftests_in_lab.sh DIR SECONDS NAME...
dir=$1 limit=$2
shift 2
for name in "$@"; do
	start=$(date +%s)
	timeout "$limit" "$dir/$name" >/tmp/selftest.out 2>&1 </dev/null
	status=$?
	took=$(($(date +%s) - start))
	case $status in
	0) result=pass ;;
	4) result=skip ;;
	124 | 137 | 143) result=timeout ;;
	*) result=fail ;;
	esac
	echo "result $name $result $status $took"
	case $result in
	fail | timeout) tail -n 8 /tmp/selftest.out | sed 's/^/#   /' ;;
	esac
done
