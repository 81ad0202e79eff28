/* Native start-up: the ELF entry of X-BOARD-native.elf, which runs the demo
 * on the board without a hypervisor. It plays the hypervisor's part where
 * the demo would notice:
 *
 *  - entered in Hyp mode (U-Boot, QEMU with virtualization=on): a minimal
 *    Hyp set-up (no stage 2, no traps, PL1 may use the physical counter and
 *    timer, CNTVOFF = 0), Hyp vectors that answer the Jailhouse debug-console
 *    hypercall (HVC #0x4a48, r0 = 8, r1 = character), then ERET to SVC mode;
 *  - entered in SVC mode: nothing to do here.
 *
 * It then continues in header.S's reset_entry, exactly as a cell does;
 * native_setup() (native.c) fills in a stand-in comm region and enables the
 * GIC distributor, which in a cell belongs to the hypervisor. */

    .syntax unified
    .arm
    .arch_extension virt

#define MODE_SVC    0x13
#define MODE_HYP    0x1a
#define PSR_AIF     0x1c0

    .section .text.native, "ax", %progbits
    .global native_entry
    .type   native_entry, %function
native_entry:
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    cmp     r0, #MODE_HYP
    bne     reset_entry

    ldr     r0, =native_entered_hyp
    mov     r1, #1
    str     r1, [r0]
    ldr     sp, =native_hyp_stack_top
    ldr     r0, =native_hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      @ HVBAR
    mov     r0, #0
    mcr     p15, 4, r0, c1, c1, 0       @ HCR: no stage 2, no traps, no routing to Hyp
    mcr     p15, 4, r0, c1, c1, 3       @ HSTR: no CP15 traps
    mov     r1, #0
    mcrr    p15, 4, r0, r1, c14         @ CNTVOFF = 0: virtual count = physical count
    ldr     r0, =0x33ff
    mcr     p15, 4, r0, c1, c1, 2       @ HCPTR: no coprocessor traps
    mov     r0, #3
    mcr     p15, 4, r0, c14, c1, 0      @ CNTHCTL: PL1PCTEN | PL1PCEN
    isb
    mov     r0, #(PSR_AIF | MODE_SVC)
    msr     spsr_cxsf, r0
    ldr     r0, =reset_entry
    msr     elr_hyp, r0
    eret
    .size   native_entry, . - native_entry

@ Hyp vectors: only the Hyp trap entry (HVC from SVC mode) does something.
    .balign 32
native_hyp_vectors:
    b       hyp_stuck                   @ 0x00
    b       hyp_stuck                   @ 0x04
    b       hyp_stuck                   @ 0x08
    b       hyp_stuck                   @ 0x0c
    b       hyp_stuck                   @ 0x10
    b       hyp_trap                    @ 0x14 Hyp trap
    b       hyp_stuck                   @ 0x18
    b       hyp_stuck                   @ 0x1c

@ HVC #0x4a48 (HSR.EC 0x12, ISS = immediate): native_hypercall(r0, r1, r2)
@ returns the result in r0; any other trap is answered with -ENOSYS.
hyp_trap:
    push    {r1-r3, r12, lr}
    mrc     p15, 4, r3, c5, c2, 0       @ HSR
    lsr     r12, r3, #26
    cmp     r12, #0x12
    bne     1f
    ubfx    r3, r3, #0, #16
    movw    r12, #0x4a48
    cmp     r3, r12
    bne     1f
    bl      native_hypercall
    pop     {r1-r3, r12, lr}
    eret
1:  mvn     r0, #37                     @ -38, -ENOSYS
    pop     {r1-r3, r12, lr}
    eret

hyp_stuck:
    wfi
    b       hyp_stuck

    .ltorg

    .data
    .balign 4
    .global native_entered_hyp
native_entered_hyp:                     @ in .data: written before .bss is cleared
    .word   0

    .section .bss.native, "aw", %nobits
    .balign 8
    .space  1024
native_hyp_stack_top:
