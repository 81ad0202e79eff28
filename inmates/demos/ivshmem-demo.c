/* ivshmem-demo: talks to its peer cells through a Jailhouse ivshmem 2.0
 * device (PCI vendor 0x110a, device 0x4106) on the cell's virtual PCI bus:
 *
 *  - config space (ECAM at comm_region->pci_mmconfig_base, bus 0): BAR 0 is
 *    the register page (ID, maximum peers, interrupt control, doorbell,
 *    state); the vendor capability (ID 0x09) gives the state table size,
 *    the read/write and output section sizes and, as the region is not a
 *    BAR, the shared memory's address;
 *  - shared memory: state table (one word per peer, kept by the
 *    hypervisor), read/write section, then one output section per peer
 *    (writable only by its owner);
 *  - interrupts: INTx, GIC interrupt 32 + vpci_irq_base + (slot & 3), raised
 *    by a peer's doorbell and by every change of a peer's state.
 *
 * Protocol (ours): set the own state to 1 (ready); every period (default
 * 1 s, peer ID's turn at ID/peers of it) write "message N from peer ID"
 * into the own output section and ring every other peer's doorbell
 * (vector 0); after an interrupt, print each peer whose state changed and
 * each peer's output section that changed (a peer clears its section
 * before it gets ready).
 * Between these it sleeps (WFI), waking for interrupts, the next message
 * and every 10 ms for the comm region. Stops after `iterations` messages
 * sent (native default 3; a cell runs until it is shut down), setting its
 * state back to 0. Without a virtual PCI bus the demo says so and stops. */
#include "inmate.h"

#define IVSHMEM_VENDOR      0x110a
#define IVSHMEM_DEVICE      0x4106
#define IVSHMEM_MAX_PEERS   12

#define PCI_CMD             0x04
#define PCI_CMD_MEM         0x0002
#define PCI_CAP_PTR         0x34
#define PCI_BAR0            0x10
#define PCI_CAP_VENDOR      0x09

/* Vendor capability fields. */
#define CAP_LENGTH          0x02
#define CAP_STATE_TAB_SZ    0x04
#define CAP_RW_SECTION_SZ   0x08
#define CAP_OUT_SECTION_SZ  0x10
#define CAP_ADDRESS         0x18

#define STATE_READY         1
#define MSG_LEN             64
/* Longest sleep between looks at the comm region (µs). */
#define POLL_US             10000

/* Register page (BAR 0). */
struct ivshmem_regs {
    uint32_t id;
    uint32_t max_peers;
    uint32_t int_control;
    uint32_t doorbell;
    uint32_t state;
};

/* Where this cell maps the register page (guest-physical, free in its map). */
#define IVSHMEM_BAR0_ADDR   0x80100000u

static uintptr_t ecam;
static volatile struct ivshmem_regs *regs;
static volatile uint32_t *state_table;
static uintptr_t out_base, out_size;
static uint32_t id, peers, irq, received;
static volatile uint32_t interrupts, events;
static uint32_t peer_state[IVSHMEM_MAX_PEERS];
static char last[IVSHMEM_MAX_PEERS][MSG_LEN];

static uintptr_t cfg(uint32_t bdf, uint32_t reg) { return ecam + (bdf << 12) + reg; }

static uint64_t cfg_read64(uint32_t bdf, uint32_t reg)
{
    return mmio_read32(cfg(bdf, reg)) | ((uint64_t)mmio_read32(cfg(bdf, reg + 4)) << 32);
}

static int find_device(void)
{
    for (uint32_t bdf = 0; bdf < 256; bdf++) {
        uint32_t vd = mmio_read32(cfg(bdf, 0));
        if ((vd & 0xffff) == IVSHMEM_VENDOR && (vd >> 16) == IVSHMEM_DEVICE)
            return (int)bdf;
    }
    return -1;
}

static uint32_t find_cap(uint32_t bdf, uint8_t cap_id)
{
    uint32_t pos = mmio_read8(cfg(bdf, PCI_CAP_PTR));
    while (pos) {
        if (mmio_read8(cfg(bdf, pos)) == cap_id)
            return pos;
        pos = mmio_read8(cfg(bdf, pos + 1));
    }
    return 0;
}

static volatile char *out_section(uint32_t peer)
{
    return (volatile char *)(out_base + peer * out_size);
}

/* The interrupts only count and flag: the main loop does the work, so that
 * lines printed from there never mix with lines printed here. */
static void on_irq(unsigned int n)
{
    if (n == irq) {
        interrupts++;
        events = 1;
    } else if (n == TIMER_IRQ_VIRT) {
        timer_stop(TIMER_VIRT);     /* it only ends a sleep */
    }
}

/* Prints the peers whose state or output section changed. */
static void poll_peers(void)
{
    for (uint32_t p = 0; p < peers; p++) {
        if (p == id)
            continue;
        uint32_t st = state_table[p];
        volatile char *out = out_section(p);
        if (st != peer_state[p]) {
            peer_state[p] = st;
            printk("ivshmem-demo: peer %u is %s (state %u)\n", (unsigned int)p,
                   st == STATE_READY ? "ready" : st == 0 ? "gone" : "busy", (unsigned int)st);
            /* A peer clears its section before it gets ready: what it holds then is new. What a
             * peer that left holds is old. */
            for (unsigned int i = 0; i < MSG_LEN - 1; i++)
                last[p][i] = st ? 0 : out[i];
        }
        bool changed = false;
        for (unsigned int i = 0; i < MSG_LEN - 1; i++) {
            char c = out[i];
            if (c != last[p][i]) {
                last[p][i] = c;
                changed = true;
            }
        }
        if (changed && last[p][0]) {
            received++;
            printk("ivshmem-demo: from peer %u: %s\n", (unsigned int)p, last[p]);
        }
    }
}

