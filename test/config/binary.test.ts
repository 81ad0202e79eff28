// .cell reading and writing: fixtures compiled by arm-none-eabi-gcc from
// Jailhouse v0.12's config values (test/config/data), byte-identical round
// trips, and one test per validation error with its exact message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  ConfigError, readCellConfig, readSystemConfig, writeCellConfig, writeSystemConfig, layout,
  JAILHOUSE_MEM_IO, JAILHOUSE_MEM_IO_32, JAILHOUSE_MEM_READ, JAILHOUSE_MEM_WRITE, JAILHOUSE_CON_TYPE_8250,
} from '../../src/config/index.js';

const data = fileURLToPath(new URL('../../../test/config/data/', import.meta.url));
const configs = fileURLToPath(new URL('../../../configs/', import.meta.url));
const load = (dir: string, f: string): Uint8Array => new Uint8Array(readFileSync(join(dir, f)));

/** Runs `fn`, requires a ConfigError, returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

function patch(bytes: Uint8Array, edit: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer), copy);
  return copy;
}

const sysBytes = load(data, 'jailhouse-bananapi.cell');
const uartBytes = load(data, 'jailhouse-bananapi-uart-demo.cell');
const qemuDemoBytes = load(data, 'jailhouse-qemu-arm-inmate-demo.cell');
/** Offset of root_cell.memory_regions[i] in the bananapi system fixture (8-byte CPU set). */
const rootMem = (i: number): number => layout.SYSTEM_SIZE + 8 + i * layout.MEMORY_SIZE;
/** Offset of memory_regions[i] in a cell fixture with an 8-byte CPU set. */
const cellMem = (i: number): number => layout.CELL_DESC_SIZE + 8 + i * layout.MEMORY_SIZE;

test('reads the Jailhouse bananapi system config as compiled by GCC', () => {
  const s = readSystemConfig(sysBytes, 'bananapi.cell');
  assert.equal(sysBytes.length, 1190);
  assert.deepEqual(s.hypervisorMemory, { physStart: 0x7c000000, virtStart: 0, size: 0x4000000, flags: 0 });
  assert.equal(s.debugConsole.address, 0x01c28000);
  assert.equal(s.debugConsole.type, JAILHOUSE_CON_TYPE_8250);
  assert.equal(s.debugConsole.flags, 3);
  const a = s.platformInfo.arm;
  assert.deepEqual([a.maintenanceIrq, a.gicVersion, a.gicdBase, a.giccBase, a.gichBase, a.gicvBase, a.gicrBase],
    [25, 2, 0x01c81000, 0x01c82000, 0x01c84000, 0x01c86000, 0]);
  assert.equal(s.platformInfo.pciMmconfigBase, 0x2000000);
  assert.equal(s.platformInfo.pciIsVirtual, 1);
  const r = s.rootCell;
  assert.equal(r.name, 'Banana-Pi');
  assert.deepEqual(r.cpus, [0, 1]);
  assert.equal(r.cpuSetSize, 8);
  assert.equal(r.vpciIrqBase, 108);
  assert.equal(r.memoryRegions.length, 20);
  assert.deepEqual(r.memoryRegions[12], {
    physStart: 0x01c208fc, virtStart: 0x01c208fc, size: 0x24,
    flags: JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_32,
  });
  assert.deepEqual(r.memoryRegions[1], { physStart: 0, virtStart: 0, size: 0, flags: 0 });
  assert.deepEqual(r.irqchips, [{ address: 0x01c81000, id: 0, pinBase: 32, pinBitmap: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] }]);
  const d = r.pciDevices[0]!;
  assert.deepEqual([d.type, d.bdf, d.barMask[0], d.shmemPeers, d.shmemProtocol], [3, 8, 0xfffff000, 2, 1]);
  assert.equal(s.rootCellSigned, undefined);
});

