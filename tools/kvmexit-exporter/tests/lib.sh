# Shared by the exporter's shell suites: TAP checks with a plan fixed up
# front, fixture trees shaped like /sys/kernel/debug/kvm (ABI v2) with a
# /proc beside them, and an exporter started on a free loopback port.
. tests/tap.sh

# snapshot VENDOR TSC_KHZ SCOPE "REASON NAME COUNT CYCLES"... : one v2 file,
# with a total row that adds up.
snapshot() {
	vendor=$1 khz=$2 scope=$3
	shift 3
	printf '# kvm exit statistics v2 vendor=%s tsc_khz=%s scope=%s cycles=on\n' \
		"$vendor" "$khz" "$scope"
	printf 'reason name count cycles\n'
	tc=0 ty=0
	for row in "$@"; do
		printf '%s\n' "$row"
		# shellcheck disable=SC2086
		set -- $row
		tc=$((tc + $3)) ty=$((ty + $4))
	done
	printf 'total - %s %s\n' "$tc" "$ty"
}

# put FILE CONTENT-COMMAND...: write a file atomically, as the kernel's
# reads are (a reader never sees half of it).
put() {
	file=$1
	shift
	mkdir -p "$(dirname "$file")"
	"$@" >"$file.new" && mv "$file.new" "$file"
}

# vm ROOT PROC PID FD NAME-CMDLINE NVCPUS: one VM directory with its vCPUs
# and a VMM process whose command line is given with '|' for the NULs.
vm() {
	root=$1 proc=$2 pid=$3 fd=$4 cmdline=$5 nvcpus=$6
	put "$root/$pid-$fd/exit_stats" snapshot svm 2995200 vm \
		"114 CPUID $((pid * 10)) $((pid * 1000))" "120 HLT $fd 5000"
	i=0
	while [ "$i" -lt "$nvcpus" ]; do
		put "$root/$pid-$fd/vcpu$i/exit_stats" snapshot svm 2995200 vcpu \
			"114 CPUID $((pid + i)) $((pid * 100 + i))"
		i=$((i + 1))
	done
	mkdir -p "$proc/$pid"
	printf '%s' "$cmdline" | tr '|' '\0' >"$proc/$pid/cmdline"
	printf 'qemu-system-x86\n' >"$proc/$pid/comm"
}

# start_exporter LOG ARGS...: the exporter on a free loopback port, in the
# background; sets exporter_pid and port (empty when it did not start).
start_exporter() {
	log=$1
	shift
	: >"$log"	# emptied here: the child's redirection may come late
	"$exporter" --listen 127.0.0.1:0 "$@" 2>>"$log" &
	exporter_pid=$!
	port=
	for _ in $(seq 50); do
		port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/metrics|\1|p' "$log")
		[ -n "$port" ] && return 0
		kill -0 "$exporter_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

stop_exporter() {
	[ -n "${exporter_pid:-}" ] && kill "$exporter_pid" 2>/dev/null &&
		wait "$exporter_pid" 2>/dev/null
	exporter_pid=
}

# scrape [CURL-ARGS...]: GET /metrics, bounded in time.
scrape() {
	curl -sS --max-time 5 "$@" "http://127.0.0.1:$port/metrics"
}

# The value of one sample line (exact name and labels) in FILE.
value() {	# value FILE 'name{labels}'
	# Through the environment: awk -v would take the backslashes as escapes.
	KEY=$2 awk 'substr($0, 1, length(ENVIRON["KEY"]) + 1) == ENVIRON["KEY"] " " { print $NF }' "$1"
}
