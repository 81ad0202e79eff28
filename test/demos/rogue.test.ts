// The rogue demo as a cell: every forbidden attempt (image parameter select,
// inmates/README.md) is blocked. Memory violations park the cell's CPU with
// the hypervisor's report and the cell becomes FAILED; the others are
// filtered. The root program's output must be exactly what it is in the same
// run without the rogue cell.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAT_VMEXITS_MANAGEMENT, STAT_VMEXITS_PSCI, STAT_VMEXITS_VSGI } from '../../src/hypervisor/abi.js';
import { BOARDS, CELL, DemoSystem, type BoardName } from './harness.js';

const HEARTBEAT_US = 2000;
/** Virtual time the rogue cell runs. */
const WINDOW_NS = 12e6;
const JAILHOUSE_CPU_FAILED = 2;

const ADDR: Record<BoardName, { uart: string; hyp: number; gicd: number; magic: string }> = {
  bananapi: { uart: '0x1c28000', hyp: 0x7c000000, gicd: 0x01c81000, magic: 'JHSYST' },
  'qemu-arm': { uart: '0x9000000', hyp: 0x47c00000, gicd: 0x08000000, magic: 'JHSYST' },
};

function boot(board: BoardName): DemoSystem {
  const s = new DemoSystem(board, { root: { periodUs: HEARTBEAT_US } });
  s.run(1.5e6);
  s.enable();
  return s;
}

/** The root's output with the hypervisor enabled and no cell, over the same time. */
const baseline = new Map<BoardName, string>();
function baselineRoot(board: BoardName): string {
  let text = baseline.get(board);
  if (text === undefined) {
    const s = boot(board);
    s.run(WINDOW_NS);
    text = s.root;
    baseline.set(board, text);
  }
  return text;
}

/** Runs attempt `select` in a rogue cell; checks the root is unaffected. */
function attempt(board: BoardName, select: number): { s: DemoSystem; id: number; cell: string; hv: string } {
  const s = boot(board);
  const id = s.startDemo('rogue', { select });
  s.run(WINDOW_NS);
  assert.equal(s.m.stopReason, null, 'the board still runs');
  assert.equal(s.root, baselineRoot(board), 'the root printed exactly what it prints without the rogue cell');
  assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(HEARTBEAT_US));
  // On qemu-arm the cell prints through the hypervisor console; keep the cell's lines apart from the reports.
  const hv = s.hvSinceStart('rogue');
  const cell = board === 'bananapi' ? s.uart7 : hv.split('\n').filter((l) => l.startsWith('rogue: ')).map((l) => l + '\n').join('');
  return { s, id, cell, hv };
}

/** A memory violation: reported, the CPU parked, the cell FAILED; destroying it gives CPU 1 back. */
function assertParked(r: ReturnType<typeof attempt>, access: string): void {
  const { s, id, hv } = r;
  assert.match(hv, new RegExp(`Unhandled data ${access}\\nFATAL: unhandled trap \\(exception class 0x24\\)\\n`));
  assert.match(hv, /Parking CPU 1 \(Cell: "rogue"\)\n$/);
  assert.doesNotMatch(r.cell, /rogue: (read|wrote|write done|still running)/, 'the attempt never completed');
  assert.equal(s.driver.cellState(id), CELL.FAILED);
  assert.equal(s.driver.cpuState(1), JAILHOUSE_CPU_FAILED);
  assert.ok(s.m.cores[1].off, 'CPU 1 is parked');
  s.driver.destroyCell(id);
  assert.deepEqual(s.driver.hv!.root.cpus, [0, 1]);
}

for (const board of BOARDS) {
  const a = ADDR[board];

  test(`rogue-${board} 1 read-ram: reading the root's RAM parks the CPU, the cell FAILED`, () => {
    const r = attempt(board, 1);
    assert.equal(r.cell, 'rogue: attempt 1: read foreign RAM at 0x40000000\n');
    assertParked(r, 'read at 0x40000000\\(4\\)');
  });

  test(`rogue-${board} 2 write-uart: writing the root's UART parks the CPU, nothing reaches the UART`, () => {
    const r = attempt(board, 2);
    assert.match(r.cell, /^rogue: attempt 2: write "!" to the root cell's UART at 0x[0-9a-f]{8}\n$/);
    assertParked(r, `write at ${a.uart}\\(4\\)`);
  });

  test(`rogue-${board} 3 gicd-irq: the distributor write is filtered, the root's IRQ 33 stays disabled`, () => {
    const r = attempt(board, 3);
    assert.equal(r.cell.replace(/ at 0x[0-9a-f]{8}\n/, '\n'), [
      'rogue: attempt 3: enable IRQ 33 (the root cell\'s UART) in the GIC distributor',
      'rogue: IRQ 33 is still disabled',
      'rogue: still running after attempt 3 (gicd-irq), 0 data abort(s)', '',
    ].join('\n'));
    assert.equal(r.s.m.bus.read(a.gicd + 0x104, 4) & 2, 0, 'GICD_ISENABLER1 bit 1 (IRQ 33) clear');
    assert.equal(r.s.driver.cellState(r.id), CELL.RUNNING);
  });

  test(`rogue-${board} 4 sgi: "all but self" reaches no CPU outside the cell`, () => {
    const r = attempt(board, 4);
    assert.equal(r.cell, [
      'rogue: attempt 4: send SGI 1 to all other CPUs (GICD_SGIR target list filter 01)',
      'rogue: SGI sent',
      'rogue: still running after attempt 4 (sgi), 0 data abort(s)', '',
    ].join('\n'));
    assert.doesNotMatch(r.s.root, /unexpected interrupt/, 'the root saw no SGI');
    const root = r.s.driver.cpuStats(0);
    assert.equal(root[STAT_VMEXITS_MANAGEMENT] + root[STAT_VMEXITS_VSGI], 0, 'no SGI reached CPU 0, physical or virtual');
    assert.equal(r.s.driver.cellState(r.id), CELL.RUNNING);
  });

  test(`rogue-${board} 5 smc: PSCI SYSTEM_OFF from the cell is answered NOT_SUPPORTED, the board stays on`, () => {
    const r = attempt(board, 5);
    assert.equal(r.cell, [
      'rogue: attempt 5: SMC PSCI SYSTEM_OFF (0x84000008)',
      'rogue: SMC returned 0xffffffff',
      'rogue: still running after attempt 5 (smc), 0 data abort(s)', '',
    ].join('\n'));
    assert.ok(r.s.driver.cpuStats(1)[STAT_VMEXITS_PSCI] >= 1, 'the hypervisor\'s PSCI answered');
    assert.equal(r.s.driver.cellState(r.id), CELL.RUNNING);
  });

  test(`rogue-${board} 6 write-hyp: writing the hypervisor's memory parks the CPU, the memory is untouched`, () => {
    const r = attempt(board, 6);
    assert.equal(r.cell, `rogue: attempt 6: write 0xdeadbeef to hypervisor memory at 0x${a.hyp.toString(16).padStart(8, '0')}\n`);
    const head = Array.from({ length: 6 }, (_, i) => String.fromCharCode(r.s.m.bus.read(a.hyp + i, 1))).join('');
    assert.equal(head, a.magic, 'the system config the driver put there is intact');
    assertParked(r, `write at 0x${a.hyp.toString(16)}\\(4\\)`);
  });
}
