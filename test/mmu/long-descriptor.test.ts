// Long-descriptor (LPAE) stage 1 translation of the PL1&0 regime (TTBCR.EAE = 1):
// 1 GiB and 2 MiB blocks, 4 KiB pages, TTBR0/TTBR1 selection by T0SZ/T1SZ,
// permissions (AP, APTable, XN, PXN, PXNTable), the access flag, and the
// long-format DFSR/IFSR and PAR values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Core } from '../../src/cpu/core.js';
import { MODE_ABT, MODE_SVC, MODE_USR } from '../../src/cpu/psr.js';
import {
  CODE, ENABLE_LONG, I, LT1, LT2, LT3, SCTLR_ON, TTBCR_EAE, type Machine, leaf, longTables, makeMachine, r32, run,
  setEntry, table, w32,
} from './mmu-helpers.js';

const NS = 1;
const BODY = CODE + 16;
const LT3B = 0x40213000, LT3C = 0x40214000, LT1B = 0x40215000, LT2B = 0x40216000;
const PXN_TABLE = 1 << 27, AP_TABLE0 = 1 << 29, AP_TABLE1 = 1 << 30;
const MAIR0 = 0x0000ff44; // Attr0 Normal non-cacheable, Attr1 Normal write-back

/** Registers for ENABLE_LONG: TTBR0 = LT1 (r1:r0), TTBCR (r2), SCTLR (r3), then r4, r5, r6, MAIR0 (r7), r8... */
function regs(r4: number, o: { ttbcr?: number; r6?: number; rest?: number[] } = {}): number[] {
  return [LT1, 0, o.ttbcr ?? TTBCR_EAE, SCTLR_ON, r4, 0, o.r6 ?? 0, MAIR0, ...(o.rest ?? [])];
}

function assertDataAbort(core: Core, insn: number, dfsr: number, dfar: number): void {
  assert.equal(core.mode, MODE_ABT, 'Abort mode');
  assert.equal(core.pc, 0x10);
  assert.equal(core.R[14], insn + 8);
  assert.equal(core.cp15.dfsrB[NS].toString(16), dfsr.toString(16), 'DFSR');
  assert.equal(core.cp15.dfarB[NS].toString(16), (dfar >>> 0).toString(16), 'DFAR');
}

/** Code block, 2 MiB block at 0xC0000000 and a page table at 0xC0200000. */
function tables(): Machine {
  const m = makeMachine();
  longTables(m);
  setEntry(m, LT1, 3, table(LT2));
  setEntry(m, LT2, 0, leaf(0x40400000, 2));
  setEntry(m, LT2, 1, table(LT3));
  setEntry(m, LT3, 5, leaf(0x40505000, 3, { attrIndx: 1, sh: 3 }));
  return m;
}

