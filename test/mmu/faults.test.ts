// Fault status encodings, reading DFSR/DFAR from an abort handler, and TLB
// maintenance broadcast to the other cores.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Core } from '../../src/cpu/core.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';
import { MODE_ABT, MODE_HYP, MODE_SVC } from '../../src/cpu/psr.js';
import {
  F_ACCESS_FLAG, F_DOMAIN, F_EXTERNAL, F_PERMISSION, F_TRANSLATION, F_WALK_EXTERNAL, hpfarFor, longFsr, longParFault,
  shortFs, shortFsr, shortParAttrs, shortParFault,
} from '../../src/mmu/faults.js';
import {
  CODE, ENABLE_SHORT, I, L1, SCTLR_ON, makeMachine, section, setL1, shortTables, w32,
} from './mmu-helpers.js';

test('short-descriptor FS codes per fault kind and level', () => {
  assert.deepEqual([1, 2].map((l) => shortFs(F_TRANSLATION, l)), [0x05, 0x07]);
  assert.deepEqual([1, 2].map((l) => shortFs(F_ACCESS_FLAG, l)), [0x03, 0x06]);
  assert.deepEqual([1, 2].map((l) => shortFs(F_DOMAIN, l)), [0x09, 0x0b]);
  assert.deepEqual([1, 2].map((l) => shortFs(F_PERMISSION, l)), [0x0d, 0x0f]);
  assert.deepEqual([1, 2].map((l) => shortFs(F_WALK_EXTERNAL, l)), [0x0c, 0x0e]);
  assert.equal(shortFs(F_EXTERNAL, 0), 0x08);
  assert.equal(shortFsr(F_DOMAIN, 2, 0xa, true), 0x8ab);
});

test('long-descriptor DFSR and PAR fault words', () => {
  assert.equal(longFsr(F_TRANSLATION, 1, false), 0x205);
  assert.equal(longFsr(F_ACCESS_FLAG, 2, true), 0xa0a);
  assert.equal(longFsr(F_PERMISSION, 3, false), 0x20f);
  assert.equal(longFsr(F_WALK_EXTERNAL, 2, false), 0x216);
  assert.equal(longFsr(F_EXTERNAL, 0, true), 0xa10);
  assert.equal(shortParFault(F_TRANSLATION, 2), (0x07 << 1) | 1);
  assert.equal(shortParFault(F_WALK_EXTERNAL, 1), (0x0c << 1) | 1);
  assert.equal(longParFault(F_PERMISSION, 2, true, true), 1 | (0x0e << 1) | (1 << 8) | (1 << 9) | (1 << 11));
  assert.equal(hpfarFor(0xffc0001234), 0xffc0001 << 4 >>> 0);
});

test('short PAR attributes: TEX/C/B decode and TEX remap through PRRR/NMRR', () => {
  assert.equal(shortParAttrs(0b00000, 0, false, 0, 0), 0x80 | 0x10, 'strongly-ordered');
  assert.equal(shortParAttrs(0b00001, 0, false, 0, 0), 0x80 | 0x30, 'shareable device');
  assert.equal(shortParAttrs(0b00100, 1, false, 0, 0), 0x80, 'normal non-cacheable, shareable');
  assert.equal(shortParAttrs(0b10110, 0, false, 0, 0), (0b110 << 4) | (0b01 << 2), 'inner WT, outer WBWA');
  // Remap region 7 (TEX[0]:C:B = 111) to Normal, inner WBWA, outer WT, S=1 shareable via PRRR.NS1.
  const prrr = (0b10 << 14) | (1 << 19);
  const nmrr = (0b01 << 14) | (0b10 << 30);
  assert.equal(shortParAttrs(0b00111, 1, true, prrr, nmrr), 0x80 | (0b101 << 4) | (0b10 << 2));
});

test('the abort handler reads DFSR and DFAR with MRC', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { domain: 9 }));
  const handler = CODE + 0x100;
  w32(m, handler + 0x10, 0xee15af10); // mrc p15, 0, r10, c5, c0, 0 (DFSR)
  w32(m, handler + 0x14, 0xee16bf10); // mrc p15, 0, r11, c6, c0, 0 (DFAR)
  const words = [0xee0c9f10 /* mcr p15, 0, r9, c12, c0, 0 (VBAR) */, ...ENABLE_SHORT, I.STR_R6_R4];
  words.forEach((w, i) => w32(m, CODE + i * 4, w));
  const core = m.core;
  core.reset(CODE, MODE_SVC);
  [L1, 0, 0x1, SCTLR_ON, 0x10000ff8, 0, 0, 0, 0, handler].forEach((v, i) => { core.R[i] = v; });
  core.run(core.cycles + 8);
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.pc, handler + 0x18);
  assert.equal(core.R[10], 0x899, 'domain fault, section, Domain 9, WnR');
  assert.equal(core.R[11], 0x10000ff8);
});

test('TLBIALLIS on one core drops the cached translations of the others', () => {
  const m = makeMachine();
  const other = new Core(m.bus, { index: 1, model: CORTEX_A15, mpidrAff: 1, hasSecurity: false, hasVirtualization: true });
  m.core.peers = [other];
  other.peers = [m.core];
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000));
  w32(m, 0x40300000, 0x1);
  w32(m, 0x40400000, 0x2);
  // Core 0 reads VA 0x10000000 twice, with a pause between.
  [...ENABLE_SHORT, I.LDR_R5_R4, I.LDR_R9_R4].forEach((w, i) => w32(m, CODE + i * 4, w));
  const core = m.core;
  core.reset(CODE, MODE_SVC);
  [L1, 0, 0x1, SCTLR_ON, 0x10000000].forEach((v, i) => { core.R[i] = v; });
  core.run(core.cycles + 5);
  assert.equal(core.R[5], 1);
  // The mapping changes; core 1 (MMU off) broadcasts the invalidation.
  setL1(m, L1, 0x10000000, section(0x40400000));
  w32(m, 0x40010000, 0xee080f13); // mcr p15, 0, r0, c8, c3, 0 (TLBIALLIS)
  other.reset(0x40010000, MODE_SVC);
  other.run(other.cycles + 1);
  core.run(core.cycles + 1);
  assert.equal(core.R[9], 2);
});

test('raiseAbort: alignment faults in the long format with TTBCR.EAE, and to Hyp mode with HSR', () => {
  const m = makeMachine();
  const core = m.core;
  core.reset(CODE, MODE_SVC);
  assert.equal(core.mmu.abortFsr(0x01, true), 0x801);
  core.cp15.ttbcrB[1] = 0x80000000;
  assert.equal(core.mmu.abortFsr(0x08, false), 0x210);
  core.mmu.raiseAbort(0x1233, 0x01, true, false);
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.cp15.dfsrB[1], 0xa21);
  assert.equal(core.cp15.dfarB[1], 0x1233);
  core.reset(CODE, MODE_HYP);
  core.mmu.raiseAbort(0x1235, 0x01, false, false);
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.cp15.hsr >>> 0, ((0x25 << 26) | (1 << 25) | 0x21) >>> 0);
  assert.equal(core.cp15.hdfar, 0x1235);
  assert.equal(core.pc, 0x10);
});
