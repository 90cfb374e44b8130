#!/bin/sh
# The live view in tmux (fixed 100x24, TERM=screen, UTF-8): a background
# writer keeps rewriting the fixture with steady rates (HLT 300/s, MSR_WRITE
# 200/s, CPUID 100/s, EXTERNAL_INTERRUPT idle); send-keys drives the view and
# capture-pane checks it.  Every wait polls the screen with a timeout.
# Usage: tui.sh PATH-TO-KVMEXITTOP
top=$(realpath "$1")
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
sock=kvmexittop-test-$$
t() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	[ -n "$writer" ] && kill "$writer" 2>/dev/null
	t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 44
f=$tmp/exit_stats

# The writer: every 0.1 s a new snapshot, renamed into place atomically;
# it holds off while $tmp/hold exists so the test can put other text there,
# and says so with $tmp/held (hold_writer waits for that).
write_loop() {
	i=0
	while :; do
		if [ -e "$tmp/hold" ]; then
			touch "$tmp/held"
		else
			rm -f "$tmp/held"
			i=$((i + 1))
			snapshot vmx 1000000 "1 EXTERNAL_INTERRUPT 7 700" \
				"10 CPUID $((10 * i + 1)) $((1000 * i + 1))" \
				"12 HLT $((30 * i + 1)) $((1000 * i + 1))" \
				"32 MSR_WRITE $((20 * i + 1)) $((9000 * i + 1))" >"$f.new"
			mv "$f.new" "$f"
		fi
		sleep 0.1
	done
}
write_loop &
writer=$!

# CPUID's count in the file: the writer's progress, 10 a snapshot.
written() { awk '$2 == "CPUID" { print $3 }' "$f" 2>/dev/null; }
written_from() { [ "$(written)" -ge "$1" ] 2>/dev/null; }

session=kt
screen() { t capture-pane -p -t "$session"; }
# The view is on screen: its header line, which every frame draws.
has_view() { screen | grep -q '^kvmexittop - '; }
wait_for() {	# wait_for GREP-PATTERN [SECONDS]: poll until the screen has it
	end=$(($(date +%s) + ${2:-5}))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	screen | sed 's/^/#   /'
	return 1
}
wait_gone() {	# the pattern is gone from a screen that shows the view
	end=$(($(date +%s) + ${2:-5}))
	while [ "$(date +%s)" -le "$end" ]; do
		s=$(screen)
		echo "$s" | grep -q '^kvmexittop - ' &&
			! echo "$s" | grep -q -- "$1" && return 0
		sleep 0.1
	done
	screen | sed 's/^/#   /'
	return 1
}
# The names of the rows on screen, in order.
rows() { screen | awk '/^REASON/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print $2 }' | tr '\n' ' '; }
wait_rows() {	# wait_rows "NAME NAME ": poll until the rows are these
	end=$(($(date +%s) + ${2:-5}))
	while [ "$(date +%s)" -le "$end" ]; do
		[ "$(rows)" = "$1" ] && return 0
		sleep 0.1
	done
	echo "#   rows: $(rows)"
	return 1
}

wait_until 5 test -s "$f" || echo "# the writer wrote no snapshot"
t new-session -d -s kt -x 100 -y 24 \
	"env TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '$top -d 0.2 -f $f; echo exit status \$?; stty -a >$tmp/stty; sleep 60'"
wait_for 'counters up'
ok $? "the header shows the vendor and the counter uptime"
wait_for '^kvmexittop - host: vmx, tsc 1000000 kHz'
ok $? "header: what is shown (host), vendor and TSC frequency"
wait_rows "HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT "
ok $? "rows sorted by exits/s: HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT"
wait_for 'Handling: [0-9.]*% of host CPU time'
ok $? "header: share of host CPU time"
wait_for '^ *12 HLT  *[0-9.]* *[0-9.]* '
ok $? "the HLT row shows reason 12 and its numbers"

t send-keys -t "$session" '<'
wait_for 'Sort: NAME' && wait_rows "CPUID EXTERNAL_INTERRUPT HLT MSR_WRITE "
ok $? "< sorts by name: $(rows)"
t send-keys -t "$session" '<'
wait_for 'Sort: REASON' && wait_rows "EXTERNAL_INTERRUPT CPUID HLT MSR_WRITE "
ok $? "< again sorts by reason: $(rows)"
t send-keys -t "$session" 's' 's' 's' 's' 's' 's'
wait_for 'Sort: %TIME' && wait_rows "MSR_WRITE CPUID HLT EXTERNAL_INTERRUPT "
ok $? "s cycles to %TIME: MSR_WRITE has the most cycles/s: $(rows)"
t send-keys -t "$session" 's' 's' 's'
wait_for 'Sort: EXITS/S'
ok $? "s wraps around to EXITS/S"

t send-keys -t "$session" '/' 'm' 's'
wait_for 'Filter: ms_'
ok $? "/ opens the filter prompt as typed"
t send-keys -t "$session" Enter
wait_rows "MSR_WRITE "
ok $? "filter ms shows only MSR_WRITE: $(rows)"
wait_for 'Filter: ms'
ok $? "the header shows the filter"
t send-keys -t "$session" '/' 'x' Escape
wait_rows "MSR_WRITE "
ok $? "Esc keeps the previous filter"
t send-keys -t "$session" '/' BSpace BSpace Enter
wait_rows "HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT "
ok $? "an empty filter shows every row again"

