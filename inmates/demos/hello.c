/* hello: the smallest inmate. Prints where it runs, what the comm region
 * says and a few formatted numbers, answers the hypervisor's messages for a
 * while (iterations polls of about 1 ms each; a cell polls until it is shut
 * down), then stops. Needs neither the GIC nor the timer. */
#include "inmate.h"

static const char *state_name(uint32_t s)
{
    static const char *const names[] = { "running", "running/locked", "shut down", "failed", "failed (comm revision)" };
    return s < ARRAY_SIZE(names) ? names[s] : "?";
}

void inmate_main(void)
{
    uint32_t n = inmate_iterations(1);
    uint32_t cpsr;

    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    printk("hello from an inmate on %s (%s build)\n", BOARD_NAME, INMATE_NATIVE ? "native" : "cell");
    printk("console: %s at 0x%08x\n", console_name(), (unsigned int)console_base());
    printk("CPU: MPIDR 0x%08x, mode 0x%02x\n", (unsigned int)cpu_mpidr(), (unsigned int)(cpsr & 0x1f));
    if (comm_region_valid()) {
        printk("comm region: %.6s revision %u, state %s, flags 0x%x\n",
               comm_region->signature, comm_region->revision,
               state_name(comm_get_state()), (unsigned int)comm_region->flags);
        printk("comm console: type %u flags 0x%x address 0x%08x\n",
               comm_region->console.type, comm_region->console.flags,
               (unsigned int)comm_region->console.address);
        printk("GIC v%u: GICD 0x%08x GICC 0x%08x, vPCI IRQ base %u, PCI config 0x%08x\n",
               comm_region->gic_version, (unsigned int)comm_region->gicd_base,
               (unsigned int)comm_region->gicc_base, (unsigned int)comm_region->vpci_irq_base,
               (unsigned int)comm_region->pci_mmconfig_base);
    } else {
        printk("comm region: not found\n");
    }
    printk("params: iterations %u select %u period %u us console %u arg 0x%x\n",
           (unsigned int)inmate_params.iterations, (unsigned int)inmate_params.select,
           (unsigned int)inmate_params.period_us, (unsigned int)inmate_params.console,
           (unsigned int)inmate_params.arg);
    printk("printk: [%5d] [%-5d] [%05d] [%+d] [%x] [%#X] [%o] [%llu] [%lld] [%c] [%.3s] [%8s] [%-4s] [%%]\n",
           42, 42, -42, 7, 0xbeefu, 0xbeefu, 8u, 18446744073709551615ull, -9000000000ll, 'z', "abcdef", "right", "l");

    /* Poll the comm region: a cell answers a shutdown request and stops. */
    for (uint32_t i = 0; n == 0 || i < n; i++) {
        if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST) {
            printk("hello: shutdown requested, approved\n");
            break;
        }
        for (volatile uint32_t spin = 0; spin < 100000; spin++)
            ;
    }
    printk("hello: done\n");
}
