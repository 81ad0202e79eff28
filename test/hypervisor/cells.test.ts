// Cells from creation to destruction: resources move between the root cell and
// the new cell, the inmate runs and prints (qemu-arm: debug-console hypercall;
// Banana Pi: its own UART7), is asked to shut down through its communication
// region, and its CPU goes back to the root, which restarts it with CPU_ON.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CMD, IO, LAYOUT, RW, Rig, cellBytes, inmateConfig, inmateImage, lines, region, systemBytes, systemConfig,
  type BoardName,
} from './harness.js';
import {
  JAILHOUSE_CELL_RUNNING, JAILHOUSE_CELL_SHUT_DOWN, JAILHOUSE_HC_CELL_CREATE,
  JAILHOUSE_HC_CELL_DESTROY, JAILHOUSE_HC_CELL_GET_STATE, JAILHOUSE_HC_CELL_SET_LOADABLE, JAILHOUSE_HC_CELL_START,
  JAILHOUSE_HC_DISABLE,
} from '../../src/hypervisor/abi.js';
import { JAILHOUSE_CELL_PASSIVE_COMMREG, writeCellConfig } from '../../src/config/index.js';
import { irqInCell } from '../../src/hypervisor/irqchip.js';

function enabled(board: BoardName, cpus: number): Rig {
  const rig = new Rig(board, cpus);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig(board, Array.from({ length: cpus }, (_, i) => i))));
  return rig;
}

/** Where each board's inmate prints. */
const cellOut = (rig: Rig): string => (rig.boardName === 'bananapi' ? rig.uart7 : rig.hv);

for (const board of ['qemu-arm', 'bananapi'] as BoardName[]) {
  test(`${board}: a cell is created, loaded, started, asked to shut down and destroyed; its CPU returns to the root`, () => {
    const rig = enabled(board, 2);
    const hv = rig.hypervisor;
    const ram = LAYOUT[board].cellRam[0];
    const poolAfterEnable = hv.pool.used;
    assert.equal(rig.command(CMD.AFFINITY, 1), 1, 'CPU 1 is off in the root cell');

    const id = rig.driver.createCell(cellBytes(inmateConfig(board)));
    assert.equal(id, 1);
    assert.match(rig.hv, /Created cell "inmate"\nPage pool usage after cell creation: mem \d+\/1022, remap 0\/0\n/);
    assert.equal(rig.driver.cellState(id), JAILHOUSE_CELL_SHUT_DOWN);
    assert.equal(hv.root.stage2.lookup(ram), null, 'the cell\'s RAM left the root cell');
    assert.deepEqual(hv.root.cpus, [0]);
    assert.equal(rig.command(CMD.AFFINITY, 1), -3, 'CPU 1 is not the root\'s any more: DENIED');
    assert.equal(rig.m.cores[1].cp15.vttbr[1] >>> 16, id, 'CPU 1 runs with the cell\'s VMID');

    rig.driver.loadCell(id, [{ data: inmateImage(board, { select: 0, iterations: 3 }) }]);
    assert.match(rig.hv, /Cell "inmate" can be loaded\n/);
    assert.ok(hv.root.stage2.lookup(ram), 'loadable memory is the root\'s while loading');
    rig.driver.startCell(id);
    assert.match(rig.hv, /Started cell "inmate"\n/);
    assert.equal(hv.root.stage2.lookup(ram), null, 'and leaves again at the start');
    assert.equal(rig.driver.cellState(id), JAILHOUSE_CELL_RUNNING);
    const ticks = rig.ticks;
    rig.runUntil(() => cellOut(rig).includes('cell: done\n'), 30_000_000, 'inmate output');
    assert.deepEqual(lines(cellOut(rig), 'cell:'), [
      `cell: hello from CPU 0 on ${board}, mode 0, comm region JHCOMM rev 2`,
      'cell: tick 1', 'cell: tick 2', 'cell: tick 3', 'cell: done',
    ]);
    assert.ok(rig.ticks > ticks, 'the root ticked on meanwhile');

    rig.driver.destroyCell(id);
    assert.match(cellOut(rig), /cell: done\ncell: shutdown requested, approving\n/);
    assert.match(rig.hv, /Closing cell "inmate"\nPage pool usage after cell destruction/);
    assert.equal(hv.cells.length, 1);
    assert.deepEqual(hv.root.cpus, [0, 1]);
    assert.ok(hv.root.stage2.lookup(ram), 'the RAM is the root\'s again');
    assert.ok(hv.pool.used <= poolAfterEnable + 1, 'the cell\'s pages went back to the pool');
    assert.equal(rig.command(CMD.AFFINITY, 1), 1, 'CPU 1 is back, off');
    assert.equal(rig.command(CMD.CPU_ON, 1), 0);
    rig.runUntil(() => rig.alive(1) > 10, 5_000_000, 'CPU 1 running root code');
    assert.match(rig.root, /root: CPU 1 up, entered in svc\n/);
    rig.cpuOff(1);
    rig.driver.disable();
    assert.equal(hv.enabled, false);
  });
}

