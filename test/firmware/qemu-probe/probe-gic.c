/* probe, GICv2 part: distributor, CPU interface, SGIs and priorities,
 * virtual interface, and (with -smp 2) what core 1 sees and sends. */
#include "probe.h"

void distributor(void)
{
    printf("-- distributor\n");
    show("GICD_CTLR", GICD + 0x000);
    show("GICD_TYPER", GICD + 0x004);
    show("GICD_IIDR", GICD + 0x008);
    show("GICD+00c", GICD + 0x00c);
    show("GICD+010", GICD + 0x010);
    show("GICD+040", GICD + 0x040);
    show("GICD_IGROUPR0", GICD + 0x080);
    wr(GICD + 0x080, 0xffffffff);
    show("GICD_IGROUPR0 <- ffffffff", GICD + 0x080);
    wr(GICD + 0x080, 0);
    wr(GICD + 0x084, 0xffffffff);
    show("GICD_IGROUPR1 <- ffffffff", GICD + 0x084);
    wr(GICD + 0x084, 0);
    show("GICD_ISENABLER0", GICD + 0x100);
    show("GICD_ISENABLER1", GICD + 0x104);
    wr(GICD + 0x180, 0xffffffff);
    show("GICD_ISENABLER0 after ICENABLER0 <- ffffffff", GICD + 0x100);
    wr(GICD + 0x100, 0xffffffff);
    show("GICD_ISENABLER0 <- ffffffff", GICD + 0x100);
    wr(GICD + 0x180, 0xffffffff);
    wr(GICD + 0x104, 0xffffffff);
    show("GICD_ISENABLER1 <- ffffffff", GICD + 0x104);
    show("GICD_ICENABLER1", GICD + 0x184);
    wr(GICD + 0x184, 0xffffffff);
    show("GICD_ISENABLER8", GICD + 0x120);
    wr(GICD + 0x120, 0xffffffff);
    show("GICD_ISENABLER8 <- ffffffff", GICD + 0x120);
    wr(GICD + 0x1a0, 0xffffffff);
    show("GICD_ISENABLER9 (beyond the lines)", GICD + 0x124);
    show_write("GICD_ISENABLER9", GICD + 0x124, 0xffffffff);
    show("GICD_ISENABLER9 after write", GICD + 0x124);
    show("GICD_ISPENDR0", GICD + 0x200);
    show("GICD_ISACTIVER0", GICD + 0x300);
    wr(GICD + 0x304, 0x100);
    show("GICD_ISACTIVER1 <- 100", GICD + 0x304);
    show("GICD_ICACTIVER1", GICD + 0x384);
    wr(GICD + 0x384, 0xffffffff);
    show("GICD_IPRIORITYR0", GICD + 0x400);
    wrb(GICD + 0x400 + 40, 0xff);
    printf("GICD_IPRIORITYR byte 40 <- ff: %02lx\n", (unsigned long)rdb(GICD + 0x400 + 40));
    wr(GICD + 0x400 + 44, 0x12345678);
    show("GICD_IPRIORITYR11 <- 12345678", GICD + 0x400 + 44);
    wr(GICD + 0x400, 0xffffffff);
    show("GICD_IPRIORITYR0 <- ffffffff", GICD + 0x400);
    wr(GICD + 0x400, 0);
    wr(GICD + 0x400 + 40, 0);
    wr(GICD + 0x400 + 44, 0);
    show("GICD_IPRIORITYR72 (beyond)", GICD + 0x400 + 288);
    show("GICD_ITARGETSR0", GICD + 0x800);
    show("GICD_ITARGETSR7", GICD + 0x81c);
    show("GICD_ITARGETSR8", GICD + 0x820);
    wr(GICD + 0x820, 0xffffffff);
    show("GICD_ITARGETSR8 <- ffffffff", GICD + 0x820);
    wrb(GICD + 0x821, 0x02);
    show("GICD_ITARGETSR8 byte 1 <- 02", GICD + 0x820);
    wr(GICD + 0x820, 0);
    show("GICD_ITARGETSR8 <- 0", GICD + 0x820);
    wr(GICD + 0x800, 0xffffffff);
    show("GICD_ITARGETSR0 <- ffffffff", GICD + 0x800);
    show("GICD_ICFGR0", GICD + 0xc00);
    show("GICD_ICFGR1", GICD + 0xc04);
    show("GICD_ICFGR2", GICD + 0xc08);
    wr(GICD + 0xc00, 0);
    show("GICD_ICFGR0 <- 0", GICD + 0xc00);
    wr(GICD + 0xc04, 0xffffffff);
    show("GICD_ICFGR1 <- ffffffff", GICD + 0xc04);
    wr(GICD + 0xc04, 0);
    wr(GICD + 0xc08, 0xffffffff);
    show("GICD_ICFGR2 <- ffffffff", GICD + 0xc08);
    wr(GICD + 0xc08, 0);
    show("GICD_NSACR0", GICD + 0xe00);
    show("GICD_SGIR (read)", GICD + 0xf00);
    show("GICD_CPENDSGIR0", GICD + 0xf10);
    show("GICD_SPENDSGIR0", GICD + 0xf20);
    for (uint32_t o = 0xfd0; o < 0x1000; o += 4) {
        char buf[24];
        snprintf(buf, sizeof buf, "GICD+%03lx", (unsigned long)o);
        show(buf, GICD + o);
    }
    show("GICD+1000", GICD + 0x1000);
    show("GICD+fffc", GICD + 0xfffc);
    show("GICD_CTLR byte", GICD);
    wr(GICD, 0xffffffff);
    show("GICD_CTLR <- ffffffff", GICD);
    wr(GICD, 0);
}

