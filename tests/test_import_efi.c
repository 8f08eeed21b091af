// SPDX-License-Identifier: MIT
/* test_import_efi.c - the UEFI memory-map importer's policy and errors. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memblock_import.h>

#define WB MB_EFI_MEMORY_WB
#define CACHED (MB_EFI_MEMORY_UC | MB_EFI_MEMORY_WC | MB_EFI_MEMORY_WT | WB)

struct d {
	uint32_t type;
	uint64_t addr, pages, attr;
};

static void put_le(unsigned char *p, uint64_t v, unsigned bytes)
{
	while (bytes--) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

/*
 * Lay descriptors out as firmware does, @desc_size apart, with junk in
 * the padding, the virtual address and any bytes past the known fields.
 */
static unsigned char *build(const struct d *ds, size_t n, size_t desc_size)
{
	unsigned char *m = malloc(n * desc_size + 1);
	size_t i;

	assert_non_null(m);
	memset(m, 0xa5, n * desc_size + 1);
	for (i = 0; i < n; i++) {
		unsigned char *p = m + i * desc_size;

		put_le(p, ds[i].type, 4);
		put_le(p + 8, ds[i].addr, 8);
		put_le(p + 24, ds[i].pages, 8);
		put_le(p + 32, ds[i].attr, 8);
	}
	return m;
}

static int import(struct tmap *t, const struct d *ds, size_t n,
		  unsigned flags, struct mb_import_report *rep)
{
	unsigned char *m = build(ds, n, 48);
	int err = mb_import_efi(&t->mb, m, n * 48, 48, flags, rep);

	free(m);
	return err;
}

static void every_type_is_handled_as_linux_does(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_RESERVED, 0x00000, 1, CACHED },
		{ MB_EFI_LOADER_CODE, 0x01000, 1, CACHED },
		{ MB_EFI_LOADER_DATA, 0x02000, 1, CACHED },
		{ MB_EFI_BOOT_SERVICES_CODE, 0x03000, 1, CACHED },
		{ MB_EFI_BOOT_SERVICES_DATA, 0x04000, 1, CACHED },
		{ MB_EFI_RUNTIME_SERVICES_CODE, 0x05000, 1,
		  CACHED | MB_EFI_MEMORY_RUNTIME },
		{ MB_EFI_RUNTIME_SERVICES_DATA, 0x06000, 1,
		  CACHED | MB_EFI_MEMORY_RUNTIME },
		{ MB_EFI_CONVENTIONAL, 0x07000, 1, CACHED },
		{ MB_EFI_UNUSABLE, 0x08000, 1, CACHED },
		{ MB_EFI_ACPI_RECLAIM, 0x09000, 1, CACHED },
		{ MB_EFI_ACPI_NVS, 0x0a000, 1, CACHED },
		{ MB_EFI_MMIO, 0x0b000, 1, MB_EFI_MEMORY_UC },
		{ MB_EFI_MMIO_PORT_SPACE, 0x0c000, 1, MB_EFI_MEMORY_UC },
		{ MB_EFI_PAL_CODE, 0x0d000, 1, CACHED },
		{ MB_EFI_PERSISTENT, 0x0e000, 1, CACHED },
		{ MB_EFI_UNACCEPTED, 0x0f000, 1, CACHED },
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 8, 0);
	assert_int_equal(import(&t, ds, 16, 0, &rep), 0);
	assert_type(&t.mb.memory,
		    { 0x0000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x1000, 0x4000, 0, MAX_NUMNODES },
		    { 0x5000, 0x2000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x7000, 0x1000, 0, MAX_NUMNODES },
		    { 0x8000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x9000, 0x1000, 0, MAX_NUMNODES },
		    { 0xa000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0xd000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0xe000, 0x1000, 0, MAX_NUMNODES },
		    { 0xf000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES });
	/* ACPI reclaim stays reserved for kexec. */
	assert_type(&t.mb.reserved, { 0x9000, 0x1000, 0, NUMA_NO_NODE });
	assert_int_equal(rep.entries, 16);
	assert_int_equal(rep.ignored, 2);
	assert_int_equal(rep.added, 14 * 0x1000);
	assert_int_equal(rep.nomap, 7 * 0x1000);
	assert_int_equal(rep.reserved, 0x1000);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void cacheability_decides_memory_and_usability(void **state)
{
	static const struct d ds[] = {
		/* Usable type mappable only write-through: memory, NOMAP. */
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, MB_EFI_MEMORY_WT },
		/* Usable type, uncached only: not memory at all. */
		{ MB_EFI_CONVENTIONAL, 0x200000, 16, MB_EFI_MEMORY_UC },
		/* The RUNTIME attribute alone changes nothing. */
		{ MB_EFI_BOOT_SERVICES_DATA, 0x300000, 16,
		  WB | MB_EFI_MEMORY_RUNTIME },
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(import(&t, ds, 3, 0, &rep), 0);
	assert_type(&t.mb.memory,
		    { 0x100000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x300000, 0x10000, 0, MAX_NUMNODES });
	assert_int_equal(rep.ignored, 1);
	tmap_fini(&t);
}

