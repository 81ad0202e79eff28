// T32 instruction semantics against reference results recorded on QEMU 7.2
// (test/ref/gen-t32.mjs): registers, full CPSR and the data window after each
// snippet, and for snippets ending in an exception the LR, SPSR and fault
// status the exception left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeCore, runA32 } from '../helpers/a32.js';
import { MODE_SVC, MODE_UND, PSR_T, bankOf } from '../../src/cpu/psr.js';

interface RefCase {
  name: string;
  group: string;
  asm: string;
  addr: number;
  end: number;
  code: string;
  exc?: boolean;
  init: { r: number[]; cpsr_flags: number; sp?: number };
  expect: { r: number[]; cpsr: number; sp?: number; window?: string };
}

const ref = JSON.parse(readFileSync(new URL('../../../test/data/t32-ref.json', import.meta.url), 'utf8')) as {
  cpsr_base: number;
  after_snippet: number;
  window: { base: number; size: number };
  cases: RefCase[];
};

const WINDOW = new Uint8Array(ref.window.size).map((_, i) => (i * 37 + 11) & 0xff);
const VBAR = 0x40300000; // nothing runs there: reaching it means an exception was taken
const MAX_STEPS = 5000;
const hex = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

const { core, bus } = makeCore();

/** Runs one case the way the QEMU harness did; returns the differences. */
function check(c: RefCase): string | null {
  bus.load(c.addr, Buffer.from(c.code, 'hex'));
  bus.load(ref.window.base, WINDOW);
  core.reset(c.addr, MODE_SVC);
  core.setCpsr((ref.cpsr_base | PSR_T | c.init.cpsr_flags) >>> 0);
  for (let i = 0; i < 13; i++) core.R[i] = c.init.r[i];
  core.R[13] = c.init.sp ?? 0x40080000;
  core.R[14] = c.addr + 1; // the harness entered the snippet with BX LR
  core.cp15Write(0, 12, 0, 0, VBAR);
  core.cp15Write(0, 1, 0, 2, 0x00f00000); // CPACR: CP10/CP11 enabled, as the harness did
  core.vfp.fpexc = 0x40000000;
  let ended = false;
  for (let step = 0; step < MAX_STEPS && !ended; step++) {
    core.run(core.cycles + 1);
    if (!core.thumb && core.pc === ref.after_snippet) ended = true;
    else if (core.pc >= VBAR && core.pc < VBAR + 0x20) {
      // What the harness's vector code records before returning to SVC mode.
      const off = core.pc - VBAR;
      if (!c.exc) return `${c.name}: unexpected exception (vector 0x${off.toString(16)}, lr ${hex(core.R[14])})`;
      core.R[11] = core.R[14];
      core.R[12] = core.spsr[bankOf(core.mode)];
      if (off === 0x0c) core.R[10] = core.cp15Read(0, 5, 0, 1)!;
      if (off === 0x10) { core.R[10] = core.cp15Read(0, 5, 0, 0)!; core.R[9] = core.cp15Read(0, 6, 0, 0)!; }
      core.switchMode(MODE_SVC);
      ended = true;
    }
  }
  if (!ended) return `${c.name}: did not finish (pc ${hex(core.pc)})`;
  const diffs: string[] = [];
  for (let i = 0; i < 13; i++) {
    if (core.R[i] !== c.expect.r[i]) diffs.push(`r${i}=${hex(core.R[i])} want ${hex(c.expect.r[i])}`);
  }
  if (core.cpsr !== c.expect.cpsr) diffs.push(`cpsr=${hex(core.cpsr)} want ${hex(c.expect.cpsr)}`);
  if (c.expect.sp !== undefined && core.R[13] !== c.expect.sp) diffs.push(`sp=${hex(core.R[13])} want ${hex(c.expect.sp)}`);
  if (c.expect.window !== undefined) {
    const got = Buffer.from(Array.from({ length: ref.window.size }, (_, i) => bus.read(ref.window.base + i, 1))).toString('hex');
    if (got !== c.expect.window) {
      const at = [...got].findIndex((ch, i) => ch !== c.expect.window![i]) >> 1;
      diffs.push(`window differs from byte ${at}`);
    }
  }
  return diffs.length ? `${c.name}: ${diffs.join(', ')}` : null;
}

/**
 * The T32 Advanced SIMD encodings are executed by the A32 SIMD decoder. While that one
 * does not know A32 VADD.I32 d1, d0, d0 or VLD1.32 {d0}, [r1] yet, the simd group is
 * reported as to-do, not failed.
 */
function simdMissing(): string | false {
  for (const w of [0xf2201800, 0xf421078f]) {
    const r = runA32([w], {
      r: [0, 0x40100000], setup: (c) => { c.cp15Write(0, 1, 0, 2, 0x00f00000); c.vfp.fpexc = 0x40000000; },
    });
    if (r.core.mode === MODE_UND) return 'Advanced SIMD is not complete in src/cpu/vfp yet';
  }
  return false;
}

const groups = [...new Set(ref.cases.map((c) => c.group))];
for (const g of groups) {
  const cases = ref.cases.filter((c) => c.group === g);
  test(`T32 ${g}: ${cases.length} cases match QEMU`, { todo: g === 'simd' && simdMissing() }, () => {
    const failures = cases.map(check).filter((f): f is string => f !== null);
    assert.equal(failures.length, 0, `${failures.length} of ${cases.length} differ:\n` + failures.slice(0, 15).join('\n'));
  });
}
