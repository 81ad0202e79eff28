// The physical bus: RAM, sub-page devices, unmapped accesses, host loads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus, type AccessSize, type MmioDevice } from '../../src/machine/bus.js';

class Recorder implements MmioDevice {
  log: string[] = [];
  constructor(readonly name: string) {}
  read(offset: number, size: AccessSize): number { this.log.push(`r${size}@${offset}`); return 0xa0 + offset; }
  write(offset: number, size: AccessSize, value: number): void { this.log.push(`w${size}@${offset}=${value}`); }
}

test('RAM: little-endian words, halfwords and bytes, aligned and unaligned', () => {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 0x10000);
  bus.write(0x40000000, 4, 0x11223344);
  assert.equal(bus.read(0x40000000, 1), 0x44);
  assert.equal(bus.read(0x40000002, 2), 0x1122);
  bus.write(0x40000005, 4, 0xdeadbeef);
  assert.equal(bus.read(0x40000005, 4), 0xdeadbeef);
  assert.equal(bus.read(0x40000004, 4), 0xadbeef00);
  assert.equal(bus.faulted, false);
});

test('devices sharing a 4 KiB page (1 KiB apart, as the A20 UARTs) each get their own offsets', () => {
  const bus = new Bus();
  const a = new Recorder('uart0'), b = new Recorder('uart7');
  bus.addDevice(0x01c28000, 0x400, a);
  bus.addDevice(0x01c28c00, 0x400, b);
  assert.equal(bus.read(0x01c28c14, 4), 0xa0 + 0x14);
  bus.write(0x01c28000, 1, 0x41);
  assert.deepEqual(a.log, ['w1@0=65']);
  assert.deepEqual(b.log, ['r4@20']);
  bus.read(0x01c28400, 4); // hole between the two
  assert.equal(bus.faulted, true);
});

test('unmapped addresses and accesses running past RAM set the fault flag', () => {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 0x1000);
  assert.equal(bus.read(0x10000000, 4), 0);
  assert.equal(bus.faulted, true);
  bus.faulted = false;
  bus.write(0x40000ffe, 4, 1);
  assert.equal(bus.faulted, true);
});

test('overlapping regions are refused with the names of both', () => {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 0x1000);
  assert.throws(() => bus.addDevice(0x40000800, 0x100, new Recorder('gic')), /gic overlaps RAM ram/);
  bus.addDevice(0x1000, 0x100, new Recorder('a'));
  assert.throws(() => bus.addDevice(0x1080, 0x100, new Recorder('b')), /b overlaps device a/);
});

test('host loads outside RAM are refused; loads into cached code pages notify listeners', () => {
  const bus = new Bus();
  const ram = bus.addRam('ram', 0x40000000, 0x4000);
  assert.throws(() => bus.load(0x50000000, new Uint8Array(4)), /no RAM at physical address 0x50000000/);
  const seen: number[] = [];
  bus.onCodeWrite((pa, len) => seen.push(pa, len));
  ram.codePages[1] = 1;
  bus.load(0x40000ffe, new Uint8Array(8));
  assert.deepEqual(seen, [0x40001000, 4096]);
  seen.length = 0;
  bus.write(0x40001006, 2, 0xbeef);
  assert.deepEqual(seen, [0x40001006, 2], 'a store names its bytes');
});
