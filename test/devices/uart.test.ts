// UARTs: PL011 and 8250/16550 with 4-byte register distance, as guests drive them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pl011 } from '../../src/devices/uart-pl011.js';
import { Uart8250 } from '../../src/devices/uart-8250.js';

test('PL011: UARTDR transmits, UARTFR reports TX empty and RX state, PrimeCell IDs', () => {
  const out: number[] = [];
  const u = new Pl011('uart0', (b) => out.push(b));
  assert.equal(u.read(0x18, 4) & 0x90, 0x90, 'TXFE and RXFE');
  u.write(0x00, 4, 0x141); // only the low byte goes out
  assert.deepEqual(out, [0x41]);
  assert.deepEqual([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => u.read(o, 4)),
    [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
});

test('PL011: received bytes are read from UARTDR and raise the RX interrupt when unmasked', () => {
  let level = false;
  const u = new Pl011('uart0', () => {}, (l) => { level = l; });
  u.input([0x61, 0x62]);
  assert.equal(level, false, 'masked');
  u.write(0x38, 4, 1 << 4); // IMSC.RXIM
  assert.equal(level, true);
  assert.equal(u.read(0x18, 4) & 0x10, 0, 'RXFE clear');
  assert.equal(u.read(0x40, 4) & 0x10, 0x10, 'MIS.RX');
  assert.equal(u.read(0x00, 4), 0x61);
  assert.equal(u.read(0x00, 4), 0x62);
  assert.equal(level, false, 'drained');
});

test('8250 (register distance 4): THR, LSR, DLAB divisor latch, IIR, DesignWare USR', () => {
  const out: number[] = [];
  let level = false;
  const u = new Uart8250('uart0', (b) => out.push(b), 2, (l) => { level = l; });
  u.write(0x0c, 4, 0x83); // LCR: DLAB, 8N1
  u.write(0x00, 4, 0x0d); // DLL
  u.write(0x04, 4, 0x00); // DLM
  u.write(0x0c, 4, 0x03);
  assert.deepEqual(out, [], 'divisor writes do not transmit');
  u.write(0x00, 4, 0x4f);
  assert.deepEqual(out, [0x4f]);
  assert.equal(u.read(0x14, 4) & 0x60, 0x60, 'LSR THRE|TEMT');
  assert.equal(u.read(0x7c, 4), 0x06, 'USR: not busy, TX FIFO not full');
  u.input([0x31]);
  assert.equal(u.read(0x14, 4) & 1, 1, 'LSR DR');
  u.write(0x04, 4, 0x01); // IER: RX data available
  assert.equal(level, true);
  assert.equal(u.read(0x08, 4) & 0x0f, 0x04, 'IIR: RX data');
  assert.equal(u.read(0x00, 4), 0x31);
  assert.equal(level, false);
  u.write(0x0c, 4, 0x83);
  assert.equal(u.read(0x00, 4), 0x0d, 'DLL reads back with DLAB');
});
