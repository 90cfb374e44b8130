#!/bin/sh
# The tracepoint fallback against a fake tracefs (--tracefs): no exit_stats
# under --root, so kvmexittop installs its hist trigger on kvm:kvm_exit,
# reads the histogram (here a file or a named pipe the test writes, keyed by
# real processes' pids), says "tracepoint mode: counts only", and removes the
# trigger on every way out: the end of -n, q, SIGINT, SIGTERM, an error.
# Usage: tracepoint.sh PATH-TO-KVMEXITTOP
top=$(realpath "$1")
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
sock=kvmexittop-tp-$$
t() { tmux -L "$sock" -f /dev/null "$@"; }
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 23

trigger='hist:keys=exit_reason,isa,common_pid:vals=hitcount:size=8192'
web=$(vmm -name 'guest=web')
db=$(vmm -name db)
pids="$web $db"
tf=$tmp/tracefs
ev=$tf/events/kvm/kvm_exit
mkdir -p "$ev" "$tmp/root"
: >"$ev/trigger"
# hist WEB-CPUID WEB-HLT DB-IO: the histogram as the kernel prints it (SVM).
hist() {
	printf '# event histogram\n#\n# trigger info: %s:sort=hitcount [active]\n#\n\n' "$trigger"
	printf '{ exit_reason:        114, isa:          2, common_pid: %10d } hitcount: %10d\n' "$web" "$1"
	printf '{ exit_reason:        120, isa:          2, common_pid: %10d } hitcount: %10d\n' "$web" "$2"
	printf '{ exit_reason:        123, isa:          2, common_pid: %10d } hitcount: %10d\n' "$db" "$3"
	printf '\nTotals:\n    Hits: %d\n    Entries: 3\n    Dropped: 0\n' $(($1 + $2 + $3))
}
removed() {	# the trigger was written, then removed: exactly these two lines
	printf '%s\n!%s\n' "$trigger" "$trigger" | cmp -s - "$ev/trigger"
}
sleep 0.2

# --- batch: the header, counts only, the trigger gone at the end
hist 10 20 30 >"$ev/hist"
"$top" -b -n 1 -d 0.1 --root "$tmp/root" --tracefs "$tf" >"$tmp/out" 2>"$tmp/err"
ok $? "no exit_stats, a kvm:kvm_exit tracepoint: batch runs ($(cat "$tmp/err"))"
grep -q '^kvmexittop - host: svm, tracepoint mode: counts only, ' "$tmp/out"
ok $? "the header says tracepoint mode: counts only"
grep -Eq '^ *0x07b IO .* 30 +- +-$' "$tmp/out" && grep -Eq '^ *0x072 CPUID .* 10 ' "$tmp/out"
ok $? "the histogram's counts by reason, summed over threads; no cycles ($(grep IO "$tmp/out"))"
removed
ok $? "the trigger was installed and removed (trigger file: $(tr '\n' '|' <"$ev/trigger"))"

: >"$ev/trigger"
"$top" -b -n 1 -d 0.1 -o json --root "$tmp/root" --tracefs "$tf" >"$tmp/out" 2>&1
grep -q '"scope":"host","source":"tracepoint",' "$tmp/out" &&
	grep -q '"cycles_measured":false,' "$tmp/out" && grep -q '"total_exits":60,' "$tmp/out"
ok $? "JSON: source tracepoint, cycles not measured, 60 exits in all"
grep -q '"reason":123,"name":"IO","exits_per_second":0,"exit_share":0,"total_exits":30,"cycles_per_exit":null,"time_share":null}' "$tmp/out"
ok $? "JSON rows: cycles null"
removed
ok $? "JSON run: trigger removed"

: >"$ev/trigger"
"$top" -b -n 1 -d 0.1 -o json --vms --root "$tmp/root" --tracefs "$tf" >"$tmp/out" 2>&1
grep -q "\"vm_pid\":$web,\"vm_name\":\"web\",\"vcpus\":1," "$tmp/out" &&
	grep -q "\"vm_pid\":$db,\"vm_name\":\"db\",\"vcpus\":1," "$tmp/out"
ok $? "--vms: a VM per process with exits, named from its command line"
"$top" -b -n 1 -d 0.1 -o json -g web --root "$tmp/root" --tracefs "$tf" >"$tmp/out" 2>&1
grep -q "\"scope\":\"vm\",\"source\":\"tracepoint\",\"vm_pid\":$web,\"vm_name\":\"web\"," "$tmp/out" &&
	grep -q '"total_exits":30,' "$tmp/out"
