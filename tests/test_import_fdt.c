// SPDX-License-Identifier: MIT
/*
 * test_import_fdt.c - the device-tree importer: /memory, /memreserve/,
 * /reserved-memory, the reader's checks on malformed blobs, real trees.
 *
 * Blobs are compiled from source with dtc (Debian's device-tree-compiler)
 * when the test runs; the real trees come from maps/dts/.
 */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <memblock_import.h>

/* ---- Building blobs ---- */

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	/* Exactly the file's bytes, so ASan sees any read past them. */
	b = malloc(n ? (size_t)n : 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return b;
}

static unsigned char *dtb(const char *src, size_t *size)
{
	char in[] = "/tmp/mbfdtXXXXXX", out[64], cmd[256];
	unsigned char *b;
	int fd = mkstemp(in);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(src, f);
	fclose(f);
	snprintf(out, sizeof(out), "%s.dtb", in);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", out, in);
	assert_int_equal(system(cmd), 0);
	b = read_all(out, size);
	unlink(in);
	unlink(out);
	return b;
}

/* A property line pointing at a label ("x = <&gic>;"), not a comment. */
static bool refers_to_label(const char *line)
{
	const char *p = line + strspn(line, " \t");

	return *p != '*' && *p != '/' && strchr(p, '&') && strchr(p, ';');
}

/*
 * A maps/dts file made standalone: its #include lines, the /dts-v1/ tag,
 * label-referencing lines and "&label { ... };" blocks (all about the
 * SoC files not copied) are dropped; the memory description is kept.
 */
static void append_map(char *buf, size_t cap, const char *name)
{
	char path[128], line[512];
	bool skipping = false;
	FILE *f;

	snprintf(path, sizeof(path), "maps/dts/%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (skipping) {
			skipping = strncmp(line, "};", 2) != 0;
			continue;
		}
		if (line[0] == '&') {
			skipping = true;
			continue;
		}
		if (!strncmp(line, "#include", 8) ||
		    !strncmp(line, "/dts-v1/;", 9) || refers_to_label(line))
			continue;
		assert_true(strlen(buf) + strlen(line) < cap);
		strcat(buf, line);
	}
	fclose(f);
}

static unsigned char *map_dtb(const char *const *files, const char *extra,
			      size_t *size)
{
	static char src[32768];
	unsigned char *b;

	strcpy(src, "/dts-v1/;\n");
	for (; *files; files++)
		append_map(src, sizeof(src), *files);
	strcat(src, extra);
	b = dtb(src, size);
	return b;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* ---- /memory ---- */

static void memory_nodes_give_banks_nodes_and_flags(void **state)
{
	unsigned char *b;
	size_t n;
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	b = dtb("/dts-v1/;\n/ {\n #address-cells = <2>; #size-cells = <2>;\n"
		/* Two banks, the first unaligned: shrunk inward to pages. */
		" memory@100000 { device_type = \"memory\";\n"
		"  reg = <0 0x100800 0 0x100000>, <0 0x400000 0 0x100000>;\n"
		"  numa-node-id = <1>; };\n"
		/* linux,usable-memory replaces reg; hotpluggable. */
		" memory@800000 { device_type = \"memory\";\n"
		"  reg = <0 0x800000 0 0x800000>;\n"
		"  linux,usable-memory = <0 0x900000 0 0x100000>;\n"
		"  hotpluggable; };\n"
		/* Not memory: no device_type, or disabled. */
		" memory@2000000 { reg = <0 0x2000000 0 0x100000>; };\n"
		" memory@3000000 { device_type = \"memory\"; status = \"disabled\";\n"
		"  reg = <0 0x3000000 0 0x100000>; };\n"
		/* A zero-sized bank and one smaller than a page. */
		" memory@4000000 { device_type = \"memory\";\n"
		"  reg = <0 0x4000000 0 0>, <0 0x5000100 0 0x800>; };\n"
		"};\n", &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, &rep), 0);
	assert_type(&t.mb.memory, { 0x101000, 0xff000, 0, 1 },
		    { 0x400000, 0x100000, 0, 1 },
		    { 0x900000, 0x100000, MEMBLOCK_HOTPLUG, MAX_NUMNODES });
	assert_empty(&t.mb.reserved);
	assert_int_equal(rep.entries, 5);
	assert_int_equal(rep.ignored, 2);
	assert_int_equal(rep.added, 0xff000 + 0x100000 + 0x100000);
	assert_valid(&t.mb);
	tmap_fini(&t);
	free(b);
}

