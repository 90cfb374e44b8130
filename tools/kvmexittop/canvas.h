/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the live view draws a frame on: a grid of cells, each a character
 * and a colour role, kept from one frame to the next.  canvas_end() hands
 * curses only the cells that changed, so stdscr, wnoutrefresh() and
 * doupdate() handle a few changed numbers rather than a whole erased and
 * redrawn screen, at a fraction of the CPU time.
 *
 * The calls mirror the curses calls the view would otherwise make, and
 * leave stdscr as they would have, cursor included.  The grid holds
 * printable ASCII and wide characters one column wide (the sparkline's
 * bars), within the line.  Anything else (a control character or a
 * multi-byte sequence in a path or a message, text running past the edge)
 * makes canvas_end() refuse the frame; the view then draws it again in
 * direct mode, which is those very curses calls after an erase().
 */
#ifndef KVMEXITTOP_CANVAS_H
#define KVMEXITTOP_CANVAS_H

#include <stdbool.h>
#include <wchar.h>

#include "terminal.h"

/* Start a frame, blank and the size of the screen. */
void canvas_begin(bool direct);

/* In role: mvaddnstr(y, x, text, n). */
void canvas_text(int y, int x, enum color_role role, const char *text, int n);
/* In role: mvaddnwstr(y, x, text, n). */
void canvas_wide(int y, int x, enum color_role role, const wchar_t *text,
		 int n);
/* In role: mvhline(y, 0, ' ', COLS), the whole line blank. */
void canvas_fill(int y, enum color_role role);

/*
 * Put the frame on the screen (refresh()).  Returns false, having changed
 * nothing, when the frame held what the grid cannot: draw it again with
 * canvas_begin(true).
 */
bool canvas_end(void);

void canvas_free(void);

#endif /* KVMEXITTOP_CANVAS_H */
