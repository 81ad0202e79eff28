/* timer-latency: how late a periodic timer interrupt arrives, in the manner
 * of Jailhouse's gic-demo. The timer fires every period (default 100 ms);
 * the IRQ handler reads the counter and compares it with the programmed
 * compare value. Printed once per period: the current, minimum and maximum
 * latency in ns. Histogram mode (select = N, or build with
 * -DLATENCY_HISTOGRAM=N): no per-period lines, a histogram after every N
 * samples. arg = 1 uses the physical timer (PPI 30) instead of the virtual
 * one (PPI 27). Stops after `iterations` samples (native default 10). */
#include "inmate.h"

#ifndef LATENCY_HISTOGRAM
#define LATENCY_HISTOGRAM 0
#endif

/* Bucket i counts latencies below 250 ns << i; the last one all others. */
#define BUCKETS 14

static enum timer_kind kind;
static uint64_t period, deadline;
static uint64_t min_ns = ~0ull, max_ns, sum_ns;
static uint32_t samples, limit, hist_every;
static uint32_t hist[BUCKETS];
static volatile bool done;

static void print_histogram(void)
{
    printk("timer-latency: histogram of %u samples (min %llu ns, avg %llu ns, max %llu ns)\n",
           (unsigned int)samples, min_ns, sum_ns / samples, max_ns);
    for (unsigned int i = 0; i < BUCKETS; i++) {
        if (!hist[i])
            continue;
        if (i < BUCKETS - 1)
            printk("  < %8u ns: %u\n", 250u << i, (unsigned int)hist[i]);
        else
            printk("  >=%8u ns: %u\n", 250u << (BUCKETS - 2), (unsigned int)hist[i]);
    }
}

static void on_irq(unsigned int irq)
{
    uint64_t now, ns;
    unsigned int b;

    if (irq != timer_irq(kind))
        return;
    now = timer_count(kind);
    ns = timer_ticks_to_ns(now - deadline);
    samples++;
    sum_ns += ns;
    if (ns < min_ns) min_ns = ns;
    if (ns > max_ns) max_ns = ns;
    for (b = 0; b < BUCKETS - 1 && ns >= (250ull << b); b++)
        ;
    hist[b]++;

    if (!hist_every)
        printk("timer-latency: %6llu ns   min %6llu ns   max %6llu ns\n", ns, min_ns, max_ns);
    else if (samples % hist_every == 0)
        print_histogram();

    if (limit && samples >= limit) {
        timer_stop(kind);
        done = true;
        return;
    }
    /* Next compare value one period after the last one: no drift. */
    deadline += period;
    timer_set_deadline(kind, deadline);
}

void inmate_main(void)
{
    uint32_t period_us = param_or(inmate_params.period_us, 100000);

    kind = inmate_params.arg == 1 ? TIMER_PHYS : TIMER_VIRT;
    hist_every = param_or(inmate_params.select, LATENCY_HISTOGRAM);
    limit = inmate_iterations(10);
    printk("timer-latency: %s timer (IRQ %u), period %u us, counter %u Hz, %s\n",
           kind == TIMER_VIRT ? "virtual" : "physical", timer_irq(kind), (unsigned int)period_us,
           (unsigned int)timer_freq(), hist_every ? "histogram mode" : "every period");

    gic_init();
    irq_set_handler(on_irq);
    gic_enable_irq(timer_irq(kind));
    period = timer_us_to_ticks(period_us);
    deadline = timer_count(kind) + period;
    timer_set_deadline(kind, deadline);

    wait_until_done(&done);
    printk("timer-latency: %u samples, min %llu ns, avg %llu ns, max %llu ns\n",
           (unsigned int)samples, samples ? min_ns : 0, samples ? sum_ns / samples : 0, max_ns);
}
