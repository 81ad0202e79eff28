#!/usr/bin/env node
// Regenerates test/data/vfp-ref.json: runs every case from cases-vfp.mjs on
// QEMU (qemu-system-arm -M virt -cpu cortex-a15) and records the resulting
// core registers, CPSR, FPSCR, FPEXC, D0-D31, the data window, and any
// exception a case raised.  See test/ref/README.md ("VFP reference data").
//
// Usage: node test/ref/gen-vfp.mjs [--keep] [--out FILE] [--only REGEX] [--print]
//   --keep    keep the temporary build directory (prints its path)
//   --only    run only the cases whose name matches REGEX (with --print: explore)
//   --print   print the results instead of writing the JSON

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCases, DEFAULT_D, DEFAULT_R, WINDOW_BASE, WINDOW_SIZE, P, FPEXC_EN } from './cases-vfp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const print = args.includes('--print');
const argOf = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const outFile = resolve(argOf('--out') ?? resolve(here, '../data/vfp-ref.json'));
const only = argOf('--only');

const TEXT_BASE = 0x40000000;
const DATA_BASE = 0x40200000;
const AS_FLAGS = ['-march=armv7ve', '-mfpu=neon-vfpv4', '-mfloat-abi=softfp'];

// Record layout (bytes), one record per case in .data:
const R_IN = 0;          // r0..r12 initial
const FLAGS_IN = 52;     // NZCVQ/GE written with MSR APSR_nzcvqg
const SNIPPET = 56;      // snippet address
const SP_IN = 60;        // initial SP
const FPSCR_IN = 64;
const FPEXC_IN = 68;
const MEM = 72;          // 1 = copy the data window after the case
const D_IN = 80;         // d0..d31 initial (256 bytes)
const R_OUT = 336;       // r0..r12 after
const CPSR_OUT = 388;    // CPSR after (SPSR of the exception when one was taken)
const SP_OUT = 392;
const FPSCR_OUT = 396;
const FPEXC_OUT = 400;
const EXC_VEC = 404;     // vector offset / 4 of an exception taken (0 = none)
const EXC_LR = 408;      // LR of that exception
const DFSR_OUT = 412;
const DFAR_OUT = 416;
const D_OUT = 424;       // d0..d31 after (256 bytes)
const WIN_OUT = 680;     // data window after (256 bytes)
const REC_SIZE = 936;
const OUT_WORDS = (D_OUT + 256 - R_OUT) / 4; // words printed per case before the window

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 512 << 20, ...opts });
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

let cases = buildCases();
if (only) cases = cases.filter((c) => new RegExp(only).test(c.name));
const dir = mkdtempSync(join(tmpdir(), 'vfpref-'));

const vec = (n) => `
v${n}:	ldr	sp, =cur
	ldr	sp, [sp]
	str	lr, [sp, #${EXC_LR}]
	mov	lr, #${n}
	str	lr, [sp, #${EXC_VEC}]
	b	exc_save`;

