#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs inside the lab host booted with --stock: the series' own selftest
# (exit_stats_test, patch 0007) must skip on Debian's stock modules, with
# kselftest's skip status 4 and its reason, rather than fail.
# Usage: exit_stats_test_stock.sh REPO_DIR EXIT_STATS_TEST
# shellcheck source=tests/tap.sh
. "$1/tests/tap.sh"
plan 1
out=$("$2" 2>&1)
result=$?
# The reason only: "# SKIP" in an ok line would count as a skipped check.
why=$(echo "$out" | sed -n 's/^1\.\.0 # SKIP //p')
[ "$result" = 4 ] && [ "${why#no exit statistics}" != "$why" ]
ok $? "exit_stats_test on stock modules: status $result (4: skip), \"$why\""
[ "$failed" = 0 ] || echo "$out" | sed 's/^/#   /'
finish
