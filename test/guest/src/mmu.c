/* mmu: stage 1 translation at PL1, first with short-descriptor tables
 * (1 MiB sections identity-mapping RAM and the UART, one section split into
 * 4 KiB small pages with one page remapped to another physical page and one
 * read-only), then with LPAE long-descriptor tables (TTBCR.EAE, MAIR0, 2 MiB
 * blocks, 4 KiB pages, an alias block at another VA). Each part reads through
 * the remapped page, translates addresses with ATS1CPR (PAR), and takes data
 * aborts (permission, translation, domain and access flag faults) that the
 * handler reports (DFSR, DFAR) and skips. Caches stay off (SCTLR.C = 0). */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "sys.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x08000000u
#define UNMAPPED_VA 0x80000000u
#define ALIAS_VA 0x60000000u

#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)
#define SCTLR_TRE (1u << 28)
#define SCTLR_AFE (1u << 29)

/* ---- the test pages ---------------------------------------------------- */

static struct {
    char a[4096];       /* remapped: its VA shows page b */
    char b[4096];
    char ro[4096];      /* read-only */
    char noaf[4096];    /* LPAE: access flag clear */
} pages __attribute__((aligned(4096)));

#define VA(p) ((uint32_t)(p))

/* ---- data aborts ------------------------------------------------------- */

static volatile uint32_t abort_count, abort_dfsr, abort_dfar, abort_pc;

void data_abort_handler(struct abort_frame *f, uint32_t spsr)
{
    (void)spsr;
    abort_dfsr = CP15_READ(0, c5, c0, 0);
    abort_dfar = CP15_READ(0, c6, c0, 0);
    abort_pc = f->pc;
    abort_count++;
    f->pc += 4;         /* skip the (A32) load or store */
}

