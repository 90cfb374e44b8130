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

	int status;

	/*
	 * The user's locale for the terminal's characters (the sparkline's
	 * blocks), but numbers in and out stay "C": -d 0.5, JSON, CSV and the
	 * log mean the same in every locale.
	 */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	switch (options_parse(argc, argv, &o)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_EXIT_OK:
		return report_stdout_status(KVMEXIT_EXIT_OK);
	case OPTIONS_EXIT_USAGE:
		return KVMEXIT_EXIT_USAGE;
	}
	if (o.batch || o.log_path) {
		/* Line-buffered, so a reader of a pipe sees each frame. */
		setvbuf(stdout, NULL, _IOLBF, 0);
		status = batch_run(&o);
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		report_error("the live view needs a terminal; use -b for batch output");
		status = KVMEXIT_EXIT_USAGE;
	} else {
		status = tui_run(&o);
	}
	options_free(&o);
	return report_stdout_status(status);
}
