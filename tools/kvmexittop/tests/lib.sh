# Shared by kvmexittop's shell suites: the TAP checks of tests/tap.sh, and
# fixtures and waits for a kvmexittop that reads them.
. tests/tap.sh

# The suites' writers hold off while $tmp/hold exists and say so with
# $tmp/held; hold_writer returns once the writer is between snapshots.
hold_writer() {
	rm -f "$tmp/held"
	touch "$tmp/hold"
	wait_until 5 test -e "$tmp/held" || echo "# the writer did not hold off"
}

# pipe_released PIPE: wait (up to 5 s) until no process has the named pipe
# open, so that the next writer's snapshot goes to the reader's next read and
# not into this one.  The pipe's path is the test's own.
pipe_released() {
	wait_until 5 not_open "$1" || echo "# $1 still open after 5 s"
}
not_open() { ! ls -l /proc/[0-9]*/fd 2>/dev/null | grep -q -- "-> $1\$"; }

# stats SCOPE COUNT CYCLES: a one-reason (SVM CPUID) file of that scope.
stats() {
	printf '# kvm exit statistics v2 vendor=svm tsc_khz=1000000 scope=%s cycles=on\n' "$1"
	printf 'reason name count cycles\n114 CPUID %s %s\ntotal - %s %s\n' "$2" "$3" "$2" "$3"
}

# vmm NAME-ARGS...: a process whose command line carries QEMU's -name (a
# shell that waits, so the words stay in /proc/PID/cmdline); prints its pid.
# It sleeps a second at a time: killed, it leaves no long sleep behind.
vmm() {
	sh -c 'while :; do sleep 1; done' "$@" >/dev/null 2>&1 &
	# Its words are in /proc once sh runs (up to 5 s).
	wait_until 5 cmdline_has "$!" "$1" || echo "# process $! did not start" >&2
	echo $!
}
cmdline_has() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"; }

# snapshot VENDOR TSC_KHZ "REASON NAME COUNT CYCLES"... : the debugfs text,
# with a total row that adds up.
snapshot() {
	vendor=$1 khz=$2
	shift 2
	printf '# kvm exit statistics v2 vendor=%s tsc_khz=%s scope=host cycles=on\n' "$vendor" "$khz"
	printf 'reason name count cycles\n'
	tc=0 ty=0
	for row in "$@"; do
		printf '%s\n' "$row"
		set -- $row
		tc=$((tc + $3)) ty=$((ty + $4))
	done
	printf 'total - %s %s\n' "$tc" "$ty"
}
