#!/bin/sh
# kvmexit-exporter without HTTP: options, help against the man page, the
# one-time --textfile run (exact metrics, exit statuses, messages), promtool
# on the output of every fixture and of a tree of hostile VM names, the
# periodic --textfile's atomic rewrites, and make install.
# Usage: cli.sh PATH-TO-KVMEXIT-EXPORTER
exporter=$1
here=$(dirname "$0")
fixtures=tests/fixtures/stats
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'stop_exporter; rm -rf "$tmp"' EXIT
plan 65

# --- options, help, man page
"$exporter" --help >"$tmp/help" 2>&1
ok $? "--help exits 0"
grep -o -- '--[a-z-]*' "$tmp/help" | sort -u >"$tmp/help-opts"
sed -n '/^\.SH OPTIONS/,/^\.SH /p' docs/kvmexit-exporter.1 |
	sed -n 's/^\.B[RI]* *\(\\-\\-[a-z\\-]*\).*/\1/p; s/^\.BR \\-h ", " \(\\-\\-help\)/\1/p' |
	sed 's/\\-/-/g' | sort -u >"$tmp/man-opts"
[ -s "$tmp/help-opts" ] && cmp -s "$tmp/help-opts" "$tmp/man-opts"
ok $? "--help and the man page's OPTIONS list the same options: $(tr '\n' ' ' <"$tmp/help-opts")/ $(tr '\n' ' ' <"$tmp/man-opts")"
"$exporter" --version >"$tmp/out" 2>&1 && grep -qx 'kvmexit-exporter [0-9.]* (kvmexit ABI v2)' "$tmp/out"
ok $? "--version prints the version and the ABI"
"$exporter" --file x --per-vm >"$tmp/out" 2>&1
ok $(( $? != 64 )) "--file with --per-vm: exit 64"
grep -q 'needs a tree' "$tmp/out"
ok $? "--file with --per-vm: says why"
"$exporter" --listen localhost:80 >"$tmp/out" 2>&1
ok $(( $? != 64 )) "--listen with a host name: exit 64"
grep -q 'not a numeric IPv4 address' "$tmp/out"
ok $? "--listen with a host name: says numeric"
"$exporter" --nonsense >"$tmp/out" 2>&1
ok $(( $? != 64 )) "unknown option: exit 64"
"$exporter" --textfile "$tmp/x.prom" --interval 0 >"$tmp/out" 2>&1
ok $(( $? != 64 )) "--interval 0: exit 64"

# --- a one-time --textfile of the ABI's example: every sample exactly
once() {	# once OUT ARGS...: status in $rc
	out=$1
	shift
	"$exporter" "$@" --textfile "$out" 2>"$tmp/err"
	rc=$?
}
once "$tmp/abi.prom" --file "$fixtures/svm-abi-example.txt"
ok $rc "ABI example: exit 0"
grep -v '^#' "$tmp/abi.prom" >"$tmp/samples"
cat >"$tmp/expected" <<'END'
kvmexit_up 1
kvmexit_scrape_errors_total 0
kvmexit_tsc_hertz 2995200000
kvmexit_cycles_measured 1
kvmexit_exits_total{reason="CPUID",code="0x072"} 5002
kvmexit_exits_total{reason="HLT",code="0x078"} 34
END
# Seconds: cycles / (tsc_khz * 1000), cut after 9 decimals.
cat >>"$tmp/expected" <<'END'
kvmexit_handling_seconds_total{reason="CPUID",code="0x072"} 0.051124268
kvmexit_handling_seconds_total{reason="HLT",code="0x078"} 0.000948551
END
cmp -s "$tmp/samples" "$tmp/expected"
ok $? "ABI example: the samples are exactly the file's, seconds = cycles / Hz: $(tr '\n' '|' <"$tmp/samples")"
grep -c '^# HELP ' "$tmp/abi.prom" | grep -qx 6 && grep -c '^# TYPE ' "$tmp/abi.prom" | grep -qx 6
ok $? "ABI example: HELP and TYPE for each of the 6 families"
[ ! -s "$tmp/err" ]
ok $? "ABI example: nothing on stderr"
ls -A "$tmp" | grep -q '^\.abi\.prom\.'
ok $(( $? == 0 )) "no temporary file left beside it"
[ "$(stat -c %a "$tmp/abi.prom")" = 644 ]
ok $? "the file is readable by node_exporter's user (0644)"

