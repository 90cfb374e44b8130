// SPDX-License-Identifier: GPL-2.0-only
/* The key table, its actions, and the prompts' line editing: see input.h. */
#include "input.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

static int do_quit(struct ui *ui)
{
	(void)ui;
	return ACTION_QUIT;
}

static int do_help(struct ui *ui)
{
	ui->show_help = !ui->show_help;
	return ACTION_HANDLED;
}

static int sort_step(struct ui *ui, int step)
{
	ui->sel.sort = (enum field)((ui->sel.sort + FIELD_COUNT + step) % FIELD_COUNT);
	ui->scroll = 0;
	return ACTION_HANDLED;
}

static int do_sort_next(struct ui *ui)
{
	return sort_step(ui, 1);
}

static int do_sort_prev(struct ui *ui)
{
	return sort_step(ui, -1);
}

static int start_prompt(struct ui *ui, enum prompt p, const char *initial)
{
	ui->prompt = p;
	snprintf(ui->edit, sizeof(ui->edit), "%s", initial);
	return ACTION_HANDLED;
}

static int do_filter(struct ui *ui)
{
	memcpy(ui->saved_filter, ui->filter, sizeof(ui->filter));
	return start_prompt(ui, PROMPT_FILTER, ui->filter);
}

static int do_delay(struct ui *ui)
{
	return start_prompt(ui, PROMPT_DELAY, "");
}

static int do_reset(struct ui *ui)
{
	return start_prompt(ui, PROMPT_RESET, "");
}

static int do_active(struct ui *ui)
{
	ui->sel.active_only = !ui->sel.active_only;
	ui->scroll = 0;
	return ACTION_HANDLED;
}

static int do_pause(struct ui *ui)
{
	ui->paused = !ui->paused;
	/* Resuming reads at once; the rate then spans the pause. */
	return ACTION_HANDLED | (ui->paused ? 0 : ACTION_RESAMPLE);
}

static int do_zero(struct ui *ui)
{
	model_zero(ui->model);
	snprintf(ui->message, sizeof(ui->message),
		 "Totals zeroed (display only; the kernel's counters are untouched)");
	return ACTION_HANDLED;
}

/* In a list, the keys that scroll move the cursor instead. */
static int cursor_by(struct ui *ui, long delta)
{
	long max = ui->nrows ? (long)ui->nrows - 1 : 0;
	long c = (long)ui->cursor + delta;

	ui->cursor = (size_t)(c < 0 ? 0 : c > max ? max : c);
	return ACTION_HANDLED;
}

static int scroll_by(struct ui *ui, long delta)
{
	if (ui->table != TABLE_REASONS)
		return cursor_by(ui, delta);
	long max = ui->nrows > ui->page_rows ? (long)(ui->nrows - ui->page_rows) : 0;
	long s = (long)ui->scroll + delta;

	ui->scroll = (size_t)(s < 0 ? 0 : s > max ? max : s);
	return ACTION_HANDLED;
}

static int do_up(struct ui *ui)
{
	return scroll_by(ui, -1);
}

static int do_down(struct ui *ui)
{
	return scroll_by(ui, 1);
}

static int do_page_up(struct ui *ui)
{
	return scroll_by(ui, -(long)(ui->page_rows ? ui->page_rows : 1));
}

static int do_page_down(struct ui *ui)
{
	return scroll_by(ui, (long)(ui->page_rows ? ui->page_rows : 1));
}

static int do_home(struct ui *ui)
{
	ui->scroll = 0;
	ui->cursor = 0;
	return ACTION_HANDLED;
}

/* The line of a list that shows what is shown now. */
static size_t line_of_shown(const struct ui *ui)
{
	if (ui->table == TABLE_VMS) {
		for (size_t i = 0; i < ui->src.nvms; i++)
			if (ui->vm_pid && ui->src.vms[i].pid == ui->vm_pid)
				return i + 1;
		return 0;
	}
	const struct vm_entry *vm = ui->shown.vm;

	for (size_t i = 0; vm && ui->vcpu >= 0 && i < vm->nvcpus; i++)
		if (vm->vcpus[i].id == (unsigned int)ui->vcpu)
			return i + 1;
	return 0;
}