static void root_cells_default_to_one_each(void **state)
{
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = dtb("/dts-v1/;\n/ { memory { device_type = \"memory\";\n"
		" reg = <0x10000000 0x1000000 0x30000000 0x2000>; }; };\n", &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), 0);
	assert_type(&t.mb.memory, { 0x10000000, 0x1000000, 0, MAX_NUMNODES },
		    { 0x30000000, 0x2000, 0, MAX_NUMNODES });
	tmap_fini(&t);
	free(b);
}

static void memory_can_be_left_to_another_source(void **state)
{
	unsigned char *b;
	size_t n;
	struct mb_fdt_opts o = { .flags = MB_FDT_NO_MEMORY };
	struct tmap t;

	(void)state;
	b = dtb("/dts-v1/;\n/memreserve/ 0x1000 0x1000;\n"
		"/ { memory { device_type = \"memory\"; reg = <0 0x100000>; }; };\n",
		&n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL), 0);
	assert_empty(&t.mb.memory);
	assert_type(&t.mb.reserved, { 0x1000, 0x1000, 0, NUMA_NO_NODE });
	tmap_fini(&t);
	free(b);
}

/* ---- /memreserve/ and /reserved-memory ---- */

static const char rmem_src[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x100000 0x10000;\n"
	"/memreserve/ 0x300000 0x1000;\n"
	"/ { #address-cells = <1>; #size-cells = <1>;\n"
	" memory@0 { device_type = \"memory\"; reg = <0 0x10000000>; };\n"
	" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
	"  fw@200000 { reg = <0x200000 0x10000>, <0x210000 0x10000>; };\n"
	"  tee@400000 { reg = <0x400000 0x100000>; no-map; };\n"
	/* Overlaps a /memreserve/ entry: Linux refuses to make it no-map. */
	"  busy@300000 { reg = <0x300000 0x2000>; no-map; };\n"
	"  cma@600000 { compatible = \"shared-dma-pool\"; reusable;\n"
	"   reg = <0x600000 0x100000>; };\n"
	"  off@700000 { reg = <0x700000 0x1000>; status = \"disabled\"; };\n"
	"  bad@800000 { reg = <0x800000>; };\n"
	" };\n"
	"};\n";

static void reservations_follow_linux(void **state)
{
	struct mb_fdt_rmem rm[8];
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 8 };
	struct mb_import_report rep;
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = dtb(rmem_src, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
	/* no-map only marks memory NOMAP: it is not reserved. */
	assert_type(&t.mb.memory, { 0x0, 0x400000, 0, MAX_NUMNODES },
		    { 0x400000, 0x100000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x500000, 0xfb00000, 0, MAX_NUMNODES });
	assert_type(&t.mb.reserved, { 0x100000, 0x10000, 0, NUMA_NO_NODE },
		    { 0x200000, 0x20000, 0, NUMA_NO_NODE },
		    { 0x300000, 0x1000, 0, NUMA_NO_NODE },
		    { 0x600000, 0x100000, 0, NUMA_NO_NODE });
	/* 1 bank, 2 memreserve, 2 + 1 + 1 + 1 reg pairs, 1 disabled, 1 bad. */
	assert_int_equal(rep.entries, 10);
	assert_int_equal(rep.ignored, 3); /* disabled, bad, busy */
	assert_int_equal(rep.nomap, 0x100000);
	assert_int_equal(rep.reserved, 0x10000 + 0x1000 + 0x20000 + 0x100000);
	assert_int_equal(o.rmem_cnt, 5);
	assert_string_equal(rm[0].name, "fw@200000");
	assert_int_equal(rm[1].base, 0x210000);
	assert_string_equal(rm[2].name, "tee@400000");
	assert_true(rm[2].nomap && !rm[2].failed);
	assert_string_equal(rm[3].name, "busy@300000");
	assert_true(rm[3].nomap && rm[3].failed);
	assert_true(rm[4].reusable && !rm[4].nomap && !rm[4].dynamic);
	assert_valid(&t.mb);
	tmap_fini(&t);
	free(b);
}

static void reserved_memory_with_other_cells_is_ignored(void **state)
{
	unsigned char *b;
	size_t n;
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	b = dtb("/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
		" memory@0 { device_type = \"memory\"; reg = <0 0 0 0x1000000>; };\n"
		" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
		"  fw@200000 { reg = <0x200000 0x10000>; }; };\n"
		"};\n", &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, &rep), 0);
	assert_empty(&t.mb.reserved);
	assert_int_equal(rep.ignored, 1);
	tmap_fini(&t);
	free(b);
}

