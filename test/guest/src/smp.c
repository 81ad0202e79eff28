/* smp: two cores (QEMU -smp 2). Core 0 starts core 1 with PSCI CPU_ON
 * (through SMC); core 1 enters secondary_entry in the boot mode (Hyp on
 * QEMU with virtualization=on), drops to SVC like core 0 and runs
 * secondary_main with its stack from the context ID. Both cores then take an
 * LDREX/STREX spinlock (waiting in WFE, released with a store, DSB and SEV)
 * 500,000 times each to increment a shared counter and their own count, and
 * also add to a second counter with a lock-free LDREX/STREX loop. Core 0
 * waits (WFE) for core 1's "done" flag, prints the sums, and polls PSCI
 * AFFINITY_INFO until core 1, which called CPU_OFF, is off. Only core 0
 * prints. */
#include <stdio.h>

#include "common.h"
#include "sys.h"

#define ITERATIONS 500000u

static volatile uint32_t lock;              /* 0 free, 1 taken */
static volatile uint32_t counter;           /* under the lock */
static volatile uint32_t atomic_counter;    /* LDREX/STREX add */
static volatile uint32_t core_count[2];

static volatile uint32_t core1_started, core1_done;
static volatile uint32_t core1_cpsr_entry, core1_cpsr_main, core1_mpidr, core1_sp;

static uint8_t core1_stack[8192] __attribute__((aligned(16)));

static inline void spin_lock(volatile uint32_t *l)
{
    uint32_t tmp;
    __asm__ volatile(
        "1: ldrex   %0, [%1]\n"
        "   teq     %0, #0\n"
        "   wfene\n"
        "   strexeq %0, %2, [%1]\n"
        "   teqeq   %0, #0\n"
        "   bne     1b\n"
        "   dmb\n"
        : "=&r"(tmp) : "r"(l), "r"(1u) : "cc", "memory");
}

static inline void spin_unlock(volatile uint32_t *l)
{
    __asm__ volatile(
        "   dmb\n"
        "   str     %1, [%0]\n"
        "   dsb\n"
        "   sev\n"
        :: "r"(l), "r"(0u) : "memory");
}

static inline void atomic_add(volatile uint32_t *p, uint32_t v)
{
    uint32_t tmp, fail;
    __asm__ volatile(
        "1: ldrex   %0, [%2]\n"
        "   add     %0, %0, %3\n"
        "   strex   %1, %0, [%2]\n"
        "   teq     %1, #0\n"
        "   bne     1b\n"
        : "=&r"(tmp), "=&r"(fail) : "r"(p), "r"(v) : "cc", "memory");
}

static void work(unsigned core)
{
    for (uint32_t i = 0; i < ITERATIONS; i++) {
        spin_lock(&lock);
        counter = counter + 1;
        core_count[core] = core_count[core] + 1;
        spin_unlock(&lock);
        atomic_add(&atomic_counter, 1);
    }
}

/* Core 1, in SVC mode on its own stack (sysstart.S). */
void secondary_main(uint32_t entry_cpsr_1, uint32_t mpidr)
{
    uint32_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    core1_cpsr_entry = entry_cpsr_1;
    core1_cpsr_main = read_cpsr();
    core1_mpidr = mpidr;
    core1_sp = sp;
    dmb();
    core1_started = 1;
    dsb();
    sev();

    work(1);

    dmb();
    core1_done = 1;
    dsb();
    sev();
    psci_smc(PSCI_CPU_OFF, 0, 0, 0);
    for (;;)
        wfi();
}

static const char *mode(uint32_t cpsr)
{
    switch (cpsr & 0x1f) {
    case MODE_SVC: return "svc";
    case MODE_HYP: return "hyp";
    default: return "other";
    }
}

int main(void)
{
    uint32_t stack_top = (uint32_t)(core1_stack + sizeof core1_stack);
    printf("smp: core 0 MPIDR=%08lx, entered in %s mode, running in %s mode\n", (unsigned long)read_mpidr(),
           mode(entry_cpsr), mode(read_cpsr()));
    printf("PSCI_AFFINITY_INFO(core 1) before CPU_ON = %ld (1 = off)\n",
           (long)psci_smc(PSCI_AFFINITY_INFO, 1, 0, 0));
    int32_t r = psci_smc(PSCI_CPU_ON, 1, (uint32_t)secondary_entry, stack_top);
    printf("PSCI_CPU_ON(core 1, secondary_entry, context id = stack top) = %ld\n", (long)r);
    if (r != 0)
        return 1;
    while (!core1_started)
        wfe();
    dmb();
    printf("core 1 started: MPIDR=%08lx, entered in %s mode, running in %s mode, sp %s\n",
           (unsigned long)core1_mpidr, mode(core1_cpsr_entry), mode(core1_cpsr_main),
           core1_sp < stack_top && stack_top - core1_sp < 256 ? "just below the context id (stack top)"
                                                                : "elsewhere (wrong)");

    work(0);

    while (!core1_done)
        wfe();
    dmb();
    printf("core 0 count: %lu\n", (unsigned long)core_count[0]);
    printf("core 1 count: %lu\n", (unsigned long)core_count[1]);
    printf("shared counter (spinlock): %lu\n", (unsigned long)counter);
    printf("atomic counter (LDREX/STREX add): %lu\n", (unsigned long)atomic_counter);
    printf("lock is %s\n", lock ? "taken" : "free");

    int32_t state = 0;
    for (uint32_t tries = 0; tries < 10000000u; tries++) {
        state = psci_smc(PSCI_AFFINITY_INFO, 1, 0, 0);
        if (state == 1)
            break;
    }
    printf("PSCI_AFFINITY_INFO(core 1) after CPU_OFF = %ld (1 = off)\n", (long)state);
    int ok = counter == 2 * ITERATIONS && atomic_counter == 2 * ITERATIONS &&
             core_count[0] == ITERATIONS && core_count[1] == ITERATIONS && state == 1;
    printf("smp: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
