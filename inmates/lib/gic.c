/* GICv2 helpers. In a cell the distributor accesses are trapped and filtered
 * by the hypervisor and the CPU interface at the GICC address is the GIC's
 * virtual CPU interface; the code is the same. */
#include "inmate.h"

static uintptr_t gicd, gicc;

static void gic_bases(void)
{
    if (!gicd) {
        gicd = gicd_base();
        gicc = gicc_base();
    }
}

void gic_init(void)
{
    gic_bases();
#ifdef NATIVE
    /* In a partitioned system the distributor is enabled by the root cell;
     * without a hypervisor nobody else does it. */
    mmio_write32(gicd + GICD_CTLR, 1);
#endif
    mmio_write32(gicc + GICC_PMR, 0xf0);    /* let priorities 0x00..0xe0 through */
    mmio_write32(gicc + GICC_CTLR, 1);      /* enable signalling (group 1 in the non-secure view) */
}

uint32_t gic_cpu_mask(void)
{
    gic_bases();
    /* GICD_ITARGETSR0..7 (SGIs/PPIs) read as this CPU's own bit. */
    return mmio_read8(gicd + GICD_ITARGETSR);
}

void gic_enable_irq(unsigned int irq)
{
    gic_bases();
    mmio_write8(gicd + GICD_IPRIORITYR + irq, 0xa0);
    if (irq >= 32)
        mmio_write8(gicd + GICD_ITARGETSR + irq, (uint8_t)gic_cpu_mask());
    mmio_write32(gicd + GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

void gic_disable_irq(unsigned int irq)
{
    gic_bases();
    mmio_write32(gicd + GICD_ICENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

bool gic_irq_enabled(unsigned int irq)
{
    gic_bases();
    return (mmio_read32(gicd + GICD_ISENABLER + (irq / 32) * 4) >> (irq % 32)) & 1;
}

uint32_t gic_ack(void) { return mmio_read32(gicc + GICC_IAR); }

void gic_eoi(uint32_t iar) { mmio_write32(gicc + GICC_EOIR, iar); }

void gic_send_sgi(uint32_t target_mask, unsigned int sgi)
{
    gic_bases();
    dsb();
    mmio_write32(gicd + GICD_SGIR, ((target_mask & 0xff) << 16) | (sgi & 0xf));
}

void gic_send_sgi_others(unsigned int sgi)
{
    gic_bases();
    dsb();
    mmio_write32(gicd + GICD_SGIR, (1u << 24) | (sgi & 0xf));  /* target list filter 01: all but self */
}
