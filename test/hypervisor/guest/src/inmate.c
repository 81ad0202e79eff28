/* The inmate the hypervisor tests start in cells. It greets, then does what
 * the parameter block's `select` asks, and answers the hypervisor's shutdown
 * request through the communication region in every mode:
 *   0 ticker   print a tick line now and then (`iterations` ticks, 0: forever;
 *              `console` 1: count them silently)
 *   1 timer    virtual timer (PPI 27) at 1 kHz through the GIC, `iterations`
 *              interrupts (default 10); also tries to enable and raise the
 *              foreign interrupt `arg` (default 33)
 *   2 read     read the word at `arg`
 *   3 write    write 0x5a to `arg`
 *   4 sgi      SGI 5 to the target list `arg`, SGI 6 to itself
 *   5 psci     PSCI inside the cell: IDs, CPU_ON/AFFINITY_INFO/CPU_OFF of
 *              virtual CPU 1, an SGI to it, calls for CPUs outside the cell
 *   6 compute  the CPU-bound kernel, `iterations` rounds (default 4)
 *   7 route    aim its own SPI `arg` at CPU interface mask `period_us`
 *   8 hcalls   management hypercalls a non-root cell may not make, and those it may
 *   9 deaf     spin with interrupts masked, never answering the hypervisor
 *  10 burst    SGIs 2..9 to itself at once (more than the list registers)
 *  11 jump     branch to guest address `arg`
 * On qemu-arm it prints through the debug-console hypercall, on the Banana
 * Pi on UART7 (a sub-page region of its config). */
#include "board.h"
#include "hv.h"

struct params {
    uint32_t magic, version, iterations, select, period_us, console, arg, reserved;
};
extern volatile struct params inmate_params;

#define COMM ((struct comm_region *)0x80000000u)

int main(void);
void secondary_main(void);
void secondary_start(void);
void irq_handler(void);
void fatal_exception(uint32_t vector, uint32_t lr);

static volatile uint32_t irq_counts[64];
static volatile uint32_t other_irqs, other_irq_id;
static volatile uint32_t secondary_up, secondary_mask;
static uint32_t timer_period;

void putc_(char c)
{
#ifdef BOARD_BPI
    while (!(REG32(UART7_BASE + 0x14) & 0x20))
        ;
    REG32(UART7_BASE) = (uint8_t)c;
#else
    hvc(HC_DEBUG_CONSOLE_PUTC, (uint8_t)c, 0);
#endif
}

static void halt(void)
{
    for (;;) {
        irq_disable();
        wfi();
    }
}

/* Approves a pending shutdown request (and stops). */
static void check_shutdown(void)
{
    if (COMM->msg_to_cell != MSG_SHUTDOWN_REQUEST)
        return;
    puts_("cell: shutdown requested, approving\n");
    COMM->msg_to_cell = MSG_NONE;
    dsb();
    COMM->reply_from_cell = MSG_REQUEST_APPROVED;
    halt();
}

static void idle(void)
{
    for (;;) {
        check_shutdown();
        for (volatile int i = 0; i < 2000; i++)
            ;
    }
}

void fatal_exception(uint32_t vector, uint32_t lr)
{
    uint32_t dfsr, dfar;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
    puts_("cell: exception ");
    putdec((int32_t)vector);
    puts_(" lr=");
    puthex(lr);
    puts_(" dfsr=");
    puthex(dfsr);
    puts_(" dfar=");
    puthex(dfar);
    putc_('\n');
    idle();
}

static uint32_t gicd(void) { return (uint32_t)COMM->gicd_base; }
static uint32_t gicc(void) { return (uint32_t)COMM->gicc_base; }

static void gic_cpu_init(void)
{
    REG32(gicc() + GICC_PMR) = 0xf0;
    REG32(gicc() + GICC_CTLR) = 1;
}

void irq_handler(void)
{
    uint32_t iar = REG32(gicc() + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == 1023)
        return;
    if (id < 64)
        irq_counts[id]++;
    if (id != 27 && (id < 2 || id > 9)) {
        other_irqs++;
        other_irq_id = id;
    }
    if (id == 27)
        write_cntv_tval(timer_period);
    REG32(gicc() + GICC_EOIR) = iar;
}