ok $? "-g web: that VM's 10 + 20 exits"

# --- exact rates: the histogram is a pipe, one snapshot per read
rm "$ev/hist"
mkfifo "$ev/hist"
: >"$ev/trigger"
timeout 30 "$top" -b -n 2 -d 0.2 -o json --root "$tmp/root" --tracefs "$tf" >"$tmp/out" 2>"$tmp/err" &
run=$!
for i in 0 1 2; do
	hist $((100 + 50 * i)) $((10 + 7 * i)) 5 | timeout 10 tee "$ev/hist" >/dev/null
	sleep 0.02
done
wait $run
ok $? "piped run exits 0 ($(cat "$tmp/err"))"
line=$(sed -n 2p "$tmp/out")
interval=$(echo "$line" | sed 's/.*"interval":\([0-9.e+-]*\),.*/\1/')
rate=$(echo "$line" | sed 's/.*"cycles_measured":false,"exits_per_second":\([0-9.e+-]*\),.*/\1/')
awk -v r="$rate" -v i="$interval" 'BEGIN { d = r * i - 57; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "exits/s x interval = the 50 + 7 exits written ($rate/s over $interval s)"
removed
ok $? "piped run: trigger removed"
rm "$ev/hist"
hist 10 20 30 >"$ev/hist"

# --- every way out removes the trigger
: >"$ev/trigger"
"$top" -b -d 0.1 --root "$tmp/root" --tracefs "$tf" >/dev/null 2>&1 &
run=$!
sleep 0.4
kill -INT $run
wait $run
ok $? "SIGINT ends batch mode with status 0"
removed
ok $? "SIGINT: trigger removed"
: >"$ev/trigger"
"$top" -b -d 0.1 --root "$tmp/root" --tracefs "$tf" >/dev/null 2>&1 &
run=$!
sleep 0.4
kill -TERM $run
wait $run
ok $? "SIGTERM ends batch mode with status 0"
removed
ok $? "SIGTERM: trigger removed"
: >"$ev/trigger"
"$top" -b -d 0.1 --root "$tmp/root" --tracefs "$tf" >/dev/null 2>"$tmp/err" &
run=$!
sleep 0.35
mv "$ev/hist" "$ev/hist.away"
wait $run
ok $(( $? != 1 )) "the histogram goes: exit 1 ($(cat "$tmp/err"))"
removed
ok $? "error: trigger removed"
mv "$ev/hist.away" "$ev/hist"

: >"$ev/trigger"
t new-session -d -s tp -x 120 -y 24 \
	"env TERM=screen LANG=C.UTF-8 sh -c '$top -d 0.2 --root $tmp/root --tracefs $tf; echo exit status \$?; sleep 60'"
end=$(($(date +%s) + 5))
until t capture-pane -p -t tp | grep -q 'tracepoint mode: counts only' || [ "$(date +%s)" -gt "$end" ]; do
	sleep 0.1
done
t capture-pane -p -t tp | grep -q '^kvmexittop - VMs (2): svm, tracepoint mode: counts only'
ok $? "live view: two VMs, the list first, tracepoint mode said"
t send-keys -t tp q
end=$(($(date +%s) + 5))
until t capture-pane -p -t tp | grep -q 'exit status' || [ "$(date +%s)" -gt "$end" ]; do
	sleep 0.1
done
t capture-pane -p -t tp | grep -q 'exit status 0' && removed
ok $? "q: status 0, trigger removed"

# --- no tracepoint to count with
"$top" -b -n 1 --root "$tmp/root" --tracefs "$tmp/nowhere" >/dev/null 2>"$tmp/err"
ok $(( $? != 1 )) "no tracefs: exit 1"
grep -q "no exit_stats file under $tmp/root, and no tracepoint to count with: no tracefs at $tmp/nowhere" "$tmp/err"
ok $? "and the message says both ($(cat "$tmp/err"))"
mv "$ev/trigger" "$ev/trigger.file"
mkdir "$ev/trigger"
"$top" -b -n 1 --root "$tmp/root" --tracefs "$tf" >/dev/null 2>"$tmp/err"
ok $(( $? != 1 )) "a trigger that cannot be written: exit 1 ($(cat "$tmp/err"))"
finish