void cpu_interface(void)
{
    printf("-- CPU interface\n");
    show("GICC_CTLR", GICC + 0x00);
    show("GICC_PMR", GICC + 0x04);
    show("GICC_BPR", GICC + 0x08);
    show("GICC_IAR", GICC + 0x0c);
    show("GICC_RPR", GICC + 0x14);
    show("GICC_HPPIR", GICC + 0x18);
    show("GICC_ABPR", GICC + 0x1c);
    show("GICC_AIAR", GICC + 0x20);
    show("GICC_AHPPIR", GICC + 0x28);
    show("GICC+02c", GICC + 0x2c);
    show("GICC+040", GICC + 0x40);
    show("GICC_APR0", GICC + 0xd0);
    show("GICC_APR1", GICC + 0xd4);
    show("GICC_APR3", GICC + 0xdc);
    show("GICC_NSAPR0", GICC + 0xe0);
    show("GICC_IIDR", GICC + 0xfc);
    show("GICC_DIR (read)", GICC + 0x1000);
    show("GICC+1004", GICC + 0x1004);
    show("GICC+2000", GICC + 0x2000);
    show("GICC+fffc", GICC + 0xfffc);
    wr(GICC + 0x04, 0xff);
    show("GICC_PMR <- ff", GICC + 0x04);
    wr(GICC + 0x04, 0x0f);
    show("GICC_PMR <- 0f", GICC + 0x04);
    wr(GICC + 0x08, 0);
    show("GICC_BPR <- 0", GICC + 0x08);
    wr(GICC + 0x08, 0xff);
    show("GICC_BPR <- ff", GICC + 0x08);
    wr(GICC + 0x1c, 0);
    show("GICC_ABPR <- 0", GICC + 0x1c);
    wr(GICC + 0x1c, 7);
    show("GICC_ABPR <- 7", GICC + 0x1c);
    wr(GICC + 0x00, 0xffffffff);
    show("GICC_CTLR <- ffffffff", GICC + 0x00);
    wr(GICC + 0x00, 0);
    wr(GICC + 0xd0, 0xffffffff);
    show("GICC_APR0 <- ffffffff", GICC + 0xd0);
    show("  GICC_RPR", GICC + 0x14);
    wr(GICC + 0xd0, 0);
    show("GICC_APR0 <- 0: GICC_RPR", GICC + 0x14);
}

