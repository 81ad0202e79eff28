// PSCI and hypercalls as a non-root cell sees them: virtual CPU IDs, CPU_ON /
// AFFINITY_INFO / CPU_OFF for its own CPUs only, and the management
// hypercalls it may not make.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CMD, Rig, cellBytes, inmateConfig, inmateImage, lines, systemBytes, systemConfig } from './harness.js';
import { STAT_VMEXITS_PSCI, STAT_VMEXITS_VSGI } from '../../src/hypervisor/abi.js';

function enabled(cpus: number): Rig {
  const rig = new Rig('qemu-arm', cpus);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig('qemu-arm', Array.from({ length: cpus }, (_, i) => i))));
  return rig;
}

test('a two-CPU cell sees virtual CPUs 0 and 1, switches its second CPU on and off itself and signals it with an SGI', () => {
  const rig = enabled(3);
  const hv = rig.hypervisor;
  const id = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { cpus: [1, 2] })));
  rig.driver.loadCell(id, [{ data: inmateImage('qemu-arm', { select: 5 }) }]);
  rig.driver.startCell(id);
  assert.equal(rig.m.cores[2].off, true, 'only the first CPU starts; the second waits for CPU_ON');
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 30_000_000, 'PSCI run');
  assert.deepEqual(lines(rig.hv, 'cell:'), [
    'cell: hello from CPU 0 on qemu-arm, mode 5, comm region JHCOMM rev 2',
    'cell: PSCI_VERSION = 2',
    'cell: AFFINITY_INFO(1) = 1',
    'cell: CPU 1 up, MPIDR 0x80000001',
    'cell: CPU_ON(1) = 0',
    'cell: SGI 3 to CPU 1 received = 1',
    'cell: CPU_ON(1) again = -4',
    'cell: CPU_ON(2) = -3',
    'cell: AFFINITY_INFO(2) = -3',
    'cell: AFFINITY_INFO(1) after CPU_OFF = 1',
    'cell: SYSTEM_OFF = -1',
    'cell: done',
  ]);
  assert.equal(rig.m.cores[2].off, true, 'physical CPU 2 is parked again');
  assert.equal(rig.m.cores[1].cp15.vmpidr, 0x80000000, 'physical CPU 1 is the cell\'s CPU 0');
  assert.ok(hv.cpus[1].stats.counts[STAT_VMEXITS_PSCI] >= 8);
  assert.ok(hv.cpus[2].stats.counts[STAT_VMEXITS_VSGI] >= 1, 'the SGI went to CPU 2 through the hypervisor\'s SGI_INJECT');
  // The root cannot reach the cell's CPUs with PSCI.
  assert.equal(rig.command(CMD.CPU_ON, 2), -3);
  assert.equal(rig.command(CMD.AFFINITY, 1), -3);
});

test('a non-root cell may not manage cells or disable the hypervisor', () => {
  const rig = enabled(2);
  const id = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm')));
  rig.driver.loadCell(id, [{ data: inmateImage('qemu-arm', { select: 8, arg: 1 }) }]);
  rig.driver.startCell(id);
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 30_000_000, 'hypercalls');
  assert.deepEqual(lines(rig.hv, 'cell:').slice(1, -1), [
    'cell: CELL_CREATE = -1',
    'cell: CELL_DESTROY(0) = -1',
    'cell: DISABLE = -1',
    'cell: CELL_GET_STATE(0) = -1',
    'cell: CPU_GET_INFO(0) = -1',
    'cell: CPU_GET_INFO(own) = 0',
    'cell: HYPERVISOR_GET_INFO(cells) = 2',
    'cell: unknown hypercall = -38',
  ]);
  assert.match(rig.hv, /Cell creation refused: only the root cell may create cells \(CPU 1 is in "inmate"\)\n/);
  assert.equal(rig.hypervisor.enabled, true);
});
