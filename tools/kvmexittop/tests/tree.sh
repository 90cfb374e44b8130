#!/bin/sh
# kvmexittop against a debugfs tree (--root) shaped like ABI v2's: the VM
# list, choosing a VM by pid or name, one vCPU, names from real processes'
# command lines, VMs that come and go, exact rates through named pipes.
# Usage: tree.sh PATH-TO-KVMEXITTOP
top=$1
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 34

# Three VMMs: libvirt's -name guest=...,, with an escaped comma, plain
# -name db twice (an ambiguous name), and a process gone before the read.
web=$(vmm -name 'guest=web,,1,debug-threads=on')
db1=$(vmm -name db)
db2=$(vmm -name db)
dead=$(vmm -name dead)
pids="$web $db1 $db2"
kill "$dead"
wait "$dead" 2>/dev/null
r=$tmp/root
mkdir -p "$r/$web-12/vcpu0" "$r/$web-12/vcpu1" "$r/$db1-5/vcpu0" "$r/$db2-7" \
	"$r/$dead-3" "$r/400000-5"
stats host 1000 10000 >"$r/exit_stats"
echo 5 >"$r/exits"				# stock KVM's own files
stats vm 600 6000 >"$r/$web-12/exit_stats"
stats vcpu 250 2500 >"$r/$web-12/vcpu0/exit_stats"
stats vcpu 350 3500 >"$r/$web-12/vcpu1/exit_stats"
stats vm 300 3000 >"$r/$db1-5/exit_stats"
stats vcpu 300 3000 >"$r/$db1-5/vcpu0/exit_stats"
stats vm 100 1000 >"$r/$db2-7/exit_stats"
stats vm 7 70 >"$r/$dead-3/exit_stats"		# its VMM has exited
echo 0 >"$r/400000-5/pages_4k"			# no exit_stats: a stock VM

# --- the VM list
"$top" -b -n 1 -d 0.1 --root "$r" --vms -o json >"$tmp/out" 2>"$tmp/err"
ok $? "--vms -o json exits 0 ($(cat "$tmp/err"))"
vms=$(grep -o '"vm_pid":[0-9]*,"vm_name":"[^"]*","vcpus":[0-9]*' "$tmp/out" | tr '\n' ' ')
sorted=$(printf '%s\n' "$web web,1 2" "$db1 db 1" "$db2 db 0" | sort -n |
	 sed 's/^\([0-9]*\) \([^ ]*\) \([0-9]*\)$/"vm_pid":\1,"vm_name":"\2","vcpus":\3/' | tr '\n' ' ')
[ "$vms" = "$sorted" ]
ok $? "three VMs by pid with names and vCPU counts; the exited VMM's and the stock VM's left out ($vms)"
grep -q '"scope":"host"' "$tmp/out" && grep -q '"host_time_share":0,"top_reason":null' "$tmp/out"
ok $? "no exits in the interval: share 0, no top reason"
"$top" -b -n 1 -d 0.1 --root "$r" --vms -o csv >"$tmp/out" 2>&1
sed -n 1p "$tmp/out" | grep -qx 'frame,time,event,uptime,scope,vm_pid,vm_name,vcpu,vcpus,exits_per_second,host_time_share,top_reason'
ok $? "--vms CSV header"
grep -q "^1,[^,]*,rates,[0-9.]*,vm,$web,\"web,1\",,2,0.000,0.000000,\$" "$tmp/out"
ok $? "CSV quotes the name with a comma: \"web,1\""
[ "$(grep -c '^1,' "$tmp/out")" -eq 3 ]
ok $? "CSV: one line per VM"
"$top" -b -n 1 -d 0.1 --root "$r" --vms >"$tmp/out" 2>&1
grep -q '^kvmexittop - VMs (3): svm' "$tmp/out" && grep -q "^ *$db2 db  *0 " "$tmp/out"
ok $? "text VM list: header says VMs (3), a line per VM"

# --- one VM, by pid or name, and one vCPU
"$top" -b -n 1 -d 0.1 --root "$r" -g 'web,1' -o json >"$tmp/out" 2>"$tmp/err"
ok $? "-g web,1 exits 0 ($(cat "$tmp/err"))"
grep -q "\"scope\":\"vm\",\"source\":\"exit_stats\",\"vm_pid\":$web,\"vm_name\":\"web,1\",\"vcpu\":null," "$tmp/out"
ok $? "JSON says scope vm, the VM's pid and name, no vCPU"
grep -q '"total_exits":600,' "$tmp/out"
ok $? "the VM's own file: 600 exits"
"$top" -b -n 1 -d 0.1 --root "$r" -p "$web" --vcpu 1 -o csv >"$tmp/out" 2>"$tmp/err"
ok $? "-p PID --vcpu 1 exits 0 ($(cat "$tmp/err"))"
grep -q "^1,[^,]*,rates,[0-9.]*,vcpu,$web,\"web,1\",1,114,CPUID,0.000,0.000000,350,10.0,0.000000\$" "$tmp/out"
ok $? "CSV: scope vcpu, vcpu 1, its 350 exits ($(sed -n 2p "$tmp/out"))"
"$top" -b -n 1 -d 0.1 --root "$r" -p "$web" --vcpu 0 >"$tmp/out" 2>&1
grep -q "^kvmexittop - VM web,1 (pid $web), vCPU 0: svm" "$tmp/out"
ok $? "text header: VM name, pid and vCPU"
"$top" -b -n 1 -d 0.1 --root "$r" -p "$db1" >"$tmp/out" 2>&1
grep -q "^kvmexittop - VM db (pid $db1): svm" "$tmp/out"
ok $? "-p PID: the header names the VM"
"$top" -b -n 1 -d 0.1 --root "$r" >"$tmp/out" 2>&1
grep -q '^kvmexittop - host: svm' "$tmp/out" && grep -q ' 1000 ' "$tmp/out"
ok $? "no VM chosen: the host's file"

