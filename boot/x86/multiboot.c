// SPDX-License-Identifier: MIT
/*
 * multiboot.c - the boot information of multiboot 1 and 2 loaders, for
 * the x86 demo kernel: command line, memory map, modules, ACPI RSDP.
 */
#include <memblock_import.h>

#include "multiboot.h"

#define MB1_MAGIC 0x2BADB002u
#define MB2_MAGIC 0x36d76289u

/* Multiboot 1 information flags we read. */
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS (1u << 3)
#define MBI_MMAP (1u << 6)
#define MBI_LOADER_NAME (1u << 9)

/* Multiboot 2 tag types we read. */
#define TAG_CMDLINE 1
#define TAG_MODULE 3
#define TAG_ACPI_OLD 14
#define TAG_ACPI_NEW 15

struct mb_info { /* the fixed part of the multiboot 1 information */
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
	uint32_t apm_table, vbe[4];
};

struct mb_module {
	uint32_t start, end, string, reserved;
};

struct __attribute__((packed)) mb_mmap_entry { /* multiboot 1 */
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
};

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap { /* tag 6 and tag 17 share this head */
	struct mb2_tag tag;
	uint32_t entry_size, entry_version;
};

struct mb2_module {
	struct mb2_tag tag;
	uint32_t start, end;
	char string[];
};

/* Which protocol started us, and its information. */
static bool mb2;
static uint32_t info_pa;

static void *phys(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static const struct mb2_tag *next_tag(const struct mb2_tag *t)
{
	return (const void *)((const char *)t + ((t->size + 7) & ~7u));
}

/* The multiboot 2 tags, from the first: stop at the end tag. */
static const struct mb2_tag *first_tag(void)
{
	return (const void *)((const char *)phys(info_pa) + 8);
}

static const void *tag_of(uint32_t type)
{
	return mb_multiboot2_find_tag(phys(info_pa), type, NULL);
}

void loader_setup(struct boot_info *bi, uint32_t magic, uint32_t info)
{
	const struct mb_info *mbi = phys(info);
	const struct mb2_tag *cmd;

	info_pa = info;
	bi->arch_data = phys(info);
	if (magic == MB1_MAGIC) {
		bi->cmdline = (mbi->flags & MBI_CMDLINE) ? phys(mbi->cmdline) :
							  "";
		return;
	}
	if (magic != MB2_MAGIC)
		panic("not started by a multiboot loader (eax=0x%x)", magic);
	mb2 = true;
	cmd = tag_of(TAG_CMDLINE);
	bi->cmdline = cmd ? (const char *)(cmd + 1) : "";
}

static void print_e820(uint64_t addr, uint64_t len, uint32_t type)
{
	kprintf("FW e820 0x%llx 0x%llx %u\n", (unsigned long long)addr,
		(unsigned long long)len, type);
}

static int import_mb1(struct memblock *mb)
{
	const struct mb_info *mbi = phys(info_pa);
	uint32_t off = 0;

	if (!(mbi->flags & MBI_MMAP))
		panic("no memory map from the boot loader");
	while (off + sizeof(struct mb_mmap_entry) <= mbi->mmap_length) {
		const struct mb_mmap_entry *e = phys(mbi->mmap_addr + off);

		print_e820(e->addr, e->len, e->type);
		off += e->size + 4;
	}
	return mb_import_multiboot1(mb, phys(mbi->mmap_addr), mbi->mmap_length,
				    NULL);
}

/* UEFI's own map: one FW efi line per descriptor. */
static int import_efi(struct memblock *mb, const struct mb2_mmap *t)
{
	size_t i, n = (t->tag.size - sizeof(*t)) / t->entry_size;

	for (i = 0; i < n; i++) {
		struct mb_efi_desc d;

		mb_efi_read_desc(t + 1, t->entry_size, i, &d);
		kprintf("FW efi %u 0x%llx 0x%llx 0x%llx\n", d.type,
			(unsigned long long)d.phys_addr,
			(unsigned long long)d.num_pages,
			(unsigned long long)d.attribute);
	}
	/* As an x86 Linux sees it: the EFI stub's e820 table. */
	return mb_import_efi_x86(mb, t + 1, t->tag.size - sizeof(*t),
				 t->entry_size, 0, NULL);
}

static int import_mb2(struct memblock *mb)
{
	const struct mb2_mmap *t = tag_of(MB_MULTIBOOT2_TAG_EFI_MMAP);
	size_t i, n;

	if (t)
		return import_efi(mb, t);
	t = tag_of(MB_MULTIBOOT2_TAG_MMAP);
	if (!t)
		panic("no memory map from the boot loader");
	n = (t->tag.size - sizeof(*t)) / t->entry_size;
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(t + 1) + i * t->entry_size;

		print_e820(*(const uint64_t *)(const void *)e,
			   *(const uint64_t *)(const void *)(e + 8),
			   *(const uint32_t *)(const void *)(e + 16));
	}
	return mb_import_multiboot2_mmap_tag(mb, t, NULL);
}

int loader_import(struct memblock *mb, const struct boot_info *bi)
{
	(void)bi;
	return mb2 ? import_mb2(mb) : import_mb1(mb);
}

static void reserve_string(struct memblock *mb, uint32_t pa,
			   const char *what)
{
	demo_reserve(mb, pa, strlen(phys(pa)) + 1, what);
}

static void reserve_mb1(struct memblock *mb)
{
	const struct mb_info *mbi = phys(info_pa);
	uint32_t i;

	demo_reserve(mb, info_pa, sizeof(*mbi), "mbinfo");
	demo_reserve(mb, mbi->mmap_addr, mbi->mmap_length, "mmap");
	if (mbi->flags & MBI_CMDLINE)
		reserve_string(mb, mbi->cmdline, "cmdline");
	if (mbi->flags & MBI_LOADER_NAME)
		reserve_string(mb, mbi->boot_loader_name, "loader_name");
	if (!(mbi->flags & MBI_MODS) || !mbi->mods_count)
		return;
	demo_reserve(mb, mbi->mods_addr,
		     mbi->mods_count * sizeof(struct mb_module), "mods");
	for (i = 0; i < mbi->mods_count; i++) {
		const struct mb_module *m =
			phys(mbi->mods_addr + i * sizeof(*m));

		demo_reserve(mb, m->start, m->end - m->start, "module");
		if (m->string)
			reserve_string(mb, m->string, "module_name");
	}
}

/* Multiboot 2 keeps strings and maps inside its one structure. */
static void reserve_mb2(struct memblock *mb)
{
	const struct mb2_tag *t;

	demo_reserve(mb, info_pa, *(const uint32_t *)phys(info_pa), "mbinfo");
	for (t = first_tag(); t->type != MB_MULTIBOOT2_TAG_END && t->size >= 8;
	     t = next_tag(t)) {
		const struct mb2_module *m = (const void *)t;

		if (t->type == TAG_MODULE)
			demo_reserve(mb, m->start, m->end - m->start,
				     "module");
	}
}

void loader_reserve(struct memblock *mb, const struct boot_info *bi)
{
	(void)bi;
	if (mb2)
		reserve_mb2(mb);
	else
		reserve_mb1(mb);
}

const uint8_t *loader_rsdp(const struct boot_info *bi)
{
	const struct mb2_tag *t;

	(void)bi;
	if (!mb2)
		return NULL;
	t = tag_of(TAG_ACPI_NEW);
	if (!t)
		t = tag_of(TAG_ACPI_OLD);
	return t ? (const uint8_t *)(t + 1) : NULL;
}