static const char dyn_src[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <1>; #size-cells = <1>;\n"
	" memory@0 { device_type = \"memory\"; reg = <0 0x4000000>; };\n"
	" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
	/* Anywhere: the top of memory. */
	"  cma { compatible = \"shared-dma-pool\"; reusable;\n"
	"   size = <0x400000>; alignment = <0x400000>; };\n"
	/* The first window is too small; the second takes it. */
	"  low { size = <0x100000>; no-map;\n"
	"   alloc-ranges = <0x10000 0x10000>, <0x1000000 0x800000>; };\n"
	"  huge { size = <0x8000000>; };\n"
	" };\n"
	"};\n";

static void dynamic_regions_are_placed_as_linux_places_them(void **state)
{
	struct mb_fdt_rmem rm[4];
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 4 };
	struct mb_import_report rep;
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = dtb(dyn_src, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
	assert_type(&t.mb.reserved,
		    { 0x1700000, 0x100000, MEMBLOCK_RSRV_KERN, NUMA_NO_NODE },
		    { 0x3c00000, 0x400000, MEMBLOCK_RSRV_KERN, NUMA_NO_NODE });
	assert_type(&t.mb.memory, { 0x0, 0x1700000, 0, MAX_NUMNODES },
		    { 0x1700000, 0x100000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x1800000, 0x2800000, 0, MAX_NUMNODES });
	assert_int_equal(o.rmem_cnt, 3);
	assert_true(rm[0].dynamic && rm[0].reusable && !rm[0].failed);
	assert_int_equal(rm[0].base, 0x3c00000);
	assert_int_equal(rm[0].align, 0x400000);
	assert_int_equal(rm[1].base, 0x1700000);
	assert_string_equal(rm[2].name, "huge");
	assert_true(rm[2].failed);
	assert_int_equal(rm[2].base, 0);
	assert_int_equal(rep.dynamic, 3);
	assert_int_equal(rep.ignored, 1);
	assert_int_equal(rep.reserved, 0x500000);
	assert_int_equal(rep.nomap, 0x100000);
	assert_valid(&t.mb);
	tmap_fini(&t);

	/* Reported only. */
	tmap_init(&t, 8, 8, 0);
	o.flags = MB_FDT_NO_DYNAMIC;
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
	assert_empty(&t.mb.reserved);
	assert_int_equal(o.rmem_cnt, 3);
	assert_int_equal(rm[0].size, 0x400000);
	assert_true(rm[0].dynamic && !rm[0].failed && !rm[0].base);
	tmap_fini(&t);
	free(b);
}

static void descriptions_stop_at_the_callers_capacity(void **state)
{
	struct mb_fdt_rmem rm[2];
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 1 };
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	memset(rm, 0x5a, sizeof(rm));
	b = dtb(rmem_src, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL), 0);
	assert_int_equal(o.rmem_cnt, 5);
	assert_string_equal(rm[0].name, "fw@200000");
	assert_int_equal(rm[1].name[0], 0x5a); /* untouched */
	tmap_fini(&t);
	free(b);
}

/* ---- Malformed blobs ---- */

struct corrupt {
	uint32_t at, value;
	size_t size_delta; /* bytes cut from the end */
	const char *why;
	uint32_t bad_index;
};

