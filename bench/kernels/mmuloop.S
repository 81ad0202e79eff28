@ MMU-on kernel for `npm run bench`: builds short-descriptor tables (1 MiB
@ sections identity-mapping RAM and the UART, 4 KiB small pages mapping a
@ 64 KiB buffer at VA 0x80000000), turns the MMU on, then runs 300 passes of
@ the memloop body through the page mapping plus a page-stride walk over
@ 1 MiB of sections; every pass ends with TLBIALL, so the TLB is refilled
@ by table walks as an OS's context switches would cause.
	.syntax unified
	.arm
	.global _start
	.equ	TT, 0x40100000		@ level-1 table (16 KiB aligned)
	.equ	L2, 0x40104000		@ level-2 table for VA 0x80000000
	.equ	VBUF, 0x80000000
_start:
	ldr	sp, =0x40800000
	@ level 1: identity sections for 0x40000000..0x47ffffff (normal, AP=11)
	ldr	r0, =TT
	mov	r1, #0
	mov	r2, #4096
	mov	r3, #0
1:	str	r3, [r0, r1, lsl #2]	@ clear all entries (fault)
	add	r1, r1, #1
	cmp	r1, r2
	blo	1b
	ldr	r3, =0x00000c0e		@ section, C B, AP=11
	mov	r1, #0x400
2:	orr	r4, r3, r1, lsl #20
	str	r4, [r0, r1, lsl #2]
	add	r1, r1, #1
	cmp	r1, #0x480
	blo	2b
	ldr	r4, =0x09000c02		@ UART section: device (C=B=0), AP=11
	str	r4, [r0, #(0x090 * 4)]
	ldr	r4, =(L2 | 1)		@ page table for VA 0x80000000
	add	r1, r0, #(0x800 * 4)
	str	r4, [r1]
	@ level 2: 16 small pages -> buf
	ldr	r5, =L2
	ldr	r6, =buf
	ldr	r7, =0x0000003e		@ small page, C B, AP=11
	mov	r1, #0
3:	add	r4, r6, r1, lsl #12
	orr	r4, r4, r7
	str	r4, [r5, r1, lsl #2]
	add	r1, r1, #1
	cmp	r1, #16
	blo	3b
	@ MMU on: TTBCR 0, TTBR0, DACR client for domain 0
	mov	r0, #0
	mcr	p15, 0, r0, c2, c0, 2
	ldr	r0, =TT
	mcr	p15, 0, r0, c2, c0, 0
	mov	r0, #1
	mcr	p15, 0, r0, c3, c0, 0
	mcr	p15, 0, r0, c8, c7, 0	@ TLBIALL
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 0
	orr	r0, r0, #1
	mcr	p15, 0, r0, c1, c0, 0
	isb

	ldr	r8, =300
	mov	r9, #1
pass:
	ldr	r0, =VBUF
	add	r1, r0, #65536
4:	ldm	r0, {r2-r5}
	add	r9, r9, r2
	add	r2, r2, r9
	add	r3, r3, r2
	eor	r4, r4, r3
	sub	r5, r5, r4
	stmia	r0!, {r2-r5}
	cmp	r0, r1
	blo	4b
	ldr	r0, =0x40200000		@ page stride over 1 MiB of sections
	add	r1, r0, #0x100000
	mov	r3, #4096
5:	ldr	r2, [r0], r3
	add	r9, r9, r2
	cmp	r0, r1
	blo	5b
	mcr	p15, 0, r0, c8, c7, 0	@ TLBIALL
	subs	r8, r8, #1
	bne	pass
	ldr	r5, =0x09000000
	mov	r6, #28
6:	lsr	r7, r9, r6
	and	r7, r7, #0xf
	cmp	r7, #10
	addlo	r7, r7, #'0'
	addhs	r7, r7, #('a' - 10)
	strb	r7, [r5]
	subs	r6, r6, #4
	bpl	6b
	mov	r7, #'\n'
	strb	r7, [r5]
	mov	r0, #0x18
	ldr	r1, =0x20026
	svc	0x123456
	.ltorg
	.bss
	.align	12
buf:	.space	65536
