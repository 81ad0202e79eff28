// The bananapi's green LED (PH24) driven by led.elf: five blinks timed with
// the virtual timer and WFI, seen through the board's LED events with their
// virtual timestamps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { LedEvent } from '../../src/boards/board.js';
import { runImage } from '../../src/boards/session.js';

const elf = fileURLToPath(new URL('../../../test/guest/bin/led.elf', import.meta.url));

test('led.elf blinks PH24 five times, 500 ms on and 500 ms off, in virtual time', () => {
  const events: LedEvent[] = [];
  const r = runImage(elf, {
    board: 'bananapi', bootMode: 'hyp', semihosting: true, maxInsns: 100_000_000, onLed: (e) => events.push(e),
  });
  assert.equal(r.stopReason, 'exit');
  assert.equal(r.exitCode, 0);
  assert.match(r.output, /CNTFRQ=24000000 Hz/);
  assert.deepEqual(events.map((e) => `${e.led} ${e.on ? 'on' : 'off'}`),
    Array.from({ length: 10 }, (_, i) => `green ${i % 2 === 0 ? 'on' : 'off'}`), 'five on/off pairs');
  for (let i = 1; i < events.length; i++) {
    const dt = events[i].timeNs - events[i - 1].timeNs;
    assert.ok(Math.abs(dt - 500e6) <= 5e6, `change ${i}: ${dt / 1e6} ms after the previous one`);
  }
  assert.ok(r.cycles >= 5 * 960_000_000, 'the run took at least 5 s of virtual time');
  assert.ok(r.instructions < 1_000_000, 'the core slept between changes instead of spinning');
});