static void soft_reserved_memory_is_left_out_unless_disabled(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x200000, 16, WB | MB_EFI_MEMORY_SP },
	};
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(import(&t, ds, 2, 0, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x10000, 0, MAX_NUMNODES });
	assert_int_equal(import(&t, ds, 2, MB_EFI_NO_SOFT_RESERVE, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x10000, 0, MAX_NUMNODES },
		    { 0x200000, 0x10000, 0, MAX_NUMNODES });
	tmap_fini(&t);
}

static void descriptors_are_read_desc_size_apart(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_RUNTIME_SERVICES_DATA, 0x110000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x400000, 0x100, WB },
	};
	static const size_t sizes[] = { 40, 48, 56, 64, 80 };
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *m = build(ds, 3, sizes[i]);
		struct tmap t;

		tmap_init(&t, 8, 8, 0);
		assert_int_equal(mb_import_efi(&t.mb, m, 3 * sizes[i],
					       sizes[i], 0, NULL),
				 0);
		assert_type(&t.mb.memory,
			    { 0x100000, 0x10000, 0, MAX_NUMNODES },
			    { 0x110000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
			    { 0x400000, 0x100000, 0, MAX_NUMNODES });
		tmap_fini(&t);
		free(m);
	}
}

static void overlaps_resolve_to_nomap_in_any_order(void **state)
{
	static const struct d fwd[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 0x100, WB },
		{ MB_EFI_RUNTIME_SERVICES_CODE, 0x140000, 0x10, WB },
		{ MB_EFI_ACPI_RECLAIM, 0x1f0000, 0x20, WB },
	};
	const struct d rev[] = { fwd[2], fwd[1], fwd[0] };
	const struct d *orders[] = { fwd, rev };
	unsigned i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct tmap t;

		tmap_init(&t, 8, 8, 0);
		assert_int_equal(import(&t, orders[i], 3, 0, NULL), 0);
		assert_type(&t.mb.memory,
			    { 0x100000, 0x40000, 0, MAX_NUMNODES },
			    { 0x140000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
			    { 0x150000, 0xc0000, 0, MAX_NUMNODES });
		assert_type(&t.mb.reserved,
			    { 0x1f0000, 0x20000, 0, NUMA_NO_NODE });
		assert_valid(&t.mb);
		tmap_fini(&t);
	}
}

