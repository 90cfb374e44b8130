#!/bin/sh
# kvmexit-exporter over HTTP on a loopback port: content negotiation, paths
# and methods, a host file that goes missing, comes back and goes bad while
# the exporter keeps serving, slow and half-open clients next to a normal
# scrape, the idle timeout and the connection limit, and 10,000 scrapes
# in a row without growing memory or descriptors.
# Usage: http.sh PATH-TO-KVMEXIT-EXPORTER
exporter=$1
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
holders=
trap 'for p in $holders; do kill $p 2>/dev/null; done; stop_exporter; rm -rf "$tmp"' EXIT
plan 32

om_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
root=$tmp/kvm proc=$tmp/proc
put "$root/exit_stats" snapshot svm 2995200 host "114 CPUID 900 90000" "120 HLT 5 500"
vm "$root" "$proc" 101 10 'qemu|-name|web|' 2
vm "$root" "$proc" 102 10 'qemu|-name|db|' 2
vm "$root" "$proc" 103 10 'qemu|-name|quo"te|' 2

start_exporter "$tmp/log" --root "$root" --proc "$proc" --per-vm --per-vcpu
ok $? "starts on a free loopback port and says where: port $port"

# --- formats, paths, methods
scrape -D "$tmp/headers" -o "$tmp/text"
grep -qi '^content-type: text/plain; version=0.0.4; charset=utf-8' "$tmp/headers" &&
	[ "$(value "$tmp/text" 'kvmexit_exits_total{reason="CPUID",code="0x072"}')" = 900 ]
ok $? "no Accept: text 0.0.4 with the host's counters"
promtool check metrics <"$tmp/text" >"$tmp/lint" 2>&1
ok $? "promtool check metrics clean on the served text: $(head -c 200 "$tmp/lint")"
scrape -H "Accept: $om_accept" -D "$tmp/headers" -o "$tmp/om"
grep -qi '^content-type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$tmp/headers"
ok $? "Prometheus's Accept: OpenMetrics 1.0"
[ "$(tail -n 1 "$tmp/om")" = '# EOF' ] && [ "$(grep -c '^# EOF' "$tmp/om")" = 1 ]
ok $? "OpenMetrics: ends with one # EOF"
grep -qx '# TYPE kvmexit_exits counter' "$tmp/om" &&
	grep -qx '# TYPE kvmexit_vm info' "$tmp/om" &&
	grep -qx '# UNIT kvmexit_handling_seconds seconds' "$tmp/om" &&
	grep -q '^kvmexit_exits_total{reason="CPUID",code="0x072"} 900$' "$tmp/om"
ok $? "OpenMetrics: counter families without _total, info type, units, _total samples"
# The same samples in both formats.
grep -v '^#' "$tmp/text" >"$tmp/a"; grep -v '^#' "$tmp/om" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b"
ok $? "the same samples in both formats"
curl -sS --max-time 5 -o "$tmp/body" -w '%{http_code}' "http://127.0.0.1:$port/" >"$tmp/code"
[ "$(cat "$tmp/code")" = 200 ] && grep -q 'href="/metrics"' "$tmp/body"
ok $? "/ links to /metrics"
curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/other" >"$tmp/code"
[ "$(cat "$tmp/code")" = 404 ]
ok $? "another path: 404 (got $(cat "$tmp/code"))"
curl -sS --max-time 5 -D "$tmp/headers" -o /dev/null -w '%{http_code}' -d x "http://127.0.0.1:$port/metrics" >"$tmp/code"
[ "$(cat "$tmp/code")" = 405 ] && grep -qi '^allow: GET, HEAD' "$tmp/headers"
ok $? "POST: 405 with Allow: GET, HEAD (got $(cat "$tmp/code"))"
curl -sS --max-time 5 -I -o "$tmp/headers" "http://127.0.0.1:$port/metrics"
grep -q '^HTTP/1.1 200' "$tmp/headers"
ok $? "HEAD /metrics: 200"