const harness = String.raw`
	.syntax unified
	.arm
	.equ WIN, ${hex(WINDOW_BASE)}
	.equ UART, 0x09000000

	.text
	.global _start
_start:
	cpsid	aif
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	mrc	p15, 0, r0, c1, c0, 2		@ CPACR: cp10/cp11 full access
	orr	r0, r0, #(0xf << 20)
	mcr	p15, 0, r0, c1, c0, 2
	isb
	ldr	r0, =records
	ldr	r1, =cur
	str	r0, [r1]

next_case:
	ldr	r1, =cur
	ldr	r4, [r1]
	ldr	r0, =records_end
	cmp	r4, r0
	bhs	all_done
	ldr	r0, =WIN			@ data window: byte i = (i*37 + 11) & 0xff
	mov	r1, #0
	mov	r2, #11
1:	strb	r2, [r0, r1]
	add	r2, r2, #37
	add	r1, r1, #1
	cmp	r1, #${WINDOW_SIZE}
	blo	1b
	clrex
	mov	r0, #${hex(FPEXC_EN)}
	vmsr	fpexc, r0
	add	r0, r4, #${D_IN}
	vldmia	r0!, {d0-d15}
	vldmia	r0, {d16-d31}
	ldr	r0, [r4, #${FPSCR_IN}]
	vmsr	fpscr, r0
	ldr	r0, [r4, #${FPEXC_IN}]
	vmsr	fpexc, r0
	isb
	mov	sp, r4
	ldr	r0, [sp, #${FLAGS_IN}]
	msr	APSR_nzcvqg, r0
	ldmia	sp, {r0-r12}
	ldr	lr, [sp, #${SNIPPET}]
	ldr	sp, [sp, #${SP_IN}]
	bx	lr

	@ every snippet ends with "b after_snippet"; nothing may touch r0-r12,
	@ the flags or the FP registers before they are saved
after_snippet:
	ldr	lr, =cur
	str	sp, [lr, #4]
	ldr	sp, [lr]
	add	sp, sp, #${R_OUT}
	stmia	sp, {r0-r12}
	sub	sp, sp, #${R_OUT}
	mrs	r0, cpsr
	str	r0, [sp, #${CPSR_OUT}]
	ldr	r0, [lr, #4]
	str	r0, [sp, #${SP_OUT}]
	mov	r4, sp

	@ r4 = record; the FP state is still the snippet's
save_fp:
	vmrs	r0, fpexc
	str	r0, [r4, #${FPEXC_OUT}]
	mov	r0, #${hex(FPEXC_EN)}
	vmsr	fpexc, r0
	isb
	vmrs	r0, fpscr
	str	r0, [r4, #${FPSCR_OUT}]
	add	r0, r4, #${D_OUT}
	vstmia	r0!, {d0-d15}
	vstmia	r0, {d16-d31}
	ldr	r0, [r4, #${MEM}]
	cmp	r0, #0
	beq	2f
	ldr	r0, =WIN
	add	r1, r4, #${WIN_OUT}
	mov	r2, #0
3:	ldr	r3, [r0, r2]
	str	r3, [r1, r2]
	add	r2, r2, #4
	cmp	r2, #${WINDOW_SIZE}
	blo	3b
2:	add	r4, r4, #${REC_SIZE}
	ldr	r1, =cur
	str	r4, [r1]
	b	next_case

	@ an exception taken by a snippet: sp (banked) points at the record
exc_save:
	add	sp, sp, #${R_OUT}
	stmia	sp, {r0-r12}
	sub	sp, sp, #${R_OUT}
	mrs	r0, spsr
	str	r0, [sp, #${CPSR_OUT}]
	mrc	p15, 0, r0, c5, c0, 0		@ DFSR
	str	r0, [sp, #${DFSR_OUT}]
	mrc	p15, 0, r0, c6, c0, 0		@ DFAR
	str	r0, [sp, #${DFAR_OUT}]
	mov	r4, sp
	cps	#0x13
	str	sp, [r4, #${SP_OUT}]
	b	save_fp

all_done:
	ldr	r0, =msg_begin
	bl	puts
	ldr	r4, =records
	ldr	r5, =records_end
4:	cmp	r4, r5
	bhs	5f
	mov	r6, #${R_OUT}
6:	ldr	r0, [r4, r6]
	mov	r8, #28
	bl	puthex
	add	r6, r6, #4
	cmp	r6, #${D_OUT + 256}
	blo	6b
	ldr	r0, [r4, #${MEM}]
	cmp	r0, #0
	beq	7f
	mov	r0, #' '
	bl	putc
	mov	r6, #${WIN_OUT}
8:	ldrb	r0, [r4, r6]
	mov	r8, #4
	bl	puthex
	add	r6, r6, #1
	cmp	r6, #${WIN_OUT + WINDOW_SIZE}
	blo	8b
7:	mov	r0, #'\n'
	bl	putc
	add	r4, r4, #${REC_SIZE}
	b	4b
5:	ldr	r0, =msg_end
	bl	puts
	mov	r0, #0x18
	ldr	r1, =0x20026			@ ADP_Stopped_ApplicationExit
	svc	0x123456
	b	.

putc:					@ r0 = character; clobbers r1, r2
	ldr	r1, =UART
9:	ldr	r2, [r1, #0x18]
	tst	r2, #0x20
	bne	9b
	str	r0, [r1]
	bx	lr

puthex:					@ r0 = value, r8 = shift of the top nibble; clobbers r0-r2, r7-r9
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

puts:					@ r0 = string; clobbers r0-r2, r10, r11
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
${[0, 1, 2, 3, 4, 5, 6, 7].map(vec).join('\n')}
	.ltorg

msg_begin:	.asciz "VFPREF-BEGIN\n"
msg_end:	.asciz "VFPREF-END\n"
	.balign 4
`;

