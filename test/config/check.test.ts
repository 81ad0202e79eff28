// The config checker: the shipped configs pass, and each rule finds a
// planted mistake, naming both configs, the regions and the field.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  ConfigError, checkConfigFiles, checkConfigs, compileConfig, formatFinding, readCellConfig, readSystemConfig,
  type CellConfig, type Finding, type SystemConfig,
} from '../../src/config/index.js';

const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));
const data = fileURLToPath(new URL('../../../test/config/data/', import.meta.url));
const file = (dir: string, f: string): { file: string; bytes: Uint8Array } => ({ file: f, bytes: new Uint8Array(readFileSync(join(dir, f))) });

const qemuSys = (): SystemConfig => readSystemConfig(file(configs, 'qemu-arm.cell').bytes, 'qemu-arm.cell');
const qemuCell = (): CellConfig => readCellConfig(file(configs, 'qemu-arm-inmate.cell').bytes, 'qemu-arm-inmate.cell');

function cell(name: string, extra = '', cpus = '[1]', ram = '0x47b00000'): CellConfig {
  const c = compileConfig(`kind: cell
name: ${name}
cpus: ${cpus}
memory_regions:
  - { phys_start: ${ram}, virt_start: 0, size: 64K, flags: [read, write, execute, loadable] }
  - { virt_start: 0x80000000, size: 4K, flags: [read, write, comm_region] }
${extra}`, `${name}.yaml`);
  assert.equal(c.kind, 'cell');
  return c.config as CellConfig;
}

function codes(f: Finding[]): string[] {
  return f.map((x) => `${x.severity}:${x.code}`);
}

test('the shipped configs pass the checker', () => {
  assert.deepEqual(checkConfigFiles([file(configs, 'bananapi.cell'), file(configs, 'bananapi-inmate.cell')]), []);
  assert.deepEqual(checkConfigFiles([file(configs, 'qemu-arm.cell'), file(configs, 'qemu-arm-inmate.cell')]), []);
  // Sources are checked the same way as binaries.
  assert.deepEqual(checkConfigFiles([file(configs, 'qemu-arm.yaml'), file(configs, 'qemu-arm-inmate.yaml')]), []);
});

test('a planted overlap between two non-root cells is found, naming both', () => {
  const a = cell('one', '', '[1]', '0x47b00000');
  const b = cell('two', '', '[0]', '0x47b08000');
  const f = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'one.cell', config: a }, { file: 'two.cell', config: b }]);
  assert.deepEqual(codes(f), ['error:overlap-between-cells', 'error:root-without-cpu']);
  assert.equal(f[0]!.message, 'cells "one" and "two": one.cell memory_regions[0] (phys 0x47b00000..0x47b0ffff) and two.cell memory_regions[0] (phys 0x47b08000..0x47b17fff) overlap physically and are not both rootshared (field phys_start/size)');
  assert.deepEqual(f[0]!.files, ['one.cell', 'two.cell']);
  assert.equal(formatFinding(f[1]!), 'error: [root-without-cpu] the non-root cells take every CPU of the root cell (0, 1) in qemu-arm.cell; the root cell must keep one');
  // Shared memory is fine when both sides mark it rootshared.
  for (const c of [a, b]) c.memoryRegions.push({ physStart: 0x47a00000, virtStart: 0x90000000, size: 0x1000, flags: 0x83 });
  a.memoryRegions[0]!.physStart = 0x47a80000;
  const g = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'one.cell', config: a }, { file: 'two.cell', config: b }]);
  assert.deepEqual(codes(g), ['error:root-without-cpu']);
});

test('CPUs must come from the root cell and belong to one cell', () => {
  const f = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [
    { file: 'a.cell', config: cell('a', '', '[1, 3]') },
    { file: 'b.cell', config: cell('b', '', '[1]', '0x47a00000') },
  ]);
  assert.deepEqual(codes(f), ['error:cpu-not-in-root', 'error:cpu-shared']);
  assert.equal(f[0]!.message, 'cell "a": a.cell cpu_set has CPU 3, not in the root cell\'s cpu_set (0, 1) in qemu-arm.cell');
  assert.equal(f[1]!.message, 'CPU 1 is in the cpu_set of both "a" (a.cell) and "b" (b.cell)');
});

test('memory must be root memory, and never the hypervisor\'s', () => {
  const outside = cell('x', '', '[1]', '0x48000000');
  const f = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'x.cell', config: outside }]);
  assert.deepEqual(codes(f), ['error:not-in-root']);
  assert.equal(f[0]!.message, 'cell "x": x.cell memory_regions[0] (phys 0x48000000..0x4800ffff) is not inside the root cell\'s memory regions in qemu-arm.cell (uncovered phys 0x48000000..0x4800ffff) (field phys_start/size)');
  const hv = cell('h', '', '[1]', '0x47bf8000');
  const g = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'h.cell', config: hv }]);
  assert.deepEqual(codes(g), ['error:overlap-hypervisor', 'error:not-in-root']);
  assert.equal(g[0]!.message, 'cell "h": h.cell memory_regions[0] (phys 0x47bf8000..0x47c07fff) overlaps qemu-arm.cell hypervisor_memory (phys 0x47c00000..0x47ffffff) (field phys_start/size)');
  assert.match(g[1]!.message, /uncovered phys 0x47c00000\.\.0x47c07fff; partly covered by qemu-arm\.cell root_cell\.memory_regions\[1\] \(phys 0x40000000\.\.0x47bfffff\)\)/);
  // A device the root cell does not own is only a warning.
  const dev = cell('d');
  dev.memoryRegions.push({ physStart: 0x08020000, virtStart: 0x08020000, size: 0x1000, flags: 0x13 });
  assert.deepEqual(codes(checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'd.cell', config: dev }])), ['warning:not-in-root']);
});