static void malformed_headers_are_named(void **state)
{
	unsigned char *good, *b;
	size_t n;
	uint32_t st;
	const struct corrupt cases[] = {
		{ 0, 0xd00dfeee, 0, "bad FDT magic", 0 },
		{ 20, 15, 0, "FDT version below 16", 20 },
		{ 24, 18, 0, "FDT last compatible version above 17", 24 },
		{ 4, 0x100000, 0, "FDT totalsize beyond the buffer", 4 },
		{ 4, 20, 0, "FDT totalsize smaller than its header", 4 },
		{ 8, 42, 0, "FDT block misaligned", 8 },
		{ 16, 44, 0, "FDT block misaligned", 16 },
		{ 8, 0x100000, 0, "FDT structure block outside the blob", 8 },
		{ 36, 0x100000, 0, "FDT structure block outside the blob", 36 },
		{ 12, 0x100000, 0, "FDT strings block outside the blob", 12 },
		{ 32, 0x100000, 0, "FDT strings block outside the blob", 12 },
		{ 16, 0x100000, 0,
		  "FDT memory reservation block outside the blob", 16 },
		{ 0, 0, 0, "blob shorter than an FDT header", 0 },
	};
	struct mb_fdt_opts o = { 0 };
	struct mb_import_report rep;
	struct snap s;
	struct tmap t;
	unsigned i;

	(void)state;
	good = dtb(rmem_src, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add(&t.mb, 0x80000000u, 0x1000), 0);
	snap_take(&s, &t.mb);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = i == sizeof(cases) / sizeof(cases[0]) - 1 ? 35 : n;

		b = malloc(n);
		memcpy(b, good, n);
		if (len == n)
			put32(b + cases[i].at, cases[i].value);
		assert_int_equal(mb_import_fdt(&t.mb, b, len, &o, &rep),
				 -MB_EINVAL);
		assert_non_null(o.why);
		assert_string_equal(o.why, cases[i].why);
		assert_int_equal(rep.bad_index, cases[i].bad_index);
		snap_assert_same(&s, &t.mb);
		free(b);
	}
	/* The structure block: an unknown token where the root begins. */
	st = get32(good + 8);
	b = malloc(n);
	memcpy(b, good, n);
	put32(b + st, 7);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), -MB_EINVAL);
	assert_string_equal(o.why, "unknown FDT token");
	assert_int_equal(rep.bad_index, st);
	/* A property token before any node. */
	put32(b + st, 3);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), -MB_EINVAL);
	assert_string_equal(o.why, "FDT property outside any node");
	/* No FDT_END: the structure block is cut short. */
	memcpy(b, good, n);
	put32(b + 36, get32(good + 36) - 4);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), -MB_EINVAL);
	assert_string_equal(o.why, "FDT structure block ends without FDT_END");
	/* NULL arguments. */
	assert_int_equal(mb_import_fdt(NULL, good, n, &o, &rep), -MB_EINVAL);
	assert_int_equal(mb_import_fdt(&t.mb, NULL, n, &o, &rep), -MB_EINVAL);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	free(b);
	free(good);
}

static void property_after_subnode_is_refused(void **state)
{
	/* Hand-made structure block: / { a { }; p = <1>; }; */
	static const uint32_t st[] = {
		1, 0,              /* BEGIN_NODE "" */
		1, 0x61000000,     /* BEGIN_NODE "a" */
		2,                 /* END_NODE */
		3, 4, 0, 1,        /* PROP len 4, nameoff 0, value 1 */
		2, 9,
	};
	unsigned char b[40 + 16 + sizeof(st) + 4];
	struct mb_fdt_opts o = { 0 };
	struct tmap t;
	unsigned i;

	(void)state;
	memset(b, 0, sizeof(b));
	put32(b, MB_FDT_MAGIC);
	put32(b + 4, sizeof(b));
	put32(b + 8, 56);                       /* structure */
	put32(b + 12, 56 + sizeof(st));         /* strings: "p" */
	put32(b + 16, 40);                      /* memreserve: empty */
	put32(b + 20, 17);
	put32(b + 24, 16);
	put32(b + 32, 4);
	put32(b + 36, sizeof(st));
	for (i = 0; i < sizeof(st) / 4; i++)
		put32(b + 56 + 4 * i, st[i]);
	b[56 + sizeof(st)] = 'p';
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, sizeof(b), &o, NULL),
			 -MB_EINVAL);
	assert_string_equal(o.why, "FDT property after a subnode");
	/* The structure block cut right after the PROP token. */
	put32(b + 36, 6 * 4);
	assert_int_equal(mb_import_fdt(&t.mb, b, sizeof(b), &o, NULL),
			 -MB_EINVAL);
	assert_string_equal(o.why, "FDT property header truncated");
	put32(b + 36, sizeof(st));
	/* Without the stray property the same blob is fine. */
	put32(b + 56 + 5 * 4, 4);  /* PROP -> NOP */
	put32(b + 56 + 6 * 4, 4);
	put32(b + 56 + 7 * 4, 4);
	put32(b + 56 + 8 * 4, 4);
	assert_int_equal(mb_import_fdt(&t.mb, b, sizeof(b), &o, NULL), 0);
	tmap_fini(&t);
}

