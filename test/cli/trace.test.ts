// --trace, --log-json and --trace-file on `boot` and `run`: a boot script
// that starts the timer-latency cell shows its creation hypercall, its GICD
// accesses and the injection of its timer interrupt; the same script gives the
// same trace twice; JSON lines parse; `run` traces the firmware's PSCI calls;
// bad options are one line and exit code 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootCommand, type Printer } from '../../src/cli/boot.js';
import { DEMO_HELP } from '../../src/cli/demo.js';
import { TraceOptionError, parseTraceOptions } from '../../src/cli/trace-options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const ROOT_BPI = join(root, 'test/hypervisor/guest/bin/root-bpi.elf');
const dir = mkdtempSync(join(tmpdir(), 'jh-trace-'));
// The timer-latency inmate with a period of 5 ms (struct inmate_params at 0x20: magic, ..., period_us at +16).
const image = new Uint8Array(readFileSync(join(root, 'inmates/bin/timer-latency-bananapi.bin')));
const params = new DataView(image.buffer, 0x20);
assert.equal(params.getUint32(0, true), 0x544d4e49, 'the image has a parameter block');
params.setUint32(16, 5000, true);
writeFileSync(join(dir, 'timer-latency.bin'), image);
const script = join(dir, 'timer.txt');
writeFileSync(script, [
  'sleep 20ms',
  `jailhouse enable ${join(root, 'configs/bananapi.cell')}`,
  `jailhouse cell create ${join(root, 'configs/demos/bananapi-timer-latency.cell')}`,
  `jailhouse cell load timer-latency ${join(dir, 'timer-latency.bin')}`,
  'jailhouse cell start timer-latency',
  'sleep 7ms', // the first timer interrupt comes 5 ms after the start
  '',
].join('\n'));

test('--trace takes a comma list of kinds or all; the other options need it', () => {
  assert.equal(parseTraceOptions({}), null);
  assert.deepEqual(parseTraceOptions({ trace: 'all' }), { kinds: ['hypercall', 'trap', 'mmio', 'irq', 'psci'], json: false, file: null });
  assert.deepEqual(parseTraceOptions({ trace: 'irq, mmio', 'log-json': true, 'trace-file': 'x' }), { kinds: ['mmio', 'irq'], json: true, file: 'x' });
  assert.throws(() => parseTraceOptions({ trace: 'mmio,bogus' }),
    new TraceOptionError("--trace: unknown event kind 'bogus' (expected a comma list of hypercall, trap, mmio, irq, psci, or all)"));
  assert.throws(() => parseTraceOptions({ 'log-json': true }), /--log-json needs --trace KINDS/);
  assert.throws(() => parseTraceOptions({ 'trace-file': 'f' }), /--trace-file needs --trace KINDS/);
  assert.match(DEMO_HELP, /--trace KINDS/);
});

function bootTraced(args: string[]): { out: string; err: string; code: Promise<number> } {
  const r = { out: '', err: '', code: Promise.resolve(0) };
  const p: Printer = { out: (s) => { r.out += s; }, err: (s) => { r.err += s; } };
  r.code = bootCommand(['--board', 'bananapi', '--root', ROOT_BPI, '--script', script, ...args], p);
  return r;
}

test('boot --trace all: the cell\'s creation, its GICD accesses and its timer interrupt; the same twice', async () => {
  const a = bootTraced(['--trace', 'all']);
  assert.equal(await a.code, 0, a.err);
  assert.match(a.out, /^\[timer-latency\] timer-latency: /m);
  const lines = a.err.trimEnd().split('\n');
  for (const l of lines) assert.match(l, /^\[ {2}0\.\d{9}\] cpu[01] (Banana-Pi|timer-latency) (hypercall|trap|mmio|irq|psci) /);
  assert.ok(lines.includes('[  0.020000000] cpu0 Banana-Pi hypercall CELL_CREATE(0x7bf70000, 0x0) = 0'), a.err);
  assert.ok(lines.some((l) => / cpu1 timer-latency mmio write 0x01c81100 4 = 0x08000000 \(gicd\)$/.test(l)), 'PPI 27 enabled through GICD_ISENABLER0');
  assert.ok(lines.some((l) => / cpu1 timer-latency irq 27 taken$/.test(l)));
  assert.ok(lines.some((l) => /^\[ {2}0\.025\d{6}\] cpu1 timer-latency irq 27 inject -> timer-latency cpu1 lr0$/.test(l)), 'the timer interrupt 5 ms after the start');
  assert.ok(lines.some((l) => / cpu1 timer-latency trap DABT_LOWER iss 0x[0-9a-f]{7} pc 0x[0-9a-f]{8}$/.test(l)));
  const b = bootTraced(['--trace', 'all']);
  assert.equal(await b.code, 0);
  assert.equal(b.err, a.err, 'deterministic');
  assert.equal(b.out, a.out);
  const onlyIrq = bootTraced(['--trace', 'irq']);
  assert.equal(await onlyIrq.code, 0);
  assert.equal(onlyIrq.err, lines.filter((l) => / irq /.test(l)).map((l) => l + '\n').join(''));
});

