#!/usr/bin/env node
// Regenerates test/data/t32-ref.json: runs every Thumb case from
// cases-t32.mjs on QEMU (qemu-system-arm -M virt -cpu cortex-a15) and records
// the resulting registers, CPSR and data window. See test/ref/README.md.
//
// Usage: node test/ref/gen-t32.mjs [--keep] [--out FILE]
//   --keep   keep the temporary build directory (prints its path)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCases, WINDOW_BASE, WINDOW_SIZE, P } from './cases-t32.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const outIdx = args.indexOf('--out');
const outFile = outIdx >= 0 ? resolve(args[outIdx + 1]) : resolve(here, '../data/t32-ref.json');

const TEXT_BASE = 0x40000000;
const DATA_BASE = 0x40200000;
const REC_SIZE = 400; // see record layout below
const AS_FLAGS = ['-march=armv7ve', '-mfpu=neon-vfpv4', '-mfloat-abi=soft'];

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}
function must(cmd, argv, opts) {
  const r = run(cmd, argv, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const firstLine = (s) => s.split('\n')[0].trim();
const hex = (x) => '0x' + (x >>> 0).toString(16).padStart(8, '0');

const cases = buildCases();
const dir = mkdtempSync(join(tmpdir(), 't32ref-'));

// ---------------------------------------------------------------------------
// Assembly source
//
// Record layout (one per case, REC_SIZE bytes, in .data):
//   0   r0..r12 initial
//   52  initial flags (written with MSR APSR_nzcvqg)
//   56  snippet address + 1 (Thumb)
//   60  initial SP
//   64  1 = copy the data window into the record after the case
//   68  r0..r12 after
//   120 SP after
//   124 CPSR after
//   128 data window after (256 bytes)
//   384 where an Undefined/SVC/Prefetch Abort/Data Abort exception continues:
//       exc_expected (cases marked exc) or exc_unexpected

const harness = String.raw`
	.syntax unified
	.arm
	.equ WIN, ${hex(WINDOW_BASE)}
	.equ UART, 0x09000000
	.equ REC_SIZE, ${REC_SIZE}

	.text
	.global _start
_start:
	cpsid	aif
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	mrc	p15, 0, r0, c1, c0, 2		@ CPACR: CP10/CP11 full access
	orr	r0, r0, #0x00f00000
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #0x40000000			@ FPEXC.EN
	vmsr	fpexc, r0
	ldr	r0, =records
	ldr	r1, =cur
	str	r0, [r1]

next_case:
	ldr	r1, =cur
	ldr	r4, [r1]
	ldr	r0, =records_end
	cmp	r4, r0
	bhs	all_done
	ldr	r0, =WIN
	mov	r1, #0
	mov	r2, #11
1:	strb	r2, [r0, r1]
	add	r2, r2, #37
	add	r1, r1, #1
	cmp	r1, #${WINDOW_SIZE}
	blo	1b
	clrex
	dsb
	mov	sp, r4
	ldr	r0, [sp, #52]
	msr	APSR_nzcvqg, r0
	ldmia	sp, {r0-r12}
	ldr	lr, [sp, #56]
	ldr	sp, [sp, #60]
	bx	lr				@ lr has bit 0 set: enters Thumb state

	@ every snippet ends with "ldr pc, =after_snippet" (back to A32);
	@ nothing here may touch r0-r12 or the flags before they are saved
after_snippet:
	ldr	lr, =cur
	str	sp, [lr, #4]
	ldr	sp, [lr]
	add	sp, sp, #68
	stmia	sp, {r0-r12}
	mrs	r0, cpsr
	str	r0, [sp, #56]
	ldr	r0, [lr, #4]
	str	r0, [sp, #52]
	sub	sp, sp, #68
	ldr	r0, [sp, #64]
	cmp	r0, #0
	beq	2f
	ldr	r0, =WIN
	add	r1, sp, #128
	mov	r2, #0
3:	ldr	r3, [r0, r2]
	str	r3, [r1, r2]
	add	r2, r2, #4
	cmp	r2, #${WINDOW_SIZE}
	blo	3b
2:	add	sp, sp, #REC_SIZE
	str	sp, [lr]
	b	next_case

all_done:
	ldr	r0, =msg_begin
	bl	puts
	ldr	r4, =records
	ldr	r5, =records_end
4:	cmp	r4, r5
	bhs	5f
	mov	r6, #68
6:	ldr	r0, [r4, r6]
	mov	r8, #28
	bl	puthex
	add	r6, r6, #4
	cmp	r6, #128
	blo	6b
	ldr	r0, [r4, #64]
	cmp	r0, #0
	beq	7f
	mov	r0, #' '
	bl	putc
	mov	r6, #128
8:	ldrb	r0, [r4, r6]
	mov	r8, #4
	bl	puthex
	add	r6, r6, #1
	cmp	r6, #${128 + WINDOW_SIZE}
	blo	8b
7:	mov	r0, #'\n'
	bl	putc
	add	r4, r4, #REC_SIZE
	b	4b
5:	ldr	r0, =msg_end
	bl	puts
	mov	r0, #0x18
	ldr	r1, =0x20026			@ ADP_Stopped_ApplicationExit
	svc	0x123456
	b	.

putc:
	ldr	r1, =UART
9:	ldr	r2, [r1, #0x18]
	tst	r2, #0x20
	bne	9b
	str	r0, [r1]
	bx	lr

puthex:
	mov	r9, lr
	mov	r7, r0
10:	mov	r0, r7, lsr r8
	and	r0, r0, #15
	cmp	r0, #10
	addlo	r0, r0, #'0'
	addhs	r0, r0, #('a' - 10)
	bl	putc
	subs	r8, r8, #4
	bpl	10b
	bx	r9

puts:
	mov	r11, lr
	mov	r10, r0
11:	ldrb	r0, [r10], #1
	cmp	r0, #0
	bxeq	r11
	bl	putc
	b	11b

	.balign 32
vectors:
	b	v0
	b	v1
	b	v2
	b	v3
	b	v4
	b	v5
	b	v6
	b	v7
v0:	mov	r4, #0
	b	exc
v1:	mov	r11, lr				@ Undefined
	mrs	r12, spsr
	b	exc_check
v2:	mov	r11, lr				@ SVC
	mrs	r12, spsr
	b	exc_check
v3:	mov	r11, lr				@ Prefetch Abort
	mrs	r12, spsr
	mrc	p15, 0, r10, c5, c0, 1		@ IFSR
	b	exc_check
v4:	mov	r11, lr				@ Data Abort
	mrs	r12, spsr
	mrc	p15, 0, r10, c5, c0, 0		@ DFSR
	mrc	p15, 0, r9, c6, c0, 0		@ DFAR
	b	exc_check
v5:	mov	r4, #5
	b	exc
v6:	mov	r4, #6
	b	exc
v7:	mov	r4, #7
	b	exc
exc_check:
	ldr	lr, =cur			@ flags untouched: the CPSR is recorded as it is
	ldr	lr, [lr]
	ldr	pc, [lr, #384]
exc_expected:
	cps	#0x13
	b	after_snippet
exc_unexpected:
	mrs	r4, cpsr
	and	r4, r4, #0x1f
exc:
	mov	r5, r11
	ldr	r0, =msg_exc
	bl	puts
	mov	r0, r4
	mov	r8, #28
	bl	puthex
	mov	r0, #' '
	bl	putc
	mov	r0, r5
	mov	r8, #28
	bl	puthex
	mov	r0, #' '
	bl	putc
	ldr	r0, =cur
	ldr	r0, [r0]
	mov	r8, #28
	bl	puthex
	mov	r0, #'\n'
	bl	putc
	mov	r0, #0x18
	ldr	r1, =0x20023			@ ADP_Stopped_RunTimeErrorUnknown
	svc	0x123456
	b	.
	.ltorg

msg_begin:	.asciz "T32REF-BEGIN\n"
msg_end:	.asciz "T32REF-END\n"
msg_exc:	.asciz "T32REF-EXCEPTION "
	.balign 4
`;
const lines = harness.split('\n');
const caseOfLine = new Map();
lines.push('', '\t@ ---- snippets ----', '\t.thumb');
cases.forEach((c, i) => {
  lines.push('\t.balign 4', `s_${i}:`);
  for (const stmt of c.asm.split(';')) {
    lines.push(`\t${stmt.trim()}`);
    caseOfLine.set(lines.length, i);
  }
  lines.push(`e_${i}:`, '\tldr.w\tpc, =after_snippet', '\t.ltorg', `z_${i}:`);
});
lines.push('', '\t.data', '\t.balign 8', 'cur:\t.word 0, 0', '\t.balign 8', 'records:');
cases.forEach((c, i) => {
  const w = [...c.r, c.flags, `s_${i} + 1`, c.sp ?? P, c.mem ? 1 : 0].map((x) => (typeof x === 'number' ? hex(x) : x));
  lines.push(`\t.word ${w.join(', ')}`, `\t.space ${384 - 68}`, `\t.word ${c.exc ? 'exc_expected' : 'exc_unexpected'}`,
    `\t.space ${REC_SIZE - 388}`);
});
lines.push('records_end:', '');
const srcFile = join(dir, 't32ref.s');
writeFileSync(srcFile, lines.join('\n'));

writeFileSync(join(dir, 'link.ld'), `
ENTRY(_start)
SECTIONS {
  . = ${hex(TEXT_BASE)};
  .text : { *(.text*) }
  ASSERT(. <= ${hex(WINDOW_BASE)}, "text overlaps the data window")
  . = ${hex(DATA_BASE)};
  .data : { *(.data*) *(.bss*) }
}
`);

// ---------------------------------------------------------------------------
// Build

const asRes = run('arm-none-eabi-as', [...AS_FLAGS, '-o', join(dir, 't32ref.o'), srcFile]);
if (asRes.status !== 0 || /warning|error/i.test(asRes.stderr)) {
  const msgs = asRes.stderr.split('\n').filter(Boolean).map((m) => {
    const mm = /:(\d+): /.exec(m);
    const ci = mm ? caseOfLine.get(Number(mm[1])) : undefined;
    return ci === undefined ? m : `${m}\n    in case ${cases[ci].name}`;
  });
  console.error(msgs.join('\n'));
  if (asRes.status !== 0 || !args.includes('--allow-warnings')) {
    throw new Error(`assembler ${asRes.status !== 0 ? 'failed' : 'warned'}; build dir ${dir}`);
  }
}
const elf = join(dir, 't32ref.elf');
must('arm-none-eabi-ld', ['-T', join(dir, 'link.ld'), '-o', elf, join(dir, 't32ref.o')]);
const bin = join(dir, 'text.bin');
must('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', elf, bin]);
const text = readFileSync(bin);

const syms = new Map();
for (const line of must('arm-none-eabi-nm', [elf]).stdout.split('\n')) {
  const m = /^([0-9a-f]{8}) \w (\S+)$/.exec(line.trim());
  if (m) syms.set(m[2], parseInt(m[1], 16));
}
const afterSnippet = syms.get('after_snippet');
const code = cases.map((c, i) => {
  const s = syms.get(`s_${i}`), e = syms.get(`e_${i}`), z = syms.get(`z_${i}`);
  return { addr: s, end: e - s, hex: text.subarray(s - TEXT_BASE, z - TEXT_BASE).toString('hex') };
});

// ---------------------------------------------------------------------------
// Run

const qemuVersion = firstLine(must('qemu-system-arm', ['--version']).stdout);
const asVersion = firstLine(must('arm-none-eabi-as', ['--version']).stdout);
const qemuArgs = ['-M', 'virt', '-cpu', 'cortex-a15', '-m', '256M', '-semihosting', '-nographic', '-kernel', elf];
const q = run('timeout', ['120', 'qemu-system-arm', ...qemuArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
const out = q.stdout.replace(/\r/g, '');
const b = out.indexOf('T32REF-BEGIN\n'), en = out.indexOf('T32REF-END\n');
if (q.status !== 0 || b < 0 || en < 0) {
  const ex = /T32REF-EXCEPTION ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})/.exec(out);
  if (ex) {
    const rec = (parseInt(ex[3], 16) - syms.get('records')) / REC_SIZE;
    console.error(`exception (mode/vector ${parseInt(ex[1], 16).toString(16)}) lr=${ex[2]} in case ${cases[rec]?.name}`);
  }
  throw new Error(`qemu exited ${q.status}\n${out.slice(0, 2000)}\n${q.stderr}\nbuild dir ${dir}`);
}
const resultLines = out.slice(b + 13, en).split('\n').filter(Boolean);
if (resultLines.length !== cases.length) throw new Error(`got ${resultLines.length} results for ${cases.length} cases`);

// ---------------------------------------------------------------------------
// JSON

const json = cases.map((c, i) => {
  const [regsHex, winHex] = resultLines[i].split(' ');
  const v = [];
  for (let k = 0; k < 15; k++) v.push(parseInt(regsHex.slice(k * 8, k * 8 + 8), 16) >>> 0);
  const o = { name: c.name, group: c.group, asm: c.asm, addr: code[i].addr, end: code[i].end, code: code[i].hex };
  if (c.exc) o.exc = true;
  o.init = { r: c.r, cpsr_flags: c.flags };
  if (c.sp !== undefined) o.init.sp = c.sp;
  o.expect = { r: v.slice(0, 13), cpsr: v[14] };
  if (c.sp !== undefined) o.expect.sp = v[13];
  if (c.mem) {
    if (!winHex || winHex.length !== WINDOW_SIZE * 2) throw new Error(`case ${c.name}: bad window`);
    o.expect.window = winHex;
  }
  return o;
});

const header = {
  generator: 'test/ref/gen-t32.mjs (cases from test/ref/cases-t32.mjs)',
  qemu: qemuVersion,
  qemu_args: qemuArgs.map((a) => (a === elf ? 't32ref.elf' : a)).join(' '),
  assembler: `${asVersion} ${AS_FLAGS.join(' ')}`,
  cpsr_base: 0x1d3,
  after_snippet: afterSnippet,
  window: { base: WINDOW_BASE, size: WINDOW_SIZE, fill: '(i*37+11)&0xff' },
  exclusive_monitor: 'open (CLREX) at the start of every case',
  fpu: 'CPACR cp10/cp11 full access and FPEXC.EN set before the first case; FP registers carry over between cases',
  entry: 'BX LR from A32 with LR = addr + 1 (LR keeps that value); the snippet ends with LDR.W PC, =after_snippet',
  exceptions: 'exc cases: r11 = LR and r12 = SPSR of the exception mode, r10 = IFSR (prefetch abort) or DFSR ' +
    '(data abort), r9 = DFAR (data abort); then CPS #0x13 and the state is saved',
};
let s = '{\n';
for (const [k, val] of Object.entries(header)) s += `  ${JSON.stringify(k)}: ${JSON.stringify(val)},\n`;
s += '  "cases": [\n' + json.map((o) => '    ' + JSON.stringify(o)).join(',\n') + '\n  ]\n}\n';
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, s);

const per = {};
for (const c of cases) per[c.group] = (per[c.group] ?? 0) + 1;
console.log(`${cases.length} cases -> ${outFile} (${(s.length / 1024).toFixed(0)} KiB)`);
console.log(Object.entries(per).map(([g, n]) => `${g}=${n}`).join(' '));
if (keep) console.log(`build dir: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