/*
 * Every truncation and every single-byte corruption of a real blob is
 * either imported or refused, never read out of bounds (ASan watches the
 * exact-size buffers), and a refusal leaves the instance as it was.
 */
static void survive_corruptions_of(const char *src)
{
	static const unsigned char vals[] = { 0x00, 0xff, 0x80, 0x01, 0x03 };
	unsigned char *good, *b;
	size_t n, i, v;
	unsigned refused = 0, taken = 0;
	struct snap s;
	struct tmap t;

	good = dtb(src, &n);
	tmap_init(&t, 16, 16, 0);
	snap_take(&s, &t.mb);
	for (i = 0; i <= n; i++) {
		b = malloc(i ? i : 1);
		memcpy(b, good, i);
		if (mb_import_fdt(&t.mb, b, i, NULL, NULL)) {
			snap_assert_same(&s, &t.mb);
			refused++;
		}
		free(b);
	}
	assert_int_equal(refused, n); /* only the whole blob is whole */
	for (i = 0; i < n; i++) {
		for (v = 0; v < sizeof(vals); v++) {
			struct tmap u;
			int err;

			b = malloc(n);
			memcpy(b, good, n);
			b[i] = vals[v];
			tmap_init(&u, 16, 16, 0);
			snap_free(&s);
			snap_take(&s, &u.mb);
			err = mb_import_fdt(&u.mb, b, n, NULL, NULL);
			if (err)
				snap_assert_same(&s, &u.mb);
			else
				assert_valid(&u.mb);
			taken += !err;
			tmap_fini(&u);
			free(b);
		}
	}
	/* Bytes inside values and names do not break the structure. */
	assert_true(taken > 0);
	snap_free(&s);
	tmap_fini(&t);
	free(good);
}

static void every_corruption_is_survived(void **state)
{
	(void)state;
	survive_corruptions_of(dyn_src);
	survive_corruptions_of(rmem_src);
}

/* ---- Limits and failure ---- */

static void full_tables_fail_whole_and_change_nothing(void **state)
{
	unsigned char *b;
	size_t n;
	struct snap s;
	struct tmap t;

	(void)state;
	b = dtb(rmem_src, &n);
	/* Memory must split around the no-map region: three regions. */
	tmap_init(&t, 2, 8, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	/* Reserved needs four. */
	tmap_init(&t, 8, 3, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	free(b);
}

/* A tree of @n /memreserve/ entries of a page, a page apart. */
static unsigned char *memreserve_dtb(unsigned n, size_t *size)
{
	static char src[65536];
	size_t len;
	unsigned i;

	strcpy(src, "/dts-v1/;\n");
	for (i = 0; i < n; i++) {
		len = strlen(src);
		snprintf(src + len, sizeof(src) - len,
			 "/memreserve/ 0x%x 0x1000;\n", 0x100000 + 0x2000 * i);
	}
	strcat(src, "/ { };\n");
	return dtb(src, size);
}

static const char too_many[] =
	"more ranges than MB_FDT_MAX_RANGES or the scratch holds";

static void too_many_ranges_are_refused(void **state)
{
	struct mb_fdt_opts o = { 0 };
	unsigned char *b;
	size_t n;
	struct snap s;
	struct tmap t;

	(void)state;
	b = memreserve_dtb(MB_FDT_MAX_RANGES + 1, &n);
	tmap_init(&t, 4, 4, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL), -MB_ENOSPC);
	assert_string_equal(o.why, too_many);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	free(b);
}

/*
 * 3 * MB_FDT_MAX_RANGES entries: refused with scratch for one fewer
 * (unchanged), imported with exactly enough, from an odd address too.
 */
static void scratch_lets_a_tree_have_more_ranges(void **state)
{
	const unsigned want = 3 * MB_FDT_MAX_RANGES;
	unsigned char *b, *mem = malloc(want * MB_FDT_RANGE_BYTES + 8);
	struct mb_fdt_opts o = { 0 };
	struct mb_import_report rep;
	size_t n, off;
	unsigned i;
	struct snap s;
	struct tmap t;

	(void)state;
	assert_non_null(mem);
	b = memreserve_dtb(want, &n);
	assert_true(MB_FDT_SCRATCH_FOR(n) >= want * MB_FDT_RANGE_BYTES);
	for (off = 0; off < 8; off += 3) {
		/*
		 * Aligned, or 3 bytes off with 8 bytes more (5 skipped):
		 * `want` ranges fit; a range's bytes less, one fewer.
		 */
		size_t bytes = want * MB_FDT_RANGE_BYTES + (off ? 8 : 0);

		tmap_init(&t, 4, 4 * want, 0);
		o.scratch = mem + off;
		o.scratch_bytes = bytes - MB_FDT_RANGE_BYTES;
		snap_take(&s, &t.mb);
		assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL),
				 -MB_ENOSPC);
		assert_string_equal(o.why, too_many);
		snap_assert_same(&s, &t.mb);
		snap_free(&s);

		o.scratch_bytes = bytes;
		assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
		assert_null(o.why);
		assert_int_equal(rep.entries, want);
		assert_int_equal(t.mb.reserved.cnt, want);
		for (i = 0; i < want; i++) {
			assert_int_equal(t.mb.reserved.regions[i].base,
					 0x100000 + 0x2000 * i);
			assert_int_equal(t.mb.reserved.regions[i].size, 0x1000);
		}
		tmap_fini(&t);
	}
	/* Scratch smaller than the stack array: the stack array serves. */
	tmap_init(&t, 4, 4 * want, 0);
	o.scratch = mem;
	o.scratch_bytes = MB_FDT_RANGE_BYTES;
	free(b);
	b = memreserve_dtb(MB_FDT_MAX_RANGES, &n);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL), 0);
	assert_int_equal(t.mb.reserved.cnt, MB_FDT_MAX_RANGES);
	tmap_fini(&t);
	free(b);
	free(mem);
}