void sgis(void)
{
    printf("-- SGIs, priorities, EOI\n");
    wr(GICD + 0x000, 1);
    wr(GICC + 0x00, 1);
    wr(GICC + 0x04, 0xf0);
    wr(GICC + 0x08, 0);
    wrb(GICD + 0x400 + 5, 0x80);
    wr(GICD + 0xf00, (2u << 24) | 5);
    show("SGIR <- self SGI 5: ISPENDR0", GICD + 0x200);
    show("  SPENDSGIR1", GICD + 0xf24);
    show("  HPPIR", GICC + 0x18);
    uint32_t iar = rd(GICC + 0x0c);
    val("  IAR", iar);
    show("  RPR", GICC + 0x14);
    show("  ISACTIVER0", GICD + 0x300);
    show("  ISPENDR0", GICD + 0x200);
    show("  APR0", GICC + 0xd0);
    show("  IAR again", GICC + 0x0c);
    wr(GICC + 0x10, iar);
    show("  EOIR: ISACTIVER0", GICD + 0x300);
    show("  RPR", GICC + 0x14);
    show("  APR0", GICC + 0xd0);

    wr(GICD + 0xf00, (0u << 24) | (1u << 16) | 3);
    show("SGIR <- list cpu 0, SGI 3: HPPIR", GICC + 0x18);
    wr(GICD + 0xf00, (0u << 24) | (0u << 16) | 4);
    show("SGIR <- list none, SGI 4: ISPENDR0", GICD + 0x200);
    wr(GICD + 0xf00, (1u << 24) | 6);
    show("SGIR <- all but self, SGI 6: ISPENDR0", GICD + 0x200);
    wr(GICD + 0xf10, 0xffffffff);
    show("CPENDSGIR0 <- ffffffff: ISPENDR0", GICD + 0x200);
    wr(GICD + 0xf10 + 4, 0xffffffff);
    wr(GICD + 0xf10 + 8, 0xffffffff);
    wr(GICD + 0xf10 + 12, 0xffffffff);

    /* Preemption by priority. */
    wrb(GICD + 0x400 + 1, 0x40);
    wrb(GICD + 0x400 + 2, 0x80);
    wrb(GICD + 0xf20 + 1, 0x01);
    wrb(GICD + 0xf20 + 2, 0x01);
    show("SPENDSGIR SGI 1, 2 <- cpu 0: ISPENDR0", GICD + 0x200);
    show("  SPENDSGIR0", GICD + 0xf20);
    uint32_t a = rd(GICC + 0x0c);
    val("  IAR", a);
    show("  RPR", GICC + 0x14);
    show("  IAR (lower priority than running)", GICC + 0x0c);
    show("  HPPIR", GICC + 0x18);
    wr(GICC + 0x10, a);
    uint32_t b = rd(GICC + 0x0c);
    val("  EOIR; IAR", b);
    wr(GICC + 0x10, b);
    show("  EOIR: RPR", GICC + 0x14);

    /* Binary point: BPR 7, no preemption at all. */
    wr(GICC + 0x08, 7);
    wrb(GICD + 0xf20 + 1, 0x01);
    wrb(GICD + 0xf20 + 2, 0x01);
    a = rd(GICC + 0x0c);
    val("BPR 7: IAR", a);
    show("  RPR", GICC + 0x14);
    show("  IAR", GICC + 0x0c);
    wr(GICC + 0x10, a);
    b = rd(GICC + 0x0c);
    val("  EOIR; IAR", b);
    wr(GICC + 0x10, b);
    /* BPR 6: group priority [7], 0x40 and 0x80 differ. */
    wr(GICC + 0x08, 6);
    wrb(GICD + 0x400 + 2, 0x20);
    wrb(GICD + 0xf20 + 1, 0x01);
    a = rd(GICC + 0x0c);
    val("BPR 6: IAR (prio 40)", a);
    show("  RPR", GICC + 0x14);
    wrb(GICD + 0xf20 + 2, 0x01);
    show("  SGI 2 (prio 20) pending: IAR", GICC + 0x0c);
    wr(GICC + 0x10, a);
    b = rd(GICC + 0x0c);
    val("  EOIR; IAR", b);
    wr(GICC + 0x10, b);
    wr(GICC + 0x08, 0);

    /* PMR masks. */
    wr(GICC + 0x04, 0x40);
    wrb(GICD + 0xf20 + 1, 0x01);
    show("PMR 40, SGI prio 40 pending: IAR", GICC + 0x0c);
    show("  HPPIR", GICC + 0x18);
    wr(GICC + 0x04, 0xf0);
    a = rd(GICC + 0x0c);
    val("  PMR f0: IAR", a);
    wr(GICC + 0x10, a);

    /* EOImode: EOIR drops priority, DIR deactivates. */
    wr(GICC + 0x00, 1 | (1u << 9));
    show("GICC_CTLR <- EOImode|Grp0", GICC + 0x00);
    wrb(GICD + 0xf20 + 1, 0x01);
    a = rd(GICC + 0x0c);
    val("  IAR", a);
    wr(GICC + 0x10, a);
    show("  EOIR: ISACTIVER0", GICD + 0x300);
    show("  RPR", GICC + 0x14);
    wr(GICC + 0x1000, a);
    show("  DIR: ISACTIVER0", GICD + 0x300);
    wr(GICC + 0x00, 1);

    /* EOI of something not active. */
    wr(GICC + 0x10, 7);
    show("EOIR of inactive SGI 7: RPR", GICC + 0x14);

    /* Disabled interrupt: stays pending, not acknowledged. */
    wr(GICD + 0x180, 0xffffffff);
    wrb(GICD + 0xf20 + 1, 0x01);
    a = rd(GICC + 0x0c);
    val("SGI 1 pending, ICENABLER0 <- ffffffff: IAR", a);
    wr(GICC + 0x10, a);
    wr(GICD + 0xf10, 0xffffffff);

    /* Distributor disabled. */
    wr(GICD + 0x000, 0);
    wrb(GICD + 0xf20 + 1, 0x01);
    show("distributor off, SGI 1 pending: IAR", GICC + 0x0c);
    show("  HPPIR", GICC + 0x18);
    wr(GICD + 0x000, 1);
    a = rd(GICC + 0x0c);
    val("  distributor on: IAR", a);
    wr(GICC + 0x10, a);

    /* Level-sensitive PPI (virtual timer) and ICPENDR. */
    wr(GICD + 0x100, 1u << 27);
    wrb(GICD + 0x400 + 27, 0xa0);
    write_cntv_cval(0);
    write_cntv_ctl(1);
    isb();
    show("virtual timer firing: ISPENDR0", GICD + 0x200);
    wr(GICD + 0x280, 1u << 27);
    show("  ICPENDR0 <- bit 27: ISPENDR0", GICD + 0x200);
    a = rd(GICC + 0x0c);
    val("  IAR", a);
    show("  ISPENDR0", GICD + 0x200);
    show("  ISACTIVER0", GICD + 0x300);
    write_cntv_ctl(0);
    isb();
    show("  timer off: ISPENDR0", GICD + 0x200);
    wr(GICC + 0x10, a);
    wr(GICD + 0x200, 1u << 27);
    show("ISPENDR0 <- bit 27 (line low): ISPENDR0", GICD + 0x200);
    a = rd(GICC + 0x0c);
    val("  IAR", a);
    show("  ISPENDR0", GICD + 0x200);
    wr(GICC + 0x10, a);
    wr(GICD + 0x180, 0xffffffff);

    /* Edge-triggered SPI made pending by software. */
    wr(GICD + 0xc08, 0x2);      /* SPI 32 edge */
    wrb(GICD + 0x820, 1);
    wrb(GICD + 0x400 + 32, 0x10);
    wr(GICD + 0x104, 1);
    wr(GICD + 0x204, 1);
    show("SPI 32 edge, ISPENDR1 <- 1: HPPIR", GICC + 0x18);
    a = rd(GICC + 0x0c);
    val("  IAR", a);
    show("  ISPENDR1", GICD + 0x204);
    wr(GICD + 0x204, 1);
    show("  ISPENDR1 <- 1 while active: ISPENDR1", GICD + 0x204);
    show("  IAR", GICC + 0x0c);
    wr(GICC + 0x10, a);
    a = rd(GICC + 0x0c);
    val("  EOIR; IAR", a);
    wr(GICC + 0x10, a);
    wr(GICD + 0x184, 1);
    wrb(GICD + 0x820, 0);
    wr(GICD + 0xc08, 0);

    /* Group 1 with the CPU interface's group 1 disabled, and AckCtl. */
    wr(GICD + 0x080, 1u << 1);
    wr(GICD + 0x000, 3);
    wrb(GICD + 0xf20 + 1, 0x01);
    show("group 1 SGI 1, GICC_CTLR grp0 only: HPPIR", GICC + 0x18);
    show("  IAR", GICC + 0x0c);
    wr(GICC + 0x00, 3);
    show("  GICC_CTLR grp0|grp1: HPPIR", GICC + 0x18);
    show("  IAR", GICC + 0x0c);
    show("  AHPPIR", GICC + 0x28);
    wr(GICC + 0x00, 7);
    show("  AckCtl: HPPIR", GICC + 0x18);
    a = rd(GICC + 0x0c);
    val("  IAR", a);
    wr(GICC + 0x10, a);
    show("  EOIR (AckCtl): ISACTIVER0", GICD + 0x300);
    wr(GICD + 0x380, 0xffffffff);
    wrb(GICD + 0xf20 + 1, 0x01);
    a = rd(GICC + 0x20);
    val("  AIAR", a);
    wr(GICC + 0x24, a);
    show("  AEOIR: ISACTIVER0", GICD + 0x300);
    wr(GICD + 0x380, 0xffffffff);
    wr(GICD + 0xf10, 0xffffffff);
    wr(GICD + 0x080, 0);
    wr(GICD + 0x000, 1);
    wr(GICC + 0x00, 1);
}