test('regions overlapping inside one cell, root included', () => {
  const sys = qemuSys();
  sys.rootCell.memoryRegions.push({ physStart: 0x47000000, virtStart: 0x90000000, size: 0x2000, flags: 3 });
  const f = checkConfigs({ file: 'qemu-arm.cell', config: sys }, []);
  assert.deepEqual(codes(f), ['error:overlap-in-cell']);
  assert.equal(f[0]!.message, 'cell "qemu-arm": qemu-arm.cell root_cell.memory_regions[1] (phys 0x40000000..0x47bfffff) and root_cell.memory_regions[2] (phys 0x47000000..0x47001fff) overlap physically (field phys_start/size)');
});

test('interrupts come from the root cell\'s irqchip and belong to one cell', () => {
  const irq = (pins: string): string => `irqchips:\n  - { address: 0x08000000, pins: [${pins}] }\n`;
  const f = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [
    { file: 'a.cell', config: cell('a', irq('40, 41')) },
    { file: 'b.cell', config: cell('b', 'irqchips:\n  - { address: 0x08000000, pin_base: 160, pins: [170] }\n  - { address: 0x08000000, pins: [41] }\n', '[0]', '0x47a00000') },
  ]);
  assert.deepEqual(codes(f), ['error:root-without-cpu', 'error:irq-not-in-root', 'error:irq-shared']);
  assert.equal(f[1]!.message, 'cell "b": b.cell irqchips[0].pin_bitmap has interrupt 170, not owned by the root cell\'s irqchip at 0x8000000 in qemu-arm.cell');
  assert.equal(f[2]!.message, 'interrupt 41 is in the pin_bitmap of both a.cell irqchips[0] ("a") and b.cell irqchips[1] ("b")');
  const g = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'c.cell', config: cell('c', 'irqchips:\n  - { address: 0x2c001000, pins: [40] }\n') }]);
  assert.deepEqual(codes(g), ['error:irqchip-not-in-root']);
});

test('names, and warnings for cells that could not start or talk', () => {
  const dup = cell('qemu-arm');
  const f = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'dup.cell', config: dup }]);
  assert.deepEqual(codes(f), ['error:duplicate-name']);
  const bare = qemuCell();
  bare.memoryRegions = bare.memoryRegions.filter((m) => !(m.flags & 0x20));
  bare.memoryRegions[1]!.flags &= ~0x40;
  bare.cpuResetAddress = 0x200000;
  bare.flags = 1;
  const g = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'bare.cell', config: bare }]);
  assert.deepEqual(codes(g), ['warning:no-comm-region', 'warning:no-loadable-region', 'warning:reset-address']);
  bare.memoryRegions.shift();
  const h = checkConfigs({ file: 'qemu-arm.cell', config: qemuSys() }, [{ file: 'bare.cell', config: bare }]);
  assert.ok(codes(h).includes('warning:console-unmapped'));
});

test('Jailhouse\'s own bananapi uart demo: its RAM tail lies outside the root cell', () => {
  const f = checkConfigFiles([file(data, 'jailhouse-bananapi.cell'), file(data, 'jailhouse-bananapi-uart-demo.cell')]);
  assert.deepEqual(codes(f), ['warning:not-in-root', 'error:not-in-root']);
  assert.match(f[1]!.message, /memory_regions\[2\] \(phys 0x7bff0000\.\.0x7bffffff\) .*\(uncovered phys 0x7bfff000\.\.0x7bffffff; partly covered by jailhouse-bananapi\.cell root_cell\.memory_regions\[3\]/);
});

test('checkConfigFiles wants a system config first, then cell configs', () => {
  const cellFirst = (): unknown => checkConfigFiles([file(configs, 'qemu-arm-inmate.cell')]);
  assert.throws(cellFirst, (e: unknown) => e instanceof ConfigError && e.message === 'qemu-arm-inmate.cell: offset 0x0 (signature): expected a system config (JHSYST) first, got a cell config');
  const junk = (): unknown => checkConfigFiles([{ file: 'x.bin', bytes: new Uint8Array([1, 2, 3]) }]);
  assert.throws(junk, /x\.bin: offset 0x0 \(signature\): expected "JHSYST" or "JHCELL" \(or a \.yaml\/\.json source\)/);
});
