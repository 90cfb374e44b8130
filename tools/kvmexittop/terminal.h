/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * All curses setup and teardown, colours and signals, in one place (htop's
 * CRT.c is the model).  Everything else draws with terminal_attr() and never
 * calls initscr(), endwin() or start_color() itself.
 */
#ifndef KVMEXITTOP_TERMINAL_H
#define KVMEXITTOP_TERMINAL_H

#include <stdbool.h>

/* What a piece of the screen is, so the scheme decides how it looks. */
enum color_role {
	ROLE_NORMAL,
	ROLE_HEADER,		/* the summary lines */
	ROLE_TITLE,		/* column titles */
	ROLE_TITLE_SORTED,	/* the title of the sort column */
	ROLE_SPARK,		/* history bars */
	ROLE_WARN,		/* errors, "paused", the reset question */
	ROLE_STATUS,		/* the key hints on the last line */
	ROLE_COUNT
};

/* Start curses; on failure prints why and returns -1. */
int terminal_start(void);
/* Restore the terminal; safe to call twice, and from atexit. */
void terminal_stop(void);

/* The attributes of a role: colour pair and/or video attributes. */
int terminal_attr(enum color_role role);

/* SIGINT or SIGTERM arrived: the loop should end and restore. */
bool terminal_quit_requested(void);

/* The terminal shows UTF-8, so the sparkline can use block characters. */
bool terminal_utf8(void);

#endif /* KVMEXITTOP_TERMINAL_H */
