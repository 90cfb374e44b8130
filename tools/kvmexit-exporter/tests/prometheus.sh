#!/bin/sh
# kvmexit-exporter scraped by a real Prometheus server (Debian's package) on
# 127.0.0.1, every second: a fixture writer grows CPUID exits at a known
# rate, and Prometheus's HTTP API must give that rate within 10%; a reset of
# the counters must not make the rate negative.  A second exporter serves
# hostile VM names, which must reach Prometheus intact through OpenMetrics.
# Bounded: everything it starts is killed on exit; about 35 s.
# Usage: prometheus.sh PATH-TO-KVMEXIT-EXPORTER
exporter=$1
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
writer_pid= prom_pid= hostile_pid=
cleanup() {
	for p in $writer_pid $prom_pid $hostile_pid; do kill "$p" 2>/dev/null; done
	stop_exporter
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
plan 11

RATE=5000	# CPUID exits per second the writer adds

if ! command -v prometheus >/dev/null; then
	for i in $(seq 1 11); do skip "check $i" "no prometheus (make deps-test installs it)"; done
	finish
fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The writer: count = offset + RATE * (now - epoch), rewritten every 50 ms;
# $tmp/epoch holds "EPOCH-MS OFFSET" and a reset rewrites it.
echo "$(now_ms) 1000000" >"$tmp/epoch"
(
	while :; do
		read -r epoch offset <"$tmp/epoch"
		count=$((offset + RATE * ($(now_ms) - epoch) / 1000))
		put "$tmp/exit_stats" snapshot svm 2995200 host \
			"114 CPUID $count $((count * 3000))" "120 HLT 1 100"
		sleep 0.05
	done
) &
writer_pid=$!

start_exporter "$tmp/exporter.log" --file "$tmp/exit_stats"
rate_port=$port
rate_pid=$exporter_pid

# Hostile names, per VM and per vCPU, from a second exporter.
root=$tmp/kvm proc=$tmp/proc
put "$root/exit_stats" snapshot svm 2995200 host "114 CPUID 900 90000"
vm "$root" "$proc" 101 10 'qemu|-name|quo"te|' 1
vm "$root" "$proc" 102 10 'qemu|-name|back\slash|' 1
vm "$root" "$proc" 103 10 'qemu|-name|"} 1\n# EOF|' 1
start_exporter "$tmp/hostile.log" --root "$root" --proc "$proc" --per-vm --per-vcpu
hostile_port=$port hostile_pid=$exporter_pid
exporter_pid=$rate_pid
[ -n "$rate_port" ] && [ -n "$hostile_port" ]
ok $? "two exporters serving on 127.0.0.1:$rate_port and :$hostile_port"

cat >"$tmp/prometheus.yml" <<END
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
scrape_configs:
  - job_name: rate
    static_configs: [ { targets: ['127.0.0.1:$rate_port'] } ]
  - job_name: hostile
    static_configs: [ { targets: ['127.0.0.1:$hostile_port'] } ]
END
# A free port for Prometheus: tried, since it cannot report a port 0.
for try in 1 2 3 4 5; do
	prom_port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
	timeout 120 prometheus --config.file="$tmp/prometheus.yml" \
		--storage.tsdb.path="$tmp/data$try" \
		--web.listen-address="127.0.0.1:$prom_port" \
		--log.level=warn >"$tmp/prometheus.log" 2>&1 &
	prom_pid=$!
	for _ in $(seq 1 100); do
		curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$prom_port/-/ready" && break
		kill -0 "$prom_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$prom_pid" 2>/dev/null && break
done
curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$prom_port/-/ready"
ok $? "Prometheus ready on 127.0.0.1:$prom_port: $(tail -c 300 "$tmp/prometheus.log")"

api() {	# api ENDPOINT QUERY [CURL-ARGS...]: the JSON answer
	endpoint=$1 query=$2
	shift 2
	curl -sS --max-time 5 -G "http://127.0.0.1:$prom_port/api/v1/$endpoint" \
		--data-urlencode "query=$query" "$@"
}
# The values of an instant query's answer, one per line.
values() { sed 's/"value":\[[0-9.]*,"\([^"]*\)"\]/\n@\1\n/g' | sed -n 's/^@//p'; }

# Wait until the series fills the 10 s window (10 samples), at most 25 s.
filled() {
	api query 'count_over_time(kvmexit_exits_total{job="rate",reason="CPUID"}[10s])' |
		values | awk '$1 >= 10 { full = 1 } END { exit !full }'
}
for _ in $(seq 1 50); do filled && break; sleep 0.5; done
api query 'up' >"$tmp/up.json"
[ "$(values <"$tmp/up.json" | grep -c '^1$')" = 2 ]
ok $? "both targets up (OpenMetrics parsed): $(head -c 300 "$tmp/up.json")"
api query 'rate(kvmexit_exits_total{reason="CPUID"}[10s])' >"$tmp/rate.json"
r=$(sed 's/},{/}\n{/g' "$tmp/rate.json" | grep '"job":"rate"' | values)
[ -n "$r" ] && awk -v r="$r" -v want=$RATE 'BEGIN { d = r - want; if (d < 0) d = -d; exit !(d <= want * 0.1) }'
ok $? "rate(kvmexit_exits_total{reason=\"CPUID\"}[10s]) = $r, known rate $RATE (within 10%)"
# Units exist only in OpenMetrics: their metadata proves the format used.
curl -sS --max-time 5 -G "http://127.0.0.1:$prom_port/api/v1/targets/metadata" \
	--data-urlencode 'match_target={job="rate"}' \
	--data-urlencode 'metric=kvmexit_handling_seconds' >"$tmp/meta.json"
grep -q '"type":"counter"' "$tmp/meta.json" && grep -q '"unit":"seconds"' "$tmp/meta.json"
ok $? "Prometheus scraped OpenMetrics (the family's unit is known): $(head -c 300 "$tmp/meta.json")"
api query 'kvmexit_exits_total{job="rate",reason="CPUID",code="0x072"}' >"$tmp/series.json"
grep -q '"__name__":"kvmexit_exits_total"' "$tmp/series.json"
ok $? "the series keeps its name and labels in Prometheus"

# The reset: counters drop from about 1,000,000 + 60,000 to 0 and grow again.
reset_s=$(date +%s)
echo "$(now_ms) 0" >"$tmp/epoch"
sleep 8
api query_range 'rate(kvmexit_exits_total{job="rate",reason="CPUID"}[10s])' \
	--data-urlencode "start=$((reset_s - 1))" --data-urlencode "end=$(date +%s)" \
	--data-urlencode "step=1" >"$tmp/range.json"
tr -d '[]' <"$tmp/range.json" | grep -o '"[0-9.e+-]*"' | tr -d '"' >"$tmp/range"
[ "$(grep -c '' "$tmp/range")" -ge 7 ] && awk '$1 < 0 { bad = 1 } END { exit bad }' "$tmp/range"
ok $? "around the reset, the rate never turns negative: $(tr '\n' ' ' <"$tmp/range")"
api query 'resets(kvmexit_exits_total{job="rate",reason="CPUID"}[20s])' >"$tmp/resets.json"
[ "$(values <"$tmp/resets.json")" -ge 1 ] 2>/dev/null
ok $? "Prometheus saw a counter reset: $(values <"$tmp/resets.json")"
api query 'rate(kvmexit_exits_total{job="rate",reason="CPUID"}[5s])' >"$tmp/rate2.json"
r2=$(values <"$tmp/rate2.json")
[ -n "$r2" ] && awk -v r="$r2" -v want=$RATE 'BEGIN { d = r - want; if (d < 0) d = -d; exit !(d <= want * 0.1) }'
ok $? "after the reset the rate is the known one again: $r2"

# Hostile names, as Prometheus stored them (JSON-escaped in its answer).
api query 'kvmexit_vm_info{job="hostile"}' >"$tmp/info.json"
grep -qF '"vm":"quo\"te"' "$tmp/info.json" && grep -qF '"vm":"back\\slash"' "$tmp/info.json" &&
	grep -qF '"vm":"\"} 1\\n# EOF"' "$tmp/info.json"
ok $? "hostile VM names arrive intact: $(head -c 400 "$tmp/info.json")"
api query 'count(kvmexit_vcpu_exits_total{job="hostile"})' >"$tmp/count.json"
[ "$(values <"$tmp/count.json")" = 3 ]
ok $? "and their per-vCPU series: $(values <"$tmp/count.json") of 3"
finish
