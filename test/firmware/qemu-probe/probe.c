/* probe: what the QEMU virt board (virtualization=on, cortex-a15) shows of
 * its identification registers, generic timer and GICv2 (distributor, CPU
 * interface, virtual interface control and virtual CPU interface). Prints
 * one line per observation; nothing depends on timing. Run with -smp 1 and
 * -smp 2 (then core 1 also reads its banked views and sends an SGI). */
#include "probe.h"

extern uint32_t entry_regs[32];
extern volatile uint32_t undef_count;
extern const char undef_vectors[];

/* ---- data aborts: record and skip ------------------------------------- */

volatile uint32_t abort_count, abort_dfsr;

void data_abort_handler(struct abort_frame *f, uint32_t spsr)
{
    (void)spsr;
    abort_dfsr = CP15_READ(0, c5, c0, 0);
    abort_count++;
    f->pc += 4;
}

void show(const char *name, uint32_t addr)
{
    uint32_t n = abort_count;
    uint32_t v = rd(addr);
    if (abort_count != n)
        printf("%s: data abort DFSR=%08lx\n", name, (unsigned long)abort_dfsr);
    else
        printf("%s: %08lx\n", name, (unsigned long)v);
}

void show_write(const char *name, uint32_t addr, uint32_t v)
{
    uint32_t n = abort_count;
    wr(addr, v);
    if (abort_count != n)
        printf("%s <- %08lx: data abort DFSR=%08lx\n", name, (unsigned long)v, (unsigned long)abort_dfsr);
}

void val(const char *name, uint32_t v) { printf("%s: %08lx\n", name, (unsigned long)v); }

/* ---- Hyp side: HVC commands and trapped accesses ---------------------- */

static volatile uint32_t trap_hsr[16], trap_n;

void hyp_trap_handler(uint32_t *frame)
{
    uint32_t hsr = CP15_READ(4, c5, c2, 0);
    uint32_t ec = hsr >> 26;
    if (ec == 0x12) {
        switch (frame[0]) {
        case 1: CP15_WRITE(4, c14, c1, 0, frame[1]); break;                         /* CNTHCTL */
        case 2: CP15_WRITE64(4, c14, ((uint64_t)frame[2] << 32) | frame[1]); break;  /* CNTVOFF */
        case 3: frame[0] = CP15_READ(4, c14, c1, 0); return;
        case 4: CP15_WRITE(4, c1, c1, 0, frame[1]); break;                          /* HCR */
        case 5: frame[0] = CP15_READ(4, c14, c2, 1); return;                         /* CNTHP_CTL */
        case 6: CP15_WRITE(4, c14, c2, 0, frame[1]); frame[0] = CP15_READ(4, c14, c2, 1); return; /* CNTHP_TVAL */
        }
        frame[0] = 0;
        return;
    }
    if (trap_n < 16)
        trap_hsr[trap_n] = hsr;
    trap_n++;
    uint32_t elr;
    __asm__ volatile("mrs %0, elr_hyp" : "=r"(elr));
    elr += 4;
    __asm__ volatile("msr elr_hyp, %0" :: "r"(elr));
}

static uint32_t hvc(uint32_t cmd, uint32_t a, uint32_t b)
{
    register uint32_t r0 __asm__("r0") = cmd;
    register uint32_t r1 __asm__("r1") = a;
    register uint32_t r2 __asm__("r2") = b;
    __asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0), "+r"(r1), "+r"(r2) :: "memory", "r3", "r12", "lr");
    return r0;
}

static void show_traps(const char *what)
{
    printf("%s: %lu trap(s)", what, (unsigned long)trap_n);
    for (uint32_t i = 0; i < trap_n && i < 16; i++)
        printf(" %08lx", (unsigned long)trap_hsr[i]);
    printf("\n");
    trap_n = 0;
}

/* ---- undefined encodings ---------------------------------------------- */

