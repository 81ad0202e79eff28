/* Addresses of the two boards the hypervisor tests run on (-DBOARD_BPI for
 * the Banana Pi, else QEMU's virt machine). */
#ifndef HV_GUEST_BOARD_H
#define HV_GUEST_BOARD_H

#ifdef BOARD_BPI
#define UART0_BASE      0x01c28000u     /* 8250, 4-byte register distance */
#define UART7_BASE      0x01c29c00u
#define GICD_BASE       0x01c81000u
#define GICC_BASE       0x01c82000u
#define BOARD_NAME      "bananapi"
#else
#define UART0_BASE      0x09000000u     /* PL011 */
#define GICD_BASE       0x08000000u
#define GICC_BASE       0x08010000u
#define BOARD_NAME      "qemu-arm"
#endif

#endif
