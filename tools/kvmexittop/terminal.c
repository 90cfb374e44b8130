// SPDX-License-Identifier: GPL-2.0-only
/* Curses setup and teardown, colours and signals: see terminal.h. */
#include "terminal.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How each role looks in colour, and without (NO_COLOR, mono terminals). */
static const struct {
	short fg, bg;
	int color_attrs;
	int mono_attrs;
} scheme[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_HEADER] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_REVERSE },
	[ROLE_TITLE_SORTED] = { COLOR_BLACK, COLOR_CYAN, A_BOLD,
				A_REVERSE | A_BOLD | A_UNDERLINE },
	[ROLE_SPARK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_WARN] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
};

static bool started;
static bool colours;
static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	(void)sig;
	quit_signal = 1;
}

/* https://no-color.org: present and not empty disables colour. */
static bool no_color_requested(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

int terminal_start(void)
{
	/*
	 * No SA_RESTART: the signal interrupts the wait for a key, so the loop
	 * sees terminal_quit_requested() at once and restores the terminal.
	 */
	struct sigaction sa = { .sa_handler = on_quit_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "kvmexittop: cannot use terminal type \"%s\"\n",
			getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	started = true;
	atexit(terminal_stop);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);	/* Esc cancels a prompt without a pause */
	/*
	 * No poll() for typeahead every few changed lines of a refresh: a
	 * key is read right after the refresh and the view redrawn at once.
	 */
	typeahead(-1);

	colours = has_colors() && !no_color_requested();
	if (colours && start_color() == OK) {
		use_default_colors();
		for (int r = 1; r < ROLE_COUNT; r++)
			init_pair((short)r, scheme[r].fg, scheme[r].bg);
	} else {
		colours = false;
	}
	/*
	 * Until a first endwin() and refresh(), ncurses (6.4 at least) takes
	 * the screen for not yet started and flushes its output at every
	 * cursor move (_nc_mvcur() while SP->_endwin is ewInitial): a write()
	 * per changed span, over a hundred a frame, a third of the view's CPU
	 * time.  One round trip before anything is drawn puts it in its
	 * running state, where a refresh is a single write().
	 */
	endwin();
	refresh();
	return 0;
}

void terminal_stop(void)
{
	if (!started)
		return;
	started = false;
	curs_set(1);
	endwin();
	fflush(stdout);
}

int terminal_attr(enum color_role role)
{
	if (!colours)
		return scheme[role].mono_attrs;
	return (role == ROLE_NORMAL ? 0 : (int)COLOR_PAIR(role)) |
	       scheme[role].color_attrs;
}

bool terminal_quit_requested(void)
{
	return quit_signal;
}

bool terminal_utf8(void)
{
	return !strcmp(nl_langinfo(CODESET), "UTF-8");
}
