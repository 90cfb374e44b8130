#!/bin/sh
# Batch mode end to end against files and named pipes: exit statuses and
# messages for each bad file, and frames in text, JSON and CSV whose rates
# match the deltas written (checked against the interval kvmexittop reports).
# Usage: batch.sh PATH-TO-KVMEXITTOP
top=$1
here=$(dirname "$0")
fixtures=tests/fixtures/stats
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 41

# --- options, help and version
"$top" --help >"$tmp/out" 2>&1
ok $? "--help exits 0"
grep -q -- '--iterations COUNT' "$tmp/out"
ok $? "--help lists --iterations COUNT"
"$top" --version >"$tmp/out" 2>&1 && grep -qx 'kvmexittop [0-9.]* (kvmexit ABI v2)' "$tmp/out"
ok $? "--version prints the version and the ABI"
"$top" -b -d 0.05 -f "$fixtures/svm-empty.txt" >"$tmp/out" 2>&1
ok $(( $? != 64 )) "-d 0.05 is refused with status 64 (usage)"
grep -q 'from 0.1' "$tmp/out"
ok $? "the message gives the minimum delay"

# --- review fixes: write errors, bytes that are not UTF-8, -xb
"$top" -b -n 1 -d 0.1 -f "$fixtures/svm-empty.txt" >/dev/full 2>"$tmp/err"
ok $(( $? != 1 )) "stdout on a full disk: exit 1"
grep -q 'standard output: No space left on device' "$tmp/err"
ok $? "and the message says so ($(cat "$tmp/err"))"
"$top" --help >/dev/full 2>/dev/null
ok $(( $? != 1 )) "--help to a full disk: exit 1"
"$top" -b -n 1 -o json -f "$(printf '/tmp/\377\376')" >"$tmp/out" 2>&1
grep -q '^{"error":"/tmp/\\ufffd\\ufffd: no such file' "$tmp/out" && ! LC_ALL=C grep -q "$(printf '\377')" "$tmp/out"
ok $? "JSON error quoting a path that is not UTF-8: U+FFFD, valid UTF-8 ($(cat "$tmp/out"))"
"$top" -xb >"$tmp/out" 2>&1
[ $? -eq 64 ] && grep -qx 'kvmexittop: unknown option -x (see --help)' "$tmp/out"
ok $? "-xb: exit 64, the message names -x"

# --- bad files: status and message, nothing on stdout in text mode
"$top" -b -n 1 -f "$tmp/none" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "missing file: exit 2 (no exit_stats file)"
grep -q 'no such file: is kvm-intel or kvm-amd loaded' "$tmp/err" && [ ! -s "$tmp/out" ]
ok $? "missing file: says what to load, on stderr"
"$top" -b -n 1 -o json -f "$tmp/none" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "missing file in JSON mode: exit 2"
grep -q '^{"error":".*/none: no such file' "$tmp/out"
ok $? "missing file in JSON mode: an {\"error\"} line on stdout"
"$top" -b -n 1 -f "$fixtures/malformed-line4.txt" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 65 )) "malformed file: exit 65"
grep -q 'malformed-line4.txt: line 4: ' "$tmp/err"
ok $? "malformed file: the message names line 4"
"$top" -b -n 1 -f "$fixtures/version1.txt" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 65 )) "version 1: exit 65"
grep -q 'exit statistics ABI v1 found, this tool reads v2' "$tmp/err"
ok $? "version 1: the message names both versions"
# Unreadable: as root, drop to nobody (root reads any file).
as_user=
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
	cp "$fixtures/svm-empty.txt" "$tmp/locked" && chmod 0 "$tmp/locked"
	chmod 0755 "$tmp"
	$as_user "$top" -b -n 1 -f "$tmp/locked" >"$tmp/out" 2>"$tmp/err"
	ok $(( $? != 1 )) "unreadable file: exit 1"
	grep -q 'debugfs is readable by root only' "$tmp/err"
	ok $? "unreadable file: says debugfs needs root"
