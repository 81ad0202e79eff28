/* Shared by the root programs and the inmates: Jailhouse hypercalls (HVC
 * #0x4a48), PSCI through SMC, the communication region, GICv2 and generic
 * timer registers, and small output helpers over a putc the program
 * provides. */
#ifndef HV_GUEST_HV_H
#define HV_GUEST_HV_H

#include <stdint.h>

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

/* ---- Jailhouse */
#define HC_DISABLE              0
#define HC_CELL_CREATE          1
#define HC_CELL_START           2
#define HC_CELL_SET_LOADABLE    3
#define HC_CELL_DESTROY         4
#define HC_HYPERVISOR_GET_INFO  5
#define HC_CELL_GET_STATE       6
#define HC_CPU_GET_INFO         7
#define HC_DEBUG_CONSOLE_PUTC   8

#define MSG_NONE                0
#define MSG_SHUTDOWN_REQUEST    1
#define MSG_REQUEST_APPROVED    3
#define CELL_RUNNING            0
#define CELL_SHUT_DOWN          2

struct comm_region {
    char signature[6];
    uint16_t revision;
    volatile uint32_t cell_state;
    volatile uint32_t msg_to_cell;
    volatile uint32_t reply_from_cell;
    uint32_t flags;
    uint8_t console[32];
    uint64_t pci_mmconfig_base;
    uint8_t gic_version;
    uint8_t padding[7];
    uint64_t gicd_base;
    uint64_t gicc_base;
    uint64_t gicr_base;
    uint32_t vpci_irq_base;
} __attribute__((packed));

static inline int32_t hvc(uint32_t code, uint32_t a1, uint32_t a2)
{
    register uint32_t r0 __asm__("r0") = code;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    __asm__ volatile(".arch_extension virt\n\thvc #0x4a48"
                     : "+r"(r0), "+r"(r1), "+r"(r2) :: "r3", "memory");
    return (int32_t)r0;
}

/* ---- PSCI */
#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_SUSPEND    0x84000001u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0x84000003u
#define PSCI_AFFINITY_INFO  0x84000004u
#define PSCI_SYSTEM_OFF     0x84000008u

static inline int32_t smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = fn;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    __asm__ volatile(".arch_extension sec\n\tsmc #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory", "r12", "lr");
    return (int32_t)r0;
}

/* ---- GICv2 */
#define GICD_CTLR           0x000
#define GICD_TYPER          0x004
#define GICD_ISENABLER      0x100
#define GICD_ICENABLER      0x180
#define GICD_ISPENDR        0x200
#define GICD_IPRIORITYR     0x400
#define GICD_ITARGETSR      0x800
#define GICD_SGIR           0xf00
#define GICC_CTLR           0x00
#define GICC_PMR            0x04
#define GICC_IAR            0x0c
#define GICC_EOIR           0x10

/* ---- CP15 and the generic timer */
static inline uint32_t read_mpidr(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(v));
    return v;
}

static inline uint32_t read_cntfrq(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
    return v;
}

static inline uint64_t read_cntvct(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void write_cntv_tval(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 0" :: "r"(v)); }
static inline void write_cntv_ctl(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 1" :: "r"(v)); }
static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }

/* ---- output over the program's putc */
void putc_(char c);

static inline void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static inline void puthex(uint32_t v)
{
    puts_("0x");
    for (int i = 28; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}

static inline void putdec(int32_t v)
{
    char buf[12];
    int n = 0;
    uint32_t u = v < 0 ? -(uint32_t)v : (uint32_t)v;
    if (v < 0)
        putc_('-');
    do {
        buf[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n)
        putc_(buf[--n]);
}

/* The CPU-bound kernel whose cost the tests compare natively and in a cell. */
uint32_t compute(uint32_t rounds);

#endif