# --- what cannot be shown
"$top" -b -n 1 --root "$r" -g db >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 64 )) "-g db, a name two VMs share: exit 64"
grep -q "kvmexittop: -g db: 2 VMs have that name: db (pid $db1), db (pid $db2); choose one with -p" "$tmp/err"
ok $? "the message lists both ($(cat "$tmp/err"))"
"$top" -b -n 1 --root "$r" -g nope -o json >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "-g nope: exit 2"
grep -q '^{"error":"-g nope: no VM has that name; running: ' "$tmp/out"
ok $? "JSON error names the running VMs"
"$top" -b -n 1 --root "$r" -p "$dead" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "-p of an exited VMM: exit 2"
"$top" -b -n 1 --root "$r" -p "$web" --vcpu 7 >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "--vcpu 7 of a VM without it: exit 2"
mkdir -p "$tmp/tracefs/events"
"$top" -b -n 1 --root "$tmp/none" --tracefs "$tmp/tracefs" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 2 )) "no exit_stats and a tracefs without kvm:kvm_exit: exit 2 ($(cat "$tmp/err"))"
printf '# kvm exit statistics v1 vendor=svm tsc_khz=1\nreason name count cycles\ntotal - 0 0\n' \
	>"$r/$db2-7/exit_stats"
"$top" -b -n 1 --root "$r" -p "$db1" >"$tmp/out" 2>"$tmp/err"
ok $(( $? != 65 )) "a VM file of ABI v1: exit 65"
grep -q 'exit statistics ABI v1 found, this tool reads v2' "$tmp/err"
ok $? "the message names both versions"
stats vm 100 1000 >"$r/$db2-7/exit_stats"

# --- VMs that come and go during a run
: >"$tmp/out"	# empty before the run starts: the wait below reads it
"$top" -b -n 4 -d 0.3 --root "$r" --vms -o json >"$tmp/out" 2>"$tmp/err" &
run=$!
wait_until 5 test -s "$tmp/out"		# the first frame, with it
rm -r "$r/$db2-7"
new=$(vmm -name fresh)
pids="$pids $new"
mkdir "$r/$new-4"
stats vm 9 90 >"$r/$new-4/exit_stats"
wait $run
ok $? "VMs that go and come: no error ($(cat "$tmp/err"))"
sed -n 1p "$tmp/out" | grep -q "\"vm_pid\":$db2," && ! sed -n 4p "$tmp/out" | grep -q "\"vm_pid\":$db2,"
ok $? "the removed VM is listed first, then no more"
sed -n 4p "$tmp/out" | grep -q "\"vm_pid\":$new,\"vm_name\":\"fresh\",\"vcpus\":0,"
ok $? "the new VM appears with its name"
: >"$tmp/out"	# empty before the run starts: the wait below reads it
"$top" -b -n 5 -d 0.2 --root "$r" -p "$db1" >"$tmp/out" 2>"$tmp/err" &
run=$!
wait_until 5 test -s "$tmp/out"		# the VM was shown
rm -r "$r/$db1-5"
wait $run
ok $(( $? != 2 )) "the VM shown in batch mode goes: exit 2"
grep -q "VM pid $db1 is gone" "$tmp/err"
ok $? "and says so ($(cat "$tmp/err"))"

# --- exact rates: host and VM files are named pipes fed a snapshot per read
mkfifo "$tmp/p-host"
rm "$r/$web-12/exit_stats" "$r/exit_stats"
mkfifo "$r/$web-12/exit_stats"
ln -s "$tmp/p-host" "$r/exit_stats"
feed() {	# feed PIPE SCOPE COUNT CYCLES
	stats "$2" "$3" "$4" | timeout 10 tee "$1" >/dev/null
	pipe_released "$1"
}
timeout 30 "$top" -b -n 2 -d 0.2 --root "$r" --vms -o json >"$tmp/out" 2>"$tmp/err" &
run=$!
for i in 0 1 2; do
	feed "$tmp/p-host" host $((1000 + 400 * i)) $((10000 + 4000 * i))
	feed "$r/$web-12/exit_stats" vm $((600 + 100 * i)) $((6000 + 1000 * i))
done
wait $run
ok $? "the piped run exits 0 ($(cat "$tmp/err"))"
line=$(sed -n 2p "$tmp/out")
interval=$(echo "$line" | sed 's/.*"interval":\([0-9.e+-]*\),.*/\1/')
rate=$(echo "$line" | sed "s/.*\"vm_pid\":$web,[^}]*\"exits_per_second\":\([0-9.e+-]*\),.*/\1/")
awk -v r="$rate" -v i="$interval" 'BEGIN { d = r * i - 100; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "the VM's exits/s x interval = the 100 exits written ($rate/s over $interval s)"
echo "$line" | grep -q "\"vm_pid\":$web,[^}]*\"host_time_share\":0.25,\"top_reason\":\"CPUID\"}"
ok $? "its share of host handling time: 1000 of 4000 cycles = 0.25, top reason CPUID"
hostrate=$(echo "$line" | sed 's/.*"cycles_measured":true,"exits_per_second":\([0-9.e+-]*\),.*/\1/')
awk -v r="$hostrate" -v i="$interval" 'BEGIN { d = r * i - 400; exit !(d < 1e-6 && d > -1e-6) }'
ok $? "the host's exits/s x interval = 400 ($hostrate/s)"
echo "$line" | grep -q "\"vm_pid\":$db1,[^}]*\"exits_per_second\":null" ||
	! echo "$line" | grep -q "\"vm_pid\":$db1,"
ok $? "the VM removed earlier stays away"
finish
