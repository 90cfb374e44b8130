/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fallback for kernels without the kvmexit series: count exits with a
 * tracefs hist trigger on kvm:kvm_exit, keyed by exit reason, ISA (VMX or
 * SVM) and the vCPU thread's pid.  Counts only: no cycles.  The trigger is
 * the machine's, not ours alone, so it is removed on every way out
 * (tracepoint_stop(), which source_free() calls).
 */
#ifndef KVMEXITTOP_TRACEPOINT_H
#define KVMEXITTOP_TRACEPOINT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What kvmexittop writes to events/kvm/kvm_exit/trigger. */
#define TRACEPOINT_TRIGGER \
	"hist:keys=exit_reason,isa,common_pid:vals=hitcount:size=8192"

/* The kvm_exit tracepoint's isa field (arch/x86/kvm/trace.h). */
#define TRACEPOINT_ISA_VMX 1
#define TRACEPOINT_ISA_SVM 2

struct tracepoint_count {
	uint32_t reason;
	unsigned int isa;
	pid_t tid;		/* the vCPU thread */
	uint64_t count;
};

struct tracepoint {
	char trigger[PATH_MAX];
	char hist[PATH_MAX];
	bool installed;
	struct tracepoint_count *counts;	/* of the last read */
	size_t ncounts, capacity;
};

/*
 * Install the trigger under tracefs.  Returns 0, or an exit status with a
 * message: 1 (KVMEXIT_EXIT_RUNTIME) when tracefs is not there or not
 * writable, 2 (KVMEXIT_EXIT_NO_HOST) when it has no kvm:kvm_exit (KVM is
 * not loaded).
 */
int tracepoint_start(struct tracepoint *tp, const char *tracefs, char *msg,
		     size_t size);

/* Read the histogram into tp->counts; 0, or -1 with a message. */
int tracepoint_read(struct tracepoint *tp, char *msg, size_t size);

/* Parse hist text (len bytes) into tp->counts; 0, or -1 without memory. */
int tracepoint_parse(struct tracepoint *tp, const char *text, size_t len);

/* Remove the trigger (if installed) and free; safe to call twice. */
void tracepoint_stop(struct tracepoint *tp);

#endif /* KVMEXITTOP_TRACEPOINT_H */