static void earlier_memory_is_replaced_unless_kept(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 0x100, WB },
		{ MB_EFI_RESERVED, 0x180000, 0x10, WB },
	};
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	/* What a DT /memory node gave earlier; its reservation stays. */
	assert_int_equal(mb_add(&t.mb, 0x80000000u, 0x100000), 0);
	assert_int_equal(mb_add(&t.mb, 0x170000, 0x20000), 0);
	assert_int_equal(mb_reserve(&t.mb, 0x80000000u, 0x1000), 0);
	assert_int_equal(import(&t, ds, 2, 0, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x80000, 0, MAX_NUMNODES },
		    { 0x180000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x190000, 0x70000, 0, MAX_NUMNODES });
	assert_type(&t.mb.reserved, { 0x80000000u, 0x1000, 0, NUMA_NO_NODE });
	tmap_fini(&t);

	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add_node(&t.mb, 0x170000, 0x20000, 1, 0), 0);
	assert_int_equal(import(&t, ds, 2, MB_EFI_KEEP_MEMORY, NULL), 0);
	/* Kept memory keeps its node but is marked NOMAP where EFI says. */
	assert_type(&t.mb.memory, { 0x100000, 0x70000, 0, MAX_NUMNODES },
		    { 0x170000, 0x10000, 0, 1 },
		    { 0x180000, 0x10000, MEMBLOCK_NOMAP, 1 },
		    { 0x190000, 0x70000, 0, MAX_NUMNODES });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void malformed_maps_are_named_and_change_nothing(void **state)
{
	static const struct d ok[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x200000, 16, WB },
	};
	static const struct d wraps[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0xfffffffffff00000ull, 0x100, WB },
	};
	static const struct d huge[] = {
		{ MB_EFI_CONVENTIONAL, 0x0, 0x10000000000000ull, WB },
	};
	unsigned char *m = build(ok, 2, 48);
	unsigned char *w = build(wraps, 2, 48);
	unsigned char *h = build(huge, 1, 48);
	struct mb_import_report rep;
	struct snap s;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add(&t.mb, 0x100000, 0x1000), 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_efi(&t.mb, m, 96, 32, 0, &rep), -MB_EINVAL);
	assert_int_equal(mb_import_efi(&t.mb, m, 95, 48, 0, &rep), -MB_EINVAL);
	assert_int_equal(rep.bad_index, 1);
	assert_int_equal(mb_import_efi(&t.mb, w, 96, 48, 0, &rep), -MB_EINVAL);
	assert_int_equal(rep.bad_index, 1);
	assert_int_equal(rep.entries, 2);
	assert_int_equal(mb_import_efi(&t.mb, h, 48, 48, 0, &rep), -MB_EINVAL);
	assert_int_equal(rep.bad_index, 0);
	assert_int_equal(mb_import_efi(&t.mb, m,
				       48 * (MB_EFI_MAX_DESCRIPTORS + 1), 48,
				       0, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, MB_EFI_MAX_DESCRIPTORS);
	assert_int_equal(mb_import_efi(&t.mb, NULL, 48, 48, 0, &rep),
			 -MB_EINVAL);
	assert_int_equal(mb_import_efi(NULL, m, 96, 48, 0, &rep), -MB_EINVAL);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	free(m);
	free(w);
	free(h);
}

static void full_tables_fail_whole_and_leave_instance_unchanged(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_RUNTIME_SERVICES_DATA, 0x110000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x120000, 16, WB },
		{ MB_EFI_ACPI_RECLAIM, 0x400000, 16, WB },
	};
	struct snap s;
	struct tmap t;

	(void)state;
	/* Memory needs three regions and has room for two. */
	tmap_init(&t, 2, 4, 0);
	assert_int_equal(mb_add(&t.mb, 0x80000000u, 0x1000), 0);
	snap_take(&s, &t.mb);
	assert_int_equal(import(&t, ds, 4, 0, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	assert_int_equal(import(&t, ds, 4, MB_EFI_KEEP_MEMORY, NULL),
			 -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);

	/* Reserved full: memory is not touched either. */
	tmap_init(&t, 8, 2, 0);
	assert_int_equal(mb_reserve(&t.mb, 0x800000, 0x1000), 0);
	assert_int_equal(mb_reserve(&t.mb, 0xa00000, 0x1000), 0);
	snap_take(&s, &t.mb);
	assert_int_equal(import(&t, ds + 2, 2, 0, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

/* Regression: new NOMAP memory beside kept memory needs no spare slots
 * (it was once marked after the add, which wanted two free slots). */
static void kept_memory_fills_a_table_exactly(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_RUNTIME_SERVICES_DATA, 0x200000, 16, WB },
	};
	struct tmap t;

	(void)state;
	tmap_init(&t, 3, 4, 0);
	assert_int_equal(mb_add(&t.mb, 0x40000000, 0x1000), 0);
	assert_int_equal(import(&t, ds, 2, MB_EFI_KEEP_MEMORY, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x10000, 0, MAX_NUMNODES },
		    { 0x200000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x40000000, 0x1000, 0, MAX_NUMNODES });
	tmap_fini(&t);
}

static void discarded_instance_refuses_import(void **state)
{
	static const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
	};
	unsigned char *m = build(ds, 1, 48);
	struct tmap t;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_discard(&t.mb, NULL, NULL), 0);
	assert_int_equal(import(&t, ds, 1, 0, NULL), -MB_ENOENT);
	assert_int_equal(mb_import_efi_x86(&t.mb, m, 48, 48, 0, NULL),
			 -MB_ENOENT);
	free(m);
	tmap_fini(&t);
}