test('LPAE: 1 GiB block, 2 MiB block and 4 KiB page', () => {
  const m = tables();
  setEntry(m, LT1, 0, leaf(0x40000000, 1));
  w32(m, 0x40301234, 0x1111);
  w32(m, 0x40412340, 0x2222);
  w32(m, 0x40505abc, 0x3333);
  let core = run(m, [...ENABLE_LONG, I.LDR_R5_R4, I.LDR_R9_R10, I.STR_R6_R4],
    { r: regs(0x00301234, { r6: 0x4444, rest: [0, 0, 0xc0012340] }) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0x1111, '1 GiB block');
  assert.equal(core.R[9], 0x2222, '2 MiB block');
  assert.equal(r32(m, 0x40301234), 0x4444);
  core = run(m, [...ENABLE_LONG, I.LDR_R5_R4], { r: regs(0xc0205abc) });
  assert.equal(core.R[5], 0x3333, '4 KiB page');
});

test('LPAE faults: translation at each level, access flag, permission (long-format DFSR)', () => {
  const m = tables();
  setEntry(m, LT3, 6, leaf(0x40506000, 3, { ap: 0b11 })); // read-only
  setEntry(m, LT3, 8, leaf(0x40508000, 3, { af: false }));
  setEntry(m, LT3, 9, leaf(0x40509000, 3, { ap: 0b00 })); // PL1 only
  setEntry(m, LT3, 11, [0x4050b001, 0]); // a block descriptor at level 3 is invalid
  setEntry(m, LT2, 8, leaf(0x41000000, 2, { af: false }));
  w32(m, 0x40506000, 0x66);
  const load = [...ENABLE_LONG, I.LDR_R5_R4];
  let core = run(m, [...ENABLE_LONG, I.LDR_R5_R4, I.STR_R6_R4], { r: regs(0xc0206000) });
  assert.equal(core.R[5], 0x66, 'read-only page reads');
  assertDataAbort(core, BODY + 4, 0xa0f, 0xc0206000); // LPAE | WnR | permission level 3
  assertDataAbort(run(m, load, { r: regs(0x80000000) }), BODY, 0x205, 0x80000000);
  assertDataAbort(run(m, load, { r: regs(0xc0400000) }), BODY, 0x206, 0xc0400000);
  assertDataAbort(run(m, load, { r: regs(0xc0207ffc) }), BODY, 0x207, 0xc0207ffc);
  assertDataAbort(run(m, load, { r: regs(0xc020b000) }), BODY, 0x207, 0xc020b000);
  assertDataAbort(run(m, load, { r: regs(0xc0208000) }), BODY, 0x20b, 0xc0208000);
  assertDataAbort(run(m, load, { r: regs(0xc1000000) }), BODY, 0x20a, 0xc1000000);
  assertDataAbort(run(m, [...ENABLE_LONG, I.LDR_R5_R4, I.LDRT_R5_R4], { r: regs(0xc0209000) }), BODY + 4, 0x20f,
    0xc0209000);
});

test('LPAE: XN and PXNTable on fetches (long-format IFSR), User mode fetches ignore PXN', () => {
  const m = tables();
  setEntry(m, LT3, 9, leaf(0x40509000, 3, { xn: true }));
  setEntry(m, LT2, 3, table(LT3B, PXN_TABLE));
  setEntry(m, LT3B, 0, leaf(0x40400000, 3));
  w32(m, 0x40400000, 0xe3a05001); // mov r5, #1
  let core = run(m, [...ENABLE_LONG, I.BLX_R4], { r: regs(0xc0209000), count: 6 });
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.pc, 0x0c);
  assert.equal(core.R[14], 0xc0209004);
  assert.equal(core.cp15.ifsrB[NS], 0x20f);
  assert.equal(core.cp15.ifarB[NS], 0xc0209000);
  core = run(m, [...ENABLE_LONG, I.BLX_R4], { r: regs(0xc0600000), count: 6 });
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.cp15.ifsrB[NS], 0x20f);
  core = run(m, [...ENABLE_LONG, I.CPS_USR, I.BLX_R4], { r: regs(0xc0600000), count: 7 });
  assert.equal(core.mode, MODE_USR);
  assert.equal(core.R[5], 1);
});

test('LPAE: APTable[1] makes the next levels read-only, APTable[0] takes away PL0 access', () => {
  const m = tables();
  setEntry(m, LT2, 4, table(LT3C, AP_TABLE1));
  setEntry(m, LT2, 5, table(LT3C, AP_TABLE0));
  setEntry(m, LT3C, 0, leaf(0x40400000, 3));
  w32(m, 0x40400000, 0x99);
  let core = run(m, [...ENABLE_LONG, I.LDRT_R5_R4, I.STR_R6_R4], { r: regs(0xc0800000) });
  assert.equal(core.R[5], 0x99);
  assertDataAbort(core, BODY + 4, 0xa0f, 0xc0800000);
  core = run(m, [...ENABLE_LONG, I.STR_R6_R4, I.LDRT_R5_R4], { r: regs(0xc0a00000, { r6: 0x98 }) });
  assert.equal(r32(m, 0x40400000), 0x98);
  assertDataAbort(core, BODY + 4, 0x20f, 0xc0a00000);
});

