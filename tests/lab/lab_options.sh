#!/bin/sh
# lab/run's options for the emulated host itself: --append MODULE.PARAM=VALUE
# reaches the kvm_amd module (lab/init passes it to insmod), and --qemu-cpu
# reaches the emulator (without vGIF in the CPU, kvm_amd cannot use it),
# and a KVMEXIT_LAB_QEMU that names no program stops it.  Three SVM lab
# boots.  Usage: lab_options.sh  (from the repository)
n=0 failed=0
echo "1..4"	# the plan: the checks below (tests/README.md)
check() { # check STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - lab options: $2"; else echo "not ok $n - lab options: $2"; failed=1; fi
}
vgif() { lab/run --vendor svm --timeout 300 "$@" -- cat /sys/module/kvm_amd/parameters/vgif 2>&1 | tail -n 1; }

out=$(vgif)
[ "$out" = 1 ]
check $? "by default kvm_amd uses the emulated CPU's vGIF (vgif reads '$out', 1 expected)"
out=$(vgif --append kvm_amd.vgif=0)
[ "$out" = 0 ]
check $? "--append kvm_amd.vgif=0 reaches the module (vgif reads '$out', 0 expected)"
out=$(vgif --qemu-cpu max,-vgif)
[ "$out" = 0 ]
check $? "--qemu-cpu max,-vgif takes vGIF from the CPU (vgif reads '$out', 0 expected)"
out=$(KVMEXIT_LAB_QEMU=/nonexistent/qemu lab/run --vendor svm -- true 2>&1); rc=$?
[ $rc = 125 ] && [ "$out" = "lab/run: KVMEXIT_LAB_QEMU=/nonexistent/qemu is not an executable file" ]
check $? "KVMEXIT_LAB_QEMU naming no program: exit 125 before any boot (rc=$rc, '$out')"
exit $failed