static void discarded_instance_refuses_import(void **state)
{
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = dtb(rmem_src, &n);
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_discard(&t.mb, NULL, NULL), 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), -MB_ENOENT);
	tmap_fini(&t);
	free(b);
}

/* xorshift: the same trees on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void appendf(char *buf, size_t cap, const char *fmt, unsigned a,
		    unsigned b)
{
	size_t len = strlen(buf);

	snprintf(buf + len, cap - len, fmt, a, b);
}

/*
 * Random trees into small tables with memory already in them: an import
 * either succeeds with every table still valid, or fails having changed
 * nothing - the room it plans must be the room it uses.
 */
static void random_trees_fit_or_change_nothing(void **state)
{
	static char src[8192];
	uint64_t seed = 0x853c49e6748fea9bull;
	unsigned round, i, ok = 0, full = 0;

	(void)state;
	for (round = 0; round < 60; round++) {
		unsigned char *b;
		size_t n;
		struct snap s;
		struct tmap t;
		int err;

		strcpy(src, "/dts-v1/;\n");
		for (i = rnd(&seed) % 3; i; i--)
			appendf(src, sizeof(src), "/memreserve/ 0x%x 0x%x;\n",
				(unsigned)(rnd(&seed) % 64) << 16,
				1 + (unsigned)(rnd(&seed) % 8) * 0x4000);
		strcat(src, "/ { #address-cells = <1>; #size-cells = <1>;\n");
		for (i = 0; i < 1 + rnd(&seed) % 3; i++)
			appendf(src, sizeof(src),
				" memory@%x { device_type = \"memory\"; "
				"reg = <0x%x 0x400000>; };\n",
				i, (unsigned)(rnd(&seed) % 16) << 20);
		strcat(src, " reserved-memory { #address-cells = <1>; "
			    "#size-cells = <1>; ranges;\n");
		for (i = 0; i < rnd(&seed) % 6; i++) {
			unsigned at = (unsigned)(rnd(&seed) % 128) << 15;

			appendf(src, sizeof(src), "  r%u { reg = <0x%x 0x8000>;",
				i, at);
			strcat(src, rnd(&seed) % 2 ? " no-map; };\n" : " };\n");
		}
		for (i = 0; i < rnd(&seed) % 3; i++) {
			appendf(src, sizeof(src), "  d%u { size = <0x%x>;", i,
				0x1000u << (rnd(&seed) % 8));
			strcat(src, rnd(&seed) % 2 ? " no-map; };\n" : " };\n");
		}
		strcat(src, " };\n};\n");
		b = dtb(src, &n);
		tmap_init(&t, 2 + rnd(&seed) % 8, 2 + rnd(&seed) % 8, 0);
		if (rnd(&seed) % 2)
			assert_int_equal(mb_add(&t.mb, 0x3000000, 0x10000), 0);
		if (rnd(&seed) % 2)
			assert_int_equal(mb_reserve(&t.mb, 0x3000000, 0x1000), 0);
		snap_take(&s, &t.mb);
		err = mb_import_fdt(&t.mb, b, n, NULL, NULL);
		if (err) {
			assert_int_equal(err, -MB_ENOMEM);
			snap_assert_same(&s, &t.mb);
			full++;
		} else {
			assert_valid(&t.mb);
			ok++;
		}
		snap_free(&s);
		tmap_fini(&t);
		free(b);
	}
	/* Both outcomes happen. */
	assert_true(ok > 5 && full > 5);
}