void virtual_interface(void)
{
    printf("-- virtual interface\n");
    show("GICH_HCR", GICH + 0x00);
    show("GICH_VTR", GICH + 0x04);
    show("GICH_VMCR", GICH + 0x08);
    show("GICH+00c", GICH + 0x0c);
    show("GICH_MISR", GICH + 0x10);
    show("GICH_EISR0", GICH + 0x20);
    show("GICH_EISR1", GICH + 0x24);
    show("GICH_ELRSR0", GICH + 0x30);
    show("GICH_ELRSR1", GICH + 0x34);
    show("GICH_APR", GICH + 0xf0);
    show("GICH_LR0", GICH + 0x100);
    show("GICH_LR3", GICH + 0x10c);
    show("GICH_LR4", GICH + 0x110);
    show("GICH+1000", GICH + 0x1000);
    show("GICH+fffc", GICH + 0xfffc);
    show("GICV_CTLR", GICV + 0x00);
    show("GICV_PMR", GICV + 0x04);
    show("GICV_BPR", GICV + 0x08);
    show("GICV_IAR (GICH_HCR.En 0)", GICV + 0x0c);
    show("GICV_RPR", GICV + 0x14);
    show("GICV_HPPIR", GICV + 0x18);
    show("GICV_ABPR", GICV + 0x1c);
    show("GICV_APR0", GICV + 0xd0);
    show("GICV_IIDR", GICV + 0xfc);
    show("GICV+1000 (DIR read)", GICV + 0x1000);
    show("GICV+2000", GICV + 0x2000);
    show("GICV+fffc", GICV + 0xfffc);

    wr(GICH + 0x00, 0xffffffff);
    show("GICH_HCR <- ffffffff", GICH + 0x00);
    show("  GICH_MISR", GICH + 0x10);
    show("  ISPENDR0", GICD + 0x200);
    wr(GICH + 0x00, 0);
    wr(GICH + 0x08, 0xffffffff);
    show("GICH_VMCR <- ffffffff", GICH + 0x08);
    show("  GICV_CTLR", GICV + 0x00);
    show("  GICV_PMR", GICV + 0x04);
    show("  GICV_BPR", GICV + 0x08);
    show("  GICV_ABPR", GICV + 0x1c);
    wr(GICH + 0x08, 0);
    wr(GICV + 0x00, 0xffffffff);
    show("GICV_CTLR <- ffffffff: GICH_VMCR", GICH + 0x08);
    wr(GICV + 0x00, 0);
    wr(GICV + 0x04, 0xff);
    show("GICV_PMR <- ff: GICH_VMCR", GICH + 0x08);
    show("  GICV_PMR", GICV + 0x04);
    wr(GICV + 0x08, 0);
    show("GICV_BPR <- 0", GICV + 0x08);
    wr(GICV + 0x1c, 0);
    show("GICV_ABPR <- 0", GICV + 0x1c);
    show("  GICH_VMCR", GICH + 0x08);
    wr(GICH + 0x100, 0xffffffff);
    show("GICH_LR0 <- ffffffff", GICH + 0x100);
    wr(GICH + 0x100, 0x7fffffff);
    show("GICH_LR0 <- 7fffffff", GICH + 0x100);
    wr(GICH + 0x100, 0);
    wr(GICH + 0xf0, 0xffffffff);
    show("GICH_APR <- ffffffff", GICH + 0xf0);
    show("  GICV_RPR", GICV + 0x14);
    wr(GICH + 0xf0, 0);

    /* A pending virtual interrupt: acknowledge and EOI through GICV. */
    wr(GICH + 0x00, 1);
    wr(GICV + 0x00, 1);
    wr(GICV + 0x04, 0xf8);
    wr(GICV + 0x08, 2);
    wr(GICH + 0x100, (1u << 28) | ((0xa0u >> 3) << 23) | 42);
    show("LR0 <- pending vID 42 prio a0: LR0", GICH + 0x100);
    show("  ELRSR0", GICH + 0x30);
    show("  MISR", GICH + 0x10);
    show("  GICV_HPPIR", GICV + 0x18);
    uint32_t a = rd(GICV + 0x0c);
    val("  GICV_IAR", a);
    show("  LR0", GICH + 0x100);
    show("  GICV_RPR", GICV + 0x14);
    show("  GICH_APR", GICH + 0xf0);
    show("  GICV_APR0", GICV + 0xd0);
    show("  GICV_IAR again", GICV + 0x0c);
    wr(GICV + 0x10, a);
    show("  GICV_EOIR: LR0", GICH + 0x100);
    show("  ELRSR0", GICH + 0x30);
    show("  GICV_RPR", GICV + 0x14);

    /* EOI maintenance. */
    wr(GICH + 0x104, (1u << 28) | (1u << 19) | ((0xa0u >> 3) << 23) | 43);
    a = rd(GICV + 0x0c);
    val("LR1 pending vID 43 with EOI: GICV_IAR", a);
    show("  ELRSR0", GICH + 0x30);
    wr(GICV + 0x10, a);
    show("  GICV_EOIR: LR1", GICH + 0x104);
    show("  EISR0", GICH + 0x20);
    show("  ELRSR0", GICH + 0x30);
    show("  MISR", GICH + 0x10);
    show("  ISPENDR0 (PPI 25)", GICD + 0x200);
    wr(GICH + 0x104, 0);
    show("  LR1 <- 0: MISR", GICH + 0x10);
    show("  EISR0", GICH + 0x20);

    /* Underflow, no pending, group enable/disable, EOICount. */
    wr(GICH + 0x00, 1 | 2);
    show("HCR En|UIE, no valid LR: MISR", GICH + 0x10);
    show("  ISPENDR0", GICD + 0x200);
    wr(GICH + 0x100, (1u << 28) | 42);
    wr(GICH + 0x104, (1u << 28) | 43);
    show("  two valid LRs: MISR", GICH + 0x10);
    wr(GICH + 0x104, 0);
    show("  one valid LR: MISR", GICH + 0x10);
    wr(GICH + 0x100, 0);
    wr(GICH + 0x00, 1 | 8);
    show("HCR En|NPIE, none pending: MISR", GICH + 0x10);
    wr(GICH + 0x100, (1u << 28) | 42);
    show("  LR0 pending: MISR", GICH + 0x10);
    wr(GICH + 0x100, (2u << 28) | 42);
    show("  LR0 active: MISR", GICH + 0x10);
    wr(GICH + 0x100, 0);
    wr(GICH + 0x00, 1 | 0xf0);
    show("HCR En|VGrp0EIE|VGrp0DIE|VGrp1EIE|VGrp1DIE, VMCR grp0 on: MISR", GICH + 0x10);
    wr(GICH + 0x00, 1 | 4);
    wr(GICV + 0x10, 99);
    show("HCR En|LRENPIE, GICV_EOIR of vID 99 (no LR): HCR", GICH + 0x00);
    show("  MISR", GICH + 0x10);
    wr(GICH + 0x00, 1);
    show("  HCR <- 1", GICH + 0x00);

    /* SGI source in the list register; hardware interrupt deactivation. */
    wr(GICH + 0x100, (1u << 28) | (2u << 10) | 3);
    a = rd(GICV + 0x0c);
    val("LR0 pending vID 3 CPUID 2: GICV_IAR", a);
    wr(GICV + 0x10, a);
    show("  GICV_EOIR: LR0", GICH + 0x100);
    /* SPI 40 acknowledged physically with EOImode 1 and its priority dropped
     * (as a hypervisor does), then handed to the virtual CPU interface. */
    wrb(GICD + 0x400 + 40, 0x30);
    wrb(GICD + 0x820 + 8, 1);
    wr(GICD + 0x104, 1u << 8);
    wr(GICD + 0x204, 1u << 8);
    wr(GICC + 0x00, 1 | (1u << 9));
    a = rd(GICC + 0x0c);
    val("SPI 40 pending: GICC_IAR", a);
    wr(GICC + 0x10, a);
    show("  GICC_EOIR (EOImode 1): GICC_RPR", GICC + 0x14);
    wr(GICC + 0x00, 1);
    wr(GICH + 0x100, (1u << 31) | (1u << 28) | (40u << 10) | 40);
    a = rd(GICV + 0x0c);
    val("LR0 HW pID 40 vID 40 (SPI 40 active): GICV_IAR", a);
    show("  LR0", GICH + 0x100);
    show("  ISACTIVER1", GICD + 0x304);
    wr(GICV + 0x10, a);
    show("  GICV_EOIR: LR0", GICH + 0x100);
    show("  ISACTIVER1", GICD + 0x304);
    wr(GICD + 0x184, 1u << 8);

    /* Virtual EOImode: EOIR drops priority, DIR deactivates. */
    wr(GICV + 0x00, 1 | (1u << 9));
    show("GICV_CTLR <- EOImode|Grp0: VMCR", GICH + 0x08);
    wr(GICH + 0x100, (1u << 28) | 44);
    a = rd(GICV + 0x0c);
    wr(GICV + 0x10, a);
    show("  IAR, EOIR: LR0", GICH + 0x100);
    show("  GICV_RPR", GICV + 0x14);
    wr(GICV + 0x1000, a);
    show("  DIR: LR0", GICH + 0x100);
    wr(GICV + 0x00, 1);

    /* Priority masking in the virtual interface. */
    wr(GICV + 0x04, 0xa0);
    wr(GICH + 0x100, (1u << 28) | ((0xa0u >> 3) << 23) | 45);
    show("GICV_PMR a0, LR0 prio a0: GICV_HPPIR", GICV + 0x18);
    show("  GICV_IAR", GICV + 0x0c);
    wr(GICV + 0x04, 0xf8);
    wr(GICH + 0x100, 0);
    wr(GICH + 0x00, 0);
}

