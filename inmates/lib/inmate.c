/* Start-up in C, exception dispatch and stopping. */
#include "inmate.h"

static irq_handler_t irq_handler;
switch_hook_t switch_hook;
abort_hook_t data_abort_hook;

static const char *const vector_names[8] = {
    "reset", "undefined instruction", "supervisor call", "prefetch abort",
    "data abort", "unused vector", "IRQ", "FIQ",
};

void irq_set_handler(irq_handler_t handler) { irq_handler = handler; }

uint32_t inmate_iterations(uint32_t native_default)
{
    uint32_t n = inmate_params.iterations;
    if (n == INMATE_FOREVER)
        return 0;
    return n ? n : (INMATE_NATIVE ? native_default : 0);
}

void inmate_start(void) __attribute__((noreturn));
void inmate_start(void)
{
#ifdef NATIVE
    void native_setup(void);
    native_setup();
#endif
    console_init();
    inmate_main();
    inmate_stop();
}

void halt(void)
{
    for (;;) {
        __asm__ volatile("cpsid if" ::: "memory");
        wfi();
    }
}

#ifdef NATIVE
/* PSCI SYSTEM_OFF through SMC (entered in Hyp mode: the firmware's conduit
 * when EL2 exists) or HVC (entered in SVC mode, as QEMU without EL2). */
static void psci_system_off(void)
{
    register uint32_t r0 __asm__("r0") = 0x84000008u;
    if (native_entered_hyp)
        __asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0) :: "r1", "r2", "r3", "memory");
    else
        __asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0) :: "r1", "r2", "r3", "memory");
}
#endif

void inmate_stop(void)
{
    irq_disable();
#ifdef NATIVE
    psci_system_off();
#else
    comm_set_state(JAILHOUSE_CELL_SHUT_DOWN);
#endif
    halt();
}

static void report(struct cpu_frame *f, unsigned int vector, const char *what)
{
    unsigned int i;
    printk("\nFATAL: %s at 0x%08x, CPSR 0x%08x\n", what, (unsigned int)f->pc, (unsigned int)f->cpsr);
    for (i = 0; i < 13; i++)
        printk("r%-2u 0x%08x%s", i, (unsigned int)f->r[i], (i % 4 == 3) ? "\n" : "  ");
    printk("lr  0x%08x\n", (unsigned int)f->lr);
    if (vector == VEC_DABT)
        printk("DFSR 0x%08x DFAR 0x%08x\n", (unsigned int)CP15_READ(0, c5, c0, 0),
               (unsigned int)CP15_READ(0, c6, c0, 0));
    if (vector == VEC_PABT)
        printk("IFSR 0x%08x IFAR 0x%08x\n", (unsigned int)CP15_READ(0, c5, c0, 1),
               (unsigned int)CP15_READ(0, c6, c0, 2));
    inmate_stop();
}

/* Called from the vectors in header.S with the frame of the interrupted code. */
struct cpu_frame *exception_entry(struct cpu_frame *f, unsigned int vector);
struct cpu_frame *exception_entry(struct cpu_frame *f, unsigned int vector)
{
    struct cpu_frame *next;

    switch (vector) {
    case VEC_IRQ:
        for (;;) {
            uint32_t iar = gic_ack();
            unsigned int irq = iar & 0x3ff;
            if (irq >= 1020)
                break;
            if (irq_handler)
                irq_handler(irq);
            gic_eoi(iar);
        }
        break;
    case VEC_SVC:
        break;
    case VEC_DABT:
        if (data_abort_hook && data_abort_hook(f, CP15_READ(0, c5, c0, 0), CP15_READ(0, c6, c0, 0)))
            return f;
        report(f, vector, vector_names[vector]);
        break;
    default:
        report(f, vector, vector_names[vector & 7]);
    }
    next = switch_hook ? switch_hook(f) : NULL;
    return next ? next : f;
}
