/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Real-mode guest programs for vmm_exits.c.  The host copies the bytes
 * between guest_code_start and guest_code_end to guest address 0x1000, sets
 * the registers a program needs, points RIP at it and runs the vCPU.  Every
 * program ends with an OUT to the report port, which exits to the host with
 * the registers holding the results.  Nothing else exits: the exits of each
 * program are known exactly.
 */
#define REPORT_PORT	0xe0
#define COUNT_PORT	0xe1

	.section .rodata
	.code16
	.globl guest_code_start, guest_code_end
	.globl guest_cpuid_once, guest_cpuid_loop, guest_out_loop, guest_hlt_loop
	.globl guest_icr_loop, guest_cpuid_timed, guest_mmio_loop, guest_irq_loop

guest_code_start:

/* One CPUID with the host's EAX/ECX (and garbage elsewhere), then report. */
guest_cpuid_once:
	cpuid
	outb	%al, $REPORT_PORT

/* EBP CPUIDs of leaf 0, then report. */
guest_cpuid_loop:
1:	xorl	%eax, %eax
	xorl	%ecx, %ecx
	cpuid
	decl	%ebp
	jnz	1b
	outb	%al, $REPORT_PORT

/* EBP port writes to the count port, each an I/O exit, then report. */
guest_out_loop:
1:	outb	%al, $COUNT_PORT
	decl	%ebp
	jnz	1b
	outb	%al, $REPORT_PORT

/* EBP HLTs with interrupts off, each a HLT exit, then report. */
guest_hlt_loop:
1:	hlt
	decl	%ebp
	jnz	1b
	outb	%al, $REPORT_PORT

/*
 * Switch the local APIC to x2APIC mode (one RDMSR, one WRMSR of
 * IA32_APIC_BASE), then write the x2APIC ICR EBP times: a fixed IPI of
 * vector 0x40 to itself.  KVM completes those writes in its fastpath and
 * re-enters the guest without calling its exit handler.
 */
guest_icr_loop:
	movl	$0x1b, %ecx
	rdmsr
	orl	$0xc00, %eax
	wrmsr
1:	movl	$0x830, %ecx
	movl	$0x40, %eax
	xorl	%edx, %edx
	wrmsr
	decl	%ebp
	jnz	1b
	outb	%al, $REPORT_PORT

/*
 * EBP CPUIDs of leaf EDI, subleaf ESI, timed with RDTSC (not intercepted):
 * the start is stored at guest address 0x500, the end is in EDX:EAX at the
 * report.
 */
guest_cpuid_timed:
	rdtsc
	movl	%eax, 0x500
	movl	%edx, 0x504
1:	movl	%edi, %eax
	movl	%esi, %ecx
	cpuid
	decl	%ebp
	jnz	1b
	rdtsc
	outb	%al, $REPORT_PORT

/*
 * EBP byte writes to guest address 0x100000, just past guest memory
 * (ES:0x10 with ES = 0xFFFF): each is an MMIO exit to the host, then
 * report.  KVM sees the write as a nested page fault on SVM, an EPT
 * violation or misconfiguration on VMX.
 */
guest_mmio_loop:
	movw	$0xffff, %ax
	movw	%ax, %es
1:	movb	%al, %es:0x10
	decl	%ebp
	jnz	1b
	xorw	%ax, %ax
	movw	%ax, %es
	outb	%al, $REPORT_PORT

/*
 * EBP interrupts of vector 0x40, each a fixed IPI to itself taken with
 * interrupts on, then report.  The handler, irq_count, counts its runs in
 * ESI and spins EDI times before its EOI: KVM injects each interrupt at
 * the VMRUN that follows the STI, and the guest makes no exit until that
 * EOI, so an emulator that delivers an injected interrupt a second time
 * (docs/nested-guest.md) has time to do it, and ESI ends above EBP.
 * x2APIC mode as in guest_icr_loop, the APIC software-enabled (spurious
 * vector 0xff), the real-mode vector table's entry 0x40 at irq_count.
 */
guest_irq_loop:
	movl	$0x1b, %ecx
	rdmsr
	orl	$0xc00, %eax
	wrmsr
	movl	$0x80f, %ecx
	movl	$0x1ff, %eax
	xorl	%edx, %edx
	wrmsr
	movw	$(irq_count - guest_code_start + 0x1000), 0x100
	movw	$0, 0x102
	xorl	%esi, %esi
1:	movl	$0x830, %ecx
	movl	$0x40, %eax
	xorl	%edx, %edx
	wrmsr
	sti
	nop
	cli
	decl	%ebp
	jnz	1b
	outb	%al, $REPORT_PORT

irq_count:
	incl	%esi
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	movl	%edi, %ecx
2:	decl	%ecx
	jnz	2b
	movl	$0x80b, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	popl	%edx
	popl	%ecx
	popl	%eax
	iret

guest_code_end:
	.code64

	.section .note.GNU-stack, "", @progbits
