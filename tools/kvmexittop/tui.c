// SPDX-License-Identifier: GPL-2.0-only
/*
 * The screen manager: the only place that reads keys, reacts to resizes and
 * decides when to read the file.  See tui.h.
 */
#include "tui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "input.h"
#include "report.h"
#include "terminal.h"
#include "ui.h"
#include "view.h"

int ui_select(struct ui *ui)
{
	if (!shown_resolve(&ui->src, ui->vm_pid, ui->vcpu, &ui->shown)) {
		snprintf(ui->message, sizeof(ui->message),
			 "VM pid %d%s is gone", (int)ui->vm_pid,
			 ui->vcpu >= 0 ? " (or its vCPU)" : "");
		ui->vm_pid = 0;
		ui->vcpu = -1;
		ui->table = source_has_vms(&ui->src) ? TABLE_VMS : TABLE_REASONS;
		ui->cursor = 0;
		shown_resolve(&ui->src, 0, -1, &ui->shown);
	}
	ui->shown.vm_list = ui->table == TABLE_VMS;
	ui->shown.vcpu_list = ui->table == TABLE_VCPUS;
	ui->model = ui->shown.m;
	if (ui->table != TABLE_REASONS) {
		size_t lines = 1 + (ui->table == TABLE_VMS ? ui->src.nvms :
				    ui->shown.vm ? ui->shown.vm->nvcpus : 0);

		ui->nrows = lines;
		if (ui->cursor >= lines)
			ui->cursor = lines - 1;
		return 0;
	}
	if (ui->rows_capacity < ui->model->nreasons) {
		const struct reason_stat **rows =
			realloc(ui->rows, ui->model->nreasons * sizeof(*rows));

		if (!rows)
			return -1;
		ui->rows = rows;
		ui->rows_capacity = ui->model->nreasons;
	}
	ui->sel.filter = ui->filter;
	ui->nrows = ui->model->nreasons ?
		    select_rows(ui->model, &ui->sel, ui->rows) : 0;
	return 0;
}

/* Read everything once; the vCPUs only of the VM shown. */
static void read_all(struct ui *ui, double now)
{
	source_refresh(&ui->src, now, ui->vm_pid);
}

int tui_run(struct options *o)
{
	struct ui ui = {
		.o = o, .vm_pid = o->pid, .vcpu = o->vcpu,
		.sel = { .sort = o->sort, .active_only = o->no_zero,
			 .regex = o->reasons_text ? &o->reasons : NULL },
	};
	unsigned long frames = 0;
	int status = 0;
	double next;

	source_init(&ui.src, o->path, o->path ? NULL : o->root,
		    (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
	read_all(&ui, clock_now());
	if (!o->path && ui.src.host.last_event == MODEL_ERROR &&
	    ui.src.host.error.status == KVMEXIT_STATS_MISSING) {
		/* A kernel without the series: its kvm:kvm_exit tracepoint. */
		char msg[512];

		status = source_use_tracepoint(&ui.src, o->tracefs, msg, sizeof(msg));
		if (status) {
			report_error("no exit_stats file under %s, and no tracepoint to count with: %s",
				     o->root, msg);
			source_free(&ui.src);
			return status;
		}
		read_all(&ui, clock_now());
	}
	if (o->pid || o->guest) {
		/* A VM asked for by name or pid must be there to start. */
		if (ui.src.host.last_event == MODEL_ERROR) {
			report_error("%s: %s", o->root, ui.src.host.error.message);
			status = ui.src.host.error.status == KVMEXIT_STATS_MISSING ?
				 KVMEXIT_EXIT_NO_HOST : KVMEXIT_EXIT_RUNTIME;
		} else {
			status = shown_choose_vm(o, &ui.src, clock_now());
		}
		if (status) {
			source_free(&ui.src);
			return status;
		}
		ui.vm_pid = o->pid;
	}
	if (o->vms || (!o->path && !o->pid && ui.src.nvms > 1))
		ui.table = TABLE_VMS;
	if (terminal_start()) {
		source_free(&ui.src);
		return KVMEXIT_EXIT_RUNTIME;
	}
	next = clock_now() + o->delay;
	for (;;) {
		if (ui_select(&ui)) {
			terminal_stop();
			report_error("out of memory");
			status = KVMEXIT_EXIT_RUNTIME;
			break;
		}
		view_draw(&ui);
		if (o->iterations && frames >= o->iterations)
			break;

		double wait = next - clock_now();

		timeout(wait > 0 ? (int)(wait * 1000) + 1 : 0);
		int key = getch();
		int result = 0;

		if (terminal_quit_requested())
			break;
		if (key == KEY_RESIZE)
			result = ACTION_HANDLED;	/* the next draw fits the new size */
		else if (key != ERR) {
			ui.message[0] = '\0';
			result = input_handle_key(&ui, key);
		}
		if (result & ACTION_QUIT)
			break;

		double now = clock_now();

		if ((result & ACTION_RESAMPLE) || now >= next) {
			if (!ui.paused) {
				read_all(&ui, now);
				frames++;
			}
			/* Keep the pace unless a key read early or we fell behind. */
			if ((result & ACTION_RESAMPLE) || next + o->delay <= now)
				next = now + o->delay;
			else
				next += o->delay;
		}
	}
	terminal_stop();
	view_free();
	free(ui.rows);
	source_free(&ui.src);
	return status;
}