const lines = harness.split('\n');
const caseOfLine = new Map();
lines.push('', '\t@ ---- snippets ----', '\t.balign 4');
cases.forEach((c, i) => {
  lines.push(`s_${i}:`);
  for (const stmt of c.asm.split(';')) {
    lines.push(`\t${stmt.trim()}`);
    caseOfLine.set(lines.length, i);
  }
  lines.push(`e_${i}:`, '\tb\tafter_snippet');
});
lines.push('', '\t.data', '\t.balign 8', 'cur:\t.word 0, 0', '\t.balign 8', 'records:');
cases.forEach((c, i) => {
  const head = [...c.r, c.flags, `s_${i}`, c.sp ?? P, c.fpscr, c.fpexc, c.mem ? 1 : 0, 0];
  lines.push(`\t.word ${head.map((x) => (typeof x === 'number' ? hex(x) : x)).join(', ')}`);
  lines.push(`\t.word ${c.d.map(hex).join(', ')}`);
  lines.push(`\t.space ${REC_SIZE - D_IN - 256}`);
});
lines.push('records_end:', '');
const srcFile = join(dir, 'vfpref.s');
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

const asRes = run('arm-none-eabi-as', [...AS_FLAGS, '-o', join(dir, 'vfpref.o'), srcFile]);
if (asRes.status !== 0 || /warning|error/i.test(asRes.stderr)) {
  const msgs = asRes.stderr.split('\n').filter(Boolean).map((m) => {
    const mm = /:(\d+): /.exec(m);
    const ci = mm ? caseOfLine.get(Number(mm[1])) : undefined;
    return ci === undefined ? m : `${m}\n    in case ${cases[ci].name}`;
  });
  console.error(msgs.join('\n'));
  throw new Error(`assembler ${asRes.status !== 0 ? 'failed' : 'warned'}; build dir ${dir}`);
}
const elf = join(dir, 'vfpref.elf');
must('arm-none-eabi-ld', ['-T', join(dir, 'link.ld'), '-o', elf, join(dir, 'vfpref.o')]);
const bin = join(dir, 'text.bin');
must('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', elf, bin]);
const text = readFileSync(bin);
const syms = new Map();
for (const line of must('arm-none-eabi-nm', [elf]).stdout.split('\n')) {
  const m = /^([0-9a-f]{8}) \w (\S+)$/.exec(line.trim());
  if (m) syms.set(m[2], parseInt(m[1], 16));
}
const words = cases.map((c, i) => {
  const s = syms.get(`s_${i}`), e = syms.get(`e_${i}`);
  const out = [];
  for (let a = s; a < e; a += 4) out.push(text.readUInt32LE(a - TEXT_BASE));
  const nstmt = c.asm.split(';').length;
  if (out.length !== nstmt) throw new Error(`case ${c.name}: ${out.length} words for ${nstmt} statements`);
  return out;
});

// ---------------------------------------------------------------------------
// Run

