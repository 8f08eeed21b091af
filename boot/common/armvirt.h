/* SPDX-License-Identifier: MIT */
/*
 * armvirt.h - QEMU's Arm "virt" machine as the AArch64 and the 32-bit Arm
 * demo kernels see it: where RAM and the PL011 are, QEMU's own PSCI for
 * power-off, and semihosting's exit call for a failure status.
 */
#ifndef BOOT_ARMVIRT_H
#define BOOT_ARMVIRT_H

#include "kernel.h"

#define DRAM_BASE 0x40000000ull
#define UART_BASE 0x09000000ul
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)
/* PSCI 0.2 SYSTEM_OFF, the same function number from either state. */
#define PSCI_SYSTEM_OFF 0x84000008ul
#define SEMIHOST_EXIT 0x18
#define SEMIHOST_APP_EXIT 0x20026ul /* ADP_Stopped_ApplicationExit */
#define SEMIHOST_RUN_ERROR 0x20023ul /* ADP_Stopped_RunTimeErrorUnknown */

static inline void pl011_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;

	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (unsigned char)c;
}

#endif /* BOOT_ARMVIRT_H */
