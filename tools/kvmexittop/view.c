// SPDX-License-Identifier: GPL-2.0-only
/* Drawing the live view: see view.h. */
#include "view.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shown.h"
#include "input.h"
#include "sparkline.h"
#include "terminal.h"

/* Rows above the table: two summary lines, the minute, the titles. */
#define HEADER_LINES 4
#define HISTORY_MAX_WIDTH MODEL_HISTORY_SECONDS

/* "%.<decimals>f<suffix>", suffix '\0' for none. */
static void format_fixed(char *buf, size_t size, double v, int decimals,
			 char suffix)
{
	/* %.1s of the suffix: the one character, or nothing for '\0'. */
	snprintf(buf, size, "%.*f%.1s", decimals, v, &suffix);
}

void view_format_number(char *buf, size_t size, double v)
{
	static const char suffix[] = "kMGTPE";
	int i = -1;

	if (v < 10)
		format_fixed(buf, size, v, 2, '\0');
	else if (v < 1000)
		format_fixed(buf, size, v, 1, '\0');
	else if (v < 100000)
		format_fixed(buf, size, v, 0, '\0');
	else {
		while (v >= 1000 && i < 5) {
			v /= 1000;
			i++;
		}
		format_fixed(buf, size, v, v < 100 ? 2 : 1, suffix[i]);
	}
}

/* Counts are whole: no decimals below 100000. */
static void format_count(char *buf, size_t size, double v)
{
	if (v < 100000)
		format_fixed(buf, size, v, 0, '\0');
	else
		view_format_number(buf, size, v);
}

void view_format_uptime(char *buf, size_t size, double seconds)
{
	unsigned long s = seconds > 0 ? (unsigned long)seconds : 0;

	if (s >= 86400)
		snprintf(buf, size, "%lud %02lu:%02lu:%02lu", s / 86400,
			 s / 3600 % 24, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60,
			 s % 60);
}

/*
 * The three ways the view draws, in a role's colours: text (at most n
 * characters), wide text (the sparkline), a whole blank line.  Every
 * frame is erased and drawn whole; curses sends the terminal only what
 * changed (bench/: within the 2 ms a frame at 200 rows).
 */
static void put_text(int y, int x, enum color_role role, const char *text, int n)
{
	attrset(terminal_attr(role));
	mvaddnstr(y, x, text, n);
	attrset(A_NORMAL);
}

static void put_wide(int y, int x, enum color_role role, const wchar_t *text,
		     int n)
{
	attrset(terminal_attr(role));
	mvaddnwstr(y, x, text, n);
	attrset(A_NORMAL);
}

static void put_fill(int y, enum color_role role)
{
	attrset(terminal_attr(role));
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
}

static void draw_text(int y, int x, enum color_role role, const char *text)
{
	put_text(y, x, role, text, COLS - x > 0 ? COLS - x : 0);
}

/* Where the numbers come from, for the header and errors. */
static const char *source_name(const struct ui *ui)
{
	return ui->o->path ? ui->o->path : ui->o->root;
}

