@ Thumb-2 loop kernel for `npm run bench`: a mix of 16-bit and 32-bit
@ data-processing instructions, a table load, an IT block, CBZ and a
@ conditional branch, 10 million iterations. Entered in A32 state; the
@ loop, the hex print and the semihosting exit (SVC 0xAB) are Thumb code.
@ Runs on qemu-arm (PL011 at 0x09000000).
	.syntax unified
	.arm
	.global _start
_start:
	adr	r0, main + 1
	bx	r0

	.thumb
	.type	main, %function
main:
	ldr	r0, =10000000
	movs	r1, #0
	movs	r2, #1
	movs	r3, #0
	adr	r6, table
1:	adds	r1, r1, r2			@ 16-bit
	eor.w	r3, r3, r1, lsl #3		@ 32-bit, shifted register
	adds	r2, #7
	and	r4, r3, #0x3c			@ 32-bit, modified immediate
	ldr	r5, [r6, r4]			@ table word
	add	r3, r5
	cmp	r4, #0x20
	ite	hs
	orrhs	r3, r3, r4
	biclo	r3, r3, r4, lsr #2
	lsrs	r5, r1, #30
	cbz	r5, 2f
	rors	r3, r2
2:	subs	r0, #1
	bne	1b
	@ print r3 in hex so the result is checked
	ldr	r5, =0x09000000
	movs	r6, #28
3:	lsr.w	r7, r3, r6
	and	r7, r7, #0xf
	cmp	r7, #10
	ite	lo
	addlo	r7, #'0'
	addhs	r7, #('a' - 10)
	strb	r7, [r5]
	subs	r6, #4
	bpl	3b
	movs	r7, #'\n'
	strb	r7, [r5]
	movs	r0, #0x18
	ldr	r1, =0x20026
	svc	0xab
	.size	main, . - main

	.balign	4
table:
	.word	0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced8b0b
	.word	0x12345678, 0x87654321, 0x0badf00d, 0xdeadbeef
	.word	0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210
	.word	0x31415926, 0x27182818, 0x16180339, 0x14142135
	.ltorg
