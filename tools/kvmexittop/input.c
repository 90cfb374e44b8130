// SPDX-License-Identifier: GPL-2.0-only
/* The key table, its actions, and the prompts' line editing: see input.h. */
#include "input.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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
	model_zero(&ui->model);
	snprintf(ui->message, sizeof(ui->message),
		 "Totals zeroed (display only; the kernel's counters are untouched)");
	return ACTION_HANDLED;
}

static int scroll_by(struct ui *ui, long delta)
{
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
	return ACTION_HANDLED;
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
	{ KEY_UP, "Up Down", "scroll by a row", do_up },
	{ KEY_DOWN, NULL, NULL, do_down },
	{ KEY_PPAGE, "PgUp PgDn", "scroll by a page", do_page_up },
	{ KEY_NPAGE, NULL, NULL, do_page_down },
	{ KEY_HOME, "Home End", "go to the first or last row", do_home },
	{ KEY_END, NULL, NULL, do_end },
	{ 12, "^L", "redraw the screen", do_redraw },
};
const unsigned int key_count = sizeof(key_table) / sizeof(key_table[0]);

/*
 * Write "0" to the file: the kernel resets every counter (docs/abi.md).
 * O_TRUNC as in `echo 0 >FILE`, so a regular file (-f) ends up as "0" too.
 */
static void reset_counters(struct ui *ui)
{
	int fd = open(ui->o->path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int err = 0;

	if (fd < 0 || write(fd, "0\n", 2) != 2)
		err = errno;
	if (fd >= 0 && close(fd) && !err)
		err = errno;
	if (!err)
		snprintf(ui->message, sizeof(ui->message),
			 "Kernel counters reset");
	else if (err == EACCES || err == EPERM)
		snprintf(ui->message, sizeof(ui->message),
			 "Reset refused: writing %s needs root", ui->o->path);
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
					 "Not a delay: \"%s\" (%g to %g seconds)",
					 ui->edit, DELAY_MIN, DELAY_MAX);
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