static void draw_header(const struct ui *ui)
{
	const struct model *m = ui->model;
	char line[512], a[32], b[32], up[32], title[160];

	shown_title(&ui->shown, title, sizeof(title));
	if (!m->have_counters) {
		snprintf(line, sizeof(line), "kvmexittop - %s: %s", title,
			 source_name(ui));
		draw_text(0, 0, ROLE_HEADER, line);
	} else {
		view_format_uptime(up, sizeof(up), model_uptime(m));
		if (ui->src.tracepoint)
			snprintf(line, sizeof(line),
				 "kvmexittop - %s: %s, tracepoint mode: counts only, %u CPUs, counters up %s",
				 title, kvmexit_vendor_name(m->vendor),
				 m->online_cpus, up);
		else
			snprintf(line, sizeof(line),
				 "kvmexittop - %s: %s, tsc %llu kHz, %u CPUs, counters up %s%s",
				 title, kvmexit_vendor_name(m->vendor),
				 (unsigned long long)m->tsc_khz, m->online_cpus, up,
				 m->cycles_measured ? "" : ", cycles not measured");
		draw_text(0, 0, ROLE_HEADER, line);

		format_count(b, sizeof(b), (double)model_shown_total(m));
		if (m->rates_valid) {
			view_format_number(a, sizeof(a), m->rate);
			if (m->cycles_measured)
				snprintf(line, sizeof(line),
					 "Exits: %s/s, %s total   Handling: %.2f%% of host CPU time",
					 a, b, 100 * model_cpu_share(m));
			else
				snprintf(line, sizeof(line),
					 "Exits: %s/s, %s total   Handling: -%% of host CPU time",
					 a, b);
		} else {
			snprintf(line, sizeof(line),
				 "Exits: -/s, %s total   Handling: -%% of host CPU time",
				 b);
		}
		draw_text(1, 0, ROLE_HEADER, line);
	}
	if (ui->table == TABLE_REASONS)
		snprintf(line, sizeof(line), "Sort: %s%s%s%s%s%s",
			 field_table[ui->sel.sort].title,
			 ui->filter[0] ? "   Filter: " : "", ui->filter,
			 ui->sel.active_only ? "   Active only" : "",
			 ui->o->reasons_text ? "   Reasons: " : "",
			 ui->o->reasons_text ? ui->o->reasons_text : "");
	else
		snprintf(line, sizeof(line), "%s", ui->table == TABLE_VMS ?
			 "Enter: show the VM's reasons   v: back" :
			 "Enter: show the vCPU's reasons   1: back");
	draw_text(2, 0, ROLE_NORMAL, line);
	if (ui->paused) {
		static const char paused[] = "[paused]";
		int x = COLS - (int)sizeof(paused);

		draw_text(0, x > 0 ? x : 0, ROLE_WARN, paused);
	}
}

/* One line of a list: the cursor's in the sorted-title colours. */
static void draw_list_line(const struct ui *ui, size_t index, const char *text)
{
	int y = HEADER_LINES + (int)(index - ui->scroll);

	if (index == ui->cursor) {
		put_fill(y, ROLE_TITLE_SORTED);
		draw_text(y, 0, ROLE_TITLE_SORTED, text);
	} else {
		draw_text(y, 0, ROLE_NORMAL, text);
	}
}

/* A model's rate and share columns as text: "-" where there is none. */
static void list_numbers(const struct model *m, double share, bool share_valid,
			 char rate[16], char pct[16])
{
	strcpy(rate, "-");
	strcpy(pct, "-");
	if (m->rates_valid)
		view_format_number(rate, 16, m->rate);
	if (share_valid)
		snprintf(pct, 16, "%.1f", 100 * share);
}

/*
 * The VM list (v): the host first, then one line per VM; or a VM's vCPUs
 * (1): the whole VM first, then one line per vCPU.  Shares are of the
 * host's handling cycles, or of the VM's.
 */
static void draw_list(struct ui *ui)
{
	const struct source *src = &ui->src;
	const struct vm_entry *vm = ui->shown.vm;
	char line[256], rate[16], pct[16];
	size_t lines = ui->nrows;

	put_fill(HEADER_LINES - 1, ROLE_TITLE);
	if (ui->table == TABLE_VMS)
		snprintf(line, sizeof(line), "%8s %-24s %5s %9s %7s %s", "PID",
			 "NAME", "VCPUS", "EXITS/S", "%HOST", "TOP REASON");
	else
		snprintf(line, sizeof(line), "%8s %9s %7s %s", "VCPU", "EXITS/S",
			 "%VM", "TOP REASON");
	draw_text(HEADER_LINES - 1, 0, ROLE_TITLE, line);
	if (ui->cursor < ui->scroll)
		ui->scroll = ui->cursor;
	if (ui->page_rows && ui->cursor >= ui->scroll + ui->page_rows)
		ui->scroll = ui->cursor - ui->page_rows + 1;
	for (size_t i = ui->scroll; i < lines && i < ui->scroll + ui->page_rows; i++) {
		const struct model *m;
		const struct reason_stat *top;
		const char *label;
		char id[24];
		size_t vcpus = 0;
		double share;
		bool share_valid;

		if (ui->table == TABLE_VMS) {
			m = i ? &src->vms[i - 1].model : &src->host;
			label = i ? src->vms[i - 1].name : "(host: all VMs)";
			vcpus = i ? src->vms[i - 1].vcpu_count : 0;
			snprintf(id, sizeof(id), i ? "%d" : "-",
				 i ? (int)src->vms[i - 1].pid : 0);
			share = source_host_time_share(src, m);
		} else {
			const struct model *whole = &vm->model;

			m = i ? &vm->vcpus[i - 1].model : whole;
			label = NULL;
			if (i)
				snprintf(id, sizeof(id), "%u", vm->vcpus[i - 1].id);
			else
				snprintf(id, sizeof(id), "all");
			share = whole->cycles_rate > 0 && m->rates_valid ?
				m->cycles_rate / whole->cycles_rate : 0;
			if (share > 1)
				share = 1;
		}
		share_valid = m->rates_valid && src->host.rates_valid &&
			      m->cycles_measured;
		list_numbers(m, share, share_valid, rate, pct);
		top = model_top_reason(m);
		if (label)
			snprintf(line, sizeof(line), "%8s %-24.24s %5zu %9s %7s %s",
				 id, label, vcpus, rate, pct, top ? top->name : "-");
		else
			snprintf(line, sizeof(line), "%8s %9s %7s %s", id, rate, pct,
				 top ? top->name : "-");
		draw_list_line(ui, i, line);
	}
}

