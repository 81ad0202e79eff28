/* rogue: tries one thing a cell must not be able to do, chosen by select
 * (image parameter at offset 0x2c):
 *
 *   1 read-ram    read the root cell's RAM (arg, default the board's RAM base)
 *   2 write-uart  write to the root cell's UART
 *   3 gicd-irq    enable the root UART's interrupt in the GIC distributor
 *   4 sgi         send an SGI to every other CPU (the root cell's too)
 *   5 smc         PSCI SYSTEM_OFF through SMC: power off the whole board
 *   6 write-hyp   write to the hypervisor's memory (arg, default the board's)
 *
 * It prints what it is about to try, tries it, and prints what happened. A
 * data abort is reported and the access skipped. Under the hypervisor a
 * forbidden access usually stops the cell before the second line; without it
 * (native builds) every attempt succeeds, which is the point of comparing.
 * select 0 lists the attempts. Afterwards the cell idles until it is shut
 * down (native builds stop). */
#include "inmate.h"

static volatile uint32_t aborts;

static bool on_abort(struct cpu_frame *f, uint32_t dfsr, uint32_t dfar)
{
    printk("rogue: data abort at 0x%08x: DFSR 0x%08x DFAR 0x%08x, skipping the access\n",
           (unsigned int)f->pc, (unsigned int)dfsr, (unsigned int)dfar);
    aborts++;
    f->pc += 4;
    return true;
}

static const char *const names[] = {
    "none", "read-ram", "write-uart", "gicd-irq", "sgi", "smc", "write-hyp",
};

static void attempt(uint32_t which)
{
    uintptr_t addr;
    uint32_t v;

    switch (which) {
    case 1:
        addr = param_or(inmate_params.arg, BOARD_FOREIGN_RAM);
        printk("rogue: attempt 1: read foreign RAM at 0x%08x\n", (unsigned int)addr);
        v = mmio_read32(addr);
        printk("rogue: read 0x%08x\n", (unsigned int)v);
        break;
    case 2:
        printk("rogue: attempt 2: write \"!\" to the root cell's UART at 0x%08x\n", BOARD_ROOT_UART);
        mmio_write32(BOARD_ROOT_UART, '!');
        printk("rogue: write done\n");
        break;
    case 3:
        printk("rogue: attempt 3: enable IRQ %u (the root cell's UART) in the GIC distributor at 0x%08x\n",
               BOARD_ROOT_UART_IRQ, (unsigned int)gicd_base());
        gic_enable_irq(BOARD_ROOT_UART_IRQ);
        printk("rogue: IRQ %u is %s\n", BOARD_ROOT_UART_IRQ,
               gic_irq_enabled(BOARD_ROOT_UART_IRQ) ? "enabled" : "still disabled");
        break;
    case 4:
        printk("rogue: attempt 4: send SGI 1 to all other CPUs (GICD_SGIR target list filter 01)\n");
        gic_send_sgi_others(1);
        printk("rogue: SGI sent\n");
        break;
    case 5: {
        printk("rogue: attempt 5: SMC PSCI SYSTEM_OFF (0x84000008)\n");
        /* Set after the call above: r0 is the first argument register. */
        register uint32_t r0 __asm__("r0") = 0x84000008u;   /* PSCI SYSTEM_OFF */
        __asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0) :: "r1", "r2", "r3", "memory");
        printk("rogue: SMC returned 0x%08x\n", (unsigned int)r0);
        break;
    }
    case 6:
        addr = param_or(inmate_params.arg, BOARD_HYP_MEMORY);
        printk("rogue: attempt 6: write 0xdeadbeef to hypervisor memory at 0x%08x\n", (unsigned int)addr);
        mmio_write32(addr, 0xdeadbeef);
        v = mmio_read32(addr);
        printk("rogue: wrote, read back 0x%08x\n", (unsigned int)v);
        break;
    default:
        printk("rogue: no attempt selected; set select (image offset 0x2c) to one of:\n");
        for (unsigned int i = 1; i < ARRAY_SIZE(names); i++)
            printk("  %u %s\n", i, names[i]);
        return;
    }
    printk("rogue: still running after attempt %u (%s), %u data abort(s)\n",
           (unsigned int)which, names[which], (unsigned int)aborts);
}

void inmate_main(void)
{
    data_abort_hook = on_abort;
    attempt(inmate_params.select);
    /* A cell stays until it is shut down; native builds stop here. */
    if (!INMATE_NATIVE || inmate_params.iterations == INMATE_FOREVER)
        while (comm_poll(true) != JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            ;
}