test('reads Jailhouse cell configs as compiled by GCC', () => {
  const c = readCellConfig(uartBytes, 'uart-demo.cell');
  assert.equal(c.name, 'bananapi-uart-demo');
  assert.deepEqual(c.cpus, [1]);
  assert.deepEqual(c.console, { address: 0x01c29c00, size: 0, type: 2, flags: 3, divider: 0x0d, gateNr: 23, clockReg: 0x01c2006c });
  assert.deepEqual(c.memoryRegions[3], { physStart: 0, virtStart: 0x80000000, size: 0x1000, flags: 0x23 });
  const q = readCellConfig(qemuDemoBytes, 'qemu-demo.cell');
  assert.equal(q.vpciIrqBase, 112);
  assert.deepEqual(q.irqchips[0]!.pinBitmap, [0, 0, 0, 0x10000]);
  assert.deepEqual([q.pciDevices[0]!.domain, q.pciDevices[0]!.shmemDevId, q.pciDevices[0]!.shmemPeers], [1, 1, 3]);
});

test('writing a read config gives the same bytes', () => {
  assert.deepEqual(writeSystemConfig(readSystemConfig(sysBytes, 'a')), sysBytes);
  assert.deepEqual(writeCellConfig(readCellConfig(uartBytes, 'b')), uartBytes);
  assert.deepEqual(writeCellConfig(readCellConfig(qemuDemoBytes, 'c')), qemuDemoBytes);
  for (const f of ['bananapi.cell', 'qemu-arm.cell']) {
    const b = load(configs, f);
    assert.deepEqual(writeSystemConfig(readSystemConfig(b, f)), b, f);
  }
  for (const f of ['bananapi-inmate.cell', 'qemu-arm-inmate.cell']) {
    const b = load(configs, f);
    assert.deepEqual(writeCellConfig(readCellConfig(b, f)), b, f);
  }
});

test('a signed root cell header is accepted and kept', () => {
  const signed = patch(sysBytes, (dv, b) => {
    b.set([...'JHCELL'].map((c) => c.charCodeAt(0)), layout.SysOff.rootCell);
    dv.setUint16(layout.SysOff.rootCell + 6, 12, true);
  });
  const s = readSystemConfig(signed, 'signed.cell');
  assert.equal(s.rootCellSigned, true);
  assert.deepEqual(writeSystemConfig(s), signed);
  const bad = patch(signed, (_dv, b) => { b[layout.SysOff.rootCell] = 0x58; });
  assert.equal(configError(() => readSystemConfig(bad, 'x.cell')).message,
    'x.cell: offset 0x142 (root_cell.signature): expected "JHCELL" (or all zero, the root cell descriptor), got "XHCELL"');
});

test('truncated files name the structure and field that runs past the end', () => {
  const cases: [number, string][] = [
    [4, 'x.cell: offset 0x0 (signature): expected 8 bytes of a system config, struct jailhouse_system, got only 4 before the end of the file (4 bytes)'],
    [50, 'x.cell: offset 0x2c (debug_console.address): expected 8 bytes of struct jailhouse_console, got only 6 before the end of the file (50 bytes)'],
    [300, 'x.cell: offset 0x12a (platform_info.arm.iommu_units[7].type): expected 4 bytes of struct jailhouse_iommu, got only 2 before the end of the file (300 bytes)'],
    [80, 'x.cell: offset 0x4c (platform_info.pci_mmconfig_base): expected 8 bytes of platform_info, got only 4 before the end of the file (80 bytes)'],
    [400, 'x.cell: offset 0x142 (root_cell): expected 132 bytes of struct jailhouse_cell_desc (root_cell), got only 78 before the end of the file (400 bytes)'],
    [458, 'x.cell: offset 0x1c6 (root_cell.cpu_set): expected 8 bytes of the CPU bitmap; the header counts call for 1190 bytes, got only 4 before the end of the file (458 bytes)'],
    [rootMem(3) + 20, 'x.cell: offset 0x23e (root_cell.memory_regions[3].size): expected 8 bytes of struct jailhouse_memory; the header counts call for 1190 bytes, got only 4 before the end of the file (578 bytes)'],
    [1190 - 56 - 16, 'x.cell: offset 0x45e (root_cell.irqchips[0].pin_bitmap[0]): expected 4 bytes of struct jailhouse_irqchip; the header counts call for 1190 bytes, got none before the end of the file (1118 bytes)'],
    [1189, 'x.cell: offset 0x4a4 (root_cell.pci_devices[0].shmem_protocol): expected 2 bytes of struct jailhouse_pci_device; the header counts call for 1190 bytes, got only 1 before the end of the file (1189 bytes)'],
  ];
  for (const [len, msg] of cases) {
    const e = configError(() => readSystemConfig(sysBytes.subarray(0, len), 'x.cell'));
    assert.equal(e.message, msg);
    assert.equal(e.file, 'x.cell');
  }
  const e = configError(() => readCellConfig(uartBytes.subarray(0, 100), 'c.cell'));
  assert.equal(e.message, 'c.cell: offset 0x0 (jailhouse_cell_desc): expected 132 bytes of struct jailhouse_cell_desc, got only 100 before the end of the file (100 bytes)');
});

test('counts that call for more data than the file holds, or less', () => {
  const more = patch(uartBytes, (dv) => dv.setUint32(layout.CellOff.numMemoryRegions, 1000, true));
  assert.equal(configError(() => readCellConfig(more, 'c.cell')).message,
    'c.cell: offset 0x10c (memory_regions[4].phys_start): expected 8 bytes of struct jailhouse_memory; the header counts call for 32140 bytes, got none before the end of the file (268 bytes)');
  const fewer = patch(uartBytes, (dv) => dv.setUint32(layout.CellOff.numMemoryRegions, 3, true));
  const e = configError(() => readCellConfig(fewer, 'c.cell'));
  assert.equal(e.message, 'c.cell: offset 0xec (end of config): expected the end of the file at 0xec (the size the header counts give), got 32 more bytes');
  assert.equal(e.offset, 0xec);
  assert.equal(e.field, 'end of config');
});

test('wrong signature and wrong revision', () => {
  assert.equal(configError(() => readSystemConfig(uartBytes, 'u.cell')).message,
    'u.cell: offset 0x0 (signature): expected "JHSYST" (a system config, struct jailhouse_system), got "JHCELL"');
  assert.equal(configError(() => readCellConfig(sysBytes, 's.cell')).message,
    's.cell: offset 0x0 (signature): expected "JHCELL" (a cell config, struct jailhouse_cell_desc), got "JHSYST"');
  const rev13 = patch(sysBytes, (dv) => dv.setUint16(6, 13, true));
  const e = configError(() => readSystemConfig(rev13, 's.cell'));
  assert.equal(e.message, 's.cell: offset 0x6 (revision): expected config revision 12 (Jailhouse v0.12), got 13');
  assert.deepEqual([e.offset, e.field, e.expected, e.got], [6, 'revision', 'config revision 12 (Jailhouse v0.12)', '13']);
});

test('unknown flag bits', () => {
  const mem = patch(uartBytes, (dv) => dv.setUint32(cellMem(1) + 24, 0x30013, true));
  assert.equal(configError(() => readCellConfig(mem, 'c.cell')).message,
    'c.cell: offset 0xc4 (memory_regions[1].flags): expected one access width JAILHOUSE_MEM_IO_8/16/32/64 in bits 16..19, got 0x30013');
  const mem2 = patch(uartBytes, (dv) => dv.setUint32(cellMem(1) + 24, 0x1213, true));
  assert.equal(configError(() => readCellConfig(mem2, 'c.cell')).message,
    'c.cell: offset 0xc4 (memory_regions[1].flags): expected only known JAILHOUSE_MEM_* bits (0xf81ff), got 0x1213 (unknown bits 0x1200)');
  const high = patch(uartBytes, (dv) => dv.setUint32(cellMem(0) + 28, 1, true));
  assert.equal(configError(() => readCellConfig(high, 'c.cell')).message,
    'c.cell: offset 0xa4 (memory_regions[0].flags): expected only known JAILHOUSE_MEM_* bits (0xf81ff), got 0x100040013 (bits above 31)');
  const cell = patch(uartBytes, (dv) => dv.setUint32(layout.CellOff.flags, 0x10, true));
  assert.equal(configError(() => readCellConfig(cell, 'c.cell')).message,
    'c.cell: offset 0x2c (flags): expected only known JAILHOUSE_CELL_* bits (0xc0000003), got 0x10 (unknown bits 0x10)');
  const sys = patch(sysBytes, (dv) => dv.setUint32(8, 2, true));
  assert.equal(configError(() => readSystemConfig(sys, 's.cell')).message,
    's.cell: offset 0x8 (flags): expected only known JAILHOUSE_SYS_* bits (0x1), got 0x2');
  const con = patch(uartBytes, (dv) => dv.setUint16(layout.CellOff.console + 14, 0x8003, true));
  assert.equal(configError(() => readCellConfig(con, 'c.cell')).message,
    'c.cell: offset 0x72 (console.flags): expected only known JAILHOUSE_CON_* bits (0x3007), got 0x8003 (unknown bits 0x8000)');
});

