// SPDX-License-Identifier: MIT
/*
 * acpi.c - just enough ACPI for the x86 demo kernel's NUMA layout: the
 * RSDP in the BIOS area, the RSDT/XSDT, the SRAT (memory and CPU
 * affinity) and the MADT (which CPUs exist).  Tables are read in place
 * (firmware keeps them in reserved e820 ranges), mapped first with
 * acpi_map() since they may lie above what the boot page tables cover.
 */
#include "acpi.h"

#define SRAT_CPU 0
#define SRAT_MEMORY 1
#define MADT_LAPIC 0

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static const uint8_t *at(uint64_t pa)
{
	return (const uint8_t *)(uintptr_t)pa;
}

/* A table: its header mapped first, then its whole length. */
static const uint8_t *table_at(uint64_t pa)
{
	const uint8_t *t = acpi_map(pa, 36);

	return acpi_map(pa, rd32(t + 4));
}

static bool sum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;

	while (len--)
		s = (uint8_t)(s + *p++);
	return s == 0;
}

static bool sig_is(const uint8_t *p, const char *sig, unsigned n)
{
	while (n--)
		if (*p++ != (uint8_t)*sig++)
			return false;
	return true;
}

static const uint8_t *rsdp_hint;

void acpi_set_rsdp(const uint8_t *rsdp)
{
	rsdp_hint = rsdp;
}

/*
 * The RSDP: where the boot loader says (UEFI has no BIOS area), else in
 * the first KiB of the EBDA or in 0xE0000-0xFFFFF.
 */
static const uint8_t *find_rsdp(void)
{
	uint64_t ebda = (uint64_t)(at(0x40e)[0] | at(0x40e)[1] << 8) << 4;
	uint64_t p;

	if (rsdp_hint && sig_is(rsdp_hint, "RSD PTR ", 8))
		return rsdp_hint;
	for (p = ebda; ebda && p < ebda + 1024; p += 16)
		if (sig_is(at(p), "RSD PTR ", 8) && sum_ok(at(p), 20))
			return at(p);
	for (p = 0xe0000; p < 0x100000; p += 16)
		if (sig_is(at(p), "RSD PTR ", 8) && sum_ok(at(p), 20))
			return at(p);
	return NULL;
}

const uint8_t *acpi_find(const char *sig)
{
	const uint8_t *rsdp = find_rsdp(), *root;
	uint32_t i, n, entry;

	if (!rsdp)
		return NULL;
	entry = rsdp[15] >= 2 && rd64(rsdp + 24) ? 8 : 4;
	root = table_at(entry == 8 ? rd64(rsdp + 24) : rd32(rsdp + 16));
	if (!sum_ok(root, rd32(root + 4)))
		return NULL;
	n = (rd32(root + 4) - 36) / entry;
	for (i = 0; i < n; i++) {
		const uint8_t *p = root + 36 + i * entry;
		const uint8_t *t = table_at(entry == 8 ? rd64(p) : rd32(p));

		if (sig_is(t, sig, 4) && sum_ok(t, rd32(t + 4)))
			return t;
	}
	return NULL;
}

/* Call @fn for each sub-table of @table, which start at @first. */
static void each_entry(const uint8_t *table, uint32_t first,
		       void (*fn)(void *ctx, const uint8_t *e), void *ctx)
{
	uint32_t len = rd32(table + 4), off = first;

	while (off + 2 <= len && table[off + 1] >= 2 &&
	       off + table[off + 1] <= len) {
		fn(ctx, table + off);
		off += table[off + 1];
	}
}

struct srat_walk {
	acpi_mem_fn mem;
	void *ctx;
	struct acpi_cpus *cpus;
};

static void srat_entry(void *ctx, const uint8_t *e)
{
	struct srat_walk *w = ctx;

	if (e[0] == SRAT_MEMORY && e[1] >= 40 && (rd32(e + 28) & 1) &&
	    rd64(e + 16) && w->mem)
		w->mem(w->ctx, rd64(e + 8), rd64(e + 16), rd32(e + 2));
	if (e[0] == SRAT_CPU && e[1] >= 16 && (rd32(e + 4) & 1) && w->cpus) {
		uint32_t pxm = e[2] | (uint32_t)e[9] << 8 |
			       (uint32_t)e[10] << 16 | (uint32_t)e[11] << 24;
		unsigned i;

		for (i = 0; i < w->cpus->n; i++)
			if (w->cpus->apic_id[i] == e[3])
				w->cpus->pxm[i] = (int)pxm;
	}
}

static void madt_entry(void *ctx, const uint8_t *e)
{
	struct acpi_cpus *c = ctx;

	if (e[0] == MADT_LAPIC && e[1] >= 8 && (rd32(e + 4) & 1) &&
	    c->n < ACPI_MAX_CPUS) {
		c->apic_id[c->n] = e[3];
		c->pxm[c->n++] = -1;
	}
}

bool acpi_numa(acpi_mem_fn mem, void *ctx, struct acpi_cpus *cpus)
{
	const uint8_t *srat = acpi_find("SRAT"), *madt = acpi_find("APIC");
	struct srat_walk w = { mem, ctx, cpus };

	cpus->n = 0;
	if (madt)
		each_entry(madt, 44, madt_entry, cpus);
	if (srat)
		each_entry(srat, 48, srat_entry, &w);
	return srat != NULL;
}
