// Demo cells that measure time: led-blink (the Banana Pi's LED), timer-latency
// (interrupt latency under the hypervisor against the native build without
// it) and cpuburn (work per virtual second with and without the hypervisor),
// beside the root program and its heartbeat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOARDS, CELL, DemoSystem, runNative, type BoardName } from './harness.js';

function enabled(board: BoardName, heartbeatUs?: number): DemoSystem {
  const s = new DemoSystem(board, heartbeatUs ? { root: { periodUs: heartbeatUs } } : {});
  s.run(1.5e6);
  s.enable();
  return s;
}

const toggles = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `led-blink: ${i % 2 ? 'off' : 'on '} at ${(i + 1) * 500} ms`);

test('led-blink-bananapi: the LED toggles every 500 ms (within 1 %) while the root keeps its heartbeat', () => {
  const s = enabled('bananapi');
  const id = s.startDemo('led-blink');
  const start = s.nowNs;
  s.run(2.2e9);
  const lines = s.uart7.split('\n');
  assert.equal(lines[0], 'led-blink: green LED on PH24, toggling every 500 ms, until shut down');
  assert.deepEqual(lines.slice(1, -1), toggles(4));
  assert.deepEqual(s.leds.map((e) => e.on), [true, false, true, false]);
  // The first change half a period after the start, then one every 500 ms.
  assert.ok(Math.abs(s.leds[0].timeNs - start - 500e6) < 5e6, `first change at ${s.leds[0].timeNs - start} ns`);
  for (let i = 1; i < s.leds.length; i++) {
    const dt = s.leds[i].timeNs - s.leds[i - 1].timeNs;
    assert.ok(Math.abs(dt - 500e6) <= 5e6, `LED changes ${i - 1} and ${i} are ${dt} ns apart`);
  }
  assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(1e6), 'heartbeats 1 and 2, one per second');
  assert.equal(s.driver.cellState(id), CELL.RUNNING);
  // Destroyed on request: it answers when its timer next wakes it.
  s.driver.destroyCell(id);
  assert.ok(s.nowNs < 2.6e9, `approved by ${s.nowNs} ns`);
  assert.match(s.hv, /Closing cell "led-blink"\n/);
  assert.deepEqual(s.driver.hv!.root.cpus, [0, 1]);
});

test('led-blink-qemu-arm: no LED, the toggles are printed through the hypervisor console', () => {
  const s = enabled('qemu-arm');
  s.startDemo('led-blink');
  s.run(1.2e9);
  assert.equal(s.cellOutput('led-blink'), [
    'led-blink: no LED on this board, printing the toggles, toggling every 500 ms, until shut down', ...toggles(2), '',
  ].join('\n'));
  assert.deepEqual(s.leds, []);
  assert.deepEqual(s.heartbeats(), [1]);
});

/** Per-sample latencies (ns) a timer-latency run printed. */
const samples = (out: string): number[] => [...out.matchAll(/^timer-latency: +(\d+) ns +min/gm)].map((m) => Number(m[1]));

/** The maximum latency (ns) under the hypervisor and natively, for each board (filled by the first test). */
const latency = new Map<BoardName, { hv: number; native: number }>();

function measureLatency(board: BoardName): { hv: number; native: number } {
  const known = latency.get(board);
  if (known) return known;
  const s = enabled(board);
  s.startDemo('timer-latency');
  s.run(1.05e9);
  const out = s.cellOutput('timer-latency');
  assert.match(out, /^timer-latency: virtual timer \(IRQ 27\), period 100000 us, counter \d+ Hz, every period\n/);
  const hv = samples(out);
  assert.equal(hv.length, 10, out);
  assert.deepEqual(s.heartbeats(), [1]);
  const nat = runNative('timer-latency', board);
  assert.equal(nat.stopReason, 'poweroff');
  const native = samples(nat.output);
  assert.equal(native.length, 10, nat.output);
  const r = { hv: Math.max(...hv), native: Math.max(...native) };
  latency.set(board, r);
  return r;
}

for (const board of BOARDS) {
  test(`timer-latency-${board}: ten samples under the hypervisor, the same on every period`, (t) => {
    const { hv, native } = measureLatency(board);
    t.diagnostic(`${board}: maximum latency ${hv} ns under the hypervisor, ${native} ns natively`);
    assert.ok(native > 0 && native < 1000, `native latency ${native} ns`);
    assert.ok(hv >= native, 'the hypervisor adds to the latency, never takes from it');
    assert.ok(hv < 5000, `latency under the hypervisor ${hv} ns`);
  });

  test(`timer-latency-${board}: the hypervisor adds at most 1 us to the maximum latency`, () => {
    const { hv, native } = measureLatency(board);
    assert.ok(hv - native <= 1000, `${hv} ns under the hypervisor vs ${native} ns natively`);
  });
}

for (const board of BOARDS) {
  test(`cpuburn-${board}: work per virtual second with the hypervisor is that without it (within 1 %)`, (t) => {
    const params = { periodUs: 10_000, iterations: 2 };
    const t0 = performance.now();
    const s = enabled(board, 5000);
    const id = s.startDemo('cpuburn', params);
    s.run(23e6);
    const hvWall = performance.now() - t0;
    const out = s.cellOutput('cpuburn');
    const rate = (text: string): number[] => [...text.matchAll(/^cpuburn: period \d: \d+ units \((\d+) per second\)/gm)].map((m) => Number(m[1]));
    const hv = rate(out);
    assert.equal(hv.length, 2, out);
    assert.match(out, /cpuburn: done\n$/);
    assert.equal(s.driver.cellState(id), CELL.SHUT_DOWN);
    assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(5000));
    const nat = runNative('cpuburn', board, params);
    assert.equal(nat.stopReason, 'poweroff');
    const native = rate(nat.output);
    assert.equal(native.length, 2, nat.output);
    t.diagnostic(`${board}: ${hv.join(', ')} units/s under the hypervisor (${hvWall.toFixed(0)} ms wall, root and cell), ` +
      `${native.join(', ')} units/s natively (${nat.wallMs.toFixed(0)} ms wall)`);
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(hv[i] - native[i]) <= native[i] / 100, `period ${i + 1}: ${hv[i]} vs ${native[i]}`);
  });
}
