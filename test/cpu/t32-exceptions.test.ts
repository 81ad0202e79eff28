// Exceptions taken from and returning to Thumb state: LR offsets, SPSR with
// T and ITSTATE, handlers in either instruction set (SCTLR.TE), RFE, IRQs in
// the middle of an IT block, Hyp traps with the 16/32-bit IL bit and the IT
// condition, aborts, and instructions that straddle a page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCore } from '../helpers/a32.js';
import { buildBoard } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import type { Core } from '../../src/cpu/core.js';
import type { Bus } from '../../src/machine/bus.js';
import { MODE_ABT, MODE_HYP, MODE_IRQ, MODE_SVC, MODE_UND, PSR_T, bankOf } from '../../src/cpu/psr.js';
import { HCR_TVM, HCR_TWI } from '../../src/cpu/hyp-traps.js';

const CODE = 0x40000000;
const VEC = 0x40010000;
const DATA = 0x40100000;

// A32 words used by the handlers
const A32_MOVS_PC_LR = 0xe1b0f00e;
const A32_MRS_R3_SPSR = 0xe14f3000;
const A32_SUBS_PC_LR_4 = 0xe25ef004;
const A32_ADD_R1_1 = 0xe2811001;
const A32_SVC_0 = 0xef000000;
const A32_ADD_R0_1 = 0xe2800001;
const A32_RFEIA_R0 = 0xf8900a00;
const A32_MRS_R5_SPSR = 0xe14f5000;

/** Runs n more instructions. */
function step(core: Core, n: number): void {
  core.run(core.cycles + n);
}

function halfwords(hw: number[]): Uint8Array {
  const b = new Uint8Array(hw.length * 2);
  hw.forEach((h, i) => { b[2 * i] = h & 0xff; b[2 * i + 1] = h >>> 8; });
  return b;
}

function words(ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return b;
}

/** A fresh core in SVC mode, Thumb state, VBAR = VEC, with the Thumb code at CODE. */
function thumbCore(code: number[], flags = 0): { core: Core; bus: Bus } {
  const { core, bus } = makeCore();
  bus.load(CODE, halfwords(code));
  core.reset(CODE, MODE_SVC);
  core.setCpsr((0x1d3 | PSR_T | flags) >>> 0);
  core.R[13] = 0x40080000;
  core.cp15Write(0, 12, 0, 0, VEC);
  return { core, bus };
}

test('SVC from Thumb: LR = next instruction, SPSR.T = 1; an A32 handler returns into Thumb with MOVS PC, LR', () => {
  // movs r0, #1; svc #5; adds r0, #1
  const { core, bus } = thumbCore([0x2001, 0xdf05, 0x3001]);
  bus.load(VEC + 8, words([A32_ADD_R1_1, A32_MOVS_PC_LR]));
  core.R[1] = 0;
  step(core, 2);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.thumb, false, 'vectors run in A32 with SCTLR.TE = 0');
  assert.equal(core.pc, VEC + 8);
  assert.equal(core.R[14], CODE + 4, 'LR = address of the next instruction');
  assert.equal(core.spsr[bankOf(MODE_SVC)] & PSR_T, PSR_T);
  step(core, 3);
  assert.equal(core.thumb, true);
  assert.equal(core.R[1], 1);
  assert.equal(core.R[0], 2, 'execution resumed after the SVC');
  assert.equal(core.pc, CODE + 6);
});

test('SVC inside an IT block: SPSR holds the ITSTATE of the next instruction; the block continues after the return', () => {
  // movs r0, #0; itete eq; moveq r1, #1; svcne #1; svceq #2; movne r2, #1; movs r4, #7
  const { core, bus } = thumbCore([0x2000, 0xbf0b, 0x2101, 0xdf01, 0xdf02, 0x2201, 0x2407]);
  bus.load(VEC + 8, words([A32_MRS_R3_SPSR, A32_MOVS_PC_LR]));
  core.R[1] = core.R[2] = core.R[4] = 0;
  step(core, 5); // movs, it, moveq, svcne (skipped), svceq
  assert.equal(core.pc, VEC + 8);
  assert.equal(core.R[14], CODE + 10);
  const spsr = core.spsr[bankOf(MODE_SVC)];
  // ITSTATE for the last instruction (movne): firstcond EQ with its low bit inverted = NE, mask 1000
  const it = ((spsr >>> 25) & 3) | (((spsr >>> 10) & 0x3f) << 2);
  assert.equal(it, 0x18);
  step(core, 2 + 2); // mrs, movs pc, lr; movne (skipped: Z is set), movs r4
  assert.equal(core.R[3], spsr);
  assert.equal(core.R[1], 1);
  assert.equal(core.R[2], 0, 'movne skipped with the restored ITSTATE');
  assert.equal(core.R[4], 7);
  assert.equal(core.it, 0, 'IT block over');
});

