// The shipped configs of the demos: the system configs as `config build`
// makes them, accepted by the hypervisor and read back to the same bytes;
// one cell config per demo and board in configs/demos/ (YAML source and the
// committed .cell), consistent with the system config and accepted by the
// hypervisor; and the ivshmem demo, which waits for the virtual PCI bus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildConfig, checkConfigFiles, configCommand, readCellConfig, readSystemConfig, writeCellConfig, writeSystemConfig,
} from '../../src/config/index.js';
import { BOARDS, DemoSystem, REPO, demoCell, systemCell, type BoardName } from './harness.js';

const DEMOS = ['hello', 'led-blink', 'timer-latency', 'uart-echo', 'rtos-demo', 'rogue', 'cpuburn', 'ivshmem-demo'];
const DEMO_DIR = `${REPO}configs/demos/`;
/** The system config a demo's cell goes with (qemu-arm has no ivshmem in its default one). */
const systemFor = (demo: string, board: BoardName): string =>
  demo === 'ivshmem-demo' && board === 'qemu-arm' ? `${DEMO_DIR}qemu-arm-ivshmem-system.cell` : systemCell(board);
const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

test('config build of the Banana Pi system config: the committed .cell, read back to the same bytes, accepted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-configs-'));
  try {
    const out = join(dir, 'bananapi.cell');
    let said = '';
    const code = configCommand(['build', `${REPO}configs/bananapi.yaml`, '-o', out], { out: (t) => { said += t; }, err: (t) => { said += t; } });
    assert.equal(code, 0, said);
    const built = bytes(out);
    assert.deepEqual(built, bytes(systemCell('bananapi')), 'what configs/bananapi.cell holds');
    const sys = readSystemConfig(built, out);
    assert.deepEqual(writeSystemConfig(sys), built, 'read, then written: the same bytes');
    assert.equal(sys.rootCell.name, 'Banana-Pi');

    const s = new DemoSystem('bananapi');
    s.run(1.5e6);
    s.driver.enable(built, out);
    const hv = s.driver.hv!;
    assert.ok(hv.enabled);
    assert.equal(hv.root.name, 'Banana-Pi');
    assert.deepEqual(hv.root.cpus, [0, 1]);
    assert.match(s.hv, /Code location: 0x7c000000\n[^]*Activating hypervisor\n$/);
    s.run(1e9);
    assert.deepEqual(s.heartbeats(), [1], 'the root runs on under it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('configs/demos/ holds a YAML source and its .cell for every demo on every board, and nothing else', () => {
  const expected = DEMOS.flatMap((d) => BOARDS.map((b) => `${b}-${d}`)).concat('qemu-arm-ivshmem-system', 'qemu-arm-ivshmem-3cpu-system', 'qemu-arm-ivshmem-demo-peer');
  const files = readdirSync(DEMO_DIR).sort();
  assert.deepEqual(files, expected.flatMap((n) => [`${n}.cell`, `${n}.yaml`]).sort());
  for (const name of expected) {
    const src = `configs/demos/${name}.yaml`;
    assert.deepEqual(buildConfig(readFileSync(`${REPO}${src}`, 'utf8'), src), bytes(`${DEMO_DIR}${name}.cell`),
      `${name}.cell is up to date (node configs/build.mjs)`);
  }
  const variant = bytes(`${DEMO_DIR}qemu-arm-ivshmem-system.cell`);
  assert.deepEqual(writeSystemConfig(readSystemConfig(variant, 'qemu-arm-ivshmem-system.cell')), variant);
});

for (const board of BOARDS) {
  test(`${board} demo cells: one CPU (1), 1 MiB loadable at 0, the comm region; round trip; config check is clean`, () => {
    for (const demo of DEMOS) {
      const path = demoCell(demo, board);
      const b = bytes(path);
      const cell = readCellConfig(b, path);
      assert.deepEqual(writeCellConfig(cell), b, `${demo}: read, then written: the same bytes`);
      assert.equal(cell.name, demo);
      assert.deepEqual(cell.cpus, [1]);
      const ram = cell.memoryRegions.find((m) => m.virtStart === 0 && m.size === 0x100000);
      assert.ok(ram, `${demo}: 1 MiB of RAM at guest address 0`);
      assert.ok(cell.memoryRegions.some((m) => m.virtStart === 0x80000000 && m.size === 0x1000), `${demo}: comm region`);
      const sys = systemFor(demo, board);
      assert.deepEqual(checkConfigFiles([{ file: sys, bytes: bytes(sys) }, { file: path, bytes: b }]), [], `${demo}: config check`);
    }
  });

  test(`${board} demo cells: the hypervisor creates each of them beside the root and gives everything back`, () => {
    const systems = new Map<string, DemoSystem>();
    for (const demo of DEMOS) {
      const sys = systemFor(demo, board);
      let s = systems.get(sys);
      if (s === undefined) {
        s = new DemoSystem(board, { root: { periodUs: 2000 } });
        s.run(1.5e6);
        s.enable(sys);
        systems.set(sys, s);
      }
      const id = s.driver.createCell(bytes(demoCell(demo, board)), demoCell(demo, board));
      assert.deepEqual(s.driver.hv!.root.cpus, [0], `${demo}: CPU 1 taken`);
      s.driver.destroyCell(id);
      assert.deepEqual(s.driver.hv!.root.cpus, [0, 1], `${demo}: CPU 1 back`);
      s.run(2e6);
    }
    for (const s of systems.values()) {
      assert.doesNotMatch(s.hv, /refused|FATAL|WARNING/);
      assert.equal((s.hv.match(/Created cell/g) ?? []).length, (s.hv.match(/Closing cell/g) ?? []).length);
      assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(2000));
    }
  });

  test(`ivshmem-demo-${board}: finds its ivshmem device on the virtual PCI bus`, () => {
    const s = new DemoSystem(board, { root: { periodUs: 2000 } });
    s.run(1.5e6);
    s.enable(systemFor('ivshmem-demo', board));
    s.startDemo('ivshmem-demo');
    s.run(5e6);
    assert.match(s.cellOutput('ivshmem-demo'), /^ivshmem-demo: device 00:01\.0, ID 1 of 2 peers/m);
  });
}
