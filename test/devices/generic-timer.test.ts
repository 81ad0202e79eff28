// Generic timer: the counter at the board's frequency from virtual time,
// TVAL/CVAL/CTL semantics, the PPI outputs, interrupts at exactly the compare
// time, CNTVOFF, Secure/Non-secure physical timers, and access control
// (CNTKCTL for PL0, CNTHCTL traps to Hyp mode, Hyp-only registers).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard, type BoardSpec } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import { BANANAPI } from '../../src/boards/bananapi.js';
import { boot } from '../../src/firmware/boot.js';
import { SystemCounter, TIMER_HYP, TIMER_PHYS_NS, TIMER_PHYS_S, TIMER_VIRT } from '../../src/devices/generic-timer.js';
import { MODE_HYP, MODE_IRQ, MODE_SVC, MODE_USR } from '../../src/cpu/psr.js';
import type { Core } from '../../src/cpu/core.js';

const words = (ws: number[]): Uint8Array => {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return b;
};

function timerEnv(spec: BoardSpec = QEMU_ARM, mode: 'hyp' | 'svc' = 'hyp', code: number[] = [0xeafffffe],
  args: [number, number, number] = [0, 0, 0]) {
  const board = buildBoard(spec, { cpus: 1 });
  board.machine.bus.load(0x40000000, words(code));
  boot(board.machine, { mode, entry: 0x40000000, args });
  const core = board.machine.cores[0];
  return { board, machine: board.machine, core, timer: board.timers[0], gic: board.gic! };
}

const cval = (lo: number, hi = 0): [number, number] => [lo >>> 0, hi >>> 0];

test('the system counter converts exactly between cycles and ticks, also for ratios that are not integers', () => {
  const q = new SystemCounter(1_000_000_000, 62_500_000);
  assert.deepEqual([q.num, q.den], [1, 16]);
  assert.equal(q.countAt(16 * 1000 + 15), 1000);
  assert.equal(q.cycleAt(1000), 16000);
  const odd = new SystemCounter(1_000_000_000, 24_000_000); // 3 ticks per 125 cycles
  for (const k of [0, 1, 2, 3, 4, 1_000_000_007, 2 ** 40 + 5]) {
    const c = odd.cycleAt(k);
    assert.ok(odd.countAt(c) >= k && odd.countAt(c - 1) < k, `tick ${k} first reached at cycle ${c}`);
  }
  const big = 2 ** 50 + 12345; // far beyond 2^32 cycles: still exact
  assert.equal(new SystemCounter(960_000_000, 24_000_000).countAt(big), Math.floor(big / 40));
});

test('CNTPCT counts at the board frequency of the virtual time; CNTVCT = CNTPCT - CNTVOFF (64-bit)', () => {
  for (const spec of [QEMU_ARM, BANANAPI]) {
    const { core, timer } = timerEnv(spec);
    assert.equal(core.mode, MODE_HYP);
    assert.equal(timer.read(0, 14, 0, 0), spec.timerHz, 'CNTFRQ as the firmware set it');
    core.cycles = spec.cpuHz * 3; // 3 s
    assert.deepEqual(timer.read64(0, 14), [(spec.timerHz * 3) >>> 0, Math.floor(spec.timerHz * 3 / 2 ** 32)]);
    assert.ok(timer.write64(4, 14, 1000, 0), 'CNTVOFF from Hyp mode');
    assert.deepEqual(timer.read64(1, 14), [spec.timerHz * 3 - 1000, 0]);
    timer.write64(4, 14, spec.timerHz * 3 + 5, 1);
    assert.deepEqual(timer.read64(1, 14), [0xfffffffb, 0xfffffffe], 'virtual count wraps below zero');
  }
});

test('TVAL is the signed distance to CVAL; ISTATUS only while enabled; IMASK hides the output, not ISTATUS', () => {
  const { core, timer, gic } = timerEnv();
  core.cycles = 16 * 5000; // count 5000
  timer.write64(3, 14, ...cval(0));
  assert.equal(timer.read(0, 14, 3, 1), 0, 'disabled: no ISTATUS');
  assert.equal(timer.read(0, 14, 3, 0)! | 0, -5000, 'TVAL negative: CVAL is in the past');
  timer.write(0, 14, 3, 0, 1000);
  assert.deepEqual(timer.read64(3, 14), [6000, 0], 'CVAL = count + TVAL');
  timer.write(0, 14, 3, 0, -256 >>> 0);
  assert.deepEqual(timer.read64(3, 14), [4744, 0]);
  timer.write(0, 14, 3, 0, 0x80000000);
  assert.deepEqual(timer.read64(3, 14), [(5000 - 0x80000000) >>> 0, 0xffffffff], 'TVAL is sign-extended');
  timer.write(0, 14, 3, 0, -256 >>> 0);
  timer.write(0, 14, 3, 1, 1);
  assert.equal(timer.read(0, 14, 3, 1), 5, 'ENABLE | ISTATUS');
  assert.equal(gic.isPending(0, 27), true, 'PPI 27 follows the output');
  timer.write(0, 14, 3, 1, 3);
  assert.equal(timer.read(0, 14, 3, 1), 7, 'IMASK: ISTATUS still set');
  assert.equal(gic.isPending(0, 27), false, 'but no interrupt');
  timer.write(0, 14, 3, 1, 0xffffffff);
  assert.equal(timer.read(0, 14, 3, 1), 7, 'ISTATUS is read-only');
  timer.write(0, 14, 3, 1, 1);
  timer.write64(3, 14, 0xffffffff, 0xffffffff);
  assert.equal(timer.read(0, 14, 3, 1), 1, 'CVAL all ones: never met (unsigned compare)');
  assert.equal(gic.isPending(0, 27), false);
  timer.write(0, 14, 1, 0, 0xffffffff);
  assert.equal(timer.read(0, 14, 1, 0), 0x3ff, 'CNTKCTL keeps its defined bits');
});

test('each timer drives its own PPI: physical 30, virtual 27, Hyp 26', () => {
  const { timer, gic } = timerEnv();
  const fire = (opc1: number, crm: number): void => {
    timer.write(opc1, 14, crm, 0, 0);
    timer.write(opc1, 14, crm, 1, 1);
  };
  fire(0, 2);
  assert.equal(gic.isPending(0, 30), true);
  fire(0, 3);
  assert.equal(gic.isPending(0, 27), true);
  fire(4, 2);
  assert.equal(gic.isPending(0, 26), true);
  assert.equal(timer.output(TIMER_HYP), true);
  timer.write(4, 14, 2, 1, 0);
  assert.equal(gic.isPending(0, 26), false);
  assert.equal(gic.isPending(0, 29), false, 'no Secure timer without the Security Extensions');
});

test('the compare time schedules an event at exactly its cycle; CNTVOFF and CVAL writes move it', () => {
  const { machine, core, timer, gic } = timerEnv();
  core.cycles = 16 * 100;
  timer.write64(3, 14, ...cval(1000));
  timer.write(0, 14, 3, 1, 1);
  assert.equal(machine.events.nextTime(), 16 * 1000);
  timer.write64(4, 14, 50, 0);
  assert.equal(machine.events.nextTime(), 16 * 1050, 'virtual time runs 50 ticks behind now');
  timer.write64(3, 14, ...cval(2000));
  assert.equal(machine.events.nextTime(), 16 * 2050);
  timer.write(0, 14, 3, 1, 0);
  assert.equal(machine.events.nextTime(), Infinity, 'disabled: nothing scheduled');
  timer.write(0, 14, 3, 1, 1);
  machine.run({ untilCycles: 16 * 2050 - 1 });
  assert.equal(gic.isPending(0, 27), false, 'one cycle early');
  machine.stopReason = null;
  machine.run({ untilCycles: 16 * 2050 });
  assert.equal(gic.isPending(0, 27), true, 'at the compare time');
});

// GIC on, virtual timer at CVAL = r0:r1, IRQs unmasked, WFI; the IRQ handler reads CNTVCT into r4:r5
// and GICC_IAR into r7.
const AT_COMPARE = [
  0xe3a02302, // mov r2, #0x08000000
  0xe3a03001, // mov r3, #1
  0xe5823000, // str r3, [r2]            GICD_CTLR
  0xe3a03302, // mov r3, #1 << 27
  0xe5823100, // str r3, [r2, #0x100]    GICD_ISENABLER0: PPI 27
  0xe59f2074, // ldr r2, =0x08010000
  0xe3a030ff, // mov r3, #0xff
  0xe5823004, // str r3, [r2, #4]        GICC_PMR
  0xe3a03001, // mov r3, #1
  0xe5823000, // str r3, [r2]            GICC_CTLR
  0xe28f3030, // adr r3, vectors
  0xee0c3f10, // mcr p15, 0, r3, c12, c0, 0    VBAR
  0xec410f3e, // mcrr p15, 3, r0, r1, c14      CNTV_CVAL
  0xe3a03001, // mov r3, #1
  0xee0e3f33, // mcr p15, 0, r3, c14, c3, 1    CNTV_CTL
  0xf1080080, // cpsie i
  0xe320f003, // 1: wfi
  0xeafffffd, // b 1b
  0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000,
  0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, // vectors 0x00-0x14
  0xea000000, // 0x18: b irq
  0xeafffffe, // 0x1c
  0xec554f1e, // irq: mrrc p15, 1, r4, r5, c14  CNTVCT
  0xe59f6004, // ldr r6, =0x08010000
  0xe596700c, // ldr r7, [r6, #0xc]            GICC_IAR
  0xeafffffe, // b .
  0x08010000,
];

test('a core waiting in WFI takes the timer interrupt at exactly the compare time', () => {
  const T = 123_457; // ticks: at 62.5 MHz, 16 cycles each
  const { machine, core } = timerEnv(QEMU_ARM, 'svc', AT_COMPARE, [T, 0, 0]);
  machine.run({ untilCycles: 16 * T + 100 });
  assert.equal(core.mode, MODE_IRQ);
  assert.equal(core.R[4], T, 'the handler reads the compare value itself from CNTVCT');
  assert.equal(core.R[7], 27, 'GICC_IAR: PPI 27');
  assert.ok(core.idleCycles > 16 * T - 100, 'the core slept until then');
});

// From Non-secure SVC: CNTPCT, CNTP_CTL, CNTP_CVAL, CNTVCT; CNTFRQ write, CNTHCTL, CNTVOFF (UNDEFINED);
// CNTKCTL = PL0VCTEN; then in User mode CNTVCT, CNTFRQ (allowed), CNTPCT, CNTV_CTL, CNTKCTL (UNDEFINED).
// Undefined Instruction exceptions count in r12 and return to the next instruction.
const ACCESS = [
  0xe28f0058, // add r0, pc, #88 (vectors)
  0xee0c0f10, // mcr p15, 0, r0, c12, c0, 0   VBAR
  0xe3a0c000, // mov r12, #0
  0xec554f0e, // 0x0c mrrc p15, 0, r4, r5, c14    CNTPCT
  0xee1e6f32, // 0x10 mrc p15, 0, r6, c14, c2, 1  CNTP_CTL
  0xec454f2e, // 0x14 mcrr p15, 2, r4, r5, c14    CNTP_CVAL
  0xec598f1e, // 0x18 mrrc p15, 1, r8, r9, c14    CNTVCT
  0xee0e3f10, // 0x1c mcr p15, 0, r3, c14, c0, 0  CNTFRQ
  0xee9e3f11, // 0x20 mrc p15, 4, r3, c14, c1, 0  CNTHCTL
  0xec573f4e, // 0x24 mrrc p15, 4, r3, r7, c14    CNTVOFF
  0xe3a00002, // mov r0, #2
  0xee0e0f11, // mcr p15, 0, r0, c14, c1, 0   CNTKCTL
  0xf1020010, // cps #0x10
  0xec5baf1e, // mrrc p15, 1, r10, r11, c14   CNTVCT
  0xee1e1f10, // mrc p15, 0, r1, c14, c0, 0   CNTFRQ
  0xec532f0e, // mrrc p15, 0, r2, r3, c14     CNTPCT
  0xee1e2f33, // mrc p15, 0, r2, c14, c3, 1   CNTV_CTL
  0xee1e2f11, // mrc p15, 0, r2, c14, c1, 0   CNTKCTL
  0xeafffffe, // b .
  0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000,
  0xeafffffe, // vectors: 0x00
  0xea000005, // 0x04: b undef
  0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe,
  0xe28cc001, // undef: add r12, r12, #1
  0xe1b0f00e, // movs pc, lr
];

function runAccess(cnthctl: number): { core: Core; hsrs: number[]; elrs: number[] } {
  const { machine, core, timer } = timerEnv(QEMU_ARM, 'svc', ACCESS);
  timer.cnthctl = cnthctl;
  const hsrs: number[] = [], elrs: number[] = [];
  core.pl2 = {
    enterHyp: (c) => {
      hsrs.push(c.cp15.hsr);
      elrs.push(c.elrHyp - 0x40000000);
      c.elrHyp = (c.elrHyp + 4) >>> 0; // skip the trapped instruction
    },
  };
  machine.run({ untilCycles: 1000 });
  return { core, hsrs, elrs };
}

test('CNTHCTL.PL1PCTEN/PL1PCEN trap Non-secure PL1 physical counter and timer accesses to Hyp (as QEMU)', () => {
  const all = runAccess(0);
  // The syndromes QEMU 7.2 reports for these instructions (test/firmware/qemu-probe/).
  assert.deepEqual(all.hsrs, [0x13e0149d, 0x0fe238c5, 0x13e2149c], 'CNTPCT (MRRC), CNTP_CTL (MRC), CNTP_CVAL (MCRR)');
  assert.deepEqual(all.elrs, [0x0c, 0x10, 0x14], 'ELR_hyp: the trapped instruction');
  assert.deepEqual(runAccess(1).hsrs, [0x0fe238c5, 0x13e2149c], 'PL1PCTEN: the counter is free');
  assert.deepEqual(runAccess(2).hsrs, [0x13e0149d], 'PL1PCEN: the timer is free');
  const free = runAccess(3);
  assert.deepEqual(free.hsrs, []);
  assert.equal(free.core.mode, MODE_USR);
  assert.equal(free.core.R[12], 3 + 3, '3 Hyp/highest-level-only encodings from SVC, 3 from User');
  assert.equal(free.core.R[1], 62_500_000, 'User mode reads CNTFRQ with CNTKCTL.PL0VCTEN');
  assert.ok(free.core.R[10] > 0, 'and CNTVCT');
});

test('CNTFRQ is writable in Hyp mode only (no Security Extensions), in Secure PL1 only (bananapi)', () => {
  const q = timerEnv(QEMU_ARM, 'hyp');
  assert.equal(q.timer.write(0, 14, 0, 0, 1234), true);
  assert.equal(q.timer.read(0, 14, 0, 0), 1234);
  q.core.setCpsr(MODE_SVC);
  assert.equal(q.timer.write(0, 14, 0, 0, 5678), false);
  const b = timerEnv(BANANAPI, 'hyp');
  assert.equal(b.timer.write(0, 14, 0, 0, 1), false, 'Non-secure Hyp mode is not the highest level there');
  b.core.cp15.scr = 0; // Secure
  b.core.setCpsr(MODE_SVC);
  assert.equal(b.timer.write(0, 14, 0, 0, 24_000_000), true);
  assert.equal(b.timer.read(4, 14, 1, 0), undefined, 'CNTHCTL is not reachable from Secure SVC');
});

test('with Security Extensions the physical timer is banked: Secure PPI 29, Non-secure PPI 30', () => {
  const { core, timer, gic } = timerEnv(BANANAPI, 'svc');
  assert.equal(core.isSecure(), false);
  timer.write(0, 14, 2, 0, 0);
  timer.write(0, 14, 2, 1, 1);
  assert.equal(timer.output(TIMER_PHYS_NS), true);
  assert.equal(gic.isPending(0, 30), true);
  core.cp15.scr = 0;
  assert.equal(timer.read(0, 14, 2, 1), 0, 'the Secure instance is a different timer');
  timer.write64(2, 14, 0xffffffff, 0xffffffff);
  timer.write(0, 14, 2, 1, 1);
  assert.equal(gic.isPending(0, 29), false);
  timer.write64(2, 14, 0, 0);
  assert.equal(timer.output(TIMER_PHYS_S), true);
  assert.equal(gic.isPending(0, 29), true);
  core.cp15.scr = 1;
  assert.deepEqual(timer.read64(2, 14), [0, 0]);
  assert.equal(timer.output(TIMER_VIRT), false);
});
