#!/bin/sh
# Every patch of the series passes the kernel's checkpatch.pl --strict (from
# the same Linux source the series applies to) and applies with git am.
cd "$(dirname "$0")/../.." || exit 1
# The plan: one check per patch of the series (8), and git am.  A patch
# added to or dropped from kernel/patches changes it (tests/README.md).
echo "1..9"
n=0 status=0
if ! src=$(kernel/kvmexit-kernel paths | sed -n 's/^src=//p'); then
	echo "not ok 1 - checkpatch: cannot fetch the kernel source"
	exit 1
fi
# Patches go in on stdin: given a path git tracks, checkpatch checks it as a
# source file instead of as a patch.
for p in kernel/patches/*.patch; do
	# The cover letter has no diff to check.
	[ "$(basename "$p")" = 0000-cover-letter.patch ] && continue
	n=$((n + 1))
	if out=$("$src/scripts/checkpatch.pl" --strict --no-tree -q \
			--ignore FILE_PATH_CHANGES - <"$p" 2>&1); then
		echo "ok $n - checkpatch --strict: $(basename "$p")"
	else
		echo "not ok $n - checkpatch --strict: $(basename "$p")"
		echo "$out" | sed 's/^/#   /'
		status=1
	fi
done
n=$((n + 1))
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if KVMEXIT_BUILD=$scratch kernel/kvmexit-kernel tree >/dev/null 2>&1; then
	echo "ok $n - the series applies to the pristine source with git am"
else
	echo "not ok $n - the series does not apply with git am"
	status=1
fi
exit $status
