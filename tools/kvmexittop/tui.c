// SPDX-License-Identifier: GPL-2.0-only
/*
 * The screen manager: the only place that reads keys, reacts to resizes and
 * decides when to read the file.  See tui.h.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <unistd.h>

#include "canvas.h"
#include "clock.h"
#include "input.h"
#include "terminal.h"
#include "ui.h"
#include "view.h"

int ui_select(struct ui *ui)
{
	if (ui->rows_capacity < ui->model.nreasons) {
		const struct reason_stat **rows =
			realloc(ui->rows, ui->model.nreasons * sizeof(*rows));

		if (!rows)
			return -1;
		ui->rows = rows;
		ui->rows_capacity = ui->model.nreasons;
	}
	ui->sel.filter = ui->filter;
	ui->nrows = ui->model.nreasons ? select_rows(&ui->model, &ui->sel, ui->rows) : 0;
	return 0;
}

int tui_run(struct options *o)
{
	struct ui ui = { .o = o, .sel = { .sort = o->sort } };
	unsigned long frames = 0;
	double next;

	model_init(&ui.model, (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
	if (terminal_start()) {
		model_free(&ui.model);
		return 1;
	}
	model_read(&ui.model, o->path, clock_now());
	next = clock_now() + o->delay;
	for (;;) {
		if (ui_select(&ui)) {
			terminal_stop();
			fprintf(stderr, "kvmexittop: out of memory\n");
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
				model_read(&ui.model, o->path, now);
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
	canvas_free();
	view_free();
	free(ui.rows);
	model_free(&ui.model);
	return 0;
}