/* ---- Real trees (maps/dts, torvalds/linux) ---- */

/* The SoC .dtsi files these boards include set the root cells to 2. */
static const char cells2[] = "/ { #address-cells = <2>; #size-cells = <2>; };\n";

static void thunderx2_has_two_banks_one_above_4g(void **state)
{
	static const char *const files[] = { "cavium_thunder2-99xx.dts", NULL };
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = map_dtb(files, cells2, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), 0);
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	assert_type(&t.mb.memory, { 0x80000000u, 0x7ffff000u, 0, MAX_NUMNODES });
#else
	assert_type(&t.mb.memory, { 0x80000000u, 0x80000000u, 0, MAX_NUMNODES },
		    { 0x880000000ull, 0x80000000u, 0, MAX_NUMNODES });
#endif
	tmap_fini(&t);
	free(b);
}

static void hikey_banks_leave_the_firmware_holes(void **state)
{
	static const char *const files[] = { "hisilicon_hi6220-hikey.dts", NULL };
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = map_dtb(files, cells2, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), 0);
	assert_type(&t.mb.memory, { 0x0, 0x05e00000, 0, MAX_NUMNODES },
		    { 0x05f00000, 0x00eff000, 0, MAX_NUMNODES },
		    { 0x06e00000, 0x0060f000, 0, MAX_NUMNODES },
		    { 0x07410000, 0x36bf0000, 0, MAX_NUMNODES });
	tmap_fini(&t);
	free(b);
}

static void hip07_memory_node_carries_its_numa_node(void **state)
{
	static const char *const files[] = { "hisilicon_hip07-d05.dts", NULL };
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = map_dtb(files, cells2, &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, NULL), 0);
	assert_type(&t.mb.memory, { 0x0, 0x40000000, 0, 0 });
	tmap_fini(&t);
	free(b);
}

static void realtek_ds418_reserves_and_hides_the_tee(void **state)
{
	static const char *const files[] = { "realtek_rtd129x.dtsi.excerpt",
					     "realtek_rtd1296-ds418.dts", NULL };
	struct mb_import_report rep;
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	b = map_dtb(files, "", &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, NULL, &rep), 0);
	assert_type(&t.mb.memory, { 0x0, 0x10100000, 0, MAX_NUMNODES },
		    { 0x10100000, 0xf00000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x11000000, 0x6f000000, 0, MAX_NUMNODES });
	/* The /memreserve/ entries [0, 0x1f000) and [0x1f000, 0x100000)
	 * merge and swallow rpc@1f000; rpc@1ffe000 stands alone. */
	assert_type(&t.mb.reserved, { 0x0, 0x100000, 0, NUMA_NO_NODE },
		    { 0x1b00000, 0x4be000, 0, NUMA_NO_NODE },
		    { 0x1ffe000, 0x4000, 0, NUMA_NO_NODE });
	assert_int_equal(rep.entries, 1 + 3 + 3);
	assert_int_equal(rep.ignored, 0);
	tmap_fini(&t);
	free(b);
}