t send-keys -t "$session" 'a'
wait_for 'Active only' && wait_rows "HLT MSR_WRITE CPUID "
ok $? "a hides the idle EXTERNAL_INTERRUPT: $(rows)"
t send-keys -t "$session" 'a'
wait_rows "HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT "
ok $? "a again shows it"

t send-keys -t "$session" Space
wait_for '\[paused\]'
ok $? "space pauses and says so"
before=$(screen | grep ' HLT ')
# Long enough for the writer to write 7 snapshots and for kvmexittop, were
# it not paused, to redraw three times (every 0.2 s).
w0=$(written)
wait_until 10 written_from $((w0 + 70)) || echo "# the writer stopped at $(written)"
after=$(screen | grep ' HLT ')
[ -n "$before" ] && [ "$before" = "$after" ]
ok $? "while paused the HLT row does not change"
t send-keys -t "$session" Space
wait_gone '\[paused\]'
ok $? "space resumes"

t send-keys -t "$session" 'h'
wait_for 'show or hide this help' && wait_for 'reset the kernel'
ok $? "h shows the help with the key table"
t send-keys -t "$session" 'x'
wait_for 'Sort: EXITS/S'
ok $? "any key leaves the help"

t send-keys -t "$session" 'z'
wait_for 'Totals zeroed'
ok $? "z zeroes the displayed totals and says so"

# The file goes away (module unloaded) and comes back.
hold_writer
mv "$f" "$f.away"
wait_for 'no such file: is kvm-intel or kvm-amd loaded'
ok $? "missing file: says what to load"
wait_for 'Retrying every 0.2 s'
ok $? "missing file: keeps retrying"
printf 'garbage\n' >"$f"
wait_for 'line 1: expected'
ok $? "malformed file: the line number is shown"
mv "$f.away" "$f"
rm "$tmp/hold"
wait_rows "HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT "
ok $? "the rows are back when the file is"

# R asks first; n changes nothing; y on a regular file (a copy, not
# debugfs) refuses rather than destroy it.
hold_writer
cp "$f" "$tmp/before-reset"
t send-keys -t "$session" 'R'
wait_for "Reset the kernel's counters in $f? (y/N)"
ok $? "R asks for confirmation, naming the file"
t send-keys -t "$session" 'n'
wait_for 'Reset cancelled'
ok $? "n cancels the reset"
cmp -s "$f" "$tmp/before-reset"
ok $? "after n the file is untouched"
t send-keys -t "$session" 'R'
wait_for "(y/N)"
t send-keys -t "$session" 'y'
wait_for 'Reset refused: .* is a regular file, not the kernel'
ok $? "y on a regular file: refused, and says why"
cmp -s "$f" "$tmp/before-reset"
ok $? "the regular file is not truncated or written"
rm "$tmp/hold"
wait_rows "HLT MSR_WRITE CPUID EXTERNAL_INTERRUPT "
ok $? "rows go on after the refused reset"

t resize-window -t "$session" -x 40 -y 5
wait_for 'Terminal too small: 40x5, need 60x7'
ok $? "a small terminal says so"
t resize-window -t "$session" -x 100 -y 24
wait_for 'Sort: EXITS/S'
ok $? "back to full size after the resize"

t send-keys -t "$session" 'q'
wait_for 'exit status 0'
ok $? "q quits with status 0"
wait_until 5 test -s "$tmp/stty"
grep -q ' icanon' "$tmp/stty" && grep -q ' echo ' "$tmp/stty" &&
	! grep -q -- '-icanon' "$tmp/stty"
ok $? "the terminal is restored after q (icanon, echo)"
screen | grep -q 'exit status 0' && ! screen | grep -q 'Sort: '
ok $? "the screen is back to the shell's (alternate screen left)"

# SIGTERM: the same clean exit.  (A new session before the old one goes,
# so the tmux server stays.)
rm -f "$tmp/stty"
t new-session -d -s kt2 -x 100 -y 24 \
	"env TERM=screen LANG=C.UTF-8 sh -c '$top -d 0.2 -f $f </dev/tty & echo \$! >$tmp/pid; wait; echo exit status \$?; stty -a >$tmp/stty; sleep 60'"
t kill-session -t kt
session=kt2
wait_for 'counters up'
ok $? "started again in the background of a shell"
kill -TERM "$(cat "$tmp/pid")"
wait_for 'exit status 0'
ok $? "SIGTERM ends kvmexittop with status 0"
wait_until 5 test -s "$tmp/stty"
grep -q ' icanon' "$tmp/stty" && ! grep -q -- '-icanon' "$tmp/stty"
ok $? "the terminal is restored after SIGTERM"

# The live view that cannot start says why and exits non-zero.
t new-session -d -s kt4 -x 100 -y 24 \
	"env TERM=no-such-terminal LANG=C.UTF-8 sh -c '$top -d 0.2 -f $f; echo exit status \$?; sleep 60'"
session=kt4
wait_for 'exit status 1'
ok $? "an unknown terminal type: exit status 1"
wait_for 'cannot use terminal type "no-such-terminal"'
ok $? "and the message names it"

# NO_COLOR: still usable, sort column still marked in the header.
t new-session -d -s kt3 -x 100 -y 24 \
	"env TERM=screen-256color NO_COLOR=1 LANG=C.UTF-8 $top -d 0.2 -f $f"
t kill-session -t kt2
t kill-session -t kt4
session=kt3
wait_for 'Sort: EXITS/S'
ok $? "runs with NO_COLOR"
has_view && ! t capture-pane -e -p -t "$session" | grep -q "$(printf '\033\\[3[0-7]m')"
ok $? "NO_COLOR: no foreground colour escapes on a screen that shows the view"
finish
