/* The demo root program: what Linux is to Jailhouse in the demos, reduced
 * to what shows that the root cell keeps running. CPU 0 prints a heartbeat
 * line on the board's console UART every period of counter time (default
 * one second), timed by the virtual timer's interrupt, and otherwise idles
 * in WFI; the other CPUs are started at boot and idle, so that the
 * hypervisor can take them away for cells. Interrupts other than the
 * timer's are reported: none should reach the root cell from a cell.
 *
 * Parameters (root_params at offset 0x20, the layout of the inmates'
 * struct inmate_params): iterations = heartbeats before PSCI SYSTEM_OFF
 * (0: never), select = 1 to keep the other CPUs off, period_us = the
 * heartbeat period. */
#include "inmate.h"

#if defined(BOARD_BANANAPI)
#define ROOT_UART_BASE  0x01c28000u     /* UART0, 8250 with 32-bit registers 4 bytes apart */
#else
#define ROOT_UART_BASE  0x09000000u     /* PL011 */
#endif

#define MAX_CPUS            8
#define DEFAULT_PERIOD_US   1000000u
#define PSCI_CPU_ON         0x84000003u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_SUCCESS        0

extern volatile struct inmate_params root_params;
void secondary_entry(void);
void root_main(uint32_t entered_hyp) __attribute__((noreturn));
void secondary_main(void) __attribute__((noreturn));
void root_irq(void);
void root_fatal(uint32_t vector, uint32_t lr, uint32_t spsr);
void root_halt(void) __attribute__((noreturn));

static uint32_t use_smc;                /* PSCI conduit: SMC if entered in Hyp mode, else HVC */
static uint64_t period;                 /* heartbeat period in counter ticks */
static uint64_t deadline;               /* the timer's compare value */
static volatile uint32_t due;           /* heartbeats whose time has come (set by the IRQ handler) */
static volatile uint32_t online;        /* bit per CPU that reported */
static volatile uint32_t unexpected_irq = GIC_SPURIOUS;
static volatile uint32_t unexpected_count;

/* ---- console ---------------------------------------------------------------- */

static void uart_tx(char c)
{
#if defined(BOARD_BANANAPI)
    while (!(mmio_read32(ROOT_UART_BASE + (5 << 2)) & 0x20))   /* LSR.THRE */
        cpu_relax();
    mmio_write32(ROOT_UART_BASE, (uint8_t)c);
#else
    while (mmio_read32(ROOT_UART_BASE + 0x18) & 0x20)          /* FR.TXFF */
        cpu_relax();
    mmio_write32(ROOT_UART_BASE, (uint8_t)c);
#endif
}

/* printk's output. */
void console_putc(char c)
{
    if (c == '\n')
        uart_tx('\r');
    uart_tx(c);
}

/* ---- PSCI, GIC, timer ------------------------------------------------------- */

static int32_t psci(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = fn;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    if (use_smc)
        __asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory");
    else
        __asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory");
    return (int32_t)r0;
}

static void gic_setup(void)
{
    mmio_write32(BOARD_GICD_BASE + GICD_CTLR, 1);
    mmio_write8(BOARD_GICD_BASE + GICD_IPRIORITYR + TIMER_IRQ_VIRT, 0xa0);
    mmio_write32(BOARD_GICD_BASE + GICD_ISENABLER, 1u << TIMER_IRQ_VIRT);
    mmio_write32(BOARD_GICC_BASE + GICC_PMR, 0xf0);
    mmio_write32(BOARD_GICC_BASE + GICC_CTLR, 1);
}

static uint64_t cntvct(void)
{
    isb();
    return CP15_READ64(1, c14);
}

static void set_deadline(uint64_t cval)
{
    CP15_WRITE64(3, c14, cval);                 /* CNTV_CVAL */
    CP15_WRITE(0, c14, c3, 1, 1);               /* CNTV_CTL: enabled, not masked */
    isb();
}

/* ---- exceptions -------------------------------------------------------------- */