test('LPAE: T0SZ/T1SZ split TTBR0 and TTBR1 (level 1 and level 2 starts), the gap faults, EPD1', () => {
  const m = makeMachine();
  // TTBR0, T0SZ = 1: two level-1 entries for VA[30].
  setEntry(m, LT1, 1, leaf(CODE, 1));
  // TTBR1, T1SZ = 1: VA[30] indexes a level-1 table.
  setEntry(m, LT1B, 1, leaf(0x40000000, 1));
  w32(m, 0x40301234, 0xbeef);
  const words = [I.TTBR1_64_R8R9, ...ENABLE_LONG, I.LDR_R5_R4];
  let core = run(m, words, { r: regs(0xc0301234, { ttbcr: TTBCR_EAE | 1 | (1 << 16), rest: [LT1B, 0] }) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0xbeef);
  core = run(m, words, { r: regs(0xc0301234, { ttbcr: TTBCR_EAE | 1 | (1 << 16) | (1 << 23), rest: [LT1B, 0] }) });
  assertDataAbort(core, BODY + 4, 0x205, 0xc0301234);
  // T1SZ = 2: TTBR1 covers 0xC0000000 up with a level-2 table; 0x80000000-0xBFFFFFFF is in neither.
  setEntry(m, LT2B, 2, leaf(0x40400000, 2));
  w32(m, 0x40400010, 0xfeed);
  core = run(m, words, { r: regs(0xc0400010, { ttbcr: TTBCR_EAE | 1 | (2 << 16), rest: [LT2B, 0] }) });
  assert.equal(core.R[5], 0xfeed);
  core = run(m, words, { r: regs(0x80000000, { ttbcr: TTBCR_EAE | 1 | (2 << 16), rest: [LT2B, 0] }) });
  assertDataAbort(core, BODY + 4, 0x205, 0x80000000);
});

test('LPAE: output addresses above 4 GiB and tables nowhere are external aborts', () => {
  const m = tables();
  setEntry(m, LT3, 10, leaf(0x14050a000, 3));
  setEntry(m, LT2, 6, table(0x00100000));
  setEntry(m, LT2, 7, [(LT3 | 3) >>> 0, 1]); // table at 0x1_4021_2000
  const load = [...ENABLE_LONG, I.LDR_R5_R4];
  assertDataAbort(run(m, load, { r: regs(0xc020a000) }), BODY, 0x210, 0xc020a000);
  assertDataAbort(run(m, load, { r: regs(0xc0c00000) }), BODY, 0x217, 0xc0c00000);
  assertDataAbort(run(m, load, { r: regs(0xc0e00000) }), BODY, 0x217, 0xc0e00000);
  // ATS reports the 40-bit PA.
  const core = run(m, [...ENABLE_LONG, I.ATS1CPR_R4, I.PAR64_R5_R6], { r: regs(0xc020a000) });
  assert.equal(core.R[6] & 0xff, 1);
  assert.equal(core.R[5] & 0xfffff000, 0x4050a000);
});

test('LPAE ATS1CPR: 64-bit PAR with the MAIR attribute, SH, NS and LPAE, or the fault status', () => {
  const m = tables();
  let core = run(m, [...ENABLE_LONG, I.ATS1CPR_R4, I.PAR64_R5_R6], { r: regs(0xc0205abc) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5].toString(16), (0x40505000 | 0x800 | 0x200 | (3 << 7)).toString(16));
  assert.equal(core.R[6].toString(16), 'ff000000');
  core = run(m, [...ENABLE_LONG, I.ATS1CPR_R4, I.PAR64_R5_R6], { r: regs(0xc0207000) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 1 | (0x07 << 1) | 0x800);
  assert.equal(core.R[6], 0);
  core = run(m, [...ENABLE_LONG, I.ATS1CUW_R4, I.PAR_R5], { r: regs(0xc0205abc) });
  assert.equal(core.R[5] & 0xfffff800, 0x40505800, 'PL0 may write there');
});
