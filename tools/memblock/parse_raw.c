// SPDX-License-Identifier: MIT
/*
 * parse_raw.c - binary e820 dumps: little-endian entries of 20 bytes
 * {u64 addr, u64 size, u32 type} or 24 (with the ACPI 3 attribute word).
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

static unsigned plausible_entries(const unsigned char *b, size_t len,
				  size_t stride)
{
	unsigned ok = 0;
	size_t i;

	for (i = 0; i + stride <= len; i += stride)
		ok += plausible_type((uint32_t)le64(b + i + 16));
	return ok;
}

int mbt_parse_raw(struct mbt_input *in, const unsigned char *b, size_t len)
{
	size_t stride, i;

	in->format = FMT_RAW_E820;
	if (len % 20 && len % 24) {
		mbt_error(&in->diag, 0,
			  "binary input of %zu bytes is not a raw e820 dump "
			  "(entries of 20 or 24 bytes)", len);
		return -1;
	}
	stride = len % 20 ? 24 : 20;
	if (!(len % 20) && !(len % 24) &&
	    plausible_entries(b, len, 24) > plausible_entries(b, len, 20))
		stride = 24;
	for (i = 0; i + stride <= len; i += stride) {
		uint64_t addr = le64(b + i), size = le64(b + i + 8);
		uint32_t type = (uint32_t)(b[i + 16] | b[i + 17] << 8 |
					   b[i + 18] << 16 |
					   (uint32_t)b[i + 19] << 24);

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