once "$tmp/vmx.prom" --file "$fixtures/vmx-unknown-names.txt"
grep -q '^kvmexit_exits_total{reason="VMCALL",code="18"}' "$tmp/vmx.prom" ||
	grep -q '^kvmexit_exits_total{reason="[A-Z_]*",code="74"} 3$' "$tmp/vmx.prom"
ok $? "VMX: decimal codes, names from lib/exit_reasons for UNKNOWN rows"
! grep -q 'reason="UNKNOWN",code="74"' "$tmp/vmx.prom"
ok $? "VMX: reason 74 is named (not UNKNOWN)"
once "$tmp/off.prom" --file "$fixtures/vmx-vcpu-cycles-off.txt"
[ "$(value "$tmp/off.prom" kvmexit_cycles_measured)" = 0 ] &&
	! grep -q '^kvmexit_handling_seconds_total' "$tmp/off.prom" &&
	[ "$(value "$tmp/off.prom" 'kvmexit_exits_total{reason="CPUID",code="10"}')" = 7 ]
ok $? "cycles=off: cycles_measured 0, exits kept, no handling seconds"
once "$tmp/huge.prom" --file "$fixtures/svm-huge.txt"
[ "$(value "$tmp/huge.prom" 'kvmexit_exits_total{reason="CPUID",code="0x072"}')" = 18446744073709551615 ]
ok $? "a 64-bit count is printed whole"

# --- exit statuses and messages of a one-time run; the file is still written
once "$tmp/missing.prom" --root "$tmp/nothing-here" --per-vm
ok $(( rc != 2 )) "no exit_stats file: exit 2"
[ "$(value "$tmp/missing.prom" kvmexit_up)" = 0 ] && [ "$(value "$tmp/missing.prom" kvmexit_scrape_errors_total)" = 1 ]
ok $? "no tree at all: kvmexit_up 0, one scrape error (not two), written all the same"
grep -q "nothing-here/exit_stats: no such file: is kvm-intel or kvm-amd loaded" "$tmp/err"
ok $? "no exit_stats file: the message names the path and what to load"
once "$tmp/bad.prom" --file "$fixtures/malformed-line4.txt"
ok $(( rc != 65 )) "malformed file: exit 65"
grep -q 'malformed-line4.txt: line 4: ' "$tmp/err" && [ "$(value "$tmp/bad.prom" kvmexit_up)" = 0 ]
ok $? "malformed file: line 4 named, kvmexit_up 0"
once "$tmp/v1.prom" --file "$fixtures/version1.txt"
ok $(( rc != 65 )) "ABI v1 file: exit 65"
grep -q 'ABI v1 found, this tool reads v2' "$tmp/err"
ok $? "ABI v1 file: the message names both versions"
once "$tmp/no-such-dir/x.prom" --file "$fixtures/svm-abi-example.txt"
ok $(( rc != 1 )) "textfile in a missing directory: exit 1"
grep -q 'no-such-dir/\.x\.prom\.[A-Za-z0-9]*: cannot make a temporary file' "$tmp/err"
ok $? "textfile in a missing directory: says so"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	cp "$fixtures/svm-abi-example.txt" "$tmp/locked" && chmod 0 "$tmp/locked"
	chmod 0777 "$tmp"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$exporter" --file "$tmp/locked" --textfile "$tmp/denied.prom" 2>"$tmp/err"
	ok $(( $? != 1 )) "unreadable file: exit 1"
	grep -q 'locked: permission denied' "$tmp/err" && [ "$(value "$tmp/denied.prom" kvmexit_up)" = 0 ]
	ok $? "unreadable file: says permission denied, kvmexit_up 0"
	chmod 0755 "$tmp"
else
	skip "unreadable file: exit 1" "needs root and setpriv to drop to nobody"
	skip "unreadable file: says permission denied" "needs root and setpriv to drop to nobody"
fi

# --- promtool on the output of every fixture
for f in svm-abi-example svm-empty svm-huge vmx-adds-up vmx-unknown-names \
	 vmx-vcpu-cycles-off malformed-line4 version1 version3; do
	once "$tmp/$f.prom" --file "$fixtures/$f.txt"
	promtool check metrics <"$tmp/$f.prom" >"$tmp/lint" 2>&1
	ok $? "promtool check metrics clean on $f: $(head -c 300 "$tmp/lint")"
done

