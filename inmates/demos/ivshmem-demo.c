/* ivshmem-demo: talks to a peer cell through a Jailhouse ivshmem device
 * (IVSHMEM v2: PCI vendor 0x110a, device 0x4106) on the cell's virtual PCI
 * bus. NOT YET TESTED: the hypervisor side does not exist yet; this follows
 * Jailhouse's ivshmem v2 specification:
 *
 *  - config space (ECAM at comm_region->pci_mmconfig_base, bus 0): BAR 0 is
 *    the register page (ID, maximum peers, interrupt control, doorbell,
 *    state); the vendor capability (ID 0x09) gives the state table size,
 *    the read/write and output section sizes and, as the region is not a
 *    BAR, the shared memory's address;
 *  - shared memory: state table, read/write section, then one output
 *    section per peer (writable only by its owner);
 *  - interrupts: INTx, GIC interrupt 32 + vpci_irq_base + (slot & 3).
 *
 * Protocol (ours): every period (default 1 s) write "message N from peer ID"
 * into the own output section and ring the peer's doorbell (vector 0); on an
 * interrupt, print the peer's output section if it changed. Stops after
 * `iterations` messages sent (native default 3; without a virtual PCI bus
 * the demo says so and stops). */
#include "inmate.h"

#define IVSHMEM_VENDOR      0x110a
#define IVSHMEM_DEVICE      0x4106

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
static volatile char *out_own, *out_peer;
static uint32_t peer, irq, received;
static char last[64];

static uintptr_t cfg(uint32_t bdf, uint32_t reg) { return ecam + (bdf << 12) + reg; }

static uint64_t cfg_read64(uint32_t bdf, uint32_t reg)
{
    return mmio_read32(cfg(bdf, reg)) | ((uint64_t)mmio_read32(cfg(bdf, reg + 4)) << 32);
}

static int find_device(void)
{
    for (uint32_t bdf = 0; bdf < 256; bdf++) {
        uint32_t id = mmio_read32(cfg(bdf, 0));
        if ((id & 0xffff) == IVSHMEM_VENDOR && (id >> 16) == IVSHMEM_DEVICE)
            return (int)bdf;
    }
    return -1;
}

static uint32_t find_cap(uint32_t bdf, uint8_t id)
{
    uint32_t pos = mmio_read8(cfg(bdf, PCI_CAP_PTR));
    while (pos) {
        if (mmio_read8(cfg(bdf, pos)) == id)
            return pos;
        pos = mmio_read8(cfg(bdf, pos + 1));
    }
    return 0;
}

static void on_irq(unsigned int n)
{
    if (n != irq)
        return;
    if (memcmp(last, (const char *)out_peer, sizeof(last)) != 0) {
        memcpy(last, (const char *)out_peer, sizeof(last));
        last[sizeof(last) - 1] = 0;
        received++;
        printk("ivshmem-demo: from peer %u: %s\n", (unsigned int)peer, last);
    }
}

void inmate_main(void)
{
    uint32_t limit = inmate_iterations(3), sent = 0;
    uint32_t period_us = param_or(inmate_params.period_us, 1000000);
    uint32_t bdf, cap, st_size;
    uint64_t rw_size, out_size, shmem, next;
    int found;

    printk("ivshmem-demo: untested (no ivshmem in the hypervisor yet)\n");
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
    out_size = cfg_read64(bdf, cap + CAP_OUT_SECTION_SZ);
    shmem = cfg_read64(bdf, cap + CAP_ADDRESS);

    mmio_write32(cfg(bdf, PCI_BAR0), IVSHMEM_BAR0_ADDR);
    mmio_write16(cfg(bdf, PCI_CMD), mmio_read16(cfg(bdf, PCI_CMD)) | PCI_CMD_MEM);
    regs = (volatile struct ivshmem_regs *)IVSHMEM_BAR0_ADDR;
    peer = regs->id == 0 ? 1 : 0;
    out_own = (volatile char *)(uintptr_t)(shmem + st_size + rw_size + regs->id * out_size);
    out_peer = (volatile char *)(uintptr_t)(shmem + st_size + rw_size + peer * out_size);
    irq = 32 + comm_region->vpci_irq_base + ((bdf >> 3) & 3);
    printk("ivshmem-demo: device %02x:%02x.%x, ID %u of %u peers, shared memory 0x%08x "
           "(state table 0x%x, r/w 0x%x, output 0x%x each), IRQ %u\n",
           (unsigned int)(bdf >> 8), (unsigned int)((bdf >> 3) & 0x1f), (unsigned int)(bdf & 7),
           (unsigned int)regs->id, (unsigned int)regs->max_peers, (unsigned int)shmem,
           (unsigned int)st_size, (unsigned int)rw_size, (unsigned int)out_size, (unsigned int)irq);

    gic_init();
    irq_set_handler(on_irq);
    gic_enable_irq(irq);
    regs->int_control = 1;
    regs->state = 1;                /* ready */
    irq_enable();

    next = timer_count(TIMER_VIRT);
    while (!limit || sent < limit) {
        if (timer_count(TIMER_VIRT) >= next) {
            char msg[64];
            snprintk(msg, sizeof(msg), "message %u from peer %u", (unsigned int)++sent, (unsigned int)regs->id);
            for (unsigned int i = 0; i < sizeof(msg); i++)
                out_own[i] = msg[i];
            dsb();
            regs->doorbell = (peer << 16) | 0;
            printk("ivshmem-demo: sent \"%s\"\n", msg);
            next += timer_us_to_ticks(period_us);
        }
        if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            break;
    }
    irq_disable();
    regs->state = 0;
    printk("ivshmem-demo: %u sent, %u received\n", (unsigned int)sent, (unsigned int)received);
}
