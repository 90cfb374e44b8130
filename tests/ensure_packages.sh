#!/bin/sh
# scripts/ensure-packages: silent when everything is there; without root,
# names the missing packages and the exact command, and fails.
cd "$(dirname "$0")/.." || exit 1
n=0 failed=0
echo "1..2"	# the plan: the checks below (tests/README.md)
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - ensure-packages: $2"; else echo "not ok $n - ensure-packages: $2"; failed=1; fi
}
out=$(scripts/ensure-packages dpkg coreutils 2>&1); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ]
check $? "installed packages: exit 0, no output (rc=$rc, '$out')"

as_nobody=""
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" -ne 0 ] || [ -n "$as_nobody" ]; then
	out=$($as_nobody scripts/ensure-packages dpkg kvmexit-no-such-package 2>&1); rc=$?
	[ $rc -eq 1 ] &&
		echo "$out" | grep -q 'missing Debian packages: kvmexit-no-such-package$' &&
		echo "$out" | grep -q 'as root, run: apt-get update && apt-get install -y --no-install-recommends kvmexit-no-such-package$'
	check $? "without root: exit 1 with the exact apt-get line (rc=$rc)"
else
	n=$((n + 1))
	echo "ok $n - ensure-packages: without root: exit 1 with the exact apt-get line # SKIP root without setpriv cannot drop root"
fi
exit $failed