/* Ticks are counted in the parameter block's last word (for the host to
 * see); console = 1 keeps them off the console. */
static void mode_ticker(uint32_t n)
{
    for (uint32_t t = 1; n == 0 || t <= n; t++) {
        for (volatile uint32_t i = 0; i < 50000; i++)
            if ((i & 0xff) == 0)
                check_shutdown();
        inmate_params.reserved = t;
        if (inmate_params.console == 1)
            continue;
        puts_("cell: tick ");
        putdec((int32_t)t);
        putc_('\n');
    }
}

static void mode_timer(uint32_t n, uint32_t foreign)
{
    gic_cpu_init();
    REG32(gicd() + GICD_IPRIORITYR + 24) = 0xa0a0a0a0;
    REG32(gicd() + GICD_ISENABLER) = 1u << 27;
    uint32_t word = foreign / 32, bit = 1u << (foreign % 32);
    REG32(gicd() + GICD_ISENABLER + 4 * word) = bit;
    uint32_t seen = REG32(gicd() + GICD_ISENABLER + 4 * word) & bit;
    REG32(gicd() + GICD_ISPENDR + 4 * word) = bit;
    puts_("cell: foreign irq ");
    putdec((int32_t)foreign);
    puts_(seen ? " enabled\n" : " not enabled\n");
    puts_("cell: ppi 27 enabled: ");
    putdec((REG32(gicd() + GICD_ISENABLER) >> 27) & 1);
    putc_('\n');
    timer_period = read_cntfrq() / 1000;
    write_cntv_tval(timer_period);
    write_cntv_ctl(1);
    irq_enable();
    while (irq_counts[27] < n) {
        wfi();
        check_shutdown();
    }
    irq_disable();
    write_cntv_ctl(0);
    puts_("cell: timer irqs ");
    putdec((int32_t)irq_counts[27]);
    puts_(", other irqs ");
    putdec((int32_t)other_irqs);
    putc_('\n');
}

static void mode_sgi(uint32_t targets)
{
    gic_cpu_init();
    irq_enable();
    REG32(gicd() + GICD_SGIR) = (targets << 16) | 5;
    REG32(gicd() + GICD_SGIR) = (2u << 24) | 6;
    for (volatile int i = 0; i < 1000 && irq_counts[6] == 0; i++)
        ;
    puts_("cell: sgi 6 to itself received ");
    putdec((int32_t)irq_counts[6]);
    puts_(", sgi 5 received ");
    putdec((int32_t)irq_counts[5]);
    putc_('\n');
}

static void report(const char *what, int32_t r)
{
    puts_("cell: ");
    puts_(what);
    puts_(" = ");
    putdec(r);
    putc_('\n');
}

static void mode_psci(void)
{
    report("PSCI_VERSION", smc(PSCI_VERSION, 0, 0, 0));
    report("AFFINITY_INFO(1)", smc(PSCI_AFFINITY_INFO, 1, 0, 0));
    int32_t r = smc(PSCI_CPU_ON, 1, (uint32_t)secondary_start, 0);
    while (!secondary_up)
        ;
    report("CPU_ON(1)", r);
    /* An SGI to the other CPU of the cell, at its GIC target bit (read by itself from ITARGETSR0). */
    REG32(gicd() + GICD_SGIR) = (secondary_mask << 16) | 3;
    for (volatile int i = 0; i < 100000 && irq_counts[3] == 0; i++)
        ;
    report("SGI 3 to CPU 1 received", (int32_t)irq_counts[3]);
    report("CPU_ON(1) again", smc(PSCI_CPU_ON, 1, (uint32_t)secondary_start, 0));
    report("CPU_ON(2)", smc(PSCI_CPU_ON, 2, (uint32_t)secondary_start, 0));
    report("AFFINITY_INFO(2)", smc(PSCI_AFFINITY_INFO, 2, 0, 0));
    secondary_up = 2;
    while (smc(PSCI_AFFINITY_INFO, 1, 0, 0) != 1)
        ;
    report("AFFINITY_INFO(1) after CPU_OFF", 1);
    report("SYSTEM_OFF", smc(PSCI_SYSTEM_OFF, 0, 0, 0));
}

