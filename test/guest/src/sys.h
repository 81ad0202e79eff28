/* System-register access and helpers for the system programs (started by
 * sysstart.S, which leaves Hyp mode and runs main in SVC mode). */
#ifndef GUEST_SYS_H
#define GUEST_SYS_H

#include <stdint.h>

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_MON 0x16
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define MODE_SYS 0x1f

/* CPSR at entry of the boot core (sysstart.S). */
extern uint32_t entry_cpsr;

/* Frame of data_abort_handler: r0..r12, then the address of the aborting
 * instruction, which the handler may change. */
struct abort_frame {
    uint32_t r[13];
    uint32_t pc;
};

/* Overridable handlers called from sysstart.S (weak defaults report an
 * unexpected exception and exit). */
void data_abort_handler(struct abort_frame *f, uint32_t spsr);
void irq_handler(void);
void hyp_trap_handler(uint32_t *frame);
void secondary_main(uint32_t entry_cpsr, uint32_t mpidr);
void secondary_entry(void);

#define STR_(x) #x
#define STR(x) STR_(x)

/* MRC/MCR p15, opc1, Rt, CRn, CRm, opc2 */
#define CP15_READ(opc1, crn, crm, opc2)                                       \
    ({ uint32_t v_;                                                          \
       __asm__ volatile("mrc p15, " STR(opc1) ", %0, " STR(crn) ", " STR(crm) \
                        ", " STR(opc2) : "=r"(v_)); v_; })
#define CP15_WRITE(opc1, crn, crm, opc2, v)                                   \
    __asm__ volatile("mcr p15, " STR(opc1) ", %0, " STR(crn) ", " STR(crm)   \
                     ", " STR(opc2) :: "r"((uint32_t)(v)) : "memory")
/* MRRC/MCRR p15, opc1, Rt, Rt2, CRm */
#define CP15_READ64(opc1, crm)                                                \
    ({ uint32_t lo_, hi_;                                                    \
       __asm__ volatile("mrrc p15, " STR(opc1) ", %0, %1, " STR(crm)          \
                        : "=r"(lo_), "=r"(hi_));                             \
       ((uint64_t)hi_ << 32) | lo_; })
#define CP15_WRITE64(opc1, crm, v)                                            \
    __asm__ volatile("mcrr p15, " STR(opc1) ", %0, %1, " STR(crm)             \
                     :: "r"((uint32_t)(v)), "r"((uint32_t)((uint64_t)(v) >> 32)) \
                     : "memory")

static inline uint32_t read_cpsr(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static inline void sev(void) { __asm__ volatile("sev" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }

/* Generic timer (CP15 interface). */
#define read_cntfrq()        CP15_READ(0, c14, c0, 0)
#define read_cntpct()        CP15_READ64(0, c14)
#define read_cntvct()        CP15_READ64(1, c14)
#define write_cntp_ctl(v)    CP15_WRITE(0, c14, c2, 1, v)
#define read_cntp_ctl()      CP15_READ(0, c14, c2, 1)
#define write_cntp_cval(v)   CP15_WRITE64(2, c14, v)
#define write_cntv_ctl(v)    CP15_WRITE(0, c14, c3, 1, v)
#define read_cntv_ctl()      CP15_READ(0, c14, c3, 1)
#define write_cntv_cval(v)   CP15_WRITE64(3, c14, v)

#define read_midr()          CP15_READ(0, c0, c0, 0)
#define read_mpidr()         CP15_READ(0, c0, c0, 5)

/* PSCI 0.2+ through SMC (the conduit of QEMU's virt board with EL2). */
#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0x84000003u
#define PSCI_AFFINITY_INFO  0x84000004u
#define PSCI_FEATURES       0x8400000au

static inline int32_t psci_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = fn;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    __asm__ volatile(".arch_extension sec\n\tsmc #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "memory", "r12", "lr");
    return (int32_t)r0;
}

static inline uint32_t mmio_read(uint32_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }

#endif
