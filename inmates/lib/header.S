/* Start of every inmate image: the exception vectors at offset 0 (a cell's
 * CPU starts at guest-physical 0, so vector 0 is also the entry), the
 * parameter block at 0x20, and the common start-up.
 *
 * Entry state (as Jailhouse resets a cell's CPU): A32, SVC mode, MMU and
 * caches off, A/I/F masked. The native start-up (native.S) arrives here in
 * the same state.
 *
 * All exceptions are handled in SVC mode: the entry stores the return
 * address and SPSR on the SVC stack (SRS), switches to SVC mode and saves
 * r0-r12 and LR_svc, giving a struct cpu_frame. exception_entry() returns the
 * frame to resume, which lets a scheduler switch stacks on an IRQ or SVC. */

    .syntax unified
    .arm

#define MODE_SVC    0x13

    .section .text.head, "ax", %progbits
    .global vectors
vectors:
    b       reset_entry                 @ 0x00 reset: the cell's entry
    b       undef_entry                 @ 0x04
    b       svc_entry                   @ 0x08
    b       pabt_entry                  @ 0x0c
    b       dabt_entry                  @ 0x10
    b       unused_entry                @ 0x14
    b       irq_entry                   @ 0x18
    b       fiq_entry                   @ 0x1c

@ Parameter block at offset 0x20 (struct inmate_params), patchable by a loader.
    .global inmate_params
    .type   inmate_params, %object
inmate_params:
    .word   0x544d4e49                  @ magic "INMT"
    .word   1                           @ version
    .word   0                           @ iterations
    .word   0                           @ select
    .word   0                           @ period_us
    .word   0                           @ console
    .word   0                           @ arg
    .word   0                           @ reserved
    .size   inmate_params, . - inmate_params

    .global reset_entry
reset_entry:
    cpsid   aif
    ldr     sp, =__stack_top
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      inmate_start                @ does not return

@ Exception entry: LR adjusted to the resume address, frame built on the SVC
@ stack, exception_entry(frame, vector) called on an 8-byte aligned stack.
.macro exc_entry name, adjust, vec
\name:
    .if \adjust
    sub     lr, lr, #\adjust
    .endif
    srsdb   sp!, #MODE_SVC
    cps     #MODE_SVC
    push    {r0-r12, lr}
    mov     r4, sp
    bic     sp, sp, #7
    mov     r0, r4
    mov     r1, #\vec
    bl      exception_entry
    mov     sp, r0
    pop     {r0-r12, lr}
    rfeia   sp!
.endm

    exc_entry undef_entry, 4, 1
    exc_entry svc_entry, 0, 2
    exc_entry pabt_entry, 4, 3
    exc_entry dabt_entry, 8, 4
    exc_entry unused_entry, 0, 5
    exc_entry irq_entry, 4, 6
    exc_entry fiq_entry, 4, 7

    .ltorg
