#!/bin/sh
# make demo's interactive path, in a real terminal: tmux runs lab/demo, the
# screen must show kvmexittop's live view with the guest's CPUID exits, and
# q must end the whole demo (kvmexittop, the guest, the lab) with status 0.
# Usage: demo_tty.sh          (from the repository; tmux must be installed)
. tools/kvmexittop/tests/lib.sh
sock=kvmexit-demo-$$
tmp=$(mktemp -d)
trap 'tmux -L $sock kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
screen() { tmux -L $sock capture-pane -p -t demo 2>/dev/null; }
plan 4

before=$(pgrep -d ' ' -f qemu-system-x86_64)
tmux -L $sock -f /dev/null new-session -d -s demo -x 160 -y 48 \
	"env TERM=screen LANG=C.UTF-8 lab/demo; echo \$? >$tmp/status"
# Up to 5 minutes: the lab boots, then a guest inside it (retried when it
# stalls, see lab/nested), and its CPUID bursts (3000 a round) must show as
# a rate of hundreds a second, more than its boot makes.
seen=0 i=0
while [ $i -lt 150 ]; do
	sleep 2
	i=$((i + 1))
	screen >$tmp/screen
	if grep -q '^kvmexittop - .*CPUs, counters up' $tmp/screen &&
		awk '$2 == "CPUID" && $3 + 0 >= 500 { found = 1 } END { exit !found }' $tmp/screen; then
		seen=1
		break
	fi
	[ -s $tmp/status ] && break
done
sed 's/^/# screen: /' $tmp/screen | head -n 16
ok $((1 - seen)) "the live view came up in a terminal and shows the guest's CPUID bursts, >= 500/s (after $((i * 2)) s)"
grep -q 'vendor svm\|svm' $tmp/screen
ok $? "the header names the SVM vendor"

tmux -L $sock send-keys -t demo q
i=0
while [ ! -s $tmp/status ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
status=$(cat $tmp/status 2>/dev/null)
ok "$([ "$status" = 0 ]; echo $?)" "q ended the demo with status 0 (status '${status:-none}', after $i s)"
left=""
for pid in $(pgrep -f qemu-system-x86_64); do
	case " $before " in *" $pid "*) ;; *) left="$left $pid" ;; esac
done
ok "$([ -z "$left" ]; echo $?)" "no QEMU the demo started is left running (${left:-none})"
finish
