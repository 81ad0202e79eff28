@ Integer loop kernel for `npm run bench`: a register-only loop of adds,
@ logical ops, a compare and a conditional branch, 20 million iterations.
@ Runs on qemu-arm (PL011 at 0x09000000); exits through semihosting.
	.syntax unified
	.arm
	.global _start
_start:
	ldr	r0, =20000000
	mov	r1, #0
	mov	r2, #1
	mov	r3, #0
1:	add	r1, r1, r2
	eor	r3, r3, r1, lsl #3
	add	r2, r2, #7
	and	r4, r3, #0xff
	orr	r3, r3, r4
	subs	r0, r0, #1
	bne	1b
	@ print r3 in hex so the result is checked
	ldr	r5, =0x09000000
	mov	r6, #28
2:	lsr	r7, r3, r6
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
