// Stage 2 translation (HCR.VM, VTTBR, VTCR): IPA -> PA with long descriptors,
// S2AP and XN, start levels and concatenated tables, 40-bit IPAs, stage 2 on
// stage 1 table walks (S1PTW), the syndrome handed to the Hyp hook, and
// ATS12NSO* results.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACC_EXEC, ACC_READ, ACC_WRITE } from '../../src/cpu/memory.js';
import { MODE_HYP, MODE_SVC, bankOf } from '../../src/cpu/psr.js';
import { F_ACCESS_FLAG, F_PERMISSION, F_TRANSLATION } from '../../src/mmu/faults.js';
import { LOOKUP_STAGE2_FAULT, REGIME_NONSECURE, type Stage2Fault } from '../../src/mmu/mmu.js';
import { PagePool, Stage2Tables } from '../../src/hypervisor/paging.js';
import {
  CODE, I, SCTLR_ON, type Machine, leaf, makeMachine, run, section, setEntry, table, w32,
} from './mmu-helpers.js';

const S2L1 = 0x40220000, S2L2 = 0x40221000, S2L3 = 0x40222000;
const HCR_VM = 1;
/** VTCR: T0SZ = 0 (32-bit IPA), SL0 = 1 (start at level 1). */
const VTCR_L1 = 1 << 6;
const RW = 0b11, RO = 0b01, WO = 0b10; // S2AP

/** Stage 2 tables: the code GiB identity mapped, IPA 0x80000000 on a 2 MiB block at PA 0x40600000, pages below. */
function stage2Tables(): Machine {
  const m = makeMachine();
  setEntry(m, S2L1, 1, leaf(0x40000000, 1, { ap: RW }));
  setEntry(m, S2L1, 2, table(S2L2));
  setEntry(m, S2L2, 0, leaf(0x40600000, 2, { ap: RW }));
  setEntry(m, S2L2, 1, table(S2L3));
  setEntry(m, S2L3, 5, leaf(0x40605000, 3, { ap: RO }));
  setEntry(m, S2L3, 6, leaf(0x40606000, 3, { ap: RW, xn: true }));
  setEntry(m, S2L3, 7, leaf(0x40607000, 3, { ap: WO }));
  setEntry(m, S2L3, 8, leaf(0x40608000, 3, { ap: RW, af: false }));
  return m;
}

/** Resets the core in SVC mode with stage 2 enabled from CP15 state directly. */
function guest(m: Machine, vtcr = VTCR_L1, vttbr = S2L1): void {
  const { core } = m;
  core.reset(CODE, MODE_SVC);
  core.cp15.hcr = HCR_VM;
  core.cp15.vtcr = vtcr;
  core.cp15.vttbr[0] = vttbr;
  core.translationChanged();
}

test('stage2(): blocks and pages, S2AP read/write, XN, access flag', () => {
  const m = stage2Tables();
  guest(m);
  const mmu = m.core.mmu;
  assert.equal(mmu.stage2(0x80000010, ACC_READ), 0x40600010);
  assert.equal(mmu.stage2(0x40001234, ACC_EXEC), 0x40001234);
  assert.equal(mmu.stage2(0x80205abc, ACC_READ), 0x40605abc);
  assert.equal(mmu.stage2(0x80205abc, ACC_WRITE), -1);
  assert.equal(mmu.s2.fault, F_PERMISSION);
  assert.equal(mmu.s2.level, 3);
  assert.equal(mmu.s2.ipa, 0x80205abc);
  assert.equal(mmu.stage2(0x80206000, ACC_READ), 0x40606000);
  assert.equal(mmu.stage2(0x80206000, ACC_EXEC), -1, 'XN');
  assert.equal(mmu.stage2(0x80207000, ACC_WRITE), 0x40607000, 'write-only');
  assert.equal(mmu.stage2(0x80207000, ACC_READ), -1);
  assert.equal(mmu.stage2(0x80208000, ACC_READ), -1);
  assert.equal(mmu.s2.fault, F_ACCESS_FLAG);
  assert.equal(mmu.stage2(0x00001000, ACC_READ), -1);
  assert.deepEqual([mmu.s2.fault, mmu.s2.level], [F_TRANSLATION, 1]);
  assert.equal(mmu.stage2(0x80209000, ACC_READ), -1);
  assert.deepEqual([mmu.s2.fault, mmu.s2.level], [F_TRANSLATION, 3]);
});

