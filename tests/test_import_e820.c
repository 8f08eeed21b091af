// SPDX-License-Identifier: MIT
/* test_import_e820.c - the e820 importer's policy, errors and names. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <memblock_import.h>

#define E(a, s, t) { (a), (s), (t) }

static void unsorted_overlapping_map_gives_reserved_priority(void **state)
{
	/* RAM overlapped by ACPI data and a reserved hole, listed backwards. */
	const struct mb_e820_entry map[] = {
		E(0x200000, 0x100000, MB_E820_RESERVED),
		E(0x180000, 0x10000, MB_E820_ACPI),
		E(0x100000, 0x300000, MB_E820_RAM),
		E(0x0, 0x9f000, MB_E820_RAM),
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 4, &rep), 0);
	assert_type(&t.mb.memory, { 0x0, 0x9f000, 0, MAX_NUMNODES },
		    { 0x100000, 0x80000, 0, MAX_NUMNODES },
		    { 0x190000, 0x70000, 0, MAX_NUMNODES },
		    { 0x300000, 0x100000, 0, MAX_NUMNODES });
	assert_empty(&t.mb.reserved);
	assert_int_equal(rep.entries, 4);
	assert_int_equal(rep.ignored, 2);
	assert_int_equal(rep.added, 0x9f000 + 0x80000 + 0x70000 + 0x100000);
	assert_int_equal(rep.reserved, 0);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void higher_type_number_wins_between_reserved_types(void **state)
{
	/* ACPI NVS (4) beats ACPI data (3); soft reserved beats everything,
	 * so the soft-reserved part is reserved, not left out. */
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x100000, MB_E820_ACPI),
		E(0x180000, 0x100000, MB_E820_NVS),
		E(0x1c0000, 0x80000, MB_E820_SOFT_RESERVED),
		E(0x100000, 0x400000, MB_E820_RAM),
	};
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 4, NULL), 0);
	assert_type(&t.mb.memory, { 0x280000, 0x280000, 0, MAX_NUMNODES });
	assert_type(&t.mb.reserved, { 0x1c0000, 0x80000, 0, NUMA_NO_NODE });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void reserved_kern_is_memory_and_other_types_are_not(void **state)
{
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x100000, MB_E820_RESERVED_KERN),
		E(0x200000, 0x100000, MB_E820_RAM),
		E(0x300000, 0x1000, MB_E820_UNUSABLE),
		E(0x400000, 0x1000, MB_E820_PMEM),
		E(0x500000, 0x1000, MB_E820_PRAM),
		E(0x600000, 0x1000, 99),
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 6, &rep), 0);
	/* Adjacent RESERVED_KERN and RAM merge into one memory region. */
	assert_type(&t.mb.memory, { 0x100000, 0x200000, 0, MAX_NUMNODES });
	assert_empty(&t.mb.reserved);
	assert_int_equal(rep.ignored, 4);
	tmap_fini(&t);
}

static void zero_sized_entries_are_dropped(void **state)
{
	/* A zero-sized reserved entry inside RAM must not punch a hole. */
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x100000, MB_E820_RAM),
		E(0x180000, 0, MB_E820_RESERVED),
		E(0x300000, 0, MB_E820_RAM),
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 3, &rep), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x100000, 0, MAX_NUMNODES });
	assert_int_equal(rep.ignored, 2);
	tmap_fini(&t);
}

static void memory_is_trimmed_to_whole_pages(void **state)
{
	const struct mb_e820_entry map[] = {
		E(0x0, 0x9fc00, MB_E820_RAM),         /* partial last page */
		E(0x100800, 0x2000, MB_E820_RAM),     /* unaligned both ends */
		E(0x200100, 0x800, MB_E820_RAM),      /* no whole page: gone */
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	/* Memory already present is trimmed too, as Linux trims all. */
	assert_int_equal(mb_add(&t.mb, 0x400000, 0x1800), 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 3, &rep), 0);
	assert_type(&t.mb.memory, { 0x0, 0x9f000, 0, MAX_NUMNODES },
		    { 0x101000, 0x1000, 0, MAX_NUMNODES },
		    { 0x400000, 0x1000, 0, MAX_NUMNODES });
	/* The report counts what was given to mb_add, before trimming. */
	assert_int_equal(rep.added, 0x9fc00 + 0x2000 + 0x800);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void existing_regions_keep_their_attributes(void **state)
{
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x400000, MB_E820_RAM),
	};
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add_node(&t.mb, 0x200000, 0x100000, 1,
				     MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 1, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x100000, 0, MAX_NUMNODES },
		    { 0x200000, 0x100000, MEMBLOCK_HOTPLUG, 1 },
		    { 0x300000, 0x200000, 0, MAX_NUMNODES });
	tmap_fini(&t);
}

