#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside the lab host booted with --stock: the series' own selftest
# (exit_stats_test, patch 0007) must skip on Debian's stock modules, with
# kselftest's skip status 4 and its reason, rather than fail.
# Usage: exit_stats_test_stock.sh EXIT_STATS_TEST
echo "1..1"	# the plan (tests/README.md)
out=$("$1" 2>&1)
status=$?
# The reason only: "# SKIP" in an ok line would count as a skipped check.
why=$(echo "$out" | sed -n 's/^1\.\.0 # SKIP //p')
if [ "$status" = 4 ] && [ "${why#no exit statistics}" != "$why" ]; then
	echo "ok 1 - exit_stats_test on stock modules: skips (status 4), \"$why\""
else
	echo "not ok 1 - exit_stats_test on stock modules: status $status, expected a skip (4) for want of exit statistics"
	echo "$out" | sed 's/^/#   /'
fi