static void sdm845_carveouts_are_nomap(void **state)
{
	static const char *const files[] = { "qcom_sdm845.dtsi.excerpt", NULL };
	struct mb_fdt_rmem rm[32];
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 32 };
	struct mb_import_report rep;
	unsigned char *b;
	size_t n, i;
	uint64_t hidden = 0;
	struct tmap t;

	(void)state;
	/* As printed the bank has size 0 ("the bootloader fills it in"). */
	b = map_dtb(files, "", &n);
	tmap_init(&t, 64, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
	assert_empty(&t.mb.memory);
	assert_int_equal(rep.ignored, 1);
	tmap_fini(&t);
	free(b);

	/* With 4 GiB filled in, every carve-out becomes NOMAP memory. */
	b = map_dtb(files,
		    "/ { memory@80000000 { reg = <0 0x80000000 1 0>; }; };\n",
		    &n);
	tmap_init(&t, 64, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, &rep), 0);
	assert_empty(&t.mb.reserved);
	assert_int_equal(o.rmem_cnt, 20);
	for (i = 0; i < o.rmem_cnt; i++) {
		assert_true(rm[i].nomap && !rm[i].failed);
		hidden += rm[i].size;
	}
	assert_int_equal(rep.nomap, hidden);
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	assert_int_equal(mb_phys_mem_size(&t.mb), 0x7ffff000u);
#else
	assert_int_equal(mb_phys_mem_size(&t.mb), 0x100000000ull);
#endif
	assert_true(mb_is_memory(&t.mb, 0x85700000));
	assert_false(mb_is_map_memory(&t.mb, 0x85700000));
	assert_true(mb_is_map_memory(&t.mb, 0x85d00000));
	assert_valid(&t.mb);
	tmap_fini(&t);
	free(b);
}

static void meson_cma_pool_is_placed_top_down(void **state)
{
	static const char *const files[] = { "amlogic_meson-gx.dtsi.excerpt",
					     NULL };
	struct mb_fdt_rmem rm[8];
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 8 };
	unsigned char *b;
	size_t n;
	struct tmap t;

	(void)state;
	/* The board file (2 GiB, as an ODROID-C2) gives the memory. */
	b = map_dtb(files,
		    "/ { gic: interrupt-controller { };\n"
		    " memory@0 { device_type = \"memory\";\n"
		    "  reg = <0 0 0 0x80000000>; }; };\n",
		    &n);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_fdt(&t.mb, b, n, &o, NULL), 0);
	assert_int_equal(o.rmem_cnt, 4);
	assert_string_equal(rm[3].name, "linux,cma");
	assert_true(rm[3].dynamic && rm[3].reusable && !rm[3].failed);
	assert_int_equal(rm[3].base, 0x74400000);
	assert_type(&t.mb.reserved, { 0x74400000, 0xbc00000, MEMBLOCK_RSRV_KERN,
				      NUMA_NO_NODE });
	assert_type(&t.mb.memory,
		    { 0x0, 0x1000000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x1000000, 0x4000000, 0, MAX_NUMNODES },
		    { 0x5000000, 0x300000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x5300000, 0xad00000, 0, MAX_NUMNODES },
		    { 0x10000000, 0x200000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x10200000, 0x6fe00000, 0, MAX_NUMNODES });
	tmap_fini(&t);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_nodes_give_banks_nodes_and_flags),
		cmocka_unit_test(root_cells_default_to_one_each),
		cmocka_unit_test(memory_can_be_left_to_another_source),
		cmocka_unit_test(reservations_follow_linux),
		cmocka_unit_test(reserved_memory_with_other_cells_is_ignored),
		cmocka_unit_test(dynamic_regions_are_placed_as_linux_places_them),
		cmocka_unit_test(descriptions_stop_at_the_callers_capacity),
		cmocka_unit_test(malformed_headers_are_named),
		cmocka_unit_test(property_after_subnode_is_refused),
		cmocka_unit_test(every_corruption_is_survived),
		cmocka_unit_test(random_trees_fit_or_change_nothing),
		cmocka_unit_test(full_tables_fail_whole_and_change_nothing),
		cmocka_unit_test(too_many_ranges_are_refused),
		cmocka_unit_test(scratch_lets_a_tree_have_more_ranges),
		cmocka_unit_test(discarded_instance_refuses_import),
		cmocka_unit_test(thunderx2_has_two_banks_one_above_4g),
		cmocka_unit_test(hikey_banks_leave_the_firmware_holes),
		cmocka_unit_test(hip07_memory_node_carries_its_numa_node),
		cmocka_unit_test(realtek_ds418_reserves_and_hides_the_tee),
		cmocka_unit_test(sdm845_carveouts_are_nomap),
		cmocka_unit_test(meson_cma_pool_is_placed_top_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
