# TAP checks for the shell suites, like tests/harness.h for the C ones (the
# convention is in tests/README.md): a plan fixed in the suite's source, ok
# and skip lines, and finish, which fails a suite that ran another number of
# checks than it planned.  Sourced from the repository's top directory.
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

finish() {
	if [ "$n" -ne "${planned:--1}" ]; then
		echo "# planned ${planned:-no} checks, ran $n"
		exit 1
	fi
	[ "$failed" -eq 0 ]
	exit $?
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
