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
vmm() {
	sh -c 'sleep 600; :' "$@" >/dev/null 2>&1 &
	echo $!
}

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
