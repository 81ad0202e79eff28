/* ARM generic timer helpers (CP15 interface): the virtual timer (PPI 27)
 * and the non-secure physical timer (PPI 30). */
#include "inmate.h"

#define CNT_CTL_ENABLE  1u
#define CNT_CTL_IMASK   2u

uint32_t timer_freq(void) { return CP15_READ(0, c14, c0, 0); }      /* CNTFRQ */

uint64_t timer_count(enum timer_kind k)
{
    isb();      /* do not read the counter ahead of earlier instructions */
    return k == TIMER_VIRT ? CP15_READ64(1, c14) : CP15_READ64(0, c14);
}

void timer_set_deadline(enum timer_kind k, uint64_t cval)
{
    if (k == TIMER_VIRT) {
        CP15_WRITE64(3, c14, cval);                 /* CNTV_CVAL */
        CP15_WRITE(0, c14, c3, 1, CNT_CTL_ENABLE);  /* CNTV_CTL */
    } else {
        CP15_WRITE64(2, c14, cval);                 /* CNTP_CVAL */
        CP15_WRITE(0, c14, c2, 1, CNT_CTL_ENABLE);  /* CNTP_CTL */
    }
    isb();
}

void timer_stop(enum timer_kind k)
{
    if (k == TIMER_VIRT)
        CP15_WRITE(0, c14, c3, 1, 0);
    else
        CP15_WRITE(0, c14, c2, 1, 0);
    isb();
}

unsigned int timer_irq(enum timer_kind k) { return k == TIMER_VIRT ? TIMER_IRQ_VIRT : TIMER_IRQ_PHYS; }

uint64_t timer_ticks_to_ns(uint64_t ticks)
{
    uint32_t f = timer_freq();
    /* Whole seconds and the rest apart, so that ticks * 1e9 cannot overflow. */
    return (ticks / f) * 1000000000ull + (ticks % f) * 1000000000ull / f;
}

uint64_t timer_us_to_ticks(uint64_t us)
{
    return us * timer_freq() / 1000000u;
}

void delay_us(uint64_t us)
{
    uint64_t end = timer_count(TIMER_VIRT) + timer_us_to_ticks(us);

    /* Spins: WFI would need the timer's interrupt enabled in the GIC. */
    while (timer_count(TIMER_VIRT) < end)
        cpu_relax();
}
