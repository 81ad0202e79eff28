/* Console drivers (8250 with 1- or 4-byte register distance, PL011, the
 * Jailhouse debug-console hypercall) and the run-time choice between them. */
#include "inmate.h"

/* 8250 registers (index, scaled by the register distance) and bits. */
#define UART8250_THR        0       /* transmit holding (write) */
#define UART8250_RBR        0       /* receive buffer (read) */
#define UART8250_IER        1
#define UART8250_LSR        5
#define UART8250_IER_ERBFI  0x01    /* receive data available interrupt */
#define UART8250_LSR_DR     0x01    /* data ready */
#define UART8250_LSR_THRE   0x20    /* transmit holding register empty */

/* PL011 registers and bits. */
#define PL011_DR            0x00
#define PL011_FR            0x18
#define PL011_IMSC          0x38
#define PL011_FR_RXFE       0x10    /* receive FIFO empty */
#define PL011_FR_TXFF       0x20    /* transmit FIFO full */
#define PL011_IMSC_RXIM     0x10

static uintptr_t reg8250(const struct uart *u, unsigned int idx)
{
    return u->base + (idx << u->shift);
}

/* 32-bit accesses for 4-byte distance (the A20 wants them), else bytes. */
static uint32_t rd8250(const struct uart *u, unsigned int idx)
{
    return u->shift == 2 ? mmio_read32(reg8250(u, idx)) : mmio_read8(reg8250(u, idx));
}

static void wr8250(const struct uart *u, unsigned int idx, uint32_t v)
{
    if (u->shift == 2)
        mmio_write32(reg8250(u, idx), v);
    else
        mmio_write8(reg8250(u, idx), (uint8_t)v);
}

void uart_putc(const struct uart *u, char c)
{
    if (u->type == JAILHOUSE_CON_TYPE_PL011) {
        while (mmio_read32(u->base + PL011_FR) & PL011_FR_TXFF)
            cpu_relax();
        mmio_write32(u->base + PL011_DR, (uint8_t)c);
    } else {
        while (!(rd8250(u, UART8250_LSR) & UART8250_LSR_THRE))
            cpu_relax();
        wr8250(u, UART8250_THR, (uint8_t)c);
    }
}

int uart_getc(const struct uart *u)
{
    if (u->type == JAILHOUSE_CON_TYPE_PL011) {
        if (mmio_read32(u->base + PL011_FR) & PL011_FR_RXFE)
            return -1;
        return (int)(mmio_read32(u->base + PL011_DR) & 0xff);
    }
    if (!(rd8250(u, UART8250_LSR) & UART8250_LSR_DR))
        return -1;
    return (int)(rd8250(u, UART8250_RBR) & 0xff);
}

void uart_rx_irq(const struct uart *u, bool on)
{
    if (u->type == JAILHOUSE_CON_TYPE_PL011)
        mmio_write32(u->base + PL011_IMSC, on ? PL011_IMSC_RXIM : 0);
    else
        wr8250(u, UART8250_IER, on ? UART8250_IER_ERBFI : 0);
}

/* ---- the console ---------------------------------------------------------- */

static struct uart con;
static bool con_hypercall;
static bool con_ready;

static bool known_uart(uint32_t type)
{
    return type == JAILHOUSE_CON_TYPE_8250 || type == JAILHOUSE_CON_TYPE_PL011;
}

void console_init(void)
{
    uint32_t type = BOARD_CON_TYPE;
    uintptr_t base = BOARD_CON_BASE;
    uint32_t flags = BOARD_CON_FLAGS;

    if (comm_region_valid()) {
        const struct jailhouse_console *c = &comm_region->console;
        if (comm_region->flags & JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE) {
            type = INMATE_CON_HYPERCALL;
        } else if (known_uart(c->type) && (c->flags & JAILHOUSE_CON_ACCESS_MMIO) && c->address) {
            type = c->type;
            base = (uintptr_t)c->address;
            flags = c->flags;
        }
    }
    /* The image's own choice wins; a UART type keeps the board's address
     * unless the comm region named one of that type. */
    if (inmate_params.console && inmate_params.console != type) {
        type = inmate_params.console;
        if (type == JAILHOUSE_CON_TYPE_8250 || type == JAILHOUSE_CON_TYPE_PL011) {
            base = (type == BOARD_NATIVE_CON_TYPE) ? BOARD_NATIVE_CON_BASE : BOARD_CON_BASE;
            flags = (type == BOARD_NATIVE_CON_TYPE) ? BOARD_NATIVE_CON_FLAGS : BOARD_CON_FLAGS;
        }
    }
    con_hypercall = (type == INMATE_CON_HYPERCALL);
    con.type = type;
    con.base = base;
    con.shift = (flags & JAILHOUSE_CON_REGDIST_4) ? 2 : 0;
    con_ready = con_hypercall || known_uart(type);
}

static void raw_putc(char c)
{
    if (con_hypercall)
        jailhouse_call2(JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, (uint8_t)c, 0);
    else
        uart_putc(&con, c);
}

void console_putc(char c)
{
    if (!con_ready)
        return;
    /* The hypervisor's console adds its own "\r". */
    if (c == '\n' && !con_hypercall)
        raw_putc('\r');
    raw_putc(c);
}

int console_getc(void)
{
    if (!con_ready || con_hypercall)
        return -1;
    return uart_getc(&con);
}

void console_puts(const char *s)
{
    while (*s)
        console_putc(*s++);
}

uint32_t console_type(void) { return con.type; }
uintptr_t console_base(void) { return con.base; }

const char *console_name(void)
{
    if (!con_ready)
        return "none";
    if (con_hypercall)
        return "hypercall";
    return con.type == JAILHOUSE_CON_TYPE_PL011 ? "pl011" : "8250";
}
