/* SPDX-License-Identifier: MIT */
/*
 * multiboot.h - what the x86 demo kernel reads from its boot loader:
 * multiboot 1 (QEMU -kernel) or multiboot 2 (GRUB, under BIOS or UEFI).
 */
#ifndef BOOT_X86_MULTIBOOT_H
#define BOOT_X86_MULTIBOOT_H

#include "../common/kernel.h"

/** loader_setup - check the loader's magic, find the command line. */
void loader_setup(struct boot_info *bi, uint32_t magic, uint32_t info);

/**
 * loader_import - print the loader's memory map as FW lines and import it:
 * multiboot 1's map, or multiboot 2's EFI map when the firmware is UEFI,
 * else its e820-style map.
 */
int loader_import(struct memblock *mb, const struct boot_info *bi);

/** loader_reserve - reserve the boot information, modules and strings. */
void loader_reserve(struct memblock *mb, const struct boot_info *bi);

/** loader_rsdp - the loader's copy of the ACPI RSDP (multiboot 2), or NULL. */
const uint8_t *loader_rsdp(const struct boot_info *bi);

#endif /* BOOT_X86_MULTIBOOT_H */
