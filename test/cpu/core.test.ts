// Core behaviour beyond single-instruction data: mode banking, exception entry
// and return, aborts, CP15, exclusive monitors across cores, self-modifying code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runA32, makeCore, CODE_BASE, DATA_BASE } from '../helpers/a32.js';
import {
  MODE_ABT, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_UND, MODE_USR, bankOf,
} from '../../src/cpu/psr.js';
import { Machine } from '../../src/machine/machine.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';

const bytes = (...ws: number[]): Uint8Array => {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return b;
};

test('banked registers: IRQ/FIQ/SVC keep their own SP and LR, FIQ its own r8-r12, usr and sys share', () => {
  const words = [0xf1020012, 0xe3a0dc01, 0xe3a0ec02, 0xf1020013, 0xe1a0000d, 0xe1a0100e, 0xf1020011, 0xe3a08008,
    0xe3a0c00c, 0xe3a0dc03, 0xf1020013, 0xe1a02008, 0xe1a0300c, 0xf102001f, 0xe1a0400d, 0xf1020010, 0xe1a0500d];
  const r = runA32(words, { r: [0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0, 0, 0, 0xcc], sp: 0x40080000,
    setup: (c) => { c.setBanked(13, MODE_USR, 0x5555); } });
  assert.equal(r.r[0], 0x40080000, 'SVC SP kept while IRQ SP changed');
  assert.equal(r.r[1], 0, 'SVC LR kept');
  assert.equal(r.r[2], 0x88, 'r8 restored after leaving FIQ');
  assert.equal(r.r[3], 0xcc, 'r12 restored after leaving FIQ');
  assert.equal(r.r[4], 0x5555, 'System mode sees the User SP');
  assert.equal(r.r[5], 0x5555, 'User mode SP');
  assert.equal(r.core.mode, MODE_USR);
  assert.equal(r.core.getBanked(13, MODE_IRQ), 0x100);
  assert.equal(r.core.getBanked(14, MODE_IRQ), 0x200);
  assert.equal(r.core.getBanked(13, MODE_FIQ), 0x300);
  assert.equal(r.core.getBanked(8, MODE_FIQ), 8);
  assert.equal(r.core.getBanked(12, MODE_FIQ), 12);
});

test('SVC: SVC mode, LR = next instruction, SPSR = old CPSR, vector VBAR+8, IRQs masked', () => {
  const r = runA32([0xef000005], { flags: 0xf0000000, setup: (c) => c.setCpsr(0xf0000110) });
  assert.equal(r.core.mode, MODE_SVC);
  assert.equal(r.core.R[14], CODE_BASE + 4);
  assert.equal(r.core.spsr[bankOf(MODE_SVC)], 0xf0000110);
  assert.equal(r.core.pc, 0x08);
  assert.equal(r.cpsr & 0x80, 0x80);
});

test('UDF: Undefined mode, LR = instruction + 4, vector +4', () => {
  const r = runA32([0xe7f000f1]);
  assert.equal(r.core.mode, MODE_UND);
  assert.equal(r.core.R[14], CODE_BASE + 4);
  assert.equal(r.core.pc, 0x04);
  assert.equal(r.core.spsr[bankOf(MODE_UND)], 0x1d3);
});

test('load from an unmapped address: synchronous external abort, DFSR/DFAR, LR = instruction + 8', () => {
  const r = runA32([0xe5910000], { r: [0, 0x10000000] });
  assert.equal(r.core.mode, MODE_ABT);
  assert.equal(r.core.pc, 0x10);
  assert.equal(r.core.R[14], CODE_BASE + 8);
  assert.equal(r.core.cp15Read(0, 5, 0, 0), 0x008);
  assert.equal(r.core.cp15Read(0, 6, 0, 0), 0x10000000);
  assert.equal(r.r[0], 0, 'destination not written');
});