test('stage2(): T0SZ limits the IPA size; SL0 = 0 starts at level 2 with concatenated tables; 40-bit IPAs', () => {
  const m = stage2Tables();
  guest(m, VTCR_L1 | 1); // T0SZ = 1: 31-bit IPA
  assert.equal(m.core.mmu.stage2(0x80000010, ACC_READ), -1);
  assert.deepEqual([m.core.mmu.s2.fault, m.core.mmu.s2.level], [F_TRANSLATION, 1]);
  assert.equal(m.core.mmu.stage2(0x40000010, ACC_READ), 0x40000010);

  // SL0 = 0, T0SZ = 0: four concatenated level-2 tables (16 KiB), IPA[31:21] indexes them.
  const T = 0x40230000;
  setEntry(m, T, 0x80000000 / 0x200000, leaf(0x40600000, 2, { ap: RW }));
  guest(m, 0, T);
  assert.equal(m.core.mmu.stage2(0x80000010, ACC_READ), 0x40600010);
  assert.equal(m.core.mmu.s2.level, 2);

  // T0SZ = -8 (40-bit IPA), SL0 = 1: two concatenated level-1 tables, IPA[39:30].
  const T40 = 0x40234000;
  setEntry(m, T40, 1023, leaf(0x40000000, 1, { ap: RW }));
  guest(m, VTCR_L1 | 0x18, T40);
  assert.equal(m.core.mmu.stage2(0xffc0001234, ACC_READ), 0x40001234);
  assert.equal(m.core.mmu.stage2(0x10000000000, ACC_READ), -1, 'beyond 40 bits');
});

test('guest accesses go through stage 2; a stage 2 fault hands HSR/HDFAR/HPFAR to the Hyp hook', () => {
  const m = stage2Tables();
  w32(m, 0x40600010, 0x2000);
  const faults: Stage2Fault[] = [];
  m.core.mmu.onStage2Fault = (_core, f) => { faults.push({ ...f }); };
  // Hyp mode enables stage 2 and returns to SVC at the guest code.
  const hyp = [I.VTTBR_64, I.VTCR_R2, I.HCR_R3, I.ERET];
  const core = run(m, [...hyp, I.LDR_R5_R4, I.STR_R6_R4, I.LDR_R9_R10], {
    mode: MODE_HYP,
    r: [S2L1, 0, VTCR_L1, HCR_VM, 0x80000010, 0, 7, 0, 0, 0, 0x80209004],
    setup: (c) => { c.spsr[bankOf(MODE_HYP)] = 0x1d3; c.elrHyp = CODE + 16; },
  });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0x2000, 'IPA 0x80000010 is PA 0x40600010');
  assert.equal(m.bus.read(0x40600010, 4), 7);
  assert.equal(core.R[9], 0, 'the faulting load did not complete');
  assert.equal(faults.length, 1);
  assert.equal(faults[0].hsr.toString(16), (((0x24 << 26) | (1 << 25) | 0x07) >>> 0).toString(16), 'EC 0x24, translation level 3');
  assert.equal(faults[0].far, 0x80209004);
  assert.equal(faults[0].hpfar, 0x80209 << 4);
  assert.equal(faults[0].prefetch, false);
});

test('stage 2 fault on a store: WnR; on a fetch: Prefetch Abort syndrome; no hook installed: an Error', () => {
  const m = stage2Tables();
  const faults: Stage2Fault[] = [];
  m.core.mmu.onStage2Fault = (_core, f) => { faults.push({ ...f }); };
  guest(m);
  assert.throws(() => m.core.mmu.translate(0x80205000, ACC_WRITE), (e) => e !== null && (e as { abort?: boolean }).abort === true);
  assert.equal(faults[0].hsr >>> 0, ((0x24 << 26) | (1 << 25) | (1 << 6) | 0x0f) >>> 0);
  assert.throws(() => m.core.mmu.translate(0x80206000, ACC_EXEC));
  assert.equal(faults[1].hsr >>> 0, ((0x20 << 26) | (1 << 25) | 0x0f) >>> 0);
  assert.equal(faults[1].prefetch, true);
  assert.equal(faults[1].far, 0x80206000);
  m.core.mmu.onStage2Fault = null;
  assert.throws(() => m.core.mmu.translate(0x80205000, ACC_WRITE), /stage 2 fault/);
});

