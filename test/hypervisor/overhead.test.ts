// The cost of running under the hypervisor: a CPU-bound kernel takes the same
// virtual time natively, in the root cell under the hypervisor, and in a
// cell (nothing is done per instruction; nothing traps while it runs). Wall
// times are reported as diagnostics, not asserted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { CMD, Rig, cellBytes, inmateConfig, inmateImage, systemBytes, systemConfig, type BoardName } from './harness.js';

const ROUNDS = 8;

for (const board of ['qemu-arm', 'bananapi'] as BoardName[]) {
  test(`${board}: a CPU-bound kernel takes the same virtual time natively, in the root cell and in a cell`, (t) => {
    const rig = new Rig(board, 2);
    rig.runTicks(1);
    rig.quiet(true);
    let w = performance.now();
    const native = rig.command(CMD.COMPUTE, ROUNDS, 0, 0, 100_000_000);
    const nativeTicks = rig.result2;
    const nativeMs = performance.now() - w;

    rig.driver.enable(systemBytes(systemConfig(board, [0, 1])));
    const exits0 = rig.hypervisor.cpus[0].stats.counts[0];
    w = performance.now();
    const underHv = rig.command(CMD.COMPUTE, ROUNDS, 0, 0, 100_000_000);
    const underHvTicks = rig.result2;
    const underHvMs = performance.now() - w;
    assert.equal(underHv, native, 'same result');
    assert.equal(underHvTicks, nativeTicks, 'same virtual time in the root cell');
    const exits = rig.hypervisor.cpus[0].stats.counts[0] - exits0;
    assert.equal(exits, 0, 'nothing trapped while the kernel ran');

    const id = rig.driver.createCell(cellBytes(inmateConfig(board)));
    rig.driver.loadCell(id, [{ data: inmateImage(board, { select: 6, iterations: ROUNDS }) }]);
    const out = (): string => (board === 'bananapi' ? rig.uart7 : rig.hv);
    w = performance.now();
    rig.driver.startCell(id);
    rig.runUntil(() => / ticks\n/.test(out()), 200_000_000, 'the cell\'s kernel');
    const cellMs = performance.now() - w;
    const m = /cell: compute = 0x([0-9a-f]{8}) in (\d+) ticks/.exec(out())!;
    assert.equal(parseInt(m[1], 16), native >>> 0, 'same result in the cell');
    assert.equal(Number(m[2]), nativeTicks, 'same virtual time in the cell');
    t.diagnostic(`${board}: kernel ${nativeTicks} timer ticks; wall ${nativeMs.toFixed(0)} ms native, ` +
      `${underHvMs.toFixed(0)} ms in the root cell (${exits} exits), ` +
      `${cellMs.toFixed(0)} ms in a cell with the root spinning beside it`);
  });
}
