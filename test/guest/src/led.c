/* led (Banana Pi, Allwinner A20): blinks the green LED on PH24 five times,
 * 500 ms on and 500 ms off, timed with the generic timer (CNTFRQ, 24 MHz on
 * the A20). Each wait programs the virtual timer's compare value and sleeps
 * in WFI with IRQs masked: the timer's PPI 27, enabled in the GIC
 * (distributor 0x01c81000, CPU interface 0x01c82000), wakes the core without
 * being taken. Output on UART0 (8250, 0x01c28000); exit through
 * semihosting. Does not run on QEMU (no A20 board there). */
#include <stdio.h>

#include "common.h"
#include "sys.h"

#define PIO_BASE   0x01c20800u
#define PORT_H     7
#define PH_CFG3    (PIO_BASE + PORT_H * 0x24 + 0x0c)   /* pins 24..31 */
#define PH_DAT     (PIO_BASE + PORT_H * 0x24 + 0x10)
#define LED_PIN    24

#define GICD 0x01c81000u
#define GICC 0x01c82000u
#define GICD_CTLR        (GICD + 0x000)
#define GICD_ISENABLER0  (GICD + 0x100)
#define GICD_IPRIORITYR  (GICD + 0x400)
#define GICC_CTLR        (GICC + 0x00)
#define GICC_PMR         (GICC + 0x04)
#define PPI_VIRT_TIMER   27

#define BLINKS 5

static void led(int on)
{
    uint32_t dat = mmio_read(PH_DAT);
    mmio_write(PH_DAT, on ? dat | (1u << LED_PIN) : dat & ~(1u << LED_PIN));
}

/* Sleep until the virtual count reaches deadline. */
static void sleep_until(uint64_t deadline)
{
    write_cntv_cval(deadline);
    write_cntv_ctl(1);                  /* ENABLE, interrupt not masked */
    isb();
    while (read_cntvct() < deadline)
        wfi();
    write_cntv_ctl(0);                  /* the timer's interrupt goes away */
    isb();
}

int main(void)
{
    uint32_t frq = read_cntfrq();
    uint64_t half = frq / 2;
    printf("led: Banana Pi green LED on PH24, CNTFRQ=%lu Hz, %u blinks of 500 ms on, 500 ms off\n",
           (unsigned long)frq, BLINKS);

    /* The timer wakes WFI through the GIC; IRQs stay masked in the CPSR. */
    mmio_write(GICD_CTLR, 1);
    *(volatile uint8_t *)(GICD_IPRIORITYR + PPI_VIRT_TIMER) = 0xa0;
    mmio_write(GICD_ISENABLER0, 1u << PPI_VIRT_TIMER);
    mmio_write(GICC_PMR, 0xf0);
    mmio_write(GICC_CTLR, 1);

    /* PH24: function 1 (output), LED off. */
    led(0);
    uint32_t cfg = mmio_read(PH_CFG3);
    mmio_write(PH_CFG3, (cfg & ~7u) | 1u);

    uint64_t t = read_cntvct();
    for (int i = 0; i < BLINKS; i++) {
        led(1);
        printf("LED on\n");
        t += half;
        sleep_until(t);
        led(0);
        printf("LED off\n");
        t += half;
        sleep_until(t);
    }
    printf("led: done\n");
    return 0;
}
