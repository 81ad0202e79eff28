/* UART output (PL011, or an 8250-compatible UART with UART_8250),
 * semihosting, and the system-call stubs newlib needs. Compiled as A32 or,
 * in the Thumb builds, as Thumb-2 (then with the Thumb semihosting traps). */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static inline volatile uint32_t *uart_reg(uint32_t off)
{
    return (volatile uint32_t *)(UART0_BASE + off);
}

#ifdef UART_8250
/* 8250/16550 with 32-bit register spacing (Allwinner A20 UART0): no set-up,
 * the boot loader has programmed the baud rate. */
#define UART_THR 0x00
#define UART_LSR 0x14
#define UART_LSR_THRE (1u << 5)

void uart_putc(char c)
{
    while (!(*uart_reg(UART_LSR) & UART_LSR_THRE))
        ;
    *uart_reg(UART_THR) = (uint8_t)c;
}
#else
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

void uart_putc(char c)
{
    while (*uart_reg(UARTFR) & UARTFR_TXFF)
        ;
    *uart_reg(UARTDR) = (uint8_t)c;
}
#endif

void uart_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        uart_putc(buf[i]);
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

void uart_puthex(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4)
        uart_putc("0123456789abcdef"[(v >> i) & 15]);
}

uint32_t semihost_svc(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    /* A real SVC exception would overwrite LR_svc, so treat lr as clobbered. */
#ifdef __thumb__
    __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory", "lr");
#else
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
#endif
    return r0;
}

uint32_t semihost_hlt(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
#ifdef __thumb__
    /* HLT #0x3C (T32), spelled as a halfword: it is an ARMv8 encoding. */
    __asm__ volatile(".inst.n 0xbabc" : "+r"(r0) : "r"(r1) : "memory");
#else
    /* HLT #0xF000 (A32), spelled as a word: it is an ARMv8 encoding. */
    __asm__ volatile(".inst 0xe10f0070" : "+r"(r0) : "r"(r1) : "memory");
#endif
    return r0;
}

static void sh_exit_with(uint32_t (*call)(uint32_t, const void *), int code)
{
    if (code == 0) {
        /* AArch32 SYS_EXIT: r1 holds the reason itself, not a pointer. */
        call(SYS_EXIT, (const void *)ADP_Stopped_ApplicationExit);
    } else {
        uint32_t block[2] = { ADP_Stopped_ApplicationExit, (uint32_t)code };
        call(SYS_EXIT_EXTENDED, block);
    }
}

void sh_exit(int code)
{
    sh_exit_with(semihost_svc, code);
    for (;;)
        __asm__ volatile("wfi");
}

void sh_exit_hlt(int code)
{
    sh_exit_with(semihost_hlt, code);
    for (;;)
        __asm__ volatile("wfi");
}

/* Called from the exception vectors in start.S: nothing in these programs
 * should take an exception, so report it and stop. */
void unexpected_exception(uint32_t vector, uint32_t lr, uint32_t spsr)
{
    static const char *const names[8] = {
        "reset", "undefined instruction", "svc", "prefetch abort",
        "data abort", "hyp", "irq", "fiq",
    };
    uart_puts("\n*** unexpected exception: ");
    uart_puts(names[vector & 7]);
    uart_puts(" lr=");
    uart_puthex(lr);
    uart_puts(" spsr=");
    uart_puthex(spsr);
    uart_puts("\n");
    sh_exit(100 + (int)vector);
}

/* ---- newlib system calls ---------------------------------------------- */

void _exit(int code)
{
    sh_exit(code);
}

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    uart_write(buf, (size_t)len);
    return len;
}

int _read(int fd, char *buf, int len)
{
    (void)fd; (void)buf; (void)len;
    return 0;
}

int _close(int fd)
{
    (void)fd;
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

off_t _lseek(int fd, off_t off, int whence)
{
    (void)fd; (void)off; (void)whence;
    return 0;
}

int _getpid(void)
{
    return 1;
}

int _kill(int pid, int sig)
{
    (void)pid; (void)sig;
    errno = EINVAL;
    return -1;
}

extern char __heap_start[], __heap_end[];

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __heap_start;
    char *old = brk;
    if (incr > __heap_end - brk || incr < __heap_start - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    brk += incr;
    return old;
}
