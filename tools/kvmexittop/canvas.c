// SPDX-License-Identifier: GPL-2.0-only
/* The live view's grid of cells, and what it hands curses: see canvas.h. */
#include "canvas.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* A cell: the character in the low 24 bits, the role above them. */
typedef uint32_t cell;
#define CELL(ch, role)	((cell)(ch) | (cell)(role) << 24)
#define CELL_CHAR(c)	((wchar_t)((c) & 0xffffff))
#define CELL_ROLE(c)	((enum color_role)((c) >> 24))
#define BLANK		CELL(' ', ROLE_NORMAL)	/* what erase() leaves */

/*
 * Changed cells this close together go to curses in one call, the equal
 * ones between included: a call costs more than a few cells.
 */
#define MERGE_GAP 8

/* Cells handed to curses at a time. */
#define CHUNK 128

static struct {
	cell *next;		/* the frame being drawn */
	cell *shown;		/* what stdscr holds, if shown_valid */
	int lines, cols;
	bool shown_valid;
	bool direct;		/* this frame goes straight to curses */
	bool refused;		/* it has what the grid cannot hold */
	int cur_y, cur_x;	/* where curses would have left the cursor */
} cv;

static void blank(cell *grid)
{
	for (size_t i = 0, n = (size_t)cv.lines * (size_t)cv.cols; i < n; i++)
		grid[i] = BLANK;
}

static bool resize(void)
{
	size_t n = (size_t)LINES * (size_t)COLS;
	cell *next = realloc(cv.next, (n ? n : 1) * sizeof(cell));

	if (!next)
		return false;
	cv.next = next;
	cell *shown = realloc(cv.shown, (n ? n : 1) * sizeof(cell));

	if (!shown)
		return false;
	cv.shown = shown;
	cv.lines = LINES;
	cv.cols = COLS;
	return true;
}

void canvas_begin(bool direct)
{
	cv.refused = false;
	cv.cur_y = cv.cur_x = 0;	/* erase() homes the cursor */
	if (!direct && (LINES != cv.lines || COLS != cv.cols)) {
		cv.shown_valid = false;
		if (!resize()) {
			cv.lines = cv.cols = 0;
			direct = true;	/* no memory for a grid: do without */
		}
	}
	cv.direct = direct;
	if (direct) {
		cv.shown_valid = false;	/* stdscr is no longer the grid */
		erase();
		return;
	}
	blank(cv.next);
}

/*
 * The wide characters outside ASCII that a grid cell holds: printable and
 * one column wide, as curses will find them.  Remembered, since the
 * sparkline draws the same eight bars thousands of times a frame.
 */
static bool one_column(wchar_t ch)
{
	static wchar_t known[16];
	static unsigned int nknown;

	for (unsigned int i = 0; i < nknown; i++)
		if (known[i] == ch)
			return true;
	if (ch > 0xffffff || !iswprint((wint_t)ch) || wcwidth(ch) != 1)
		return false;
	if (nknown < sizeof(known) / sizeof(known[0]))
		known[nknown++] = ch;
	return true;
}

static bool is_ascii_print(unsigned int ch)
{
	return ch >= 0x20 && ch < 0x7f;
}

/* The cursor after writing up to column x of line y, wrapping as curses. */
static void moved_to(int y, int x)
{
	if (x < cv.cols) {
		cv.cur_y = y;
		cv.cur_x = x;
	} else if (y + 1 < cv.lines) {
		cv.cur_y = y + 1;
		cv.cur_x = 0;
	} else {
		cv.cur_y = y;		/* the last line does not scroll */
		cv.cur_x = cv.cols - 1;
	}
}

/* Where wmove() fails, curses draws nothing and the cursor stays. */
static bool on_screen(int y, int x)
{
	return y >= 0 && y < cv.lines && x >= 0 && x < cv.cols;
}

void canvas_text(int y, int x, enum color_role role, const char *text, int n)
{
	if (cv.direct) {
		attrset(terminal_attr(role));
		mvaddnstr(y, x, text, n);
		attrset(A_NORMAL);
		return;
	}
	if (!on_screen(y, x))
		return;

	cell *row = cv.next + (size_t)y * (size_t)cv.cols;
	int i;

	for (i = 0; (n < 0 || i < n) && text[i]; i++) {
		if (x + i >= cv.cols || !is_ascii_print((unsigned char)text[i])) {
			cv.refused = true;
			return;
		}
		row[x + i] = CELL((unsigned char)text[i], role);
	}
	moved_to(y, x + i);
}

