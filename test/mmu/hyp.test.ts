// Hyp mode's own stage 1 translation (HSCTLR.M, HTTBR, HTCR, HMAIR0/1; long
// descriptors only): aborts in Hyp mode are taken to Hyp mode with HSR and
// HDFAR/HIFAR; ATS1HR and ATS1C* from Hyp mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Core } from '../../src/cpu/core.js';
import { MODE_HYP, bankOf } from '../../src/cpu/psr.js';
import {
  CODE, I, LT1, LT2, type Machine, leaf, longTables, makeMachine, run, setEntry, table, w32,
} from './mmu-helpers.js';

const NS = 1;
const HSCTLR_ON = 0x30c50818 | 1;
const HMAIR0 = 0x000004ff; // Attr0 write-back, Attr1 Device
/** HTTBR = LT1 (r1:r0), HMAIR0 = r7, HTCR = r2, HSCTLR = r3. */
const ENABLE_HYP = [I.HTTBR_64, I.HMAIR0_R7, I.HTCR_R2, I.HSCTLR_R3];
const BODY = CODE + 16;

function regs(r4: number, htcr = 0): number[] {
  return [LT1, 0, htcr, HSCTLR_ON, r4, 0, 0x5a, HMAIR0];
}

function tables(): Machine {
  const m = makeMachine();
  longTables(m);
  setEntry(m, LT1, 3, table(LT2));
  setEntry(m, LT2, 0, leaf(0x40400000, 2, { attrIndx: 1 }));
  setEntry(m, LT2, 2, leaf(0x40800000, 2, { ap: 0b11 })); // AP[2]: read-only
  setEntry(m, LT2, 3, leaf(0x40400000, 2, { xn: true }));
  return m;
}

function assertHypAbort(core: Core, vector: number, hsr: number, elr: number): void {
  assert.equal(core.mode, MODE_HYP, 'stays in Hyp mode');
  assert.equal(core.pc, vector, 'HVBAR + vector offset');
  assert.equal(core.cp15.hsr.toString(16), (hsr >>> 0).toString(16), 'HSR');
  assert.equal(core.elrHyp, elr, 'ELR_hyp: the faulting instruction');
  assert.equal(core.spsr[bankOf(MODE_HYP)] & 0x1f, MODE_HYP);
  assert.equal(core.cp15.dfsrB[NS], 0, 'DFSR untouched');
  assert.equal(core.cp15.ifsrB[NS], 0, 'IFSR untouched');
}

test('Hyp stage 1: a 2 MiB block maps VA 0xC0000000 for loads and stores', () => {
  const m = tables();
  w32(m, 0x40400020, 0x600d);
  const core = run(m, [...ENABLE_HYP, I.LDR_R5_R4, I.STR_R6_R4], { mode: MODE_HYP, r: regs(0xc0000020) });
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.R[5], 0x600d);
  assert.equal(m.bus.read(0x40400020, 4), 0x5a);
});

test('Hyp stage 1 faults go to Hyp mode: HSR EC 0x25 with the long status, HDFAR, WnR', () => {
  const m = tables();
  let core = run(m, [...ENABLE_HYP, I.LDR_R5_R4], { mode: MODE_HYP, r: regs(0x80000004) });
  assertHypAbort(core, 0x10, (0x25 << 26) | (1 << 25) | 0x05, BODY);
  assert.equal(core.cp15.hdfar, 0x80000004);
  core = run(m, [...ENABLE_HYP, I.LDR_R5_R4, I.STR_R6_R4], { mode: MODE_HYP, r: regs(0xc0400000) });
  assertHypAbort(core, 0x10, (0x25 << 26) | (1 << 25) | (1 << 6) | 0x0e, BODY + 4);
  assert.equal(core.cp15.hdfar, 0xc0400000);
  // HTCR.T0SZ = 1: only the low 2 GiB are translated.
  core = run(m, [...ENABLE_HYP, I.LDR_R5_R4], { mode: MODE_HYP, r: regs(0xc0000020, 1) });
  assertHypAbort(core, 0x10, (0x25 << 26) | (1 << 25) | 0x05, BODY);
});

test('Hyp stage 1: fetching from an XN block is a Prefetch Abort to Hyp mode (EC 0x21, HIFAR)', () => {
  const m = tables();
  const core = run(m, [...ENABLE_HYP, I.BLX_R4], { mode: MODE_HYP, r: regs(0xc0600000), count: 6 });
  assertHypAbort(core, 0x0c, (0x21 << 26) | (1 << 25) | 0x0e, 0xc0600000);
  assert.equal(core.cp15.hifar, 0xc0600000);
});

test('ATS1HR: 64-bit PAR with the HMAIR attribute; ATS1CPR from Hyp mode uses the Non-secure PL1&0 regime', () => {
  const m = tables();
  let core = run(m, [...ENABLE_HYP, I.ATS1HR_R4, I.PAR64_R5_R6], { mode: MODE_HYP, r: regs(0xc0012345) });
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.R[5].toString(16), (0x40412000 | 0x800 | 0x200).toString(16));
  assert.equal(core.R[6].toString(16), '4000000', 'ATTR = HMAIR0.Attr1 (Device)');
  core = run(m, [...ENABLE_HYP, I.ATS1HW_R4, I.PAR64_R5_R6], { mode: MODE_HYP, r: regs(0xc0400000) });
  assert.equal(core.R[5], 1 | (0x0e << 1) | 0x800, 'read-only: permission fault, level 2');
  // PL1&0 stage 1 is off: a flat result, reported in the 64-bit format from Hyp mode.
  core = run(m, [...ENABLE_HYP, I.ATS1CPR_R4, I.PAR64_R5_R6], { mode: MODE_HYP, r: regs(0xc0012345) });
  assert.equal(core.R[5].toString(16), ((0xc0012000 | 0x800 | 0x200) >>> 0).toString(16));
  assert.equal(core.R[6], 0);
});