/* Column widths that fit the longest reason number and name shown. */
struct layout {
	int reason_w, name_w, history_x, history_w;
};

/* The width of "%u": every reason's every frame, so no snprintf(). */
static int decimal_digits(uint32_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The width of a reason as lib/exit_reasons prints it: SVM "0x%03x". */
static int reason_width(enum kvmexit_vendor vendor, uint32_t v)
{
	int hex = 1;

	if (vendor != KVMEXIT_VENDOR_SVM)
		return decimal_digits(v);
	for (uint32_t x = v; x >= 16; x /= 16)
		hex++;
	return 2 + (hex < 3 ? 3 : hex);
}

static struct layout plan_columns(const struct ui *ui)
{
	struct layout l = { .reason_w = 6, .name_w = 4 };

	for (size_t i = 0; i < ui->model->nreasons; i++) {
		const struct reason_stat *r = &ui->model->reasons[i];
		int n = reason_width(ui->model->vendor, r->reason);
		int name = (int)strlen(r->name);

		if (n > l.reason_w)
			l.reason_w = n;
		if (name > l.name_w)
			l.name_w = name;
	}
	if (l.name_w > 25)
		l.name_w = 25;
	/* reason name exits/s %exits total cyc/exit %time, then history. */
	l.history_x = l.reason_w + 1 + l.name_w + 1 + 9 + 1 + 7 + 1 + 9 + 1 +
		      9 + 1 + 7 + 2;
	l.history_w = COLS - l.history_x;
	if (l.history_w > HISTORY_MAX_WIDTH)
		l.history_w = HISTORY_MAX_WIDTH;
	return l;
}

static void draw_titles(const struct ui *ui, const struct layout *l, int y)
{
	static const int order[] = { FIELD_REASON, FIELD_NAME, FIELD_RATE,
				     FIELD_SHARE, FIELD_TOTAL, FIELD_CYCLES,
				     FIELD_TIME };
	const int widths[] = { l->reason_w, -l->name_w, 9, 7, 9, 9, 7 };
	int x = 0;

	put_fill(y, ROLE_TITLE);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		char cell[64];
		int w = widths[i] < 0 ? -widths[i] : widths[i];

		snprintf(cell, sizeof(cell), widths[i] < 0 ? "%-*s" : "%*s", w,
			 field_table[order[i]].title);
		if (x < COLS)
			put_text(y, x, order[i] == (int)ui->sel.sort ?
				    ROLE_TITLE_SORTED : ROLE_TITLE, cell, COLS - x);
		x += w + 1;
	}
	if (l->history_w >= 4)
		put_text(y, l->history_x, ROLE_TITLE, "LAST MINUTE",
			    l->history_w);
}

/* text right-aligned in width, as printf's %*s. */
static char *put_right(char *p, const char *text, size_t len, int width)
{
	for (int pad = width - (int)len; pad > 0; pad--)
		*p++ = ' ';
	memcpy(p, text, len);
	return p + len;
}

/*
 * A row's text as snprintf(line, 256, "%*u %-*.*s %9s %7s %9s %9s %7s")
 * makes it, without printf: reason and name, then the columns (each under
 * 16 characters), so well within the 256.
 */
