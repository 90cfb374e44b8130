#!/bin/sh
# The real kvmexit-probe on this machine, which is no kvmexit host (bare
# metal, another hypervisor or stock KVM; CI machines are the same kind):
# it must say so in one line and exit 2.  TAP-style lines for tests/summarize.
# Usage: tests/probe/real-host.sh PATH-TO-kvmexit-probe
probe=$1
n=0 failed=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "1..13"	# the plan: the checks below (tests/README.md)

check() {	# check "what" command...: one counted check
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - probe-real: $what"
	else
		echo "not ok $n - probe-real: $what"
		failed=$((failed + 1))
	fi
}

run() {		# run ARGS...: status in $rc, output in $tmp/out and $tmp/err
	"$probe" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

lines() { wc -l <"$1" | tr -d ' '; }

run
check "plain run exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "plain run prints nothing on stdout" [ ! -s "$tmp/out" ]
check "plain run prints exactly one line on stderr (got $(lines "$tmp/err"))" \
	[ "$(lines "$tmp/err")" -eq 1 ]
check "the line says why: $(cat "$tmp/err")" \
	grep -q '^kvmexit-probe: no kvmexit host: .*0x4ffffffb has no KvmExitStats signature$' "$tmp/err"

run -j
check "-j run exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "-j run prints one JSON error line: $(cat "$tmp/out")" \
	grep -Eq '^\{"error":"no kvmexit host: ([^"\\]|\\.)*"\}$' "$tmp/out"
check "-j run prints nothing on stderr" [ ! -s "$tmp/err" ]

run -r CPUID -w 1 -n 1
check "-r CPUID -w 1 -n 1 exits 2 at once (got $rc)" [ "$rc" -eq 2 ]

run -r NO_SUCH_REASON
check "-r NO_SUCH_REASON is a usage error, 64, even here (got $rc)" [ "$rc" -eq 64 ]

run --raw 0
check "--raw 0 exits 0 (got $rc)" [ "$rc" -eq 0 ]
# Leaf 0 spells the vendor in EBX, EDX, ECX.
vendor=$(awk -F'"' '/^EBX/ { b = $2 } /^ECX/ { c = $2 } /^EDX/ { d = $2 }
		    END { print b d c }' "$tmp/out")
expected=$(sed -n 's/^vendor_id[^:]*: //p' /proc/cpuinfo | head -n 1)
check "--raw 0 shows the CPU vendor \"$expected\" (got \"$vendor\")" \
	[ -n "$expected" -a "$vendor" = "$expected" ]

run --version
check "--version exits 0 and names the ABI: $(cat "$tmp/out")" \
	grep -q '^kvmexit-probe .* (kvmexit ABI v2)$' "$tmp/out"

# Static: no program interpreter, so it runs in any x86-64 guest.
check "the binary is static (no PT_INTERP)" \
	sh -c "readelf -lW '$probe' | grep -q 'LOAD' && ! readelf -lW '$probe' | grep -q 'INTERP'"

[ "$failed" -eq 0 ]