/* ---- core 1 (with -smp 2) ---------------------------------------------- */

static volatile uint32_t c1_itargetsr0, c1_gicd_typer, c1_elrsr, c1_lr0, c1_isenabler0, c1_step, c1_done;
static uint8_t c1_stack[4096] __attribute__((aligned(16)));

void secondary_main(uint32_t cpsr, uint32_t mpidr)
{
    (void)cpsr; (void)mpidr;
    c1_itargetsr0 = rd(GICD + 0x800);
    c1_gicd_typer = rd(GICD + 0x004);
    c1_isenabler0 = rd(GICD + 0x100);
    c1_elrsr = rd(GICH + 0x30);
    wr(GICH + 0x100, (1u << 28) | 77);
    c1_lr0 = rd(GICH + 0x100);
    dsb();
    c1_step = 1;
    dsb();
    sev();
    while (c1_step != 2)
        wfe();
    wr(GICD + 0xf00, (0u << 24) | (1u << 16) | 7);      /* SGI 7 to core 0 */
    wr(GICD + 0xf00, (1u << 24) | 6);                   /* SGI 6 to all but self */
    wr(GICH + 0x100, 0);
    dsb();
    c1_done = 1;
    dsb();
    sev();
    psci_smc(PSCI_CPU_OFF, 0, 0, 0);
}

