// YAML/JSON sources: the shipped configs rebuild to the committed .cell
// files, sources compile to the expected model, and every source error names
// the file, the line and the key path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  ConfigError, buildConfig, compileConfig, configJsonSchemaText, configToSource, loadConfig, parseNumber,
  readCellConfig, readSystemConfig,
  JAILHOUSE_MEM_COMM_REGION, JAILHOUSE_MEM_EXECUTE, JAILHOUSE_MEM_LOADABLE, JAILHOUSE_MEM_READ, JAILHOUSE_MEM_WRITE,
  JAILHOUSE_CELL_PASSIVE_COMMREG, JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,
} from '../../src/config/index.js';

const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));
const data = fileURLToPath(new URL('../../../test/config/data/', import.meta.url));

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

const CELL = `kind: cell
name: demo
cpus: [1]
memory_regions:
  - { phys_start: 0x47b00000, virt_start: 0, size: 1M, flags: [read, write, execute, loadable] }
  - { virt_start: 0x80000000, size: 4K, flags: [read, write, comm_region] }
`;

test('the shipped YAML sources rebuild to the committed .cell files', () => {
  const sources = readdirSync(configs).filter((f) => f.endsWith('.yaml')).sort();
  assert.deepEqual(sources, ['bananapi-inmate.yaml', 'bananapi.yaml', 'qemu-arm-inmate.yaml', 'qemu-arm.yaml']);
  for (const src of sources) {
    const built = buildConfig(readFileSync(join(configs, src), 'utf8'), src);
    const committed = new Uint8Array(readFileSync(join(configs, src.replace('.yaml', '.cell'))));
    assert.deepEqual(built, committed, `${src} differs from its .cell; run make -C configs`);
  }
  assert.equal(readFileSync(join(configs, 'schema.json'), 'utf8'), configJsonSchemaText(), 'schema.json is stale');
});

