// The virtual PCI host and ivshmem: two cells of the 3-CPU qemu-arm system
// (configs/demos/qemu-arm-ivshmem-3cpu-system.yaml) run the ivshmem-demo
// inmate and exchange messages through their shared memory and doorbell
// interrupts; destroying one leaves the other running, and it sees the peer's
// state drop; the root cell of the 2-CPU variant (a peer itself) reads the
// device's configuration space and registers, rings the cell and takes its
// INTx (or, configured with a vector, its MSI-X) interrupt; functions a cell
// does not own read as all ones and cannot be written; bad device configs are
// refused. Each cell's debug-console output is told apart by the CPU that
// printed it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CMD, GUEST, Rig, lines } from './harness.js';
import {
  JAILHOUSE_PCI_TYPE_DEVICE, readCellConfig, readSystemConfig, writeCellConfig, writeSystemConfig,
  type CellConfig, type SystemConfig,
} from '../../src/config/index.js';
import { JAILHOUSE_CELL_FAILED, JAILHOUSE_CELL_RUNNING, STAT_VMEXITS_VIRQ } from '../../src/hypervisor/abi.js';
import type { Hypervisor } from '../../src/hypervisor/hypervisor.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIGS = `${REPO}configs/demos/`;
const SYSTEM_3CPU = `${CONFIGS}qemu-arm-ivshmem-3cpu-system.cell`;
const SYSTEM_2CPU = `${CONFIGS}qemu-arm-ivshmem-system.cell`;
/** CPU 1, peer 1 of 00:01.0, INTx 123. */
const DEMO_CELL = `${CONFIGS}qemu-arm-ivshmem-demo.cell`;
/** CPU 2, peer 0 of 00:01.0, INTx 133. */
const PEER_CELL = `${CONFIGS}qemu-arm-ivshmem-demo-peer.cell`;
const DEMO_IMAGE = `${REPO}inmates/bin/ivshmem-demo-qemu-arm.bin`;

const ECAM = 0x07000000;
const cfgAddr = (dev: number, reg: number): number => ECAM + (dev << 15) + reg;
/** Where the root maps its device's register page (unmapped in its stage 2). */
const ROOT_BAR0 = 0x07100000;
const SHMEM = 0x47a00000;

const sysBytes = (path: string, edit?: (s: SystemConfig) => void): Uint8Array => {
  const b = new Uint8Array(readFileSync(path));
  if (edit === undefined) return b;
  const s = readSystemConfig(b, path);
  edit(s);
  return writeSystemConfig(s);
};
const cellBytes = (path: string, edit?: (c: CellConfig) => void): Uint8Array => {
  const b = new Uint8Array(readFileSync(path));
  if (edit === undefined) return b;
  const c = readCellConfig(b, path);
  edit(c);
  return writeCellConfig(c);
};

/** The ivshmem-demo image with its parameter block set (period in µs, iterations 0: until shut down). */
function demoImage(periodUs: number, iterations = 0): Uint8Array {
  const img = new Uint8Array(readFileSync(DEMO_IMAGE));
  const dv = new DataView(img.buffer);
  assert.equal(dv.getUint32(0x20, true), 0x544d4e49, 'parameter block');
  dv.setUint32(0x28, iterations, true);
  dv.setUint32(0x30, periodUs, true);
  return img;
}

/** The test inmate reading (select 2) or writing 0x5a to (select 3) `arg`. */
function probeImage(select: 2 | 3, arg: number): Uint8Array {
  const img = new Uint8Array(readFileSync(`${GUEST}inmate-qemu.bin`));
  const dv = new DataView(img.buffer);
  dv.setUint32(0x2c, select, true);
  dv.setUint32(0x38, arg, true);
  return img;
}

interface System {
  rig: Rig;
  hv: Hypervisor;
  /** Debug-console output of each non-root cell, by cell name (told apart by the printing CPU's cell). */
  out: Map<string, string>;
}

/** Boots the root program on `cpus` CPUs, enables its GIC distributor and the hypervisor. */
function boot(cpus: number, system: Uint8Array): System {
  const rig = new Rig('qemu-arm', cpus);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  const hv = rig.driver.enable(system);
  const out = new Map<string, string>();
  hv.console.onChar = (ch): void => {
    const cpu = hv.current;
    if (cpu === null || cpu.cell.isRoot) return;
    out.set(cpu.cell.name, (out.get(cpu.cell.name) ?? '') + ch);
  };
  return { rig, hv, out };
}

