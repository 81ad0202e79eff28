@ Memory loop kernel for `npm run bench`: sums and rewrites a 64 KiB array with
@ word loads/stores, post-indexed addressing and LDM/STM, 300 passes.
	.syntax unified
	.arm
	.global _start
_start:
	ldr	sp, =0x40800000
	ldr	r8, =300
	mov	r9, #1
pass:
	ldr	r0, =buf
	ldr	r1, =(buf + 65536)
1:	ldm	r0, {r2-r5}
	add	r9, r9, r2
	add	r2, r2, r9
	add	r3, r3, r2
	eor	r4, r4, r3
	sub	r5, r5, r4
	stmia	r0!, {r2-r5}
	cmp	r0, r1
	blo	1b
	subs	r8, r8, #1
	bne	pass
	ldr	r5, =0x09000000
	mov	r6, #28
2:	lsr	r7, r9, r6
	and	r7, r7, #0xf
	cmp	r7, #10
	addlo	r7, r7, #'0'
	addhs	r7, r7, #('a' - 10)
	strb	r7, [r5]
	subs	r6, r6, #4
	bpl	2b
	mov	r7, #'\n'
	strb	r7, [r5]
	mov	r0, #0x18
	ldr	r1, =0x20026
	svc	0x123456
	.ltorg
	.bss
	.align	4
buf:	.space	65536
