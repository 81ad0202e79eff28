/* Start-up of the demo root program (root-BOARD.elf, linked at the board's
 * RAM base): the exception vectors at the entry, the parameter block at
 * offset 0x20, and the per-CPU set-up.
 *
 * Entered in Hyp mode (as U-Boot enters an OS), a CPU installs a minimal
 * Hyp stub (no stage 2, no traps, CNTVOFF 0, PL1 may use the physical
 * counter and timer) and leaves Hyp mode for SVC, so that a hypervisor can
 * later be put underneath the program. Entered in SVC mode it goes straight
 * on. Every CPU (by MPIDR.Aff0) gets an 8 KiB stack area: SVC 4 KiB, then
 * IRQ, Abort, Undefined and FIQ 1 KiB each. */

    .syntax unified
    .arm
    .arch_extension virt

#define MODE_FIQ    0x11
#define MODE_IRQ    0x12
#define MODE_SVC    0x13
#define MODE_ABT    0x17
#define MODE_HYP    0x1a
#define MODE_UND    0x1b
#define PSR_AIF     0x1c0
#define MAX_CPUS    8
#define STACK_AREA  0x2000

    .section .text.head, "ax", %progbits
    .global root_vectors
root_vectors:
    b       reset_entry                 @ 0x00: the image entry
    b       undef_entry                 @ 0x04
    b       svc_entry                   @ 0x08
    b       pabt_entry                  @ 0x0c
    b       dabt_entry                  @ 0x10
    b       unused_entry                @ 0x14
    b       irq_entry                   @ 0x18
    b       fiq_entry                   @ 0x1c

@ Parameter block at offset 0x20, the layout of struct inmate_params.
    .global root_params
    .type   root_params, %object
root_params:
    .word   0x544d4e49                  @ magic "INMT"
    .word   1                           @ version
    .word   0                           @ iterations: heartbeats before power-off (0: never)
    .word   0                           @ select: 1 = do not start the other CPUs
    .word   0                           @ period_us: heartbeat period (0: one second)
    .word   0                           @ console (unused)
    .word   0                           @ arg (unused)
    .word   0                           @ reserved
    .size   root_params, . - root_params

reset_entry:
    mrs     r4, cpsr
    and     r4, r4, #0x1f
    bl      cpu_setup
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    cmp     r4, #MODE_HYP
    moveq   r0, #1
    movne   r0, #0
    bl      root_main                   @ does not return
    b       root_halt

@ PSCI CPU_ON entry of the other CPUs (r0: context ID, unused).
    .global secondary_entry
secondary_entry:
    bl      cpu_setup
    bl      secondary_main              @ does not return
    b       root_halt

@ Leaves Hyp mode if entered there, sets the banked stack pointers and VBAR.
@ Uses no stack; returns in SVC mode with A, I and F masked.
cpu_setup:
    mov     r12, lr
    mrc     p15, 0, r0, c0, c0, 5       @ MPIDR
    and     r0, r0, #(MAX_CPUS - 1)
    ldr     r1, =stacks_end
    sub     r1, r1, r0, lsl #13         @ top of this CPU's area
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #MODE_HYP
    bne     2f
    ldr     r0, =hyp_stub_vectors
    mcr     p15, 4, r0, c12, c0, 0      @ HVBAR
    mov     r0, #0
    mcr     p15, 4, r0, c1, c1, 0       @ HCR: no stage 2, no traps
    mcr     p15, 4, r0, c1, c1, 3       @ HSTR
    mov     r2, #0
    mcrr    p15, 4, r0, r2, c14         @ CNTVOFF = 0
    ldr     r0, =0x33ff
    mcr     p15, 4, r0, c1, c1, 2       @ HCPTR: no coprocessor traps
    mov     r0, #3
    mcr     p15, 4, r0, c14, c1, 0      @ CNTHCTL: PL1PCTEN | PL1PCEN
    isb
    mov     r0, #(PSR_AIF | MODE_SVC)
    msr     spsr_cxsf, r0
    adr     r0, 2f
    msr     elr_hyp, r0
    eret
2:  cpsid   aif, #MODE_IRQ
    sub     sp, r1, #0x1000
    cps     #MODE_ABT
    sub     sp, r1, #0x1400
    cps     #MODE_UND
    sub     sp, r1, #0x1800
    cps     #MODE_FIQ
    sub     sp, r1, #0x1c00
    cps     #MODE_SVC
    mov     sp, r1
    ldr     r0, =root_vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    bx      r12

    .global root_halt
root_halt:
    cpsid   if
    wfi
    b       root_halt

@ IRQ: handled in IRQ mode; the handler only acknowledges and records.
irq_entry:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}            @ 24 bytes: the stack stays 8-byte aligned
    bl      root_irq
    pop     {r0-r3, r12, lr}
    movs    pc, lr

@ Everything else is fatal: root_fatal(vector, return address, SPSR).
.macro fatal_entry name, vec
\name:
    mov     r0, #\vec
    b       fatal_common
.endm
    fatal_entry undef_entry, 1
    fatal_entry svc_entry, 2
    fatal_entry pabt_entry, 3
    fatal_entry dabt_entry, 4
    fatal_entry unused_entry, 5
    fatal_entry fiq_entry, 7
fatal_common:
    mov     r1, lr
    mrs     r2, spsr
    bic     sp, sp, #7
    bl      root_fatal
    b       root_halt

@ The Hyp stub's vectors: nothing traps to it while no hypervisor runs, and
@ a hypervisor replaces it. Anything that still arrives stops the CPU.
    .balign 32
hyp_stub_vectors:
    .rept   8
    b       hyp_stuck
    .endr
hyp_stuck:
    wfi
    b       hyp_stuck

    .ltorg

    .section .bss.stacks, "aw", %nobits
    .balign 16
stacks:
    .space  MAX_CPUS * STACK_AREA
stacks_end:
