/* SPDX-License-Identifier: MIT */
/* acpi.h - the ACPI the x86 demo kernel reads (see acpi.c). */
#ifndef BOOT_X86_ACPI_H
#define BOOT_X86_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 16

/** struct acpi_cpus - enabled local APICs (MADT) and their SRAT domains. */
struct acpi_cpus {
	unsigned n;
	uint8_t apic_id[ACPI_MAX_CPUS];
	int pxm[ACPI_MAX_CPUS]; /* -1 when the SRAT does not say */
};

/* An enabled SRAT memory affinity range. */
typedef void (*acpi_mem_fn)(void *ctx, uint64_t base, uint64_t size,
			    uint32_t pxm);

/**
 * acpi_map - make [pa, pa + len) readable at its physical address
 * (provided by the kernel: x86.c).
 */
const uint8_t *acpi_map(uint64_t pa, uint64_t len);

/** acpi_set_rsdp - use @rsdp (a copy from the boot loader) when not NULL. */
void acpi_set_rsdp(const uint8_t *rsdp);

/** acpi_find - the table with signature @sig (checksum verified), or NULL. */
const uint8_t *acpi_find(const char *sig);

/**
 * acpi_numa - report each SRAT memory range to @mem and fill @cpus.
 * Return: whether there is an SRAT.
 */
bool acpi_numa(acpi_mem_fn mem, void *ctx, struct acpi_cpus *cpus);

#endif /* BOOT_X86_ACPI_H */