test('the root cell manages a cell with its own hypercalls, waiting in the hypervisor for the cell\'s reply', () => {
  const rig = enabled('qemu-arm', 2);
  const hv = rig.hypervisor;
  const cfg = inmateConfig('qemu-arm');
  cfg.id = 3;
  const at = 0x40e00000;
  rig.poke(at, writeCellConfig(cfg));
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_CREATE, at), 0);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_SET_LOADABLE, 3), 0);
  rig.poke(LAYOUT['qemu-arm'].cellRam[0], inmateImage('qemu-arm', { select: 0 }));
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_START, 3), 0);
  rig.runUntil(() => rig.hv.includes('cell: tick 2\n'), 30_000_000, 'inmate ticking');
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_GET_STATE, 3), JAILHOUSE_CELL_RUNNING);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_DISABLE), -16, 'DISABLE with a cell: -EBUSY');
  assert.match(rig.hv, /Disable refused: 1 cell\(s\) besides the root cell exist\n/);
  // Destroying a running cell: CPU 0 waits in the hypervisor (not running the root) until the cell approves.
  const cycles0 = rig.m.cores[0];
  let sawBlocked = false;
  const hook = (): void => { if (hv.cpus[0].blocked !== null && cycles0.off) sawBlocked = true; };
  rig.m.roundHooks.unshift(hook);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_DESTROY, 3), 0);
  assert.ok(sawBlocked, 'the calling CPU was held in the hypervisor');
  assert.match(rig.hv, /cell: shutdown requested, approving\nClosing cell "inmate"\n/);
  assert.match(rig.root, /root: hypercall 4 -> 0\n/);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_DISABLE), 0);
});

test('a cell with a passive communication region is destroyed without being asked', () => {
  const rig = enabled('qemu-arm', 2);
  const id = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { flags: JAILHOUSE_CELL_PASSIVE_COMMREG | 0x40000000 })));
  rig.driver.loadCell(id, [{ data: inmateImage('qemu-arm', { select: 9 }) }]);
  rig.driver.startCell(id);
  rig.runUntil(() => rig.hv.includes('cell: not listening\n'), 10_000_000, 'inmate started');
  const now = rig.m.now;
  rig.driver.destroyCell(id);
  assert.equal(rig.m.now, now, 'no waiting');
  assert.doesNotMatch(rig.hv, /shutdown requested/);
  assert.match(rig.hv, /Closing cell "inmate"\n/);
});

