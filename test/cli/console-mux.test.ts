import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleMux, formatTime } from '../../src/cli/console-mux.js';

const enc = (s: string) => new TextEncoder().encode(s);

test('lines from interleaved sources stay whole and carry their label', () => {
  const got: string[] = [];
  const mux = new ConsoleMux((l, s) => got.push(`${l}|${s}`));
  mux.setLabel('uart7', 'led-blink');
  mux.write('uart0', enc('root: he'));
  mux.write('uart7', enc('LED o'));
  mux.write('uart0', enc('llo\r\nroot: 2\n'));
  mux.write('uart7', enc('n\nLED'));
  assert.deepEqual(got, ['uart0|root: hello', 'uart0|root: 2', 'led-blink|LED on']);
  mux.flush();
  assert.deepEqual(got.slice(3), ['led-blink|LED']);
});

test('virtual time prints as seconds with nanoseconds', () => {
  assert.equal(formatTime(0), '0.000000000');
  assert.equal(formatTime(1_500_000_001), '1.500000001');
  assert.equal(formatTime(550_005_217.7083334), '0.550005218');
});
