/* The inmate library: everything a demo needs to run as a Jailhouse cell
 * (image linked at guest-physical 0, entered in SVC mode with the MMU and
 * caches off and interrupts masked) or, built with -DNATIVE, directly on the
 * board without a hypervisor.
 *
 * Build-time selection: -DBOARD_BANANAPI or -DBOARD_QEMU_ARM picks the
 * board's addresses; -DNATIVE the native start-up (native.S, native.c). */
#ifndef INMATE_H
#define INMATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailhouse.h"

/* Console "type" of the debug-console hypercall (not a Jailhouse value:
 * Jailhouse selects it with JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE). */
#define INMATE_CON_HYPERCALL    0xffff

#if defined(BOARD_BANANAPI)
#include "board-bananapi.h"
#elif defined(BOARD_QEMU_ARM)
#include "board-qemu-arm.h"
#else
#error "define BOARD_BANANAPI or BOARD_QEMU_ARM"
#endif

#ifdef NATIVE
#define INMATE_NATIVE 1
#else
#define INMATE_NATIVE 0
#endif

/* ---- image parameters ------------------------------------------------------
 * A block at image offset 0x20 (right after the exception vectors) that a
 * loader may patch before starting the image. Zero means "the demo's
 * default" everywhere. */

#define INMATE_PARAMS_OFFSET    0x20
#define INMATE_PARAMS_MAGIC     0x544d4e49u     /* "INMT" */
#define INMATE_FOREVER          0xffffffffu

struct inmate_params {
    uint32_t magic;         /* INMATE_PARAMS_MAGIC */
    uint32_t version;       /* 1 */
    uint32_t iterations;    /* periods/events before stopping; INMATE_FOREVER: never */
    uint32_t select;        /* demo-specific choice (rogue attempt, histogram, IRQ mode) */
    uint32_t period_us;     /* demo period in microseconds */
    uint32_t console;       /* 0: automatic; a JAILHOUSE_CON_TYPE_* or INMATE_CON_HYPERCALL */
    uint32_t arg;           /* demo-specific address or number */
    uint32_t reserved;
};

extern volatile struct inmate_params inmate_params;

/* The parameter, or the default when it is 0. */
static inline uint32_t param_or(uint32_t value, uint32_t dflt) { return value ? value : dflt; }

/* Iterations to run: the parameter, else native_default in native builds and
 * "forever" (0) in cells, which run until the hypervisor shuts them down. */
uint32_t inmate_iterations(uint32_t native_default);

/* ---- entry and exit --------------------------------------------------------- */

/* The demo's entry point, called with the console set up. */
void inmate_main(void);

/* Stops for good: native builds power the board off (PSCI SYSTEM_OFF), cells
 * set their state to JAILHOUSE_CELL_SHUT_DOWN and halt. */
void inmate_stop(void) __attribute__((noreturn));

/* Masks interrupts and waits forever. */
void halt(void) __attribute__((noreturn));

/* 1 if the native start-up was entered in Hyp mode (native builds). */
extern uint32_t native_entered_hyp;

/* ---- exceptions --------------------------------------------------------------
 * Every exception is handled in SVC mode on the interrupted stack with this
 * frame; handlers may return a different frame to switch contexts. */

struct cpu_frame {
    uint32_t r[13];
    uint32_t lr;            /* LR_svc of the interrupted code */
    uint32_t pc;            /* where to resume */
    uint32_t cpsr;          /* CPSR to resume with */
};

#define VEC_UNDEF   1
#define VEC_SVC     2
#define VEC_PABT    3
#define VEC_DABT    4
#define VEC_IRQ     6
#define VEC_FIQ     7

/* Called for each acknowledged interrupt (set with irq_set_handler). */
typedef void (*irq_handler_t)(unsigned int irq);
void irq_set_handler(irq_handler_t handler);

/* Called after each IRQ and SVC: returns the frame to resume (a scheduler
 * switches tasks here). NULL: resume the interrupted frame. */
typedef struct cpu_frame *(*switch_hook_t)(struct cpu_frame *frame);
extern switch_hook_t switch_hook;

/* Called on a data abort; returns true if it handled it (it may move
 * frame->pc past the faulting instruction). NULL: report and halt. */
typedef bool (*abort_hook_t)(struct cpu_frame *frame, uint32_t dfsr, uint32_t dfar);
extern abort_hook_t data_abort_hook;

static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline uint32_t irq_save(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) :: "memory");
    return cpsr;
}
static inline void irq_restore(uint32_t cpsr)
{
    __asm__ volatile("msr cpsr_c, %0" :: "r"(cpsr) : "memory");
}

/* ---- CPU helpers ---------------------------------------------------------- */

#define STR_(x) #x
#define STR(x) STR_(x)
#define CP15_READ(opc1, crn, crm, opc2)                                        \
    ({ uint32_t v_;                                                           \
       __asm__ volatile("mrc p15, " STR(opc1) ", %0, " STR(crn) ", " STR(crm)  \
                        ", " STR(opc2) : "=r"(v_)); v_; })
#define CP15_WRITE(opc1, crn, crm, opc2, v)                                    \
    __asm__ volatile("mcr p15, " STR(opc1) ", %0, " STR(crn) ", " STR(crm)    \
                     ", " STR(opc2) :: "r"((uint32_t)(v)) : "memory")
