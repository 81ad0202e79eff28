// Traps from a Non-secure guest to Hyp mode, seen by a PL2 handler written in
// TypeScript (the hypervisor's hook) and by real Hyp code at HVBAR.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import { MODE_HYP, MODE_SVC } from '../../src/cpu/psr.js';
import type { Core } from '../../src/cpu/core.js';
import { HCR_TSC, HCR_TID3, HCR_TVM, HCR_TWI } from '../../src/cpu/hyp-traps.js';

const CODE = 0x40000000;
// wfi; mcr p15,0,r2,c1,c0,0 (SCTLR); mrc p15,0,r3,c0,c1,0 (ID_PFR0); smc #0; hvc #0x4a48; mov r9, #1
const PROGRAM = [0xe320f003, 0xee012f10, 0xee103f11, 0xe1600070, 0xe144a478, 0xe3a09001];

function guest(hcr: number): Core {
  const { machine } = buildBoard(QEMU_ARM, { cpus: 1 });
  const b = Buffer.alloc(PROGRAM.length * 4);
  PROGRAM.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  machine.bus.load(CODE, b);
  const core = machine.cores[0];
  core.reset(CODE, MODE_SVC);
  core.cp15.hcr = hcr;
  core.R[2] = 0x00c50079;
  return core;
}

test('a PL2 handler sees each trap with its syndrome and resumes the guest by advancing ELR_hyp', () => {
  const core = guest(HCR_TWI | HCR_TVM | HCR_TID3 | HCR_TSC);
  const seen: string[] = [];
  core.pl2 = {
    enterHyp(c, vector) {
      assert.equal(c.mode, MODE_HYP);
      const hsr = c.cp15.hsr;
      seen.push(`v=${vector.toString(16)} ec=${(hsr >>> 26).toString(16)} il=${(hsr >>> 25) & 1} iss=${(hsr & 0x1ffffff).toString(16)} elr=${(c.elrHyp - CODE).toString(16)} spsr=${c.spsr[6].toString(16)}`);
      if ((hsr >>> 26) === 0x03 && (hsr & 1)) c.R[3] = 0x1234; // emulate the trapped MRC
      c.elrHyp += 4;
    },
  };
  core.run(PROGRAM.length);
  assert.deepEqual(seen, [
    'v=14 ec=1 il=1 iss=1e00000 elr=0 spsr=1d3', // WFI: CV=1, COND=AL, TI=0
    'v=14 ec=3 il=1 iss=1e00440 elr=4 spsr=1d3', // MCR SCTLR: Opc2 0, Opc1 0, CRn 1 (<<10), Rt 2 (<<5), CRm 0, write
    'v=14 ec=3 il=1 iss=1e00063 elr=8 spsr=1d3', // MRC ID_PFR0 (c0, c1, 0): Rt 3 (<<5), CRm 1 (<<1), read
    'v=14 ec=13 il=1 iss=0 elr=c spsr=1d3', // SMC
    'v=14 ec=12 il=1 iss=4a48 elr=14 spsr=1d3', // HVC #0x4a48: preferred return is the next instruction
  ]);
  assert.equal(core.mode, MODE_SVC, 'back in the guest after each trap');
  assert.equal(core.R[3], 0x1234, 'emulated MRC result');
  assert.equal(core.cp15.sctlrB[1], 0x00c50078, 'trapped SCTLR write did not happen');
});

test('without traps enabled the same instructions run natively', () => {
  const core = guest(0);
  let traps = 0;
  core.pl2 = { enterHyp() { traps++; } };
  core.run(3); // wfi (no interrupt: sleeps), then the run ends
  assert.equal(traps, 0);
  assert.equal(core.sleeping, true);
});

test('without a PL2 handler a trap enters real Hyp code at HVBAR + 0x14', () => {
  const core = guest(HCR_TWI);
  core.cp15.hvbar = 0x40001000;
  core.run(1);
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.pc, 0x40001014);
  assert.equal(core.elrHyp, CODE);
  assert.equal(core.cp15.hsr >>> 26, 0x01);
});