/* Descriptors from the "efi: memNN: [Type|attrs] range=[a-b]" lines. */
static size_t read_fixture(const char *path, struct d *out, size_t max)
{
	static const char *const names[] = {
		"Reserved", "Loader Code", "Loader Data", "Boot Code",
		"Boot Data", "Runtime Code", "Runtime Data",
		"Conventional Memory", "Unusable Memory",
		"ACPI Reclaim Memory", "ACPI Memory NVS", "Memory Mapped I/O",
	};
	FILE *f = fopen(path, "r");
	char line[512];
	size_t n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *b, *bar, *r, *tok;
		unsigned long long s, e;
		unsigned i;

		if (line[0] == '#' || !(b = strstr(line, ": [")))
			continue;
		b += 3;
		bar = strchr(b, '|');
		r = strstr(b, "range=[");
		assert_true(bar && r && n < max);
		assert_int_equal(sscanf(r, "range=[%llx-%llx]", &s, &e), 2);
		while (bar > b && bar[-1] == ' ')
			bar--;
		out[n] = (struct d){ 99, s, (e + 1 - s) >> 12, 0 };
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i]) == (size_t)(bar - b) &&
			    !strncmp(b, names[i], (size_t)(bar - b)))
				out[n].type = i;
		assert_int_not_equal(out[n].type, 99);
		*strchr(b, ']') = '\0';
		for (tok = strtok(strchr(b, '|'), "| "); tok;
		     tok = strtok(NULL, "| ")) {
			out[n].attr |= !strcmp(tok, "UC") ? MB_EFI_MEMORY_UC :
				       !strcmp(tok, "WC") ? MB_EFI_MEMORY_WC :
				       !strcmp(tok, "WT") ? MB_EFI_MEMORY_WT :
				       !strcmp(tok, "WB") ? MB_EFI_MEMORY_WB :
				       !strcmp(tok, "RUN") ? MB_EFI_MEMORY_RUNTIME :
							     0;
		}
		n++;
	}
	fclose(f);
	return n;
}

/*
 * QEMU q35 + OVMF, 7 GiB: the expected regions were worked out from the
 * printed map by hand-checked script, following the documented policy.
 */