#define CP15_READ64(opc1, crm)                                                 \
    ({ uint32_t lo_, hi_;                                                     \
       __asm__ volatile("mrrc p15, " STR(opc1) ", %0, %1, " STR(crm)           \
                        : "=r"(lo_), "=r"(hi_));                              \
       ((uint64_t)hi_ << 32) | lo_; })
#define CP15_WRITE64(opc1, crm, v)                                             \
    __asm__ volatile("mcrr p15, " STR(opc1) ", %0, %1, " STR(crm)              \
                     :: "r"((uint32_t)(v)), "r"((uint32_t)((uint64_t)(v) >> 32)) \
                     : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("" ::: "memory"); }

static inline uint32_t cpu_mpidr(void) { return CP15_READ(0, c0, c0, 5); }

static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint16_t mmio_read16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline void mmio_write16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }

/* ---- console and printk -------------------------------------------------------
 * The console is chosen at run time: the debug-console hypercall if the comm
 * region says so (JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE), else the UART the
 * comm region names, else the board's default; inmate_params.console
 * overrides all of these. UART drivers send "\r\n" for "\n". */

void console_init(void);
void console_putc(char c);
/* A received byte, or -1 if none is waiting (the hypercall console has no input). */
int console_getc(void);
void console_puts(const char *s);
const char *console_name(void);
/* The console in use: type (JAILHOUSE_CON_TYPE_* or INMATE_CON_HYPERCALL) and base. */
uint32_t console_type(void);
uintptr_t console_base(void);

/* printf subset: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #,
 * field width and precision (also *), length modifiers hh h l ll z. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* UART drivers, also usable on their own (uart-echo). */
struct uart {
    uintptr_t base;
    uint32_t type;          /* JAILHOUSE_CON_TYPE_8250 or _PL011 */
    unsigned int shift;     /* 8250 register distance: 1 << shift bytes */
};
void uart_putc(const struct uart *u, char c);
int uart_getc(const struct uart *u);
/* Receive interrupt on or off (8250 IER.ERBFI, PL011 IMSC.RXIM). */
void uart_rx_irq(const struct uart *u, bool on);

/* ---- comm region ---------------------------------------------------------- */

/* The comm region: at COMM_REGION_BASE in a cell, a stand-in filled by the
 * native start-up otherwise. */
extern struct jailhouse_comm_region *const comm_region;

bool comm_region_valid(void);
uint32_t comm_get_state(void);
void comm_set_state(uint32_t state);
/* Answers a pending hypervisor message (SHUTDOWN_REQUEST: approved if
 * shutdown_ok, else denied; RECONFIG_COMPLETED: received; others: unknown)
 * and returns it (JAILHOUSE_MSG_NONE if there was none). */
uint32_t comm_poll(bool shutdown_ok);
void comm_reply(uint32_t reply);
/* Sleeps until an interrupt handler sets *done or the hypervisor asks the
 * cell to shut down (approved). Called and returns with IRQs masked: the
 * check and the WFI run masked (WFI still wakes on a pending interrupt, which
 * is then taken), so no wake-up is lost between them. */
void wait_until_done(volatile bool *done);

/* Base addresses from the comm region, or the board's if it has none. */
uintptr_t gicd_base(void);
uintptr_t gicc_base(void);

/* ---- GICv2 -------------------------------------------------------------------
 * The same code drives the physical CPU interface and the virtual one a
 * hypervisor maps at the GICC address. */

#define GICD_CTLR           0x000
#define GICD_TYPER          0x004
#define GICD_ISENABLER      0x100
#define GICD_ICENABLER      0x180
#define GICD_IPRIORITYR     0x400
#define GICD_ITARGETSR      0x800
#define GICD_SGIR           0xf00
#define GICC_CTLR           0x00
#define GICC_PMR            0x04
#define GICC_IAR            0x0c
#define GICC_EOIR           0x10

#define GIC_SPURIOUS        1023

void gic_init(void);                    /* CPU interface on, priority mask 0xf0 */
void gic_enable_irq(unsigned int irq);  /* SPIs are also routed to this CPU */
void gic_disable_irq(unsigned int irq);
bool gic_irq_enabled(unsigned int irq);
uint32_t gic_ack(void);                 /* GICC_IAR */
void gic_eoi(uint32_t iar);             /* GICC_EOIR */
void gic_send_sgi(uint32_t target_mask, unsigned int sgi);
void gic_send_sgi_others(unsigned int sgi);
/* This CPU's bit in the GIC's CPU target masks (0 on a GIC with one CPU
 * interface: its ITARGETSR are RAZ/WI). */
uint32_t gic_cpu_mask(void);

/* ---- generic timer ------------------------------------------------------------ */

enum timer_kind { TIMER_VIRT, TIMER_PHYS };

#define TIMER_IRQ_VIRT      27      /* PPI 11 */
#define TIMER_IRQ_PHYS      30      /* PPI 14, non-secure physical timer */

uint32_t timer_freq(void);
uint64_t timer_count(enum timer_kind k);            /* CNTVCT or CNTPCT */
void timer_set_deadline(enum timer_kind k, uint64_t cval);   /* armed, unmasked */
void timer_stop(enum timer_kind k);
unsigned int timer_irq(enum timer_kind k);
uint64_t timer_ticks_to_ns(uint64_t ticks);
uint64_t timer_us_to_ticks(uint64_t us);
/* Busy-waits (WFI with interrupts masked) for the given time. */
void delay_us(uint64_t us);

/* ---- small C library -------------------------------------------------------- */

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