void two_cores(void)
{
    printf("-- core 1\n");
    int32_t r = psci_smc(PSCI_CPU_ON, 1, (uint32_t)secondary_entry, (uint32_t)(c1_stack + sizeof c1_stack));
    printf("CPU_ON: %ld\n", (long)r);
    while (c1_step != 1)
        wfe();
    val("core 1: GICD_ITARGETSR0", c1_itargetsr0);
    val("core 1: GICD_TYPER", c1_gicd_typer);
    val("core 1: GICD_ISENABLER0", c1_isenabler0);
    val("core 1: GICH_ELRSR0", c1_elrsr);
    val("core 1: GICH_LR0 <- pending 77", c1_lr0);
    show("core 0: GICH_LR0", GICH + 0x100);
    show("core 0: GICH_ELRSR0", GICH + 0x30);
    wr(GICD + 0x000, 1);
    wr(GICC + 0x00, 1);
    wr(GICC + 0x04, 0xf0);
    wr(GICD + 0xf00, (2u << 24) | 7);                   /* SGI 7 to self */
    c1_step = 2;
    dsb();
    sev();
    while (!c1_done)
        wfe();
    show("SGI 7 from cores 0 and 1, SGI 6 from core 1: ISPENDR0", GICD + 0x200);
    show("  SPENDSGIR1", GICD + 0xf24);
    uint32_t a = rd(GICC + 0x0c);
    val("  IAR", a);
    show("  ISPENDR0", GICD + 0x200);
    show("  SPENDSGIR1", GICD + 0xf24);
    show("  IAR", GICC + 0x0c);
    wr(GICC + 0x10, a);
    a = rd(GICC + 0x0c);
    val("  EOIR; IAR", a);
    wr(GICC + 0x10, a);
    a = rd(GICC + 0x0c);
    val("  EOIR; IAR", a);
    wr(GICC + 0x10, a);
    show("  EOIR; IAR", GICC + 0x0c);
    int32_t state = 0;
    for (uint32_t tries = 0; tries < 1000000u && state != 1; tries++)
        state = psci_smc(PSCI_AFFINITY_INFO, 1, 0, 0);
    printf("core 1 off: %s\n", state == 1 ? "yes" : "no");
}
