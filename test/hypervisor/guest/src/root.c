/* The root-cell program: what Linux is to Jailhouse, reduced to what the
 * tests need. The boot CPU prints a tick line now and then and carries out
 * commands the test host leaves in a mailbox in its RAM (PSCI calls,
 * hypercalls, GIC set-up, SGIs, memory accesses, the CPU-bound kernel);
 * CPUs started with PSCI CPU_ON report and count, and can be switched off
 * again through the mailbox. Interrupts are counted by ID. */
#include "board.h"
#include "hv.h"

#define MAILBOX_ADDR    0x40f00000u
#define TICK_LOOPS      100000u

enum {
    CMD_NONE, CMD_CPU_ON, CMD_AFFINITY, CMD_HVC, CMD_GIC_INIT, CMD_SGI, CMD_EXIT, CMD_COMPUTE,
    CMD_READ, CMD_WRITE, CMD_QUIET, CMD_SMC, CMD_SPI_ENABLE,
};

struct mailbox {
    volatile uint32_t cmd, a1, a2, a3;
    volatile uint32_t result, result2, done, ticks;
    volatile uint32_t quiet;
    volatile uint32_t cpu_off_req[4];
    volatile uint32_t alive[4];
    volatile uint32_t irq_count[32];
    volatile uint32_t spi_count;
    volatile uint32_t last_spi;
};

#define mb ((struct mailbox *)MAILBOX_ADDR)

void secondary_entry(void);
int main(uint32_t entry_cpsr);
void secondary_main(uint32_t entry_cpsr);
void fatal_exception(uint32_t vector, uint32_t lr, uint32_t spsr);
void hyp_fatal(uint32_t elr, uint32_t hsr);
void irq_handler(void);

void putc_(char c)
{
#ifdef BOARD_BPI
    while (!(REG32(UART0_BASE + 0x14) & 0x20))
        ;
    REG32(UART0_BASE) = (uint8_t)c;
#else
    while (REG32(UART0_BASE + 0x18) & 0x20)
        ;
    REG32(UART0_BASE) = (uint8_t)c;
#endif
}

static void sh_exit(uint32_t code)
{
    uint32_t block[2] = { 0x20026, code };
    register uint32_t r0 __asm__("r0") = 0x20;          /* SYS_EXIT_EXTENDED */
    register uint32_t *r1 __asm__("r1") = block;
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
    for (;;)
        wfi();
}

static const char *mode_name(uint32_t cpsr)
{
    switch (cpsr & 0x1f) {
    case 0x13: return "svc";
    case 0x1a: return "hyp";
    default: return "other";
    }
}

void fatal_exception(uint32_t vector, uint32_t lr, uint32_t spsr)
{
    puts_("root: exception ");
    putdec((int32_t)vector);
    puts_(" lr=");
    puthex(lr);
    puts_(" spsr=");
    puthex(spsr);
    if (vector == 4) {
        uint32_t dfsr, dfar;
        __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
        __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
        puts_(" dfsr=");
        puthex(dfsr);
        puts_(" dfar=");
        puthex(dfar);
    }
    putc_('\n');
    sh_exit(100 + vector);
}

void hyp_fatal(uint32_t elr, uint32_t hsr)
{
    puts_("root: unexpected trap to the hyp stub, hsr=");
    puthex(hsr);
    puts_(" elr=");
    puthex(elr);
    putc_('\n');
    sh_exit(99);
}

void irq_handler(void)
{
    uint32_t iar = REG32(GICC_BASE + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == 1023)
        return;
    if (id < 32) {
        mb->irq_count[id]++;
    } else {
        /* One-shot: the source stays asserted, so the SPI is disabled again. */
        REG32(GICD_BASE + GICD_ICENABLER + 4 * (id / 32)) = 1u << (id % 32);
        mb->spi_count++;
        mb->last_spi = id;
    }
    REG32(GICC_BASE + GICC_EOIR) = iar;
}

