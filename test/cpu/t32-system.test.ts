// T32 system instructions that the QEMU reference data does not reach from its
// SVC-mode harness: banked-register MRS/MSR, SRS, SETEND, CPS with a mode
// change, MCRR/MRRC, and SVC/HLT semihosting calls in Thumb state.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCore } from '../helpers/a32.js';
import type { Core } from '../../src/cpu/core.js';
import { MODE_IRQ, MODE_SVC, MODE_SYS, MODE_USR, PSR_E, PSR_I, PSR_T, bankOf } from '../../src/cpu/psr.js';

const CODE = 0x40000000;
const DATA = 0x40100000;

function halfwords(hw: number[]): Uint8Array {
  const b = new Uint8Array(hw.length * 2);
  hw.forEach((h, i) => { b[2 * i] = h & 0xff; b[2 * i + 1] = h >>> 8; });
  return b;
}

/** Runs exactly n instructions. */
function run(code: number[], n: number, setup?: (core: Core) => void): Core {
  const { core, bus } = makeCore();
  bus.load(CODE, halfwords(code));
  core.reset(CODE, MODE_SVC);
  core.setCpsr((0x1d3 | PSR_T) >>> 0);
  setup?.(core);
  core.run(core.cycles + n);
  return core;
}

test('banked MRS/MSR in Thumb: SP_usr, SPSR_irq, LR_irq from SVC mode', () => {
  // msr SP_usr, r1; mrs r0, SP_usr; mrs r2, SPSR_irq; mrs r4, LR_irq
  const core = run([0xf381, 0x8520, 0xf3e5, 0x8020, 0xf3f0, 0x8230, 0xf3e0, 0x8430], 4, (c) => {
    c.R[1] = 0x12345678;
    c.spsr[bankOf(MODE_IRQ)] = 0x600000d2;
    c.setBanked(14, MODE_IRQ, 0xabcd0000);
  });
  assert.equal(core.getBanked(13, MODE_USR), 0x12345678);
  assert.equal(core.R[0], 0x12345678);
  assert.equal(core.R[2], 0x600000d2);
  assert.equal(core.R[4], 0xabcd0000);
  assert.equal(core.mode, MODE_SVC);
});

test('MRS/MSR SPSR in Thumb', () => {
  // msr SPSR_fsxc, r5; mrs r6, SPSR
  const core = run([0xf395, 0x8f00, 0xf3ff, 0x8600], 2, (c) => { c.R[5] = 0x800001b0; });
  assert.equal(core.spsr[bankOf(MODE_SVC)], 0x800001b0);
  assert.equal(core.R[6], 0x800001b0);
});

test('SRSDB SP!, #irq from Thumb stores LR and SPSR on the IRQ stack', () => {
  // srsdb sp!, #0x12
  const core = run([0xe82d, 0xc012], 1, (c) => {
    c.R[14] = 0x40001235;
    c.spsr[bankOf(MODE_SVC)] = 0x200001f3;
    c.setBanked(13, MODE_IRQ, DATA + 0x40);
  });
  assert.equal(core.getBanked(13, MODE_IRQ), DATA + 0x38);
  assert.equal(core.ld32(DATA + 0x38), 0x40001235);
  assert.equal(core.ld32(DATA + 0x3c), 0x200001f3);
});

test('SETEND BE/LE in Thumb switch the data endianness', () => {
  // setend be; ldr r0, [r1]; setend le; ldr r2, [r1]
  const core = run([0xb658, 0x6808, 0xb650, 0x680a], 2, (c) => { c.R[1] = DATA; c.st32(DATA, 0x11223344); });
  assert.equal(core.cpsr & PSR_E, PSR_E);
  assert.equal(core.R[0], 0x44332211);
  core.run(core.cycles + 2);
  assert.equal(core.cpsr & PSR_E, 0);
  assert.equal(core.R[2], 0x11223344);
});

test('CPS in Thumb: mode change (to System), CPSID i with a mode', () => {
  // cpsie i; cps #0x1f; cpsid i, #0x12
  const core = run([0xb662, 0xf3af, 0x811f, 0xf3af, 0x8752], 2);
  assert.equal(core.mode, MODE_SYS);
  assert.equal(core.cpsr & PSR_I, 0);
  assert.equal(core.thumb, true);
  core.run(core.cycles + 1);
  assert.equal(core.mode, MODE_IRQ);
  assert.equal(core.cpsr & PSR_I, PSR_I);
});

test('MCRR/MRRC in Thumb reach the 64-bit CP15 registers (TTBR0)', () => {
  // mcrr p15, 0, r2, r3, c2; mrrc p15, 0, r4, r5, c2
  const core = run([0xec43, 0x2f02, 0xec55, 0x4f02], 2, (c) => {
    c.cp15Write(0, 2, 0, 2, 0x80000000); // TTBCR.EAE: TTBR0 is 64 bits wide
    c.R[2] = 0x40004000; c.R[3] = 0x00120000;
  });
  assert.equal(core.R[4], 0x40004000);
  assert.equal(core.R[5] & 0xff, 0x00);
  assert.equal(core.R[5] >>> 16, 0x12, 'ASID field');
});

test('Thumb semihosting: SVC 0xAB and HLT 0x3C call the host; other SVCs do not', () => {
  const calls: number[] = [];
  const core = run([0xdfab, 0xba80 | 0x3c, 0xdf01], 3, (c) => {
    c.cp15Write(0, 12, 0, 0, 0x40010000);
    c.host.semihosting = (cc) => { calls.push(cc.currentPc); return true; };
  });
  assert.deepEqual(calls, [CODE, CODE + 2]);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.pc, 0x40010008, 'SVC #1 is an ordinary supervisor call');
  assert.equal(core.R[14], CODE + 6);
});
