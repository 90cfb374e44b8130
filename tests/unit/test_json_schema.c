// SPDX-License-Identifier: GPL-2.0-only
/*
 * docs/json.md against real output: kvmexit-probe's (its probe_main() on a
 * fake host, in every mode that writes JSON) and kvmexittop's (the built
 * program, on a fixture and on a tree with one VM).  Every key written is
 * in the table, for the tool that wrote it; every key in the table is
 * written by the tools it names.  Run from the top of the tree, after
 * build/kvmexittop is built.
 */
#define HARNESS_SUITE "json_schema"
#include "../harness.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../guest/probe.h"
#include "../probe/fake_host.h"

#define PLAN 14
#define MAX_KEYS 128

struct keys {
	char name[MAX_KEYS][40];
	bool probe[MAX_KEYS], top[MAX_KEYS];
	int n;
};

static int find_key(const struct keys *k, const char *name)
{
	for (int i = 0; i < k->n; i++)
		if (!strcmp(k->name[i], name))
			return i;
	return -1;
}

/* The table's rows: "| `key` | type | yes|- | yes|- | meaning |". */
static void read_doc(struct keys *doc)
{
	FILE *f = fopen("docs/json.md", "r");
	char line[1024];

	doc->n = 0;
	while (f && fgets(line, sizeof(line), f) && doc->n < MAX_KEYS) {
		char key[40], type[16], probe[8], top[8];

		if (sscanf(line, "| `%39[a-z_]` | %15s | %7s | %7s |", key, type,
			   probe, top) != 4)
			continue;
		snprintf(doc->name[doc->n], sizeof(doc->name[0]), "%s", key);
		doc->probe[doc->n] = !strcmp(probe, "yes");
		doc->top[doc->n] = !strcmp(top, "yes");
		doc->n++;
	}
	if (f)
		fclose(f);
}

/* Every object key in a text of JSON lines: a string followed by ':'. */
static void collect_keys(const char *json, struct keys *seen, bool probe)
{
	for (const char *p = json; *p; p++) {
		if (*p != '"')
			continue;
		const char *start = ++p;

		while (*p && *p != '"')
			p += *p == '\\' && p[1] ? 2 : 1;
		if (!*p)
			return;
		const char *q = p + 1;

		while (*q == ' ')
			q++;
		if (*q != ':' || p - start >= 40)
			continue;
		char name[40];

		snprintf(name, sizeof(name), "%.*s", (int)(p - start), start);
		int i = find_key(seen, name);

		if (i < 0 && seen->n < MAX_KEYS) {
			i = seen->n++;
			snprintf(seen->name[i], sizeof(seen->name[0]), "%s", name);
			seen->probe[i] = seen->top[i] = false;
		}
		if (i >= 0) {
			seen->probe[i] |= probe;
			seen->top[i] |= !probe;
		}
	}
}

static double now_fn(void *ctx)
{
	return *(double *)ctx;
}

static void sleep_fn(void *ctx, double s)
{
	*(double *)ctx += s > 0 ? s : 0;
}

static void busy(struct fake_host *fake, uint32_t leaf, uint32_t sub)
{
	(void)leaf;
	(void)sub;
	fake_host_exits(fake, 0x78, 1, 300);	/* another vCPU halts */
}

/* kvmexit-probe's output for args, on a patched AMD host (or bare metal). */
static void probe_json(const char *what, enum fake_kind kind,
		       const char *const *args, struct keys *seen)
{
	struct fake_host fake;
	char *argv[12] = { "kvmexit-probe" };
	int argc = 1;
	double now = 0;
	struct probe_clock clock = { now_fn, sleep_fn, &now, NULL };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	fake_host_init(&fake, kind, "AuthenticAMD");
	fake_host_exits(&fake, 0x7b, 10, 1000);
	fake.activity = busy;
	while (args[argc - 1])
		argv[argc] = (char *)args[argc - 1], argc++;
	probe_main(argc, argv, &fake.cpu, &clock, f, stderr);
	fclose(f);
	CHECK(len > 0 && out[0] == '{', "kvmexit-probe %s writes JSON (%zu bytes)",
	      what, len);
	collect_keys(out ? out : "", seen, true);
	free(out);
}

static void top_json(const char *what, const char *cmd, struct keys *seen)
{
	FILE *p = popen(cmd, "r");
	static char out[65536];
	size_t len = p ? fread(out, 1, sizeof(out) - 1, p) : 0;

	out[len] = '\0';
	if (p)
		pclose(p);
	CHECK(len > 0 && out[0] == '{', "kvmexittop %s writes JSON (%zu bytes)",
	      what, len);
	collect_keys(out, seen, false);
}

