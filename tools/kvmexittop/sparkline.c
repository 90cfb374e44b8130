// SPDX-License-Identifier: GPL-2.0-only
/* Sparklines: see sparkline.h. */
#include "sparkline.h"

#include <string.h>

static const wchar_t blocks[] = L"▁▂▃▄▅▆▇█";
static const wchar_t ascii[] = L"_.-~=+*#";
#define LEVELS 8

void sparkline_render(const float h[MODEL_HISTORY_SECONDS], size_t width,
		      bool utf8, wchar_t *out)
{
	float cells[MODEL_HISTORY_SECONDS];
	float max = 0;

	if (width > MODEL_HISTORY_SECONDS)
		width = MODEL_HISTORY_SECONDS;
	/* Cell i covers seconds [i*60/width, (i+1)*60/width). */
	for (size_t i = 0; i < width; i++) {
		size_t lo = i * MODEL_HISTORY_SECONDS / width;
		size_t hi = (i + 1) * MODEL_HISTORY_SECONDS / width;
		float sum = 0;

		for (size_t s = lo; s < hi; s++)
			sum += h[s];
		cells[i] = hi > lo ? sum / (float)(hi - lo) : 0;
		if (cells[i] > max)
			max = cells[i];
	}
	for (size_t i = 0; i < width; i++) {
		if (cells[i] <= 0 || max <= 0) {
			out[i] = L' ';
			continue;
		}
		/* Anything above zero shows at least the lowest bar. */
		int level = (int)(cells[i] / max * (LEVELS - 1) + 0.5f);

		if (level >= LEVELS)
			level = LEVELS - 1;
		out[i] = utf8 ? blocks[level] : ascii[level];
	}
	out[width] = L'\0';
}

const wchar_t *sparkline_memo_render(struct sparkline_memo *memo,
				     const float h[MODEL_HISTORY_SECONDS],
				     size_t width, bool utf8)
{
	/* The bits of h, not ==: the same input, so the same text. */
	if (!memo->valid || memo->width != width || memo->utf8 != utf8 ||
	    memcmp(memo->h, h, sizeof(memo->h))) {
		sparkline_render(h, width, utf8, memo->text);
		memcpy(memo->h, h, sizeof(memo->h));
		memo->width = width;
		memo->utf8 = utf8;
		memo->valid = true;
	}
	return memo->text;
}
