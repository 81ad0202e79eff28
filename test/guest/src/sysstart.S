/* Entry point of the system programs (everything that runs on
 * `qemu-system-arm -M virt,virtualization=on`, or on the bananapi board
 * entered in Hyp mode). Always A32, also in the Thumb builds: the ELF entry
 * is even, the exception vectors are A32 (SCTLR.TE = 0), and C code in Thumb
 * state is reached through BLX (the linker turns BL into BLX).
 *
 * The CPU may be entered in Hyp mode (QEMU with virtualization=on, PSCI
 * CPU_ON on such a machine) or in SVC mode. In Hyp mode, cpu_init sets up the
 * Hyp side so that PL1 runs untrapped, then drops to SVC with an ERET:
 *
 *   HVBAR    hyp_vectors (an HVC from PL1 lands on hyp_trap_handler)
 *   HCR      0          (no stage 2, no traps, IRQs/FIQs/aborts go to PL1)
 *   HSTR     0          (no CP15 traps)
 *   HCPTR    0x33ff     (no CP10/CP11 traps; the other TCPn bits as RES1)
 *   CNTHCTL  3          (PL1 may use the physical counter and timer)
 *   CNTVOFF  0          (virtual count = physical count)
 *   SP_hyp   this core's Hyp stack
 *   SPSR_hyp SVC mode, A I F masked; ELR_hyp the continuation; ERET
 *
 * Then, in SVC mode on every core: stacks for IRQ, Abort and Undefined mode
 * (exc_stacks, 4 KiB per core, by MPIDR.Aff0), VBAR = vectors, and in the
 * hard-float builds the FPU (CPACR cp10/cp11 full access, ISB, FPEXC.EN).
 * Interrupts stay masked; programs that want IRQs unmask them (CPSIE i).
 *
 * The CPSR at entry is saved in entry_cpsr (boot core) and passed to
 * secondary_main (cores started with PSCI CPU_ON at secondary_entry, r0 =
 * context id = the top of the core's SVC stack). */

    .syntax unified
    .arm

#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define PSR_AIF  0x1c0

#define MAX_CPUS      4
#define EXC_STACK_SZ  0x400     /* per mode: Hyp, IRQ, Abort, Undefined */

    .section .text.start, "ax", %progbits
    .global _start
    .type   _start, %function
_start:
    mrs     r4, cpsr
    ldr     r0, =entry_cpsr
    str     r4, [r0]
    bl      cpu_init
    ldr     sp, =__stack_top

    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
    mov     r3, #0
1:  cmp     r0, r1
    strdlo  r2, r3, [r0], #8            @ .bss is 8-byte aligned and sized
    blo     1b

    bl      __libc_init_array           @ newlib: run .init_array (registers fini)
    bl      main
    bl      exit                        @ newlib: atexit handlers, flush stdio, _exit
2:  b       2b
    .size   _start, . - _start

@ PSCI CPU_ON entry point of the other cores: r0 = context id, used as the
@ top of this core's SVC stack. Calls secondary_main(entry_cpsr, mpidr).
    .global secondary_entry
    .type   secondary_entry, %function
secondary_entry:
    mov     r6, r0
    mrs     r4, cpsr
    bl      cpu_init
    mov     sp, r6
    mov     r0, r4
    mrc     p15, 0, r1, c0, c0, 5       @ MPIDR
    bl      secondary_main
3:  wfi
    b       3b
    .size   secondary_entry, . - secondary_entry

@ Per-core set-up, see above. Called with BL from the entry code, no stack
@ needed; preserves r4-r11. In Hyp mode LR is LR_usr, not the LR of SVC
@ mode we return in, so the return address is kept in r12.
    .type   cpu_init, %function
cpu_init:
    mov     r12, lr
    mrc     p15, 0, r0, c0, c0, 5       @ MPIDR
    and     r0, r0, #0xff               @ Aff0: core number
    cmp     r0, #MAX_CPUS - 1
    movhi   r0, #MAX_CPUS - 1
    ldr     r1, =exc_stacks_end
    sub     r1, r1, r0, lsl #12         @ 4 KiB per core, growing down

    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #MODE_HYP
    bne     1f

    mov     sp, r1                      @ SP_hyp
    sub     r1, r1, #EXC_STACK_SZ
    ldr     r0, =hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      @ HVBAR
    mov     r0, #0
    mcr     p15, 4, r0, c1, c1, 0       @ HCR
    mcr     p15, 4, r0, c1, c1, 3       @ HSTR
    mov     r2, #0
    mcrr    p15, 4, r0, r2, c14         @ CNTVOFF
    ldr     r0, =0x33ff
    mcr     p15, 4, r0, c1, c1, 2       @ HCPTR
    mov     r0, #3
    mcr     p15, 4, r0, c14, c1, 0      @ CNTHCTL: PL1PCTEN | PL1PCEN
    isb
    mov     r0, #(PSR_AIF | MODE_SVC)
    msr     spsr_cxsf, r0               @ SPSR_hyp (MSR SPSR_hyp is UNPREDICTABLE in Hyp mode)
    adr     r0, 1f
    msr     elr_hyp, r0
    eret