test('HCR.IMO routes physical IRQs to Hyp even when the guest masks them; virtual IRQs go to the guest', () => {
  const core = guest(1 << 4); // HCR.IMO
  const vectors: number[] = [];
  core.pl2 = { enterHyp(c, vector) { vectors.push(vector); c.irqLine = false; } };
  core.irqLine = true; // CPSR.I is set after reset
  core.run(1);
  assert.deepEqual(vectors, [0x18], 'physical IRQ taken to Hyp despite CPSR.I');
  assert.equal(core.mode, MODE_SVC);

  core.virqLine = true;
  core.run(core.cycles + 1);
  assert.equal(core.mode, MODE_SVC, 'virtual IRQ masked by the guest\'s CPSR.I');
  core.setCpsr(core.cpsr & ~0x80);
  core.cp15.vbarB[1] = 0x40002000;
  core.run(core.cycles + 1);
  assert.equal(core.mode, 0x12, 'virtual IRQ taken in IRQ mode');
  assert.equal(core.pc, 0x40002018 + 4, 'guest vector +0x18, then one instruction from there');
});

test('with HCR.IMO clear, IRQs are not taken in Hyp mode', () => {
  const core = guest(0);
  core.setCpsr((core.cpsr & ~0x9f) | MODE_HYP);
  core.irqLine = true;
  core.run(1);
  assert.equal(core.mode, MODE_HYP);
});

test('a stage-2 fault on a load/store is a Hyp trap with HDFAR, HPFAR and the instruction syndrome', async () => {
  const { Stage2Tables, PagePool } = await import('../../src/hypervisor/paging.js');
  const { machine } = buildBoard(QEMU_ARM, { cpus: 1 });
  const bus = machine.bus;
  // str r1,[r2]; ldrh r3,[r2,#2]; ldr r0,[r2],#4 (writeback: no syndrome); ldrsb r4,[r2]; mov r9,#7
  const prog = [0xe5821000, 0xe1d230b2, 0xe4920004, 0xe1d240d0, 0xe3a09007];
  const b = Buffer.alloc(prog.length * 4);
  prog.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  bus.load(CODE, b);
  const s2 = new Stage2Tables(bus, new PagePool(bus, 0x47000000, 0x100000));
  s2.map(0x40000000, 0x40000000, 0x01000000, { read: true, write: true, exec: true, device: false });
  const core = machine.cores[0];
  core.reset(CODE, MODE_SVC);
  core.cp15.vtcr = 0x40; // SL0 = 1: start at level 1, T0SZ = 0
  core.cp15.vttbr[0] = s2.root; core.cp15.vttbr[1] = 1 << 16; // VMID 1
  core.cp15.hcr = 1; // HCR.VM
  core.translationChanged();
  core.R[1] = 0xcafe; core.R[2] = 0x09000010; // an IPA the cell does not own
  const seen: string[] = [];
  core.pl2 = {
    enterHyp(c) {
      const hsr = c.cp15.hsr;
      seen.push([hsr >>> 26, (hsr >>> 24) & 1, (hsr >>> 22) & 3, (hsr >>> 21) & 1, (hsr >>> 16) & 15, (hsr >>> 6) & 1,
        c.cp15.hdfar.toString(16), c.cp15.hpfar.toString(16)].map(String).join(' '));
      c.elrHyp += 4; // skip the access, as an MMIO emulation would after doing it
    },
  };
  core.run(prog.length);
  assert.deepEqual(seen, [
    '36 1 2 0 1 1 9000010 90000', // EC 0x24, ISV, word, Rt 1, write; HPFAR = IPA[39:12] << 4
    '36 1 1 0 3 0 9000012 90000', // halfword, Rt 3, read
    '36 0 0 0 0 0 9000010 90000', // post-indexed with writeback: no instruction syndrome
    '36 1 0 1 4 0 9000010 90000', // signed byte, Rt 4
  ]);
  assert.equal(core.R[9], 7, 'the guest went on after each trap');
});
