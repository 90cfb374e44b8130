#!/bin/sh
# Machine output and numeric options in a German locale (a decimal comma):
# the locale is generated here with localedef (Debian's "locales"), then
# kvmexittop's batch, tree and log suites and its options unit test run
# under it, plus direct checks of -d, JSON, CSV and kvmexit-probe -w.
# LC_MESSAGES stays C so the suites' English messages still match.
# Usage: locale.sh KVMEXITTOP KVMEXIT-PROBE OPTIONS-UNIT-TEST
top=$1 probe=$2 options_test=$3
here=$(dirname "$0")
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 13
fixtures=tests/fixtures/stats

localedef -i de_DE -f UTF-8 "$tmp/de_DE.UTF-8" >"$tmp/localedef.log" 2>&1
ok $? "localedef makes de_DE.UTF-8 ($(tail -n 1 "$tmp/localedef.log"))"
de() { env -u LC_ALL LOCPATH="$tmp" LANG=de_DE.UTF-8 LC_MESSAGES=C "$@"; }
[ "$(de /usr/bin/printf '%.1f' 0.5)" = "0,5" ]
ok $? "the locale is in force: printf writes 0.5 as $(de /usr/bin/printf '%.1f' 0.5)"

de "$top" -b -n 1 -d 0.5 -f "$fixtures/svm-empty.txt" >/dev/null 2>"$tmp/err"
ok $? "-d 0.5 is accepted ($(cat "$tmp/err"))"
de "$top" -b -n 1 -d 0,5 -f "$fixtures/svm-empty.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 64 ] && grep -q 'from 0.1 to 3600' "$tmp/err"
ok $? "-d 0,5 is refused, and the range reads 0.1 ($(cat "$tmp/err"))"
de "$top" -b -n 2 -d 0.1 -o json -f "$fixtures/svm-abi-example.txt" >"$tmp/json" 2>&1
grep -q '"uptime":0\.[0-9]*,"interval":0\.[0-9]*,' "$tmp/json" &&
	! grep -Eq '":-?[0-9]+,[0-9]' "$tmp/json"
ok $? "JSON numbers have a decimal point, never a comma ($(head -c 120 "$tmp/json"))"
de "$top" -b -n 2 -d 0.1 -o csv -f "$fixtures/svm-abi-example.txt" >"$tmp/csv" 2>&1
[ "$(awk -F, '{ print NF }' "$tmp/csv" | sort -u)" = "15" ]
ok $? "every CSV line has the header's 15 fields"
grep -q ',0\.1[0-9]*,host,' "$tmp/csv"
ok $? "CSV uptime with a point"
de "$top" -L "$tmp/log" -o json -n 1 -d 0.1 -f "$fixtures/svm-abi-example.txt" 2>"$tmp/err"
grep -q '"interval":0\.1' "$tmp/log"
ok $? "the log's JSON too"
de "$probe" -w 0.5 -n 1 >/dev/null 2>"$tmp/err"
ok $(( $? != 2 )) "kvmexit-probe -w 0.5 is a valid interval (exit 2 only for no kvmexit host here)"

for suite in batch tree log; do
	de sh "$here/$suite.sh" "$top" >"$tmp/$suite.out" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$tmp/$suite.out") f=$(grep -c '^not ok ' "$tmp/$suite.out")
	ok $(( status != 0 || f != 0 )) "the $suite suite under de_DE.UTF-8: $p passed, $f failed"
	[ "$f" -eq 0 ] || grep '^not ok ' "$tmp/$suite.out" | sed 's/^/#   /'
done
de "$options_test" >"$tmp/options.out" 2>&1
status=$?
grep -q '^# locale: de_DE.UTF-8$' "$tmp/options.out" && [ $status -eq 0 ]
ok $? "the options unit test under de_DE.UTF-8: $(grep -c '^ok ' "$tmp/options.out") passed, $(grep -c '^not ok ' "$tmp/options.out") failed"
finish
