/* timer: the generic timer's virtual timer (PPI 27) and non-secure physical
 * timer (PPI 30) through the GICv2 of the QEMU virt board (distributor at
 * 0x08000000, CPU interface at 0x08010000), both ticking at 1 kHz (CNTFRQ /
 * 1000) for 100 ms of counter time. The IRQ handler acknowledges through
 * GICC_IAR, counts, moves the timer's compare value on by one period and
 * writes GICC_EOIR; a timer whose next compare value would lie beyond the
 * 100 ms mark is switched off instead. Between interrupts the CPU waits in
 * WFI. The loop ends when the counter has passed the 100 ms mark and both
 * timers are off, having been served for every period up to it: 100
 * interrupts each, also when the interrupts come late (a compare value
 * already in the past fires at once). */
#include <stdio.h>

#include "common.h"
#include "sys.h"

#define GICD 0x08000000u
#define GICC 0x08010000u

#define GICD_CTLR        (GICD + 0x000)
#define GICD_TYPER       (GICD + 0x004)
#define GICD_ISENABLER0  (GICD + 0x100)
#define GICD_ICENABLER0  (GICD + 0x180)
#define GICD_ICPENDR0    (GICD + 0x280)
#define GICD_IPRIORITYR  (GICD + 0x400)
#define GICC_CTLR        (GICC + 0x00)
#define GICC_PMR         (GICC + 0x04)
#define GICC_BPR         (GICC + 0x08)
#define GICC_IAR         (GICC + 0x0c)
#define GICC_EOIR        (GICC + 0x10)

#define PPI_HYP_TIMER  26
#define PPI_VIRT_TIMER 27
#define PPI_PHYS_TIMER 30
#define SPURIOUS       1023

#define TICKS     100
#define CTL_ENABLE 1u

static uint64_t period, deadline_v, deadline_p;
static volatile uint64_t next_v, next_p;
static volatile uint32_t count_v, count_p, count_other, last_other;

void irq_handler(void)
{
    uint32_t iar = mmio_read(GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == PPI_VIRT_TIMER) {
        count_v++;
        next_v += period;
        if (next_v > deadline_v)
            write_cntv_ctl(0);
        else
            write_cntv_cval(next_v);
    } else if (id == PPI_PHYS_TIMER) {
        count_p++;
        next_p += period;
        if (next_p > deadline_p)
            write_cntp_ctl(0);
        else
            write_cntp_cval(next_p);
    } else {
        count_other++;
        last_other = iar;
    }
    isb();
    if (id != SPURIOUS)
        mmio_write(GICC_EOIR, iar);
}

static void set_priority(uint32_t irq, uint8_t prio)
{
    *(volatile uint8_t *)(GICD_IPRIORITYR + irq) = prio;
}

int main(void)
{
    uint32_t frq = read_cntfrq();
    period = frq / 1000;
    uint32_t typer = mmio_read(GICD_TYPER);
    printf("timer: CNTFRQ=%lu Hz, period %lu ticks (1 kHz), run %u periods (100 ms)\n", (unsigned long)frq,
           (unsigned long)period, TICKS);
    printf("GICD_TYPER=%08lx: %lu interrupt lines, %lu CPU interface(s), security extensions %lu\n",
           (unsigned long)typer, (unsigned long)((typer & 0x1f) + 1) * 32, (unsigned long)((typer >> 5) & 7) + 1,
           (unsigned long)(typer >> 10) & 1);

    /* Distributor and CPU interface. */
    mmio_write(GICD_CTLR, 0);
    mmio_write(GICD_ICENABLER0, 0xffffffffu);
    mmio_write(GICD_ICPENDR0, 0xffffffffu);
    set_priority(PPI_VIRT_TIMER, 0xa0);
    set_priority(PPI_PHYS_TIMER, 0xa0);
    mmio_write(GICD_ISENABLER0, (1u << PPI_VIRT_TIMER) | (1u << PPI_PHYS_TIMER));
    mmio_write(GICD_CTLR, 1);
    mmio_write(GICC_PMR, 0xf0);
    mmio_write(GICC_BPR, 0);
    mmio_write(GICC_CTLR, 1);
    /* Bits 15:0 (SGIs) may be RAO/WI (QEMU) or writable: left out. */
    printf("GICD_ISENABLER0[31:16]=%04lx\n", (unsigned long)mmio_read(GICD_ISENABLER0) >> 16);

    /* Both timers: first compare value one period from now. */
    uint64_t start_v = read_cntvct(), start_p = read_cntpct();
    deadline_v = start_v + TICKS * period;
    deadline_p = start_p + TICKS * period;
    next_v = start_v + period;
    next_p = start_p + period;
    write_cntv_cval(next_v);
    write_cntp_cval(next_p);
    write_cntv_ctl(CTL_ENABLE);
    write_cntp_ctl(CTL_ENABLE);
    isb();

    /* Wait with IRQs masked around the check so that no interrupt slips in
     * between the check and the WFI; unmasking takes the pending IRQ. */
    for (;;) {
        irq_disable();
        if (next_v > deadline_v && next_p > deadline_p && read_cntvct() >= deadline_v)
            break;      /* both timers are off */
        wfi();
        irq_enable();
        isb();
    }
    write_cntv_ctl(0);
    write_cntp_ctl(0);
    isb();
    uint64_t end_v = read_cntvct(), end_p = read_cntpct();

    printf("virtual timer (PPI %d): %lu interrupts\n", PPI_VIRT_TIMER, (unsigned long)count_v);
    printf("physical timer (PPI %d): %lu interrupts\n", PPI_PHYS_TIMER, (unsigned long)count_p);
    printf("other interrupts: %lu\n", (unsigned long)count_other);
    if (count_other)
        printf("  last other GICC_IAR: %08lx\n", (unsigned long)last_other);
    printf("counter time elapsed >= 100 ms: virtual %s, physical %s\n", end_v - start_v >= TICKS * period ? "yes" : "no",
           end_p - start_p >= TICKS * period ? "yes" : "no");
    printf("timer: %s\n", count_v == TICKS && count_p == TICKS && !count_other ? "ok" : "FAILED");
    return count_v == TICKS && count_p == TICKS && !count_other ? 0 : 1;
}
