# SPDX-License-Identifier: GPL-2.0-only
#
# The query-cost measurement shared by bench/exit-overhead (SVM) and
# bench/exit-overhead-vmx; sourced, with per_exit and ratio defined.

# The lab command for one row: each of the CPUS CPUs first runs a one-exit
# VM, so that it is in the sums (they run over the CPUs that ever loaded a
# vCPU); then a leaf-0 CPUID, a 0x4FFFFFFD query for REASON (the vendor's
# CPUID exit) and a 0x4FFFFFFF query, N exits each, on CPU 0.
query_script() { # query_script CPUS N REASON EXIT_COST
	local cpus=$1 n=$2 reason=$3 bin=$4
	cat <<SCRIPT
c=0
while [ \$c -lt $cpus ]; do
	taskset -c \$c $bin -l 0 -w 1 -b 1 1 >/dev/null || exit 1
	c=\$((c + 1))
done
taskset -c 0 $bin -l 0 $n
taskset -c 0 $bin -l 0x4FFFFFFD -c $reason $n
taskset -c 0 $bin -l 0x4FFFFFFF $n
SCRIPT
}

# The Markdown row of a run's output: CPUs, then ticks and ratios.
query_row() { # query_row CPUS OUTPUT
	local base reason total
	base=$(per_exit "$(grep 'leaf=0x00000000' <<<"$2")")
	reason=$(per_exit "$(grep 'leaf=0x4ffffffd' <<<"$2")")
	total=$(per_exit "$(grep 'leaf=0x4fffffff' <<<"$2")")
	echo "| $1 | $base | $reason | $(ratio "$reason" "$base") | $total | $(ratio "$total" "$base") |"
}