void root_irq(void)
{
    for (;;) {
        uint32_t iar = mmio_read32(BOARD_GICC_BASE + GICC_IAR);
        uint32_t id = iar & 0x3ff;
        if (id >= 1020)
            break;
        if (id == TIMER_IRQ_VIRT) {
            /* Heartbeat n is due at n periods of counter time. */
            due = (uint32_t)(deadline / period);
            deadline += period;
            set_deadline(deadline);
        } else {
            unexpected_irq = id;
            unexpected_count++;
        }
        mmio_write32(BOARD_GICC_BASE + GICC_EOIR, iar);
    }
}

void root_fatal(uint32_t vector, uint32_t lr, uint32_t spsr)
{
    static const char *const names[8] = {
        "reset", "undefined instruction", "supervisor call", "prefetch abort",
        "data abort", "unused vector", "IRQ", "FIQ",
    };
    printk("root: FATAL: %s, LR 0x%08x, SPSR 0x%08x", names[vector & 7], (unsigned int)lr, (unsigned int)spsr);
    if (vector == 4)
        printk(", DFSR 0x%08x DFAR 0x%08x", (unsigned int)CP15_READ(0, c5, c0, 0), (unsigned int)CP15_READ(0, c6, c0, 0));
    printk("\n");
}

/* ---- CPUs --------------------------------------------------------------------- */

void secondary_main(void)
{
    uint32_t cpu = cpu_mpidr() & 0xff;

    printk("root: CPU %u online\n", (unsigned int)cpu);
    dmb();
    online |= 1u << cpu;
    /* Idle for good: interrupts stay masked, nothing is enabled for this CPU. */
    root_halt();
}

/* Starts CPUs 1, 2, ... until PSCI refuses; returns the number of CPUs. */
static unsigned int start_secondaries(void)
{
    unsigned int n = 1;

    for (uint32_t cpu = 1; cpu < MAX_CPUS; cpu++) {
        if (psci(PSCI_CPU_ON, cpu, (uint32_t)secondary_entry, 0) != PSCI_SUCCESS)
            break;
        while (!(online & (1u << cpu)))
            cpu_relax();
        n++;
    }
    return n;
}

static void heartbeat(uint32_t n)
{
    uint64_t us = (uint64_t)n * param_or(root_params.period_us, DEFAULT_PERIOD_US);

    printk("[%5u.%06u] root: heartbeat %u\n", (unsigned int)(us / 1000000u), (unsigned int)(us % 1000000u),
           (unsigned int)n);
}

void root_main(uint32_t entered_hyp)
{
    uint32_t period_us = param_or(root_params.period_us, DEFAULT_PERIOD_US);
    uint32_t printed, limit = root_params.iterations;
    unsigned int cpus = 1;

    use_smc = entered_hyp;
    online = 1;
    printk("root: demo root cell on %s, entered in %s mode\n", BOARD_NAME, entered_hyp ? "Hyp" : "SVC");
    if (root_params.select != 1)
        cpus = start_secondaries();
    period = timer_us_to_ticks(period_us);
    printk("root: %u CPU(s) online, counter %u Hz, heartbeat every %u us\n", cpus,
           (unsigned int)timer_freq(), (unsigned int)period_us);

    gic_setup();
    deadline = (cntvct() / period + 1) * period;
    printed = (uint32_t)(deadline / period) - 1;
    set_deadline(deadline);

    for (;;) {
        /* Masked while checking, so that no interrupt slips in before WFI (which wakes anyway). */
        irq_disable();
        if (unexpected_count) {
            printk("root: unexpected interrupt %u (%u so far)\n", (unsigned int)unexpected_irq,
                   (unsigned int)unexpected_count);
            unexpected_count = 0;
        }
        while (printed < due) {
            heartbeat(++printed);
            if (limit && printed >= limit) {
                printk("root: %u heartbeats, powering off\n", (unsigned int)printed);
                psci(PSCI_SYSTEM_OFF, 0, 0, 0);
                printk("root: SYSTEM_OFF was refused\n");
                root_halt();
            }
        }
        wfi();
        irq_enable();
    }
}
