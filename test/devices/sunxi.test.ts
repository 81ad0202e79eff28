// Allwinner A20 PIO (the Banana Pi's green LED on PH24) and CCU.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard, type LedEvent } from '../../src/boards/board.js';
import { BANANAPI } from '../../src/boards/bananapi.js';
import { SunxiCcu } from '../../src/devices/sunxi-ccu.js';

const PH_CFG3 = 0x01c20800 + 7 * 0x24 + 0x0c;
const PH_DAT = 0x01c20800 + 7 * 0x24 + 0x10;

test('PH24 drives the green LED only when configured as an output; changes carry virtual time', () => {
  const events: LedEvent[] = [];
  const { machine } = buildBoard(BANANAPI, { onLed: (e) => events.push(e) });
  const bus = machine.bus;
  bus.write(PH_DAT, 4, 1 << 24);
  assert.deepEqual(events, [], 'pin still an input');
  machine.cores[0].cycles = 960_000; // 1 ms
  bus.write(PH_CFG3, 4, 0x1); // PH24 function 1: output
  assert.deepEqual(events, [{ led: 'green', on: true, timeNs: 1_000_000 }]);
  assert.equal(bus.read(PH_CFG3, 4), 1, 'config reads back');
  bus.write(PH_DAT, 4, 0);
  assert.equal(events.length, 2);
  assert.equal((events as LedEvent[])[1].on, false);
  bus.write(PH_DAT, 4, 1 << 23); // another pin: no LED change
  assert.equal(events.length, 2);
});

test('CCU: gates read back, enabled PLLs report lock', () => {
  const ccu = new SunxiCcu();
  ccu.write(0x68, 4, 0x00010000); // APB1 gate (UART0)
  assert.equal(ccu.read(0x68, 4), 0x00010000);
  assert.equal(ccu.read(0x00, 4) & (1 << 28), 1 << 28, 'PLL1 locked');
  ccu.write(0x08, 4, 0); // PLL2 disabled
  assert.equal(ccu.read(0x08, 4), 0);
});
