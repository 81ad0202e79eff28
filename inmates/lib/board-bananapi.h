/* Banana Pi (Allwinner A20): what an inmate needs to know about the board.
 * Addresses are those of the A20 memory map; a cell sees them at the same
 * (guest-physical) addresses. */
#ifndef INMATE_BOARD_H
#define INMATE_BOARD_H

#define BOARD_NAME              "bananapi"
#define BOARD_RAM_BASE          0x40000000u

/* The cell's console: UART7 (8250, 32-bit registers 4 bytes apart). */
#define BOARD_CON_TYPE          JAILHOUSE_CON_TYPE_8250
#define BOARD_CON_BASE          0x01c29c00u
#define BOARD_CON_FLAGS         (JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_REGDIST_4)
#define BOARD_CON_IRQ           52          /* SPI 20 */
/* The native build (no hypervisor) uses the same UART. */
#define BOARD_NATIVE_CON_TYPE   JAILHOUSE_CON_TYPE_8250
#define BOARD_NATIVE_CON_BASE   BOARD_CON_BASE
#define BOARD_NATIVE_CON_FLAGS  BOARD_CON_FLAGS
/* The root cell's console (UART0), a target of the rogue demo. */
#define BOARD_ROOT_UART         0x01c28000u
#define BOARD_ROOT_UART_IRQ     33

#define BOARD_GICD_BASE         0x01c81000u
#define BOARD_GICC_BASE         0x01c82000u

/* A20 port controller and the green LED on PH24. */
#define BOARD_PIO_BASE          0x01c20800u
#define BOARD_HAS_LED           1
#define BOARD_LED_PORT          7           /* H */
#define BOARD_LED_PIN           24

/* Rogue targets: RAM of the root cell and the hypervisor's reserved memory
 * (Jailhouse's Banana Pi configuration keeps the hypervisor at the top of
 * the 1 GiB of DRAM). */
#define BOARD_FOREIGN_RAM       0x40000000u
#define BOARD_HYP_MEMORY        0x7c000000u

#endif
