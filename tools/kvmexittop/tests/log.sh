#!/bin/sh
# Log mode (-L): records appended with RFC 3339 UTC timestamps, a CSV header
# only at the top of the file, SIGHUP reopening it (logrotate), -z and -r,
# and a run that goes on through a reset and a module reload.
# Usage: log.sh PATH-TO-KVMEXITTOP
top=$1
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
writer=
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 23

r=$tmp/root
mkdir -p "$r"
f=$r/exit_stats
# A writer: every 0.05 s CPUID +10 and HLT +5; MSR_WRITE stays at 7.
# It holds off while $tmp/hold exists (hold_writer, lib.sh: it says so with
# $tmp/held); $tmp/base sets the starting count.
echo 1000 >"$tmp/base"
write_loop() {
	i=0
	while :; do
		if [ -e "$tmp/hold" ]; then
			touch "$tmp/held"
		else
			rm -f "$tmp/held"
			i=$((i + 1))
			b=$(cat "$tmp/base")
			snapshot svm 1000000 "114 CPUID $((b + 10 * i)) $((b + 1000 * i))" \
				"120 HLT $((b + 5 * i)) $((b + 500 * i))" \
				"124 MSR_WRITE 7 70" >"$f.new"
			mv "$f.new" "$f"
		fi
		sleep 0.05
	done
}
write_loop &
writer=$!
wait_until 5 test -s "$f" || echo "# the writer wrote no snapshot"
# records FILE EVENT: how many records of that event the log has so far.
records() { grep -c -e "\"event\":\"$2\"" -e "^[0-9]*,[^,]*,$2," "$1" 2>/dev/null; }
has_records() { [ "$(records "$1" "$2")" -ge "$3" ]; }	# lines in CSV
cpuid_rows() { [ "$(grep -c ',CPUID,' "$1" 2>/dev/null)" -ge "$2" ]; }

# --- CSV records, appended; the header once
log=$tmp/exits.csv
"$top" -L "$log" -n 3 -d 0.1 --root "$r" >"$tmp/out" 2>"$tmp/err"
ok $? "-L FILE -n 3 exits 0 ($(cat "$tmp/err"))"
[ ! -s "$tmp/out" ]
ok $? "nothing on stdout: the records go to the log"
"$top" -L "$log" -n 2 -d 0.1 --root "$r" 2>"$tmp/err"
ok $? "a second run appends"
[ "$(grep -c '^frame,time,event,' "$log")" -eq 1 ] && sed -n 1p "$log" | grep -q '^frame,time,event,'
ok $? "one CSV header, at the top, after two runs"
[ "$(grep -c ',CPUID,' "$log")" -eq 5 ]
ok $? "3 + 2 records, a CPUID line in each"
grep ',CPUID,' "$log" | cut -d, -f2 >"$tmp/times"
! grep -qv '^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9][0-9][0-9]Z$' "$tmp/times"
ok $? "every timestamp is RFC 3339 UTC with milliseconds ($(head -n 1 "$tmp/times"))"
now=$(date -u +%s)
first=$(date -u -d "$(head -n 1 "$tmp/times" | sed 's/\.[0-9]*Z$/Z/')" +%s)
[ $((now - first)) -ge 0 ] && [ $((now - first)) -le 10 ]
ok $? "the timestamps are the wall clock (now $now, first record $first)"

# --- JSON lines, -z and -r
log=$tmp/exits.json
"$top" -L "$log" -o json -n 2 -d 0.1 -z --root "$r" 2>"$tmp/err"
ok $? "-o json -z exits 0"
[ "$(wc -l <"$log")" -eq 2 ] && ! grep -q MSR_WRITE "$log" && [ "$(grep -c '"name":"HLT"' "$log")" -eq 2 ]
ok $? "-z leaves out MSR_WRITE, which had no exits in the interval"
grep -q '^{"frame":1,"time":"20[0-9-]*T[0-9:.]*Z","event":"rates",' "$log"
ok $? "JSON records start with frame, time and event"
"$top" -L "$tmp/r.json" -o json -n 1 -d 0.1 -r '^(cpuid|msr_write)$' --root "$r" 2>"$tmp/err"
grep -q '"name":"CPUID"' "$tmp/r.json" && grep -q '"name":"MSR_WRITE"' "$tmp/r.json" &&
	! grep -q '"name":"HLT"' "$tmp/r.json"