static void real_ovmf_map_gives_memory_and_nomap_as_linux(void **state)
{
	struct d ds[160];
	size_t n = read_fixture("tests/fixtures/efi-ovmf-q35-7g.txt", ds, 160);
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	assert_int_equal(n, 127);
	tmap_init(&t, 32, 8, 0);
	assert_int_equal(import(&t, ds, n, 0, &rep), 0);
	assert_int_equal(rep.entries, 127);
	assert_type(&t.mb.reserved, { 0x7eb6e000, 0x10000, 0, NUMA_NO_NODE });
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	assert_int_equal(rep.ignored, 2); /* the UC hole and RAM above 4G */
	assert_int_equal(t.mb.memory.cnt, 14);
	assert_int_equal(mb_phys_mem_size(&t.mb), 0x7ffa0000);
#else
	assert_int_equal(rep.ignored, 1); /* [0xb0000000, 0xc0000000) UC */
	assert_int_equal(rep.added, 0x13ffa0000ull);
	assert_int_equal(rep.nomap, 0x24a8000);
	assert_type(&t.mb.memory,
		{ 0x0, 0x30000, 0, MAX_NUMNODES },
		{ 0x30000, 0x20000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x50000, 0x4e000, 0, MAX_NUMNODES },
		{ 0x9e000, 0x2000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x100000, 0x707000, 0, MAX_NUMNODES },
		{ 0x807000, 0x1000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x808000, 0x8000, 0, MAX_NUMNODES },
		{ 0x810000, 0xf00000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x1710000, 0x7d019000, 0, MAX_NUMNODES },
		{ 0x7e729000, 0x445000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x7eb6e000, 0x10000, 0, MAX_NUMNODES },
		{ 0x7eb7e000, 0x80000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x7ebfe000, 0x342000, 0, MAX_NUMNODES },
		{ 0x7ef40000, 0x10c0000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		{ 0x100000000ull, 0xc0000000ull, 0, MAX_NUMNODES });
#endif
	assert_valid(&t.mb);
	tmap_fini(&t);
}

/*
 * The x86 view of the same OVMF map: the EFI stub's e820 table.  Linux
 * printed that table in the same boot (the "BIOS-e820:" lines of
 * maps/efi/ovmf-q35-7g-fedora-5.3-efi-debug.txt, copied here); importing
 * it must give what converting the descriptors gives.
 */
static void x86_view_of_ovmf_map_is_the_e820_table_linux_printed(void **state)
{
	static const struct mb_e820_entry printed[] = {
		{ 0x0, 0x30000, MB_E820_RAM },
		{ 0x30000, 0x20000, MB_E820_RESERVED },
		{ 0x50000, 0x4e000, MB_E820_RAM },
		{ 0x9e000, 0x2000, MB_E820_RESERVED },
		{ 0x100000, 0x707000, MB_E820_RAM },
		{ 0x807000, 0x1000, MB_E820_NVS },
		{ 0x808000, 0x8000, MB_E820_RAM },
		{ 0x810000, 0xf00000, MB_E820_NVS },
		{ 0x1710000, 0x7d019000, MB_E820_RAM },
		{ 0x7e729000, 0x445000, MB_E820_RESERVED },
		{ 0x7eb6e000, 0x10000, MB_E820_ACPI },
		{ 0x7eb7e000, 0x80000, MB_E820_NVS },
		{ 0x7ebfe000, 0x342000, MB_E820_RAM },
		{ 0x7ef40000, 0xc0000, MB_E820_NVS },
		{ 0x7f000000, 0x1000000, MB_E820_RESERVED },
		{ 0xb0000000, 0x10000000, MB_E820_RESERVED },
		{ 0x100000000ull, 0xc0000000ull, MB_E820_RAM },
	};
	struct d ds[160];
	size_t n = read_fixture("tests/fixtures/efi-ovmf-q35-7g.txt", ds, 160);
	unsigned char *m = build(ds, n, 48);
	struct mb_import_report rep, want;
	struct tmap t, e;

	(void)state;
	tmap_init(&t, 32, 8, 0);
	tmap_init(&e, 32, 8, 0);
	assert_int_equal(mb_import_efi_x86(&t.mb, m, n * 48, 48, 0, &rep), 0);
	assert_int_equal(mb_import_e820(&e.mb, printed,
					sizeof(printed) / sizeof(printed[0]),
					&want),
			 0);
	assert_same_regions(&t.mb, &e.mb);
	assert_int_equal(rep.entries, 127);
	assert_int_equal(rep.added, want.added);
	assert_int_equal(rep.reserved, 0);
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
	/* The seven usable entries; ACPI data is not memory on x86. */
	assert_int_equal(t.mb.memory.cnt, 7);
	assert_int_equal(mb_phys_mem_size(&t.mb), 0x13dae8000ull);
#endif
	assert_valid(&t.mb);
	free(m);
	tmap_fini(&t);
	tmap_fini(&e);
}

/*
 * Each type as the stub converts it, attributes ignored but for SP: RAM
 * is memory, soft-reserved RAM is reserved, every other type is left out.
 */
static void x86_view_follows_the_stub_types(void **state)
{
	const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, MB_EFI_MEMORY_UC },
		{ MB_EFI_BOOT_SERVICES_DATA, 0x110000, 16, WB },
		{ MB_EFI_RUNTIME_SERVICES_CODE, 0x120000, 16, WB },
		{ MB_EFI_ACPI_RECLAIM, 0x130000, 16, WB },
		{ MB_EFI_ACPI_NVS, 0x140000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x150000, 16, WB | MB_EFI_MEMORY_SP },
		{ MB_EFI_PERSISTENT, 0x160000, 16, WB },
		{ MB_EFI_UNACCEPTED, 0x170000, 16, WB },
		{ MB_EFI_LOADER_CODE, 0x180000, 16, 0 },
		{ 0x70000000u, 0x190000, 16, WB }, /* an OEM type */
	};
	unsigned char *m = build(ds, 10, 48);
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_efi_x86(&t.mb, m, 10 * 48, 48, 0, &rep), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x20000, 0, MAX_NUMNODES },
		    { 0x170000, 0x20000, 0, MAX_NUMNODES });
	assert_type(&t.mb.reserved, { 0x150000, 0x10000, 0, NUMA_NO_NODE });
	assert_int_equal(rep.entries, 10);
	assert_int_equal(rep.ignored, 5);
	assert_int_equal(rep.added, 0x40000);
	assert_int_equal(rep.reserved, 0x10000);
	tmap_fini(&t);

	/* efi=nosoftreserve: the SP range is RAM like its neighbours. */
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_efi_x86(&t.mb, m, 10 * 48, 48,
					   MB_EFI_NO_SOFT_RESERVE, NULL),
			 0);
	assert_type(&t.mb.memory, { 0x100000, 0x20000, 0, MAX_NUMNODES },
		    { 0x150000, 0x10000, 0, MAX_NUMNODES },
		    { 0x170000, 0x20000, 0, MAX_NUMNODES });
	assert_empty(&t.mb.reserved);
	tmap_fini(&t);
	free(m);
}

