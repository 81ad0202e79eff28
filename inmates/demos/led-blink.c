/* led-blink: toggles the Banana Pi's green LED (PH24, A20 PIO) every 500 ms,
 * timed by the virtual timer's interrupt; boards without the LED print the
 * toggles instead. Stops after `iterations` toggles (native default 10; a
 * cell blinks until it is shut down). period_us changes the half period. */
#include "inmate.h"

#define PIO_PORT_STRIDE 0x24
#define PIO_CFG(port, pin)  (BOARD_PIO_BASE + (port) * PIO_PORT_STRIDE + ((pin) / 8) * 4)
#define PIO_DAT(port)       (BOARD_PIO_BASE + (port) * PIO_PORT_STRIDE + 0x10)
#define PIO_FUNC_OUTPUT     1

static uint64_t start, deadline, period;
static uint32_t toggles, limit;
static volatile bool done;

static void led_setup(void)
{
#if BOARD_HAS_LED
    uintptr_t cfg = PIO_CFG(BOARD_LED_PORT, BOARD_LED_PIN);
    unsigned int shift = (BOARD_LED_PIN % 8) * 4;
    mmio_write32(cfg, (mmio_read32(cfg) & ~(7u << shift)) | (PIO_FUNC_OUTPUT << shift));
#endif
}

static void led_set(bool on)
{
#if BOARD_HAS_LED
    uintptr_t dat = PIO_DAT(BOARD_LED_PORT);
    uint32_t v = mmio_read32(dat);
    mmio_write32(dat, on ? v | (1u << BOARD_LED_PIN) : v & ~(1u << BOARD_LED_PIN));
#else
    (void)on;
#endif
}

static void on_irq(unsigned int irq)
{
    bool on;

    if (irq != TIMER_IRQ_VIRT)
        return;
    toggles++;
    on = toggles & 1;
    led_set(on);
    /* The scheduled time, not the time of the interrupt: the same on every run. */
    printk("led-blink: %s at %llu ms\n", on ? "on " : "off",
           (unsigned long long)(timer_ticks_to_ns(deadline - start) / 1000000));
    if (limit && toggles >= limit) {
        timer_stop(TIMER_VIRT);
        done = true;
        return;
    }
    deadline += period;
    timer_set_deadline(TIMER_VIRT, deadline);
}

void inmate_main(void)
{
    uint32_t half_us = param_or(inmate_params.period_us, 500000);

    limit = inmate_iterations(10);
    printk("led-blink: %s, toggling every %u ms%s\n",
           BOARD_HAS_LED ? "green LED on PH24" : "no LED on this board, printing the toggles",
           (unsigned int)(half_us / 1000), limit ? "" : ", until shut down");
    led_setup();
    led_set(false);

    gic_init();
    irq_set_handler(on_irq);
    gic_enable_irq(TIMER_IRQ_VIRT);
    period = timer_us_to_ticks(half_us);
    start = timer_count(TIMER_VIRT);
    deadline = start + period;
    timer_set_deadline(TIMER_VIRT, deadline);

    wait_until_done(&done);
    led_set(false);
    printk("led-blink: done after %u toggles\n", (unsigned int)toggles);
}