const qemuVersion = firstLine(must('qemu-system-arm', ['--version']).stdout);
const asVersion = firstLine(must('arm-none-eabi-as', ['--version']).stdout);
const qemuArgs = ['-M', 'virt', '-cpu', 'cortex-a15', '-m', '256M', '-semihosting', '-nographic', '-kernel', elf];
const q = run('timeout', ['300', 'qemu-system-arm', ...qemuArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
const out = q.stdout.replace(/\r/g, '');
const b = out.indexOf('VFPREF-BEGIN\n'), en = out.indexOf('VFPREF-END\n');
if (q.status !== 0 || b < 0 || en < 0) throw new Error(`qemu exited ${q.status}\n${out.slice(0, 2000)}\n${q.stderr}\nbuild dir ${dir}`);
const resultLines = out.slice(b + 13, en).split('\n').filter(Boolean);
if (resultLines.length !== cases.length) throw new Error(`got ${resultLines.length} results for ${cases.length} cases`);

// ---------------------------------------------------------------------------
// JSON: initial state and expectations relative to the defaults / the initial state

const h16 = (hi, lo) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
const json = cases.map((c, i) => {
  const [regsHex, winHex] = resultLines[i].split(' ');
  const v = [];
  for (let k = 0; k < OUT_WORDS; k++) v.push(parseInt(regsHex.slice(k * 8, k * 8 + 8), 16) >>> 0);
  const at = (off) => v[(off - R_OUT) / 4];
  const o = { name: c.name, group: c.group, asm: c.asm, words: words[i] };
  const init = {};
  const rIn = {};
  c.r.forEach((x, k) => { if (x !== DEFAULT_R[k]) rIn[k] = x; });
  if (Object.keys(rIn).length) init.r = rIn;
  if (c.flags) init.flags = c.flags;
  if (c.sp !== undefined) init.sp = c.sp;
  init.fpscr = c.fpscr;
  if (c.fpexc !== FPEXC_EN) init.fpexc = c.fpexc;
  const dIn = {};
  for (let k = 0; k < 32; k++) {
    if (c.d[2 * k] !== DEFAULT_D[2 * k] || c.d[2 * k + 1] !== DEFAULT_D[2 * k + 1]) dIn[k] = h16(c.d[2 * k + 1], c.d[2 * k]);
  }
  if (Object.keys(dIn).length) init.d = dIn;
  o.init = init;
  const ex = {};
  const rOut = {};
  for (let k = 0; k < 13; k++) if (at(R_OUT + 4 * k) !== c.r[k]) rOut[k] = at(R_OUT + 4 * k);
  if (Object.keys(rOut).length) ex.r = rOut;
  ex.cpsr = at(CPSR_OUT);
  if (at(SP_OUT) !== (c.sp ?? P)) ex.sp = at(SP_OUT);
  ex.fpscr = at(FPSCR_OUT);
  if (at(FPEXC_OUT) !== c.fpexc) ex.fpexc = at(FPEXC_OUT);
  const dOut = {};
  for (let k = 0; k < 32; k++) {
    const lo = at(D_OUT + 8 * k), hi = at(D_OUT + 8 * k + 4);
    if (lo !== c.d[2 * k] || hi !== c.d[2 * k + 1]) dOut[k] = h16(hi, lo);
  }
  if (Object.keys(dOut).length) ex.d = dOut;
  const vecNo = at(EXC_VEC);
  if (vecNo !== 0) {
    const lr = at(EXC_LR);
    const start = syms.get(`s_${i}`);
    // Undefined Instruction: LR = insn + 4; Data Abort: LR = insn + 8.
    const insn = vecNo === 4 ? lr - 8 : lr - 4;
    ex.exc = { vector: vecNo * 4, at: (insn - start) / 4 };
    if (vecNo === 4) { ex.exc.dfsr = at(DFSR_OUT); ex.exc.dfar = at(DFAR_OUT); }
  }
  if (c.mem) {
    if (!winHex || winHex.length !== WINDOW_SIZE * 2) throw new Error(`case ${c.name}: bad window`);
    ex.window = winHex;
  }
  o.expect = ex;
  return o;
});

if (print) {
  for (const o of json) console.log(JSON.stringify(o));
} else {
  const header = {
    generator: 'test/ref/gen-vfp.mjs (cases from test/ref/cases-vfp.mjs)',
    qemu: qemuVersion,
    qemu_args: qemuArgs.map((a) => (a === elf ? 'vfpref.elf' : a)).join(' '),
    assembler: `${asVersion} ${AS_FLAGS.join(' ')}`,
    default_r: DEFAULT_R,
    default_d: Array.from({ length: 32 }, (_, k) => h16(DEFAULT_D[2 * k + 1], DEFAULT_D[2 * k])),
    default_sp: P,
    default_fpexc: FPEXC_EN,
    cpacr: 0x00f00000,
    window: { base: WINDOW_BASE, size: WINDOW_SIZE, fill: '(i*37+11)&0xff' },
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
}
if (keep) console.log(`build dir: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
