#!/usr/bin/env node
// Regenerates test/data/t32-ref.json: runs every Thumb case from
// cases-t32.mjs on QEMU (qemu-system-arm -M virt -cpu cortex-a15) and records
// the resulting registers, CPSR and data window. See test/ref/README.md.
//
// Usage: node test/ref/gen-t32.mjs [--keep] [--out FILE] [--allow-warnings]
//   --keep   keep the temporary build directory (prints its path)

import { buildCases, P } from './cases-t32.mjs';
import {
  TEXT_BASE, parseArgs, asmHeader, startImage, nextCase, enterSnippet, saveCoreState, printRecords, uartRoutines,
  vectorTable, reportException, messages, addSnippets, addRecords, wordDirective, makeBuildDir, buildImage, runQemu,
  reportCaseException, toolHeader, parseResult, coreInitExpect, windowHeader, writeJson, finish,
} from './lib.mjs';

const { keep, outFile, allowWarnings } = parseArgs('t32-ref.json');
const REC_SIZE = 400; // see record layout below
const AS_FLAGS = ['-march=armv7ve', '-mfpu=neon-vfpv4', '-mfloat-abi=soft'];
const TAG = 'T32REF';

const cases = buildCases();
const dir = makeBuildDir('t32ref');

// ---------------------------------------------------------------------------
// Assembly source
//
// Record layout: as saveCoreState in lib.mjs (address + 1: Thumb), plus
//   384 where an Undefined/SVC/Prefetch Abort/Data Abort exception continues:
//       exc_expected (cases marked exc) or exc_unexpected

const fpexcOn = String.raw`
	mov	r0, #0x40000000			@ FPEXC.EN
	vmsr	fpexc, r0`;

const harness = String.raw`${asmHeader}
	.equ REC_SIZE, ${REC_SIZE}

${startImage({ cpacr: true, afterIsb: fpexcOn })}
${nextCase}
	dsb${enterSnippet}				@ lr has bit 0 set: enters Thumb state

	@ every snippet ends with "ldr pc, =after_snippet" (back to A32)${saveCoreState}
${printRecords({ recSize: REC_SIZE, from: 68, to: 128, mem: 64, win: 128 })}
${uartRoutines}
${vectorTable}
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
	mov	r5, r11${reportException}
	.ltorg

${messages(TAG, true)}
`;
const lines = harness.split('\n');
const caseOfLine = addSnippets(lines, cases, {
  head: ['\t.thumb'],
  before: (i) => ['\t.balign 4', `s_${i}:`],
  after: (i) => [`e_${i}:`, '\tldr.w\tpc, =after_snippet', '\t.ltorg', `z_${i}:`],
});
addRecords(lines, cases, (c, i) => [
  wordDirective([...c.r, c.flags, `s_${i} + 1`, c.sp ?? P, c.mem ? 1 : 0]),
  `\t.space ${384 - 68}`,
  `\t.word ${c.exc ? 'exc_expected' : 'exc_unexpected'}`,
  `\t.space ${REC_SIZE - 388}`,
]);

// ---------------------------------------------------------------------------
// Build and run

const { elf, text, syms } = buildImage({
  dir, name: 't32ref', source: lines.join('\n'), asFlags: AS_FLAGS, cases, caseOfLine, allowWarnings,
});
const afterSnippet = syms.get('after_snippet');
const code = cases.map((c, i) => {
  const s = syms.get(`s_${i}`), e = syms.get(`e_${i}`), z = syms.get(`z_${i}`);
  return { addr: s, end: e - s, hex: text.subarray(s - TEXT_BASE, z - TEXT_BASE).toString('hex') };
});
const results = runQemu({
  elf, tag: TAG, timeoutSec: 120, count: cases.length, dir,
  onFailure: reportCaseException({
    tag: TAG, cases, syms, recSize: REC_SIZE, what: (a) => `(mode/vector ${a.toString(16)})`,
  }),
});

// ---------------------------------------------------------------------------
// JSON

const json = cases.map((c, i) => {
  const { v, winHex } = parseResult(results[i], 15);
  const o = { name: c.name, group: c.group, asm: c.asm, addr: code[i].addr, end: code[i].end, code: code[i].hex };
  if (c.exc) o.exc = true;
  return Object.assign(o, coreInitExpect(c, v, winHex));
});

const header = {
  generator: 'test/ref/gen-t32.mjs (cases from test/ref/cases-t32.mjs)',
  ...toolHeader(elf, AS_FLAGS),
  cpsr_base: 0x1d3,
  after_snippet: afterSnippet,
  window: windowHeader(),
  exclusive_monitor: 'open (CLREX) at the start of every case',
  fpu: 'CPACR cp10/cp11 full access and FPEXC.EN set before the first case; FP registers carry over between cases',
  entry: 'BX LR from A32 with LR = addr + 1 (LR keeps that value); the snippet ends with LDR.W PC, =after_snippet',
  exceptions: 'exc cases: r11 = LR and r12 = SPSR of the exception mode, r10 = IFSR (prefetch abort) or DFSR ' +
    '(data abort), r9 = DFAR (data abort); then CPS #0x13 and the state is saved',
};
writeJson(outFile, header, json, cases);
finish(dir, keep);