function startCell(s: System, config: Uint8Array, image: Uint8Array): number {
  const id = s.rig.driver.createCell(config);
  s.rig.driver.loadCell(id, [{ data: image }]);
  s.rig.driver.startCell(id);
  return id;
}

/** What a cell printed, up to its last complete line. */
const said = (s: System, cell: string): string => {
  const text = s.out.get(cell) ?? '';
  return text.slice(0, text.lastIndexOf('\n') + 1);
};
const received = (s: System, cell: string): number[] =>
  lines(said(s, cell), 'ivshmem-demo: from peer').map((l) => Number(/message (\d+)/.exec(l)![1]));
const sent = (s: System, cell: string): number => lines(said(s, cell), 'ivshmem-demo: sent').length;

test('two cells exchange messages through ivshmem 00:01.0, each woken by doorbell interrupts', () => {
  const s = boot(3, sysBytes(SYSTEM_3CPU));
  startCell(s, cellBytes(PEER_CELL), demoImage(1000, 8));
  startCell(s, cellBytes(DEMO_CELL), demoImage(1000, 8));
  assert.match(s.rig.hv, /Adding virtual PCI device 00:01\.0 to cell "ivshmem-peer"\n/);
  assert.match(s.rig.hv, /Adding virtual PCI device 00:01\.0 to cell "ivshmem-demo"\n/);
  assert.match(s.rig.hv, /Shared memory connection established, peer cells:\n "ivshmem-peer"\n/);
  const done = (cell: string): boolean => / sent, \d+ received, \d+ interrupts\n/.test(said(s, cell));
  s.rig.runUntil(() => done('ivshmem-peer') && done('ivshmem-demo'), 40_000_000, 'both cells done');

  const peer = said(s, 'ivshmem-peer'), demo = said(s, 'ivshmem-demo');
  assert.match(peer, /^ivshmem-demo: device 00:01\.0, ID 0 of 2 peers, shared memory 0x47a00000 \(state table 0x1000, r\/w 0x0, output 0x7f000 each\), IRQ 133\n/);
  assert.match(demo, /^ivshmem-demo: device 00:01\.0, ID 1 of 2 peers, shared memory 0x47a00000 \(state table 0x1000, r\/w 0x0, output 0x7f000 each\), IRQ 123\n/);
  assert.match(peer, /ivshmem-demo: peer 1 is ready \(state 1\)\n/);
  assert.match(demo, /ivshmem-demo: peer 0 is ready \(state 1\)\n/);
  // Peer 1 takes its turns half a period after peer 0: it hears all 8 of peer 0's messages, then
  // peer 0 stopping (its state back to 0), each through an interrupt.
  assert.deepEqual(received(s, 'ivshmem-demo'), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.match(demo, /from peer 0: message 8 from peer 0\nivshmem-demo: peer 0 is gone \(state 0\)\n/);
  assert.ok(Number(/(\d+) interrupts\n/.exec(demo)![1]) >= 9);
  for (const [cell, other] of [['ivshmem-peer', 1], ['ivshmem-demo', 0]] as const) {
    const text = said(s, cell);
    assert.equal(sent(s, cell), 8, `${cell} sent its 8 messages`);
    const got = received(s, cell);
    assert.ok(got.length >= 7, `${cell} printed the other's messages: ${got}`);
    assert.deepEqual(got, [...got].sort((a, b) => a - b), 'in order');
    for (const n of got) assert.match(text, new RegExp(`from peer ${other}: message ${n} from peer ${other}\n`));
    const summary = /(\d+) sent, (\d+) received, (\d+) interrupts\n/.exec(text)!;
    assert.equal(Number(summary[2]), got.length);
    const irqs = Number(summary[3]);
    assert.ok(irqs >= got.length, `${cell}: ${irqs} interrupts for ${got.length} messages`);
  }
  // The interrupts came through the hypervisor's IRQ exits on the cells' CPUs.
  for (const cpu of [1, 2]) assert.ok(s.hv.cpus[cpu].stats.counts[STAT_VMEXITS_VIRQ] >= 7, `CPU ${cpu} virtual IRQs`);
  // Each cell stopped by itself and set its state back to 0: the state table says so.
  assert.equal(s.rig.m.bus.read(SHMEM, 4), 0);
  assert.equal(s.rig.m.bus.read(SHMEM + 4, 4), 0);
  assert.doesNotMatch(s.rig.hv, /FATAL|refused|Unhandled/);
});

test('destroying one cell: the other sees its state drop to 0 and runs on; a new peer is greeted', () => {
  const s = boot(3, sysBytes(SYSTEM_3CPU));
  // The peer sends one message at its start (its period is 1 s), so later interrupts at the demo
  // cell come only from state changes.
  const peerId = startCell(s, cellBytes(PEER_CELL), demoImage(1_000_000));
  const demoId = startCell(s, cellBytes(DEMO_CELL), demoImage(1000));
  s.rig.runUntil(() => received(s, 'ivshmem-demo').length >= 1 && received(s, 'ivshmem-peer').length >= 2,
    40_000_000, 'messages both ways');
  assert.equal(s.rig.m.bus.read(SHMEM, 4), 1, 'peer 0 ready in the state table');
  assert.equal(s.rig.m.bus.read(SHMEM + 4, 4), 1, 'peer 1 ready in the state table');

  s.rig.driver.destroyCell(peerId);
  assert.deepEqual(s.hv.root.cpus, [0, 2], 'CPU 2 back in the root cell');
  assert.equal(s.rig.m.bus.read(SHMEM, 4), 0, 'peer 0 gone from the state table');
  const sentAtDestroy = sent(s, 'ivshmem-demo'), ticks = s.rig.ticks;
  s.rig.runUntil(() => said(s, 'ivshmem-demo').includes('peer 0 is gone (state 0)\n') &&
    sent(s, 'ivshmem-demo') >= sentAtDestroy + 3, 40_000_000, 'the survivor noticing, and sending on');
  assert.equal(s.rig.driver.cellState(demoId), JAILHOUSE_CELL_RUNNING);
  assert.ok(s.rig.ticks > ticks, 'the root runs on');

  // The peer comes back: the survivor sees it ready and hears from it again.
  const again = startCell(s, cellBytes(PEER_CELL), demoImage(1_000_000));
  const tail = (): string => said(s, 'ivshmem-demo').split('peer 0 is gone (state 0)\n')[1];
  s.rig.runUntil(() => /peer 0 is ready \(state 1\)\n/.test(tail()) && /from peer 0: message 1 from peer 0\n/.test(tail()),
    40_000_000, 'the new peer greeted');
  s.rig.runUntil(() => /from peer 1: message \d+ from peer 1\n[^]*from peer 1/.test(said(s, 'ivshmem-peer').split('is ready')[2] ?? ''),
    40_000_000, 'the new peer hearing the survivor');

  // The peer fails with its state still 1; destroying it, the hypervisor clears its state and tells the survivor.
  s.hv.panicPark(s.hv.cpus[2]);
  assert.equal(s.rig.driver.cellState(again), JAILHOUSE_CELL_FAILED);
  s.rig.run(3_000_000);
  assert.equal(said(s, 'ivshmem-demo').split('peer 0 is gone').length, 2, 'not gone yet');
  assert.equal(s.rig.m.bus.read(SHMEM, 4), 1);
  s.rig.driver.destroyCell(again);
  assert.equal(s.rig.m.bus.read(SHMEM, 4), 0);
  s.rig.runUntil(() => said(s, 'ivshmem-demo').split('peer 0 is gone (state 0)\n').length === 3, 20_000_000,
    'the survivor told by the hypervisor');
  assert.doesNotMatch(s.rig.hv, /FATAL|refused|Unhandled/);
});

test('the root cell as peer 0: configuration space, BARs, registers, doorbells and INTx both ways', () => {
  const s = boot(2, sysBytes(SYSTEM_2CPU));
  const { rig } = s;
  const rd = (addr: number): number => rig.command(CMD.READ, addr) >>> 0;
  const wr = (addr: number, v: number): void => { rig.command(CMD.WRITE, addr, v); };

  assert.equal(rd(cfgAddr(0, 0)), 0xffffffff, '00:00.0 is absent');
  assert.equal(rd(cfgAddr(2, 0)), 0xffffffff, '00:02.0 is absent');
  assert.equal(rd(cfgAddr(1, 0)), 0x4106110a, 'Siemens ivshmem');
  assert.equal(rd(cfgAddr(1, 0x04)), 0x00100000, 'status: capability list; command: off');
  assert.equal(rd(cfgAddr(1, 0x08)), 0xff000100, 'class: other, subclass/interface: protocol veth');
  assert.equal(rd(cfgAddr(1, 0x2c)), 0x4106110a, 'subsystem IDs');
  assert.equal(rd(cfgAddr(1, 0x30)), 0, 'no ROM');
  assert.equal(rd(cfgAddr(1, 0x34)), 0x40, 'capabilities at 0x40');
  assert.equal(rd(cfgAddr(1, 0x3c)), 0x200, 'INTx pin B (device 1)');
  assert.equal(rd(cfgAddr(1, 0x40)), 0x00200009, 'vendor capability, 0x20 bytes, last (no MSI-X)');
  assert.equal(rd(cfgAddr(1, 0x44)), 0x1000, 'state table size');
  assert.deepEqual([rd(cfgAddr(1, 0x48)), rd(cfgAddr(1, 0x4c))], [0, 0], 'read/write section size');
  assert.deepEqual([rd(cfgAddr(1, 0x50)), rd(cfgAddr(1, 0x54))], [0x7f000, 0], 'output section size');
  assert.deepEqual([rd(cfgAddr(1, 0x58)), rd(cfgAddr(1, 0x5c))], [SHMEM, 0], 'shared memory address');
  assert.equal(rd(cfgAddr(1, 0x80)), 0xffffffff, 'beyond the emulated space');

  // BAR sizing: BAR 0 is 4 KiB, BAR 1 (no MSI-X) does not exist.
  wr(cfgAddr(1, 0x10), 0xffffffff);
  assert.equal(rd(cfgAddr(1, 0x10)), 0xfffff000);
  wr(cfgAddr(1, 0x14), 0xffffffff);
  assert.equal(rd(cfgAddr(1, 0x14)), 0);
  wr(cfgAddr(1, 0x10), ROOT_BAR0);
  wr(cfgAddr(1, 0x04), 0x2); // memory decoding on: the register page appears at BAR 0
  assert.equal(rd(cfgAddr(1, 0x04)), 0x00100002);
  assert.equal(rd(ROOT_BAR0), 0, 'ID 0');
  assert.equal(rd(ROOT_BAR0 + 4), 2, 'MAX_PEERS');
  assert.equal(rd(ROOT_BAR0 + 0x14), 0, 'unknown registers read as zero');

  // The cell (peer 1) starts; the root enables its INTx (SPI 32 + 108 + 1) and interrupts.
  assert.equal(rig.command(CMD.SPI_ENABLE, 141), 1);
  wr(ROOT_BAR0 + 8, 1);
  assert.equal(rd(ROOT_BAR0 + 8), 1);
  startCell(s, cellBytes(DEMO_CELL), demoImage(2000));
  rig.runUntil(() => rig.spiCount > 0, 20_000_000, 'the cell\'s interrupt at the root');
  assert.equal(rig.mb(50), 141, 'the root\'s INTx');
  assert.match(said(s, 'ivshmem-demo'), /^ivshmem-demo: device 00:01\.0, ID 1 of 2 peers, shared memory 0x47a00000 .*IRQ 123\n/);
  assert.equal(rig.m.bus.read(SHMEM + 4, 4), 1, 'the cell is ready');

  // The root writes a message into its output section and rings peer 1; its state change is seen too.
  const msg = 'hello from the root';
  const bytes = new Uint8Array(64);
  new TextEncoder().encodeInto(msg, bytes);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < 64; i += 4) wr(SHMEM + 0x1000 + i, dv.getUint32(i, true));
  wr(ROOT_BAR0 + 0x0c, 1 << 16);
  rig.runUntil(() => said(s, 'ivshmem-demo').includes(`from peer 0: ${msg}\n`), 20_000_000, 'the root\'s message');
  // A state change alone interrupts the peers too.
  assert.doesNotMatch(said(s, 'ivshmem-demo'), /peer 0 is/);
  wr(ROOT_BAR0 + 0x10, 1);
  assert.equal(rd(ROOT_BAR0 + 0x10), 1);
  assert.equal(rig.m.bus.read(SHMEM, 4), 1, 'the hypervisor wrote the root\'s state into the table');
  rig.runUntil(() => said(s, 'ivshmem-demo').includes('peer 0 is ready (state 1)\n'), 20_000_000, 'the root\'s state');
  wr(ROOT_BAR0 + 0x10, 7);
  rig.runUntil(() => said(s, 'ivshmem-demo').includes('peer 0 is busy (state 7)\n'), 20_000_000, 'the root\'s state 7');
  // A doorbell to a peer that does not exist, or past the last peer, does nothing.
  wr(ROOT_BAR0 + 0x0c, 5 << 16);
  wr(ROOT_BAR0 + 0x0c, 0xffff0000);
  assert.doesNotMatch(rig.hv, /FATAL|refused|Unhandled/);
});