# --- the host file goes missing, comes back, goes bad: always 200
mv "$root/exit_stats" "$root/exit_stats.away"
for i in 1 2 3; do scrape -o "$tmp/m$i" -w '%{http_code}\n' >>"$tmp/codes"; done
[ "$(grep -c 200 "$tmp/codes")" = 3 ] && [ "$(value "$tmp/m3" kvmexit_up)" = 0 ]
ok $? "missing host file: 200 and kvmexit_up 0"
[ "$(value "$tmp/m1" kvmexit_scrape_errors_total)" = 1 ] && [ "$(value "$tmp/m3" kvmexit_scrape_errors_total)" = 3 ]
ok $? "missing host file: the error counter counts each scrape (1, then 3)"
[ "$(grep -c 'exit_stats: no such file' "$tmp/log")" = 1 ]
ok $? "missing host file: said once on stderr, not at every scrape"
[ -n "$(value "$tmp/m3" 'kvmexit_vm_exits_total{vm="web",reason="CPUID",code="0x072"}')" ]
ok $? "missing host file: the VMs are still served"
mv "$root/exit_stats.away" "$root/exit_stats"
scrape -o "$tmp/back"
[ "$(value "$tmp/back" kvmexit_up)" = 1 ] && grep -q 'exit_stats: readable again' "$tmp/log"
ok $? "file back: kvmexit_up 1, and stderr says so"
printf '# kvm exit statistics v2 vendor=svm\n' >"$root/exit_stats"
scrape -o "$tmp/bad"
[ "$(value "$tmp/bad" kvmexit_up)" = 0 ] && grep -q 'exit_stats: line 1: ' "$tmp/log"
ok $? "malformed host file: kvmexit_up 0, the line on stderr"
put "$root/exit_stats" snapshot svm 2995200 host "114 CPUID 7 700"
scrape -o "$tmp/reset"
[ "$(value "$tmp/reset" 'kvmexit_exits_total{reason="CPUID",code="0x072"}')" = 7 ] &&
	! grep -q '^kvmexit_exits_total{reason="HLT"' "$tmp/reset"
ok $? "after a reset: the smaller counter as it is, the zero row gone"

# --- slow and half-open clients do not hold the others up
half_open() {	# a request that never ends; prints the seconds until closed
	bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		 printf "GET /metrics HTTP/1.1\r\nHost: x\r\n" >&3
		 start=$(date +%s); cat <&3 >/dev/null; echo $(( $(date +%s) - start ))' _ "$port"
}
half_open >"$tmp/closed-after" &
holders="$holders $!"
for i in $(seq 1 20); do half_open >/dev/null & holders="$holders $!"; done
# Slow readers of the biggest answer (per vCPU), 200 bytes per second.
for i in 1 2 3; do
	curl -s --max-time 30 --limit-rate 200 -o /dev/null "http://127.0.0.1:$port/metrics" &
	holders="$holders $!"
done
sleep 1
scrape -o "$tmp/busy" -w '%{time_total}\n' >"$tmp/time"
awk '{ exit !($1 < 1.0) }' "$tmp/time" && [ "$(value "$tmp/busy" kvmexit_up)" = 1 ]
ok $? "21 half-open and 3 slow clients: a scrape still answers in $(cat "$tmp/time") s (< 1 s)"
wait_for() {	# wait_for SECONDS FILE: until FILE is not empty
	for _ in $(seq 1 $(($1 * 10))); do [ -s "$2" ] && return 0; sleep 0.1; done
	return 1
}
wait_for 20 "$tmp/closed-after"
t=$(cat "$tmp/closed-after")
[ -n "$t" ] && [ "$t" -ge 9 ] && [ "$t" -le 13 ]
ok $? "a half-open client is dropped after the 10 s timeout (after $t s)"

# --- the connection limit: a flood takes 64 slots at most, then clears
for i in $(seq 1 80); do half_open >/dev/null & holders="$holders $!"; done
sleep 2
fds=$(ls /proc/"$exporter_pid"/fd | wc -l)
[ "$fds" -le 74 ]
ok $? "80 more half-open clients: the exporter holds $fds descriptors (64 connections + its own)"
kill -0 "$exporter_pid"
ok $? "the exporter survives the flood"
sleep 11
scrape -o "$tmp/after" -w '%{http_code}' >"$tmp/code"
[ "$(cat "$tmp/code")" = 200 ]
ok $? "after the timeout the slots are free again: 200"
for p in $holders; do kill "$p" 2>/dev/null; done
holders=

