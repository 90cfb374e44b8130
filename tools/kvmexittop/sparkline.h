/* SPDX-License-Identifier: GPL-2.0-only */
/* A row's last minute of rates drawn as a line of bar characters. */
#ifndef KVMEXITTOP_SPARKLINE_H
#define KVMEXITTOP_SPARKLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "model.h"

/*
 * Fill out with width characters (plus a NUL) for the history h: each
 * character averages 60/width seconds, scaled to the busiest one; a second
 * without exits is a space.  utf8 picks block characters, else ASCII.
 */
void sparkline_render(const float h[MODEL_HISTORY_SECONDS], size_t width,
		      bool utf8, wchar_t *out);

/*
 * A sparkline kept with what it was rendered from, for a caller that draws
 * it again and again: a row of the live view, whose minute changes once a
 * second, is drawn every frame.  Zeroed, it holds nothing.
 */
struct sparkline_memo {
	bool valid;
	bool utf8;
	size_t width;
	float h[MODEL_HISTORY_SECONDS];
	wchar_t text[MODEL_HISTORY_SECONDS + 1];
};

/* sparkline_render()'s text, rendered only when memo holds other input. */
const wchar_t *sparkline_memo_render(struct sparkline_memo *memo,
				     const float h[MODEL_HISTORY_SECONDS],
				     size_t width, bool utf8);

#endif /* KVMEXITTOP_SPARKLINE_H */
