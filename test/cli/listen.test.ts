// `boot --listen PATH` and `jailhouse --connect PATH …`: commands from another
// terminal reach the running monitor and get their output and exit code back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

test('one-shot commands over the monitor socket', { timeout: 60_000 }, async () => {
  const sock = join(mkdtempSync(join(tmpdir(), 'jh-')), 'm.sock');
  const mon = spawn(process.execPath, [cli, 'boot', '--board', 'bananapi', '--root', 'test/hypervisor/guest/bin/root-bpi.elf', '--listen', sock],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  mon.stdout.on('data', (d) => { out += d; });
  try {
    for (let i = 0; i < 200 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    // The root program needs a little virtual (and so wall) time to leave Hyp mode.
    for (let i = 0; i < 200 && !out.includes('tick 1'); i++) await new Promise((r) => setTimeout(r, 50));
    const jhIn = (cwd: string, ...args: string[]) =>
      spawnSync(process.execPath, [cli, 'jailhouse', '--connect', sock, ...args], { cwd, encoding: 'utf8' });
    const jh = (...args: string[]) => jhIn(root, ...args);
    assert.equal(jh('enable', 'configs/bananapi.cell').status, 0);
    // File names are the client's: relative to its own working directory.
    const c = jhIn(join(root, 'configs'), 'cell', 'create', 'bananapi-inmate.cell');
    assert.equal(c.status, 0, c.stderr);
    const l = jh('cell', 'list');
    assert.equal(l.status, 0);
    assert.match(l.stdout, /^1 {7}bananapi-inmate {9}shut down {7}1$/m);
    const bad = jh('cell', 'start', 'nosuch');
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'jailhouse: cell start: no cell named "nosuch"\n');
  } finally {
    mon.kill('SIGINT');
    await new Promise((r) => mon.on('close', r));
  }
  assert.match(out, /^\[hypervisor\] Created cell "bananapi-inmate"$/m);
});

test('without a monitor the client says how to start one', () => {
  const r = spawnSync(process.execPath, [cli, 'jailhouse', 'cell', 'list'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no running system: start one with `jailhouse-ts boot --listen PATH …` and pass --connect PATH/);
});
