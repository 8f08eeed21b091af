// SPDX-License-Identifier: MIT
/*
 * test_import_multiboot.c - multiboot 1 and 2 memory maps (read in place,
 * imported as e820), tag lookup, and the EFI memory-map tag.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <memblock_import.h>

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A multiboot 1 map; entry i gets 20 + extra[i % 3] bytes after size. */
static size_t mb1_bytes(unsigned char *buf, const struct mb_e820_entry *e,
			size_t n)
{
	static const unsigned extra[] = { 0, 4, 12 };
	size_t off = 0, i;

	for (i = 0; i < n; i++) {
		unsigned sz = 20 + extra[i % 3];

		memset(buf + off, 0xee, 4 + sz);
		put32(buf + off, sz);
		put64(buf + off + 4, e[i].addr);
		put64(buf + off + 12, e[i].size);
		put32(buf + off + 20, e[i].type);
		off += 4 + sz;
	}
	return off;
}

/* Multiboot 2 entries @esz bytes apart, reserved field and tail junk. */
static size_t mb2_bytes(unsigned char *buf, const struct mb_e820_entry *e,
			size_t n, size_t esz)
{
	size_t i;

	memset(buf, 0xdd, n * esz);
	for (i = 0; i < n; i++) {
		put64(buf + i * esz, e[i].addr);
		put64(buf + i * esz + 8, e[i].size);
		put32(buf + i * esz + 16, e[i].type);
	}
	return n * esz;
}

/* The instance @mb must hold exactly what mb_import_e820() makes of @e. */
static void assert_same_as_e820(const struct memblock *mb,
				const struct mb_e820_entry *e, size_t n)
{
	struct tmap ref;
	unsigned long i;

	tmap_init(&ref, 64, 64, 0);
	assert_int_equal(mb_import_e820(&ref.mb, e, n, NULL), 0);
	assert_int_equal(mb->memory.cnt, ref.mb.memory.cnt);
	assert_int_equal(mb->reserved.cnt, ref.mb.reserved.cnt);
	for (i = 0; i < ref.mb.memory.cnt; i++)
		assert_memory_equal(&mb->memory.regions[i],
				    &ref.mb.memory.regions[i],
				    sizeof(struct memblock_region));
	for (i = 0; i < ref.mb.reserved.cnt; i++)
		assert_memory_equal(&mb->reserved.regions[i],
				    &ref.mb.reserved.regions[i],
				    sizeof(struct memblock_region));
	tmap_fini(&ref);
}

/* A typical QEMU/SeaBIOS map as GRUB hands it on, listed out of order. */
static const struct mb_e820_entry qemu[] = {
	{ 0x100000, 0x7ee0000, 1 },
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x7fe0000, 0x20000, 2 },
	{ 0xfffc0000, 0x40000, 2 },
	{ 0x7f00000, 0x1000, 4 },
};

static void multiboot1_map_imports_as_e820(void **state)
{
	unsigned char buf[512];
	size_t len = mb1_bytes(buf, qemu, 7);
	struct mb_import_report rep;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_multiboot1(&t.mb, buf, len, &rep), 0);
	assert_type(&t.mb.memory, { 0x0, 0x9f000, 0, MAX_NUMNODES },
		    { 0x100000, 0x7e00000, 0, MAX_NUMNODES },
		    { 0x7f01000, 0xdf000, 0, MAX_NUMNODES });
	assert_int_equal(rep.entries, 7);
	assert_int_equal(rep.ignored, 5);
	tmap_fini(&t);
}

static void multiboot2_map_imports_as_e820(void **state)
{
	unsigned char buf[512];
	static const size_t sizes[] = { 24, 32, 40 };
	unsigned i;

	(void)state;
	for (i = 0; i < 3; i++) {
		size_t len = mb2_bytes(buf, qemu, 7, sizes[i]);
		struct tmap t;

		tmap_init(&t, 8, 8, 0);
		assert_int_equal(mb_import_multiboot2(&t.mb, buf, len, sizes[i],
						      NULL),
				 0);
		assert_same_as_e820(&t.mb, qemu, 7);
		assert_int_equal(t.mb.memory.cnt, 3);
		tmap_fini(&t);
	}
}