test('functions of other pairs read as all ones; writing one parks the CPU; the pair runs on', () => {
  // Four CPUs: the shipped pair on 00:01.0 (CPUs 1, 2) and a third cell on CPU 3 with 00:02.0.
  const s = boot(4, sysBytes(SYSTEM_3CPU, (sys) => { sys.rootCell.cpus = [0, 1, 2, 3]; }));
  startCell(s, cellBytes(PEER_CELL), demoImage(1000));
  startCell(s, cellBytes(DEMO_CELL), demoImage(1000));
  const third = (name: string): Uint8Array => cellBytes(PEER_CELL, (c) => {
    c.name = name;
    c.cpus = [3];
    c.flags = (0x40000000 | 0x80000000) >>> 0;
    c.memoryRegions = [
      { physStart: 0x47800000, virtStart: 0x47800000, size: 0x1000, flags: 0x1 },
      { physStart: 0, virtStart: 0, size: 0, flags: 0 },
      { physStart: 0x47801000, virtStart: 0x47801000, size: 0x1000, flags: 0x3 },
      { physStart: 0x47802000, virtStart: 0x47802000, size: 0x1000, flags: 0x1 },
      { physStart: 0x47700000, virtStart: 0, size: 0x100000, flags: 0x47 },
      { physStart: 0, virtStart: 0x80000000, size: 0x1000, flags: 0x23 },
    ];
    c.irqchips = [];
    c.pciDevices[0].bdf = 0x10;
  });

  const reader = startCell(s, third('reader'), probeImage(2, cfgAddr(1, 0)));
  s.rig.runUntil(() => /cell: read 0x/.test(said(s, 'reader')), 20_000_000, 'the probe read');
  assert.match(said(s, 'reader'), /cell: read 0xffffffff\n/, '00:01.0 is not the reader\'s');
  s.rig.driver.destroyCell(reader);
  s.out.delete('reader');

  // The root of this system owns no device: all ones for it too.
  assert.equal(s.rig.command(CMD.READ, cfgAddr(1, 0)) >>> 0, 0xffffffff);

  const writer = startCell(s, third('writer'), probeImage(3, cfgAddr(1, 0x10)));
  s.rig.runUntil(() => s.rig.driver.cellState(writer) === JAILHOUSE_CELL_FAILED, 20_000_000, 'the writer parked');
  assert.match(s.rig.hv, /FATAL: Invalid PCI MMCONFIG write, device 00:01\.0, reg: 0x10, size: 4\n/);
  assert.doesNotMatch(said(s, 'writer'), /cell: write done/);
  const before = received(s, 'ivshmem-demo').length;
  s.rig.runUntil(() => received(s, 'ivshmem-demo').length >= before + 2, 40_000_000, 'the pair exchanging on');
  assert.ok(received(s, 'ivshmem-peer').length >= 2);
  assert.doesNotMatch(said(s, 'ivshmem-demo') + said(s, 'ivshmem-peer'), /gone/);
});

