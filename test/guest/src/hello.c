/* hello: output through the PL011 UART and through each semihosting console
 * call, using both semihosting traps (SVC 0x123456 and HLT 0xF000); exits 0
 * through HLT 0xF000. Does not use newlib's stdio. */
#include "common.h"

static const char buffer[] = "Hello, world! (semihosting SYS_WRITE)\n";

int main(void)
{
    uart_puts("Hello, world! (PL011 UART)\n");

    semihost_svc(SYS_WRITE0, "Hello, world! (semihosting SYS_WRITE0 via SVC)\n");
    semihost_hlt(SYS_WRITE0, "Hello, world! (semihosting SYS_WRITE0 via HLT)\n");

    static const char bang = '!', nl = '\n';
    semihost_svc(SYS_WRITEC, &bang);
    semihost_hlt(SYS_WRITEC, &nl);

    /* SYS_OPEN ":tt" for writing (mode 4) is the console's stdout. */
    const uint32_t open_args[3] = { (uint32_t)":tt", 4, 3 };
    uint32_t h = semihost_hlt(SYS_OPEN, open_args);
    const uint32_t write_args[3] = { h, (uint32_t)buffer, sizeof buffer - 1 };
    uint32_t left = semihost_svc(SYS_WRITE, write_args);

    uart_puts("SYS_OPEN(\":tt\", 4) handle=");
    uart_puthex(h);
    uart_puts(" SYS_WRITE returned ");
    uart_puthex(left);
    uart_puts("\nGoodbye (exit 0 through HLT 0xF000)\n");
    sh_exit_hlt(0);
}