static void put_row_line(char line[256], const struct layout *l,
			 enum kvmexit_vendor vendor, const struct reason_stat *r,
			 const char *const cols[5])
{
	static const int widths[5] = { 9, 7, 9, 9, 7 };
	static const char hexdigits[] = "0123456789abcdef";
	char digits[12];
	int n = reason_width(vendor, r->reason);
	size_t name = strnlen(r->name, (size_t)l->name_w);
	char *p = line;
	uint32_t base = vendor == KVMEXIT_VENDOR_SVM ? 16 : 10;
	uint32_t v = r->reason;

	/* kvmexit_reason_format()'s text, without printf: every row, every frame. */
	for (int i = n; i > (base == 16 ? 2 : 0); v /= base)
		digits[--i] = hexdigits[v % base];
	if (base == 16) {
		digits[0] = '0';
		digits[1] = 'x';
	}
	p = put_right(p, digits, (size_t)n, l->reason_w);
	*p++ = ' ';
	memcpy(p, r->name, name);
	p += name;
	for (int pad = l->name_w - (int)name; pad > 0; pad--)
		*p++ = ' ';
	for (int i = 0; i < 5; i++) {
		*p++ = ' ';
		p = put_right(p, cols[i], strlen(cols[i]), widths[i]);
	}
	*p = '\0';
}

/*
 * The sparkline last drawn on each row of the table: a row's minute
 * changes once a second, so most frames render none of them again.
 */
static struct sparkline_memo *row_sparks;
static size_t row_sparks_len;

/* A memo for each of the first rows lines; false without the memory. */
static bool keep_row_sparks(size_t rows)
{
	if (rows > row_sparks_len) {
		struct sparkline_memo *more =
			realloc(row_sparks, rows * sizeof(*more));

		if (!more)
			return false;
		memset(more + row_sparks_len, 0,
		       (rows - row_sparks_len) * sizeof(*more));
		row_sparks = more;
		row_sparks_len = rows;
	}
	return true;
}

void view_free(void)
{
	free(row_sparks);
	row_sparks = NULL;
	row_sparks_len = 0;
}

/* The row r at screen line y; spark, if not NULL, is the line's memo. */
static void draw_row(const struct ui *ui, const struct layout *l, int y,
		     const struct reason_stat *r, struct sparkline_memo *spark)
{
	const struct model *m = ui->model;
	char rate[16] = "-", share[16] = "-", total[16], cpe[16] = "-",
	     time[16] = "-", line[256];
	double c = model_cycles_per_exit(m, r);

	if (m->rates_valid) {
		view_format_number(rate, sizeof(rate), r->rate);
		format_fixed(share, sizeof(share), 100 * model_exit_share(m, r),
			     1, '\0');
		format_fixed(time, sizeof(time), 100 * model_time_share(m, r),
			     1, '\0');
	}
	format_count(total, sizeof(total), (double)model_shown_count(m, r));
	if (c >= 0)
		format_count(cpe, sizeof(cpe), c);
	put_row_line(line, l, m->vendor, r,
		     (const char *[]){ rate, share, total, cpe, time });
	draw_text(y, 0, ROLE_NORMAL, line);
	if (l->history_w >= 4) {
		float h[MODEL_HISTORY_SECONDS];
		wchar_t text[HISTORY_MAX_WIDTH + 1];
		size_t w = (size_t)l->history_w;

		model_history(m, r, h);
		if (spark) {
			put_wide(y, l->history_x, ROLE_SPARK,
				    sparkline_memo_render(spark, h, w, terminal_utf8()),
				    l->history_w);
		} else {
			sparkline_render(h, w, terminal_utf8(), text);
			put_wide(y, l->history_x, ROLE_SPARK, text, l->history_w);
		}
	}
}

static void draw_total_history(const struct ui *ui)
{
	static const char label[] = "All exits, last minute: ";
	int x = (int)sizeof(label) - 1;
	int w = COLS - x > HISTORY_MAX_WIDTH ? HISTORY_MAX_WIDTH : COLS - x;
	float h[MODEL_HISTORY_SECONDS];
	wchar_t spark[HISTORY_MAX_WIDTH + 1];

	/* Shares the line with the sort and filter when the screen is wide. */
	if (w < 8 || COLS < 120)
		return;
	x = COLS - w - x;
	draw_text(2, x, ROLE_NORMAL, label);
	model_history(ui->model, NULL, h);
	sparkline_render(h, (size_t)w, terminal_utf8(), spark);
	put_wide(2, x + (int)sizeof(label) - 1, ROLE_SPARK, spark, w);
}