test('Undefined Instruction in Thumb: LR = instruction + 2 for both lengths, SPSR keeps its ITSTATE', () => {
  // nop; udf.w #1
  const wide = thumbCore([0xbf00, 0xf7f0, 0xa001]);
  step(wide.core, 2);
  assert.equal(wide.core.mode, MODE_UND);
  assert.equal(wide.core.pc, VEC + 4);
  assert.equal(wide.core.R[14], CODE + 4);
  // itt ne; movne r1, #1; udf #2 (NE holds)
  const narrow = thumbCore([0xbf1c, 0x2101, 0xde02]);
  step(narrow.core, 3);
  assert.equal(narrow.core.mode, MODE_UND);
  assert.equal(narrow.core.R[14], CODE + 6);
  const spsr = narrow.core.spsr[bankOf(MODE_UND)];
  assert.equal(((spsr >>> 25) & 3) | (((spsr >>> 10) & 0x3f) << 2), 0x18, 'ITSTATE of the UDF itself (NE, last)');
  assert.equal(spsr & PSR_T, PSR_T);
});

test('handlers in Thumb (SCTLR.TE): an SVC from A32 enters Thumb code, SUBS PC, LR, #0 returns to A32', () => {
  const { core, bus } = makeCore();
  bus.load(CODE, words([A32_SVC_0, A32_ADD_R0_1]));
  bus.load(VEC + 8, halfwords([0x3101, 0xf3de, 0x8f00])); // adds r1, #1; subs pc, lr, #0
  core.reset(CODE, MODE_SVC);
  core.cp15Write(0, 12, 0, 0, VEC);
  core.cp15Write(0, 1, 0, 0, (core.cp15Read(0, 1, 0, 0)! | (1 << 30)) >>> 0);
  core.R[0] = 0; core.R[1] = 0;
  step(core, 1);
  assert.equal(core.thumb, true, 'exception entry in Thumb state');
  assert.equal(core.R[14], CODE + 4);
  step(core, 3);
  assert.equal(core.thumb, false);
  assert.equal(core.R[1], 1);
  assert.equal(core.R[0], 1);
  assert.equal(core.pc, CODE + 8);
});

test('RFE returns into Thumb code with the ITSTATE it loads', () => {
  const { core, bus } = makeCore();
  // Thumb at CODE + 0x100: itt ne; movne r1, #1; movne r2, #2; movs r3, #3 -- resumed at the second movne
  bus.load(CODE + 0x100, halfwords([0xbf1c, 0x2101, 0x2202, 0x2303]));
  bus.load(CODE, words([A32_RFEIA_R0]));
  // ITSTATE for the last instruction of an NE block: 0001 1000; Z set so NE fails
  const it = 0x18;
  const cpsr = (0x40000000 | 0x1d3 | PSR_T | ((it & 3) << 25) | ((it >>> 2) << 10)) >>> 0;
  bus.load(DATA, words([CODE + 0x104, cpsr]));
  core.reset(CODE, MODE_SVC);
  core.R[0] = DATA; core.R[1] = 0; core.R[2] = 0; core.R[3] = 0;
  step(core, 1);
  assert.equal(core.thumb, true);
  assert.equal(core.it, it);
  assert.equal(core.pc, CODE + 0x104);
  step(core, 2);
  assert.equal(core.R[2], 0, 'movne skipped: the loaded ITSTATE applies');
  assert.equal(core.R[3], 3);
  assert.equal(core.R[1], 0, 'the first movne was never executed');
});

test('an IRQ between two instructions of an IT block: LR = next + 4, SPSR.IT of the next one; SUBS PC, LR, #4 resumes it', () => {
  // itt eq; moveq r1, #1; moveq r2, #2; movs r3, #3   (Z set, IRQs unmasked)
  const { core, bus } = thumbCore([0xbf04, 0x2101, 0x2202, 0x2303], 0x40000000);
  core.setCpsr((core.cpsr & ~0x80) >>> 0);
  bus.load(VEC + 0x18, words([A32_MRS_R5_SPSR, A32_SUBS_PC_LR_4]));
  core.R[1] = core.R[2] = core.R[3] = 0;
  step(core, 2); // it, moveq r1
  core.irqLine = true;
  step(core, 1); // the IRQ is taken, the handler's first instruction runs
  core.irqLine = false;
  assert.equal(core.mode, MODE_IRQ);
  assert.equal(core.R[14], CODE + 4 + 4);
  const it = ((core.R[5] >>> 25) & 3) | (((core.R[5] >>> 10) & 0x3f) << 2);
  assert.equal(it, 0x08, 'EQ, last instruction of the block');
  step(core, 3); // subs pc, lr, #4; moveq r2; movs r3
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.thumb, true);
  assert.equal(core.R[2], 2);
  assert.equal(core.R[3], 3);
});

test('Data Abort from Thumb: LR = instruction + 8, DFAR, SPSR.T; BKPT: Prefetch Abort with LR = instruction + 4', () => {
  // nop; ldr r0, [r1]
  const { core } = thumbCore([0xbf00, 0x6808]);
  core.R[1] = 0x10000000; // unmapped
  step(core, 2);
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.pc, VEC + 0x10);
  assert.equal(core.R[14], CODE + 2 + 8);
  assert.equal(core.cp15Read(0, 6, 0, 0), 0x10000000);
  assert.equal(core.spsr[bankOf(MODE_ABT)] & PSR_T, PSR_T);

  const bk = thumbCore([0xbf00, 0xbe03]); // nop; bkpt #3
  step(bk.core, 2);
  assert.equal(bk.core.mode, MODE_ABT);
  assert.equal(bk.core.pc, VEC + 0x0c);
  assert.equal(bk.core.R[14], CODE + 2 + 4);
  assert.equal(bk.core.cp15Read(0, 5, 0, 1)! & 0x40f, 0x002, 'IFSR: debug event');
});

test('a 32-bit instruction straddling two pages runs; a fault on its second halfword returns to its first', () => {
  const at = CODE + 0xffe;
  const { core, bus } = makeCore();
  bus.load(at, halfwords([0xf241, 0x2034, 0x2505])); // movw r0, #0x1234; movs r5, #5
  core.reset(at, MODE_SVC);
  core.setCpsr((0x1d3 | PSR_T) >>> 0);
  step(core, 2);
  assert.equal(core.R[0], 0x1234);
  assert.equal(core.R[5], 5);
  assert.equal(core.pc, at + 6);

  // The RAM of makeCore() ends at 0x40400000: the second halfword is not there.
  const end = 0x40400000 - 2;
  bus.load(end, halfwords([0xf241]));
  core.reset(end, MODE_SVC);
  core.setCpsr((0x1d3 | PSR_T) >>> 0);
  core.cp15Write(0, 12, 0, 0, VEC);
  step(core, 1);
  assert.equal(core.mode, MODE_ABT);
  assert.equal(core.pc, VEC + 0x0c);
  assert.equal(core.cp15Read(0, 6, 0, 2), 0x40400000, 'IFAR: the halfword that could not be fetched');
  assert.equal(core.R[14], end + 4, 'LR: the instruction + 4');
});

test('the same halfword decodes differently inside and outside an IT block (flag setting)', () => {
  // movs r5, #5 ; it eq ; adds r0, #1 ; adds r0, #1 ; b.n back to the "it"
  const { core } = thumbCore([0x2505, 0xbf08, 0x3001, 0x3001, 0xe7fb]);
  core.R[0] = 0xffffffff;
  core.setFlags(0x40000000); // Z: the IT condition holds
  step(core, 3); // movs (clears Z: 5 != 0), it eq (fails now), adds skipped
  assert.equal(core.R[0], 0xffffffff, 'conditional add skipped');
  step(core, 1); // adds r0, #1 outside IT: sets flags
  assert.equal(core.R[0], 0);
  assert.equal(core.zf, 1);
  step(core, 3); // b back; it eq (passes); addeq: no flag change
  assert.equal(core.R[0], 1);
  assert.equal(core.zf, 1, 'inside the IT block the 16-bit ADD does not set flags');
});

