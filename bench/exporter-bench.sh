#!/bin/bash
# On-demand bench of kvmexit-exporter (make bench-exporter; not in check):
# a tree of 1000 VMs x 30 active reasons, each VM with 4 vCPUs, and the CPU
# time and RSS of one scrape with --per-vm, then with --per-vcpu.
# Target (issue 15): with --per-vm, <= 50 ms CPU and <= 10 MiB RSS.
# CPU comes from /proc/PID/stat (10 ms ticks), so it is the mean over
# SCRAPES scrapes after a first one; RSS is the peak (VmHWM) after them.
# Usage: bench/exporter-bench.sh PATH-TO-KVMEXIT-EXPORTER [SCRAPES]
set -eu
exporter=$(realpath "$1")
scrapes=${2:-50}
vms=1000 vcpus=4 reasons=30
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; true' EXIT
root=$tmp/kvm proc=$tmp/proc

echo "kvmexit-exporter bench: $vms VMs x $reasons reasons, $vcpus vCPUs each"
# The tree in one awk: VM p-10 is QEMU pid p named vm-p; the SVM codes are
# the 16 exceptions 0x040-0x04f and 14 of 0x060-0x06d, all named by
# lib/exit_reasons (the files say UNKNOWN, as for reasons the kernel's
# table lacks, which is the slower path).
seq 1 $vms | awk -v r="$root" -v p="$proc" -v n=$vcpus '{
	pid = 1000 + $1; print r "/" pid "-10"; print p "/" pid
	for (c = 0; c < n; c++) print r "/" pid "-10/vcpu" c }' | xargs mkdir -p
awk -v r="$root" -v p="$proc" -v vms=$vms -v n=$vcpus -v reasons=$reasons 'BEGIN {
	for (i = 0; i < 16; i++) code[i] = 64 + i
	for (i = 16; i < reasons; i++) code[i] = 96 + i - 16
	for (v = 1; v <= vms; v++) {
		pid = 1000 + v
		for (c = -1; c < n; c++) {
			f = r "/" pid "-10" (c < 0 ? "" : "/vcpu" c) "/exit_stats"
			printf "# kvm exit statistics v2 vendor=svm tsc_khz=2995200 scope=%s cycles=on\n", \
				(c < 0 ? "vm" : "vcpu") > f
			print "reason name count cycles" > f
			tc = 0; ty = 0
			for (i = 0; i < reasons; i++) {
				cnt = (v * 31 + i) * 1000 + c + 2; cyc = cnt * 2917
				printf "%d UNKNOWN %d %d\n", code[i], cnt, cyc > f
				tc += cnt; ty += cyc
			}
			printf "total - %d %d\n", tc, ty > f
			close(f)
		}
		printf "qemu-system-x86_64%c-name%cguest=vm-%d,debug-threads=on%c", 0, 0, v, 0 > (p "/" pid "/cmdline")
		close(p "/" pid "/cmdline")
	}
	f = r "/exit_stats"
	print "# kvm exit statistics v2 vendor=svm tsc_khz=2995200 scope=host cycles=on" > f
	print "reason name count cycles" > f
	for (i = 0; i < reasons; i++) printf "%d UNKNOWN %d %d\n", code[i], 1000 + i, 2917000 + i > f
	printf "total - %d %d\n", reasons * 1000 + reasons * (reasons - 1) / 2, reasons * 2917000 + reasons * (reasons - 1) / 2 > f
}'

ticks() { awk '{ print $14 + $15 }' /proc/"$pid"/stat; }
kib() { awk -v k="$1:" '$1 == k { print $2 }' /proc/"$pid"/status; }

measure() {	# measure LABEL OPTIONS...
	label=$1
	shift
	: >"$tmp/log"	# emptied here: the child's redirection may come late
	"$exporter" --listen 127.0.0.1:0 --root "$root" --proc "$proc" "$@" 2>>"$tmp/log" &
	pid=$!
	port=
	for _ in $(seq 50); do
		port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/metrics|\1|p' "$tmp/log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	url=http://127.0.0.1:$port/metrics
	idle=$(kib VmRSS)
	t0=$(ticks)
	curl -sS -o "$tmp/first" "$url"
	t1=$(ticks)
	for _ in $(seq 2 "$scrapes"); do curl -sS -o /dev/null "$url"; done
	t2=$(ticks)
	hwm=$(kib VmHWM) rss=$(kib VmRSS)
	bytes=$(wc -c <"$tmp/first") samples=$(grep -vc '^#' "$tmp/first")
	errors=$(awk '$1 == "kvmexit_scrape_errors_total" { print $2 }' "$tmp/first")
	kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	awk -v l="$label" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v n="$scrapes" \
	    -v idle="$idle" -v hwm="$hwm" -v rss="$rss" -v b="$bytes" -v s="$samples" -v e="$errors" 'BEGIN {
		printf "| %s | %.1f ms | %.1f ms | %.2f MiB | %.2f MiB | %.2f MiB | %.2f MB, %d samples, %s errors |\n",
		       l, (t1 - t0) * 10, (t2 - t1) * 10 / (n - 1), hwm / 1024, idle / 1024, rss / 1024, b / 1e6, s, e }'
}

echo
echo "| scrape | CPU, first scrape | CPU per scrape (mean of $((scrapes - 1))) | peak RSS | RSS idle | RSS after | answer |"
echo "|---|---|---|---|---|---|---|"
measure "host only" 
measure "--per-vm" --per-vm
measure "--per-vcpu" --per-vcpu
measure "--per-vm --per-vcpu" --per-vm --per-vcpu
