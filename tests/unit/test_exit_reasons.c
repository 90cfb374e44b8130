// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of lib/exit_reasons: names and classification, both vendors. */
#define HARNESS_SUITE "exit_reasons"
#include "../harness.h"

#include "exit_reasons.h"

static const char *class_name(enum kvmexit_reason_class c)
{
	switch (c) {
	case KVMEXIT_REASON_UNDEFINED:
		return "undefined";
	case KVMEXIT_REASON_NOT_HANDLED:
		return "not-handled";
	case KVMEXIT_REASON_HANDLED:
		return "handled";
	}
	return "?";
}

#define CHECK_CLASS(vendor, reason, expected)                               \
	CHECK(kvmexit_reason_classify(vendor, reason) == (expected),        \
	      "%s reason %u (0x%x) is %s (got %s)",                         \
	      kvmexit_vendor_name(vendor), (unsigned int)(reason),          \
	      (unsigned int)(reason), class_name(expected),                 \
	      class_name(kvmexit_reason_classify(vendor, reason)))

/* The SDM's Table C-1, by number: every basic exit reason it names. */
static const char *const sdm_vmx_names[86] = {
	"EXCEPTION_NMI", "EXTERNAL_INTERRUPT", "TRIPLE_FAULT", "INIT_SIGNAL",
	"SIPI_SIGNAL", "IO_SMI", "OTHER_SMI", "INTERRUPT_WINDOW", "NMI_WINDOW",
	"TASK_SWITCH", "CPUID", "GETSEC", "HLT", "INVD", "INVLPG", "RDPMC",
	"RDTSC", "RSM", "VMCALL", "VMCLEAR", "VMLAUNCH", "VMPTRLD", "VMPTRST",
	"VMREAD", "VMRESUME", "VMWRITE", "VMOFF", "VMON", "CR_ACCESS",
	"DR_ACCESS", "IO_INSTRUCTION", "MSR_READ", "MSR_WRITE", "INVALID_STATE",
	"MSR_LOAD_FAIL", NULL, "MWAIT_INSTRUCTION", "MONITOR_TRAP_FLAG", NULL,
	"MONITOR_INSTRUCTION", "PAUSE_INSTRUCTION", "MCE_DURING_VMENTRY", NULL,
	"TPR_BELOW_THRESHOLD", "APIC_ACCESS", "EOI_INDUCED", "GDTR_IDTR",
	"LDTR_TR", "EPT_VIOLATION", "EPT_MISCONFIG", "INVEPT", "RDTSCP",
	"PREEMPTION_TIMER", "INVVPID", "WBINVD", "XSETBV", "APIC_WRITE",
	"RDRAND", "INVPCID", "VMFUNC", "ENCLS", "RDSEED", "PML_FULL", "XSAVES",
	"XRSTORS", "PCONFIG", "SPP", "UMWAIT", "TPAUSE", "LOADIWKEY", "ENCLV",
	NULL, "ENQCMD_PASID_FAIL", "ENQCMDS_PASID_FAIL", "BUS_LOCK", "NOTIFY",
	"SEAMCALL", "TDCALL", "RDMSRLIST", "WRMSRLIST", "URDMSR", "UWRMSR",
	NULL, NULL, "MSR_READ_IMM", "MSR_WRITE_IMM",
};

static void test_vmx_names(void)
{
	for (uint32_t r = 0; r < 86; r++) {
		const char *got = kvmexit_reason_name(KVMEXIT_VENDOR_VMX, r);
		char what[64];

		snprintf(what, sizeof(what), "vmx name of %u", r);
		if (sdm_vmx_names[r])
			CHECK_EQ_STR(got, sdm_vmx_names[r], what);
		else
			CHECK(got == NULL, "%s: undefined, got \"%s\"", what,
			      got ? got : "(null)");
	}
	CHECK(kvmexit_reason_name(KVMEXIT_VENDOR_VMX, 86) == NULL,
	      "vmx 86 has no name");
}

static void test_vmx_classes(void)
{
	static const uint32_t undefined[] = { 35, 38, 42, 71, 82, 83, 86, 87,
					      255, 65535, 0x80000000u,
					      0xFFFFFFFFu };
	/* docs/abi.md: 3-6, 11, 16, 17, 51, 63-70, 72, 73 and above 75. */
	static const uint32_t not_handled[] = { 3, 4, 5, 6, 11, 16, 17, 51, 63,
						64, 65, 66, 67, 68, 69, 70, 72,
						73, 76, 77, 80, 84, 85 };
	static const uint32_t handled[] = { 0, 1, 2, 10, 12, 30, 31, 32, 33,
					    34, 48, 49, 52, 74, 75 };

	for (size_t i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_VMX, undefined[i], KVMEXIT_REASON_UNDEFINED);
	for (size_t i = 0; i < sizeof(not_handled) / sizeof(not_handled[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_VMX, not_handled[i], KVMEXIT_REASON_NOT_HANDLED);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_VMX, handled[i], KVMEXIT_REASON_HANDLED);

	/* 86 defined minus the six gaps. */
	CHECK_EQ_U64(kvmexit_reason_count(KVMEXIT_VENDOR_VMX), 80,
		     "number of defined vmx reasons");
}

static void test_svm_names(void)
{
	static const struct { uint32_t code; const char *name; } known[] = {
		{ 0x000, "READ_CR0" },	{ 0x001, "READ_CR1" },
		{ 0x01f, "WRITE_CR15" }, { 0x027, "READ_DR7" },
		{ 0x040, "DE_EXCP" },	{ 0x04e, "PF_EXCP" },
		{ 0x042, "NMI_EXCP" },	{ 0x05d, "VC_EXCP" },
		{ 0x060, "INTERRUPT" },	{ 0x072, "CPUID" },
		{ 0x078, "HLT" },	{ 0x07b, "IO" },
		{ 0x07c, "MSR" },	{ 0x081, "HYPERCALL" },
		{ 0x08e, "RDPRU" },	{ 0x093, "WRITE_CR3_TRAP" },
		{ 0x0a6, "IDLE_HLT" },	{ 0x400, "NPF" },
		{ 0x403, "VMGEXIT" },	{ 0xFFFFFFFFu, "INVALID_GUEST_STATE" },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "svm name of 0x%03x", known[i].code);
		CHECK_EQ_STR(kvmexit_reason_name(KVMEXIT_VENDOR_SVM, known[i].code),
			     known[i].name, what);
	}
}

