/* The communication region shared with the hypervisor. */
#include "inmate.h"

#ifndef NATIVE
struct jailhouse_comm_region *const comm_region =
    (struct jailhouse_comm_region *)COMM_REGION_BASE;
#endif

bool comm_region_valid(void)
{
    return memcmp(comm_region->signature, COMM_REGION_MAGIC, sizeof(comm_region->signature)) == 0 &&
           comm_region->revision == COMM_REGION_ABI_REVISION;
}

uint32_t comm_get_state(void) { return comm_region->cell_state; }

void comm_set_state(uint32_t state)
{
    dmb();
    comm_region->cell_state = state;
    dsb();
}

/* As Jailhouse orders it: clear the message, then post the reply. */
void comm_reply(uint32_t reply)
{
    comm_region->msg_to_cell = JAILHOUSE_MSG_NONE;
    dmb();
    comm_region->reply_from_cell = reply;
}

void wait_until_done(volatile bool *done)
{
    while (!*done) {
        wfi();
        irq_enable();
        irq_disable();
        if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            break;
    }
}

uint32_t comm_poll(bool shutdown_ok)
{
    uint32_t msg = comm_region->msg_to_cell;

    switch (msg) {
    case JAILHOUSE_MSG_NONE:
        break;
    case JAILHOUSE_MSG_SHUTDOWN_REQUEST:
        comm_reply(shutdown_ok ? JAILHOUSE_MSG_REQUEST_APPROVED : JAILHOUSE_MSG_REQUEST_DENIED);
        break;
    case JAILHOUSE_MSG_RECONFIG_COMPLETED:
        comm_reply(JAILHOUSE_MSG_RECEIVED);
        break;
    default:
        comm_reply(JAILHOUSE_MSG_UNKNOWN);
    }
    return msg;
}

uintptr_t gicd_base(void)
{
    return (comm_region_valid() && comm_region->gicd_base) ? (uintptr_t)comm_region->gicd_base : BOARD_GICD_BASE;
}

uintptr_t gicc_base(void)
{
    return (comm_region_valid() && comm_region->gicc_base) ? (uintptr_t)comm_region->gicc_base : BOARD_GICC_BASE;
}
