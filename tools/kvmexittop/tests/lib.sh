# Shared by kvmexittop's shell suites: TAP-style checks like tests/harness.h
# (the convention is in tests/README.md).
n=0 failed=0 planned=

plan() {	# plan N: the number of checks written below, before the first
	planned=$1
	echo "1..$1"
}

ok() {	# ok CONDITION-STATUS DESCRIPTION...
	status=$1
	shift
	n=$((n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $n - $*"
	else
		echo "not ok $n - $*"
		failed=$((failed + 1))
	fi
}

skip() {	# skip DESCRIPTION WHY: a check that cannot run here
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# Waits on another process poll a condition with a deadline (tests/README.md).
wait_until() {	# wait_until SECONDS COMMAND...: poll COMMAND until it succeeds, or fail
	end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -le "$end" ] || return 1
		sleep 0.05
	done
}

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

finish() {
	if [ "$n" -ne "${planned:--1}" ]; then
		echo "# planned ${planned:-no} checks, ran $n"
		exit 1
	fi
	[ "$failed" -eq 0 ]
	exit $?
}

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