else
	skip "unreadable file: exit 1" "root without setpriv reads any file"
	skip "unreadable file: says debugfs needs root" "root without setpriv"
fi
# Each run below reads a named pipe: every read of kvmexittop gets what one
# writer wrote, and each writer waits until the reader has closed the pipe
# (pipe_released, lib.sh).  kvmexittop sleeps a whole delay between reads.
# Malformed after a good start: the batch stops at the bad frame.
mkfifo "$tmp/pipe"
timeout 20 "$top" -b -n 3 -d 0.1 -f "$tmp/pipe" >"$tmp/out" 2>"$tmp/err" &
pid=$!
snapshot svm 1000000 "114 CPUID 10 100" | timeout 10 tee "$tmp/pipe" >/dev/null
pipe_released "$tmp/pipe"
printf 'garbage\n' | timeout 10 tee "$tmp/pipe" >/dev/null
wait $pid
ok $(( $? != 65 )) "malformed between frames: exit 65"
grep -q 'line 1: ' "$tmp/err"
ok $? "malformed between frames: line 1 named"

# --- frames through a named pipe: each read gets the next snapshot
feed() {	# feed SNAPSHOT-ARGS...: one read's worth
	snapshot "$@" | timeout 10 tee "$tmp/pipe" >/dev/null
	pipe_released "$tmp/pipe"
}

# JSON: baseline, +300/+100 exits, a reset, then +20.
timeout 20 "$top" -b -n 3 -d 0.2 -o json -f "$tmp/pipe" >"$tmp/json" 2>"$tmp/err" &
pid=$!
feed svm 2000000 "114 CPUID 1000 1000000" "120 HLT 10 50000"
feed svm 2000000 "114 CPUID 1300 1600000" "120 HLT 110 450000"
feed svm 2000000 "114 CPUID 5 500"
feed svm 2000000 "114 CPUID 25 2500"
wait $pid
ok $? "JSON run exits 0"
[ "$(wc -l <"$tmp/json")" -eq 3 ]
ok $? "three JSON lines for -n 3"

field() {	# field LINE-NUMBER SED-REGEX: one value from one frame
	sed -n "$1{s/.*$2.*/\\1/p}" "$tmp/json"
}
num='\([-0-9.e+]*\)'
interval=$(field 1 "\"interval\":$num")
rate=$(field 1 "\"cycles_measured\":true,\"exits_per_second\":$num")
cpuid=$(sed -n '1{s/.*"reason":114,"name":"CPUID","exits_per_second":\([-0-9.e+]*\).*/\1/p}' "$tmp/json")
cycles=$(field 1 "\"cycles_per_second\":$num")
share=$(field 1 "\"cpu_share\":$num")
echo "# frame 1: interval $interval, rate $rate, CPUID $cpuid, cycles/s $cycles, share $share"
awk -v i="$interval" 'BEGIN { exit !(i >= 0.2 && i < 0.6) }'
ok $? "frame 1 interval $interval s is the delay (0.2 s) plus a little"
awk -v r="$rate" -v i="$interval" 'BEGIN { d = r * i - 400; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "total exits/s x interval = the 400 exits written ($rate/s)"
awk -v r="$cpuid" -v i="$interval" 'BEGIN { d = r * i - 300; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "CPUID exits/s x interval = the 300 exits written ($cpuid/s)"
awk -v c="$cycles" -v s="$share" 'BEGIN { d = c / (2000000 * 1000 * '"$(nproc)"') - s; exit !(d < 1e-9 && d > -1e-9) }'
ok $? "cpu_share = cycles/s over tsc_khz x 1000 x online CPUs"
grep -q '"total_exits":1410,' "$tmp/json" && sed -n 1p "$tmp/json" | grep -q '"reason":120,"name":"HLT","exits_per_second":[0-9.e+]*,"exit_share":0.25,"total_exits":110,"cycles_per_exit":4090.909091,"time_share":0.4}'
ok $? "frame 1: exact totals, shares and cycles per exit"
sed -n 2p "$tmp/json" | grep -q '"event":"reset","uptime":0,"interval":0,.*"exits_per_second":null,"total_exits":5,'
ok $? "frame 2 after a reset: event reset, rates null, new total"
sed -n 2p "$tmp/json" | grep -q '"reasons":\[{"reason":114,"name":"CPUID","exits_per_second":null,"exit_share":null,"total_exits":5,"cycles_per_exit":100,"time_share":null}\]}$'
ok $? "frame 2: only the rows still present"
interval=$(field 3 "\"interval\":$num")
cpuid=$(sed -n '3{s/.*"reason":114,"name":"CPUID","exits_per_second":\([-0-9.e+]*\).*/\1/p}' "$tmp/json")
awk -v r="$cpuid" -v i="$interval" 'BEGIN { d = r * i - 20; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "frame 3 from the new baseline: 20 exits ($cpuid/s over $interval s)"

