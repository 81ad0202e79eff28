/* Entry of the inmates: linked at guest-physical 0 (Jailhouse's ARM inmate
 * convention), entered there in SVC mode with the MMU off and interrupts
 * masked; vectors at 0 (VBAR 0); a parameter block at 0x20 that the loader
 * may overwrite. Secondary CPUs come in through PSCI CPU_ON at
 * secondary_start. Per CPU (virtual MPIDR.Aff0): 4 KiB SVC and 1 KiB IRQ
 * stack. */

    .syntax unified
    .arm

#define MODE_IRQ 0x12
#define MODE_SVC 0x13

    .section .text.vectors, "ax", %progbits
    .global _start
_start:
    b       reset
    b       vec_undef
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       .
    b       vec_irq
    b       vec_fiq

    .global inmate_params
inmate_params:                          @ at 0x20
    .word   0x544d4e49                  @ "INMT"
    .word   1                           @ version
    .word   0                           @ iterations
    .word   0                           @ select
    .word   0                           @ period_us
    .word   0                           @ console
    .word   0                           @ arg
    .word   0                           @ reserved

reset:
    bl      stack_init
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      main
    b       halt

    .global secondary_start
secondary_start:
    bl      stack_init
    bl      secondary_main
halt:
    cpsid   if
2:  wfi
    b       2b

stack_init:
    mrc     p15, 0, r0, c0, c0, 5
    and     r0, r0, #3
    ldr     r1, =stacks_end
    sub     r1, r1, r0, lsl #13
    cps     #MODE_IRQ
    sub     sp, r1, #0x1000
    cps     #MODE_SVC
    mov     sp, r1
    bx      lr

vec_undef:
    mov     r0, #1
    b       vec_fatal
vec_svc:
    mov     r0, #2
    b       vec_fatal
vec_pabt:
    mov     r0, #3
    b       vec_fatal
vec_fiq:
    mov     r0, #7
    b       vec_fatal
vec_dabt:
    mov     r0, #4
vec_fatal:
    mov     r1, lr
    bl      fatal_exception
    b       halt

vec_irq:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      irq_handler
    pop     {r0-r3, r12, lr}
    movs    pc, lr

    .ltorg

    .section .bss.stacks, "aw", %nobits
    .balign 16
stacks:
    .space  4 * 0x2000
stacks_end:
