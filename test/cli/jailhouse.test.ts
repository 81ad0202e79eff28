// The jailhouse command against a running system: a root program on the
// Banana Pi, the shipped configs, the hello inmate. Checks the real tool's
// output formats, the lifecycle, and that mistakes give one line and change
// nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JailhouseSystem, CommandError } from '../../src/cli/system.js';
import { JailhouseCommands, formatCpuList } from '../../src/cli/jailhouse.js';
import { consoleText } from '../../src/cli/boot.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
process.chdir(root);
const ROOT_BPI = 'test/hypervisor/guest/bin/root-bpi.elf';
const SYS = 'configs/bananapi.cell';
const CELL = 'configs/bananapi-inmate.cell';
const HELLO = 'inmates/bin/hello-bananapi.bin';

function booted(): { sys: JailhouseSystem; j: JailhouseCommands; run: (line: string) => string } {
  const sys = new JailhouseSystem({ board: 'bananapi', root: ROOT_BPI });
  sys.advance(20e6);
  const j = new JailhouseCommands(sys);
  return { sys, j, run: (line) => j.exec(line.split(' ')).out };
}

test('CPU lists print as the real tool prints them', () => {
  assert.equal(formatCpuList([0]), '0');
  assert.equal(formatCpuList([0, 1]), '0,1');
  assert.equal(formatCpuList([0, 1, 2, 5, 7, 8, 9]), '0-2,5,7-9');
  assert.equal(formatCpuList([]), '');
});

test('enable, create, load, start, list, stats, shutdown, destroy, disable', () => {
  const { sys, run } = booted();
  assert.equal(run(`enable ${SYS}`), '');
  assert.equal(run(`cell create ${CELL}`), '');
  assert.equal(run('cell list'),
    'ID      Name                    State           Assigned CPUs           Failed CPUs\n' +
    '0       Banana-Pi               running         0\n' +
    '1       bananapi-inmate         shut down       1\n');
  run(`cell load bananapi-inmate ${HELLO}`);
  run('cell start 1');
  assert.ok(sys.waitFor(() => consoleText(sys, 'bananapi-inmate').includes('printk:'), 100e6), 'the inmate prints on its UART');
  assert.match(consoleText(sys, 'bananapi-inmate'), /^hello from an inmate on bananapi/);
  assert.match(run('cell list'), /\n1 {7}bananapi-inmate {9}running {9}1\n$/);
  const stats = run('cell stats bananapi-inmate');
  assert.match(stats, /^Statistics for bananapi-inmate cell\n\nCOUNTER {30}SUM\n/);
  for (const name of ['vmexits_total', 'vmexits_mmio', 'vmexits_hypercall', 'vmexits_maintenance']) assert.match(stats, new RegExp(`\\n${name} +[0-9]+\\n`));
  run('cell shutdown bananapi-inmate');
  assert.match(run('cell list'), /\n1 {7}bananapi-inmate {9}shut down {7}1\n$/);
  run('cell destroy 1');
  assert.equal(run('cell list'),
    'ID      Name                    State           Assigned CPUs           Failed CPUs\n' +
    '0       Banana-Pi               running         0,1\n');
  assert.match(run('console'), /Activating hypervisor\n[^]*Closing cell "bananapi-inmate"\n/);
  const ticks = () => (consoleText(sys, 'uart0').match(/tick/g) ?? []).length;
  const before = ticks();
  run('disable');
  sys.advance(50e6);
  assert.ok(ticks() > before, 'the root program keeps running after disable');
});

test('mistakes are one clear line and change nothing', () => {
  const { sys, j, run } = booted();
  const err = (line: string): string => {
    try { j.exec(line.split(' ')); } catch (e) { assert.ok(e instanceof CommandError, String(e)); return e.message; }
    assert.fail(`'${line}' should fail`);
  };
  assert.equal(err('cell list extra'), 'usage: jailhouse cell list');
  assert.equal(err('cell start 1'), 'the hypervisor is not enabled');
  assert.equal(err('enable configs/nope.cell'), 'configs/nope.cell: no such file');
  run(`enable ${SYS}`);
  const list = run('cell list');
  assert.equal(err('cell start nosuchcell'), 'cell start: no cell named "nosuchcell"');
  assert.equal(err('cell destroy 7'), 'cell destroy: no cell with ID 7');
  run(`cell create ${CELL}`);
  const after = run('cell list');
  assert.equal(err('cell start bananapi-inmate'), 'cell start: "bananapi-inmate" has no image loaded (jailhouse cell load bananapi-inmate IMAGE)');
  assert.equal(err(`cell create ${CELL}`).split('\n').length, 1);
  const dir = mkdtempSync(join(tmpdir(), 'jh-'));
  const truncated = join(dir, 'truncated.cell');
  writeFileSync(truncated, readFileSync('configs/bananapi-inmate.cell').subarray(0, 60));
  assert.match(err(`cell create ${truncated}`), /truncated\.cell: offset 0x[0-9a-f]+ \(/);
  assert.equal(err('cell load bananapi-inmate test/guest/bin/hello.elf'),
    'test/guest/bin/hello.elf: is an ELF file; cells load raw binaries (arm-none-eabi-objcopy -O binary)');
  assert.equal(err('cell destroy Banana-Pi'), 'cell destroy: "Banana-Pi" is the root cell');
  assert.equal(run('cell list'), after, 'nothing changed');
  assert.notEqual(list, after);
  assert.equal(sys.stopped, null);
});

test('boot --script runs a scenario and reports the failing line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jh-'));
  const ok = join(dir, 'ok.txt');
  writeFileSync(ok, [
    'sleep 20ms', `jailhouse enable ${SYS}`, `jailhouse cell create ${CELL}`,
    `jailhouse cell load bananapi-inmate ${HELLO}`, 'jailhouse cell start bananapi-inmate',
    'expect bananapi-inmate "printk:"', 'jailhouse cell list', 'jailhouse cell destroy bananapi-inmate', 'jailhouse disable', '',
  ].join('\n'));
  const cli = join(root, 'dist/src/cli/main.js');
  const r = spawnSync(process.execPath, [cli, 'boot', '--board', 'bananapi', '--root', ROOT_BPI, '--script', ok], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\[root\] root: hello on bananapi/m);
  assert.match(r.stdout, /^\[bananapi-inmate\] hello from an inmate on bananapi/m);
  assert.match(r.stdout, /^\[hypervisor\] Activating hypervisor$/m);
  assert.match(r.stdout, /^1 {7}bananapi-inmate {9}running {9}1$/m);
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, `sleep 20ms\njailhouse enable ${SYS}\njailhouse cell start 3\n`);
  const b = spawnSync(process.execPath, [cli, 'boot', '--board', 'bananapi', '--root', ROOT_BPI, '--script', bad], { encoding: 'utf8' });
  assert.equal(b.status, 1);
  assert.equal(b.stderr, `${bad}:3: jailhouse cell start 3: cell start: no cell with ID 3\n`);
});
