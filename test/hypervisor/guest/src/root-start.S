/* Entry of the root-cell programs: the boot CPU and CPUs started with PSCI
 * CPU_ON. Entered in Hyp mode (as U-Boot enters an OS), a CPU installs a
 * minimal Hyp stub (HVBAR; HCR 0; PL1 gets the physical timer and counter),
 * then leaves Hyp mode for SVC, where the program runs, so that a hypervisor
 * can later be put underneath it. Entered in SVC mode (PSCI CPU_ON under a
 * hypervisor), it goes straight on. Per CPU (by MPIDR.Aff0): an 8 KiB stack
 * area (SVC 4 KiB, then IRQ, Abort, Undefined and Hyp 1 KiB each). */

    .syntax unified
    .arm

#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define PSR_AIF  0x1c0
#define MAX_CPUS 4

    .section .text.start, "ax", %progbits
    .global _start
_start:
    mrs     r4, cpsr
    bl      cpu_init
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    mov     r0, r4
    bl      main
    b       halt

@ PSCI CPU_ON entry (r0 = context ID, unused).
    .global secondary_entry
secondary_entry:
    mrs     r4, cpsr
    bl      cpu_init
    mov     r0, r4
    bl      secondary_main
halt:
    cpsid   if
    wfi
    b       halt

@ No stack needed; returns in SVC mode through r12.
cpu_init:
    mov     r12, lr
    mrc     p15, 0, r0, c0, c0, 5
    and     r0, r0, #3
    ldr     r1, =stacks_end
    sub     r1, r1, r0, lsl #13
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #MODE_HYP
    bne     2f
    sub     sp, r1, #0x1c00             @ SP_hyp: the last 1 KiB of the area
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
    mov     r0, #(PSR_AIF | MODE_SVC)
    msr     spsr_cxsf, r0
    adr     r0, 2f
    msr     elr_hyp, r0
    eret
2:  cps     #MODE_IRQ
    sub     sp, r1, #0x1000
    cps     #MODE_ABT
    sub     sp, r1, #0x1400
    cps     #MODE_UND
    sub     sp, r1, #0x1800
    cps     #MODE_SVC
    mov     sp, r1
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    bx      r12

    .ltorg

    .balign 32
vectors:
    b       .                           @ reset
    b       vec_undef
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       .
    b       vec_irq
    b       vec_fiq

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
    mrs     r2, spsr
    bl      fatal_exception
    b       halt

vec_irq:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      irq_handler
    pop     {r0-r3, r12, lr}
    movs    pc, lr

@ The Hyp stub's vectors: nothing may trap to it while no hypervisor runs.
    .balign 32
hyp_vectors:
    .rept   8
    b       hyp_fatal_entry
    .endr
hyp_fatal_entry:
    mrs     r0, elr_hyp
    mrc     p15, 4, r1, c5, c2, 0       @ HSR
    bl      hyp_fatal
    b       halt

    .section .bss.stacks, "aw", %nobits
    .balign 16
stacks:
    .space  MAX_CPUS * 0x2000
stacks_end:
