// Stage-2 tables written into hypervisor memory: descriptors checked bit by
// bit against the LPAE format, block splitting on partial unmap, page reuse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus } from '../../src/machine/bus.js';
import { PagePool, Stage2Tables } from '../../src/hypervisor/paging.js';

const RW = { read: true, write: true, exec: true, device: false };
const DEV = { read: true, write: true, exec: false, device: true };

function setup(): { bus: Bus; pool: PagePool; s2: Stage2Tables } {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 0x1000000);
  const pool = new PagePool(bus, 0x40f00000, 0x100000);
  return { bus, pool, s2: new Stage2Tables(bus, pool) };
}

/** Reads a 64-bit descriptor as [lo, hi]. */
const desc = (bus: Bus, pa: number): [number, number] => [bus.read(pa, 4), bus.read(pa + 4, 4)];

test('a 1 GiB aligned range becomes one level-1 block; 2 MiB and 4 KiB pieces use level 2 and 3', () => {
  const { bus, s2 } = setup();
  s2.map(0x40000000, 0x40000000, 0x40000000, RW);
  const [lo1, hi1] = desc(bus, s2.root + 1 * 8);
  // block, AF, SH inner, S2AP RW, MemAttr normal WB: 0x40000000 | 0x400 | 0x300 | 0xc0 | 0x3c | 0b01
  assert.equal(lo1 >>> 0, 0x400007fd);
  assert.equal(hi1, 0, 'executable: XN clear');

  s2.map(0x01c28000, 0x01c28000, 0x1000, DEV); // a UART page
  const [l1] = desc(bus, s2.root);
  assert.equal(l1 & 3, 3, 'level-1 entry 0 is a table');
  const l2 = (l1 & 0xfffff000) >>> 0;
  const [l2e] = desc(bus, l2 + (0x01c28000 >>> 21) * 8);
  assert.equal(l2e & 3, 3, 'level-2 entry is a table');
  const l3 = (l2e & 0xfffff000) >>> 0;
  const [pageLo, pageHi] = desc(bus, l3 + ((0x01c28000 >>> 12) & 511) * 8);
  assert.equal(pageLo >>> 0, 0x01c28000 | 0x400 | 0x300 | 0xc0 | 0x04 | 3, 'page, device memory');
  assert.equal(pageHi, 1 << 22, 'device: XN');

  s2.map(0x00200000, 0x40200000, 0x200000, { read: true, write: false, exec: false, device: false });
  const [blk] = desc(bus, l2 + 1 * 8);
  assert.equal(blk >>> 0, 0x40200000 | 0x400 | 0x300 | 0x40 | 0x3c | 1, '2 MiB read-only block');
  assert.equal(s2.lookup(0x00234567)!.pa, 0x40234567);
  assert.equal(s2.lookup(0x7fffffff)!.pa, 0x7fffffff);
  assert.equal(s2.lookup(0x01c29000), null);
});

test('unmapping part of a block splits it and keeps the rest mapped', () => {
  const { s2, pool } = setup();
  s2.map(0x40000000, 0x80000000, 0x40000000, RW);
  const before = pool.used;
  s2.unmap(0x40123000, 0x1000);
  assert.equal(s2.lookup(0x40123000), null);
  assert.equal(s2.lookup(0x40122fff)!.pa, 0x80122fff);
  assert.equal(s2.lookup(0x40124000)!.pa, 0x80124000);
  assert.equal(s2.lookup(0x7fe00000)!.pa, 0xbfe00000);
  assert.equal(pool.used, before + 2, 'one level-2 and one level-3 table');
  s2.map(0x40000000, 0x80000000, 0x40000000, RW);
  assert.equal(pool.used, before, 'remapping the block frees the split tables');
  assert.equal(s2.lookup(0x40123000)!.pa, 0x80123000);
});

test('destroy returns every table page to the pool', () => {
  const { s2, pool } = setup();
  s2.map(0x1000, 0x40001000, 0x5000, RW);
  s2.map(0x90000000, 0x40000000, 0x200000, RW);
  s2.destroy();
  assert.equal(pool.used, 0);
});