# --- 10,000 scrapes in a row: memory and descriptors do not grow
config() {	# config N: curl config for N scrapes, half text, half OpenMetrics
	i=0
	while [ $i -lt "$1" ]; do
		printf 'url = "http://127.0.0.1:%s/metrics"\noutput = "/dev/null"\n' "$port"
		i=$((i + 1))
	done
}
rss() { awk '/^VmRSS:/ { print $2 }' /proc/"$exporter_pid"/status; }
config 1000 >"$tmp/warm.cfg"
curl -s --max-time 60 -K "$tmp/warm.cfg" -w '%{http_code}\n' >"$tmp/warm.codes"
rss_before=$(rss) fds_before=$(ls /proc/"$exporter_pid"/fd | wc -l)
config 5000 >"$tmp/run.cfg"
curl -s --max-time 120 -K "$tmp/run.cfg" -w '%{http_code}\n' >"$tmp/run1.codes"
curl -s --max-time 120 -H "Accept: $om_accept" -K "$tmp/run.cfg" -w '%{http_code}\n' >"$tmp/run2.codes"
rss_after=$(rss) fds_after=$(ls /proc/"$exporter_pid"/fd | wc -l)
[ "$(cat "$tmp/run1.codes" "$tmp/run2.codes" | grep -c '^200$')" = 10000 ]
ok $? "10,000 scrapes (5,000 text, 5,000 OpenMetrics): all 200"
if [ -n "${KVMEXIT_SANITIZED:-}" ]; then
	skip "10,000 scrapes: RSS at most 256 kB more" \
		"ASan keeps freed memory in quarantine ($rss_before kB, then $rss_after kB)"
else
	[ $((rss_after - rss_before)) -le 256 ]
	ok $? "10,000 scrapes: RSS $rss_before kB before, $rss_after kB after (at most 256 kB more)"
fi
[ "$fds_after" -le "$fds_before" ]
ok $? "10,000 scrapes: descriptors $fds_before before, $fds_after after"
scrape -o "$tmp/last"
[ "$(value "$tmp/last" kvmexit_up)" = 1 ] && [ "$(value "$tmp/last" kvmexit_scrape_errors_total)" = 4 ]
ok $? "after them: up, and no new errors (4, from the missing and bad file)"

# --- IPv6 loopback, where the machine has it
"$exporter" --listen '[::1]:0' --root "$root" 2>"$tmp/log6" &
pid6=$!
for _ in $(seq 30); do grep -q serving "$tmp/log6" && break; sleep 0.1; done
port6=$(sed -n 's|.*serving http://\[::1\]:\([0-9]*\)/metrics|\1|p' "$tmp/log6")
if [ -n "$port6" ]; then
	curl -sS -g --max-time 5 -o "$tmp/v6" "http://[::1]:$port6/metrics"
	[ "$(value "$tmp/v6" kvmexit_up)" = 1 ]
	ok $? "--listen [::1]:0 serves over IPv6"
elif grep -q 'cannot listen on \[::1\]:0: Cannot assign requested address' "$tmp/log6"; then
	skip "--listen [::1]:0 serves over IPv6" "no IPv6 loopback on this machine"
else
	ok 1 "--listen [::1]:0 serves over IPv6: $(head -c 200 "$tmp/log6")"
fi
kill "$pid6" 2>/dev/null
wait "$pid6" 2>/dev/null

# --- another exporter on the same address: refused with the reason
"$exporter" --listen "127.0.0.1:$port" --root "$root" 2>"$tmp/err2"
ok $(( $? != 1 )) "an address in use: exit 1"
grep -q "cannot listen on 127.0.0.1:$port: Address already in use" "$tmp/err2"
ok $? "an address in use: says so"
kill "$exporter_pid"
wait "$exporter_pid"
ok $? "SIGTERM: exit 0"
exporter_pid=
grep -v -e 'serving http' -e 'no such file' -e 'readable again' -e 'line 1: ' "$tmp/log" >"$tmp/other"
[ ! -s "$tmp/other" ]
ok $? "nothing else on stderr: $(head -c 200 "$tmp/other")"
finish