static int open_table(struct ui *ui, enum ui_table table)
{
	ui->table = ui->table == table ? TABLE_REASONS : table;
	ui->scroll = 0;
	if (ui->table != TABLE_REASONS)
		ui->cursor = line_of_shown(ui);
	return ACTION_HANDLED;
}

static int do_vms(struct ui *ui)
{
	if (!source_has_vms(&ui->src)) {
		snprintf(ui->message, sizeof(ui->message),
			 "No VM list: -f reads one file (use --root for a tree)");
		return ACTION_HANDLED;
	}
	return open_table(ui, TABLE_VMS);
}

static int do_vcpus(struct ui *ui)
{
	if (!ui->vm_pid) {
		snprintf(ui->message, sizeof(ui->message),
			 "Per-vCPU view: choose a VM first (v, then Enter)");
		return ACTION_HANDLED;
	}
	return open_table(ui, TABLE_VCPUS);
}

/* Enter in a list: show the reasons of the line under the cursor. */
static int do_choose(struct ui *ui)
{
	if (ui->table == TABLE_VMS) {
		ui->vm_pid = ui->cursor && ui->cursor <= ui->src.nvms ?
			     ui->src.vms[ui->cursor - 1].pid : 0;
		ui->vcpu = -1;
	} else if (ui->table == TABLE_VCPUS) {
		const struct vm_entry *vm = ui->shown.vm;

		ui->vcpu = vm && ui->cursor && ui->cursor <= vm->nvcpus ?
			   (long)vm->vcpus[ui->cursor - 1].id : -1;
	} else {
		return ACTION_IGNORED;
	}
	ui->table = TABLE_REASONS;
	ui->scroll = 0;
	/* Read at once: a VM or vCPU not read before gets its baseline. */
	return ACTION_HANDLED | ACTION_RESAMPLE;
}

static int do_end(struct ui *ui)
{
	return scroll_by(ui, (long)ui->nrows);
}

static int do_redraw(struct ui *ui)
{
	(void)ui;
	clearok(curscr, TRUE);
	return ACTION_HANDLED;
}

const struct key_binding key_table[] = {
	{ 'q', "q", "quit", do_quit },
	{ 'h', "h ?", "show or hide this help", do_help },
	{ '?', NULL, NULL, do_help },
	{ 's', "s >", "sort by the next column", do_sort_next },
	{ '>', NULL, NULL, do_sort_next },
	{ '<', "<", "sort by the previous column", do_sort_prev },
	{ '/', "/", "filter rows by name (Enter keeps, Esc cancels)", do_filter },
	{ 'a', "a", "show only rows with a non-zero rate, or all", do_active },
	{ ' ', "space", "pause or resume", do_pause },
	{ 'd', "d", "set the delay between frames", do_delay },
	{ 'z', "z", "zero the displayed totals", do_zero },
	{ 'R', "R", "reset the kernel's counters (asks; needs root)", do_reset },
	{ 'v', "v", "list the VMs, or back to the reasons", do_vms },
	{ '1', "1", "list the VM's vCPUs, or back to the reasons", do_vcpus },
	{ '\n', "Enter", "in a list: show the reasons of the chosen line", do_choose },
	{ '\r', NULL, NULL, do_choose },
	{ KEY_ENTER, NULL, NULL, do_choose },
	{ KEY_UP, "Up Down", "scroll by a row", do_up },
	{ KEY_DOWN, NULL, NULL, do_down },
	{ KEY_PPAGE, "PgUp PgDn", "scroll by a page", do_page_up },
	{ KEY_NPAGE, NULL, NULL, do_page_down },
	{ KEY_HOME, "Home End", "go to the first or last row", do_home },
	{ KEY_END, NULL, NULL, do_end },
	{ 12, "^L", "redraw the screen", do_redraw },
};
const unsigned int key_count = sizeof(key_table) / sizeof(key_table[0]);