static uint32_t saved_vbar;
static void undef_begin(void)
{
    saved_vbar = CP15_READ(0, c12, c0, 0);
    CP15_WRITE(0, c12, c0, 0, (uint32_t)undef_vectors);
    isb();
    undef_count = 0;
}
static void undef_end(const char *what)
{
    CP15_WRITE(0, c12, c0, 0, saved_vbar);
    isb();
    printf("%s: %lu undefined\n", what, (unsigned long)undef_count);
}

/* ---- sections ---------------------------------------------------------- */

static void entry_state(void)
{
    static const char *const names[] = {
        "CPSR", "CNTHCTL", "CNTVOFF lo", "CNTVOFF hi", "CNTHP_CTL", "HCR", "HSCTLR", "HCPTR", "HSTR",
        "CNTKCTL", "CNTP_CTL", "CNTV_CTL", "SCTLR", "CNTFRQ", "VPIDR", "VMPIDR", "ACTLR", "CPACR", "VTCR", "HVBAR",
    };
    printf("-- entry state\n");
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "entry %s", names[i]);
        val(buf, entry_regs[i]);
    }
}

static void id_registers(void)
{
    printf("-- identification\n");
    val("MIDR", CP15_READ(0, c0, c0, 0));
    val("CTR", CP15_READ(0, c0, c0, 1));
    val("TCMTR", CP15_READ(0, c0, c0, 2));
    val("TLBTR", CP15_READ(0, c0, c0, 3));
    val("MPIDR", CP15_READ(0, c0, c0, 5));
    val("REVIDR", CP15_READ(0, c0, c0, 6));
    val("ID_PFR0", CP15_READ(0, c0, c1, 0));
    val("ID_PFR1", CP15_READ(0, c0, c1, 1));
    val("ID_DFR0", CP15_READ(0, c0, c1, 2));
    val("ID_AFR0", CP15_READ(0, c0, c1, 3));
    val("ID_MMFR0", CP15_READ(0, c0, c1, 4));
    val("ID_MMFR1", CP15_READ(0, c0, c1, 5));
    val("ID_MMFR2", CP15_READ(0, c0, c1, 6));
    val("ID_MMFR3", CP15_READ(0, c0, c1, 7));
    val("ID_ISAR0", CP15_READ(0, c0, c2, 0));
    val("ID_ISAR1", CP15_READ(0, c0, c2, 1));
    val("ID_ISAR2", CP15_READ(0, c0, c2, 2));
    val("ID_ISAR3", CP15_READ(0, c0, c2, 3));
    val("ID_ISAR4", CP15_READ(0, c0, c2, 4));
    val("ID_ISAR5", CP15_READ(0, c0, c2, 5));
    val("CLIDR", CP15_READ(1, c0, c0, 1));
    val("AIDR", CP15_READ(1, c0, c0, 7));
    for (uint32_t s = 0; s < 3; s++) {
        CP15_WRITE(2, c0, c0, 0, s);
        isb();
        printf("CCSIDR(CSSELR=%lu): %08lx\n", (unsigned long)s, (unsigned long)CP15_READ(1, c0, c0, 0));
    }
    CP15_WRITE(2, c0, c0, 0, 0);
}

