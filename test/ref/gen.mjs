#!/usr/bin/env node
// Regenerates test/data/a32-ref.json: runs every case from cases.mjs on
// QEMU (qemu-system-arm -M virt -cpu cortex-a15) and records the resulting
// registers, CPSR and data window.  See test/ref/README.md.
//
// Usage: node test/ref/gen.mjs [--keep] [--out FILE] [--allow-warnings]
//   --keep   keep the temporary build directory (prints its path)

import { buildCases, P } from './cases.mjs';
import {
  hex, parseArgs, asmHeader, startImage, nextCase, enterSnippet, saveCoreState, printRecords, uartRoutines,
  vectorTable, reportException, messages, addSnippets, addRecords, wordDirective, makeBuildDir, buildImage,
  snippetWords, runQemu, reportCaseException, toolHeader, parseResult, coreInitExpect, windowHeader, writeJson, finish,
} from './lib.mjs';

const { keep, outFile, allowWarnings } = parseArgs('a32-ref.json');
const REC_SIZE = 384; // see record layout below
const AS_FLAGS = ['-march=armv7ve', '-mfloat-abi=soft'];
const TAG = 'A32REF';

const cases = buildCases();
const dir = makeBuildDir('a32ref');

// ---------------------------------------------------------------------------
// Assembly source
//
// Record layout: see saveCoreState in lib.mjs (REC_SIZE bytes a case).

const harness = String.raw`${asmHeader}
	.equ REC_SIZE, ${REC_SIZE}

${startImage()}
${nextCase}
	dsb${enterSnippet}

	@ every snippet ends with "b after_snippet"${saveCoreState}
${printRecords({ recSize: REC_SIZE, from: 68, to: 128, mem: 64, win: 128 })}
${uartRoutines}
${vectorTable}
${[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `v${n}:\tmov\tr4, #${n}\n\tb\texc`).join('\n')}
exc:
	mov	r5, lr${reportException}
	.ltorg

${messages(TAG, true)}
`;
const lines = harness.split('\n');
const caseOfLine = addSnippets(lines, cases);
addRecords(lines, cases, (c, i) => [
  wordDirective([...c.r, c.flags, `s_${i}`, c.sp ?? P, c.mem ? 1 : 0]),
  `\t.space ${REC_SIZE - 68}`,
]);

// ---------------------------------------------------------------------------
// Build and run

const image = buildImage({
  dir, name: 'a32ref', source: lines.join('\n'), asFlags: AS_FLAGS, cases, caseOfLine, allowWarnings,
});
const { elf, syms } = image;
const words = snippetWords(cases, image);
const results = runQemu({
  elf, tag: TAG, timeoutSec: 120, count: cases.length, dir,
  onFailure: reportCaseException({ tag: TAG, cases, syms, recSize: REC_SIZE, what: (a) => `vector ${a}` }),
});

// ---------------------------------------------------------------------------
// JSON

const FLAG_MASK = 0xf80f0000;
let cpsrBase;
const json = cases.map((c, i) => {
  const { v, winHex } = parseResult(results[i], 15);
  const cpsr = v[14];
  const base = (cpsr & ~FLAG_MASK) >>> 0;
  if (cpsrBase === undefined) cpsrBase = base;
  else if (base !== cpsrBase) console.warn(`note: ${c.name}: CPSR non-flag bits ${hex(base)}`);
  const o = { name: c.name, group: c.group, asm: c.asm, words: words[i] };
  if (c.pc) o.addr = syms.get(`s_${i}`);
  return Object.assign(o, coreInitExpect(c, v, winHex));
});

const header = {
  generator: 'test/ref/gen.mjs (cases from test/ref/cases.mjs)',
  ...toolHeader(elf, AS_FLAGS),
  cpsr_base: cpsrBase,
  window: windowHeader(),
  exclusive_monitor: 'open (CLREX) at the start of every case',
};
writeJson(outFile, header, json, cases);
finish(dir, keep);
