/* SPDX-License-Identifier: GPL-2.0-only */
/* Monotonic time in seconds, the only clock kvmexittop's rates use. */
#ifndef KVMEXITTOP_CLOCK_H
#define KVMEXITTOP_CLOCK_H

#include <time.h>

static inline double clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleep until the monotonic time t, whatever signals interrupt. */
static inline void clock_sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (double)(time_t)t) * 1e9),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

#endif /* KVMEXITTOP_CLOCK_H */
