// Shared parts of the reference-data generators (gen.mjs, gen-t32.mjs,
// gen-vfp.mjs) and their case lists: memory map and data window, the
// seeded PRNG and default registers, the harness pieces every image
// contains, the tool runs (assembler, linker, QEMU) and the JSON output.
// Plain Node.js ES module, no dependencies.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Memory map and values

export const TEXT_BASE = 0x40000000;
export const DATA_BASE = 0x40200000;
export const WINDOW_BASE = 0x40100000;
export const WINDOW_SIZE = 256;
export const WINDOW_FILL = '(i*37+11)&0xff';
// Pointers handed to memory snippets sit in the middle of the window so that
// negative offsets stay inside it.
export const P = WINDOW_BASE + 0x80;

export const u32 = (x) => x >>> 0;
export const hex = (x) => '0x' + u32(x).toString(16).padStart(8, '0');

// Flag bits
export const N = 0x80000000, Z = 0x40000000, C = 0x20000000, V = 0x10000000, Q = 0x08000000;
export const GE_ALL = 0x000f0000;
export const ALL = u32(N | Z | C | V | Q | GE_ALL);

/** Deterministic PRNG (mulberry32) so the case lists are reproducible. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** r0..r12 before a case unless it sets them: 0xa0000000 + n * 0x01010101. */
export const DEFAULT_R = Object.freeze(Array.from({ length: 13 }, (_, i) => u32(0xa0000000 + i * 0x01010101)));

/**
 * The case list of the A32 and T32 data: `add` records a snippet and its
 * state, `build` names every case after its group, index and the inputs the
 * snippet mentions.
 * @param {string[]} marks  boolean options copied into the case when set (e.g. 'pc', 'exc')
 */
export function coreCaseList(marks) {
  const cases = [];
  /**
   * @param {string} group
   * @param {string} asm
   * @param {Record<number, number>} regs  register index -> initial value
   * @param {number} flags
   * @param {{sp?: number, mem?: boolean, [mark: string]: unknown}} [opts]
   */
  function add(group, asm, regs, flags = 0, opts = {}) {
    const r = DEFAULT_R.slice();
    for (const [k, v] of Object.entries(regs)) r[Number(k)] = u32(v);
    const c = { group, asm, r, flags: u32(flags) };
    if (opts.sp !== undefined) c.sp = u32(opts.sp);
    if (opts.mem) c.mem = true;
    for (const m of marks) if (opts[m]) c[m] = true;
    cases.push(c);
  }
  function build() {
    const counts = {};
    return cases.map((c) => {
      counts[c.group] = (counts[c.group] ?? 0) + 1;
      const used = new Set();
      for (const m of c.asm.matchAll(/\br(\d+)\b/g)) used.add(Number(m[1]));
      const parts = [...used].filter((i) => i < 13).sort((a, b) => a - b).map((i) => `r${i}=${hex(c.r[i])}`);
      parts.push(`flags=${hex(c.flags)}`);
      if (c.sp !== undefined) parts.push(`sp=${hex(c.sp)}`);
      return { name: `${c.group}#${counts[c.group]}: ${c.asm} [${parts.join(' ')}]`, ...c };
    });
  }
  return { add, build };
}

// ---------------------------------------------------------------------------
// Command line

/**
 * --keep, --print, --allow-warnings, --out FILE (default test/data/<name>),
 * --only REGEX.
 */
export function parseArgs(defaultName) {
  const args = process.argv.slice(2);
  const argOf = (k) => {
    const i = args.indexOf(k);
    if (i < 0) return undefined;
    if (i + 1 >= args.length) throw new Error(`${k} needs a value`);
    return args[i + 1];
  };
  const here = dirname(fileURLToPath(import.meta.url));
  return {
    keep: args.includes('--keep'),
    print: args.includes('--print'),
    allowWarnings: args.includes('--allow-warnings'),
    outFile: resolve(argOf('--out') ?? resolve(here, '../data', defaultName)),
    only: argOf('--only'),
  };
}

// ---------------------------------------------------------------------------
// Harness pieces (A32).  The image prints one hex line per case on the PL011
// UART between <TAG>-BEGIN and <TAG>-END and stops through semihosting.

export const asmHeader = String.raw`
	.syntax unified
	.arm
	.equ WIN, ${hex(WINDOW_BASE)}
	.equ UART, 0x09000000`;

/**
 * _start: vectors at VBAR, optionally CP10/CP11 enabled in CPACR, then
 * afterIsb, then cur = the first record.
 */