static void entry_reaching_2_64_is_malformed(void **state)
{
	/* Linux's sanitiser refuses a table whose addr + size overflows. */
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x100000, MB_E820_RAM),
		E(0xfffffffffffff000ull, 0x1000, MB_E820_RAM),
	};
	struct mb_import_report rep;
	struct snap s;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_e820(&t.mb, map, 2, &rep), -MB_EINVAL);
	assert_int_equal(rep.bad_index, 1);
	assert_int_equal(rep.entries, 2);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

static void bad_arguments_are_rejected(void **state)
{
	const struct mb_e820_entry one = E(0x100000, 0x1000, MB_E820_RAM);
	struct mb_import_report rep;
	struct snap s;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_e820(NULL, &one, 1, NULL), -MB_EINVAL);
	assert_int_equal(mb_import_e820(&t.mb, NULL, 1, NULL), -MB_EINVAL);
	assert_int_equal(mb_import_e820(&t.mb, &one, MB_E820_MAX_ENTRIES + 1,
					&rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, MB_E820_MAX_ENTRIES);
	snap_assert_same(&s, &t.mb);
	/* An empty map is valid and changes nothing. */
	assert_int_equal(mb_import_e820(&t.mb, NULL, 0, &rep), 0);
	assert_int_equal(rep.entries, 0);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

static void entries_past_the_address_space_are_capped(void **state)
{
	const struct mb_e820_entry map[] = {
		E(0xffe00000u, 0x400000, MB_E820_RAM),
		E(0xfffffffffffff000ull, 0xfff, MB_E820_RAM),
	};
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_e820(&t.mb, map, 2, &rep), 0);
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	/* Capped at 0xffffffff, then the partial last page is trimmed; the
	 * second entry starts past the top and is ignored. */
	assert_type(&t.mb.memory, { 0xffe00000u, 0x1ff000, 0, MAX_NUMNODES });
	assert_int_equal(rep.ignored, 1);
#else
	/* The last entry ends at PHYS_ADDR_MAX, so its partial last page
	 * is trimmed away. */
	assert_type(&t.mb.memory, { 0xffe00000u, 0x400000, 0, MAX_NUMNODES });
	assert_int_equal(rep.ignored, 0);
#endif
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void full_table_fails_whole_and_leaves_instance_unchanged(void **state)
{
	/* Three separate RAM ranges into a memory table with room for two. */
	const struct mb_e820_entry map[] = {
		E(0x100000, 0x1000, MB_E820_RAM),
		E(0x300000, 0x1000, MB_E820_RAM),
		E(0x500000, 0x1000, MB_E820_RAM),
		E(0x700000, 0x1000, MB_E820_SOFT_RESERVED),
	};
	struct snap s;
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_e820(&t.mb, map, 4, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	/* Reserved alone too small: nothing is added to memory either. */
	assert_int_equal(mb_reserve(&t.mb, 0x900000, 0x1000), 0);
	assert_int_equal(mb_reserve(&t.mb, 0xb00000, 0x1000), 0);
	snap_free(&s);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_import_e820(&t.mb, map + 2, 2, NULL), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

struct heap_grow {
	unsigned calls;
};

static void *heap_alloc(void *ctx, size_t bytes)
{
	((struct heap_grow *)ctx)->calls++;
	return calloc(1, bytes);
}

static void heap_free(void *ctx, void *p, size_t bytes)
{
	(void)ctx;
	(void)bytes;
	free(p);
}

static void tables_grow_up_front_when_they_can(void **state)
{
	struct mb_e820_entry map[40];
	struct heap_grow hg = { 0 };
	const struct mb_grow_ops ops = { heap_alloc, heap_free, &hg };
	unsigned i;
	struct tmap t;

	(void)state;
	for (i = 0; i < 40; i++) {
		map[i].addr = 0x100000ull * (2 * i + 1);
		map[i].size = 0x100000;
		map[i].type = i % 2 ? MB_E820_RAM : MB_E820_SOFT_RESERVED;
	}
	tmap_init(&t, 4, 4, 0);
	mb_set_grow_ops(&t.mb, &ops);
	assert_int_equal(mb_import_e820(&t.mb, map, 40, NULL), 0);
	assert_int_equal(t.mb.memory.cnt, 20);
	assert_int_equal(t.mb.reserved.cnt, 20);
	assert_int_equal(mb_phys_mem_size(&t.mb), 20 * 0x100000);
	assert_int_equal(mb_reserved_size(&t.mb), 20 * 0x100000);
	assert_int_equal(hg.calls, 2); /* one growth per table */
	assert_valid(&t.mb);
	/* Free the grown arrays: the tmap frees only the initial ones. */
	free(t.mb.memory.regions);
	free(t.mb.reserved.regions);
	tmap_fini(&t);
}

/* xorshift: the same maps on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Memory and reservations already there before an import. */
static void seed_instance(struct memblock *mb, uint64_t pick)
{
	if (pick & 1)
		assert_int_equal(mb_add_node(mb, 0x180000, 0x40000, 1, 0), 0);
	if (pick & 2)
		assert_int_equal(mb_reserve(mb, 0x200000, 0x1000), 0);
}

/*
 * Random maps into small tables: an import either fails having changed
 * nothing, or gives exactly what the same import gives in roomy tables.
 */
static void random_maps_fit_exactly_or_change_nothing(void **state)
{
	static const uint32_t types[] = { 1, 1, 1, 2, 3, 4, 0xefffffffu };
	struct mb_e820_entry map[24];
	uint64_t seed = 0xbf58476d1ce4e5b9ull;
	unsigned round, i, ok = 0, full = 0;

	(void)state;
	for (round = 0; round < 300; round++) {
		unsigned n = (unsigned)(rnd(&seed) % 24);
		uint64_t pick = rnd(&seed);
		struct tmap t, ref;
		struct snap s;
		int err;

		for (i = 0; i < n; i++) {
			map[i].addr = (rnd(&seed) % 64) * 0x8000;
			map[i].size = (1 + rnd(&seed) % 8) * 0x4000;
			map[i].type = types[rnd(&seed) % 7];
		}
		tmap_init(&t, 2 + rnd(&seed) % 10, 2 + rnd(&seed) % 6, 0);
		tmap_init(&ref, 64, 64, 0);
		seed_instance(&t.mb, pick);
		seed_instance(&ref.mb, pick);
		snap_take(&s, &t.mb);
		err = mb_import_e820(&t.mb, map, n, NULL);
		assert_int_equal(mb_import_e820(&ref.mb, map, n, NULL), 0);
		if (err) {
			assert_int_equal(err, -MB_ENOMEM);
			snap_assert_same(&s, &t.mb);
			full++;
		} else {
			assert_same_regions(&t.mb, &ref.mb);
			assert_valid(&t.mb);
			ok++;
		}
		snap_free(&s);
		tmap_fini(&t);
		tmap_fini(&ref);
	}
	assert_true(ok > 20 && full > 20);
}

/*
 * A table in address order without overlaps is walked in one pass; the
 * same entries in reverse order take the edge-by-edge sweep.  Both must
 * give the same regions and the same report: touching entries of one type
 * and of different types, empty entries, and types left out.
 */
static void ordered_map_imports_like_its_reversed_copy(void **state)
{
	static const uint32_t types[] = { 1, 1, 2, 3, 4, 5, 12, 13, 0 };
	struct mb_e820_entry map[40], rev[40];
	uint64_t seed = 0x94d049bb133111ebull;
	unsigned round, i;

	(void)state;
	for (round = 0; round < 200; round++) {
		unsigned n = (unsigned)(rnd(&seed) % 40);
		uint64_t at = (rnd(&seed) % 4) * 0x1000;
		struct mb_import_report ra, rb;
		struct tmap a, b;

		for (i = 0; i < n; i++) {
			at += (rnd(&seed) % 3 == 0) ? 0 : (rnd(&seed) % 4) * 0x800;
			map[i].addr = at;
			map[i].size = (rnd(&seed) % 6) * 0x1800;
			map[i].type = types[rnd(&seed) % 9];
			at += map[i].size;
			rev[n - 1 - i] = map[i];
		}
		tmap_init(&a, 64, 64, 0);
		tmap_init(&b, 64, 64, 0);
		assert_int_equal(mb_import_e820(&a.mb, map, n, &ra), 0);
		assert_int_equal(mb_import_e820(&b.mb, rev, n, &rb), 0);
		assert_memory_equal(&ra, &rb, sizeof(ra));
		assert_same_regions(&a.mb, &b.mb);
		assert_valid(&a.mb);
		tmap_fini(&a);
		tmap_fini(&b);
	}
}

static void discarded_instance_refuses_import(void **state)
{
	const struct mb_e820_entry one = E(0x100000, 0x1000, MB_E820_RAM);
	struct tmap t;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_discard(&t.mb, NULL, NULL), 0);
	assert_int_equal(mb_import_e820(&t.mb, &one, 1, NULL), -MB_ENOENT);
	tmap_fini(&t);
}

/*
 * A real table: AZW SER8 mini PC, Linux 7.0 (the new print format), from
 * /work/shared/maps/e820/azw-ser8-ryzen7-8745hs-new-format-7.0.txt.
 * Linux printed "Memory: .../20754324K available"; the usable entries add
 * up to 20754328K, and Linux had reserved page 0 ("e820: update [mem
 * 0x00000000-0x00000fff] System RAM ==> device reserved") before.
 */
static const struct mb_e820_entry azw[] = {
	E(0x0000000000000000ull, 0x00000000000a0000ull, 1),
	E(0x00000000000a0000ull, 0x0000000000060000ull, 2),
	E(0x0000000000100000ull, 0x000000000997f000ull, 1),
	E(0x0000000009a7f000ull, 0x0000000000581000ull, 2),
	E(0x000000000a000000ull, 0x0000000000200000ull, 1),
	E(0x000000000a200000ull, 0x000000000003c000ull, 4),
	E(0x000000000a23c000ull, 0x0000000089ccb000ull, 1),
	E(0x0000000093f07000ull, 0x0000000002a08000ull, 2),
	E(0x000000009690f000ull, 0x000000000007b000ull, 3),
	E(0x000000009698a000ull, 0x0000000000a7b000ull, 4),
	E(0x0000000097405000ull, 0x0000000003bfa000ull, 2),
	E(0x000000009afff000ull, 0x0000000000ffa000ull, 1),
	E(0x000000009bff9000ull, 0x0000000000004000ull, 2),
	E(0x000000009bffd000ull, 0x0000000000002000ull, 1),
	E(0x000000009bfff000ull, 0x0000000001001000ull, 2),
	E(0x000000009d790000ull, 0x0000000000060000ull, 2),
	E(0x000000009d7f5000ull, 0x000000000280b000ull, 2),
	E(0x00000000e0000000ull, 0x0000000010000000ull, 2),
	E(0x00000000fd000000ull, 0x0000000003000000ull, 2),
	E(0x0000000100000000ull, 0x000000045e300000ull, 1),
	E(0x000000055f340000ull, 0x0000000120ec0000ull, 2),
};

static void real_table_gives_the_memory_linux_found(void **state)
{
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 32, 32, 0);
	assert_int_equal(mb_import_e820(&t.mb, azw, 21, &rep), 0);
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	assert_int_equal(rep.ignored, 15); /* the RAM above 4G too */
	assert_int_equal(t.mb.memory.cnt, 6);
	assert_int_equal(mb_phys_mem_size(&t.mb) / 1024, 2433944);
	assert_int_equal(mb_end_of_DRAM(&t.mb), 0x9bfff000u);
#else
	assert_int_equal(rep.ignored, 14);
	assert_int_equal(t.mb.memory.cnt, 7);
	assert_int_equal(mb_phys_mem_size(&t.mb) / 1024, 20754324 + 4);
	assert_int_equal(mb_end_of_DRAM(&t.mb), 0x55e300000ull);
#endif
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void type_names_follow_both_linux_print_styles(void **state)
{
	static const struct {
		uint32_t type;
		const char *classic, *v7;
	} names[] = {
		{ MB_E820_RAM, "usable", "System RAM" },
		{ MB_E820_RESERVED_KERN, "usable", "System RAM" },
		{ MB_E820_RESERVED, "reserved", "device reserved" },
		{ MB_E820_ACPI, "ACPI data", "ACPI data" },
		{ MB_E820_NVS, "ACPI NVS", "ACPI NVS" },
		{ MB_E820_UNUSABLE, "unusable", "unusable" },
		{ MB_E820_PMEM, "persistent (type 7)",
		  "persistent RAM (type 7)" },
		{ MB_E820_PRAM, "persistent (type 12)",
		  "persistent RAM (type 12)" },
		{ MB_E820_SOFT_RESERVED, "soft reserved", "soft reserved" },
	};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_string_equal(mb_e820_type_name(names[i].type,
						      MB_E820_STYLE_CLASSIC),
				    names[i].classic);
		assert_string_equal(mb_e820_type_name(names[i].type,
						      MB_E820_STYLE_V7),
				    names[i].v7);
	}
	assert_null(mb_e820_type_name(6, MB_E820_STYLE_CLASSIC));
	assert_null(mb_e820_type_name(0, MB_E820_STYLE_V7));
}

static void format_type_writes_linux_text_and_truncates(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(mb_e820_format_type(99, MB_E820_STYLE_CLASSIC, buf,
					     sizeof(buf)),
			 7);
	assert_string_equal(buf, "type 99");
	assert_int_equal(mb_e820_format_type(4294967295u, MB_E820_STYLE_V7,
					     buf, sizeof(buf)),
			 15);
	assert_string_equal(buf, "type 4294967295");
	assert_int_equal(mb_e820_format_type(MB_E820_NVS,
					     MB_E820_STYLE_CLASSIC, buf, 5),
			 8);
	assert_string_equal(buf, "ACPI");
	/* A zero-length buffer is never written. */
	buf[0] = 'x';
	assert_int_equal(mb_e820_format_type(1, MB_E820_STYLE_V7, buf, 0),
			 10);
	assert_int_equal(buf[0], 'x');
}

static int parse(const char *s, uint32_t *t)
{
	return mb_e820_parse_type(s, strlen(s), t);
}

static void parse_type_reads_every_printed_name(void **state)
{
	uint32_t types[] = { 1, 2, 3, 4, 5, 7, 12, 128, 0xefffffffu, 6, 20 };
	enum mb_e820_style st;
	char buf[40];
	uint32_t t;
	unsigned i;

	(void)state;
	for (st = MB_E820_STYLE_CLASSIC; st <= MB_E820_STYLE_V7; st++) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			mb_e820_format_type(types[i], st, buf, sizeof(buf));
			assert_int_equal(parse(buf, &t), 0);
			/* RESERVED_KERN prints as RAM and reads back so. */
			assert_int_equal(t, types[i] == 128 ? 1 : types[i]);
		}
	}
	assert_int_equal(parse("persistent", &t), 0);
	assert_int_equal(t, MB_E820_PRAM);
	assert_int_equal(parse("usable ", &t), -MB_EINVAL);
	assert_int_equal(parse("use", &t), -MB_EINVAL);
	assert_int_equal(parse("type ", &t), -MB_EINVAL);
	assert_int_equal(parse("type 4294967296", &t), -MB_EINVAL);
	assert_int_equal(parse("type 1x", &t), -MB_EINVAL);
	assert_int_equal(parse("persistent (type 12", &t), -MB_EINVAL);
	assert_int_equal(mb_e820_parse_type("usable", 3, &t), -MB_EINVAL);
	assert_int_equal(mb_e820_parse_type(NULL, 0, &t), -MB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unsorted_overlapping_map_gives_reserved_priority),
		cmocka_unit_test(higher_type_number_wins_between_reserved_types),
		cmocka_unit_test(reserved_kern_is_memory_and_other_types_are_not),
		cmocka_unit_test(zero_sized_entries_are_dropped),
		cmocka_unit_test(memory_is_trimmed_to_whole_pages),
		cmocka_unit_test(existing_regions_keep_their_attributes),
		cmocka_unit_test(entry_reaching_2_64_is_malformed),
		cmocka_unit_test(bad_arguments_are_rejected),
		cmocka_unit_test(entries_past_the_address_space_are_capped),
		cmocka_unit_test(full_table_fails_whole_and_leaves_instance_unchanged),
		cmocka_unit_test(tables_grow_up_front_when_they_can),
		cmocka_unit_test(random_maps_fit_exactly_or_change_nothing),
		cmocka_unit_test(ordered_map_imports_like_its_reversed_copy),
		cmocka_unit_test(discarded_instance_refuses_import),
		cmocka_unit_test(real_table_gives_the_memory_linux_found),
		cmocka_unit_test(type_names_follow_both_linux_print_styles),
		cmocka_unit_test(format_type_writes_linux_text_and_truncates),
		cmocka_unit_test(parse_type_reads_every_printed_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