static __attribute__((noinline)) uint32_t probe_read(uint32_t va)
{
    uint32_t v = 0xdeadbeef;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static __attribute__((noinline)) void probe_write(uint32_t va, uint32_t v)
{
    __asm__ volatile("str %0, [%1]" :: "r"(v), "r"(va) : "memory");
}

static void report_abort(const char *what, uint32_t count_before)
{
    if (abort_count == count_before) {
        printf("  %s: no abort\n", what);
        return;
    }
    printf("  %s: data abort, DFSR=%08lx DFAR=%08lx", what, (unsigned long)abort_dfsr, (unsigned long)abort_dfar);
    uint32_t d = abort_dfsr;
    if (d & (1u << 9)) {
        static const char *const kinds[4] = { "address size", "translation", "access flag", "permission" };
        uint32_t status = d & 0x3f;
        printf(" (long format: %s fault, level %lu, %s)\n", status < 16 ? kinds[status >> 2] : "other",
               (unsigned long)status & 3, d & (1u << 11) ? "write" : "read");
    } else {
        uint32_t fs = (d & 0xf) | ((d >> 6) & 0x10);
        const char *kind = fs == 0x05 ? "section translation" : fs == 0x07 ? "page translation"
                         : fs == 0x0d ? "section permission" : fs == 0x0f ? "page permission"
                         : fs == 0x09 ? "section domain" : fs == 0x0b ? "page domain" : "other";
        printf(" (short format: %s fault, domain %lu, %s)\n", kind, (unsigned long)(d >> 4) & 15,
               d & (1u << 11) ? "write" : "read");
    }
}

static void tlb_flush(void)
{
    dsb();
    CP15_WRITE(0, c8, c7, 0, 0);        /* TLBIALL */
    dsb();
    isb();
}

static void mmu_enable(void)
{
    uint32_t sctlr = CP15_READ(0, c1, c0, 0);
    sctlr &= ~(SCTLR_C | SCTLR_TRE | SCTLR_AFE);
    CP15_WRITE(0, c1, c0, 0, sctlr | SCTLR_M);
    isb();
}

static void mmu_disable(void)
{
    CP15_WRITE(0, c1, c0, 0, CP15_READ(0, c1, c0, 0) & ~SCTLR_M);
    isb();
    tlb_flush();
}

static uint64_t ats1cpr(uint32_t va)
{
    CP15_WRITE(0, c7, c8, 0, va);       /* ATS1CPR */
    isb();
    return CP15_READ64(0, c7);          /* PAR, 64-bit view */
}

static void show_contents(const char *what, uint32_t va)
{
    printf("  read %-22s VA %08lx: \"%s\"\n", what, (unsigned long)va, (const char *)va);
}

/* ---- short-descriptor tables ------------------------------------------- */

#define S_SECTION      0x2u
#define S_AP_RW        (3u << 10)               /* AP[1:0] = 11: full access */
#define S_NORMAL       ((1u << 12) | 0xcu)      /* TEX=001 C=1 B=1: write-back */
#define S_DEVICE       0x4u                     /* TEX=000 C=0 B=1: shareable device */
#define S_XN           (1u << 4)
#define S_DOMAIN(d)    ((uint32_t)(d) << 5)
#define S_COARSE       0x1u
#define S_SMALL        0x2u
#define S_SMALL_RW     (3u << 4)
#define S_SMALL_RO     ((1u << 9) | (1u << 4))  /* AP = 101: PL1 read-only */
#define S_SMALL_NORMAL ((1u << 6) | 0xcu)

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2[256] __attribute__((aligned(1024)));

static void short_descriptors(void)
{
    printf("short-descriptor translation (TTBCR.EAE=0)\n");
    for (uint32_t va = RAM_BASE; va < RAM_BASE + RAM_SIZE; va += 0x100000)
        l1[va >> 20] = va | S_AP_RW | S_NORMAL | S_DOMAIN(0) | S_SECTION;
    l1[UART0_BASE >> 20] = (UART0_BASE & 0xfff00000u) | S_AP_RW | S_DEVICE | S_XN | S_SECTION;
    /* A section in domain 1 (no access in DACR): domain faults. */
    l1[ALIAS_VA >> 20] = RAM_BASE | S_AP_RW | S_NORMAL | S_DOMAIN(1) | S_SECTION;

    CP15_WRITE(0, c2, c0, 2, 0);                /* TTBCR: N=0, EAE=0 */
    CP15_WRITE(0, c2, c0, 0, (uint32_t)l1);     /* TTBR0: walks non-cacheable */
    CP15_WRITE(0, c3, c0, 0, 0x1u);             /* DACR: domain 0 client, domain 1 no access */
    tlb_flush();
    mmu_enable();
    printf("  MMU on: SCTLR.M=%lu, TTBR0=l1, sections for RAM and the UART\n",
           (unsigned long)CP15_READ(0, c1, c0, 0) & 1);
    show_contents("page a (identity)", VA(pages.a));
    show_contents("page b (identity)", VA(pages.b));

    /* Split the section holding the pages into small pages; remap page a. */
    uint32_t sec = VA(pages.a) & 0xfff00000u;
    if ((VA(pages.noaf) & 0xfff00000u) != sec)
        printf("  error: the test pages straddle a section boundary\n");
    for (uint32_t i = 0; i < 256; i++)
        l2[i] = (sec + (i << 12)) | S_SMALL_NORMAL | S_SMALL_RW | S_SMALL;
    l2[(VA(pages.a) >> 12) & 0xff] = VA(pages.b) | S_SMALL_NORMAL | S_SMALL_RW | S_SMALL;
    l2[(VA(pages.ro) >> 12) & 0xff] = VA(pages.ro) | S_SMALL_NORMAL | S_SMALL_RO | S_SMALL;
    l1[sec >> 20] = (uint32_t)l2 | S_DOMAIN(0) | S_COARSE;
    tlb_flush();
    printf("  section %08lx split into small pages: VA of page a -> PA of page b\n", (unsigned long)sec);
    show_contents("page a (remapped)", VA(pages.a));
    show_contents("page b (identity)", VA(pages.b));
    probe_write(VA(pages.a) + 8, 0x21212121);   /* "!!!!" through the remapped VA */
    show_contents("page b after write", VA(pages.b));

    /* Short-format PAR: the attribute fields [8:1] are IMPLEMENTATION DEFINED
     * (QEMU leaves them 0): show PA, LPAE, NS and F only. */
    uint64_t par = ats1cpr(VA(pages.a)) & 0xfffffa01u;
    printf("  ATS1CPR(page a) PAR[31:12,11,9,0]=%016llx: PA %s page b\n", (unsigned long long)par,
           (uint32_t)(par & 0xfffff000u) == VA(pages.b) ? "is" : "is NOT");
    par = ats1cpr(UNMAPPED_VA);
    printf("  ATS1CPR(%08lx) PAR=%016llx\n", (unsigned long)UNMAPPED_VA, (unsigned long long)par);

    uint32_t n = abort_count;
    printf("  page ro reads %08lx\n", (unsigned long)probe_read(VA(pages.ro)));
    report_abort("read page ro", n);
    n = abort_count;
    probe_write(VA(pages.ro), 0x11111111);
    report_abort("write page ro", n);
    printf("    DFAR %s page ro; faulting instruction at probe_write%s\n",
           abort_dfar == VA(pages.ro) ? "is" : "is NOT", abort_pc - (uint32_t)probe_write < 16 ? "" : " (?)");
    printf("  page ro still reads %08lx\n", (unsigned long)probe_read(VA(pages.ro)));
    n = abort_count;
    uint32_t v = probe_read(UNMAPPED_VA + 0x1234);
    report_abort("read unmapped", n);
    printf("    load skipped, destination keeps %08lx\n", (unsigned long)v);
    n = abort_count;
    probe_write(ALIAS_VA + 0x40, 0);
    report_abort("write domain 1", n);
    n = abort_count;
    CP15_WRITE(0, c3, c0, 0, 0x5u);             /* DACR: domain 1 client */
    isb();
    v = probe_read(ALIAS_VA);
    report_abort("read domain 1 (client)", n);
    printf("    first word of RAM through %08lx: %08lx (_start: %08lx)\n", (unsigned long)ALIAS_VA,
           (unsigned long)v, (unsigned long)*(volatile uint32_t *)RAM_BASE);
    n = abort_count;
    CP15_WRITE(0, c3, c0, 0, 0xfu);             /* DACR: domain 1 manager */
    isb();
    l1[ALIAS_VA >> 20] = RAM_BASE | (1u << 15) | S_AP_RW | S_NORMAL | S_DOMAIN(1) | S_SECTION; /* AP=111: RO */
    tlb_flush();
    probe_write(ALIAS_VA + 0x40, probe_read(ALIAS_VA + 0x40));
    report_abort("write RO section, manager domain", n);

    mmu_disable();
    printf("  MMU off: page a reads \"%s\", page b reads \"%s\"\n", pages.a, pages.b);
}

/* ---- long-descriptor tables (LPAE) ------------------------------------- */

#define L_TABLE    0x3ull
#define L_BLOCK    0x1ull
#define L_PAGE     0x3ull
#define L_ATTR(i)  ((uint64_t)(i) << 2)         /* MAIR index */
#define L_RO       (2ull << 6)                  /* AP[2:1] = 10: PL1 read-only */
#define L_ISH      (3ull << 8)
#define L_AF       (1ull << 10)
#define L_XN       (1ull << 54)
#define L_NORMAL   (L_ATTR(0) | L_ISH | L_AF)
#define L_DEVICE   (L_ATTR(1) | L_AF | L_XN)

static uint64_t ll1[4] __attribute__((aligned(4096)));
static uint64_t ll2_lo[512] __attribute__((aligned(4096)));   /* 0x00000000-0x3fffffff */
static uint64_t ll2_hi[512] __attribute__((aligned(4096)));   /* 0x40000000-0x7fffffff */
static uint64_t ll3[512] __attribute__((aligned(4096)));

static void long_descriptors(void)
{
    printf("long-descriptor translation (TTBCR.EAE=1)\n");
    memset(ll1, 0, sizeof ll1);
    ll1[0] = (uint32_t)ll2_lo | L_TABLE;
    ll1[1] = (uint32_t)ll2_hi | L_TABLE;
    ll2_lo[UART0_BASE >> 21] = (UART0_BASE & ~0x1fffffu) | L_DEVICE | L_BLOCK;
    for (uint32_t va = RAM_BASE; va < RAM_BASE + RAM_SIZE; va += 0x200000)
        ll2_hi[(va >> 21) & 511] = va | L_NORMAL | L_BLOCK;
    /* A 2 MiB alias of the block holding the pages. */
    uint32_t block = VA(pages.a) & ~0x1fffffu;
    ll2_hi[(ALIAS_VA >> 21) & 511] = block | L_NORMAL | L_BLOCK;
    /* The block holding the pages, as 4 KiB pages. */
    for (uint32_t i = 0; i < 512; i++)
        ll3[i] = (block + (i << 12)) | L_NORMAL | L_PAGE;
    ll3[(VA(pages.a) >> 12) & 511] = VA(pages.b) | L_NORMAL | L_PAGE;
    ll3[(VA(pages.ro) >> 12) & 511] = VA(pages.ro) | L_NORMAL | L_RO | L_PAGE;
    ll3[(VA(pages.noaf) >> 12) & 511] = VA(pages.noaf) | (L_NORMAL & ~L_AF) | L_PAGE;
    ll2_hi[(block >> 21) & 511] = (uint32_t)ll3 | L_TABLE;

    CP15_WRITE(0, c10, c2, 0, 0x004404ffu);     /* MAIR0: 0 normal WB, 1 device, 2 normal NC */
    CP15_WRITE(0, c10, c2, 1, 0);               /* MAIR1 */
    CP15_WRITE(0, c2, c0, 2, 0x80000000u);      /* TTBCR: EAE, T0SZ=0: TTBR0 covers 4 GiB */
    CP15_WRITE64(0, c2, (uint64_t)(uint32_t)ll1); /* TTBR0, ASID 0 */
    tlb_flush();
    mmu_enable();
    printf("  MMU on: TTBCR=%08lx MAIR0=%08lx, 1 GiB level-1 entries, 2 MiB blocks, block %08lx as 4 KiB pages\n",
           (unsigned long)CP15_READ(0, c2, c0, 2), (unsigned long)CP15_READ(0, c10, c2, 0), (unsigned long)block);
    show_contents("page a (remapped)", VA(pages.a));
    show_contents("page b (identity)", VA(pages.b));
    uint32_t alias_b = ALIAS_VA + (VA(pages.b) & 0x1fffff);
    show_contents("page b (2 MiB alias)", alias_b);
    probe_write(alias_b + 12, 0x3f3f3f3f);      /* "????" through the alias */
    show_contents("page a after write", VA(pages.a));

    uint64_t par = ats1cpr(VA(pages.a));
    printf("  ATS1CPR(page a) PAR=%016llx: PA %s page b, LPAE=%lu\n", (unsigned long long)par,
           (uint32_t)(par & 0xfffff000u) == VA(pages.b) ? "is" : "is NOT", (unsigned long)(par >> 11) & 1);
    par = ats1cpr(alias_b);
    printf("  ATS1CPR(alias of page b) PAR=%016llx\n", (unsigned long long)par);
    par = ats1cpr(UART0_BASE);
    printf("  ATS1CPR(UART) PAR=%016llx\n", (unsigned long long)par);
    par = ats1cpr(UNMAPPED_VA);
    printf("  ATS1CPR(%08lx) PAR=%016llx\n", (unsigned long)UNMAPPED_VA, (unsigned long long)par);

    uint32_t n = abort_count;
    printf("  page ro reads %08lx\n", (unsigned long)probe_read(VA(pages.ro)));
    report_abort("read page ro", n);
    n = abort_count;
    probe_write(VA(pages.ro), 0x22222222);
    report_abort("write page ro", n);
    printf("    DFAR %s page ro\n", abort_dfar == VA(pages.ro) ? "is" : "is NOT");
    printf("  page ro still reads %08lx\n", (unsigned long)probe_read(VA(pages.ro)));
    n = abort_count;
    uint32_t v = probe_read(VA(pages.noaf) + 0x10);
    report_abort("read page without AF", n);
    printf("    load skipped, destination keeps %08lx\n", (unsigned long)v);
    n = abort_count;
    probe_read(UNMAPPED_VA + 0x5678);
    report_abort("read unmapped (level 1)", n);
    n = abort_count;
    probe_write(0x30000000u, 1);
    report_abort("write unmapped (level 2)", n);

    mmu_disable();
    CP15_WRITE(0, c2, c0, 2, 0);                /* back to short descriptors */
    isb();
    printf("  MMU off: page a reads \"%s\", page b reads \"%s\"\n", pages.a, pages.b);
}

int main(void)
{
    strcpy(pages.a, "this is page a");
    strcpy(pages.b, "this is page b");
    memcpy(pages.ro, "\x78\x56\x34\x12", 4);
    strcpy(pages.noaf, "page without access flag");
    printf("mmu: page a at +%05lx, page b at +%05lx, page ro at +%05lx (from the 1 MiB section)\n",
           (unsigned long)VA(pages.a) & 0xfffff, (unsigned long)VA(pages.b) & 0xfffff,
           (unsigned long)VA(pages.ro) & 0xfffff);
    short_descriptors();
    long_descriptors();
    printf("mmu: %lu data aborts taken\n", (unsigned long)abort_count);
    return 0;
}