test('LDM from an unaligned address takes an alignment fault; LDR may be unaligned unless SCTLR.A', () => {
  const ldm = runA32([0xe891000c], { r: [0, DATA_BASE + 2] });
  assert.equal(ldm.core.mode, MODE_ABT);
  assert.equal(ldm.core.cp15Read(0, 5, 0, 0), 0x001);
  assert.equal(ldm.core.cp15Read(0, 6, 0, 0), DATA_BASE + 2);

  const data = Uint8Array.of(0x10, 0x11, 0x12, 0x13, 0x14, 0x15);
  const ldr = runA32([0xe5910001], { r: [0, DATA_BASE], data });
  assert.equal(ldr.r[0], 0x14131211);
  assert.equal(ldr.core.mode, MODE_SVC);

  const strict = runA32([0xee110f10, 0xe3800002, 0xee010f10, 0xe5912001], { r: [0, DATA_BASE], data });
  assert.equal(strict.core.mode, MODE_ABT);
  assert.equal(strict.core.cp15Read(0, 5, 0, 0), 0x001);
});

test('SUBS PC, LR, #4 returns from IRQ mode: CPSR from SPSR_irq', () => {
  const r = runA32([0xe25ef004], {
    mode: MODE_IRQ,
    setup: (c) => { c.R[14] = CODE_BASE + 0x104; c.spsr[bankOf(MODE_IRQ)] = 0x60000010; },
  });
  assert.equal(r.core.pc, CODE_BASE + 0x100);
  assert.equal(r.cpsr, 0x60000010);
  assert.equal(r.core.mode, MODE_USR);
});

test('LDM with PC and ^ is an exception return; writeback uses the old mode\'s SP', () => {
  const sp = DATA_BASE + 0x40;
  const data = bytes(0x1234, CODE_BASE + 0x200);
  const r = runA32([0xe8fd8001], { sp, data, dataAt: sp, setup: (c) => { c.spsr[bankOf(MODE_SVC)] = 0x60000010; } });
  assert.equal(r.r[0], 0x1234);
  assert.equal(r.core.pc, CODE_BASE + 0x200);
  assert.equal(r.cpsr, 0x60000010);
  assert.equal(r.core.getBanked(13, MODE_SVC), sp + 8);
});

test('SRS stores LR and SPSR on another mode\'s stack; RFE loads PC and CPSR', () => {
  const svcSp = DATA_BASE + 0x80;
  const r = runA32([0xf96d0513], {
    mode: MODE_IRQ,
    setup: (c) => {
      c.setBanked(13, MODE_SVC, svcSp); c.R[14] = 0xabcd0000; c.spsr[bankOf(MODE_IRQ)] = 0x200001d3;
    },
  });
  assert.deepEqual([...r.readData(svcSp - 8, 8)], [...bytes(0xabcd0000, 0x200001d3)]);
  assert.equal(r.core.getBanked(13, MODE_SVC), svcSp - 8);

  const rfe = runA32([0xf8bd0a00], { sp: DATA_BASE, data: bytes(CODE_BASE + 0x40, 0x80000010) });
  assert.equal(rfe.core.pc, CODE_BASE + 0x40);
  assert.equal(rfe.cpsr, 0x80000010);
  assert.equal(rfe.core.getBanked(13, MODE_SVC), DATA_BASE + 8);
});

test('STM ^ stores User-mode SP and LR from SVC mode', () => {
  const r = runA32([0xe8c06000], {
    r: [DATA_BASE], setup: (c) => { c.setBanked(13, MODE_USR, 0x1111); c.setBanked(14, MODE_USR, 0x2222); },
  });
  assert.deepEqual([...r.readData(DATA_BASE, 8)], [...bytes(0x1111, 0x2222)]);
});

test('banked-register MRS/MSR reach other modes\' registers and SPSRs', () => {
  const r = runA32([0xe1010300, 0xe12ef201, 0xe1422300], {
    r: [0, 0x7777], setup: (c) => { c.setBanked(13, MODE_IRQ, 0x4242); c.spsr[bankOf(MODE_SVC)] = 0x1f; },
  });
  assert.equal(r.r[0], 0x4242);
  assert.equal(r.core.getBanked(14, MODE_FIQ), 0x7777);
  assert.equal(r.r[2], 0x1f);
});

