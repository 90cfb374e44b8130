/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exit-reason names and classification for Intel VMX and AMD SVM.
 *
 * Names come from the kernel's uapi tables (VMX_EXIT_REASONS in <asm/vmx.h>,
 * SVM_EXIT_REASONS in <asm/svm.h>), written the way docs/abi.md prints them:
 * upper case, spaces as underscores.  Reasons newer than the installed uapi
 * headers are added explicitly in exit_reasons.c.
 */
#ifndef KVMEXIT_EXIT_REASONS_H
#define KVMEXIT_EXIT_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kvmexit_vendor {
	KVMEXIT_VENDOR_VMX,	/* Intel: VMX basic exit reasons (SDM vol. 3, App. C) */
	KVMEXIT_VENDOR_SVM,	/* AMD: SVM exit codes (APM vol. 2, App. C) */
};

/* What the per-reason CPUID leaves answer for a reason (docs/abi.md). */
enum kvmexit_reason_class {
	KVMEXIT_REASON_UNDEFINED,	/* not defined by the architecture */
	KVMEXIT_REASON_NOT_HANDLED,	/* defined, but KVM 6.12 has no handler */
	KVMEXIT_REASON_HANDLED,		/* defined and handled: counted */
};

/* Highest reason the architecture defines, as far as ABI v1 knows. */
#define KVMEXIT_VMX_MAX_DEFINED		85u
#define KVMEXIT_SVM_EXIT_INVALID	0xFFFFFFFFu	/* VMEXIT_INVALID (-1) */

/* "vmx" / "svm". */
const char *kvmexit_vendor_name(enum kvmexit_vendor vendor);
/* Parse "vmx" / "svm"; returns 0, or -1 for anything else. */
int kvmexit_vendor_parse(const char *text, enum kvmexit_vendor *vendor);

/* The reason's name, or NULL when the architecture does not define it. */
const char *kvmexit_reason_name(enum kvmexit_vendor vendor, uint32_t reason);
enum kvmexit_reason_class kvmexit_reason_classify(enum kvmexit_vendor vendor,
						  uint32_t reason);
bool kvmexit_reason_defined(enum kvmexit_vendor vendor, uint32_t reason);

/* The defined reasons of a vendor, ascending: count, then index 0..count-1. */
size_t kvmexit_reason_count(enum kvmexit_vendor vendor);
uint32_t kvmexit_reason_at(enum kvmexit_vendor vendor, size_t index);

/*
 * A reason as text, the one way every tool prints it: SVM codes in hex as
 * the APM lists them ("0x072", VMEXIT_INVALID "0xffffffff"), VMX reasons in
 * decimal as the SDM does ("10").  Returns snprintf()'s length.
 */
int kvmexit_reason_format(char *buf, size_t size, enum kvmexit_vendor vendor,
			  uint32_t reason);

/*
 * Parse a reason given by a user: decimal, 0x-prefixed hexadecimal, or a name
 * (case-insensitive).  Numbers need not be defined; names must be.
 * Returns 0, or -1 when the text is none of these.
 */
int kvmexit_reason_parse(enum kvmexit_vendor vendor, const char *text,
			 uint32_t *reason);

#endif /* KVMEXIT_EXIT_REASONS_H */
