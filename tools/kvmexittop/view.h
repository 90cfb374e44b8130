/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Drawing the live view: header, column titles, rows with their sparklines,
 * the status line, the help screen, and "too small".  Reads struct ui,
 * writes nothing back but ui->page_rows.
 */
#ifndef KVMEXITTOP_VIEW_H
#define KVMEXITTOP_VIEW_H

#include <stddef.h>

#include "ui.h"

/* Smallest screen the view draws into. */
#define VIEW_MIN_COLS 60
#define VIEW_MIN_LINES 7

void view_draw(struct ui *ui);
/* Free what view_draw() keeps between frames. */
void view_free(void);

/*
 * Human-sized numbers for narrow columns: 12.5, 1234, 12.3k, 4.56M ...
 * Exposed for the tests.
 */
void view_format_number(char *buf, size_t size, double v);

/* An uptime as H:MM:SS, or Dd HH:MM:SS from a day on. */
void view_format_uptime(char *buf, size_t size, double seconds);

#endif /* KVMEXITTOP_VIEW_H */