test('Thumb code written by a store is decoded again', () => {
  // str r2, [r0]; movs r5, #5   -- the store replaces the movs with movs r5, #9
  const { core } = thumbCore([0x6002, 0x2505, 0x2505]);
  core.R[0] = CODE + 2;
  core.R[2] = 0x25092509;
  step(core, 3);
  assert.equal(core.R[5], 9);
});

function hypGuest(code: number[], hcr: number): Core {
  const { machine } = buildBoard(QEMU_ARM, { cpus: 1 });
  machine.bus.load(CODE, halfwords(code));
  const core = machine.cores[0];
  core.reset(CODE, MODE_SVC);
  core.setCpsr((0x1d3 | PSR_T) >>> 0);
  core.cp15.hcr = hcr;
  return core;
}

test('Hyp traps from Thumb: IL follows the instruction length, COND the IT block; a PL2 handler skips by IL', () => {
  // wfi; wfi.w; movs r0, #1 (clears Z); it ne; mcrne p15,0,r2,c1,c0,0 (SCTLR, TVM); hvc #0x42; movs r7, #7
  const core = hypGuest([0xbf30, 0xf3af, 0x8003, 0x2001, 0xbf18, 0xee01, 0x2f10, 0xf7e0, 0x8042, 0x2707], HCR_TWI | HCR_TVM);
  const seen: string[] = [];
  core.pl2 = {
    enterHyp(c, vector) {
      assert.equal(c.mode, MODE_HYP);
      const hsr = c.cp15.hsr;
      const il = (hsr >>> 25) & 1;
      seen.push(`v=${vector.toString(16)} ec=${(hsr >>> 26).toString(16)} il=${il} iss=${(hsr & 0x1ffffff).toString(16)} elr=${(c.elrHyp - CODE).toString(16)} t=${(c.spsr[bankOf(MODE_HYP)] >>> 5) & 1}`);
      if ((hsr >>> 26) !== 0x12) c.elrHyp += il ? 4 : 2; // HVC already returns past itself
    },
  };
  core.R[7] = 0;
  step(core, 7);
  assert.deepEqual(seen, [
    'v=14 ec=1 il=0 iss=1e00000 elr=0 t=1', // 16-bit WFI: CV=1, COND=AL
    'v=14 ec=1 il=1 iss=1e00000 elr=2 t=1', // 32-bit WFI
    'v=14 ec=3 il=1 iss=1100440 elr=a t=1', // MCR in an IT NE block: COND=NE (1 << 20)
    'v=14 ec=12 il=1 iss=42 elr=12 t=1', // HVC: ELR = next instruction
  ]);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.thumb, true);
  assert.equal(core.R[7], 7, 'the guest ran to the end');
});

test('ERET (SUBS PC, LR, #0) in Hyp mode returns through ELR_hyp and SPSR_hyp into Thumb', () => {
  const core = hypGuest([0x2001, 0x2102], 0); // movs r0, #1; movs r1, #2
  core.setCpsr(0x1da); // Hyp, A32
  core.elrHyp = CODE + 2;
  core.spsr[bankOf(MODE_HYP)] = (0x1d3 | PSR_T) >>> 0;
  core.bus.load(CODE + 0x100, halfwords([0xf3de, 0x8f00]));
  core.setCpsr((0x1da | PSR_T) >>> 0);
  core.pc = CODE + 0x100;
  core.R[0] = 0; core.R[1] = 0;
  step(core, 2);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.thumb, true);
  assert.equal(core.R[0], 0, 'resumed at ELR_hyp, not at the start');
  assert.equal(core.R[1], 2);
});

test('undefined encodings in Thumb state take the Undefined Instruction exception', () => {
  const cases: [string, number[]][] = [
    ['32-bit UDF', [0xf7f0, 0xa000]],
    ['LDRD with Rt = Rt2', [0xe9d1, 0x0000]],
    ['store with Rn = PC', [0xf8cf, 0x0000]],
    ['MCR to CP14 DBGDIDR (read-only)', [0xee00, 0x0e10]],
    ['BLX (immediate) with H = 1', [0xf000, 0xe801]],
    ['LDM with both LR and PC', [0xe891, 0xc002]],
  ];
  for (const [name, code] of cases) {
    const { core } = thumbCore(code);
    step(core, 1);
    assert.equal(core.mode, MODE_UND, name);
    assert.equal(core.R[14], CODE + 2, name);
  }
});
