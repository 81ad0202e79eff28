// PSCI firmware through the guest's eyes: CPU_ON starts a powered-off core at
// its entry in the boot mode with r0 = context ID (and with its timer and GIC
// CPU interface as firmware leaves them); AFFINITY_INFO; CPU_OFF; SYSTEM_OFF;
// VERSION; HVC as the conduit when the image runs in SVC mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import { BANANAPI } from '../../src/boards/bananapi.js';
import { boot } from '../../src/firmware/boot.js';
import { MODE_HYP, MODE_SVC } from '../../src/cpu/psr.js';

const words = (...ws: number[]): Uint8Array => {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return b;
};

// core 0: CPU_ON(cpu 1, 0x40000100, 0x55) -> r5; AFFINITY_INFO(cpu 1) -> r6; wfi
const CORE0 = words(0xe3000003, 0xe3480400, 0xe3a01001, 0xe3002100, 0xe3442000, 0xe3a03055, 0xe1600070, 0xe1a05000,
  0xe3000004, 0xe3480400, 0xe3a01001, 0xe3a02000, 0xe1600070, 0xe1a06000, 0xe320f003);
// core 1 at 0x40000100: r4 = r0 (context), r7 = MPIDR, r8 = CPSR; CPU_OFF; (r9 = 1 must never run)
const CORE1 = words(0xe1a04000, 0xee107fb0, 0xe10f8000, 0xe3000002, 0xe3480400, 0xe1600070, 0xe3a09001);

for (const mode of ['hyp', 'svc'] as const) {
  test(`CPU_ON starts core 1 in ${mode} mode with the context ID; CPU_OFF stops it (SMC conduit)`, () => {
    const { machine } = buildBoard(QEMU_ARM, { cpus: 2 });
    machine.bus.load(0x40000000, CORE0);
    machine.bus.load(0x40000100, CORE1);
    boot(machine, { mode, entry: 0x40000000 });
    const [c0, c1] = machine.cores;
    assert.equal(c1.off, true, 'secondary starts powered off');
    assert.equal(c0.mode, mode === 'hyp' ? MODE_HYP : MODE_SVC);
    machine.run({ untilCycles: 20000 });
    assert.equal(c0.R[5], 0, 'CPU_ON returned SUCCESS');
    assert.equal(c1.R[4], 0x55, 'context ID in r0');
    assert.equal(c1.R[7], 0x80000001, 'MPIDR of core 1');
    assert.equal(c1.R[8] & 0x1f, mode === 'hyp' ? MODE_HYP : MODE_SVC);
    assert.equal(c1.R[9], 0, 'CPU_OFF does not return');
    assert.equal(c1.off, true);
    assert.equal(machine.stopReason, 'halted', 'both cores idle forever: the machine says so');
  });
}

test('AFFINITY_INFO reports ON for a running core; CPU_ON of a running core is ALREADY_ON', () => {
  // core 1 spins (b .) instead of calling CPU_OFF; core 0 leaves AFFINITY_INFO's result in r6.
  const { machine } = buildBoard(QEMU_ARM, { cpus: 2 });
  machine.bus.load(0x40000000, CORE0);
  machine.bus.load(0x40000100, words(0xeafffffe));
  boot(machine, { mode: 'hyp', entry: 0x40000000 });
  machine.run({ untilCycles: 5000 });
  assert.equal(machine.cores[0].R[6], 0, 'AFFINITY_INFO: ON (0)');
  machine.cores[0].R[0] = 0x84000003; machine.cores[0].R[1] = 1;
  // a second CPU_ON through the same firmware entry the SMC instruction uses
  assert.equal(machine.cores[0].host.smc!(machine.cores[0]), true);
  assert.equal(machine.cores[0].R[0] | 0, -4, 'ALREADY_ON');
});

test('SYSTEM_OFF over HVC powers the machine off when the image runs in SVC mode', () => {
  const { machine } = buildBoard(QEMU_ARM, { cpus: 1 });
  machine.bus.load(0x40000000, words(0xe3000008, 0xe3480400, 0xe1400070));
  boot(machine, { mode: 'svc', entry: 0x40000000 });
  assert.equal(machine.run({ untilCycles: 1000 }), 'poweroff');
});

// core 0: PSCI_VERSION -> r4; CPU_ON(cpu 1, 0x40000100, 0) -> r5; wfi
const VERSION_AND_ON = words(0xe3a00321, 0xe1600070, 0xe1a04000, 0xe3a003e1, 0xe3a01001, 0xe59f2010, 0xe3a03000,
  0xe1600070, 0xe1a05000, 0xe320f003, 0xeafffffd, 0x40000100);
// core 1 at 0x40000100: r4 = CNTFRQ, r5 = CNTV_CTL, r6 = CPSR, r7 = GICC_CTLR at 0x01c82000; wfi
const READ_STATE = words(0xee1e4f10, 0xee1e5f33, 0xe10f6000, 0xe59f0008, 0xe5907000, 0xe320f003, 0xeafffffd,
  0x01c82000);

test('PSCI_VERSION is 1.1, as QEMU 7.2 reports', () => {
  const { machine } = buildBoard(QEMU_ARM, { cpus: 1 });
  machine.bus.load(0x40000000, VERSION_AND_ON);
  boot(machine, { mode: 'hyp', entry: 0x40000000 });
  machine.run({ untilCycles: 1000 });
  assert.equal(machine.cores[0].R[4], 0x00010001);
});

test('CPU_ON on the bananapi: Non-secure Hyp mode, a reset timer with CNTFRQ set, its GIC CPU interface prepared', () => {
  const board = buildBoard(BANANAPI, { cpus: 2 });
  const { machine } = board;
  machine.bus.load(0x40000000, VERSION_AND_ON);
  machine.bus.load(0x40000100, READ_STATE);
  boot(machine, { mode: 'hyp', entry: 0x40000000 });
  const c1 = machine.cores[1];
  // Leftovers from an earlier life of core 1 that a power-up clears.
  board.timers[1].ctl[2] = 1;
  board.gic!.cctlr[1] = 0;
  machine.run({ untilCycles: 100_000 });
  assert.equal(machine.cores[0].R[5], 0, 'CPU_ON: SUCCESS');
  assert.equal(c1.isSecure(), false);
  assert.equal(c1.R[6] & 0x1f, MODE_HYP);
  assert.equal(c1.R[4], 24_000_000, 'CNTFRQ');
  assert.equal(c1.R[5], 0, 'CNTV_CTL reset');
  assert.equal(c1.R[7], 1, 'GICC_CTLR: Group 1 enabled (Non-secure view), as U-Boot leaves it');
  assert.equal(board.gic!.groupOf(1, 27), 1);
  assert.equal(c1.cp15.nsacr, machine.cores[0].cp15.nsacr);
});
