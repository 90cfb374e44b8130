/* SPDX-License-Identifier: GPL-2.0-only */
/* The live view's loop: read, draw, wait for a key or the next frame. */
#ifndef KVMEXITTOP_TUI_H
#define KVMEXITTOP_TUI_H

#include "options.h"

/* Runs until q, SIGINT or SIGTERM; returns the exit status. */
int tui_run(struct options *o);

#endif /* KVMEXITTOP_TUI_H */
