// VFP and Advanced SIMD instruction semantics against reference results
// recorded on QEMU 7.2 (test/ref/gen-vfp.mjs): core registers, CPSR, FPSCR,
// FPEXC, D0-D31, the data window, and the exception a case raised.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeCore } from '../helpers/a32.js';
import { MODE_SVC, bankOf } from '../../src/cpu/psr.js';
import type { Core } from '../../src/cpu/core.js';
import type { Bus } from '../../src/machine/bus.js';

interface RefCase {
  name: string;
  group: string;
  asm: string;
  words: number[];
  init: { r?: Record<string, number>; flags?: number; sp?: number; fpscr: number; fpexc?: number; d?: Record<string, string> };
  expect: {
    r?: Record<string, number>; cpsr: number; sp?: number; fpscr: number; fpexc?: number; d?: Record<string, string>;
    exc?: { vector: number; at: number; dfsr?: number; dfar?: number }; window?: string;
  };
}

interface Ref {
  default_r: number[];
  default_d: string[];
  default_sp: number;
  default_fpexc: number;
  cpacr: number;
  window: { base: number; size: number };
  cases: RefCase[];
}

// VFP_REF names another file of the same format (a partial regeneration while working on the cases).
const refFile = process.env.VFP_REF ?? new URL('../../../test/data/vfp-ref.json', import.meta.url);
const ref = JSON.parse(readFileSync(refFile, 'utf8')) as Ref;
const CODE = 0x40000000;
const WINDOW = new Uint8Array(ref.window.size).map((_, i) => (i * 37 + 11) & 0xff);
const hex = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

let machine: { core: Core; bus: Bus } | null = null;

function setD(core: Core, n: number, h: string): void {
  core.vfp.w[2 * n + 1] = parseInt(h.slice(0, 8), 16);
  core.vfp.w[2 * n] = parseInt(h.slice(8), 16);
}
function getD(core: Core, n: number): string {
  return core.vfp.w[2 * n + 1].toString(16).padStart(8, '0') + core.vfp.w[2 * n].toString(16).padStart(8, '0');
}

/** Runs one case; returns the differences from QEMU's result. */
function check(c: RefCase): string[] {
  machine ??= makeCore();
  const { core, bus } = machine;
  const code = Buffer.alloc(c.words.length * 4);
  c.words.forEach((x, i) => code.writeUInt32LE(x >>> 0, i * 4));
  bus.load(CODE, code);
  bus.load(ref.window.base, WINDOW);
  core.reset(CODE, MODE_SVC);
  core.cycles = core.idleCycles = 0;
  for (let i = 0; i < 13; i++) core.R[i] = c.init.r?.[i] ?? ref.default_r[i];
  core.R[13] = c.init.sp ?? ref.default_sp;
  core.setFlags(c.init.flags ?? 0);
  core.cp15.cpacr = ref.cpacr;
  for (let n = 0; n < 32; n++) setD(core, n, c.init.d?.[n] ?? ref.default_d[n]);
  core.vfp.fpscr = c.init.fpscr;
  core.vfp.fpexc = c.init.fpexc ?? ref.default_fpexc;

  let exc: { vector: number; at: number; dfsr?: number; dfar?: number } | undefined;
  for (let i = 0; i < c.words.length; i++) {
    core.run(core.cycles + 1);
    if (core.mode !== MODE_SVC) {
      exc = { vector: core.pc, at: i };
      if (core.pc === 0x10) { exc.dfsr = core.cp15Read(0, 5, 0, 0); exc.dfar = core.cp15Read(0, 6, 0, 0); }
      break;
    }
  }
  const diffs: string[] = [];
  const e = c.expect;
  for (let i = 0; i < 13; i++) {
    const want = e.r?.[i] ?? c.init.r?.[i] ?? ref.default_r[i];
    if (core.R[i] !== want) diffs.push(`r${i}=${hex(core.R[i])} want ${hex(want)}`);
  }
  const cpsr = exc ? core.spsr[bankOf(core.mode)] : core.cpsr;
  if (cpsr !== e.cpsr) diffs.push(`cpsr=${hex(cpsr)} want ${hex(e.cpsr)}`);
  if (exc !== undefined && core.getBanked(13, MODE_SVC) !== (e.sp ?? c.init.sp ?? ref.default_sp)) diffs.push('sp');
  if (exc === undefined && core.R[13] !== (e.sp ?? c.init.sp ?? ref.default_sp)) {
    diffs.push(`sp=${hex(core.R[13])} want ${hex(e.sp ?? c.init.sp ?? ref.default_sp)}`);
  }
  if (core.vfp.fpscr !== e.fpscr) diffs.push(`fpscr=${hex(core.vfp.fpscr)} want ${hex(e.fpscr)}`);
  const fpexc = e.fpexc ?? c.init.fpexc ?? ref.default_fpexc;
  if (core.vfp.fpexc !== fpexc) diffs.push(`fpexc=${hex(core.vfp.fpexc)} want ${hex(fpexc)}`);
  for (let n = 0; n < 32; n++) {
    const want = e.d?.[n] ?? c.init.d?.[n] ?? ref.default_d[n];
    const got = getD(core, n);
    if (got !== want) diffs.push(`d${n}=${got} want ${want}`);
  }
  const we = e.exc ? `${hex(e.exc.vector)}@${e.exc.at} ${e.exc.dfsr ?? ''} ${e.exc.dfar ?? ''}` : 'none';
  const ge = exc ? `${hex(exc.vector)}@${exc.at} ${exc.dfsr ?? ''} ${exc.dfar ?? ''}` : 'none';
  if (we !== ge) diffs.push(`exception ${ge} want ${we}`);
  if (e.window !== undefined) {
    const got = Buffer.from(Array.from({ length: ref.window.size }, (_, i) => bus.read(ref.window.base + i, 1))).toString('hex');
    if (got !== e.window) diffs.push(`window differs from byte ${[...got].findIndex((ch, i) => ch !== e.window![i]) >> 1}`);
  }
  return diffs;
}

const groups = [...new Set(ref.cases.map((c) => c.group))];
for (const g of groups) {
  const cases = ref.cases.filter((c) => c.group === g);
  test(`VFP ${g}: ${cases.length} cases match QEMU`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      const d = check(c);
      if (d.length) failures.push(`${c.name} ${c.asm} ${JSON.stringify(c.init)}: ${d.join(', ')}`);
    }
    assert.equal(failures.length, 0, `${failures.length} of ${cases.length} differ:\n` + failures.slice(0, Number(process.env.VFP_SHOW ?? 20)).join('\n'));
  });
}