# --- a tree of hostile VM names, per VM and per vCPU
root=$tmp/kvm proc=$tmp/proc
put "$root/exit_stats" snapshot svm 2995200 host "114 CPUID 900 90000"
printf '1\n' >"$root/exits"			# stock KVM files: ignored
mkdir -p "$root/999-1" "$root/vcpu0"		# no exit_stats / not a VM
vm "$root" "$proc" 101 10 'qemu|-name|guest=quo"te,debug-threads=on|' 2
vm "$root" "$proc" 102 10 'qemu|-name|back\slash\\|' 1
vm "$root" "$proc" 103 10 'qemu|-name|new
line|' 1
vm "$root" "$proc" 104 10 "$(printf 'qemu|-name|bad\377utf8|')" 1
vm "$root" "$proc" 105 10 'qemu|-name|twin|' 1
vm "$root" "$proc" 105 11 'qemu|-name|twin|' 1
vm "$root" "$proc" 106 10 'qemu|-name|"} 1\nkvmexit_up 0 #|' 1
vm "$root" "$proc" 107 10 'qemu|-name|gone|' 1
rm -r "${proc:?}/107"				# its VMM exited meanwhile
once "$tmp/tree.prom" --root "$root" --proc "$proc" --per-vm --per-vcpu
ok $rc "hostile tree: exit 0"
promtool check metrics <"$tmp/tree.prom" >"$tmp/lint" 2>&1
ok $? "promtool check metrics clean on the hostile tree: $(head -c 300 "$tmp/lint")"
grep -v '^#' "$tmp/tree.prom" | sed 's/ [^ ]*$//' | sort | uniq -d >"$tmp/dups"
[ ! -s "$tmp/dups" ]
ok $? "no series twice: $(head -c 200 "$tmp/dups")"
[ "$(grep -c '^kvmexit_vm_info' "$tmp/tree.prom")" = 7 ]
ok $? "seven VMs: the gone one, the stock file and the non-VM directories left out"
grep -qxF 'kvmexit_vm_info{vm="quo\"te",pid="101"} 1' "$tmp/tree.prom"
ok $? "a quote in a name is escaped"
grep -qxF 'kvmexit_vm_info{vm="back\\slash\\\\",pid="102"} 1' "$tmp/tree.prom"
ok $? "backslashes in a name are escaped"
grep -qxF 'kvmexit_vm_info{vm="new?line",pid="103"} 1' "$tmp/tree.prom"
ok $? "a newline in a name is shown as ? (lib/vm_name) and cannot end the line"
grep -qxF "$(printf 'kvmexit_vm_info{vm="bad\357\277\275utf8",pid="104"} 1')" "$tmp/tree.prom"
ok $? "invalid UTF-8 becomes U+FFFD"
grep -qxF 'kvmexit_vm_info{vm="twin (105-10)",pid="105"} 1' "$tmp/tree.prom" &&
	grep -qxF 'kvmexit_vm_info{vm="twin (105-11)",pid="105"} 1' "$tmp/tree.prom"
ok $? "two VMs of one name get their directories"
grep -qxF 'kvmexit_vm_info{vm="\"} 1\\nkvmexit_up 0 #",pid="106"} 1' "$tmp/tree.prom" &&
	[ "$(grep -c '^kvmexit_up ' "$tmp/tree.prom")" = 1 ]
ok $? "an injected sample stays inside its label value"
[ "$(value "$tmp/tree.prom" 'kvmexit_vm_exits_total{vm="twin (105-11)",reason="HLT",code="0x078"}')" = 11 ]
ok $? "per VM: the VM's own file (HLT = its fd, 11)"
[ "$(value "$tmp/tree.prom" 'kvmexit_vcpu_exits_total{vm="quo\"te",vcpu="1",reason="CPUID",code="0x072"}')" = 102 ]
ok $? "per vCPU: vCPU 1's own file (CPUID = pid + 1)"
[ "$(value "$tmp/tree.prom" 'kvmexit_vcpu_handling_seconds_total{vm="quo\"te",vcpu="0",reason="CPUID",code="0x072"}')" = 0.000003372 ]
ok $? "per vCPU handling seconds = cycles / Hz (10100 / 2995200000)"
[ "$(value "$tmp/tree.prom" kvmexit_scrape_errors_total)" = 0 ] && [ ! -s "$tmp/err" ]
ok $? "a vanished VM is no error, says nothing"
printf 'garbage\n' >"$root/102-10/exit_stats"
once "$tmp/tree2.prom" --root "$root" --proc "$proc" --per-vm
[ "$(value "$tmp/tree2.prom" kvmexit_scrape_errors_total)" = 1 ] &&
	[ "$(value "$tmp/tree2.prom" kvmexit_up)" = 1 ] && [ "$rc" = 0 ] &&
	! grep -q '^kvmexit_vm_exits_total{vm="back' "$tmp/tree2.prom"
