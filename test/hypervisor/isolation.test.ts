// Isolation: a cell that reaches outside its memory, into the root's devices,
// or executes where it has no memory is parked with Jailhouse's report on the
// hypervisor console; its cell fails while the root cell and other cells run
// on undisturbed. The root cell is held to the same rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CMD, LAYOUT, Rig, cellBytes, inmateConfig, inmateImage, lines, systemBytes, systemConfig, type BoardName,
} from './harness.js';
import { JAILHOUSE_CELL_FAILED, JAILHOUSE_CELL_RUNNING, JAILHOUSE_CPU_FAILED, JAILHOUSE_CPU_RUNNING } from '../../src/hypervisor/abi.js';

function enabled(board: BoardName, cpus: number): Rig {
  const rig = new Rig(board, cpus);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig(board, Array.from({ length: cpus }, (_, i) => i))));
  return rig;
}

function startInmate(rig: Rig, name: string, cpus: number[], ram: number, p: Parameters<typeof inmateImage>[1]): number {
  const id = rig.driver.createCell(cellBytes(inmateConfig(rig.boardName, { name, cpus, ram })));
  rig.driver.loadCell(id, [{ data: inmateImage(rig.boardName, p) }]);
  rig.driver.startCell(id);
  return id;
}

const out = (rig: Rig): string => (rig.boardName === 'bananapi' ? rig.uart7 : rig.hv);

test('a cell reading another cell\'s RAM is parked and fails; the other cell and the root run on', () => {
  const rig = enabled('qemu-arm', 3);
  const l = LAYOUT['qemu-arm'];
  const a = startInmate(rig, 'a', [1], 0, { select: 0, quiet: true });
  rig.runUntil(() => rig.cellTicks(0) >= 2, 20_000_000, 'cell a ticking');
  const b = startInmate(rig, 'b', [2], 1, { select: 2, arg: l.cellRam[0] });
  rig.runUntil(() => rig.hv.includes('Parking CPU'), 20_000_000, 'the violation');
  const report = rig.hv.slice(rig.hv.indexOf('cell: reading'));
  const reportLines = report.split('\n');
  assert.equal(reportLines[0], 'cell: reading 0x47b00000');
  assert.equal(reportLines[1], 'Unhandled data read at 0x47b00000(4)');
  assert.equal(reportLines[2], 'FATAL: unhandled trap (exception class 0x24)');
  assert.match(reportLines[3], /^pc=0x00000[0-9a-f]{3} cpsr=0x[0-9a-f]{6}d3 hsr=0x93[0-9a-f]{6}$/, 'pc in the inmate, SVC mode with IRQs masked, data abort syndrome');
  assert.match(reportLines[4], /^r0=0x[0-9a-f]{8} r1=0x[0-9a-f]{8} r2=0x[0-9a-f]{8} r3=0x[0-9a-f]{8} $/);
  assert.equal(reportLines[8], 'Parking CPU 2 (Cell: "b")');
  assert.doesNotMatch(rig.hv, /cell: read 0x/, 'the load never completed');
  assert.equal(rig.driver.cellState(b), JAILHOUSE_CELL_FAILED);
  assert.equal(rig.driver.cpuState(2), JAILHOUSE_CPU_FAILED);
  assert.equal(rig.driver.cellState(a), JAILHOUSE_CELL_RUNNING);
  assert.equal(rig.driver.cpuState(1), JAILHOUSE_CPU_RUNNING);
  assert.equal(rig.m.cores[2].off, true, 'CPU 2 runs nothing');

  const aTicks = rig.cellTicks(0), rootTicks = rig.ticks;
  rig.run(8_000_000);
  assert.ok(rig.cellTicks(0) > aTicks, 'cell a keeps running');
  assert.ok(rig.ticks > rootTicks, 'the root keeps running');
  // A failed cell is destroyed without asking it; its CPU returns healthy.
  rig.driver.destroyCell(b);
  assert.equal(rig.driver.cpuState(2), JAILHOUSE_CPU_RUNNING);
  assert.equal(rig.command(CMD.CPU_ON, 2), 0);
  rig.runUntil(() => rig.alive(2) > 0, 5_000_000, 'CPU 2 back in the root cell');
});

for (const board of ['qemu-arm', 'bananapi'] as BoardName[]) {
  test(`${board}: a cell writing the root cell's UART is parked; the root's output is untouched`, () => {
    const rig = enabled(board, 2);
    const uart = LAYOUT[board].uart0;
    const id = startInmate(rig, 'rogue', [1], 0, { select: 3, arg: uart });
    rig.runUntil(() => rig.hv.includes('Parking CPU 1'), 20_000_000, 'the violation');
    assert.match(rig.hv, new RegExp(`Unhandled data write at 0x${uart.toString(16)}\\(4\\)\nFATAL: unhandled trap \\(exception class 0x24\\)\n`));
    assert.match(rig.hv, /\nParking CPU 1 \(Cell: "rogue"\)\n/);
    assert.deepEqual(lines(out(rig), 'cell:'), [
      `cell: hello from CPU 0 on ${board}, mode 3, comm region JHCOMM rev 2`, `cell: writing 0x${uart.toString(16).padStart(8, '0')}`,
    ]);
    assert.equal(rig.root.includes('Z'), false, 'no 0x5a reached the root\'s UART');
    assert.equal(rig.driver.cellState(id), JAILHOUSE_CELL_FAILED);
    const t = rig.ticks;
    rig.runTicks(2);
    assert.ok(rig.ticks >= t + 2);
    for (const l of rig.root.split('\n').filter((x) => x !== '')) assert.match(l, /^root: /);
  });
}

test('a cell executing outside its memory is parked', () => {
  const rig = enabled('qemu-arm', 2);
  startInmate(rig, 'jumper', [1], 0, { select: 11, arg: 0x40000000 });
  rig.runUntil(() => rig.hv.includes('Parking CPU 1'), 20_000_000, 'the violation');
  assert.match(rig.hv, /cell: jumping to 0x40000000\nFATAL: instruction abort at 0x40000000\nFATAL: forbidden access \(exception class 0x20\)\npc=0x40000000 /);
});

test('the root cell is parked too when it touches memory it gave to a cell', () => {
  const rig = enabled('qemu-arm', 2);
  startInmate(rig, 'a', [1], 0, { select: 0, quiet: true });
  rig.run(2_000_000);
  rig.poke(0x40f00000 + 4, Uint8Array.of(0x00, 0x00, 0xb0, 0x47)); // a1 = cell RAM
  rig.poke(0x40f00000, Uint8Array.of(CMD.READ, 0, 0, 0));
  rig.runUntil(() => rig.hv.includes('Parking CPU 0'), 5_000_000, 'the root\'s violation');
  assert.match(rig.hv, /Unhandled data read at 0x47b00000\(4\)\nFATAL: unhandled trap \(exception class 0x24\)\n/);
  assert.match(rig.hv, /Parking CPU 0 \(Cell: "qemu-arm-root"\)\n/);
  const cellTicks = rig.cellTicks(0);
  rig.run(4_000_000);
  assert.ok(rig.cellTicks(0) > cellTicks, 'the cell runs on');
});