test('MSI-X: the root\'s device with one vector raises the SPI its table entry names', () => {
  const s = boot(2, sysBytes(SYSTEM_2CPU, (sys) => {
    const d = sys.rootCell.pciDevices[0];
    d.numMsixVectors = 1;
    d.barMask = [0xfffff000, 0xfffffe00, 0, 0, 0, 0];
  }));
  const { rig } = s;
  const rd = (addr: number): number => rig.command(CMD.READ, addr) >>> 0;
  const wr = (addr: number, v: number): void => { rig.command(CMD.WRITE, addr, v); };
  const bar1 = ROOT_BAR0 + 0x1000;
  assert.equal(rd(cfgAddr(1, 0x3c)), 0, 'no INTx pin');
  assert.equal(rd(cfgAddr(1, 0x40)), 0x00206009, 'vendor capability, then MSI-X at 0x60');
  assert.equal(rd(cfgAddr(1, 0x60)), 0x00000011, 'MSI-X, one vector, off');
  assert.deepEqual([rd(cfgAddr(1, 0x64)), rd(cfgAddr(1, 0x68))], [1, 0x101], 'table and PBA in BAR 1');
  wr(cfgAddr(1, 0x14), 0xffffffff);
  assert.equal(rd(cfgAddr(1, 0x14)), 0xfffffe00, 'BAR 1: 512 bytes');
  wr(cfgAddr(1, 0x10), ROOT_BAR0);
  wr(cfgAddr(1, 0x14), bar1);
  wr(cfgAddr(1, 0x04), 0x6); // memory decoding, bus master
  assert.equal(rd(bar1 + 12), 1, 'the vector starts masked');
  wr(bar1 + 8, 150);
  wr(bar1 + 12, 0);
  assert.deepEqual([rd(bar1 + 8), rd(bar1 + 12), rd(bar1 + 0x100)], [150, 0, 0], 'table entry, empty PBA');
  wr(cfgAddr(1, 0x60), 0x80000000);
  assert.equal(rd(cfgAddr(1, 0x60)), 0x80000011, 'MSI-X enabled');
  assert.equal(rig.command(CMD.SPI_ENABLE, 150), 1);
  wr(ROOT_BAR0 + 8, 1);
  startCell(s, cellBytes(DEMO_CELL), demoImage(2000));
  rig.runUntil(() => rig.spiCount > 0, 20_000_000, 'the MSI-X interrupt at the root');
  assert.equal(rig.mb(50), 150);
  assert.doesNotMatch(rig.hv, /FATAL|refused|Unhandled/);
});