test('a cell that does not answer is failed after its msg_reply_timeout, or keeps the caller waiting without one', () => {
  const rig = enabled('qemu-arm', 3);
  const a = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { name: 'deaf', msgReplyTimeout: 2_000_000 })));
  rig.driver.loadCell(a, [{ data: inmateImage('qemu-arm', { select: 9 }) }]);
  rig.driver.startCell(a);
  rig.runUntil(() => rig.hv.includes('cell: not listening\n'), 10_000_000, 'inmate started');
  const now = rig.m.now;
  rig.driver.destroyCell(a);
  assert.ok(rig.m.now >= now + 2_000_000, 'waited for the timeout');
  assert.match(rig.hv, /Timeout expired while waiting for reply from target cell\nClosing cell "deaf"\n/);

  const b = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { name: 'deaf-forever', cpus: [2], ram: 1 })));
  rig.driver.loadCell(b, [{ data: inmateImage('qemu-arm', { select: 9 }) }]);
  rig.driver.startCell(b);
  rig.run(2_000_000);
  const impatient = new (rig.driver.constructor as typeof import('../../src/hypervisor/driver.js').Driver)(rig.m, { maxWaitRounds: 500 });
  impatient.hv = rig.hypervisor;
  assert.throws(() => impatient.destroyCell(b), /CELL_DESTROY: cell "deaf-forever" did not answer the shutdown request/);
  assert.notEqual(rig.hypervisor.cells.length, 1, 'the cell is still there');
  assert.notEqual(rig.hypervisor.cpus[0].blocked, null, 'CPU 0 still waits in the hypervisor');
  assert.throws(() => rig.driver.cellState(b), /no root CPU is online to issue the hypercall/);
});

test('bad cell configs are refused with a precise reason and change nothing', () => {
  const rig = enabled('qemu-arm', 3);
  const hv = rig.hypervisor;
  const l = LAYOUT['qemu-arm'];
  const snapshot = (): string => JSON.stringify({
    used: hv.pool.used, rootCpus: hv.root.cpus, cells: hv.cells.map((c) => c.name),
    ram: hv.root.stage2.lookup(l.cellRam[0]), ram1: hv.root.stage2.lookup(l.cellRam[1]),
    irqs: Array.from(hv.root.irqBitmap), hcr1: rig.m.cores[1].cp15.hcr, vttbr1: Array.from(rig.m.cores[1].cp15.vttbr),
  });
  const refused = (cfg: Parameters<typeof cellBytes>[0], why: RegExp): void => {
    const before = snapshot();
    assert.throws(() => rig.driver.createCell(cellBytes(cfg)), why);
    assert.equal(snapshot(), before, `nothing changed after: ${why}`);
  };
  refused(inmateConfig('qemu-arm', { cpus: [0] }),
    /cell "inmate": CELL_CREATE failed with -EBUSY: CPU 0 is the one issuing the hypercall/);
  refused(inmateConfig('qemu-arm', { cpus: [5] }), /-EBUSY: CPU 5 is not a CPU of the root cell/);
  refused(inmateConfig('qemu-arm', { extraRegions: [region(0x47c10000, 0x1000, RW, 0x100000)] }),
    /-EINVAL: memory region 2 \(0x47c10000\.\.0x47c10fff\) overlaps the hypervisor memory \(0x47c00000\.\.0x47ffffff\)/);
  refused(inmateConfig('qemu-arm', { extraRegions: [region(0x08000000, 0x1000, IO)] }),
    /-EINVAL: memory region 2 \(0x8000000\.\.0x8000fff\) overlaps the GIC distributor/);
  refused(inmateConfig('qemu-arm', { cpus: [] }), /offset 0x84 \(cpu_set\): expected at least one CPU/);

  const a = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { name: 'a', irqs: [40] })));
  assert.equal(a, 1);
  refused(inmateConfig('qemu-arm', { name: 'b', cpus: [2] }),
    /-EBUSY: memory region 0 \(0x47b00000\.\.0x47bfffff\) overlaps memory region 0 \(0x47b00000\.\.0x47bfffff\) of cell "a"/);
  refused(inmateConfig('qemu-arm', { name: 'b', cpus: [1], ram: 1 }), /-EBUSY: CPU 1 belongs to cell "a"/);
  refused(inmateConfig('qemu-arm', { name: 'a', cpus: [2], ram: 1 }), /-EEXIST: a cell named "a" exists/);
  refused(inmateConfig('qemu-arm', { name: 'b', cpus: [2], ram: 1, irqs: [40, 41] }), /-EBUSY: interrupt 40 belongs to cell "a"/);

  // Configs the hypervisor itself reads from root memory (the root's own CELL_CREATE).
  const before = snapshot();
  const bad = writeCellConfig(inmateConfig('qemu-arm', { name: 'b', cpus: [2], ram: 1 }));
  bad[6] = 11; // revision
  rig.poke(0x40e00000, bad);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_CREATE, 0x40e00000), -22);
  assert.match(rig.hv, /Cell creation refused: cell config at 0x40e00000: offset 0x6 \(revision\): expected config revision 12 \(Jailhouse v0\.12\), got 11\n/);
  assert.equal(rig.command(CMD.HVC, JAILHOUSE_HC_CELL_CREATE, l.hv.start), -12, 'config outside root memory: -ENOMEM');
  assert.match(rig.hv, /Cell creation refused: the config at 0x47c00000 is not in root cell memory\n/);
  assert.equal(snapshot(), before);
  assert.equal(rig.driver.cellState(a), JAILHOUSE_CELL_SHUT_DOWN);
  // Interrupt 40 is the cell's while it exists, the root's again afterwards.
  assert.equal(irqInCell(hv.root, 40), false);
  assert.equal(irqInCell(hv.cells[1], 40), true);
  rig.driver.destroyCell(a);
  assert.equal(irqInCell(hv.root, 40), true);
  assert.throws(() => rig.driver.cellState(a), /CELL_GET_STATE failed with -ENOENT/);
});