export const startImage = ({ cpacr = false, afterIsb = '' } = {}) => String.raw`
	.text
	.global _start
_start:
	cpsid	aif
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR${cpacr ? String.raw`
	mrc	p15, 0, r0, c1, c0, 2		@ CPACR: cp10/cp11 full access
	orr	r0, r0, #0x00f00000
	mcr	p15, 0, r0, c1, c0, 2` : ''}
	isb${afterIsb}
	ldr	r0, =records
	ldr	r1, =cur
	str	r0, [r1]`;

/** Fills the data window: byte i = (i*37 + 11) & 0xff.  Clobbers r0-r2. */
export const fillWindow = String.raw`
	ldr	r0, =WIN
	mov	r1, #0
	mov	r2, #11
1:	strb	r2, [r0, r1]
	add	r2, r2, #37
	add	r1, r1, #1
	cmp	r1, #${WINDOW_SIZE}
	blo	1b`;

/**
 * Copies the data window to [rec, #off].  Clobbers r0-r3; label 3.
 */
export const copyWindow = (rec, off) => String.raw`
	ldr	r0, =WIN
	add	r1, ${rec}, #${off}
	mov	r2, #0
3:	ldr	r3, [r0, r2]
	str	r3, [r1, r2]
	add	r2, r2, #4
	cmp	r2, #${WINDOW_SIZE}
	blo	3b`;

/**
 * next_case: stops at records_end, else r4 = the record, the window
 * filled and the exclusive monitor open.
 */
export const nextCase = String.raw`
next_case:
	ldr	r1, =cur
	ldr	r4, [r1]
	ldr	r0, =records_end
	cmp	r4, r0
	bhs	all_done${fillWindow}
	clrex`;

/**
 * Loads the flags (record + 52), r0-r12 (+0) and SP (+60) from the record
 * at r4 and jumps to the snippet address (+56); the layout every record
 * starts with.
 */
export const enterSnippet = String.raw`
	mov	sp, r4
	ldr	r0, [sp, #52]
	msr	APSR_nzcvqg, r0
	ldmia	sp, {r0-r12}
	ldr	lr, [sp, #56]
	ldr	sp, [sp, #60]
	bx	lr`;

/**
 * after_snippet for the A32 and T32 records (REC_SIZE bytes, in .data):
 *   0   r0..r12 initial
 *   52  initial flags (written with MSR APSR_nzcvqg)
 *   56  snippet address (+ 1 for Thumb)
 *   60  initial SP
 *   64  1 = copy the data window into the record after the case
 *   68  r0..r12 after
 *   120 SP after
 *   124 CPSR after
 *   128 data window after (256 bytes)
 * Nothing before the save touches r0-r12 or the flags.
 */
export const saveCoreState = String.raw`
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
	beq	2f${copyWindow('sp', 128)}
2:	add	sp, sp, #REC_SIZE
	str	sp, [lr]
	b	next_case`;

/** Semihosting SYS_EXIT with the given reason.  */
export const semihostExit = (reason, what) => String.raw`
	mov	r0, #0x18
	ldr	r1, =${reason}			@ ${what}
	svc	0x123456
	b	.`;

/**
 * all_done: prints, for each record, the words at [from, to) and, when the
 * word at mem is set, the window bytes at win; then exits.
 */
export const printRecords = ({ recSize, from, to, mem, win }) => String.raw`
all_done:
	ldr	r0, =msg_begin
	bl	puts
	ldr	r4, =records
	ldr	r5, =records_end
4:	cmp	r4, r5
	bhs	5f
	mov	r6, #${from}
6:	ldr	r0, [r4, r6]
	mov	r8, #28
	bl	puthex
	add	r6, r6, #4
	cmp	r6, #${to}
	blo	6b
	ldr	r0, [r4, #${mem}]
	cmp	r0, #0
	beq	7f
	mov	r0, #' '
	bl	putc
	mov	r6, #${win}
8:	ldrb	r0, [r4, r6]
	mov	r8, #4
	bl	puthex
	add	r6, r6, #1
	cmp	r6, #${win + WINDOW_SIZE}
	blo	8b
7:	mov	r0, #'\n'
	bl	putc
	add	r4, r4, #${recSize}
	b	4b
5:	ldr	r0, =msg_end
	bl	puts${semihostExit('0x20026', 'ADP_Stopped_ApplicationExit')}`;

