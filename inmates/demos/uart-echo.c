/* uart-echo: echoes what arrives on the UART ("\r" as "\r\n"); Ctrl-D (EOT)
 * ends it. select: 0 = receive interrupt where the UART has one wired for
 * this cell (default), 1 = polling, 2 = interrupt. The UART is the console's
 * when that is one (Banana Pi: UART7), the board's own in native builds;
 * a cell whose console is the hypervisor's has nothing to read. */
#include "inmate.h"

#define EOT 0x04

static struct uart uart;
static unsigned int echoed;
static uint32_t limit;
static volatile bool done;

static void echo(int c)
{
    if (c == EOT) {
        done = true;
        return;
    }
    if (c == '\r')
        uart_putc(&uart, '\r'), c = '\n';
    uart_putc(&uart, (char)c);
    echoed++;
    if (limit && echoed >= limit)
        done = true;
}

static void on_irq(unsigned int irq)
{
    int c;

    if (irq != BOARD_CON_IRQ)
        return;
    while (!done && (c = uart_getc(&uart)) >= 0)
        echo(c);
}

void inmate_main(void)
{
    bool use_irq = inmate_params.select != 1;
    uint32_t t = console_type();

    limit = inmate_iterations(0);
    if (INMATE_NATIVE) {
        uart.base = BOARD_NATIVE_CON_BASE;
        uart.type = BOARD_NATIVE_CON_TYPE;
        uart.shift = (BOARD_NATIVE_CON_FLAGS & JAILHOUSE_CON_REGDIST_4) ? 2 : 0;
    } else if (t == JAILHOUSE_CON_TYPE_8250 || t == JAILHOUSE_CON_TYPE_PL011) {
        uart.base = console_base();
        uart.type = t;
        uart.shift = (t == JAILHOUSE_CON_TYPE_8250 && (BOARD_CON_FLAGS & JAILHOUSE_CON_REGDIST_4)) ? 2 : 0;
    } else {
        printk("uart-echo: the console is the hypervisor's, no UART to read; idle\n");
        while (comm_poll(true) != JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            ;
        return;
    }
    printk("uart-echo: %s UART at 0x%08x, %s; Ctrl-D ends\n",
           uart.type == JAILHOUSE_CON_TYPE_PL011 ? "PL011" : "8250", (unsigned int)uart.base,
           use_irq ? "receive interrupt" : "polling");

    if (use_irq) {
        gic_init();
        irq_set_handler(on_irq);
        gic_enable_irq(BOARD_CON_IRQ);
        uart_rx_irq(&uart, true);
        wait_until_done(&done);
        uart_rx_irq(&uart, false);
    } else {
        while (!done) {
            int c = uart_getc(&uart);
            if (c >= 0)
                echo(c);
            else if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST)
                break;
        }
    }
    printk("\nuart-echo: %u characters echoed\n", echoed);
}
