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

import { buildCases, DEFAULT_D, DEFAULT_R, P, FPEXC_EN } from './cases-vfp.mjs';
import {
  hex, parseArgs, asmHeader, startImage, nextCase, enterSnippet, copyWindow, printRecords, uartRoutines, vectorTable,
  messages, addSnippets, addRecords, wordDirective, makeBuildDir, buildImage, snippetWords, runQemu, toolHeader,
  parseResult, windowOf, windowHeader, writeJson, finish,
} from './lib.mjs';

const { keep, print, outFile, only } = parseArgs('vfp-ref.json');
const AS_FLAGS = ['-march=armv7ve', '-mfpu=neon-vfpv4', '-mfloat-abi=softfp'];
const TAG = 'VFPREF';

// Record layout (bytes), one record per case in .data.  The first words are
// those every harness loads (lib.mjs enterSnippet): r0..r12 initial at 0,
// NZCVQ/GE at 52 (written with MSR APSR_nzcvqg), the snippet address at 56,
// the initial SP at 60.
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

let cases = buildCases();
if (only) cases = cases.filter((c) => new RegExp(only).test(c.name));
const dir = makeBuildDir('vfpref');

const vec = (n) => `
v${n}:	ldr	sp, =cur
	ldr	sp, [sp]
	str	lr, [sp, #${EXC_LR}]
	mov	lr, #${n}
	str	lr, [sp, #${EXC_VEC}]
	b	exc_save`;

const harness = String.raw`${asmHeader}

${startImage({ cpacr: true })}
${nextCase}
	mov	r0, #${hex(FPEXC_EN)}
	vmsr	fpexc, r0
	add	r0, r4, #${D_IN}
	vldmia	r0!, {d0-d15}
	vldmia	r0, {d16-d31}
	ldr	r0, [r4, #${FPSCR_IN}]
	vmsr	fpscr, r0
	ldr	r0, [r4, #${FPEXC_IN}]
	vmsr	fpexc, r0
	isb${enterSnippet}

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
	beq	2f${copyWindow('r4', WIN_OUT)}
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
${printRecords({ recSize: REC_SIZE, from: R_OUT, to: D_OUT + 256, mem: MEM, win: WIN_OUT })}
${uartRoutines}
${vectorTable}
${[0, 1, 2, 3, 4, 5, 6, 7].map(vec).join('\n')}
	.ltorg

${messages(TAG, false)}
`;

const lines = harness.split('\n');
const caseOfLine = addSnippets(lines, cases);
addRecords(lines, cases, (c, i) => [
  wordDirective([...c.r, c.flags, `s_${i}`, c.sp ?? P, c.fpscr, c.fpexc, c.mem ? 1 : 0, 0]),
  `\t.word ${c.d.map(hex).join(', ')}`,
  `\t.space ${REC_SIZE - D_IN - 256}`,
]);

// ---------------------------------------------------------------------------
// Build and run

const image = buildImage({ dir, name: 'vfpref', source: lines.join('\n'), asFlags: AS_FLAGS, cases, caseOfLine });
const { elf, syms } = image;
const words = snippetWords(cases, image);
const results = runQemu({ elf, tag: TAG, timeoutSec: 300, count: cases.length, dir });

// ---------------------------------------------------------------------------
// JSON: initial state and expectations relative to the defaults / the initial state

const h16 = (hi, lo) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
const json = cases.map((c, i) => {
  const { v, winHex } = parseResult(results[i], OUT_WORDS);
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
  if (c.mem) ex.window = windowOf(c, winHex);
  o.expect = ex;
  return o;
});

if (print) {
  for (const o of json) console.log(JSON.stringify(o));
} else {
  const header = {
    generator: 'test/ref/gen-vfp.mjs (cases from test/ref/cases-vfp.mjs)',
    ...toolHeader(elf, AS_FLAGS),
    default_r: DEFAULT_R,
    default_d: Array.from({ length: 32 }, (_, k) => h16(DEFAULT_D[2 * k + 1], DEFAULT_D[2 * k])),
    default_sp: P,
    default_fpexc: FPEXC_EN,
    cpacr: 0x00f00000,
    window: windowHeader(),
  };
  writeJson(outFile, header, json, cases);
}
finish(dir, keep);
