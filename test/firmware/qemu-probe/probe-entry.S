/* Entry of the probe program: records the Hyp-mode state the machine is
 * entered with (before sysstart.S's cpu_init changes it), then continues at
 * sysstart.S's _start. Also a PL1 vector table that counts and skips
 * Undefined Instruction exceptions, for the tests of UNDEFINED encodings. */

    .syntax unified
    .arm
    .arch_extension virt
    .arch_extension sec

    .section .text.probe_entry, "ax", %progbits
    .global probe_entry
    .type   probe_entry, %function
probe_entry:
    ldr     r0, =entry_regs
    mrs     r1, cpsr
    str     r1, [r0, #0]
    and     r1, r1, #0x1f
    cmp     r1, #0x1a
    bne     1f
    mrc     p15, 4, r1, c14, c1, 0      @ CNTHCTL
    str     r1, [r0, #4]
    mrrc    p15, 4, r1, r2, c14         @ CNTVOFF
    str     r1, [r0, #8]
    str     r2, [r0, #12]
    mrc     p15, 4, r1, c14, c2, 1      @ CNTHP_CTL
    str     r1, [r0, #16]
    mrc     p15, 4, r1, c1, c1, 0       @ HCR
    str     r1, [r0, #20]
    mrc     p15, 4, r1, c1, c0, 0       @ HSCTLR
    str     r1, [r0, #24]
    mrc     p15, 4, r1, c1, c1, 2       @ HCPTR
    str     r1, [r0, #28]
    mrc     p15, 4, r1, c1, c1, 3       @ HSTR
    str     r1, [r0, #32]
    mrc     p15, 0, r1, c14, c1, 0      @ CNTKCTL
    str     r1, [r0, #36]
    mrc     p15, 0, r1, c14, c2, 1      @ CNTP_CTL
    str     r1, [r0, #40]
    mrc     p15, 0, r1, c14, c3, 1      @ CNTV_CTL
    str     r1, [r0, #44]
    mrc     p15, 0, r1, c1, c0, 0       @ SCTLR
    str     r1, [r0, #48]
    mrc     p15, 0, r1, c14, c0, 0      @ CNTFRQ
    str     r1, [r0, #52]
    mrc     p15, 4, r1, c0, c0, 0       @ VPIDR
    str     r1, [r0, #56]
    mrc     p15, 4, r1, c0, c0, 5       @ VMPIDR
    str     r1, [r0, #60]
    mrc     p15, 0, r1, c1, c0, 1       @ ACTLR
    str     r1, [r0, #64]
    mrc     p15, 0, r1, c1, c0, 2       @ CPACR
    str     r1, [r0, #68]
    mrrc    p15, 4, r1, r2, c2          @ HTTBR
    mrrc    p15, 6, r1, r2, c2          @ VTTBR
    mrc     p15, 4, r1, c2, c1, 2       @ VTCR
    str     r1, [r0, #72]
    mrc     p15, 4, r1, c12, c0, 0      @ HVBAR
    str     r1, [r0, #76]
1:  b       _start
    .size   probe_entry, . - probe_entry
    .ltorg

@ PL1 vectors: Undefined Instruction counts and skips (A32 only).
    .balign 32
    .global undef_vectors
undef_vectors:
    b       .                           @ 0x00
    b       und_skip                    @ 0x04
    b       .                           @ 0x08
    b       .                           @ 0x0c
    b       .                           @ 0x10
    b       .                           @ 0x14
    b       .                           @ 0x18
    b       .                           @ 0x1c
und_skip:
    push    {r0, r1}
    ldr     r0, =undef_count
    ldr     r1, [r0]
    add     r1, r1, #1
    str     r1, [r0]
    pop     {r0, r1}
    movs    pc, lr                      @ LR_und is the next instruction
    .ltorg

    .data
    .balign 4
    .global entry_regs
entry_regs:
    .space  128
    .global undef_count
undef_count:
    .word   0
