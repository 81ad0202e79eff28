// `jailhouse-ts demo --for 3s`: the README's main job, as a user runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('demo --for 3s shows both cells, the root heartbeat and LED changes, and exits 0', () => {
  const r = spawnSync(process.execPath, [root + 'dist/src/cli/main.js', 'demo', '--for', '3s'], { encoding: 'utf8', cwd: '/' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout;
  assert.match(out, /^\[hypervisor\] Activating hypervisor$/m);
  assert.match(out, /^\[led-blink\] led-blink: green LED on PH24/m);
  assert.match(out, /^\[timer-latency\] timer-latency: +[0-9]+ ns +min +[0-9]+ ns +max +[0-9]+ ns$/m);
  assert.match(out, /^\[Banana-Pi\] \[ +2\.000000\] root: heartbeat 2$/m, 'the root cell kept running');
  const leds = [...out.matchAll(/^\[led\] green (on|off) at ([0-9.]+) s$/gm)].map((m) => [m[1], Number(m[2])] as const);
  assert.ok(leds.length >= 2, out);
  // The cell switches the LED off when it is asked to shut down: the last change may come early.
  const last = leds.length - 1;
  if (last > 0 && leds[last][0] === 'off' && leds[last][1] - leds[last - 1][1] < 0.01) leds.pop();
  for (let i = 1; i < leds.length; i++) {
    assert.notEqual(leds[i][0], leds[i - 1][0]);
    assert.ok(Math.abs(leds[i][1] - leds[i - 1][1] - 0.5) < 0.005, `LED changes 500 ms apart: ${leds.map((l) => l[1]).join(', ')}`);
  }
  const create = out.indexOf('[demo] jailhouse cell create configs/demos/bananapi-timer-latency.cell');
  assert.ok(create > out.indexOf('[demo] jailhouse cell destroy led-blink'), 'the LED cell gives CPU 1 back first');
});

test('demo rejects a malformed duration with one line', () => {
  const r = spawnSync(process.execPath, [root + 'dist/src/cli/main.js', 'demo', '--for', 'soon'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "jailhouse-ts demo: --for: expected a duration like 3s, got 'soon'\n");
});
