#!/bin/sh
# The live view over a debugfs tree (--root) with two VMs: it starts with
# the VM list, Enter shows a VM's reasons, 1 its vCPUs, Enter one vCPU's,
# v goes back; the header says what is shown; a VM that goes is said.
# Usage: tui_tree.sh PATH-TO-KVMEXITTOP
top=$(realpath "$1")
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
sock=kvmexittop-tree-$$
t() { tmux -L "$sock" -f /dev/null "$@"; }
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 12

web=$(vmm -name 'guest=web,debug-threads=on')
db=$(vmm -name db)
pids="$web $db"
r=$tmp/root
mkdir -p "$r/$web-9/vcpu0" "$r/$web-9/vcpu1" "$r/$db-4/vcpu0"
stats host 1000 10000 >"$r/exit_stats"
stats vm 600 6000 >"$r/$web-9/exit_stats"
stats vcpu 250 2500 >"$r/$web-9/vcpu0/exit_stats"
stats vcpu 350 3500 >"$r/$web-9/vcpu1/exit_stats"
stats vm 400 4000 >"$r/$db-4/exit_stats"
stats vcpu 400 4000 >"$r/$db-4/vcpu0/exit_stats"

screen() { t capture-pane -p -t kt; }
wait_for() {	# wait_for GREP-PATTERN: poll the screen for 5 s
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	screen | sed 's/^/#   /'
	return 1
}

t new-session -d -s kt -x 100 -y 24 \
	"env TERM=screen LANG=C.UTF-8 sh -c '$top -d 0.2 --root $r; echo exit status \$?; sleep 60'"
wait_for '^kvmexittop - VMs (2): svm'
ok $? "two VMs: the view starts with the VM list, and the header says so"
wait_for "^ *$web web  *2 " && wait_for "^ *$db db  *1 "
ok $? "a line per VM: pid, name, vCPUs"
wait_for '^ *- (host: all VMs)'
ok $? "the host is the list's first line"
t send-keys -t kt Down
[ "$web" -lt "$db" ] || t send-keys -t kt Down
t send-keys -t kt Enter
wait_for "^kvmexittop - VM web (pid $web): svm"
ok $? "Enter on web: its reasons, the header names it"
wait_for '^ *0x072 CPUID .* 600 '
ok $? "web's own counts (600 CPUID exits)"
t send-keys -t kt 1
wait_for "^kvmexittop - VM web (pid $web), per vCPU"
ok $? "1 lists web's vCPUs"
wait_for '^ *all ' && wait_for '^ *1 .*CPUID\|^ *1  *[0-9.-]'
ok $? "the whole VM, then vCPUs 0 and 1"
t send-keys -t kt Down Down Enter
wait_for "^kvmexittop - VM web (pid $web), vCPU 1: svm" && wait_for '^ *0x072 CPUID .* 350 '
ok $? "Enter on vCPU 1: its reasons (350 CPUID exits)"
t send-keys -t kt v
wait_for '^kvmexittop - VMs (2)'
ok $? "v goes back to the VM list"
t send-keys -t kt Enter
kill "$web"
rm -r "$r/$web-9"
wait_for '^kvmexittop - VMs (1)' && wait_for "VM pid $web is gone"
ok $? "the VM shown goes: back to the list, which says so"
t send-keys -t kt Home Enter
wait_for '^kvmexittop - host: svm' && wait_for '^ *0x072 CPUID .* 1000 '
ok $? "Enter on the host line: the host's reasons"
t send-keys -t kt q
wait_for 'exit status 0'
ok $? "q quits with status 0"
finish
