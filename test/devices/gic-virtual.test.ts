// GICv2 virtual interface: list registers feed the virtual CPU interface
// (GICV) and the core's virtual IRQ/FIQ; acknowledge/EOI move the list
// register states; HW list registers deactivate their physical interrupt;
// maintenance interrupt conditions (GICH_MISR) raise PPI 25.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard, type BoardSpec } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import { BANANAPI } from '../../src/boards/bananapi.js';

const D = 0x08000000, C = 0x08010000, H = 0x08030000, V = 0x08040000;

const PENDING = 1 << 28, ACTIVE = 2 << 28, HW = 0x80000000, EOI = 1 << 19;
const prio = (p: number): number => (p >> 3) << 23;

function env(spec: BoardSpec = QEMU_ARM, cpus = 1) {
  const board = buildBoard(spec, { cpus });
  const bus = board.machine.bus;
  const rd = (cpu: number, addr: number): number => {
    bus.currentCpu = cpu;
    const v = bus.read(addr, 4);
    assert.equal(bus.faulted, false);
    return v;
  };
  const wr = (cpu: number, addr: number, v: number): void => {
    bus.currentCpu = cpu;
    bus.write(addr, 4, v >>> 0);
    assert.equal(bus.faulted, false);
  };
  return { board, gic: board.gic!, cores: board.machine.cores, rd, wr };
}

/** GICH_HCR.En, virtual Group 0 on, mask open, BPR at its minimum. */
function enableVirtual(e: ReturnType<typeof env>, cpu = 0): void {
  e.wr(cpu, H + 0x00, 1);
  e.wr(cpu, V + 0x00, 1);
  e.wr(cpu, V + 0x04, 0xf8);
}

test('reset values: VTR (4 list registers, 5 priority bits), VMCR, ELRSR, GICV binary points and IIDR', () => {
  const e = env();
  assert.equal(e.rd(0, H + 0x04), 0x90000003);
  assert.equal(e.rd(0, H + 0x08), 0x004c0000);
  assert.equal(e.rd(0, H + 0x30), 0xf, 'all list registers empty');
  assert.equal(e.rd(0, V + 0x08), 2);
  assert.equal(e.rd(0, V + 0x1c), 3);
  assert.equal(e.rd(0, V + 0x0c), 1023, 'GICH_HCR.En clear: spurious');
  assert.equal(e.rd(0, V + 0xfc), 0x0002043b);
  e.wr(0, V + 0x08, 0);
  assert.equal(e.rd(0, V + 0x08), 2, 'GICV_BPR minimum');
  e.wr(0, H + 0x100, 0xffffffff);
  assert.equal(e.rd(0, H + 0x100), 0xff8fffff, 'LR bits 22:20 are reserved');
  e.wr(0, H + 0x00, 0xffffffff);
  assert.equal(e.rd(0, H + 0x00), 0xf80000ff);
});

test('a pending list register: virtual IRQ, acknowledge makes it active (APR, RPR), EOI empties it', () => {
  const e = env();
  const c0 = e.cores[0];
  e.wr(0, H + 0x100, PENDING | prio(0xa0) | 42);
  assert.equal(c0.virqLine, false, 'GICH_HCR.En clear');
  enableVirtual(e);
  assert.equal(c0.virqLine, true);
  assert.equal(c0.irqLine, false, 'the physical line is untouched');
  assert.equal(e.rd(0, H + 0x30), 0xe);
  assert.equal(e.rd(0, V + 0x18), 42, 'GICV_HPPIR');
  assert.equal(e.rd(0, V + 0x0c), 42, 'GICV_IAR');
  assert.equal(e.rd(0, H + 0x100), (ACTIVE | prio(0xa0) | 42) >>> 0);
  assert.equal(c0.virqLine, false);
  assert.equal(e.rd(0, V + 0x14), 0xa0, 'GICV_RPR');
  assert.equal(e.rd(0, H + 0xf0), 1 << 20, 'GICH_APR: priority 0xa0 >> 3');
  assert.equal(e.rd(0, V + 0xd0), 1 << 20, 'GICV_APR0 is the same register');
  assert.equal(e.rd(0, V + 0x0c), 1023);
  e.wr(0, V + 0x10, 42);
  assert.equal(e.rd(0, H + 0x100), (prio(0xa0) | 42) >>> 0, 'state invalid');
  assert.equal(e.rd(0, H + 0x30), 0xf);
  assert.equal(e.rd(0, V + 0x14), 0xff);
});

test('virtual priorities: mask, preemption of an active one, highest first, Group 0 to virtual FIQ with FIQEn', () => {
  const e = env();
  const c0 = e.cores[0];
  enableVirtual(e);
  e.wr(0, V + 0x04, 0xa0);
  e.wr(0, H + 0x100, PENDING | prio(0xa0) | 40);
  assert.equal(c0.virqLine, false, 'masked by GICV_PMR');
  assert.equal(e.rd(0, V + 0x18), 1023);
  e.wr(0, V + 0x04, 0xf8);
  e.wr(0, H + 0x104, PENDING | prio(0x50) | 41);
  assert.equal(e.rd(0, V + 0x0c), 41, 'the higher priority first');
  assert.equal(c0.virqLine, false, '0xa0 cannot preempt 0x50');
  e.wr(0, H + 0x108, PENDING | prio(0x20) | 43);
  assert.equal(c0.virqLine, true, '0x20 preempts 0x50');
  assert.equal(e.rd(0, V + 0x0c), 43);
  e.wr(0, V + 0x10, 43);
  e.wr(0, V + 0x10, 41);
  assert.equal(e.rd(0, V + 0x0c), 40);
  e.wr(0, V + 0x10, 40);
  e.wr(0, V + 0x00, 1 | (1 << 3)); // FIQEn
  e.wr(0, H + 0x10c, PENDING | prio(0x80) | 44);
  assert.equal(c0.vfiqLine, true);
  assert.equal(c0.virqLine, false);
  e.wr(0, H + 0x10c, PENDING | (1 << 30) | prio(0x80) | 44); // Group 1: not enabled in VMCR
  assert.equal(c0.vfiqLine, false);
  assert.equal(c0.virqLine, false);
  assert.equal(e.rd(0, V + 0x0c), 1022, 'Group 1 without AckCtl');
});

test('software-generated virtual interrupts report their CPUID; VEM splits priority drop and deactivation', () => {
  const e = env();
  enableVirtual(e);
  e.wr(0, H + 0x100, PENDING | (2 << 10) | 3);
  assert.equal(e.rd(0, V + 0x0c), 0x803);
  e.wr(0, V + 0x10, 0x003);
  assert.equal(e.rd(0, H + 0x100) & ACTIVE, ACTIVE, 'the EOI named another source: no LR deactivated');
  e.wr(0, V + 0x1000, 0x803);
  assert.equal(e.rd(0, H + 0x100), (2 << 10) | 3, 'DIR with the right source');
  e.wr(0, V + 0x00, 1 | (1 << 9)); // VEM
  assert.equal(e.rd(0, H + 0x08) & 0x21f, 0x201);
  e.wr(0, H + 0x100, PENDING | 44);
  e.wr(0, V + 0x10, e.rd(0, V + 0x0c));
  assert.equal(e.rd(0, H + 0x100), (ACTIVE | 44) >>> 0, 'EOIR only dropped the priority');
  assert.equal(e.rd(0, V + 0x14), 0xff);
  e.wr(0, V + 0x1000, 44);
  assert.equal(e.rd(0, H + 0x100), 44);
});

test('HW list register: the guest\'s EOI deactivates the physical interrupt the hypervisor acknowledged', () => {
  const e = env();
  const c0 = e.cores[0];
  // The hypervisor side: physical SPI 40, EOImode 1 (drop priority at once, deactivate later).
  e.wr(0, D, 1);
  e.wr(0, C + 0x00, 1 | (1 << 9));
  e.wr(0, C + 0x04, 0xff);
  e.wr(0, D + 0x104, 1 << 8);
  e.gic.setSpi(40, true);
  assert.equal(c0.irqLine, true);
  const iar = e.rd(0, C + 0x0c);
  assert.equal(iar, 40);
  e.wr(0, C + 0x10, iar);
  assert.equal(e.rd(0, C + 0x14), 0xff, 'physical priority dropped');
  assert.equal(e.rd(0, D + 0x304), 1 << 8, 'still active');
  assert.equal(c0.irqLine, false, 'active and pending (level high): not signalled again');
  // ... injected into the guest.
  enableVirtual(e);
  e.wr(0, H + 0x100, HW | PENDING | (40 << 10) | 40);
  assert.equal(e.rd(0, V + 0x0c), 40);
  e.gic.setSpi(40, false); // the device is serviced
  e.wr(0, V + 0x10, 40);
  assert.equal(e.rd(0, D + 0x304), 0, 'physical SPI 40 deactivated');
  assert.equal(e.rd(0, H + 0x100), (HW | (40 << 10) | 40) >>> 0);
  assert.equal(e.rd(0, H + 0x30) & 1, 1, 'HW list registers are empty once invalid');
  assert.equal(e.rd(0, H + 0x20), 0, 'and never request EOI maintenance');
  e.gic.setSpi(40, true);
  assert.equal(c0.irqLine, true, 'the physical interrupt can fire again');
});

test('maintenance interrupt: EOI, underflow, no-pending, EOICount and group enable conditions raise PPI 25', () => {
  const e = env();
  const c0 = e.cores[0];
  e.wr(0, D, 1);
  e.wr(0, C + 0x00, 1);
  e.wr(0, C + 0x04, 0xff);
  e.wr(0, D + 0x100, 1 << 25);
  enableVirtual(e);
  e.wr(0, H + 0x104, PENDING | EOI | 43);
  e.wr(0, V + 0x10, e.rd(0, V + 0x0c));
  assert.equal(e.rd(0, H + 0x104), (EOI | 43) >>> 0);
  assert.equal(e.rd(0, H + 0x20), 1 << 1, 'EISR0');
  assert.equal(e.rd(0, H + 0x30), 0xd, 'not empty while EOI maintenance is due');
  assert.equal(e.rd(0, H + 0x10), 1, 'MISR.EOI');
  assert.equal(c0.irqLine, true, 'maintenance PPI 25 at the physical CPU interface');
  assert.equal(e.rd(0, C + 0x0c), 25);
  e.wr(0, C + 0x10, 25);
  e.wr(0, H + 0x104, 0);
  assert.equal(e.rd(0, H + 0x10), 0);
  assert.equal(e.rd(0, D + 0x200) & (1 << 25), 0, 'level-sensitive: gone with the condition');

  e.wr(0, H + 0x00, 1 | 2); // UIE
  assert.equal(e.rd(0, H + 0x10), 2, 'no valid list register: underflow');
  e.wr(0, H + 0x100, PENDING | 1);
  e.wr(0, H + 0x104, PENDING | 2);
  assert.equal(e.rd(0, H + 0x10), 0, 'two valid');
  e.wr(0, H + 0x104, 0);
  assert.equal(e.rd(0, H + 0x10), 2, 'one valid: underflow');
  e.wr(0, H + 0x00, 1 | 8); // NPIE
  assert.equal(e.rd(0, H + 0x10), 0, 'LR0 pending');
  e.wr(0, H + 0x100, ACTIVE | 1);
  assert.equal(e.rd(0, H + 0x10), 8, 'active only: no pending');
  e.wr(0, H + 0x100, 0);
  e.wr(0, H + 0x00, 1 | 0xf0);
  assert.equal(e.rd(0, H + 0x10), 0x90, 'VGrp0E (Group 0 on), VGrp1D (Group 1 off)');
  e.wr(0, H + 0x00, 1 | 4); // LRENPIE
  e.wr(0, H + 0x100, PENDING | 50);
  const iar = e.rd(0, V + 0x0c);
  e.wr(0, H + 0x100, 0); // the hypervisor took the list register away while active
  e.wr(0, V + 0x10, iar);
  assert.equal(e.rd(0, H + 0x00) >>> 27, 1, 'EOICount');
  assert.equal(e.rd(0, H + 0x10), 4, 'MISR.LRENP');
  e.wr(0, H + 0x00, 1);
  assert.equal(e.rd(0, H + 0x10), 0);
  e.wr(0, H + 0x00, 0xffffffff & ~1);
  assert.notEqual(e.rd(0, H + 0x10), 0);
  assert.equal(e.rd(0, D + 0x200) & (1 << 25), 0, 'no maintenance interrupt while GICH_HCR.En is clear');
});

test('the virtual interface is banked per CPU; the GIC-400 aliases reach any CPU\'s GICH', () => {
  const e = env(BANANAPI, 2);
  const [c0, c1] = e.cores;
  const BH = 0x01c84000, BA = 0x01c85000, BV = 0x01c86000;
  e.wr(1, BH + 0x00, 1);
  e.wr(1, BV + 0x00, 1);
  e.wr(1, BV + 0x04, 0xff);
  e.wr(1, BH + 0x100, PENDING | 77);
  assert.equal(c1.virqLine, true);
  assert.equal(c0.virqLine, false);
  assert.equal(e.rd(0, BH + 0x100), 0, "CPU 0's own LR0");
  assert.equal(e.rd(0, BA + 0x200 + 0x100), (PENDING | 77) >>> 0, "CPU 1's LR0 through its alias");
  e.wr(0, BA + 0x200 + 0x100, 0);
  assert.equal(c1.virqLine, false);
  assert.equal(e.rd(1, BV + 0xfc), 0x0202143b);
});