test('CP15: VBAR reads back, MIDR and MPIDR of a Cortex-A15', () => {
  const r = runA32([0xee0c0f10, 0xee1c1f10, 0xee102f10, 0xee103fb0], { r: [0x40001000] });
  assert.equal(r.r[1], 0x40001000);
  assert.equal(r.r[2], 0x412fc0f1);
  assert.equal(r.r[3], 0x80000000);
});

test('MOV PC branches; User mode cannot leave User mode with MSR', () => {
  const b = runA32([0xe3a00001, 0xe1a0f001, 0xe3a00002], { r: [0, CODE_BASE + 0x100] }, 2);
  assert.equal(b.core.pc, CODE_BASE + 0x100);
  assert.equal(b.r[0], 1);
  const u = runA32([0xe321f010, 0xe321f013, 0xe10f0000]);
  assert.equal(u.r[0], 0x110);
  assert.equal(u.core.mode, MODE_USR);
});

test('HVC is UNDEFINED on a core without the Virtualization Extensions', () => {
  const r = runA32([0xe1400070]);
  assert.equal(r.core.mode, MODE_UND);
});

test('a store by another core clears the exclusive reservation: STREX fails', () => {
  const m = new Machine({ cpus: 2, model: CORTEX_A15, cpuHz: 1e9, hasSecurity: false, hasVirtualization: false });
  m.bus.addRam('ram', 0x40000000, 0x100000);
  m.bus.load(0x40000000, bytes(0xe1910f9f, 0xe1812f93)); // ldrex r0, [r1]; strex r2, r3, [r1]
  m.bus.load(0x40001000, bytes(0xe5813000)); // str r3, [r1]
  const [c0, c1] = m.cores;
  c0.reset(0x40000000); c1.reset(0x40001000);
  for (const c of [c0, c1]) { c.R[1] = 0x40008000; c.R[3] = 7; }
  c0.run(1); // LDREX
  c1.run(1); // plain store to the same address
  c0.run(2); // STREX
  assert.equal(c0.R[2], 1, 'STREX reports failure');

  c0.reset(0x40000000);
  c0.R[1] = 0x40008000; c0.R[3] = 9;
  c0.run(c0.cycles + 2);
  assert.equal(c0.R[2], 0, 'uncontended STREX succeeds');
  assert.equal(m.bus.read(0x40008000, 4), 9);
});

test('a store into already-decoded code takes effect (decode cache invalidated)', () => {
  const { core, bus } = makeCore();
  bus.load(CODE_BASE, bytes(0xe5810000, 0xe3a02001)); // str r0, [r1]; mov r2, #1
  core.reset(CODE_BASE);
  core.R[0] = 0xe3a02001; core.R[1] = CODE_BASE + 4;
  core.run(2);
  assert.equal(core.R[2], 1);
  core.pc = CODE_BASE;
  core.R[0] = 0xe3a02063; // mov r2, #0x63
  core.run(core.cycles + 2);
  assert.equal(core.R[2], 0x63);
});

test('MRRC of TTBR0 reads it at PL1 and is undefined in User mode', () => {
  const mrrc = 0xec510f02; // MRRC p15, 0, r0, r1, c2
  const pl1 = runA32([mrrc], { setup: (c) => { c.cp15.write64(0, 2, 0x40004000, 0x12); } });
  assert.deepEqual([pl1.r[0], pl1.r[1]], [0x40004000, 0x12]);
  const usr = runA32([mrrc], { mode: MODE_USR });
  assert.equal(usr.core.mode, MODE_UND);
});

test('SEV ends another core\'s WFE, not its WFI', () => {
  const m = new Machine({ cpus: 2, model: CORTEX_A15, cpuHz: 1e9, hasSecurity: false, hasVirtualization: true });
  const [a, b] = m.cores;
  a.reset(0x40000000); b.reset(0x40000000);
  a.wfi();
  b.sendEvent();
  assert.equal(a.sleeping, true, 'WFI waits for an interrupt');
  a.sleeping = false;
  a.wfe();
  assert.equal(a.sleeping, false, 'the first WFE consumes the event the SEV left in the event register');
  a.wfe();
  assert.equal(a.sleeping, true);
  b.sendEvent();
  assert.equal(a.sleeping, false, 'WFE ends on the event');
});