# CSV: a header, then a line per reason and frame, sorted by -s.
timeout 20 "$top" -b -n 2 -d 0.1 -o csv -s reason -f "$tmp/pipe" >"$tmp/csv" 2>"$tmp/err" &
pid=$!
feed vmx 1000000 "10 CPUID 100 1000" "12 HLT 100 1000"
feed vmx 1000000 "10 CPUID 110 1100" "12 HLT 200 2000"
feed vmx 1000000 "10 CPUID 120 1200" "12 HLT 300 3000"
wait $pid
ok $? "CSV run exits 0"
sed -n 1p "$tmp/csv" | grep -qx 'frame,time,event,uptime,scope,vm_pid,vm_name,vcpu,reason,name,exits_per_second,exit_share,total_exits,cycles_per_exit,time_share'
ok $? "CSV header"
[ "$(wc -l <"$tmp/csv")" -eq 5 ] && [ "$(grep -c '^frame,' "$tmp/csv")" -eq 1 ]
ok $? "CSV: one header and 2 frames x 2 reasons"
cut -d, -f1,9,10,12,13,14,15 "$tmp/csv" | sed 1d >"$tmp/cols"
printf '1,10,CPUID,0.090909,110,10.0,0.090909\n1,12,HLT,0.909091,200,10.0,0.909091\n2,10,CPUID,0.090909,120,10.0,0.090909\n2,12,HLT,0.909091,300,10.0,0.909091\n' >"$tmp/expected"
cmp -s "$tmp/cols" "$tmp/expected"
ok $? "CSV: exact shares, totals and cycles per exit, sorted by reason ($(tr '\n' ' ' <"$tmp/cols"))"

# Text: like top -b, rows sorted by rate (HLT first).
timeout 20 "$top" -b -n 3 -d 0.1 -f "$tmp/pipe" >"$tmp/text" 2>"$tmp/err" &
pid=$!
for i in 1 2 3 4; do
	feed vmx 1000000 "10 CPUID $((100 + i)) 1000" "12 HLT $((100 * i)) 1000"
done
wait $pid
ok $? "text run exits 0"
[ "$(grep -c '^kvmexittop - host: vmx, tsc 1000000 kHz' "$tmp/text")" -eq 3 ]
ok $? "three text frames"
grep -A2 '^ *REASON NAME' "$tmp/text" | awk '$1 ~ /^[0-9]+$/ { print $2 }' | tr '\n' ' ' >"$tmp/order"
[ "$(cat "$tmp/order")" = "HLT CPUID HLT CPUID HLT CPUID " ]
ok $? "text rows sorted by rate: $(cat "$tmp/order")"

# A regular file that does not change: rates are exactly 0.
"$top" -b -n 2 -d 0.1 -o json -f "$fixtures/svm-abi-example.txt" >"$tmp/json" 2>"$tmp/err"
ok $? "unchanged file: exits 0"
[ "$(grep -c '"exits_per_second":0,"total_exits":11674,"cycles_per_second":0,"cpu_share":0,"rows_add_up":false' "$tmp/json")" -eq 2 ]
ok $? "unchanged file: rate 0, totals as in the file, rows_add_up false"
finish
