/* Entry point: QEMU (and the jailhouse-ts qemu-arm board) jump here in SVC
 * mode with IRQ/FIQ masked and the MMU off. */

    .syntax unified
    .arm

    .section .text.start, "ax", %progbits
    .global _start
    .type   _start, %function
_start:
    ldr     sp, =__stack_top
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR: catch stray exceptions
    isb

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

    .section .text.start, "ax", %progbits

    .balign 32
vectors:
    b       _start                      @ 0x00 reset
    b       vec_undef                   @ 0x04
    b       vec_svc                     @ 0x08
    b       vec_pabt                    @ 0x0c
    b       vec_dabt                    @ 0x10
    b       vec_hyp                     @ 0x14
    b       vec_irq                     @ 0x18
    b       vec_fiq                     @ 0x1c

.macro vec name, num
\name:
    ldr     sp, =__exc_stack_top
    mov     r0, #\num
    mov     r1, lr
    mrs     r2, spsr
    b       unexpected_exception
.endm

    vec     vec_undef, 1
    vec     vec_svc, 2
    vec     vec_pabt, 3
    vec     vec_dabt, 4
    vec     vec_hyp, 5
    vec     vec_irq, 6
    vec     vec_fiq, 7

    .ltorg
