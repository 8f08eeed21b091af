// SPDX-License-Identifier: MIT
/*
 * parse.c - read a memory map from any bytes: recognise the format, split
 * the lines, and collect what the format parsers (parse_*.c) find.  Any
 * byte sequence is accepted: what cannot be used is reported with its
 * line and skipped.  'memblock formats' describes every format.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define MAX_INPUT_BYTES (256u << 20)

void mbt_input_init(struct mbt_input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->diag.file = path;
	in->diag.out = stderr;
	in->boundary_line = (unsigned long)-1;
}

void mbt_input_free(struct mbt_input *in)
{
	e820_free(&in->firmware);
	e820_free(&in->user);
	free(in->edits);
	free(in->ops);
	free(in->nodes);
	free(in->cmdline);
	free(in->version);
	free(in->efi);
	free(in->fdt);
	free(in->fdt_model);
	in->fdt = NULL;
	in->fdt_model = NULL;
	in->efi = NULL;
	in->edits = NULL;
	in->ops = NULL;
	in->nodes = NULL;
	in->cmdline = in->version = NULL;
}

/* ---- small scanners over NUL-terminated text ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex number with optional 0x; false without digits or on overflow. */
bool mbt_scan_hex(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int d, n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; (d = hexval(*p)) >= 0; p++, n++) {
		if (x >> 60)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	if (!n)
		return false;
	*v = x;
	*pp = p;
	return true;
}

bool mbt_scan_dec(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int n = 0;

	for (; *p >= '0' && *p <= '9'; p++, n++) {
		if (x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	if (!n)
		return false;
	*v = x;
	*pp = p;
	return true;
}

const char *mbt_skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "A-B]" with hex numbers; inclusive range. */
bool mbt_scan_range(const char **pp, uint64_t *a, uint64_t *b)
{
	const char *p = *pp;

	if (!mbt_scan_hex(&p, a) || *p != '-')
		return false;
	p++;
	if (!mbt_scan_hex(&p, b) || *b < *a)
		return false;
	*pp = p;
	return true;
}

uint64_t mbt_range_size(uint64_t a, uint64_t b)
{
	/* [a, b] inclusive; the full 64-bit space loses its last byte. */
	return b - a == UINT64_MAX ? UINT64_MAX : b - a + 1;
}

char *mbt_dup_trimmed(const char *s)
{
	size_t n = strlen(s);
	char *d;

	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ---- collected items ---- */

void *mbt_grow(void *arr, size_t n, size_t size)
{
	/* Double at powers of two so appends stay amortised O(1). */
	if (n && (n & (n - 1)))
		return arr;
	return realloc(arr, (n ? n * 2 : 8) * size);
}

int mbt_add_edit(struct mbt_input *in, const struct mbt_edit *e)
{
	struct mbt_edit *a = mbt_grow(in->edits, in->n_edits, sizeof(*a));

	if (!a)
		return -1;
	in->edits = a;
	in->edits[in->n_edits++] = *e;
	return 0;
}

int mbt_add_op(struct mbt_input *in, const struct mbt_op *o)
{
	struct mbt_op *a = mbt_grow(in->ops, in->n_ops, sizeof(*a));

	if (!a)
		return -1;
	in->ops = a;
	in->ops[in->n_ops++] = *o;
	return 0;
}

int mbt_add_node_range(struct mbt_input *in, uint64_t s, uint64_t e,
			  int nid)
{
	struct mbt_node_range *a = mbt_grow(in->nodes, in->n_nodes, sizeof(*a));

	if (!a)
		return -1;
	in->nodes = a;
	in->nodes[in->n_nodes].start = s;
	in->nodes[in->n_nodes].end = e;
	in->nodes[in->n_nodes].nid = nid;
	in->n_nodes++;
	return 0;
}

/* ---- detection and line splitting ---- */

static bool looks_binary(const char *buf, size_t len)
{
	size_t i, n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			return true;
	return false;
}

/* Calls @fn for each line, NUL-terminated, NULs inside made spaces. */
static void for_each_line(const char *buf, size_t len,
			  void (*fn)(void *ctx, const char *line,
				     unsigned long ln),
			  void *ctx)
{
	size_t start = 0, i;
	unsigned long ln = 0;
	char *line = NULL;
	size_t cap = 0;

	while (start < len) {
		size_t n;

		for (i = start; i < len && buf[i] != '\n'; i++)
			;
		n = i - start;
		if (n + 1 > cap) {
			char *l = realloc(line, n + 1);

			if (!l)
				break;
			line = l;
			cap = n + 1;
		}
		memcpy(line, buf + start, n);
		line[n] = '\0';
		for (i = 0; i < n; i++)
			if (line[i] == '\0')
				line[i] = ' ';
		ln++;
		if (line[0] != '#')
			fn(ctx, line, ln);
		start += n + 1;
	}
	free(line);
}

struct detect_ctx {
	bool dmesg, iomem_first, seen, sysfs_first, debugfs_first;
};

static void detect_fn(void *vctx, const char *line, unsigned long ln)
{
	struct detect_ctx *c = vctx;
	unsigned depth;
	uint64_t a, b;
	const char *name;

	(void)ln;
	if (mbt_is_dmesg_marker(line))
		c->dmesg = true;
	if (!c->seen && *mbt_skip_space(line) && *mbt_skip_space(line) != '\r') {
		c->seen = true;
		c->iomem_first = mbt_iomem_split(line, &depth, &a, &b, &name);
		c->sysfs_first = mbt_sysfs_split(line, &a, &name, &name);
		c->debugfs_first = mbt_debugfs_split(line, &a, &b, &name);
	}
}

struct parse_ctx {
	struct mbt_input *in;
	struct dmesg_state st;
	struct sysfs_state sysfs;
	bool all_zero;
};

static void debugfs_fn(void *v, const char *line, unsigned long ln)
{
	mbt_debugfs_line(((struct parse_ctx *)v)->in, line, ln);
}

static void sysfs_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	mbt_sysfs_line(c->in, &c->sysfs, line, ln);
}

static void dmesg_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	mbt_dmesg_line(c->in, &c->st, line, ln);
}

static void text_fn(void *v, const char *line, unsigned long ln)
{
	mbt_text_line(((struct parse_ctx *)v)->in, line, ln);
}

static void iomem_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	mbt_iomem_line(c->in, line, ln, &c->all_zero);
}

