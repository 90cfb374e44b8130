// SPDX-License-Identifier: GPL-2.0-only
/* What a frame shows and its title: see shown.h. */
#include "shown.h"

#include <stdio.h>
#include <string.h>

#include "report.h"

bool shown_resolve(struct source *src, pid_t pid, long vcpu,
		   struct shown *shown)
{
	*shown = (struct shown){ .src = src, .m = &src->host, .vcpu = -1 };
	/* -f: the file says what it holds. */
	shown->scope = src->file && src->host.have_counters ?
		       src->host.scope : KVMEXIT_STATS_SCOPE_HOST;
	if (!pid)
		return true;

	struct vm_entry *vm = source_find_vm(src, pid);

	if (!vm)
		return false;
	shown->vm = vm;
	shown->m = &vm->model;
	shown->scope = KVMEXIT_STATS_SCOPE_VM;
	if (vcpu < 0)
		return true;

	struct vcpu_entry *c = source_find_vcpu(vm, (unsigned int)vcpu);

	if (!c)
		return false;
	shown->m = &c->model;
	shown->scope = KVMEXIT_STATS_SCOPE_VCPU;
	shown->vcpu = vcpu;
	return true;
}

void shown_title(const struct shown *shown, char *buf, size_t size)
{
	const struct vm_entry *vm = shown->vm;

	if (shown->vm_list)
		snprintf(buf, size, "VMs (%zu)", shown->src->nvms);
	else if (!vm)
		snprintf(buf, size, "%s",
			 shown->scope == KVMEXIT_STATS_SCOPE_VM ? "one VM (file)" :
			 shown->scope == KVMEXIT_STATS_SCOPE_VCPU ? "one vCPU (file)" :
			 "host");
	else if (shown->vcpu_list)
		snprintf(buf, size, "VM %s (pid %d), per vCPU", vm->name,
			 (int)vm->pid);
	else if (shown->vcpu >= 0)
		snprintf(buf, size, "VM %s (pid %d), vCPU %ld", vm->name,
			 (int)vm->pid, shown->vcpu);
	else
		snprintf(buf, size, "VM %s (pid %d)", vm->name, (int)vm->pid);
}

int shown_choose_vm(struct options *o, struct source *src, double now)
{
	if (o->guest) {
		struct vm_entry *match[8];
		size_t n = source_match_name(src, o->guest, match, 8);
		char list[512] = "";
		size_t len = 0;

		if (n == 1) {
			o->pid = match[0]->pid;
			return 0;
		}
		for (size_t i = 0; i < src->nvms && len < sizeof(list); i++) {
			const struct vm_entry *vm = &src->vms[i];

			if (n && strcmp(vm->name, o->guest))
				continue;
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s (pid %d)", len ? ", " : "",
						vm->name, (int)vm->pid);
		}
		if (n)
			report_error("-g %s: %zu VMs have that name: %s; choose one with -p",
				     o->guest, n, list);
		else
			report_error("-g %s: no VM has that name; running: %s",
				     o->guest, len ? list : "none");
		return n ? KVMEXIT_EXIT_USAGE : KVMEXIT_EXIT_NO_HOST;
	}
	if (o->pid && !source_find_vm(src, o->pid)) {
		report_error("-p %d: no VM of that process under %s", (int)o->pid,
			     o->root);
		return KVMEXIT_EXIT_NO_HOST;
	}
	if (o->vcpu < 0)
		return 0;
	/* A second read, with the VM's vCPUs this time. */
	source_refresh(src, now, o->pid);
	struct vm_entry *vm = source_find_vm(src, o->pid);

	if (!vm || !source_find_vcpu(vm, (unsigned int)o->vcpu)) {
		report_error("--vcpu %ld: VM pid %d has no such vCPU", o->vcpu,
			     (int)o->pid);
		return KVMEXIT_EXIT_NO_HOST;
	}
	return 0;
}