/* xorshift: the same tables on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void random_tables_match_the_e820_importer(void **state)
{
	static const uint32_t types[] = { 1, 1, 1, 2, 3, 4, 5, 12, 128,
					  0xefffffffu };
	unsigned char buf[64 * 40];
	struct mb_e820_entry e[60];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned round, i, n;

	(void)state;
	for (round = 0; round < 200; round++) {
		struct tmap a, b;
		size_t len;

		n = (unsigned)(rnd(&seed) % 60);
		for (i = 0; i < n; i++) {
			e[i].addr = (rnd(&seed) % 0x4000) * 0x800;
			e[i].size = (rnd(&seed) % 0x200) * 0x400;
			e[i].type = types[rnd(&seed) % 10];
		}
		tmap_init(&a, 64, 64, 0);
		len = mb1_bytes(buf, e, n);
		assert_int_equal(mb_import_multiboot1(&a.mb, buf, len, NULL), 0);
		assert_same_as_e820(&a.mb, e, n);
		tmap_init(&b, 64, 64, 0);
		len = mb2_bytes(buf, e, n, 24 + 8 * (round % 3));
		assert_int_equal(mb_import_multiboot2(&b.mb, buf, len,
						      24 + 8 * (round % 3),
						      NULL),
				 0);
		assert_same_as_e820(&b.mb, e, n);
		tmap_fini(&a);
		tmap_fini(&b);
	}
}

static void malformed_maps_are_named_and_change_nothing(void **state)
{
	unsigned char buf[512], *cut;
	size_t len = mb1_bytes(buf, qemu, 3);
	struct mb_import_report rep;
	struct snap s;
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_add(&t.mb, 0x10000000, 0x1000), 0);
	snap_take(&s, &t.mb);
	/* Multiboot 1: entry 1 (at 24) claims 16 bytes; entry 2 cut short;
	 * two stray bytes after the last entry. */
	put32(buf + 24, 16);
	assert_int_equal(mb_import_multiboot1(&t.mb, buf, len, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, 1);
	len = mb1_bytes(buf, qemu, 3);
	cut = malloc(len - 1);
	memcpy(cut, buf, len - 1);
	assert_int_equal(mb_import_multiboot1(&t.mb, cut, len - 1, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, 2);
	free(cut);
	assert_int_equal(mb_import_multiboot1(&t.mb, buf, len + 2, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, 3);
	assert_int_equal(mb_import_multiboot1(&t.mb, NULL, 4, &rep),
			 -MB_EINVAL);
	/* Multiboot 2: bad entry sizes, a partial entry. */
	len = mb2_bytes(buf, qemu, 3, 24);
	assert_int_equal(mb_import_multiboot2(&t.mb, buf, len, 20, &rep),
			 -MB_EINVAL);
	assert_int_equal(mb_import_multiboot2(&t.mb, buf, len, 28, &rep),
			 -MB_EINVAL);
	assert_int_equal(mb_import_multiboot2(&t.mb, buf, len - 8, 24, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, 2);
	/* An entry wrapping past 2^64 is refused by the e820 importer. */
	put64(buf + 8, UINT64_MAX);
	assert_int_equal(mb_import_multiboot2(&t.mb, buf, len, 24, &rep),
			 -MB_EINVAL);
	assert_int_equal(rep.bad_index, 0);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

/* An information structure: a command line, the two maps, the end. */
static size_t build_mbi(unsigned char *b)
{
	size_t off = 8, len;
	unsigned i;

	memset(b, 0, 1024);
	put32(b + off, 1); /* command line "x" */
	put32(b + off + 4, 10);
	memcpy(b + off + 8, "x", 2);
	off += 16;
	len = mb2_bytes(b + off + 16, qemu, 7, 24);
	put32(b + off, MB_MULTIBOOT2_TAG_MMAP);
	put32(b + off + 4, (uint32_t)(16 + len));
	put32(b + off + 8, 24);
	off += 16 + len;
	/* EFI map: conventional, runtime data, ACPI reclaim; 48-byte
	 * descriptors. */
	put32(b + off, MB_MULTIBOOT2_TAG_EFI_MMAP);
	put32(b + off + 4, 16 + 3 * 48);
	put32(b + off + 8, 48);
	put32(b + off + 12, 1);
	for (i = 0; i < 3; i++) {
		unsigned char *d = b + off + 16 + 48 * i;
		static const uint32_t type[] = { 7, 6, 9 };

		put32(d, type[i]);
		put64(d + 8, 0x100000 + 0x10000 * i);
		put64(d + 24, 16);
		put64(d + 32, MB_EFI_MEMORY_WB);
	}
	off += 16 + 3 * 48;
	put32(b + off, MB_MULTIBOOT2_TAG_END);
	put32(b + off + 4, 8);
	off += 8;
	put32(b, (uint32_t)off);
	return off;
}

static void tags_are_found_and_imported(void **state)
{
	unsigned char b[1024];
	const void *tag;
	uint32_t size = 0;
	struct tmap t;

	(void)state;
	build_mbi(b);
	tag = mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_MMAP, &size);
	assert_ptr_equal(tag, b + 24);
	assert_int_equal(size, 16 + 7 * 24);
	assert_null(mb_multiboot2_find_tag(b, 3, NULL));
	assert_null(mb_multiboot2_find_tag(NULL, 6, NULL));

	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_multiboot2_mmap_tag(&t.mb, tag, NULL), 0);
	assert_same_as_e820(&t.mb, qemu, 7);
	tmap_fini(&t);

	tag = mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_EFI_MMAP, &size);
	assert_non_null(tag);
	tmap_init(&t, 8, 8, 0);
	assert_int_equal(mb_import_multiboot2_efi_tag(&t.mb, tag, 0, NULL), 0);
	assert_type(&t.mb.memory, { 0x100000, 0x10000, 0, MAX_NUMNODES },
		    { 0x110000, 0x10000, MEMBLOCK_NOMAP, MAX_NUMNODES },
		    { 0x120000, 0x10000, 0, MAX_NUMNODES });
	assert_type(&t.mb.reserved, { 0x120000, 0x10000, 0, NUMA_NO_NODE });
	/* The wrong tag for each importer is refused. */
	assert_int_equal(mb_import_multiboot2_mmap_tag(&t.mb, tag, NULL),
			 -MB_EINVAL);
	assert_int_equal(mb_import_multiboot2_efi_tag(&t.mb, b + 24, 0, NULL),
			 -MB_EINVAL);
	assert_int_equal(mb_import_multiboot2_efi_tag(&t.mb, NULL, 0, NULL),
			 -MB_EINVAL);
	tmap_fini(&t);
}

static void malformed_tag_lists_find_nothing(void **state)
{
	unsigned char b[1024];
	size_t total = build_mbi(b);

	(void)state;
	/* The command-line tag claims 4 bytes: the walk stops there. */
	put32(b + 12, 4);
	assert_null(mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_MMAP, NULL));
	build_mbi(b);
	/* The mmap tag runs past total_size. */
	put32(b + 28, (uint32_t)total);
	assert_null(mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_MMAP, NULL));
	/* total_size cut before the EFI tag ends: that tag is not found. */
	build_mbi(b);
	put32(b, (uint32_t)total - 16);
	assert_null(mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_EFI_MMAP,
					   NULL));
	assert_non_null(mb_multiboot2_find_tag(b, MB_MULTIBOOT2_TAG_MMAP,
					       NULL));
	/* A total_size below the header. */
	put32(b, 4);
	assert_null(mb_multiboot2_find_tag(b, 1, NULL));
}