void secondary_main(void)
{
    puts_("cell: CPU ");
    putdec((int32_t)(read_mpidr() & 0xff));
    puts_(" up, MPIDR ");
    puthex(read_mpidr());
    putc_('\n');
    gic_cpu_init();
    secondary_mask = REG32(gicd() + GICD_ITARGETSR) & 0xff;
    irq_enable();
    secondary_up = 1;
    while (secondary_up != 2)
        ;
    irq_disable();
    smc(PSCI_CPU_OFF, 0, 0, 0);
    puts_("cell: CPU_OFF returned\n");
    halt();
}

int main(void)
{
    uint32_t select = inmate_params.select;
    puts_("cell: hello from CPU ");
    putdec((int32_t)(read_mpidr() & 0xff));
    puts_(" on " BOARD_NAME ", mode ");
    putdec((int32_t)select);
    puts_(", comm region ");
    puts_(COMM->signature[0] == 'J' ? "JHCOMM" : "missing");
    puts_(" rev ");
    putdec(COMM->revision);
    putc_('\n');
    uint32_t n = inmate_params.iterations, arg = inmate_params.arg;
    switch (select) {
    case 0:
        mode_ticker(n);
        break;
    case 1:
        mode_timer(n ? n : 10, arg ? arg : 33);
        break;
    case 2:
        puts_("cell: reading ");
        puthex(arg);
        putc_('\n');
        {
            uint32_t v = REG32(arg);
            puts_("cell: read ");
            puthex(v);
            putc_('\n');
        }
        break;
    case 3:
        puts_("cell: writing ");
        puthex(arg);
        putc_('\n');
        REG32(arg) = 0x5a;
        puts_("cell: write done\n");
        break;
    case 4:
        mode_sgi(arg);
        break;
    case 5:
        mode_psci();
        break;
    case 6: {
        uint64_t t0 = read_cntvct();
        uint32_t r = compute(n ? n : 4);
        uint32_t dt = (uint32_t)(read_cntvct() - t0);
        puts_("cell: compute = ");
        puthex(r);
        puts_(" in ");
        putdec((int32_t)dt);
        puts_(" ticks\n");
        break;
    }
    case 8:
        report("CELL_CREATE", hvc(HC_CELL_CREATE, 0, 0));
        report("CELL_DESTROY(0)", hvc(HC_CELL_DESTROY, 0, 0));
        report("DISABLE", hvc(HC_DISABLE, 0, 0));
        report("CELL_GET_STATE(0)", hvc(HC_CELL_GET_STATE, 0, 0));
        report("CPU_GET_INFO(0)", hvc(HC_CPU_GET_INFO, 0, 0));
        report("CPU_GET_INFO(own)", hvc(HC_CPU_GET_INFO, arg, 0));
        report("HYPERVISOR_GET_INFO(cells)", hvc(HC_HYPERVISOR_GET_INFO, 4, 0));
        report("unknown hypercall", hvc(99, 0, 0));
        break;
    case 9:
        puts_("cell: not listening\n");
        irq_disable();
        for (;;)
            ;
    case 10:
        gic_cpu_init();
        for (uint32_t id = 2; id <= 9; id++)
            REG32(gicd() + GICD_SGIR) = (2u << 24) | id;
        irq_enable();
        for (volatile int i = 0; i < 5000; i++)
            ;
        irq_disable();
        puts_("cell: sgis received");
        for (uint32_t id = 2; id <= 9; id++) {
            putc_(' ');
            putdec((int32_t)irq_counts[id]);
        }
        putc_('\n');
        break;
    case 11:
        puts_("cell: jumping to ");
        puthex(arg);
        putc_('\n');
        ((void (*)(void))arg)();
        break;
    case 7: {
        uint32_t reg = gicd() + GICD_ITARGETSR + (arg & ~3u);
        uint32_t shift = (arg & 3) * 8;
        puts_("cell: routing irq ");
        putdec((int32_t)arg);
        puts_(" to ");
        puthex(inmate_params.period_us);
        putc_('\n');
        REG32(reg) = (REG32(reg) & ~(0xffu << shift)) | (inmate_params.period_us << shift);
        puts_("cell: routed, targets now ");
        puthex((REG32(reg) >> shift) & 0xff);
        putc_('\n');
        break;
    }
    }
    puts_("cell: done\n");
    idle();
    return 0;
}