test('console type, irqchip pin_base, name, cpu_set_size, gic_version', () => {
  const type = patch(uartBytes, (dv) => dv.setUint16(layout.CellOff.console + 12, 9, true));
  assert.equal(configError(() => readCellConfig(type, 'c.cell')).message,
    'c.cell: offset 0x70 (console.type): expected a console type 0..8 (JAILHOUSE_CON_TYPE_*), got 0x9');
  const chipOff = layout.CELL_DESC_SIZE + 8 + 8 * layout.MEMORY_SIZE;
  const pin = patch(qemuDemoBytes, (dv) => dv.setUint32(chipOff + 12, 48, true));
  assert.equal(configError(() => readCellConfig(pin, 'q.cell')).message,
    `q.cell: offset 0x${(chipOff + 12).toString(16)} (irqchips[0].pin_base): expected a multiple of 32, got 48`);
  const name = patch(uartBytes, (_dv, b) => b.fill(0x41, 8, 40));
  assert.equal(configError(() => readCellConfig(name, 'c.cell')).message,
    'c.cell: offset 0x8 (name): expected a NUL-terminated name of at most 31 bytes, got no NUL in 32 bytes');
  const junk = patch(uartBytes, (_dv, b) => { b[39] = 0x5a; });
  assert.equal(configError(() => readCellConfig(junk, 'c.cell')).message,
    'c.cell: offset 0x27 (name): expected zero bytes after the terminating NUL, got 0x5a');
  const cs = patch(uartBytes, (dv) => dv.setUint32(layout.CellOff.cpuSetSize, 3, true));
  assert.equal(configError(() => readCellConfig(cs, 'c.cell')).message,
    'c.cell: offset 0x30 (cpu_set_size): expected a non-zero multiple of 4 (bytes of a 32-bit ARM unsigned long bitmap), at most 4096, got 3');
  const empty = patch(uartBytes, (_dv, b) => b.fill(0, 132, 140));
  assert.equal(configError(() => readCellConfig(empty, 'c.cell')).message, 'c.cell: offset 0x84 (cpu_set): expected at least one CPU, got an empty set');
  const gic = patch(sysBytes, (_dv, b) => { b[layout.SysOff.platformInfo + layout.PlatOff.gicVersion] = 4; });
  assert.equal(configError(() => readSystemConfig(gic, 's.cell')).message, 's.cell: offset 0x59 (platform_info.arm.gic_version): expected 2 or 3, got 4');
});