ok $? "a malformed VM file: one scrape error, no series of it, host still up, exit 0"
grep -q '102-10/exit_stats: line 1: ' "$tmp/err"
ok $? "a malformed VM file: its path and line on stderr"
grep -q '^kvmexit_vm_info' "$tmp/tree2.prom" && ! grep -q 'kvmexit_vcpu_' "$tmp/tree2.prom"
ok $? "--per-vm alone: VM families, no vCPU families"

# --- --interval: rewritten atomically, ended by SIGTERM
put "$tmp/live.txt" snapshot svm 1000000 host "114 CPUID 1 1"
"$exporter" --file "$tmp/live.txt" --textfile "$tmp/live.prom" --interval 0.1 2>"$tmp/err" &
exporter_pid=$!
sleep 0.5
torn=0 reads=0
for i in $(seq 1 40); do
	put "$tmp/live.txt" snapshot svm 1000000 host "114 CPUID $((i + 1)) 1"
	# Every read sees a whole file: 6 families, 18 lines, the last complete.
	lines=$(grep -c '' "$tmp/live.prom")
	[ "$lines" = 18 ] && tail -c 1 "$tmp/live.prom" | od -An -c | grep -q '\\n' || torn=$((torn + 1))
	reads=$((reads + 1))
	sleep 0.03
done
ok $torn "40 reads during rewrites every 0.1 s: none saw a partial file ($torn torn)"
sleep 0.3
[ "$(value "$tmp/live.prom" 'kvmexit_exits_total{reason="CPUID",code="0x072"}')" = 41 ]
ok $? "the file follows the counters (41 after the last write)"
kill "$exporter_pid"
wait "$exporter_pid"
ok $? "SIGTERM: exit 0"
exporter_pid=
[ "$(ls -A "$tmp" | grep -c '^\.live\.prom\.')" = 0 ]
ok $? "no temporary file left after SIGTERM"

# --- make install: the program, the man page, the unit with its path
make --no-print-directory install DESTDIR="$tmp/dest" PREFIX=/usr/local >"$tmp/install.log" 2>&1
ok $? "make install DESTDIR=... exits 0"
[ -x "$tmp/dest/usr/local/bin/kvmexit-exporter" ] &&
	[ -f "$tmp/dest/usr/local/share/man/man1/kvmexit-exporter.1" ] &&
	grep -qx 'ExecStart=/usr/local/bin/kvmexit-exporter' \
		"$tmp/dest/usr/local/lib/systemd/system/kvmexit-exporter.service"
ok $? "installed: bin/kvmexit-exporter, man1/kvmexit-exporter.1, the unit naming its path"
if command -v systemd-analyze >/dev/null; then
	sed "s|@BINDIR@|$(cd "$(dirname "$exporter")" && pwd)|" \
		tools/kvmexit-exporter/kvmexit-exporter.service >"$tmp/kvmexit-exporter.service"
	systemd-analyze verify --man=no "$tmp/kvmexit-exporter.service" >"$tmp/verify" 2>&1
	ok $? "systemd-analyze verify accepts the unit: $(head -c 300 "$tmp/verify")"
	# Exposure is 0 (locked down) to 10 (none); 2.0 is the top of "OK".
	systemd-analyze security --offline=true --threshold=20 \
		"$tmp/kvmexit-exporter.service" >"$tmp/security" 2>&1
	ok $? "systemd-analyze security: exposure $(grep -o 'exposure level[^:]*: [0-9.]*' "$tmp/security" | sed 's/.* //') (at most 2.0)"
else
	skip "systemd-analyze verify accepts the unit" "no systemd-analyze"
	skip "systemd-analyze security: at most 2.0" "no systemd-analyze"
fi
grep -q '^CapabilityBoundingSet=$' tools/kvmexit-exporter/kvmexit-exporter.service &&
	grep -q '^NoNewPrivileges=yes$' tools/kvmexit-exporter/kvmexit-exporter.service &&
	grep -q '^ProtectSystem=strict$' tools/kvmexit-exporter/kvmexit-exporter.service
ok $? "the unit: no capabilities, no new privileges, read-only system"
finish