test('stage 1 walks read their tables through stage 2; a fault there is S1PTW', () => {
  const m = stage2Tables();
  // Guest stage 1 (short descriptors) with its L1 table at IPA 0x80100000 -> PA 0x40700000.
  setEntry(m, S2L2, 0, leaf(0x40600000, 2, { ap: RW })); // IPA 0x80000000-0x801fffff
  const L1IPA = 0x80100000, L1PA = 0x40700000;
  w32(m, L1PA + (CODE >>> 20) * 4, section(CODE));
  w32(m, L1PA + (0x10000000 >>> 20) * 4, section(0x80000000)); // VA 0x10000000 -> IPA 0x80000000
  w32(m, 0x40600040, 0x3000);
  guest(m);
  const cp = m.core.cp15;
  cp.ttbr0B[2] = L1IPA;
  cp.dacrB[1] = 0x55555555;
  cp.sctlrB[1] = SCTLR_ON;
  m.core.translationChanged();
  assert.equal(m.core.mmu.translate(0x10000040, ACC_READ), 0x40600040);
  // Now the tables' IPA is not mapped at stage 2.
  cp.ttbr0B[2] = 0x00200000;
  const mmu = m.core.mmu;
  assert.equal(mmu.lookup(0x10000040, ACC_READ, REGIME_NONSECURE, true, true), LOOKUP_STAGE2_FAULT);
  assert.equal(mmu.s2.s1ptw, true);
  assert.equal(mmu.s2.ipa, 0x00200000 + (0x10000040 >>> 20) * 4);
  const faults: Stage2Fault[] = [];
  mmu.onStage2Fault = (_core, f) => { faults.push({ ...f }); };
  assert.throws(() => mmu.translate(0x10000040, ACC_WRITE));
  assert.equal(faults[0].hsr >>> 0, ((0x24 << 26) | (1 << 25) | (1 << 7) | 0x05) >>> 0, 'S1PTW, no WnR');
  assert.equal(faults[0].hpfar, (0x00200400 >>> 12) << 4);
});

test('ATS12NSOPR/PW from Hyp mode: both stages, 64-bit PAR, stage 2 faults with FSTAGE', () => {
  const m = stage2Tables();
  const hyp = [I.VTTBR_64, I.VTCR_R2, I.HCR_R3];
  const regs = [S2L1, 0, VTCR_L1, HCR_VM, 0x80205abc];
  let core = run(m, [...hyp, I.ATS12NSOPR_R4, I.PAR64_R5_R6], { mode: MODE_HYP, r: regs });
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.R[5].toString(16), (0x40605000 | 0x800 | 0x200).toString(16));
  core = run(m, [...hyp, I.ATS12NSOPW_R4, I.PAR64_R5_R6], { mode: MODE_HYP, r: regs });
  assert.equal(core.R[5].toString(16), (1 | (0x0f << 1) | (1 << 9) | 0x800).toString(16));
  assert.equal(core.R[6], 0);
  // ATS12NSO* is UNDEFINED at Non-secure PL1.
  core = run(m, [I.ATS12NSOPR_R4], { r: [0, 0, 0, 0, 0x1000] });
  assert.equal(core.pc, 0x04);
});

test('stage2() agrees with the tables built by the hypervisor (src/hypervisor/paging.ts)', () => {
  const m = makeMachine();
  const pool = new PagePool(m.bus, 0x41f00000, 0x100000);
  const s2 = new Stage2Tables(m.bus, pool);
  const rw = { read: true, write: true, exec: true, device: false };
  s2.map(0x00000000, 0x40000000, 0x40000000, rw);
  s2.map(0x40000000, 0x40000000, 0x00400000, { read: true, write: false, exec: false, device: false });
  s2.map(0x80000000, 0x41000000, 0x00201000, rw);
  s2.unmap(0x00123000, 0x2000);
  m.core.reset(CODE, MODE_SVC);
  m.core.cp15.hcr = HCR_VM;
  m.core.cp15.vtcr = VTCR_L1;
  m.core.cp15.vttbr[0] = s2.root;
  const mmu = m.core.mmu;
  for (const ipa of [0, 0x00122ffc, 0x00123000, 0x00124ffc, 0x00125000, 0x3ffffffc, 0x40000000, 0x403ffffc, 0x40400000,
    0x80000000, 0x80200ffc, 0x80201000, 0xc0000000]) {
    const want = s2.lookup(ipa);
    assert.equal(mmu.stage2(ipa, ACC_READ), want === null ? -1 : want.pa, `IPA 0x${ipa.toString(16)}`);
  }
  assert.equal(mmu.stage2(0x40000000, ACC_WRITE), -1, 'read-only');
  assert.equal(mmu.stage2(0x40000000, ACC_EXEC), -1, 'not executable');
});