test('ivshmem devices the hypervisor refuses: a taken peer ID, too few regions, a physical device', () => {
  const s = boot(3, sysBytes(SYSTEM_3CPU));
  startCell(s, cellBytes(DEMO_CELL), demoImage(1000));
  const pool = s.hv.pool.used;
  const attempts: [(c: CellConfig) => void, RegExp][] = [
    [() => {}, /-EBUSY: ivshmem device 00:01\.0: peer ID 1 is taken by cell "ivshmem-demo"/],
    [(c) => { c.pciDevices[0].shmemRegionsStart = 3; }, /-EINVAL: ivshmem device 00:01\.0: its 2 peers need memory regions 3\.\.6, the cell has 6/],
    [(c) => { c.pciDevices[0].shmemDevId = 2; }, /-EINVAL: ivshmem device 00:01\.0: peer ID 2 of 2 peers/],
    [(c) => { c.pciDevices[0].type = JAILHOUSE_PCI_TYPE_DEVICE; }, /-EINVAL: PCI device 00:01\.0 is of type 1: the PCI host is virtual/],
  ];
  for (const [edit, why] of attempts) {
    const cfg = cellBytes(DEMO_CELL, (c) => {
      c.name = 'second';
      c.cpus = [2];
      c.memoryRegions[4] = { ...c.memoryRegions[4], physStart: 0x47900000 };
      c.irqchips = [];
      c.vpciIrqBase = 100;
      edit(c);
    });
    assert.throws(() => s.rig.driver.createCell(cfg), why);
    assert.deepEqual(s.hv.root.cpus, [0, 2], 'CPU 2 stays the root\'s');
    assert.equal(s.hv.pool.used, pool, 'no hypervisor memory kept');
  }
  assert.equal(s.hv.pci.links.length, 1);
  assert.equal(s.hv.pci.links[0].peers, 1);
});
