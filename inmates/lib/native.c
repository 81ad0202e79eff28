/* Native builds: what the hypervisor would provide to a cell. */
#include "inmate.h"

/* The stand-in comm region, filled by native_setup(). */
static struct jailhouse_comm_region native_comm __attribute__((aligned(8)));
struct jailhouse_comm_region *const comm_region = &native_comm;

static const struct uart native_uart = {
    .base = BOARD_NATIVE_CON_BASE,
    .type = BOARD_NATIVE_CON_TYPE,
    .shift = (BOARD_NATIVE_CON_FLAGS & JAILHOUSE_CON_REGDIST_4) ? 2 : 0,
};

void native_setup(void);
void native_setup(void)
{
    memcpy(native_comm.signature, COMM_REGION_MAGIC, sizeof(native_comm.signature));
    native_comm.revision = COMM_REGION_ABI_REVISION;
    native_comm.cell_state = JAILHOUSE_CELL_RUNNING;
    native_comm.console.address = BOARD_NATIVE_CON_BASE;
    native_comm.console.size = 0x1000;
    native_comm.console.type = BOARD_NATIVE_CON_TYPE;
    native_comm.console.flags = BOARD_NATIVE_CON_FLAGS;
    /* Where the board's cell would print through the hypervisor, the Hyp
     * stub in native.S stands in for it. */
    if (BOARD_CON_TYPE == INMATE_CON_HYPERCALL && native_entered_hyp)
        native_comm.flags = JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED | JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE;
    native_comm.gic_version = 2;
    native_comm.gicd_base = BOARD_GICD_BASE;
    native_comm.gicc_base = BOARD_GICC_BASE;
}

/* The Hyp stub's hypercalls (native.S, in Hyp mode). Like Jailhouse's
 * console, the character is written to the UART with "\r" before "\n". */
uint32_t native_hypercall(uint32_t code, uint32_t arg1);
uint32_t native_hypercall(uint32_t code, uint32_t arg1)
{
    if (code != JAILHOUSE_HC_DEBUG_CONSOLE_PUTC)
        return (uint32_t)-38;
    if ((char)arg1 == '\n')
        uart_putc(&native_uart, '\r');
    uart_putc(&native_uart, (char)arg1);
    return 0;
}