test('boot --log-json --trace-file: one JSON object per line in the file, nothing on stderr', () => {
  const file = join(dir, 'trace.jsonl');
  const r = spawnSync(process.execPath, [cli, 'boot', '--board', 'bananapi', '--root', ROOT_BPI, '--script', script,
    '--trace', 'hypercall,mmio,irq', '--log-json', '--trace-file', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const events = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(events.length >= 8);
  assert.deepEqual(new Set(events.map((e) => e.kind)), new Set(['hypercall', 'mmio', 'irq']));
  assert.deepEqual(events[0], {
    t: 0.02, cpu: 0, cell: 'Banana-Pi', kind: 'hypercall', code: 1, name: 'CELL_CREATE', args: ['0x7bf70000', '0x0'], result: 0,
  });
  assert.ok(events.some((e) => e.kind === 'mmio' && e.cell === 'timer-latency' && e.by === 'gicd' && e.address === '0x01c81100' &&
    e.access === 'write' && e.value === '0x08000000' && e.size === 4));
  assert.ok(events.some((e) => e.kind === 'irq' && e.action === 'inject' && e.irq === 27 && e.toCell === 'timer-latency' &&
    e.toCpu === 1 && e.lr === 0 && typeof e.t === 'number' && e.t > 0.025 && e.t < 0.026));
});

test('run --trace psci: the firmware\'s PSCI calls of a bare-metal SMP program, cell root', () => {
  const r = spawnSync(process.execPath, [cli, 'run', '--board', 'qemu-arm', '--cpus', '2', '--boot-mode', 'hyp', '--semihosting',
    join(root, 'test/guest/bin/smp.elf'), '--trace', 'psci'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /smp: ok/);
  const trace = r.stderr.split('\n').filter((l) => l.startsWith('['));
  assert.deepEqual(trace.map((l) => l.replace(/^\[ +\d+\.\d{9}\] /, '').replace(/0x4[0-9a-f]{7}/g, 'ADDR')), [
    'cpu0 root psci AFFINITY_INFO(0x1, 0x0) = OFF (firmware)',
    'cpu0 root psci CPU_ON(0x1, ADDR, ADDR) = SUCCESS (firmware)',
    'cpu1 root psci CPU_OFF() = SUCCESS (firmware)',
    'cpu0 root psci AFFINITY_INFO(0x1, 0x0) = OFF (firmware)',
  ]);
});

test('bad trace options: one line, exit code 2', async () => {
  const a = spawnSync(process.execPath, [cli, 'run', '--board', 'qemu-arm', join(root, 'test/guest/bin/hello.elf'), '--trace', 'irqs'],
    { encoding: 'utf8' });
  assert.equal(a.status, 2);
  assert.equal(a.stderr, "jailhouse-ts run: --trace: unknown event kind 'irqs' (expected a comma list of hypercall, trap, mmio, irq, psci, or all)\n");
  const b = bootTraced(['--log-json']);
  assert.equal(await b.code, 2);
  assert.equal(b.err, 'jailhouse-ts boot: --log-json needs --trace KINDS\n');
  assert.equal(b.out, '', 'nothing ran');
  const c = bootTraced(['--trace', 'all', '--trace-file', join(dir, 'no/such/dir/t')]);
  assert.equal(await c.code, 2);
  assert.match(c.err, /^jailhouse-ts boot: --trace-file .*no\/such\/dir\/t: cannot open: ENOENT\n$/);
});