void inmate_main(void)
{
    uint32_t limit = inmate_iterations(3), sent = 0;
    uint32_t period_us = param_or(inmate_params.period_us, 1000000);
    uint32_t bdf, cap, st_size;
    uint64_t rw_size, shmem, next, period, poll;
    bool shutdown = false;
    int found;

    ecam = comm_region_valid() ? (uintptr_t)comm_region->pci_mmconfig_base : 0;
    if (!ecam) {
        printk("ivshmem-demo: no virtual PCI bus in the comm region, nothing to do\n");
        return;
    }
    found = find_device();
    if (found < 0) {
        printk("ivshmem-demo: no ivshmem device on bus 0 at 0x%08x\n", (unsigned int)ecam);
        return;
    }
    bdf = (uint32_t)found;
    cap = find_cap(bdf, PCI_CAP_VENDOR);
    if (!cap || mmio_read8(cfg(bdf, cap + CAP_LENGTH)) < 0x20) {
        printk("ivshmem-demo: %02x:%02x.%x has no shared memory address capability\n",
               (unsigned int)(bdf >> 8), (unsigned int)((bdf >> 3) & 0x1f), (unsigned int)(bdf & 7));
        return;
    }
    st_size = mmio_read32(cfg(bdf, cap + CAP_STATE_TAB_SZ));
    rw_size = cfg_read64(bdf, cap + CAP_RW_SECTION_SZ);
    out_size = (uintptr_t)cfg_read64(bdf, cap + CAP_OUT_SECTION_SZ);
    shmem = cfg_read64(bdf, cap + CAP_ADDRESS);

    mmio_write32(cfg(bdf, PCI_BAR0), IVSHMEM_BAR0_ADDR);
    mmio_write16(cfg(bdf, PCI_CMD), mmio_read16(cfg(bdf, PCI_CMD)) | PCI_CMD_MEM);
    regs = (volatile struct ivshmem_regs *)IVSHMEM_BAR0_ADDR;
    id = regs->id;
    peers = regs->max_peers;
    if (peers > IVSHMEM_MAX_PEERS)
        peers = IVSHMEM_MAX_PEERS;
    state_table = (volatile uint32_t *)(uintptr_t)shmem;
    out_base = (uintptr_t)(shmem + st_size + rw_size);
    irq = 32 + comm_region->vpci_irq_base + ((bdf >> 3) & 3);
    printk("ivshmem-demo: device %02x:%02x.%x, ID %u of %u peers, shared memory 0x%08x "
           "(state table 0x%x, r/w 0x%x, output 0x%x each), IRQ %u\n",
           (unsigned int)(bdf >> 8), (unsigned int)((bdf >> 3) & 0x1f), (unsigned int)(bdf & 7),
           (unsigned int)id, (unsigned int)peers, (unsigned int)shmem,
           (unsigned int)st_size, (unsigned int)rw_size, (unsigned int)out_size, (unsigned int)irq);

    gic_init();
    irq_set_handler(on_irq);
    gic_enable_irq(irq);
    gic_enable_irq(TIMER_IRQ_VIRT);
    for (unsigned int i = 0; i < MSG_LEN; i++)
        out_section(id)[i] = 0;
    regs->int_control = 1;
    regs->state = STATE_READY;
    irq_enable();
    poll_peers();

    /* Peers take turns (a phase of ID/peers of a period), so that their lines do not meet on a
     * shared console. Sleep (WFI) until a peer's interrupt, the next message or the next look at
     * the comm region. */
    period = timer_us_to_ticks(period_us);
    poll = timer_us_to_ticks(POLL_US);
    next = timer_count(TIMER_VIRT) + period * id / peers;
    while (!limit || sent < limit) {
        uint64_t now = timer_count(TIMER_VIRT);
        if (now >= next) {
            char msg[MSG_LEN];
            volatile char *out = out_section(id);
            snprintk(msg, sizeof(msg), "message %u from peer %u", (unsigned int)++sent, (unsigned int)id);
            for (unsigned int i = 0; i < sizeof(msg); i++)
                out[i] = msg[i];
            printk("ivshmem-demo: sent \"%s\"\n", msg);
            dsb();
            for (uint32_t p = 0; p < peers; p++)
                if (p != id)
                    regs->doorbell = p << 16;   /* vector 0 */
            next += period;
            continue;
        }
        /* A shutdown request is approved once the state is back to 0 and the summary printed. */
        if (comm_region->msg_to_cell == JAILHOUSE_MSG_SHUTDOWN_REQUEST) {
            shutdown = true;
            break;
        }
        comm_poll(true);
        irq_disable();
        if (!events) {
            timer_set_deadline(TIMER_VIRT, next - now < poll ? next : now + poll);
            wfi();      /* wakes on a pending interrupt even while masked */
        }
        irq_enable();   /* the interrupt is taken here */
        if (events) {
            events = 0;
            poll_peers();
        }
    }
    irq_disable();
    timer_stop(TIMER_VIRT);
    printk("ivshmem-demo: %u sent, %u received, %u interrupts\n", (unsigned int)sent, (unsigned int)received,
           (unsigned int)interrupts);
    regs->state = 0;
    if (shutdown)
        comm_reply(JAILHOUSE_MSG_REQUEST_APPROVED);
}
