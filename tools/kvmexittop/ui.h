/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live view's state: what the key actions change and the view draws.
 * The model inside it is the same one batch mode uses.
 */
#ifndef KVMEXITTOP_UI_H
#define KVMEXITTOP_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "model.h"
#include "options.h"
#include "shown.h"
#include "source.h"

enum prompt {
	PROMPT_NONE,
	PROMPT_FILTER,		/* "/": typing a name filter */
	PROMPT_DELAY,		/* "d": typing a delay */
	PROMPT_RESET,		/* "R": waiting for y or n */
};

#define UI_EDIT_MAX 32

/* The table on screen: one VM's (or the host's) reasons, or a list. */
enum ui_table {
	TABLE_REASONS,
	TABLE_VMS,		/* v: the host, then every VM */
	TABLE_VCPUS,		/* 1: the VM, then each of its vCPUs */
};

struct ui {
	struct options *o;		/* delay and path */
	struct source src;
	enum ui_table table;
	pid_t vm_pid;			/* the VM whose reasons show; 0: host */
	long vcpu;			/* its vCPU; -1: all of them */
	size_t cursor;			/* the chosen line of a list */
	struct shown shown;		/* resolved by ui_select() */
	struct model *model;		/* shown.m */
	struct row_selection sel;
	char filter[UI_EDIT_MAX + 1];	/* sel.filter points here */
	bool paused;
	bool show_help;
	size_t scroll;			/* first row shown */
	size_t page_rows;		/* rows that fit, set by the view */
	enum prompt prompt;
	char edit[UI_EDIT_MAX + 1];	/* the text being typed */
	char saved_filter[UI_EDIT_MAX + 1];	/* restored by Esc */
	char message[160];		/* shown once on the status line */
	const struct reason_stat **rows;	/* selected rows, in order */
	size_t nrows;
	size_t rows_capacity;
};

/*
 * Resolve what is shown (a VM that went away leaves its place to the VM
 * list, with a message) and recompute ui->rows from its model and the
 * selection; in a list, nrows is its number of lines.
 */
int ui_select(struct ui *ui);

#endif /* KVMEXITTOP_UI_H */
