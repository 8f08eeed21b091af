// SPDX-License-Identifier: MIT
/*
 * diag.c - "file:line: message" diagnostics for the tool's parsers.
 */
#include "mbt.h"

static void vreport(struct mbt_diag *d, unsigned long line, const char *kind,
		    const char *fmt, va_list ap)
{
	if (!d->out)
		return;
	if (line)
		fprintf(d->out, "%s:%lu: %s: ", d->file ? d->file : "-", line,
			kind);
	else
		fprintf(d->out, "%s: %s: ", d->file ? d->file : "-", kind);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
}

/* Past this many, errors are counted but not printed. */
#define SHOWN_ERRORS 25

void mbt_error(struct mbt_diag *d, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	if (d->errors > SHOWN_ERRORS) {
		if (d->errors == SHOWN_ERRORS + 1 && d->out)
			fprintf(d->out, "%s: further errors are counted, not shown\n",
				d->file ? d->file : "-");
		return;
	}
	va_start(ap, fmt);
	vreport(d, line, "error", fmt, ap);
	va_end(ap);
}

void mbt_warn(struct mbt_diag *d, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	d->warnings++;
	va_start(ap, fmt);
	vreport(d, line, "warning", fmt, ap);
	va_end(ap);
}