ok $? "-r keeps the reasons whose name matches, in any case"
"$top" -b -n 1 -d 0.1 -r 'HLT' --root "$r" >"$tmp/out" 2>&1
awk '$1 ~ /^0x[0-9a-f]+$/ { print $2 }' "$tmp/out" | tr '\n' ' ' | grep -qx 'HLT '
ok $? "-r applies to batch text too"
"$top" -L "$tmp/none/x.csv" -n 1 --root "$r" 2>"$tmp/err"
ok $(( $? != 1 )) "a log that cannot be opened: exit 1"
grep -q "x.csv: No such file or directory" "$tmp/err"
ok $? "and the message names it"

# --- SIGHUP reopens: logrotate moves the file, the next records start a new one
log=$tmp/rot.csv
"$top" -L "$log" -n 12 -d 0.1 --root "$r" 2>"$tmp/err" &
run=$!
wait_until 5 cpuid_rows "$log" 2	# two records
mv "$log" "$log.1"
kill -HUP $run
wait $run
ok $? "SIGHUP does not end the run ($(cat "$tmp/err"))"
a=$(grep -c ',CPUID,' "$log.1") b=$(grep -c ',CPUID,' "$log")
[ "$a" -ge 2 ] && [ "$b" -ge 2 ] && [ $((a + b)) -eq 12 ]
ok $? "12 records, none lost: $a in the moved file, $b in the new one"
sed -n 1p "$log" | grep -q '^frame,time,event,'
ok $? "the new file starts with the CSV header"
grep ',CPUID,' "$log" | head -n 1 | cut -d, -f1 >"$tmp/frame"
[ "$(cat "$tmp/frame")" -eq $((a + 1)) ]
ok $? "frame numbers go on across the files ($(cat "$tmp/frame") after $a)"

# --- a reset, then a module reload: said in the records, the run goes on
log=$tmp/reload.json
"$top" -L "$log" -o json -n 18 -d 0.1 --root "$r" 2>"$tmp/err" &
run=$!
wait_until 5 has_records "$log" rates 2
hold_writer
snapshot svm 1000000 "114 CPUID 3 30" >"$f.new" && mv "$f.new" "$f"
wait_until 5 has_records "$log" reset 1
rm "$f"					# the module is unloaded
wait_until 5 has_records "$log" missing 1
echo 1 >"$tmp/base"			# reloaded: counters from zero
rm "$tmp/hold"
wait $run
ok $? "a reset and a reload do not end the log ($(cat "$tmp/err"))"
events=$(sed 's/.*"event":"\([a-z]*\)".*/\1/' "$log" | uniq | tr '\n' ' ')
echo "$events" | grep -q 'rates reset .*missing .*resumed rates'
ok $? "the records say reset, missing, resumed: $events"
[ "$(wc -l <"$log")" -eq 18 ]
ok $? "one record per interval, missing ones included ($(wc -l <"$log"))"
grep '"event":"missing"' "$log" | head -n 1 | grep -q '"error":"no such file: is kvm-intel or kvm-amd loaded'
ok $? "a missing record says why"

# The same in CSV: a missing record has the header's 15 fields too.
log=$tmp/reload.csv
"$top" -L "$log" -n 6 -d 0.1 --root "$r" 2>"$tmp/err" &
run=$!
wait_until 5 has_records "$log" rates 1
hold_writer
rm "$f"
wait_until 5 has_records "$log" missing 1
rm "$tmp/hold"
wait $run
grep -q '^[0-9]*,[^,]*,missing,' "$log" && [ "$(awk -F, '{ print NF }' "$log" | sort -u)" = "15" ]
ok $? "CSV: missing records have the header's 15 fields ($(grep -c missing "$log") of them)"
finish