test('unaligned and overlapping regions', () => {
  // RAM (not I/O) must be page aligned; I/O regions may be sub-page as in the fixture.
  const size = patch(uartBytes, (dv) => dv.setUint32(cellMem(2) + 16, 0x10800, true));
  assert.equal(configError(() => readCellConfig(size, 'c.cell')).message,
    'c.cell: offset 0xdc (memory_regions[2].size): expected a multiple of the page size 0x1000 (only JAILHOUSE_MEM_IO regions may be sub-page), got 0x10800');
  const phys = patch(uartBytes, (dv) => dv.setUint32(cellMem(2), 0x7bff0800, true));
  assert.equal(configError(() => readCellConfig(phys, 'c.cell')).message,
    'c.cell: offset 0xcc (memory_regions[2].phys_start): expected a multiple of the page size 0x1000, got 0x7bff0800');
  const hv = patch(sysBytes, (dv) => dv.setUint32(layout.SysOff.hypervisorMemory, 0x7c000100, true));
  assert.equal(configError(() => readSystemConfig(hv, 's.cell')).message,
    's.cell: offset 0xc (hypervisor_memory.phys_start): expected a multiple of the page size 0x1000, got 0x7c000100');
  // Region 3 (comm region) moved onto the RAM at guest address 0.
  const overlap = patch(uartBytes, (dv) => {
    dv.setUint32(cellMem(3) + 8, 0x8000, true);
    dv.setUint32(cellMem(3) + 12, 0, true);
  });
  assert.equal(configError(() => readCellConfig(overlap, 'c.cell')).message,
    'c.cell: offset 0xf4 (memory_regions[3].virt_start): expected no overlap with memory_regions[2] (virt 0x0..0xffff), got virt 0x8000..0x8fff');
});

test('64-bit values above 2^53 are refused by the reader and the writer', () => {
  const big = patch(uartBytes, (dv) => dv.setUint32(layout.CellOff.cpuResetAddress + 4, 0x00200000, true));
  assert.equal(configError(() => readCellConfig(big, 'c.cell')).message,
    'c.cell: offset 0x54 (cpu_reset_address): expected a value below 2^53 (the largest this reader represents exactly), got 0x20000000000000');
  const cfg = readCellConfig(uartBytes, 'c');
  cfg.memoryRegions[0]!.size = 2 ** 60;
  assert.equal(configError(() => writeCellConfig(cfg, 'out.cell')).message,
    'out.cell: offset 0x9c (memory_regions[0].size): expected an integer 0..0x1fffffffffffff, got 0x1000000000000000');
});

test('the writer refuses values that do not fit and configs the reader would refuse', () => {
  const cfg = readCellConfig(uartBytes, 'c');
  cfg.name = 'a-name-that-is-far-too-long-for-jailhouse';
  assert.equal(configError(() => writeCellConfig(cfg, 'o.cell')).message,
    'o.cell: offset 0x8 (name): expected at most 31 characters without NUL, each a single byte, got "a-name-that-is-far-too-long-for-jailhouse"');
  const c2 = readCellConfig(uartBytes, 'c');
  c2.console.type = 0x10000;
  assert.equal(configError(() => writeCellConfig(c2, 'o.cell')).message, 'o.cell: offset 0x70 (console.type): expected an integer 0..0xffff, got 0x10000');
  const c3 = readCellConfig(uartBytes, 'c');
  c3.cpus = [64];
  assert.equal(configError(() => writeCellConfig(c3, 'o.cell')).message, 'o.cell: offset 0x84 (cpu_set): expected CPU numbers below 64 (cpu_set_size 8 bytes), got 64');
  const c4 = readCellConfig(uartBytes, 'c');
  c4.memoryRegions[2]!.virtStart = 0x80000000;
  assert.match(configError(() => writeCellConfig(c4, 'o.cell')).message, /^o\.cell: offset 0xf4 \(memory_regions\[3\]\.virt_start\): expected no overlap with memory_regions\[2\]/);
});

test('any truncation or corrupted byte gives a ConfigError or a valid config, nothing else', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (const [bytes, read] of [[sysBytes, readSystemConfig], [uartBytes, readCellConfig], [qemuDemoBytes, readCellConfig]] as const) {
    for (let len = 0; len < bytes.length; len++) configError(() => read(bytes.subarray(0, len), 't.cell'));
    for (let i = 0; i < 3000; i++) {
      const b = bytes.slice();
      for (let k = 1 + rand(3); k > 0; k--) b[rand(b.length)] = rand(256);
      try {
        read(b, 'm.cell');
      } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        assert.match(e.message, /^m\.cell: offset 0x[0-9a-f]+ \([^)]+\): expected .+/);
      }
    }
  }
});