void canvas_wide(int y, int x, enum color_role role, const wchar_t *text,
		 int n)
{
	if (cv.direct) {
		attrset(terminal_attr(role));
		mvaddnwstr(y, x, text, n);
		attrset(A_NORMAL);
		return;
	}
	if (!on_screen(y, x))
		return;

	cell *row = cv.next + (size_t)y * (size_t)cv.cols;
	int i;

	for (i = 0; (n < 0 || i < n) && text[i]; i++) {
		if (x + i >= cv.cols ||
		    !(is_ascii_print((unsigned int)text[i]) || one_column(text[i]))) {
			cv.refused = true;
			return;
		}
		row[x + i] = CELL(text[i], role);
	}
	moved_to(y, x + i);
}

void canvas_fill(int y, enum color_role role)
{
	if (cv.direct) {
		attrset(terminal_attr(role));
		mvhline(y, 0, ' ', COLS);
		attrset(A_NORMAL);
		return;
	}
	if (!on_screen(y, 0))
		return;

	cell *row = cv.next + (size_t)y * (size_t)cv.cols;

	for (int x = 0; x < cv.cols; x++)
		row[x] = CELL(' ', role);
	cv.cur_y = y;			/* whline() leaves the cursor */
	cv.cur_x = 0;
}

/*
 * Cells [x, end) of line y of the frame into stdscr, a call per role.
 * ASCII goes in as chtype, which curses copies as it is; wide characters
 * (a sparkline that changed) through waddnwstr(), which looks at each.
 */
static void put_cells(int y, int x, int end)
{
	const cell *row = cv.next + (size_t)y * (size_t)cv.cols;

	while (x < end) {
		enum color_role role = CELL_ROLE(row[x]);
		bool ascii = true;
		int n = 0;

		while (x + n < end && n < CHUNK && CELL_ROLE(row[x + n]) == role)
			ascii &= CELL_CHAR(row[x + n++]) < 0x80;
		if (ascii) {
			chtype text[CHUNK];
			chtype attr = (chtype)terminal_attr(role);

			for (int i = 0; i < n; i++)
				text[i] = (chtype)CELL_CHAR(row[x + i]) | attr;
			mvaddchnstr(y, x, text, n);
		} else {
			wchar_t text[CHUNK + 1];

			for (int i = 0; i < n; i++)
				text[i] = CELL_CHAR(row[x + i]);
			text[n] = L'\0';
			attrset(terminal_attr(role));
			mvaddnwstr(y, x, text, n);
			attrset(A_NORMAL);
		}
		x += n;
	}
}

static int first_same(const cell *a, const cell *b, int x, int end)
{
	while (x < end && a[x] != b[x])
		x++;
	return x;
}

static int first_different(const cell *a, const cell *b, int x, int end)
{
	while (x < end && a[x] == b[x])
		x++;
	return x;
}

/* The changed runs of line y into stdscr. */
static void put_changes(int y)
{
	size_t at = (size_t)y * (size_t)cv.cols;
	const cell *now = cv.next + at, *was = cv.shown + at;
	int cols = cv.cols;

	if (!memcmp(now, was, (size_t)cols * sizeof(cell)))
		return;
	for (int x = first_different(now, was, 0, cols); x < cols;) {
		int end = first_same(now, was, x, cols);
		int next = first_different(now, was, end, cols);

		while (next < cols && next - end < MERGE_GAP) {
			end = first_same(now, was, next, cols);
			next = first_different(now, was, end, cols);
		}
		put_cells(y, x, end);
		x = next;
	}
}

bool canvas_end(void)
{
	if (!cv.direct) {
		if (cv.refused)
			return false;
		if (!cv.shown_valid) {
			/*
			 * Start from blank: whatever a direct frame or a resize
			 * left in stdscr (a double-width character, say, that
			 * curses would mend around) is gone.
			 */
			erase();
			blank(cv.shown);
			cv.shown_valid = true;
		}
		for (int y = 0; y < cv.lines; y++)
			put_changes(y);
		move(cv.cur_y, cv.cur_x);

		cell *shown = cv.shown;

		cv.shown = cv.next;
		cv.next = shown;
	}
	refresh();
	return true;
}

void canvas_free(void)
{
	free(cv.next);
	free(cv.shown);
	memset(&cv, 0, sizeof(cv));
}
