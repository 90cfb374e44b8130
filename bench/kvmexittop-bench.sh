#!/bin/bash
# On-demand bench of kvmexittop (make bench-kvmexittop; not part of check):
# CPU time per frame and peak RSS with a 200-row file rewritten every frame,
# in batch mode (text to /dev/null) and in the live view (tmux, 200x60 and
# 200x210, where all 200 rows are on screen).  Given a second binary, its
# live view is measured too, side by side (docs/performance.md compares the
# view with and without its cell canvas this way, at commit 9647189).
# Targets (issue 14): <= 2 ms CPU per frame at 200 rows, <= 4 MiB RSS.
# Usage: bench/kvmexittop-bench.sh PATH-TO-KVMEXITTOP [PLAIN-KVMEXITTOP] [FRAMES]
set -e
top=$(realpath "$1")
plain=${2:+$(realpath "$2")}
frames=${3:-100}
tmp=$(mktemp -d)
trap 'kill $writer 2>/dev/null; tmux -L kvmexittop-bench kill-server 2>/dev/null; rm -rf "$tmp"; true' EXIT
f=$tmp/exit_stats

write_snapshot() {	# 200 rows whose counts grow with $1
	awk -v i="$1" 'BEGIN {
		print "# kvm exit statistics v2 vendor=svm tsc_khz=2995200 scope=host cycles=on"
		print "reason name count cycles"
		for (r = 0; r < 200; r++) {
			c = (r + 1) * 1000 * i + 1; y = c * 3000
			printf "%d R%d %d %d\n", r, r, c, y; tc += c; ty += y
		}
		printf "total - %d %d\n", tc, ty
	}' >"$f.new"
	mv "$f.new" "$f"
}
write_snapshot 1
( i=1; while :; do i=$((i + 1)); write_snapshot $i; sleep 0.05; done ) &
writer=$!


echo "kvmexittop bench: 200 rows, $frames frames at -d 0.1"
/usr/bin/time -f "%U %S %M" -o "$tmp/time" "$top" -b -n "$frames" -d 0.1 -f "$f" >/dev/null
read -r user sys rss <"$tmp/time"
awk -v u="$user" -v s="$sys" -v r="$rss" -v n="$frames" 'BEGIN {
	printf "batch text: %.3f ms CPU per frame (%.2f s user + %.2f s sys / %d), peak RSS %.2f MiB\n",
	       (u + s) * 1000 / n, u, s, n, r / 1024 }'

live() {	# live LABEL BINARY LINES: one live-view run in tmux, 200 columns
	tmux -L kvmexittop-bench -f /dev/null new-session -d -x 200 -y "$3" \
		"env TERM=screen LANG=C.UTF-8 /usr/bin/time -f '%U %S %M' -o $tmp/time.tui $2 -n $frames -d 0.1 -f $f"
	while tmux -L kvmexittop-bench has-session 2>/dev/null; do sleep 0.2; done
	read -r user sys rss <"$tmp/time.tui"
	awk -v u="$user" -v s="$sys" -v r="$rss" -v n="$frames" -v l="$1" -v y="$3" 'BEGIN {
		printf "live view, %s (200x%d): %.3f ms CPU per frame (%.2f s user + %.2f s sys / %d), peak RSS %.2f MiB\n",
		       l, y, (u + s) * 1000 / n, u, s, n, r / 1024 }'
}
for lines in 60 210; do
	live "$(basename "$top")" "$top" $lines
	[ -n "$plain" ] && live "$plain" "$plain" $lines
done
exit 0