static void timer(void)
{
    printf("-- generic timer\n");
    val("CNTFRQ", read_cntfrq());
    val("CNTKCTL", CP15_READ(0, c14, c1, 0));
    val("CNTP_CTL", read_cntp_ctl());
    val("CNTV_CTL", read_cntv_ctl());
    val("CNTHCTL", hvc(3, 0, 0));
    val("CNTHP_CTL", hvc(5, 0, 0));

    write_cntv_ctl(0);
    write_cntv_cval(0);
    isb();
    val("CNTV_CTL (disabled, CVAL 0)", read_cntv_ctl());
    int32_t tval = (int32_t)CP15_READ(0, c14, c3, 0);
    printf("CNTV_TVAL (CVAL 0) negative: %s\n", tval < 0 ? "yes" : "no");
    write_cntv_ctl(1);
    isb();
    val("CNTV_CTL (enabled, CVAL 0)", read_cntv_ctl());
    printf("GICD_ISPENDR0 bit 27 (enabled, CVAL 0): %lu\n", (unsigned long)(rd(GICD + 0x200) >> 27) & 1);
    write_cntv_ctl(3);
    isb();
    val("CNTV_CTL (enabled, masked, CVAL 0)", read_cntv_ctl());
    printf("GICD_ISPENDR0 bit 27 (masked): %lu\n", (unsigned long)(rd(GICD + 0x200) >> 27) & 1);
    write_cntv_ctl(0xffffffff);
    isb();
    val("CNTV_CTL <- ffffffff", read_cntv_ctl());
    write_cntv_ctl(0);

    CP15_WRITE(0, c14, c3, 0, 100000);      /* TVAL */
    isb();
    uint64_t cval = CP15_READ64(3, c14), vct = read_cntvct();
    tval = (int32_t)CP15_READ(0, c14, c3, 0);
    int64_t d = (int64_t)(cval - vct);
    printf("CNTV_TVAL <- 100000: CVAL - CNTVCT in (90000, 100000]: %s\n", d > 90000 && d <= 100000 ? "yes" : "no");
    printf("  CNTV_TVAL reads in (90000, 100000]: %s\n", tval > 90000 && tval <= 100000 ? "yes" : "no");
    CP15_WRITE(0, c14, c3, 0, 0xffffff00);  /* TVAL = -256 */
    isb();
    cval = CP15_READ64(3, c14);
    vct = read_cntvct();
    d = (int64_t)(cval - vct);
    printf("CNTV_TVAL <- -256: CVAL - CNTVCT in [-10256, -256]: %s\n", d >= -10256 && d <= -256 ? "yes" : "no");
    write_cntv_ctl(1);
    isb();
    val("  CNTV_CTL (enabled)", read_cntv_ctl());
    write_cntv_ctl(0);
    write_cntv_cval(0xffffffffffffffffull);
    write_cntv_ctl(1);
    isb();
    uint32_t ctl = read_cntv_ctl();
    uint32_t sum = CP15_READ(0, c14, c3, 0) + (uint32_t)read_cntvct();
    val("CNTV_CTL (CVAL all ones)", ctl);
    printf("CNTV_TVAL (CVAL all ones) + CNTVCT lo = ffffffff + a little: %s\n",
           sum - 0xffffffffu < 10000 ? "yes" : "no");
    write_cntv_ctl(0);

    CP15_WRITE(0, c14, c1, 0, 0xffffffff);
    val("CNTKCTL <- ffffffff", CP15_READ(0, c14, c1, 0));
    CP15_WRITE(0, c14, c1, 0, 0);

    /* CNTVOFF ahead of the count: CNTVCT wraps. */
    uint64_t pct = read_cntpct();
    hvc(2, (uint32_t)pct, (uint32_t)(pct >> 32) + 1);
    val("CNTVCT hi with CNTVOFF = CNTPCT + 2^32", (uint32_t)(read_cntvct() >> 32));
    write_cntv_cval(0);
    write_cntv_ctl(1);
    isb();
    val("  CNTV_CTL (CVAL 0, enabled)", read_cntv_ctl());
    write_cntv_ctl(0);
    hvc(2, 0, 0);

    /* CNTHP from Hyp: TVAL 0 fires at once. */
    val("CNTHP_CTL after CNTHP_TVAL <- 0 (disabled)", hvc(6, 0, 0));

    /* Traps of PL1 physical counter and timer accesses (CNTHCTL). */
    trap_n = 0;
    hvc(1, 0, 0);
    __asm__ volatile("mrrc p15, 0, r4, r5, c14" ::: "r4", "r5");    /* CNTPCT */
    __asm__ volatile("mrrc p15, 1, r4, r5, c14" ::: "r4", "r5");    /* CNTVCT */
    __asm__ volatile("mrc p15, 0, r6, c14, c2, 1" ::: "r6");         /* CNTP_CTL */
    __asm__ volatile("mov r7, #0\n\tmcr p15, 0, r7, c14, c2, 1" ::: "r7");
    __asm__ volatile("mrc p15, 0, r8, c14, c2, 0" ::: "r8");         /* CNTP_TVAL */
    __asm__ volatile("mrrc p15, 2, r4, r5, c14" ::: "r4", "r5");    /* CNTP_CVAL */
    __asm__ volatile("mcrr p15, 2, r4, r5, c14" ::: "r4", "r5");
    __asm__ volatile("mrc p15, 0, r9, c14, c0, 0" ::: "r9");         /* CNTFRQ */
    __asm__ volatile("mrc p15, 0, r10, c14, c3, 1" ::: "r10");       /* CNTV_CTL */
    __asm__ volatile("mrc p15, 0, r11, c14, c1, 0" ::: "r11");       /* CNTKCTL */
    show_traps("CNTHCTL=0: PL1 CNTPCT, CNTVCT, CNTP_CTL r/w, CNTP_TVAL, CNTP_CVAL r/w, CNTFRQ, CNTV_CTL, CNTKCTL");
    hvc(1, 1, 0);
    __asm__ volatile("mrrc p15, 0, r4, r5, c14" ::: "r4", "r5");
    __asm__ volatile("mrc p15, 0, r6, c14, c2, 1" ::: "r6");
    show_traps("CNTHCTL=1: PL1 CNTPCT, CNTP_CTL");
    hvc(1, 2, 0);
    __asm__ volatile("mrrc p15, 0, r4, r5, c14" ::: "r4", "r5");
    __asm__ volatile("mrc p15, 0, r6, c14, c2, 1" ::: "r6");
    show_traps("CNTHCTL=2: PL1 CNTPCT, CNTP_CTL");
    hvc(1, 3, 0);

    /* Hyp-only and highest-level-only encodings from SVC mode. */
    undef_begin();
    __asm__ volatile("mrc p15, 0, r4, c14, c0, 0\n\tmcr p15, 0, r4, c14, c0, 0" ::: "r4");
    undef_end("CNTFRQ write from SVC");
    undef_begin();
    __asm__ volatile("mrc p15, 4, r4, c14, c1, 0" ::: "r4");
    undef_end("CNTHCTL read from SVC");
    undef_begin();
    __asm__ volatile("mrrc p15, 4, r4, r5, c14" ::: "r4", "r5");
    undef_end("CNTVOFF read from SVC");
    undef_begin();
    __asm__ volatile("mrc p15, 4, r4, c14, c2, 1" ::: "r4");
    undef_end("CNTHP_CTL read from SVC");
    undef_begin();
    __asm__ volatile("mrrc p15, 6, r4, r5, c14" ::: "r4", "r5");
    undef_end("CNTHP_CVAL read from SVC");
    undef_begin();
    __asm__ volatile("mrc p15, 0, r4, c14, c4, 0" ::: "r4");
    undef_end("c14 c4 read from SVC");
    undef_begin();
    __asm__ volatile("mrrc p15, 5, r4, r5, c14" ::: "r4", "r5");
    undef_end("MRRC opc1 5 c14 from SVC");
    val("CNTFRQ after write attempt", read_cntfrq());
}

int main(void)
{
    printf("probe: QEMU virt, cortex-a15, %lu CPU interface(s)\n", (unsigned long)((rd(GICD + 4) >> 5) & 7) + 1);
    entry_state();
    id_registers();
    timer();
    distributor();
    cpu_interface();
    sgis();
    virtual_interface();
    if ((rd(GICD + 4) >> 5) & 7)
        two_cores();
    printf("data aborts: %lu\n", (unsigned long)abort_count);
    return 0;
}
