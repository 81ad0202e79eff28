/* QEMU virt (32-bit ARM): what an inmate needs to know about the board. */
#ifndef INMATE_BOARD_H
#define INMATE_BOARD_H

#define BOARD_NAME              "qemu-arm"
#define BOARD_RAM_BASE          0x40000000u

/* The one PL011 belongs to the root cell: a cell writes through the
 * hypervisor's debug console (hypercall) unless its comm region names a
 * UART of its own. */
#define BOARD_CON_TYPE          INMATE_CON_HYPERCALL
#define BOARD_CON_BASE          0x09000000u
#define BOARD_CON_FLAGS         JAILHOUSE_CON_ACCESS_MMIO
#define BOARD_CON_IRQ           33
#define BOARD_ROOT_UART         0x09000000u
#define BOARD_ROOT_UART_IRQ     33
/* The UART that the native build (no hypervisor) owns. */
#define BOARD_NATIVE_CON_TYPE   JAILHOUSE_CON_TYPE_PL011
#define BOARD_NATIVE_CON_BASE   0x09000000u
#define BOARD_NATIVE_CON_FLAGS  JAILHOUSE_CON_ACCESS_MMIO

#define BOARD_GICD_BASE         0x08000000u
#define BOARD_GICC_BASE         0x08010000u

#define BOARD_HAS_LED           0

/* Rogue targets: the root cell's RAM at the start of DRAM, the hypervisor's
 * reserved memory near the end of the 128 MiB (as the qemu-arm system
 * configuration places it). */
#define BOARD_FOREIGN_RAM       0x40000000u
#define BOARD_HYP_MEMORY        0x47c00000u

#endif
