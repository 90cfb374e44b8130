# SPDX-License-Identifier: GPL-2.0-only
#
# The query-cost and memory measurements shared by bench/exit-overhead (SVM)
# and bench/exit-overhead-vmx; sourced, with per_exit and ratio defined.

# The configurations of the query table, "VCPUS OTHERS SCOPE TARGET": the
# asking VM's vCPUs, the other VMs that exist meanwhile (VMSxPER, or 0x0),
# kvm.exit_stats_guest, and the most a query may cost as a multiple of a
# leaf-0 CPUID exit in that configuration (issue 12).
query_configs=(
	"2 0x0 vm 1.03"
	"64 0x0 vm 1.3"
	"8 7x8 host 1.5"
)

# The lab command: for each configuration, a leaf-0 CPUID, a 0x4FFFFFFD
# query for REASON (the vendor's CPUID exit) and a 0x4FFFFFFF query, N exits
# each, every run in VMs made afresh whose every vCPU has run; then the size
# of the per-vCPU counter block's slab cache (boot with slub_nomerge, so
# that the cache is not merged with another of the same size).
query_script() { # query_script N REASON EXIT_COST
	local n=$1 reason=$2 bin=$3 config vcpus others scope target leaf
	for config in "${query_configs[@]}"; do
		read -r vcpus others scope target <<<"$config"
		echo "echo $scope > /sys/module/kvm/parameters/exit_stats_guest || exit 1"
		for leaf in 0 "0x4FFFFFFD -c $reason" 0x4FFFFFFF; do
			echo "$bin -v $vcpus -o $others -l $leaf $n || exit 1"
		done
	done
	echo 'echo "slab object_size=$(cat /sys/kernel/slab/kvm_exit_stats/object_size)" \
"slab_size=$(cat /sys/kernel/slab/kvm_exit_stats/slab_size)"'
}

# The Markdown rows of the query table from the lab's output.  A run whose
# sums did not cover the scope and vCPUs meant is an error, not a row.
query_rows() { # query_rows OUTPUT
	local config vcpus others scope target runs line base reason total
	local want_scope want_vcpus
	for config in "${query_configs[@]}"; do
		read -r vcpus others scope target <<<"$config"
		want_scope=$([ "$scope" = host ] && echo 2 || echo 1)
		want_vcpus=$((vcpus + ${others%x*} * ${others#*x}))
		runs=$(grep "^leaf=.* vcpus=$vcpus others=$others " <<<"$1")
		while read -r line; do
			grep -q " sum_scope=$want_scope sum_vcpus=$want_vcpus\( \|$\)" <<<"$line" || {
				echo "query-cost: expected sums over $want_vcpus vCPUs in scope $scope: $line" >&2
				return 1
			}
		done <<<"$runs"
		base=$(per_exit "$(grep 'leaf=0x00000000' <<<"$runs")")
		reason=$(per_exit "$(grep 'leaf=0x4ffffffd' <<<"$runs")")
		total=$(per_exit "$(grep 'leaf=0x4fffffff' <<<"$runs")")
		[ -n "$base" ] && [ -n "$reason" ] && [ -n "$total" ] || {
			echo "query-cost: missing runs for $config" >&2
			return 1
		}
		echo "| $scope | $vcpus | ${others/0x0/none} | $base | $reason | $(ratio "$reason" "$base") | $total | $(ratio "$total" "$base") | $target: $(verdict "$reason" "$total" "$base" "$target") |"
	done
}

query_header() {
	cat <<EOF
| scope | asking VM's vCPUs | other VMs (VMSxvCPUs) | leaf 0 | 0x4FFFFFFD (CPUID) | ratio | 0x4FFFFFFF | ratio | target |
|---|---|---|---|---|---|---|---|---|
EOF
}

# "met" when both queries cost at most TARGET times the leaf-0 exit.
verdict() { # verdict REASON TOTAL BASE TARGET
	awk -v r="$1" -v t="$2" -v b="$3" -v max="$4" \
		'BEGIN { print (r / b <= max && t / b <= max) ? "met" : "**not met**" }'
}

# The memory table: the slab object the lab reported, and what each module
# holds per CPU (its .data..percpu section), pristine against ours.
memory_table() { # memory_table OUTPUT VENDOR_MODULE
	local obj slab m
	obj=$(sed -n 's/^slab object_size=\([0-9]*\) .*/\1/p' <<<"$1")
	slab=$(sed -n 's/^slab .* slab_size=\([0-9]*\)$/\1/p' <<<"$1")
	cat <<EOF
| what | pristine | kvmexit |
|---|---|---|
| per vCPU: kmem_cache kvm_exit_stats, object_size (slab_size) | none | $obj bytes = $(awk -v b="$obj" 'BEGIN { printf "%.2f", b / 1024 }') KiB ($slab) |
EOF
	for m in kvm.ko "$2"; do
		echo "| per CPU: .data..percpu section of $m | $(percpu_bytes "build/kernel/pristine/modules/$m") bytes | $(percpu_bytes "build/kernel/modules/$m") bytes |"
	done
}

percpu_bytes() { size -A "$1" | awk '$1 == ".data..percpu" { n = $2 } END { print n + 0 }'; }