static void test_svm_classes(void)
{
	static const uint32_t undefined[] = { 0x0a7, 0x0ff, 0x100, 0x3ff, 0x404,
					      0x80000001u, 0xf0000000u,
					      0xFFFFFFFEu };
	static const uint32_t not_handled[] = { 0x001, 0x002, 0x040, 0x042,
						0x066, 0x06e, 0x070, 0x075,
						0x088, 0x08c, 0x091, 0x0a0,
						0x0a6 };
	static const uint32_t handled[] = { 0x000, 0x060, 0x064, 0x072, 0x078,
					    0x07b, 0x07c, 0x081, 0x400, 0x403,
					    0xFFFFFFFFu };

	for (size_t i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_SVM, undefined[i], KVMEXIT_REASON_UNDEFINED);
	for (size_t i = 0; i < sizeof(not_handled) / sizeof(not_handled[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_SVM, not_handled[i], KVMEXIT_REASON_NOT_HANDLED);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		CHECK_CLASS(KVMEXIT_VENDOR_SVM, handled[i], KVMEXIT_REASON_HANDLED);

	/* 0x000-0x0a6, 0x400-0x403 and VMEXIT_INVALID. */
	CHECK_EQ_U64(kvmexit_reason_count(KVMEXIT_VENDOR_SVM), 0xa7 + 4 + 1,
		     "number of defined svm codes");
}

static void test_iteration_is_sorted(void)
{
	for (int v = KVMEXIT_VENDOR_VMX; v <= KVMEXIT_VENDOR_SVM; v++) {
		size_t n = kvmexit_reason_count(v), unsorted = 0, unnamed = 0;

		for (size_t i = 0; i < n; i++) {
			uint32_t r = kvmexit_reason_at(v, i);

			if (i && kvmexit_reason_at(v, i - 1) >= r)
				unsorted++;
			if (!kvmexit_reason_name(v, r) ||
			    strchr(kvmexit_reason_name(v, r), ' '))
				unnamed++;
		}
		CHECK(unsorted == 0 && unnamed == 0,
		      "%s: %zu reasons ascending and named without spaces "
		      "(%zu out of order, %zu badly named)",
		      kvmexit_vendor_name(v), n, unsorted, unnamed);
	}
}

static void test_parse(void)
{
	uint32_t r = 0;

	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, "10", &r) == 0 && r == 10,
	      "vmx parses decimal 10 (got %u)", r);
	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_SVM, "0x7b", &r) == 0 && r == 0x7b,
	      "svm parses hex 0x7b (got 0x%x)", r);
	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, "cpuid", &r) == 0 && r == 10,
	      "vmx parses name cpuid (got %u)", r);
	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_SVM, "CPUID", &r) == 0 && r == 0x72,
	      "svm parses name CPUID (got 0x%x)", r);
	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, "35", &r) == 0 && r == 35,
	      "an undefined number still parses (got %u)", r);
	CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, "0xFFFFFFFF", &r) == 0 &&
	      r == 0xFFFFFFFFu, "0xFFFFFFFF parses");

	static const char *const bad[] = { "", "x", "10x", "0x", "-1", "+5",
					   "4294967296", "0x1ffffffff", "NOSUCH",
					   " 10", "1 0", "0x0x5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(kvmexit_reason_parse(KVMEXIT_VENDOR_VMX, bad[i], &r) == -1,
		      "\"%s\" is refused", bad[i]);
}

static void test_vendor(void)
{
	enum kvmexit_vendor v = KVMEXIT_VENDOR_VMX;

	CHECK(kvmexit_vendor_parse("svm", &v) == 0 && v == KVMEXIT_VENDOR_SVM,
	      "svm parses");
	CHECK(kvmexit_vendor_parse("vmx", &v) == 0 && v == KVMEXIT_VENDOR_VMX,
	      "vmx parses");
	CHECK(kvmexit_vendor_parse("VMX", &v) == -1 &&
	      kvmexit_vendor_parse("", &v) == -1, "other vendor names refused");
	CHECK_EQ_STR(kvmexit_vendor_name(KVMEXIT_VENDOR_SVM), "svm", "svm name");
}

int main(void)
{
	HARNESS_PLAN(215);
	test_vmx_names();
	test_vmx_classes();
	test_svm_names();
	test_svm_classes();
	test_iteration_is_sorted();
	test_parse();
	test_vendor();
	return harness_exit_status();
}
