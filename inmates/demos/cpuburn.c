/* cpuburn: a CPU-bound loop that reports how much work it got done per
 * period of counter time (default one second): with the same clock, fewer
 * work units means someone else (a hypervisor, another cell) took the CPU.
 * Polls the comm region between work units, needs no interrupts. Stops after
 * `iterations` reports (native default 3). */
#include "inmate.h"

#define STEPS_PER_UNIT 1000

/* One work unit: xorshift32 steps folded into a checksum. */
static uint32_t work_unit(uint32_t x)
{
    for (int i = 0; i < STEPS_PER_UNIT; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    return x;
}

void inmate_main(void)
{
    uint32_t period_us = param_or(inmate_params.period_us, 1000000);
    uint32_t limit = inmate_iterations(3);
    uint64_t period = timer_us_to_ticks(period_us);
    uint64_t next = timer_count(TIMER_VIRT) + period;
    uint32_t x = 2463534242u, units = 0, reports = 0;

    printk("cpuburn: %u xorshift steps per unit, reporting every %u us of counter time\n",
           STEPS_PER_UNIT, (unsigned int)period_us);
    for (;;) {
        x = work_unit(x);
        units++;
        if (timer_count(TIMER_VIRT) >= next) {
            reports++;
            printk("cpuburn: period %u: %u units (%llu per second), x=0x%08x\n",
                   (unsigned int)reports, (unsigned int)units,
                   (unsigned long long)units * 1000000ull / period_us, (unsigned int)x);
            units = 0;
            next += period;
            if (limit && reports >= limit)
                break;
        }
        if (comm_poll(true) == JAILHOUSE_MSG_SHUTDOWN_REQUEST)
            break;
    }
    printk("cpuburn: done\n");
}