/* The file R resets: -f's, or the host's under the root. */
static void ui_reset_path(const struct ui *ui, char *buf, size_t size)
{
	if (ui->o->path)
		snprintf(buf, size, "%s", ui->o->path);
	else
		kvmexit_tree_host_path(ui->o->root, buf, size);
}

/*
 * Write "0" to the file: the kernel resets every counter (docs/abi.md).
 * Only to a debugfs file or to what is no regular file (a pipe): a copy
 * given with -f or --root is data, which `echo 0 >` would destroy.  Never
 * truncated: debugfs needs no O_TRUNC.
 */
static void reset_counters(struct ui *ui)
{
	char path[4096];
	struct stat st;
	struct statfs fs;
	int err = 0;

	ui_reset_path(ui, path, sizeof(path));
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (fstatfs(fd, &fs) || fs.f_type != DEBUGFS_MAGIC)) {
		close(fd);
		snprintf(ui->message, sizeof(ui->message),
			 "Reset refused: %.100s is a regular file, not the kernel's", path);
		return;
	}
	if (fd < 0 || write(fd, "0\n", 2) != 2)
		err = errno;
	if (fd >= 0 && close(fd) && !err)
		err = errno;
	if (!err)
		snprintf(ui->message, sizeof(ui->message),
			 "Kernel counters reset");
	else if (err == EACCES || err == EPERM)
		snprintf(ui->message, sizeof(ui->message),
			 "Reset refused: writing %.100s needs root", path);
	else
		snprintf(ui->message, sizeof(ui->message), "Reset failed: %s",
			 strerror(err));
}

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

static bool is_backspace(int key)
{
	return key == KEY_BACKSPACE || key == 127 || key == 8;
}

static int prompt_key(struct ui *ui, int key)
{
	size_t len = strlen(ui->edit);

	if (ui->prompt == PROMPT_RESET) {
		if (key == 'y' || key == 'Y') {
			reset_counters(ui);
			ui->prompt = PROMPT_NONE;
			return ACTION_HANDLED | ACTION_RESAMPLE;
		}
		ui->prompt = PROMPT_NONE;
		snprintf(ui->message, sizeof(ui->message), "Reset cancelled");
		return ACTION_HANDLED;
	}
	if (key == 27) {	/* Esc */
		if (ui->prompt == PROMPT_FILTER)
			memcpy(ui->filter, ui->saved_filter, sizeof(ui->filter));
		ui->prompt = PROMPT_NONE;
		return ACTION_HANDLED;
	}
	if (is_enter(key)) {
		if (ui->prompt == PROMPT_DELAY && len) {
			if (options_parse_delay(ui->edit, &ui->o->delay))
				snprintf(ui->message, sizeof(ui->message),
					 "Not a delay: \"%s\" (" DELAY_RANGE_TEXT " seconds)",
					 ui->edit);
			else {
				snprintf(ui->message, sizeof(ui->message),
					 "Delay %g s", ui->o->delay);
				ui->prompt = PROMPT_NONE;
				return ACTION_HANDLED | ACTION_RESAMPLE;
			}
		}
		ui->prompt = PROMPT_NONE;
		return ACTION_HANDLED;
	}
	if (is_backspace(key)) {
		if (len)
			ui->edit[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len < UI_EDIT_MAX) {
		ui->edit[len] = (char)key;
		ui->edit[len + 1] = '\0';
	} else {
		return ACTION_HANDLED;
	}
	if (ui->prompt == PROMPT_FILTER) {
		/* The filter applies while it is typed. */
		memcpy(ui->filter, ui->edit, sizeof(ui->filter));
		ui->scroll = 0;
	}
	return ACTION_HANDLED;
}

int input_handle_key(struct ui *ui, int key)
{
	if (ui->prompt != PROMPT_NONE)
		return prompt_key(ui, key);
	if (ui->show_help && key != 'q') {
		/* Any key leaves the help screen, as in top. */
		ui->show_help = false;
		return ACTION_HANDLED;
	}
	for (unsigned int i = 0; i < key_count; i++)
		if (key_table[i].key == key)
			return key_table[i].action(ui);
	return ACTION_IGNORED;
}
