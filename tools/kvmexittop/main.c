// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmexittop: the VM exits KVM handles, live, from the host's
 * /sys/kernel/debug/kvm/exit_stats (docs/abi.md section 4).
 */
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "batch.h"
#include "options.h"
#include "report.h"
#include "tui.h"

int main(int argc, char **argv)
{
	struct options o;

	setlocale(LC_ALL, "");
	switch (options_parse(argc, argv, &o)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_EXIT_OK:
		return 0;
	case OPTIONS_EXIT_USAGE:
		return EXIT_USAGE;
	}
	if (o.batch) {
		/* Line-buffered, so a reader of a pipe sees each frame. */
		setvbuf(stdout, NULL, _IOLBF, 0);
		return batch_run(&o);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		report_error("the live view needs a terminal; use -b for batch output");
		return EXIT_USAGE;
	}
	return tui_run(&o);
}