1:  cps     #MODE_IRQ
    mov     sp, r1
    sub     r1, r1, #EXC_STACK_SZ
    cps     #MODE_ABT
    mov     sp, r1
    sub     r1, r1, #EXC_STACK_SZ
    cps     #MODE_UND
    mov     sp, r1
    cps     #MODE_SVC

    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
#ifdef __ARM_PCS_VFP
    mrc     p15, 0, r0, c1, c0, 2       @ CPACR
    orr     r0, r0, #(0xf << 20)        @ cp10, cp11: full access
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000             @ FPEXC.EN
    vmsr    fpexc, r0
#endif
    isb
    bx      r12
    .size   cpu_init, . - cpu_init

    .ltorg

@ ---- PL1 exception vectors ------------------------------------------------

    .balign 32
vectors:
    b       vec_reset                   @ 0x00
    b       vec_undef                   @ 0x04
    b       vec_svc                     @ 0x08
    b       vec_pabt                    @ 0x0c
    b       vec_dabt                    @ 0x10
    b       vec_unused                  @ 0x14
    b       vec_irq                     @ 0x18
    b       vec_fiq                     @ 0x1c

.macro fatal name, num
\name:
    ldr     sp, =__exc_stack_top
    mov     r0, #\num
    mov     r1, lr
    mrs     r2, spsr
    b       unexpected_exception
.endm

    fatal   vec_reset, 0
    fatal   vec_undef, 1
    fatal   vec_svc, 2
    fatal   vec_pabt, 3
    fatal   vec_unused, 5
    fatal   vec_fiq, 7

@ Data abort: data_abort_handler(frame, spsr) with frame = r0..r12 and the
@ address of the aborting instruction (frame[13]); the handler may change
@ frame[13] to resume elsewhere (e.g. skip the instruction).
vec_dabt:
    sub     lr, lr, #8
    push    {r0-r12, lr}
    mov     r0, sp
    mrs     r1, spsr
    bl      data_abort_handler
    pop     {r0-r12, lr}
    movs    pc, lr

@ IRQ: irq_handler() with the AAPCS caller-saved core registers preserved.
@ VFP registers are not saved: IRQ handlers must not use floating point.
vec_irq:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      irq_handler
    pop     {r0-r3, r12, lr}
    movs    pc, lr

    .weak   data_abort_handler
    .type   data_abort_handler, %function
data_abort_handler:
    mov     r2, r1
    ldr     r1, [r0, #52]
    mov     r0, #4
    b       unexpected_exception
    .size   data_abort_handler, . - data_abort_handler

    .weak   irq_handler
    .type   irq_handler, %function
irq_handler:
    mov     r0, #6
    mov     r1, #0
    mrs     r2, cpsr
    b       unexpected_exception
    .size   irq_handler, . - irq_handler

    .weak   secondary_main
    .type   secondary_main, %function
secondary_main:
    bx      lr
    .size   secondary_main, . - secondary_main

@ ---- Hyp vectors (HVBAR) --------------------------------------------------

    .balign 32
hyp_vectors:
    b       hvec_reset                  @ 0x00
    b       hvec_undef                  @ 0x04
    b       hvec_hvc                    @ 0x08 HVC/SVC in Hyp mode
    b       hvec_pabt                   @ 0x0c
    b       hvec_dabt                   @ 0x10
    b       hvec_trap                   @ 0x14 Hyp trap (HVC from PL1, traps)
    b       hvec_irq                    @ 0x18
    b       hvec_fiq                    @ 0x1c

.macro hfatal name, num
\name:
    mov     r0, #\num
    mrs     r1, elr_hyp
    mrs     r2, spsr
    b       unexpected_exception
.endm

    hfatal  hvec_reset, 0
    hfatal  hvec_undef, 1
    hfatal  hvec_hvc, 2
    hfatal  hvec_pabt, 3
    hfatal  hvec_dabt, 4
    hfatal  hvec_irq, 6
    hfatal  hvec_fiq, 7

@ Hyp trap: hyp_trap_handler(frame) with frame = r0..r12, lr; returns with
@ ERET to ELR_hyp (which the handler may change with MSR ELR_hyp).
hvec_trap:
    push    {r0-r12, lr}
    mov     r0, sp
    bl      hyp_trap_handler
    pop     {r0-r12, lr}
    eret

    .weak   hyp_trap_handler
    .type   hyp_trap_handler, %function
hyp_trap_handler:
    mov     r0, #5
    mrs     r1, elr_hyp
    mrs     r2, spsr
    b       unexpected_exception
    .size   hyp_trap_handler, . - hyp_trap_handler

    .ltorg

@ _init/_fini are called by newlib's __libc_init_array/__libc_fini_array;
@ with .init_array/.fini_array there is nothing left for them to do.
    .section .text._init, "ax", %progbits
    .global _init
    .type   _init, %function
_init:
    bx      lr
    .size   _init, . - _init

    .section .text._fini, "ax", %progbits
    .global _fini
    .type   _fini, %function
_fini:
    bx      lr
    .size   _fini, . - _fini

    .data
    .balign 4
    .global entry_cpsr
    .type   entry_cpsr, %object
entry_cpsr:                             @ in .data: written before .bss is zeroed
    .word   0
    .size   entry_cpsr, 4

    .section .bss.exc_stacks, "aw", %nobits
    .balign 16
exc_stacks:
    .space  MAX_CPUS * 0x1000
exc_stacks_end:
