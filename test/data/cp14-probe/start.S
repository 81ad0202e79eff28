@ Starts in Hyp (QEMU virt, virtualization=on), sets up Hyp/SVC/UND vectors and drops to Non-secure SVC.
.syntax unified
.arm
.section .vectors, "ax"
.global _start
_start:
  b reset
  b und_handler       @ 0x04 undefined
  b svc_handler       @ 0x08 SVC (PL1 vectors) / HVC-in-Hyp
  b .
  b .
  b .
  b .
  b .
.balign 32
hyp_vectors:
  b .
  b hyp_und           @ 0x04 undefined in Hyp
  b .                 @ 0x08 HVC in Hyp
  b .
  b .
  b hyp_trap          @ 0x14 Hyp trap / HVC from NS PL1
  b .
  b .
.text
reset:
  mrs r0, cpsr
  ldr r1, =g_boot_cpsr
  str r0, [r1]
  ldr sp, =stack_hyp
  ldr r0, =hyp_vectors
  mcr p15, 4, r0, c12, c0, 0   @ HVBAR
  ldr r0, =_start
  mcr p15, 0, r0, c12, c0, 0   @ VBAR
  bl hyp_main                  @ probe in Hyp mode
  @ drop to SVC
  mov r0, #0x1d3
  msr spsr_cxsf, r0
  ldr r0, =svc_entry
  msr elr_hyp, r0
  eret
svc_entry:
  ldr sp, =stack_svc
  cps #0x1b
  ldr sp, =stack_und
  cps #0x13
  bl svc_main
1: b 1b

und_handler:
  push {r0, r1}
  ldr r0, =g_undef
  mov r1, #1
  str r1, [r0]
  pop {r0, r1}
  movs pc, lr

hyp_und:
  push {r0, r1}
  ldr r0, =g_undef
  mov r1, #1
  str r1, [r0]
  mrs r0, elr_hyp
  add r0, r0, #4
  msr elr_hyp, r0
  pop {r0, r1}
  eret

hyp_trap:
  push {r2, r3}
  mrc p15, 4, r2, c5, c2, 0    @ HSR
  lsr r3, r2, #26
  cmp r3, #0x12
  bne 2f
  cmp r0, #1
  mcreq p15, 4, r1, c1, c1, 1  @ HDCR
  cmp r0, #2
  mcreq p15, 4, r1, c1, c1, 3  @ HSTR
  cmp r0, #3
  mcreq p15, 4, r1, c1, c1, 2  @ HCPTR
  cmp r0, #4
  mrceq p15, 4, r0, c1, c1, 1  @ read HDCR
  pop {r2, r3}
  eret
2:
  ldr r3, =g_hsr
  str r2, [r3]
  ldr r3, =g_trap
  mov r2, #1
  str r2, [r3]
  mrs r2, elr_hyp
  add r2, r2, #4
  msr elr_hyp, r2
  pop {r2, r3}
  eret

.global hvc_call
hvc_call:
  hvc #0
  bx lr

.global semi
semi:
  svc 0x123456
  bx lr

@ run_user(fn): calls fn in User mode, returns in SVC mode via SVC #0
.global run_user
run_user:
  push {r4-r11, lr}
  ldr r1, =g_saved_sp
  str sp, [r1]
  cps #0x10
  ldr sp, =stack_usr
  blx r0
  svc #0
svc_handler:
  ldr r1, =g_saved_sp
  ldr sp, [r1]
  pop {r4-r11, pc}
.ltorg

.bss
.balign 8
.space 4096
stack_hyp:
.space 4096
stack_svc:
.space 1024
stack_und:
.space 4096
stack_usr:
