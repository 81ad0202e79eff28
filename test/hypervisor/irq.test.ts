// Interrupts under the hypervisor: a cell's timer interrupt arrives through a
// GICH list register as virtual IRQ 27 and is deactivated by the guest's EOI;
// interrupts of other cells never reach it; the distributor only lets a cell
// touch its own interrupts and CPUs; SGIs stay inside the sender's cell; more
// pending interrupts than list registers go out through the maintenance
// interrupt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CMD, LAYOUT, Rig, cellBytes, inmateConfig, inmateImage, lines, systemBytes, systemConfig, type BoardName,
} from './harness.js';
import { STAT_VMEXITS_MAINTENANCE, STAT_VMEXITS_VIRQ, STAT_VMEXITS_VSGI } from '../../src/hypervisor/abi.js';

function enabled(board: BoardName, cpus: number): Rig {
  const rig = new Rig(board, cpus);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig(board, Array.from({ length: cpus }, (_, i) => i))));
  return rig;
}

function startInmate(rig: Rig, p: Parameters<typeof inmateImage>[1], irqs: number[] = []): number {
  const id = rig.driver.createCell(cellBytes(inmateConfig(rig.boardName, { irqs })));
  rig.driver.loadCell(id, [{ data: inmateImage(rig.boardName, p) }]);
  rig.driver.startCell(id);
  return id;
}

/** A GICH register of CPU `cpu`. */
function gich(rig: Rig, cpu: number, off: number): number {
  const bus = rig.m.bus;
  const prev = bus.currentCpu;
  bus.currentCpu = cpu;
  const v = bus.read(LAYOUT[rig.boardName].gic.gich + off, 4) >>> 0;
  bus.currentCpu = prev;
  return v;
}

const out = (rig: Rig): string => (rig.boardName === 'bananapi' ? rig.uart7 : rig.hv);

/** A physical distributor register as CPU `cpu` sees it (banked for IDs 0-31). */
function gicd(rig: Rig, cpu: number, off: number): number {
  const bus = rig.m.bus;
  const prev = bus.currentCpu;
  bus.currentCpu = cpu;
  const v = bus.read(LAYOUT[rig.boardName].gic.gicd + off, 4) >>> 0;
  bus.currentCpu = prev;
  return v;
}

for (const board of ['qemu-arm', 'bananapi'] as BoardName[]) {
  test(`${board}: the cell's timer interrupt arrives as virtual IRQ 27; the root's UART interrupt never does`, () => {
    const rig = enabled(board, 2);
    const hv = rig.hypervisor;
    assert.equal(rig.command(CMD.SPI_ENABLE, 33), 1, 'the root routes its UART interrupt to CPU 0');
    startInmate(rig, { select: 1, iterations: 10, arg: 33 });
    const idle0 = rig.m.cores[1].idleCycles, start = rig.m.now;
    rig.runUntil(() => out(rig).includes('cell: done\n'), 60_000_000, 'timer interrupts');
    const idle = rig.m.cores[1].idleCycles - idle0;
    assert.ok(idle > 0.8 * (rig.m.now - start), `the cell's WFI slept until each interrupt (idle ${idle} of ${rig.m.now - start} cycles)`);
    assert.deepEqual(lines(out(rig), 'cell:').slice(1), [
      'cell: foreign irq 33 not enabled',
      'cell: ppi 27 enabled: 1',
      'cell: timer irqs 10, other irqs 0',
      'cell: done',
    ]);
    assert.equal(rig.spiCount, 0, 'the cell\'s ISPENDR write did not raise the root\'s SPI 33');
    // Ten interrupts of one PPI can only arrive if the guest's EOI on GICV deactivated each physical one (HW bit).
    const stats = hv.cpus[1].stats.counts;
    assert.ok(stats[STAT_VMEXITS_VIRQ] === 10 || stats[STAT_VMEXITS_VIRQ] === 11, 'each timer interrupt was one IRQ exit');
    if (gicd(rig, 1, 0x300) & (1 << 27)) {
      // One more fired after the inmate masked interrupts: it waits in a list register, linked to the physical PPI.
      const lrs = [0, 1, 2, 3].map((n) => gich(rig, 1, 0x100 + 4 * n));
      assert.ok(lrs.some((lr) => (lr & 0x3ff) === 27 && (lr >>> 31) === 1 && ((lr >>> 10) & 0x3ff) === 27 &&
        ((lr >>> 28) & 3) === 1), `a pending HW list register for 27: ${lrs.map((x) => x.toString(16))}`);
    }

    // The root's own SPI: raised by the UART, delivered to the root only.
    const uart = LAYOUT[board].uart0;
    if (board === 'qemu-arm') rig.command(CMD.WRITE, uart + 0x38, 0x20); // PL011 IMSC: TX interrupt
    else rig.command(CMD.WRITE, uart + 0x04, 0x02); // 8250 IER: THR empty
    rig.runUntil(() => rig.spiCount > 0, 5_000_000, 'the root\'s UART interrupt');
    assert.equal(rig.mb(50), 33);
    rig.run(2_000_000);
    assert.equal(rig.spiCount, 1, 'the root\'s ICENABLER write (through the filter) stopped the level interrupt');
    assert.equal(stats[STAT_VMEXITS_VIRQ] >= 10, true);
    assert.doesNotMatch(out(rig), /other irqs [1-9]/);
  });
}

test('SGIs stay inside the sender\'s cell', () => {
  const rig = enabled('qemu-arm', 2);
  const hv = rig.hypervisor;
  startInmate(rig, { select: 4, arg: 0x01 });
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 20_000_000, 'SGIs sent');
  assert.match(rig.hv, /cell: sgi 6 to itself received 1, sgi 5 received 0\n/);
  rig.run(1_000_000);
  assert.equal(rig.irqCount(5), 0, 'the cell\'s SGI 5 to CPU 0 (the root\'s) was dropped');
  const vsgi = hv.cpus[1].stats.counts[STAT_VMEXITS_VSGI];
  rig.command(CMD.SGI, (0x02 << 16) | 7); // root -> CPU 1 (the cell's)
  rig.command(CMD.SGI, (2 << 24) | 8); // root -> itself
  rig.run(1_000_000);
  assert.equal(rig.irqCount(8), 1, 'the root\'s SGI to itself arrived');
  assert.equal(rig.irqCount(7), 0);
  assert.equal(hv.cpus[1].stats.counts[STAT_VMEXITS_VSGI], vsgi, 'nothing was injected into the cell');
});

test('a cell may route its own SPI to its own CPUs only', () => {
  const rig = enabled('qemu-arm', 2);
  const id = startInmate(rig, { select: 7, arg: 40, period: 0x02 }, [40]);
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 20_000_000, 'routing');
  assert.match(rig.hv, /cell: routing irq 40 to 0x00000002\ncell: routed, targets now 0x00000002\n/);
  assert.equal((gicd(rig, 0, 0x828) >>> 0) & 0xff, 0x02);
  rig.driver.loadCell(id, [{ data: inmateImage('qemu-arm', { select: 7, arg: 40, period: 0x01 }) }]);
  rig.driver.startCell(id);
  rig.runUntil(() => rig.hv.includes('Parking CPU 1'), 20_000_000, 'the violation');
  assert.match(rig.hv, /cell: routing irq 40 to 0x00000001\nAttempt to route IRQ40 outside of cell\nFATAL: forbidden access \(exception class 0x24\)\n/);
  assert.equal((gicd(rig, 0, 0x828) >>> 0) & 0xff, 0x02, 'the target is unchanged');
});

test('more pending interrupts than list registers are delivered through the maintenance interrupt', () => {
  const rig = enabled('qemu-arm', 2);
  const hv = rig.hypervisor;
  assert.equal(hv.irqchip.numLr, 4);
  startInmate(rig, { select: 10 });
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 20_000_000, 'SGI burst');
  assert.match(rig.hv, /cell: sgis received 1 1 1 1 1 1 1 1\n/);
  assert.ok(hv.cpus[1].stats.counts[STAT_VMEXITS_MAINTENANCE] >= 1, 'maintenance interrupts refilled the list registers');
});