test('the bananapi sources compile to the intended configs', () => {
  const sys = readSystemConfig(new Uint8Array(readFileSync(join(configs, 'bananapi.cell'))), 'bananapi.cell');
  assert.deepEqual(sys.hypervisorMemory, { physStart: 0x7c000000, virtStart: 0, size: 0x4000000, flags: 0 });
  assert.equal(sys.rootCell.memoryRegions.length, 21);
  assert.deepEqual(sys.rootCell.irqchips[0]!.pinBitmap, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
  assert.equal(sys.rootCell.pciDevices[0]!.bdf, 0x08);
  const ram = sys.rootCell.memoryRegions[20]!;
  assert.equal(ram.physStart + ram.size + 0x100000, sys.hypervisorMemory.physStart, 'RAM, then ivshmem, then the hypervisor');
  const cell = readCellConfig(new Uint8Array(readFileSync(join(configs, 'bananapi-inmate.cell'))), 'bananapi-inmate.cell');
  assert.equal(cell.name, 'bananapi-inmate');
  assert.equal(cell.flags, JAILHOUSE_CELL_PASSIVE_COMMREG | JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED);
  assert.deepEqual(cell.cpus, [1]);
  assert.deepEqual(cell.memoryRegions[3], {
    physStart: 0x7be00000, virtStart: 0, size: 0x100000,
    flags: JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
  });
  assert.equal(cell.memoryRegions[4]!.flags & JAILHOUSE_MEM_COMM_REGION, JAILHOUSE_MEM_COMM_REGION);
  assert.equal(cell.memoryRegions[4]!.virtStart, 0x80000000);
  assert.deepEqual(cell.irqchips[0]!.pinBitmap, [1 << 20, 0, 0, 0], 'UART7 is interrupt 52 = pin_base 32 + 20');
  assert.deepEqual([cell.console.address, cell.console.type, cell.console.gateNr], [0x01c29c00, 2, 23]);
});

test('JSON sources compile like YAML', () => {
  const json = JSON.stringify({
    kind: 'cell', name: 'demo', cpus: [1],
    memory_regions: [
      { phys_start: '0x47b00000', virt_start: 0, size: '1M', flags: ['read', 'write', 'execute', 'loadable'] },
      { virt_start: 2147483648, size: 4096, flags: 0x23 },
    ],
  }, null, 2);
  assert.deepEqual(buildConfig(json, 'demo.json'), buildConfig(CELL, 'demo.yaml'));
  const e = configError(() => buildConfig(json.replace('"loadable"', '"loadible"'), 'demo.json'));
  assert.equal(e.message, 'demo.json:16: memory_regions[0].flags[3]: expected one of read, write, execute, dma, io, comm_region, loadable, rootshared, no_hugepages, io_unaligned, io_8, io_16, io_32, io_64 or a number, got "loadible"');
});

test('numbers: decimal, hex, binary, underscores and K/M/G suffixes', () => {
  assert.equal(parseNumber('64M'), 0x4000000);
  assert.equal(parseNumber('0x7c00_0000'), 0x7c000000);
  assert.equal(parseNumber('1GiB'), 0x40000000);
  assert.equal(parseNumber('4k'), 4096);
  assert.equal(parseNumber('0b101'), 5);
  assert.equal(parseNumber(' 16 '), 16);
  assert.equal(parseNumber('0x10M'), 0x1000000);
  assert.equal(parseNumber('12Q'), undefined);
  assert.equal(parseNumber('-4'), undefined);
  assert.equal(parseNumber('0xg'), undefined);
});

test('source errors name the file, the line and the key path', () => {
  const cases: [string, string][] = [
    [CELL.replace('cpus: [1]', 'cpus: [1]\nflagz: []'), 'c.yaml:4: flagz: expected one of the keys comment, name, id, flags, cpu_set_size, cpus, memory_regions, cache_regions, irqchips, pio_regions, pci_devices, pci_caps, stream_ids, vpci_irq_base, cpu_reset_address, msg_reply_timeout, console, got unknown key "flagz"'],
    [CELL.replace('size: 1M', 'size: lots'), 'c.yaml:5: memory_regions[0].size: expected a non-negative integer (decimal, 0x hex, or with a K/M/G suffix), got "lots"'],
    [CELL.replace('size: 1M', 'size: -4096'), 'c.yaml:5: memory_regions[0].size: expected an integer 0..0x1fffffffffffff, got -4096'],
    [CELL.replace('loadable]', 'loadable, dirty]'), 'c.yaml:5: memory_regions[0].flags[4]: expected one of read, write, execute, dma, io, comm_region, loadable, rootshared, no_hugepages, io_unaligned, io_8, io_16, io_32, io_64 or a number, got "dirty"'],
    [CELL.replace('  - { virt_start: 0x80000000, size: 4K,', '  - { virt_start: 0x80000000,'), 'c.yaml:6: memory_regions[1].size: expected the key "size", got it is missing'],
    [CELL.replace('kind: cell\n', ''), 'c.yaml:1: kind: expected the key "kind" (system or cell), got it is missing'],
    [CELL.replace('kind: cell', 'kind: cel'), 'c.yaml:1: kind: expected system or cell, got "cel"'],
    [CELL.replace('name: demo', 'name: a-name-that-is-far-too-long-for-jailhouse'), 'c.yaml:2: name: expected 1..31 printable ASCII characters, got "a-name-that-is-far-too-long-for-jailhouse"'],
    [CELL.replace('cpus: [1]', 'cpus: []'), 'c.yaml:3: cpus: expected at least one CPU, got an empty list'],
    [CELL.replace('cpus: [1]', 'cpus: [1]\ncpus: [2]'), 'c.yaml:4: syntax: expected valid YAML or JSON, got Map keys must be unique'],
    [CELL.replace('cpus: [1]', 'cpus: [1'), 'c.yaml:4: syntax: expected valid YAML or JSON, got Flow sequence in block collection must be sufficiently indented and end with a ]'],
    [CELL + 'irqchips:\n  - { address: 0x08000000, pins: [31] }\n', 'c.yaml:8: irqchips[0].pins: expected interrupt IDs 32..159 (pin_base .. pin_base + 127), got 31'],
    [CELL + 'irqchips:\n  - { address: 0x08000000, pins: [40], pin_bitmap: [0, 0, 0, 0] }\n', 'c.yaml:8: irqchips[0].pin_bitmap: expected either pins or pin_bitmap, not both, got a list'],
    [CELL + 'console: { type: vga }\n', 'c.yaml:7: console.type: expected one of 8250, none, efifb, pl011, xuartps, mvebu, hscif, scifa, imx or a number, got "vga"'],
    [CELL + 'pci_devices:\n  - { type: ivshmem, bdf: "00:20.0" }\n', 'c.yaml:8: pci_devices[0].bdf: expected a device number 00..1f, got "00:20.0"'],
  ];
  for (const [src, msg] of cases) assert.equal(configError(() => buildConfig(src, 'c.yaml')).message, msg);
});

test('errors found in the binary layout point at the source line', () => {
  // A RAM size that is not a page multiple is caught by the .cell validation and mapped back.
  const e = configError(() => buildConfig(CELL.replace('size: 1M', 'size: 0x100800'), 'c.yaml'));
  assert.equal(e.message, 'c.yaml:5: memory_regions[0].size: expected a multiple of the page size 0x1000 (only JAILHOUSE_MEM_IO regions may be sub-page), got 0x100800');
  assert.deepEqual([e.line, e.offset, e.field], [5, undefined, 'memory_regions[0].size']);
  const o = configError(() => buildConfig(CELL.replace('virt_start: 0x80000000', 'virt_start: 0x8000'), 'c.yaml'));
  assert.equal(o.message, 'c.yaml:6: memory_regions[1].virt_start: expected no overlap with memory_regions[0] (virt 0x0..0xfffff), got virt 0x8000..0x8fff');
  const sys = readFileSync(join(configs, 'qemu-arm.yaml'), 'utf8');
  const s = configError(() => buildConfig(sys.replace('gic_version: 2', 'gic_version: 5'), 'qemu-arm.yaml'));
  assert.equal(s.message, 'qemu-arm.yaml:17: platform_info.arm.gic_version: expected 2 or 3, got 5');
  const t = configError(() => buildConfig(sys.replace('phys_start: 0x47c00000', 'phys_start: 0x47c00010'), 'qemu-arm.yaml'));
  assert.equal(t.message, 'qemu-arm.yaml:8: hypervisor_memory.phys_start: expected a multiple of the page size 0x1000, got 0x47c00010');
});

test('sources accept symbolic and numeric forms alike', () => {
  const a = compileConfig(CELL + 'console: { address: 0x09000000, type: pl011, flags: [access_mmio, regdist_4] }\nflags: passive_commreg\n', 'a.yaml');
  const b = compileConfig(CELL + 'console: { address: 150994944, type: 3, flags: 3 }\nflags: [1]\n', 'b.yaml');
  assert.deepEqual(a.config, b.config);
  const f = compileConfig(CELL.replace('[read, write, comm_region]', '[read, no_hugepages, io_unaligned, io_16, io]'), 'f.yaml');
  assert.equal(f.kind === 'cell' && f.config.memoryRegions[1]!.flags, 0x1 | 0x100 | 0x8000 | 0x20000 | 0x10);
  const schema = JSON.parse(configJsonSchemaText()) as { $defs: { memoryRegion: { properties: { flags: unknown } } } };
  assert.match(JSON.stringify(schema.$defs.memoryRegion.properties.flags), /"no_hugepages"/);
  const c = compileConfig(CELL.replace('cpus: [1]', 'cpus: [0-2, 5]'), 'c.yaml');
  assert.equal(c.kind, 'cell');
  if (c.kind === 'cell') {
    assert.deepEqual(c.config.cpus, [0, 1, 2, 5]);
    assert.equal(c.config.cpuSetSize, 8);
    assert.equal(c.config.memoryRegions[1]!.physStart, 0);
  }
});

test('a .cell turned into a source compiles back to the same bytes', () => {
  const files = [
    join(data, 'jailhouse-bananapi.cell'), join(data, 'jailhouse-bananapi-uart-demo.cell'),
    join(data, 'jailhouse-qemu-arm-inmate-demo.cell'), join(configs, 'qemu-arm.cell'), join(configs, 'bananapi-inmate.cell'),
  ];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const src = configToSource(loadConfig(bytes, f));
    assert.deepEqual(buildConfig(src, 'dump.yaml'), bytes, f);
  }
  const text = configToSource(loadConfig(new Uint8Array(readFileSync(join(configs, 'qemu-arm-inmate.cell'))), 'q'));
  assert.match(text, /^kind: cell\nname: qemu-arm-inmate\nflags: \[passive_commreg, virtual_console_permitted\]\ncpus: \[1\]\n/);
  assert.match(text, /- \{phys_start: 0x47b00000, virt_start: 0x0, size: 0x100000, flags: \[read, write, execute, loadable\]\}/);
});
