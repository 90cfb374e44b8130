#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The series' kernel Documentation (patch 0008): the three files it changes
# are still valid reStructuredText for docutils (python3-docutils), and they
# document what the series' code defines: the leaves, the capability, the
# stats fd's arrays and the module parameters.
cd "$(dirname "$0")/../.." || exit 1
. tests/tap.sh
plan 7
check() { ok "$1" "kernel docs: $2"; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
api=Documentation/virt/kvm/api.rst
cpuid=Documentation/virt/kvm/x86/cpuid.rst
params=Documentation/admin-guide/kernel-parameters.txt
# The series without its cover letter (no diff), as absolute paths.
patches=""
for p in kernel/patches/*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patches="$patches $PWD/$p"
done

# The pristine files, and the same with the series' Documentation hunks.
src=$(kernel/kvmexit-kernel paths | sed -n 's/^src=//p')
for d in pristine patched; do
	for f in $api $cpuid $params; do
		mkdir -p "$scratch/$d/$(dirname "$f")"
		cp "$src/$f" "$scratch/$d/$f" 2>/dev/null
	done
done
# shellcheck disable=SC2086
(cd "$scratch/patched" && git apply --include='Documentation/*' $patches) 2>"$scratch/apply.err"
check $? "the series' Documentation hunks apply to the pristine files ($(head -c 200 "$scratch/apply.err"))"

# messages FILE: docutils' warnings and errors for FILE (report level 2),
# without the line numbers, which move when text is added above them; the
# parsed document goes to FILE.xml.
messages() {
	rst2pseudoxml --report=2 --halt=5 --input-encoding=utf-8 "$1" "$1.xml" 2>&1 |
		sed -n 's/^[^ ]*:[0-9]*: \(([A-Z]*\/[0-9])\)/\1/p'
}
for d in pristine patched; do
	messages "$scratch/$d/$cpuid" >"$scratch/$d.cpuid.msg"
	messages "$scratch/$d/$api" >"$scratch/$d.api.msg"
	# kernel-parameters.rst takes the .txt in as a literal block: that is
	# how the documentation build reads it.
	printf '.. include:: kernel-parameters.txt\n   :literal:\n' >"$scratch/$d/$(dirname $params)/wrapper.rst"
	messages "$scratch/$d/$(dirname $params)/wrapper.rst" >"$scratch/$d.params.msg"
done

[ ! -s "$scratch/patched.cpuid.msg" ]
check $? "x86/cpuid.rst: no docutils warning or error ($(head -c 300 "$scratch/patched.cpuid.msg"))"
# 6.12's api.rst has one error of its own under docutils 0.19 (a quirks
# table whose newer rows lost the leading space): the series adds none.
cmp -s "$scratch/pristine.api.msg" "$scratch/patched.api.msg"
check $? "api.rst: no docutils message the pristine file does not have (pristine: $(tr '\n' ' ' <"$scratch/pristine.api.msg"); patched: $(tr '\n' ' ' <"$scratch/patched.api.msg"))"
[ ! -s "$scratch/patched.params.msg" ]
check $? "kernel-parameters.txt included as kernel-parameters.rst does (:literal:): no docutils message ($(head -c 300 "$scratch/patched.params.msg"))"

# added PATTERN: the lines the series adds (to any file) matching PATTERN.
# shellcheck disable=SC2086
added() { cat $patches | sed -n 's/^+\([^+]\)/\1/p' | grep -E "$1"; }

# Every leaf the series defines has a "function:" entry with its number, in
# a section of the parsed document.
bad="" c=0
for leaf in $(added '^#define KVM_EXIT_STATS_LEAF_' | awk '{ print $2 "=" $3 }'); do
	name=${leaf%=*} value=$(echo "${leaf#*=}" | tr a-f A-F | sed 's/^0X/0x/')
	c=$((c + 1))
	grep -q "^function: $name ($value)" "$scratch/patched/$cpuid" || bad="$bad $name"
done
grep -q '<section ids="exit-statistics-leaves"' "$scratch/patched/$cpuid.xml" || bad="$bad (no section)"
[ $c = 6 ] && [ -z "$bad" ]
check $? "x86/cpuid.rst: a section documents each of the $c leaves the series defines, by name and number (missing:${bad:- none})"

# The capability: its own section in api.rst's section 7, with the number
# the uapi header gives it; the stats fd's two arrays by the names the code
# gives them.
cap=$(added '^#define KVM_CAP_X86_EXIT_STATS ' | awk '{ print $3 }')
descs=$(added 'exit_stats_fd_set_desc\(' | sed -n 's/.*"\([a-z_]*\)".*/\1/p' | tr '\n' ' ')
bad=""
grep -q '<section ids="kvm-cap-x86-exit-stats" names="7.37\\ kvm_cap_x86_exit_stats">' \
	"$scratch/patched/$api.xml" || bad="$bad (no section 7.37)"
sed -n '/^7.37 KVM_CAP_X86_EXIT_STATS/,/^8\. /p' "$scratch/patched/$api" | grep -q "number for it, $cap," ||
	bad="$bad (number $cap)"
for d in $descs; do
	grep -A 1 '<literal>' "$scratch/patched/$api.xml" | grep -q "^ *$d\$" || bad="$bad $d"
done
[ -n "$cap" ] && [ "$descs" = "exits_by_reason exit_cycles_by_reason " ] && [ -z "$bad" ]
check $? "api.rst: KVM_CAP_X86_EXIT_STATS ($cap) in section 7.37, and the stats fd's arrays ($descs) (missing:${bad:- none})"

# The module parameters: an entry for each one the series adds to kvm.ko,
# in the file's format (a tab, the name and '='; a body indented by three
# tabs; 80 columns with tabs of 8).
bad="" c=0
for p in $(added '^module_param(_cb)?\(' | sed 's/^module_param[a-z_]*(\([a-z_]*\),.*/\1/'); do
	c=$((c + 1))
	awk -v e="	kvm.$p=" '
		$0 == e { found = 1; next }
		found && /^$/ { exit !(body > 0) }
		found { if ($0 !~ /^\t\t\t[^\t]/) exit 1; body++ }
		END { if (!found) exit 1 }' "$scratch/patched/$params" || bad="$bad kvm.$p"
done
wide=$(diff "$scratch/pristine/$params" "$scratch/patched/$params" | sed -n 's/^> //p' | expand | awk 'length($0) > 80' | wc -l)
[ $c = 2 ] && [ -z "$bad" ] && [ "$wide" = 0 ]
check $? "kernel-parameters.txt: an entry in the file's format for each of the $c parameters the series adds (bad:${bad:- none}; added lines over 80 columns: $wide)"
finish
