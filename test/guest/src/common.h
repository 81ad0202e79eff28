/* Shared support for the bare-metal guest programs: UART output (PL011 of
 * the QEMU virt board, or with UART_8250 the bananapi's UART0), ARM
 * semihosting calls and exit. */
#ifndef GUEST_COMMON_H
#define GUEST_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef UART_8250
#define UART0_BASE 0x01c28000u
#else
#define UART0_BASE 0x09000000u
#endif

/* Semihosting operations (ARM "Semihosting for AArch32 and AArch64"). */
#define SYS_OPEN          0x01
#define SYS_CLOSE         0x02
#define SYS_WRITEC        0x03
#define SYS_WRITE0        0x04
#define SYS_WRITE         0x05
#define SYS_EXIT          0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_Stopped_ApplicationExit 0x20026

void uart_putc(char c);
void uart_puts(const char *s);          /* no newline added */
void uart_write(const char *buf, size_t len);
void uart_puthex(uint32_t v);           /* 8 hex digits, no prefix */

/* Semihosting call through SVC 0x123456 (ARM state; SVC 0xAB in Thumb). */
uint32_t semihost_svc(uint32_t op, const void *arg);
/* Semihosting call through HLT 0xF000 (ARM state; HLT 0x3C in Thumb). */
uint32_t semihost_hlt(uint32_t op, const void *arg);

/* Exit through semihosting: code 0 uses SYS_EXIT, anything else
 * SYS_EXIT_EXTENDED. Never returns. */
void sh_exit(int code) __attribute__((noreturn));
void sh_exit_hlt(int code) __attribute__((noreturn));

#endif
