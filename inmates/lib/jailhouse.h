/* The parts of the Jailhouse ABI an inmate sees (Jailhouse v0.12, 32-bit
 * ARM): the communication region, its message and state codes, and the
 * hypercall interface. All offsets are those of the packed C structures. */
#ifndef INMATE_JAILHOUSE_H
#define INMATE_JAILHOUSE_H

#include <stdint.h>

/* Hypercalls: HVC #0x4a48, r0 = code (and result), r1/r2 = arguments. */
#define JAILHOUSE_HVC_IMM                   0x4a48
#define JAILHOUSE_HC_DISABLE                0
#define JAILHOUSE_HC_CELL_CREATE            1
#define JAILHOUSE_HC_CELL_START             2
#define JAILHOUSE_HC_CELL_SET_LOADABLE      3
#define JAILHOUSE_HC_CELL_DESTROY           4
#define JAILHOUSE_HC_HYPERVISOR_GET_INFO    5
#define JAILHOUSE_HC_CELL_GET_STATE         6
#define JAILHOUSE_HC_CPU_GET_INFO           7
#define JAILHOUSE_HC_DEBUG_CONSOLE_PUTC     8

/* Messages to the cell (msg_to_cell). */
#define JAILHOUSE_MSG_NONE                  0
#define JAILHOUSE_MSG_SHUTDOWN_REQUEST      1
#define JAILHOUSE_MSG_RECONFIG_COMPLETED    2

/* Replies from the cell (reply_from_cell). */
#define JAILHOUSE_MSG_UNKNOWN               1
#define JAILHOUSE_MSG_REQUEST_DENIED        2
#define JAILHOUSE_MSG_REQUEST_APPROVED      3
#define JAILHOUSE_MSG_RECEIVED              4

/* Cell states (cell_state): set up by the hypervisor, updated by the cell. */
#define JAILHOUSE_CELL_RUNNING              0
#define JAILHOUSE_CELL_RUNNING_LOCKED       1
#define JAILHOUSE_CELL_SHUT_DOWN            2   /* terminal */
#define JAILHOUSE_CELL_FAILED               3   /* terminal */
#define JAILHOUSE_CELL_FAILED_COMM_REV      4   /* terminal */

/* Comm region flags. */
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED  0x0001
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE     0x0002

/* Console types and flags (struct jailhouse_console). */
#define JAILHOUSE_CON_TYPE_NONE             0x0000
#define JAILHOUSE_CON_TYPE_8250             0x0002
#define JAILHOUSE_CON_TYPE_PL011            0x0003
#define JAILHOUSE_CON_ACCESS_MMIO           0x0001
#define JAILHOUSE_CON_REGDIST_4             0x0002

#define COMM_REGION_ABI_REVISION            2
#define COMM_REGION_MAGIC                   "JHCOMM"

struct jailhouse_console {
    uint64_t address;
    uint32_t size;
    uint16_t type;
    uint16_t flags;
    uint32_t divider;
    uint32_t gate_nr;
    uint64_t clock_reg;
} __attribute__((packed));                                  /* 32 bytes */

struct jailhouse_comm_region {
    char signature[6];                                      /* 0x00 */
    uint16_t revision;                                      /* 0x06 */
    volatile uint32_t cell_state;                           /* 0x08 */
    volatile uint32_t msg_to_cell;                          /* 0x0c */
    volatile uint32_t reply_from_cell;                      /* 0x10 */
    uint32_t flags;                                         /* 0x14 */
    struct jailhouse_console console;                       /* 0x18 */
    uint64_t pci_mmconfig_base;                             /* 0x38 */
    /* ARM part */
    uint8_t gic_version;                                    /* 0x40 */
    uint8_t padding[7];
    uint64_t gicd_base;                                     /* 0x48 */
    uint64_t gicc_base;                                     /* 0x50 */
    uint64_t gicr_base;                                     /* 0x58 */
    uint32_t vpci_irq_base;                                 /* 0x60 */
} __attribute__((packed));                                  /* 0x64 bytes */

_Static_assert(sizeof(struct jailhouse_console) == 32, "jailhouse_console layout");
_Static_assert(__builtin_offsetof(struct jailhouse_comm_region, console) == 0x18, "comm region layout");
_Static_assert(__builtin_offsetof(struct jailhouse_comm_region, gicd_base) == 0x48, "comm region layout");
_Static_assert(sizeof(struct jailhouse_comm_region) == 0x64, "comm region layout");

/* Where Jailhouse's ARM inmates find the comm region (guest-physical). */
#define COMM_REGION_BASE                    0x80000000u

static inline uint32_t jailhouse_call2(uint32_t code, uint32_t arg1, uint32_t arg2)
{
    register uint32_t r0 __asm__("r0") = code;
    register uint32_t r1 __asm__("r1") = arg1;
    register uint32_t r2 __asm__("r2") = arg2;
    __asm__ volatile(".arch_extension virt\n\thvc #0x4a48"
                     : "+r"(r0), "+r"(r1), "+r"(r2) :: "r3", "memory");
    return r0;
}

#endif