static void gic_init(void)
{
    REG32(GICD_BASE + GICD_CTLR) = 1;
    REG32(GICC_BASE + GICC_PMR) = 0xf0;
    REG32(GICC_BASE + GICC_CTLR) = 1;
    irq_enable();
}

static void report(const char *what, int32_t r)
{
    puts_("root: ");
    puts_(what);
    puts_(" = ");
    putdec(r);
    putc_('\n');
}

static void command(uint32_t cmd)
{
    uint32_t a1 = mb->a1, a2 = mb->a2, a3 = mb->a3;
    int32_t r = 0;
    switch (cmd) {
    case CMD_CPU_ON:
        r = smc(PSCI_CPU_ON, a1, (uint32_t)secondary_entry, 0);
        report("CPU_ON", r);
        break;
    case CMD_AFFINITY:
        r = smc(PSCI_AFFINITY_INFO, a1, 0, 0);
        report("AFFINITY_INFO", r);
        break;
    case CMD_HVC:
        r = hvc(a1, a2, a3);
        puts_("root: hypercall ");
        putdec((int32_t)a1);
        puts_(" -> ");
        putdec(r);
        putc_('\n');
        break;
    case CMD_GIC_INIT:
        gic_init();
        puts_("root: GIC initialised\n");
        break;
    case CMD_SGI:
        REG32(GICD_BASE + GICD_SGIR) = a1;
        break;
    case CMD_EXIT:
        puts_("root: exit\n");
        sh_exit(a1);
        break;
    case CMD_COMPUTE: {
        uint64_t t0 = read_cntvct();
        r = (int32_t)compute(a1);
        mb->result2 = (uint32_t)(read_cntvct() - t0);
        puts_("root: compute = ");
        puthex((uint32_t)r);
        putc_('\n');
        break;
    }
    case CMD_READ:
        r = (int32_t)REG32(a1);
        break;
    case CMD_WRITE:
        REG32(a1) = a2;
        break;
    case CMD_QUIET:
        mb->quiet = a1;
        break;
    case CMD_SMC:
        r = smc(a1, a2, a3, 0);
        report("SMC", r);
        break;
    case CMD_SPI_ENABLE: {
        volatile uint8_t *target = (volatile uint8_t *)(GICD_BASE + GICD_ITARGETSR + a1);
        volatile uint8_t *prio = (volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR + a1);
        *prio = 0xa0;
        *target = (uint8_t)(1u << (read_mpidr() & 3));
        REG32(GICD_BASE + GICD_ISENABLER + 4 * (a1 / 32)) = 1u << (a1 % 32);
        r = (int32_t)*target;
        break;
    }
    }
    mb->result = (uint32_t)r;
    mb->cmd = CMD_NONE;
    mb->done++;
}

int main(uint32_t entry_cpsr)
{
    puts_("root: hello on " BOARD_NAME ", entered in ");
    puts_(mode_name(entry_cpsr));
    puts_(", running in ");
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    puts_(mode_name(cpsr));
    putc_('\n');
    for (;;) {
        for (uint32_t i = 0; i < TICK_LOOPS; i++) {
            uint32_t cmd = mb->cmd;
            if (cmd != CMD_NONE)
                command(cmd);
        }
        mb->ticks++;
        if (!mb->quiet) {
            puts_("root: tick ");
            putdec((int32_t)mb->ticks);
            putc_('\n');
        }
    }
}

void secondary_main(uint32_t entry_cpsr)
{
    uint32_t cpu = read_mpidr() & 3;
    mb->cpu_off_req[cpu] = 0;
    if (!mb->quiet) {
        puts_("root: CPU ");
        putdec((int32_t)cpu);
        puts_(" up, entered in ");
        puts_(mode_name(entry_cpsr));
        putc_('\n');
    }
    for (;;) {
        mb->alive[cpu]++;
        if (mb->cpu_off_req[cpu]) {
            mb->cpu_off_req[cpu] = 0;
            smc(PSCI_CPU_OFF, 0, 0, 0);
        }
        for (volatile uint32_t i = 0; i < 1000; i++)
            ;
    }
}