/* The x86 view refuses what mb_import_efi() refuses, changing nothing. */
static void x86_view_refuses_malformed_maps_whole(void **state)
{
	const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0xfffffffffffff000ull, 2, WB },
	};
	unsigned char *m = build(ds, 2, 48);
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add(&t.mb, 0x40000000, 0x1000), 0);
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_import_efi_x86(&t.mb, m, 96, 48, 0, &rep));
	assert_int_equal(rep.bad_index, 1);
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_import_efi_x86(&t.mb, m, 95, 48, 0, &rep));
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_import_efi_x86(&t.mb, m, 64, 32, 0, NULL));
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_import_efi_x86(NULL, m, 48, 48, 0, NULL));
	assert_int_equal(mb_import_efi_x86(&t.mb, m, 48, 48, 0, &rep), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x10000, 0, MAX_NUMNODES },
		    { 0x40000000, 0x1000, 0, MAX_NUMNODES });
	tmap_fini(&t);
	free(m);
}

/* The x86 view fails whole when a table is full, memory or reserved. */
static void x86_view_fails_whole_when_tables_are_full(void **state)
{
	const struct d ds[] = {
		{ MB_EFI_CONVENTIONAL, 0x100000, 16, WB },
		{ MB_EFI_RUNTIME_SERVICES_DATA, 0x110000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x120000, 16, WB },
		{ MB_EFI_CONVENTIONAL, 0x400000, 16, WB | MB_EFI_MEMORY_SP },
	};
	unsigned char *m = build(ds, 4, 48);
	struct tmap t;

	(void)state;
	/* Memory needs two more regions and has room for one. */
	tmap_init(&t, 2, 4, 0);
	assert_int_equal(mb_add(&t.mb, 0x80000000u, 0x1000), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_import_efi_x86(&t.mb, m, 4 * 48, 48, 0, NULL));
	tmap_fini(&t);

	/* Reserved full: the soft-reserved range does not fit. */
	tmap_init(&t, 8, 2, 0);
	assert_int_equal(mb_reserve(&t.mb, 0x800000, 0x1000), 0);
	assert_int_equal(mb_reserve(&t.mb, 0xa00000, 0x1000), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_import_efi_x86(&t.mb, m, 4 * 48, 48, 0, NULL));
	tmap_fini(&t);
	free(m);
}

/* xorshift: the same inputs on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random descriptor bytes and sizes: each map is imported or refused
 * whole, never read past its end (ASan watches the exact-size buffers).
 */