/* The keys of one tool that break the table; returns how many. */
static int undocumented(const struct keys *doc, const struct keys *seen,
			bool probe, char *list, size_t size)
{
	int bad = 0;

	list[0] = '\0';
	for (int i = 0; i < seen->n; i++) {
		if (!(probe ? seen->probe[i] : seen->top[i]))
			continue;
		int d = find_key(doc, seen->name[i]);

		if (d >= 0 && (probe ? doc->probe[d] : doc->top[d]))
			continue;
		bad++;
		snprintf(list + strlen(list), size - strlen(list), " %s",
			 seen->name[i]);
	}
	return bad;
}

static int unwritten(const struct keys *doc, const struct keys *seen,
		     bool probe, char *list, size_t size)
{
	int bad = 0;

	list[0] = '\0';
	for (int i = 0; i < doc->n; i++) {
		if (!(probe ? doc->probe[i] : doc->top[i]))
			continue;
		int s = find_key(seen, doc->name[i]);

		if (s >= 0 && (probe ? seen->probe[s] : seen->top[s]))
			continue;
		bad++;
		snprintf(list + strlen(list), size - strlen(list), " %s",
			 doc->name[i]);
	}
	return bad;
}

int main(void)
{
	static struct keys doc, seen;
	char list[400], root[] = "/tmp/kvmexit-schema-XXXXXX", cmd[512];
	static const char *const stats =
		"# kvm exit statistics v2 vendor=svm tsc_khz=1000 scope=%s cycles=on\n"
		"reason name count cycles\n114 CPUID 5 50\ntotal - 5 50\n";

	printf("1..%d\n", PLAN);
	read_doc(&doc);
	CHECK(doc.n >= 40, "docs/json.md's table has %d keys", doc.n);

	probe_json("report", FAKE_PATCHED, (const char *[]){ "-j", NULL }, &seen);
	probe_json("-r of a reason not handled", FAKE_PATCHED,
		   (const char *[]){ "-j", "-r", "0x40,HLT", NULL }, &seen);
	probe_json("-w", FAKE_PATCHED,
		   (const char *[]){ "-j", "-w", "1", "-n", "2", NULL }, &seen);
	probe_json("--raw", FAKE_PATCHED,
		   (const char *[]){ "-j", "--raw", "0", NULL }, &seen);
	probe_json("error", FAKE_BARE_METAL, (const char *[]){ "-j", NULL }, &seen);

	/* A tree whose one VM is this process: its name is our comm. */
	if (!mkdtemp(root)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s/exit_stats", root);
	FILE *f = fopen(cmd, "w");

	fprintf(f, stats, "host");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/%d-3", root, (int)getpid());
	mkdir(cmd, 0755);
	snprintf(cmd, sizeof(cmd), "%s/%d-3/exit_stats", root, (int)getpid());
	f = fopen(cmd, "w");
	fprintf(f, stats, "vm");
	fclose(f);

	top_json("frames", "build/kvmexittop -b -n 2 -d 0.1 -o json "
		 "-f tests/fixtures/stats/svm-abi-example.txt", &seen);
	snprintf(cmd, sizeof(cmd),
		 "build/kvmexittop -b -n 2 -d 0.1 -o json --root %s --vms", root);
	top_json("--vms", cmd, &seen);
	snprintf(cmd, sizeof(cmd),
		 "build/kvmexittop -b -n 1 -d 0.1 -o json --root %s -p %d", root,
		 (int)getpid());
	top_json("-p", cmd, &seen);
	top_json("error", "build/kvmexittop -b -n 1 -o json -f /nonexistent", &seen);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		printf("# could not remove %s\n", root);

	/* Each count first: CHECK formats its message before the condition. */
	int bad = undocumented(&doc, &seen, true, list, sizeof(list));

	CHECK(!bad, "every key kvmexit-probe writes is in docs/json.md for it:%s", list);
	bad = undocumented(&doc, &seen, false, list, sizeof(list));
	CHECK(!bad, "every key kvmexittop writes is in docs/json.md for it:%s", list);
	bad = unwritten(&doc, &seen, true, list, sizeof(list));
	CHECK(!bad, "every key docs/json.md gives kvmexit-probe is written:%s", list);
	bad = unwritten(&doc, &seen, false, list, sizeof(list));
	CHECK(!bad, "every key docs/json.md gives kvmexittop is written:%s", list);
	if (harness_count != PLAN)
		printf("# planned %d checks, ran %d\n", PLAN, harness_count);
	return harness_count == PLAN ? harness_exit_status() : 1;
}
