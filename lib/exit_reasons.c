// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exit-reason tables for VMX and SVM, built once from the uapi headers'
 * tables plus the reasons those headers are too old to name.
 */
#include "exit_reasons.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <asm/kvm.h>	/* DE_VECTOR & co., used by SVM_EXIT_REASONS */
#include <asm/svm.h>
#include <asm/vmx.h>

struct named_reason {
	uint32_t code;
	const char *name;
};

/* The platform's own tables: these win whenever they name a reason. */
static const struct named_reason vmx_uapi_names[] = { VMX_EXIT_REASONS };
static const struct named_reason svm_uapi_names[] = { SVM_EXIT_REASONS };

/*
 * VMX basic exit reasons defined by the SDM (vol. 3, Table C-1) that older
 * uapi headers do not name.  35, 38, 42, 71, 82 and 83 are not defined.
 */
static const struct named_reason vmx_newer_names[] = {
	{ 5, "IO_SMI" },		{ 6, "OTHER_SMI" },
	{ 11, "GETSEC" },		{ 17, "RSM" },
	{ 65, "PCONFIG" },		{ 66, "SPP" },
	{ 69, "LOADIWKEY" },		{ 70, "ENCLV" },
	{ 72, "ENQCMD_PASID_FAIL" },	{ 73, "ENQCMDS_PASID_FAIL" },
	{ 74, "BUS_LOCK" },		{ 75, "NOTIFY" },
	{ 76, "SEAMCALL" },		{ 77, "TDCALL" },
	{ 78, "RDMSRLIST" },		{ 79, "WRMSRLIST" },
	{ 80, "URDMSR" },		{ 81, "UWRMSR" },
	{ 84, "MSR_READ_IMM" },		{ 85, "MSR_WRITE_IMM" },
};

/* SVM exit codes defined by the APM (vol. 2, App. C) beyond older headers. */
static const struct named_reason svm_newer_names[] = {
	{ 0x08c, "MWAIT_COND" },	{ 0x08e, "RDPRU" },
	{ 0x0a0, "INVLPGB" },		{ 0x0a1, "INVLPGB_ILLEGAL" },
	{ 0x0a2, "INVPCID" },		{ 0x0a3, "MCOMMIT" },
	{ 0x0a4, "TLBSYNC" },		{ 0x0a5, "BUSLOCK" },
	{ 0x0a6, "IDLE_HLT" },
	{ 0x400, "NPF" },		{ 0x401, "AVIC_INCOMPLETE_IPI" },
	{ 0x402, "AVIC_UNACCELERATED_ACCESS" },
	{ 0x403, "VMGEXIT" },
	{ KVMEXIT_SVM_EXIT_INVALID, "INVALID_GUEST_STATE" },
};

/* Exception vectors the uapi SVM table leaves unnamed (SDM vol. 3, 6.3.1). */
static const char *const svm_vector_mnemonics[32] = {
	[2] = "NMI", [9] = "CSO", [18] = "MC", [20] = "VE", [21] = "CP",
	[28] = "HV", [29] = "VC", [30] = "SX",
};

/*
 * Reasons Linux 6.12 KVM handles: kvm_vmx_exit_handlers[] plus the failed
 * VM-entry reasons __vmx_handle_exit() handles before the table, and
 * svm_exit_handlers[] plus SVM_EXIT_ERR, handled in svm_handle_exit().
 */
static const uint32_t vmx_handled_612[] = {
	0, 1, 2, 7, 8, 9, 10, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28, 29, 30, 31, 32, 33, 34, 36, 37, 39, 40, 41, 43, 44, 45, 46,
	47, 48, 49, 50, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 74, 75,
};