static void draw_error(const struct ui *ui)
{
	const struct kvmexit_stats_error *e = &ui->model->error;
	char line[512];

	snprintf(line, sizeof(line), "Cannot read %s:", source_name(ui));
	draw_text(HEADER_LINES, 2, ROLE_WARN, line);
	draw_text(HEADER_LINES + 1, 2, ROLE_WARN, e->message);
	snprintf(line, sizeof(line), "Retrying every %g s.", ui->o->delay);
	draw_text(HEADER_LINES + 3, 2, ROLE_NORMAL, line);
}

static void draw_status(const struct ui *ui)
{
	char line[256];
	int y = LINES - 1;

	put_fill(y, ROLE_STATUS);
	switch (ui->prompt) {
	case PROMPT_FILTER:
		snprintf(line, sizeof(line), "Filter: %s_", ui->edit);
		break;
	case PROMPT_DELAY:
		snprintf(line, sizeof(line), "Delay in seconds (now %g): %s_",
			 ui->o->delay, ui->edit);
		break;
	case PROMPT_RESET:
		snprintf(line, sizeof(line), "Reset the kernel's counters in %s? (y/N)",
			 ui->o->path ? ui->o->path : "the host's exit_stats");
		draw_text(y, 0, ROLE_WARN, line);
		return;
	case PROMPT_NONE:
		if (ui->message[0])
			snprintf(line, sizeof(line), "%s", ui->message);
		else
			snprintf(line, sizeof(line),
				 "q quit  h help  v VMs  1 vCPUs  s sort  / filter  a active  space pause  z zero  R reset");
		break;
	}
	draw_text(y, 0, ROLE_STATUS, line);
}

static void draw_help(void)
{
	char line[256];
	int y = 0;

	draw_text(y++, 0, ROLE_HEADER,
		  "kvmexittop " "help: VM exits KVM handles, per exit reason");
	y++;
	for (unsigned int i = 0; i < key_count && y < LINES - 1; i++) {
		if (!key_table[i].label)
			continue;
		snprintf(line, sizeof(line), "  %-10s %s", key_table[i].label,
			 key_table[i].help);
		draw_text(y++, 0, ROLE_NORMAL, line);
	}
	y++;
	for (int f = 0; f < FIELD_COUNT && y < LINES - 1; f++) {
		snprintf(line, sizeof(line), "  %-10s %s", field_table[f].title,
			 field_table[f].help);
		draw_text(y++, 0, ROLE_NORMAL, line);
	}
	draw_text(LINES - 1, 0, ROLE_STATUS, "Press any key to return");
}

static void draw_frame(struct ui *ui)
{
	if (COLS < VIEW_MIN_COLS || LINES < VIEW_MIN_LINES) {
		char line[128];

		snprintf(line, sizeof(line),
			 "Terminal too small: %dx%d, need %dx%d", COLS, LINES,
			 VIEW_MIN_COLS, VIEW_MIN_LINES);
		draw_text(0, 0, ROLE_WARN, line);
		ui->page_rows = 0;
		return;
	}
	if (ui->show_help) {
		draw_help();
		return;
	}
	draw_header(ui);
	ui->page_rows = (size_t)(LINES - HEADER_LINES - 1);
	if (!ui->model->have_counters && ui->model->last_event == MODEL_ERROR) {
		draw_error(ui);
	} else if (ui->table != TABLE_REASONS) {
		draw_list(ui);
	} else {
		struct layout l = plan_columns(ui);

		draw_total_history(ui);
		draw_titles(ui, &l, HEADER_LINES - 1);
		if (ui->scroll > ui->nrows)
			ui->scroll = 0;
		bool memo = keep_row_sparks(ui->page_rows);

		for (size_t i = 0; i < ui->page_rows && ui->scroll + i < ui->nrows; i++)
			draw_row(ui, &l, HEADER_LINES + (int)i, ui->rows[ui->scroll + i],
				 memo ? &row_sparks[i] : NULL);
		if (ui->nrows == 0)
			draw_text(HEADER_LINES, 2, ROLE_NORMAL,
				  ui->model->nreasons ? "No row matches." :
						       "No exits counted yet.");
	}
	draw_status(ui);
}

void view_draw(struct ui *ui)
{
	erase();
	draw_frame(ui);
	refresh();
}
