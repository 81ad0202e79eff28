// The distributor filter field by field: accesses a cell makes to GICD (as
// its trapped loads and stores reach the hypervisor) see and change only the
// cell's own interrupts, whatever the access size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CMD, LAYOUT, Rig, cellBytes, inmateConfig, systemBytes, systemConfig } from './harness.js';
import { MMIO_ERROR, MMIO_HANDLED, type MmioAccess } from '../../src/hypervisor/mmio.js';
import type { AccessSize } from '../../src/machine/bus.js';

const GICD = LAYOUT['qemu-arm'].gic.gicd;

test('a cell reads and writes only its own interrupts\' distributor fields', () => {
  const rig = new Rig('qemu-arm', 2);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  const hv = rig.driver.enable(systemBytes(systemConfig('qemu-arm', [0, 1])));
  rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { irqs: [40, 42] })));
  const cell = hv.cells[1];
  const cpu = hv.cpus[1];
  const bus = rig.m.bus;
  const phys = (off: number, size: AccessSize = 4): number => bus.read(GICD + off, size) >>> 0;
  const access = (off: number, size: AccessSize, isWrite: boolean, value = 0): MmioAccess => {
    const a: MmioAccess = { address: off, size, isWrite, value };
    bus.currentCpu = 1;
    hv.current = cpu;
    const r = hv.irqchip.handleDistAccess(cell, cpu, a);
    hv.current = null;
    assert.equal(r, MMIO_HANDLED, `access to 0x${off.toString(16)}`);
    return a;
  };
  bus.write(GICD + 0x428, 4, 0x80808080); // priorities of 40..43 as the root left them

  // Priorities: byte and word writes change only bytes 40 and 42.
  access(0x428, 1, true, 0x10);
  access(0x429, 1, true, 0x10);
  assert.equal(phys(0x428), 0x80808010);
  access(0x428, 4, true, 0x20202020);
  assert.equal(phys(0x428), 0x80208020);
  assert.equal(access(0x428, 4, false).value, 0x00200020, 'reads hide foreign priorities');
  assert.equal(access(0x42b, 1, false).value, 0, 'byte read of a foreign priority');
  assert.equal(access(0x42a, 1, false).value, 0x20);
  access(0x42a, 2, true, 0x3030);
  assert.equal(phys(0x428), 0x80308020, 'half-word write: byte 42 only');

  // Set-enable: the cell's bits only; clear-enable likewise.
  access(0x104, 4, true, 0xffffffff);
  assert.equal(phys(0x104) & 0x0000ff00, (1 << 8) | (1 << 10), 'IRQs 40 and 42 enabled, 41 and 43 not');
  assert.equal(access(0x104, 4, false).value, (1 << 8) | (1 << 10));
  access(0x184, 4, true, 1 << 8);
  assert.equal(phys(0x104) & (1 << 8), 0, 'clear-enable of IRQ 40');
  // Configuration (2 bits per interrupt): read-modify-write of the cell's fields.
  const cfg = phys(0xc08);
  access(0xc08, 4, true, 0xffffffff);
  const own = (3 << 16) | (3 << 20);
  assert.equal(phys(0xc08) & ~own, cfg & ~own, 'foreign fields unchanged');
  assert.equal(phys(0xc08) & ((2 << 16) | (2 << 20)), (2 << 16) | (2 << 20), 'IRQs 40 and 42 edge-triggered');
  // SGI/PPI fields are the CPU's own: word 0 of the enable bits except the hypervisor's SGIs 0, 1 and PPI 25.
  assert.equal(access(0x100, 4, false).value & 0x02000003, 0);
  // The distributor stays enabled whatever the cell writes; TYPER reads through.
  access(0x000, 4, true, 0);
  assert.equal(phys(0x000) & 1, 1);
  assert.equal(access(0x004, 4, false).value, phys(0x004));

  // Targets: only the cell's CPUs (CPU 1: 0x02).
  access(0x828, 1, true, 0x02);
  assert.equal(phys(0x828, 1), 0x02);
  const a: MmioAccess = { address: 0x82a, size: 1, isWrite: true, value: 0x01 };
  bus.currentCpu = 1;
  hv.current = cpu;
  assert.equal(hv.irqchip.handleDistAccess(cell, cpu, a), MMIO_ERROR);
  hv.current = null;
  assert.match(hv.console.text, /Attempt to route IRQ42 outside of cell\n$/);
});