int mbt_parse_buffer(struct mbt_input *in, const char *buf, size_t len)
{
	struct detect_ctx d = { false, false, false, false, false };
	struct parse_ctx c = { .in = in, .all_zero = true };

	if (!len) {
		mbt_error(&in->diag, 0, "empty input");
		return -1;
	}
	if (len >= 4 && (unsigned char)buf[0] == 0xd0 &&
	    (unsigned char)buf[1] == 0x0d && (unsigned char)buf[2] == 0xfe &&
	    (unsigned char)buf[3] == 0xed) {
		/* A device tree blob: the library's importer validates it. */
		in->format = FMT_DTB;
		in->fdt = malloc(len);
		if (!in->fdt)
			return -1;
		memcpy(in->fdt, buf, len);
		in->fdt_size = len;
		return 0;
	}
	if (looks_binary(buf, len))
		return mbt_parse_raw(in, (const unsigned char *)buf, len);
	for_each_line(buf, len, detect_fn, &d);
	if (d.dmesg) {
		in->format = FMT_DMESG;
		for_each_line(buf, len, dmesg_fn, &c);
		mbt_dmesg_finish(in, &c.st);
		if (c.st.last_pfn_line)
			in->boundary_line = c.st.last_pfn_line;
		else if (c.st.first_marker)
			in->boundary_line = c.st.first_marker;
	} else if (d.debugfs_first) {
		in->format = FMT_DEBUGFS;
		for_each_line(buf, len, debugfs_fn, &c);
	} else if (d.sysfs_first) {
		in->format = FMT_SYSFS;
		for_each_line(buf, len, sysfs_fn, &c);
		mbt_sysfs_finish(in, &c.sysfs);
	} else if (d.iomem_first) {
		in->format = FMT_IOMEM;
		for_each_line(buf, len, iomem_fn, &c);
		if (in->has_e820 && c.all_zero) {
			mbt_error(&in->diag, 0,
				  "all addresses are zero: /proc/iomem must "
				  "be read as root");
			in->has_e820 = false;
			in->firmware.n = 0;
			in->n_ops = 0;
		}
	} else {
		in->format = FMT_TEXT;
		for_each_line(buf, len, text_fn, &c);
	}
	if (!in->has_e820 && !in->n_ops && !in->n_efi) {
		mbt_error(&in->diag, 0, "no memory map found in the input");
		return -1;
	}
	return 0;
}

char *mbt_read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			char *b;

			if (cap >= MAX_INPUT_BYTES) {
				fprintf(stderr, "%s: larger than %u MiB\n",
					path, MAX_INPUT_BYTES >> 20);
				free(buf);
				buf = NULL;
				break;
			}
			cap = cap ? cap * 2 : 65536;
			b = realloc(buf, cap + 1);
			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (!got) {
			if (ferror(f)) {
				fprintf(stderr, "%s: read error\n", path);
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

int mbt_parse_file(struct mbt_input *in, const char *path)
{
	size_t len;
	char *buf = mbt_read_file(path, &len);
	int ret;

	if (!buf) {
		in->diag.errors++;
		return -1;
	}
	ret = mbt_parse_buffer(in, buf, len);
	free(buf);
	return ret;
}

int mbt_effective_e820(const struct mbt_input *in, bool from_firmware,
		       struct e820_table *out)
{
	bool user = in->has_user && !from_firmware;
	unsigned long after = user ? in->user_line : in->firmware_line;
	size_t i;

	if (e820_copy(out, user ? &in->user : &in->firmware))
		return -1;
	for (i = 0; i < in->n_edits; i++) {
		const struct mbt_edit *e = &in->edits[i];
		int r;

		if (e->line < after || e->line >= in->boundary_line)
			continue;
		if (e->kind == EDIT_UPDATE)
			r = e820_update(out, e->addr, e->size, e->old_type,
					e->new_type);
		else
			r = e820_remove(out, e->addr, e->size, e->old_type,
					e->check_type);
		if (r) {
			e820_free(out);
			return -1;
		}
	}
	return 0;
}