export const uartRoutines = String.raw`
	@ putc: r0 = character; clobbers r1, r2
putc:
	ldr	r1, =UART
9:	ldr	r2, [r1, #0x18]
	tst	r2, #0x20
	bne	9b
	str	r0, [r1]
	bx	lr

	@ puthex: r0 = value, r8 = shift of the top nibble; clobbers r0-r2, r7-r9
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

	@ puts: r0 = NUL-terminated string; clobbers r0-r2, r10, r11
puts:
	mov	r11, lr
	mov	r10, r0
11:	ldrb	r0, [r10], #1
	cmp	r0, #0
	bxeq	r11
	bl	putc
	b	11b`;

/** VBAR target: one branch per vector to v0..v7. */
export const vectorTable = String.raw`
	.balign 32
vectors:
${[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `\tb\tv${n}`).join('\n')}`;

/**
 * Prints "<TAG>-EXCEPTION <r4> <r5> <current record>" and exits with an
 * error; the generator names the case from it (see reportCaseException).
 */
export const reportException = String.raw`
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
	bl	putc${semihostExit('0x20023', 'ADP_Stopped_RunTimeErrorUnknown')}`;

/** The strings the image prints; after the literal pool. */
export const messages = (tag, withException) => [
  `msg_begin:\t.asciz "${tag}-BEGIN\\n"`,
  `msg_end:\t.asciz "${tag}-END\\n"`,
  ...(withException ? [`msg_exc:\t.asciz "${tag}-EXCEPTION "`] : []),
  '\t.balign 4',
].join('\n');

/**
 * Appends the snippets: head once, then per case before(i), its statements
 * (one a line, so an assembler message names the case) and after(i).  The
 * defaults are A32 snippets s_i..e_i ending in "b after_snippet".
 * @returns {Map<number, number>} 1-based source line -> case index
 */
export function addSnippets(lines, cases, {
  head = ['\t.balign 4'],
  before = (i) => [`s_${i}:`],
  after = (i) => [`e_${i}:`, '\tb\tafter_snippet'],
} = {}) {
  lines.push('', '\t@ ---- snippets ----', ...head);
  const caseOfLine = new Map();
  cases.forEach((c, i) => {
    lines.push(...before(i));
    for (const stmt of c.asm.split(';')) {
      lines.push(`\t${stmt.trim()}`);
      caseOfLine.set(lines.length, i);
    }
    lines.push(...after(i));
  });
  return caseOfLine;
}

/** The .data part: `cur` (record pointer, saved SP), then record(c, i) lines per case. */
export function addRecords(lines, cases, record) {
  lines.push('', '\t.data', '\t.balign 8', 'cur:\t.word 0, 0', '\t.balign 8', 'records:');
  cases.forEach((c, i) => lines.push(...record(c, i)));
  lines.push('records_end:', '');
}

/** A .word directive; numbers in hex, strings (symbols) as they are. */
export const wordDirective = (list) => `\t.word ${list.map((x) => (typeof x === 'number' ? hex(x) : x)).join(', ')}`;

// ---------------------------------------------------------------------------
// Tools