static const uint32_t svm_handled_612[] = {
	0x000, 0x003, 0x004, 0x008, 0x010, 0x013, 0x014, 0x018,
	0x020, 0x021, 0x022, 0x023, 0x024, 0x025, 0x026, 0x027,
	0x030, 0x031, 0x032, 0x033, 0x034, 0x035, 0x036, 0x037,
	0x041, 0x043, 0x046, 0x04d, 0x04e, 0x051, 0x052,
	0x060, 0x061, 0x062, 0x064, 0x065, 0x06f, 0x072, 0x073, 0x074,
	0x076, 0x077, 0x078, 0x079, 0x07a, 0x07b, 0x07c, 0x07d, 0x07f,
	0x080, 0x081, 0x082, 0x083, 0x084, 0x085, 0x086, 0x087,
	0x089, 0x08a, 0x08b, 0x08d, 0x08e, 0x08f, 0x090, 0x094, 0x098,
	0x0a2, 0x400, 0x401, 0x402, 0x403, KVMEXIT_SVM_EXIT_INVALID,
};

#define NAME_MAX_LEN	40
#define TABLE_CAPACITY	512

struct reason_entry {
	uint32_t code;
	bool handled;
	char name[NAME_MAX_LEN];
};

struct reason_table {
	bool built;
	size_t count;
	struct reason_entry entries[TABLE_CAPACITY];
};

static struct reason_table tables[2];

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* docs/abi.md spells names in upper case with underscores for spaces. */
static void abi_spelling(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i < NAME_MAX_LEN - 1; i++)
		dst[i] = src[i] == ' ' ? '_' : (char)toupper((unsigned char)src[i]);
	dst[i] = '\0';
}

