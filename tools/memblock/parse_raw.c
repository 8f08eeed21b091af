// SPDX-License-Identifier: MIT
/*
 * parse_raw.c - binary memory maps: e820 dumps (little-endian entries of
 * 20 bytes {u64 addr, u64 size, u32 type}, or 24 with the ACPI 3
 * attribute word) and UEFI GetMemoryMap() buffers (descriptors of 40, 48
 * or more bytes).  The layout whose every entry makes sense wins.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool plausible_type(uint32_t t)
{
	return (t >= 1 && t <= 20) || t == MB_E820_RESERVED_KERN ||
	       t == MB_E820_SOFT_RESERVED;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static unsigned plausible_entries(const unsigned char *b, size_t len,
				  size_t stride)
{
	unsigned ok = 0;
	size_t i;

	for (i = 0; i + stride <= len; i += stride)
		ok += plausible_type(le32(b + i + 16));
	return ok;
}

/* Every descriptor a known type, page-aligned, non-empty, cacheable or not. */
static bool efi_layout(const unsigned char *b, size_t len, size_t dsz)
{
	size_t i, n = len / dsz;

	if (len % dsz || !n)
		return false;
	for (i = 0; i < n; i++) {
		struct mb_efi_desc d;

		mb_efi_read_desc(b, dsz, i, &d);
		if (d.type > MB_EFI_UNACCEPTED || d.phys_addr % MBT_PAGE ||
		    !d.num_pages || d.num_pages > (1ull << 52) ||
		    !(d.attribute & (MB_EFI_MEMORY_UC | MB_EFI_MEMORY_WC |
				     MB_EFI_MEMORY_WT | MB_EFI_MEMORY_WB |
				     MB_EFI_MEMORY_RUNTIME)))
			return false;
	}
	return true;
}

static int parse_efi(struct mbt_input *in, const unsigned char *b,
		     size_t len, size_t dsz)
{
	size_t i, n = len / dsz;

	in->efi = calloc(n, sizeof(*in->efi));
	if (!in->efi)
		return -1;
	for (i = 0; i < n; i++)
		mb_efi_read_desc(b, dsz, i, &in->efi[i]);
	in->n_efi = n;
	return 0;
}

int mbt_parse_raw(struct mbt_input *in, const unsigned char *b, size_t len)
{
	static const size_t efi_sizes[] = { 48, 40, 56, 64, 80 };
	size_t stride, i;

	in->format = FMT_RAW_E820;
	stride = len % 20 ? 24 : 20;
	if (!(len % 20) && !(len % 24) &&
	    plausible_entries(b, len, 24) > plausible_entries(b, len, 20))
		stride = 24;
	if (len % stride || plausible_entries(b, len, stride) < len / stride)
		for (i = 0; i < sizeof(efi_sizes) / sizeof(efi_sizes[0]); i++)
			if (efi_layout(b, len, efi_sizes[i])) {
				in->format = FMT_RAW_EFI;
				return parse_efi(in, b, len, efi_sizes[i]);
			}
	if (len % stride) {
		mbt_error(&in->diag, 0,
			  "binary input of %zu bytes is neither a raw e820 dump "
			  "(entries of 20 or 24 bytes) nor a UEFI memory map",
			  len);
		return -1;
	}
	for (i = 0; i + stride <= len; i += stride) {
		uint64_t addr = le64(b + i), size = le64(b + i + 8);
		uint32_t type = le32(b + i + 16);

		if (!plausible_type(type))
			mbt_warn(&in->diag, i / stride + 1,
				 "entry has unknown type %u", (unsigned)type);
		if (e820_add(&in->firmware, addr, size, type))
			return -1;
	}
	in->has_e820 = true;
	in->firmware_line = 1;
	return 0;
}