static void random_maps_are_imported_or_refused_whole(void **state)
{
	static const uint64_t attrs[] = { WB, CACHED, MB_EFI_MEMORY_UC,
					  WB | MB_EFI_MEMORY_SP, 0 };
	uint64_t seed = 0x2545f4914f6cdd1dull;
	unsigned round, taken = 0;

	(void)state;
	for (round = 0; round < 300; round++) {
		size_t dsz = 32 + 4 * (rnd(&seed) % 14), n = rnd(&seed) % 12;
		size_t len = n * dsz + (round % 5 == 0 ? rnd(&seed) % 7 : 0);
		unsigned char *m = malloc(len ? len : 1);
		struct snap s;
		struct tmap t;
		size_t i;
		int err;

		for (i = 0; i < len; i++)
			m[i] = (unsigned char)rnd(&seed);
		/* Mostly plausible descriptors, so some maps are taken. */
		for (i = 0; round % 3 && dsz >= 40 && i < n; i++) {
			unsigned char *d = m + i * dsz;

			put_le(d, rnd(&seed) % 16, 4);
			put_le(d + 8, (rnd(&seed) % 0x1000) << 12, 8);
			put_le(d + 24, rnd(&seed) % 0x100, 8);
			put_le(d + 32, attrs[rnd(&seed) % 5], 8);
		}
		tmap_init(&t, 8, 8, 0);
		assert_int_equal(mb_add(&t.mb, 0x40000000, 0x1000), 0);
		snap_take(&s, &t.mb);
		err = mb_import_efi(&t.mb, m, len, dsz, rnd(&seed) % 4, NULL);
		if (err)
			snap_assert_same(&s, &t.mb);
		else
			assert_valid(&t.mb);
		taken += !err;
		snap_free(&s);
		tmap_fini(&t);
		free(m);
	}
	assert_true(taken > 30);
}

/*
 * Descriptors in address order, touching or not, of every type and
 * cacheability, are walked in one pass; the same map reversed takes the
 * edge-by-edge sweep.  Both give the same regions and report.
 */
static void ordered_map_imports_like_its_reversed_copy(void **state)
{
	static const uint64_t attrs[] = { WB, CACHED, MB_EFI_MEMORY_UC,
					  WB | MB_EFI_MEMORY_SP };
	struct d map[32], rev[32];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned round, i;

	(void)state;
	for (round = 0; round < 200; round++) {
		size_t n = rnd(&seed) % 32;
		uint64_t at = 0x1000 * (rnd(&seed) % 4);
		struct mb_import_report ra, rb;
		struct tmap a, b;

		for (i = 0; i < n; i++) {
			at += (rnd(&seed) % 3 ? 0 : rnd(&seed) % 4) << 12;
			map[i].type = (uint32_t)(rnd(&seed) % 16);
			map[i].addr = at;
			map[i].pages = rnd(&seed) % 5;
			map[i].attr = attrs[rnd(&seed) % 4];
			at += map[i].pages << 12;
			rev[n - 1 - i] = map[i];
		}
		tmap_init(&a, 64, 64, 0);
		tmap_init(&b, 64, 64, 0);
		assert_int_equal(import(&a, map, n, 0, &ra), 0);
		assert_int_equal(import(&b, rev, n, 0, &rb), 0);
		assert_memory_equal(&ra, &rb, sizeof(ra));
		assert_same_regions(&a.mb, &b.mb);
		assert_valid(&a.mb);
		tmap_fini(&a);
		tmap_fini(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_type_is_handled_as_linux_does),
		cmocka_unit_test(cacheability_decides_memory_and_usability),
		cmocka_unit_test(soft_reserved_memory_is_left_out_unless_disabled),
		cmocka_unit_test(descriptors_are_read_desc_size_apart),
		cmocka_unit_test(overlaps_resolve_to_nomap_in_any_order),
		cmocka_unit_test(earlier_memory_is_replaced_unless_kept),
		cmocka_unit_test(malformed_maps_are_named_and_change_nothing),
		cmocka_unit_test(full_tables_fail_whole_and_leave_instance_unchanged),
		cmocka_unit_test(kept_memory_fills_a_table_exactly),
		cmocka_unit_test(discarded_instance_refuses_import),
		cmocka_unit_test(real_ovmf_map_gives_memory_and_nomap_as_linux),
		cmocka_unit_test(random_maps_are_imported_or_refused_whole),
		cmocka_unit_test(ordered_map_imports_like_its_reversed_copy),
		cmocka_unit_test(x86_view_of_ovmf_map_is_the_e820_table_linux_printed),
		cmocka_unit_test(x86_view_follows_the_stub_types),
		cmocka_unit_test(x86_view_refuses_malformed_maps_whole),
		cmocka_unit_test(x86_view_fails_whole_when_tables_are_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
