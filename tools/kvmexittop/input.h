/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Keys of the live view: a table mapping each key to an action (htop's
 * model).  Actions change struct ui and say what should follow; the help
 * screen and the man page's KEYS section list the same table.
 */
#ifndef KVMEXITTOP_INPUT_H
#define KVMEXITTOP_INPUT_H

#include "ui.h"

enum action_result {
	ACTION_IGNORED = 0,
	ACTION_HANDLED = 1 << 0,	/* redraw */
	ACTION_RESAMPLE = 1 << 1,	/* read the file now */
	ACTION_QUIT = 1 << 2,
};

struct key_binding {
	int key;
	const char *label;	/* how the help screen names the key */
	const char *help;
	int (*action)(struct ui *ui);
};

extern const struct key_binding key_table[];
extern const unsigned int key_count;

/* Handle one key from getch(): a prompt's, or the table's. */
int input_handle_key(struct ui *ui, int key);

#endif /* KVMEXITTOP_INPUT_H */