test('a cell starts at its cpu_reset_address in SVC mode with the MMU off and interrupts masked', () => {
  const rig = enabled('qemu-arm', 2);
  const cfg = inmateConfig('qemu-arm');
  cfg.cpuResetAddress = 0x40; // past the vectors: the inmate's reset code
  const id = rig.driver.createCell(cellBytes(cfg));
  rig.driver.loadCell(id, [{ data: inmateImage('qemu-arm', { select: 0, iterations: 1 }) }]);
  rig.driver.startCell(id);
  const core = rig.m.cores[1];
  assert.equal(core.off, false);
  assert.equal(core.pc, 0x40);
  assert.equal(core.cpsr & 0x1ff, 0x1d3, 'SVC, A32, A I F masked');
  assert.equal(core.cp15.sctlrB[1] & 1, 0, 'MMU off');
  assert.equal(core.cp15.vbarB[1], 0);
  assert.equal(core.cp15.vmpidr, 0x80000000, 'the cell\'s first CPU is its CPU 0');
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 20_000_000, 'inmate run');
  assert.match(rig.hv, /cell: hello from CPU 0 on qemu-arm, mode 0/);
});

test('a cell that does not fit the hypervisor\'s memory is refused and leaves nothing behind', () => {
  const rig = new Rig('qemu-arm', 2);
  rig.runTicks(1);
  const sys = systemConfig('qemu-arm', [0, 1]);
  sys.hypervisorMemory.size = 0xc000; // the config, a header page and 10 pages of page pool
  const hv = rig.driver.enable(systemBytes(sys));
  const used = hv.pool.used;
  assert.throws(() => rig.driver.createCell(cellBytes(inmateConfig('qemu-arm'))),
    /CELL_CREATE failed with -ENOMEM: out of hypervisor memory \(the cell needed more than \d+ pages\)/);
  assert.equal(hv.pool.used, used, 'every page went back');
  assert.deepEqual(hv.root.cpus, [0, 1]);
  assert.ok(hv.root.stage2.lookup(LAYOUT['qemu-arm'].cellRam[0]));
  rig.runTicks(1);
});