/*
 * Random bytes as maps and as information structures: imported or
 * refused whole, tags found or not, never read past the buffer.
 */
static void random_bytes_are_imported_or_refused_whole(void **state)
{
	uint64_t seed = 0xd1b54a32d192ed03ull;
	unsigned round, i;

	(void)state;
	for (round = 0; round < 400; round++) {
		size_t len = rnd(&seed) % 200;
		unsigned char *b = malloc(len + 8);
		struct snap s;
		struct tmap t;
		int err;

		for (i = 0; i < len + 8; i++)
			b[i] = (unsigned char)rnd(&seed);
		/* Plausible sizes: multiboot 1 size fields of 20. */
		for (i = 0; round % 2 && i + 24 <= len; i += 24)
			put32(b + i, 20);
		tmap_init(&t, 8, 8, 0);
		snap_take(&s, &t.mb);
		err = round % 2 ? mb_import_multiboot1(&t.mb, b, len, NULL) :
				  mb_import_multiboot2(&t.mb, b, len, 24,
						       NULL);
		if (err)
			snap_assert_same(&s, &t.mb);
		else
			assert_valid(&t.mb);
		snap_free(&s);
		tmap_fini(&t);
		/* As an information structure whose total_size fits. */
		put32(b, (uint32_t)(len + 8));
		(void)mb_multiboot2_find_tag(b, (uint32_t)(rnd(&seed) % 20),
					     NULL);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(multiboot1_map_imports_as_e820),
		cmocka_unit_test(multiboot2_map_imports_as_e820),
		cmocka_unit_test(random_tables_match_the_e820_importer),
		cmocka_unit_test(malformed_maps_are_named_and_change_nothing),
		cmocka_unit_test(tags_are_found_and_imported),
		cmocka_unit_test(malformed_tag_lists_find_nothing),
		cmocka_unit_test(random_bytes_are_imported_or_refused_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