export function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 512 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}
export function must(cmd, argv, opts) {
  const r = run(cmd, argv, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const firstLine = (s) => s.split('\n')[0].trim();

export const makeBuildDir = (prefix) => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** Keeps the build directory (and says where) or removes it. */
export function finish(dir, keep) {
  if (keep) console.log(`build dir: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * Assembles and links <dir>/<name>.s (.text at TEXT_BASE, .data at
 * DATA_BASE).  Any assembler warning aborts unless allowWarnings; messages
 * name the case of the line.
 * @returns {{elf: string, text: Buffer, syms: Map<string, number>}}
 */
export function buildImage({ dir, name, source, asFlags, cases, caseOfLine, allowWarnings = false }) {
  const srcFile = join(dir, `${name}.s`);
  writeFileSync(srcFile, source);
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
  const obj = join(dir, `${name}.o`);
  const asRes = run('arm-none-eabi-as', [...asFlags, '-o', obj, srcFile]);
  if (asRes.status !== 0 || /warning|error/i.test(asRes.stderr)) {
    const msgs = asRes.stderr.split('\n').filter(Boolean).map((m) => {
      const mm = /:(\d+): /.exec(m);
      const ci = mm ? caseOfLine.get(Number(mm[1])) : undefined;
      return ci === undefined ? m : `${m}\n    in case ${cases[ci].name}`;
    });
    console.error(msgs.join('\n'));
    if (asRes.status !== 0 || !allowWarnings) {
      throw new Error(`assembler ${asRes.status !== 0 ? 'failed' : 'warned'}; build dir ${dir}`);
    }
  }
  const elf = join(dir, `${name}.elf`);
  must('arm-none-eabi-ld', ['-T', join(dir, 'link.ld'), '-o', elf, obj]);
  const bin = join(dir, 'text.bin');
  must('arm-none-eabi-objcopy', ['-O', 'binary', '-j', '.text', elf, bin]);
  const text = readFileSync(bin);
  const syms = new Map();
  for (const line of must('arm-none-eabi-nm', [elf]).stdout.split('\n')) {
    const m = /^([0-9a-f]{8}) \w (\S+)$/.exec(line.trim());
    if (m) syms.set(m[2], parseInt(m[1], 16));
  }
  return { elf, text, syms };
}

/** The A32 words between s_i and e_i of every case, one per statement. */
export function snippetWords(cases, { text, syms }) {
  return cases.map((c, i) => {
    const s = syms.get(`s_${i}`), e = syms.get(`e_${i}`);
    const out = [];
    for (let a = s; a < e; a += 4) out.push(text.readUInt32LE(a - TEXT_BASE));
    const nstmt = c.asm.split(';').length;
    if (out.length !== nstmt) throw new Error(`case ${c.name}: ${out.length} words for ${nstmt} statements`);
    return out;
  });
}

const QEMU_ARGS = ['-M', 'virt', '-cpu', 'cortex-a15', '-m', '256M', '-semihosting', '-nographic', '-kernel'];

/**
 * Runs the image under QEMU (stdin closed, killed after timeoutSec) and
 * returns the lines between <tag>-BEGIN and <tag>-END, one per case.  On
 * failure onFailure(output) may explain it before the error is thrown.
 */
export function runQemu({ elf, tag, timeoutSec, count, dir, onFailure }) {
  const argv = [String(timeoutSec), 'qemu-system-arm', ...QEMU_ARGS, elf];
  const q = run('timeout', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = q.stdout.replace(/\r/g, '');
  const begin = `${tag}-BEGIN\n`;
  const b = out.indexOf(begin), en = out.indexOf(`${tag}-END\n`);
  if (q.status !== 0 || b < 0 || en < 0) {
    onFailure?.(out);
    throw new Error(`qemu exited ${q.status}\n${out.slice(0, 2000)}\n${q.stderr}\nbuild dir ${dir}`);
  }
  const lines = out.slice(b + begin.length, en).split('\n').filter(Boolean);
  if (lines.length !== count) throw new Error(`got ${lines.length} results for ${count} cases`);
  return lines;
}

/**
 * An onFailure for runQemu: names the case of a "<tag>-EXCEPTION" line
 * (see reportException); what(first word) says what was taken.
 */
export const reportCaseException = ({ tag, cases, syms, recSize, what }) => (out) => {
  const ex = new RegExp(`${tag}-EXCEPTION ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8})`).exec(out);
  if (!ex) return;
  const c = cases[(parseInt(ex[3], 16) - syms.get('records')) / recSize];
  console.error(`exception ${what(parseInt(ex[1], 16))} lr=${ex[2]} in case ${c?.name}`);
};

/** The JSON header fields that name the tools and the QEMU command line. */
export function toolHeader(elf, asFlags) {
  return {
    qemu: firstLine(must('qemu-system-arm', ['--version']).stdout),
    qemu_args: [...QEMU_ARGS, basename(elf)].join(' '),
    assembler: `${firstLine(must('arm-none-eabi-as', ['--version']).stdout)} ${asFlags.join(' ')}`,
  };
}

/** A result line: `n` words in hex, then (memory cases) the window bytes. */
export function parseResult(line, n) {
  const [regsHex, winHex] = line.split(' ');
  const v = [];
  for (let k = 0; k < n; k++) v.push(parseInt(regsHex.slice(k * 8, k * 8 + 8), 16) >>> 0);
  return { v, winHex };
}

/** The window of a memory case, checked for length. */
export function windowOf(c, winHex) {
  if (!winHex || winHex.length !== WINDOW_SIZE * 2) throw new Error(`case ${c.name}: bad window`);
  return winHex;
}

/** init and expect of an A32/T32 case from its result words r0-r12, SP, CPSR. */
export function coreInitExpect(c, v, winHex) {
  const init = { r: c.r, cpsr_flags: c.flags };
  if (c.sp !== undefined) init.sp = c.sp;
  const expect = { r: v.slice(0, 13), cpsr: v[14] };
  if (c.sp !== undefined) expect.sp = v[13];
  if (c.mem) expect.window = windowOf(c, winHex);
  return { init, expect };
}

export const windowHeader = () => ({ base: WINDOW_BASE, size: WINDOW_SIZE, fill: WINDOW_FILL });

/**
 * Writes the JSON: one header field a line, one case a line, and prints
 * the number of cases per group.
 */
export function writeJson(outFile, header, json, cases) {
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