static struct reason_entry *find_entry(struct reason_table *t, uint32_t code)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->entries[mid].code == code)
			return &t->entries[mid];
		if (t->entries[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Insert keeping the table sorted; the first name given for a code wins. */
static void add_name(struct reason_table *t, uint32_t code, const char *name)
{
	size_t pos;

	if (find_entry(t, code))
		return;
	if (t->count == TABLE_CAPACITY) {
		fprintf(stderr, "kvmexit: exit-reason table full at 0x%x\n", code);
		abort();
	}
	for (pos = t->count; pos > 0 && t->entries[pos - 1].code > code; pos--)
		t->entries[pos] = t->entries[pos - 1];
	t->entries[pos].code = code;
	t->entries[pos].handled = false;
	abi_spelling(t->entries[pos].name, name);
	t->count++;
}

static void add_names(struct reason_table *t, const struct named_reason *names,
		      size_t count, bool hardware_codes_only)
{
	for (size_t i = 0; i < count; i++) {
		uint32_t code = names[i].code;

		/* SVM's table also names VMGEXIT software codes: not exits. */
		if (hardware_codes_only && code >= 0x80000000u &&
		    code != KVMEXIT_SVM_EXIT_INVALID)
			continue;
		add_name(t, code, names[i].name);
	}
}

static void mark_handled(struct reason_table *t, const uint32_t *codes,
			 size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct reason_entry *e = find_entry(t, codes[i]);

		if (e)
			e->handled = true;
	}
}

/* SVM codes that come in families of 16 or 32 and are named by pattern. */
static void add_svm_families(struct reason_table *t)
{
	char name[NAME_MAX_LEN];

	for (unsigned int n = 0; n < 16; n++) {
		snprintf(name, sizeof(name), "READ_CR%u", n);
		add_name(t, 0x000 + n, name);
		snprintf(name, sizeof(name), "WRITE_CR%u", n);
		add_name(t, 0x010 + n, name);
		snprintf(name, sizeof(name), "READ_DR%u", n);
		add_name(t, 0x020 + n, name);
		snprintf(name, sizeof(name), "WRITE_DR%u", n);
		add_name(t, 0x030 + n, name);
		snprintf(name, sizeof(name), "WRITE_CR%u_TRAP", n);
		add_name(t, 0x090 + n, name);
	}
	for (unsigned int v = 0; v < 32; v++) {
		if (svm_vector_mnemonics[v])
			snprintf(name, sizeof(name), "%s_EXCP", svm_vector_mnemonics[v]);
		else
			snprintf(name, sizeof(name), "VECTOR%u_EXCP", v);
		add_name(t, 0x040 + v, name);
	}
}

static struct reason_table *table_of(enum kvmexit_vendor vendor)
{
	struct reason_table *t = &tables[vendor == KVMEXIT_VENDOR_SVM];

	if (t->built)
		return t;
	if (vendor == KVMEXIT_VENDOR_SVM) {
		add_names(t, svm_uapi_names, ARRAY_LEN(svm_uapi_names), true);
		add_names(t, svm_newer_names, ARRAY_LEN(svm_newer_names), true);
		add_svm_families(t);
		mark_handled(t, svm_handled_612, ARRAY_LEN(svm_handled_612));
	} else {
		add_names(t, vmx_uapi_names, ARRAY_LEN(vmx_uapi_names), false);
		add_names(t, vmx_newer_names, ARRAY_LEN(vmx_newer_names), false);
		mark_handled(t, vmx_handled_612, ARRAY_LEN(vmx_handled_612));
	}
	t->built = true;
	return t;
}

const char *kvmexit_vendor_name(enum kvmexit_vendor vendor)
{
	return vendor == KVMEXIT_VENDOR_SVM ? "svm" : "vmx";
}

int kvmexit_vendor_parse(const char *text, enum kvmexit_vendor *vendor)
{
	if (!strcmp(text, "vmx")) {
		*vendor = KVMEXIT_VENDOR_VMX;
		return 0;
	}
	if (!strcmp(text, "svm")) {
		*vendor = KVMEXIT_VENDOR_SVM;
		return 0;
	}
	return -1;
}

const char *kvmexit_reason_name(enum kvmexit_vendor vendor, uint32_t reason)
{
	struct reason_entry *e = find_entry(table_of(vendor), reason);

	return e ? e->name : NULL;
}

enum kvmexit_reason_class kvmexit_reason_classify(enum kvmexit_vendor vendor,
						  uint32_t reason)
{
	struct reason_entry *e = find_entry(table_of(vendor), reason);

	if (!e)
		return KVMEXIT_REASON_UNDEFINED;
	return e->handled ? KVMEXIT_REASON_HANDLED : KVMEXIT_REASON_NOT_HANDLED;
}

bool kvmexit_reason_defined(enum kvmexit_vendor vendor, uint32_t reason)
{
	return find_entry(table_of(vendor), reason) != NULL;
}

size_t kvmexit_reason_count(enum kvmexit_vendor vendor)
{
	return table_of(vendor)->count;
}

uint32_t kvmexit_reason_at(enum kvmexit_vendor vendor, size_t index)
{
	struct reason_table *t = table_of(vendor);

	return index < t->count ? t->entries[index].code : 0;
}

static int parse_number(const char *text, uint32_t *reason)
{
	unsigned long long value;
	char *end;
	int base = 10;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	/* strtoull alone would take "-1", " 10", "+5" and "0x0x5". */
	if (!(base == 16 ? isxdigit : isdigit)((unsigned char)text[0]) ||
	    (base == 16 && (text[1] == 'x' || text[1] == 'X')))
		return -1;
	errno = 0;
	value = strtoull(text, &end, base);
	if (errno || *end || value > UINT32_MAX)
		return -1;
	*reason = (uint32_t)value;
	return 0;
}

int kvmexit_reason_parse(enum kvmexit_vendor vendor, const char *text,
			 uint32_t *reason)
{
	struct reason_table *t = table_of(vendor);

	if (!text || !*text)
		return -1;
	if (isdigit((unsigned char)text[0]))
		return parse_number(text, reason);
	for (size_t i = 0; i < t->count; i++) {
		if (!strcasecmp(t->entries[i].name, text)) {
			*reason = t->entries[i].code;
			return 0;
		}
	}
	return -1;
}

int kvmexit_reason_format(char *buf, size_t size, enum kvmexit_vendor vendor,
			  uint32_t reason)
{
	return snprintf(buf, size, vendor == KVMEXIT_VENDOR_SVM ? "0x%03x" : "%u",
			(unsigned int)reason);
}
