// MMIO emulation: sub-page regions pass only the access widths their flags
// allow to the device, region dispatch finds the handler by address, the
// data-abort syndrome is decoded as the hardware reports it, and a trapped
// Thumb store resumes after its 16 bits (HSR.IL).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus, type AccessSize } from '../../src/machine/bus.js';
import {
  MMIO_HANDLED, MMIO_UNHANDLED, MmioRegions, decodeDataAbort, subpageHandler, type DataAbortInfo, type MmioAccess,
} from '../../src/hypervisor/mmio.js';
import { JAILHOUSE_MEM_IO, JAILHOUSE_MEM_IO_32, JAILHOUSE_MEM_IO_8, JAILHOUSE_MEM_IO_UNALIGNED } from '../../src/config/index.js';
import { Machine } from '../../src/machine/machine.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';
import { CMD, LAYOUT, Rig, cellBytes, inmateConfig, systemBytes, systemConfig } from './harness.js';

function deviceBus(): { bus: Bus; log: string[] } {
  const bus = new Bus();
  const log: string[] = [];
  bus.addDevice(0x01c29000, 0x1000, {
    name: 'dev',
    read: (off, size) => { log.push(`r${size}@${off.toString(16)}`); return 0x12345678; },
    write: (off, size, v) => { log.push(`w${size}@${off.toString(16)}=${v.toString(16)}`); },
  });
  return { bus, log };
}

const acc = (address: number, size: AccessSize, isWrite: boolean, value = 0): MmioAccess => ({ address, size, isWrite, value });

test('a sub-page region passes only allowed, aligned accesses to the device at its physical address', () => {
  const { bus, log } = deviceBus();
  const mem = { physStart: 0x01c29c00, virtStart: 0x01c29c00, size: 0x400, flags: 3 | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_32 };
  const h = subpageHandler(bus, mem);
  assert.equal(h(acc(0x14, 4, false)), MMIO_HANDLED);
  assert.equal(h(acc(0x00, 4, true, 0x41)), MMIO_HANDLED);
  assert.equal(h(acc(0x00, 1, true, 0x41)), MMIO_UNHANDLED, 'byte access to a 32-bit-only region');
  assert.equal(h(acc(0x02, 4, false)), MMIO_UNHANDLED, 'misaligned');
  assert.deepEqual(log, ['r4@c14', 'w4@c00=41']);
  const any = subpageHandler(bus, { ...mem, flags: 3 | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_8 | JAILHOUSE_MEM_IO_32 | JAILHOUSE_MEM_IO_UNALIGNED });
  assert.equal(any(acc(0x01, 1, false)), MMIO_HANDLED);
  assert.equal(any(acc(0x02, 4, false)), MMIO_HANDLED, 'unaligned allowed by its flag');
  assert.equal(any(acc(0x00, 2, false)), MMIO_UNHANDLED, '16-bit not among the widths');
});

test('MMIO dispatch finds the region that holds the whole access', () => {
  const regions = new MmioRegions();
  const seen: string[] = [];
  regions.register(0x2000, 0x400, (a) => { seen.push(`b+${a.address.toString(16)}`); return MMIO_HANDLED; });
  regions.register(0x1000, 0x100, (a) => { seen.push(`a+${a.address.toString(16)}`); return MMIO_HANDLED; });
  assert.equal(regions.dispatch(acc(0x10fc, 4, false)), MMIO_HANDLED);
  assert.equal(regions.dispatch(acc(0x10fe, 4, false)), MMIO_UNHANDLED, 'runs past the region');
  assert.equal(regions.dispatch(acc(0x23fc, 4, false)), MMIO_HANDLED);
  assert.equal(regions.dispatch(acc(0x3000, 4, false)), MMIO_UNHANDLED);
  regions.unregister(0x2000);
  assert.equal(regions.dispatch(acc(0x2000, 4, false)), MMIO_UNHANDLED);
  assert.deepEqual(seen, ['a+fc', 'b+3fc']);
});

test('the data-abort syndrome gives address, size, direction, register and sign extension', () => {
  const m = new Machine({ cpus: 1, model: CORTEX_A15, cpuHz: 1e9, hasSecurity: false, hasVirtualization: true });
  const core = m.cores[0];
  const info: DataAbortInfo = { ipa: 0, size: 4, isWrite: false, isv: false, signExtend: false, reg: 0, reflect: false };
  // LDRSH r3 from IPA 0x47b00ffe: ISV, SAS 1, SSE, SRT 3, read; HPFAR has IPA[39:12] in bits 31:4.
  core.cp15.hsr = ((0x24 << 26) | (1 << 25) | (1 << 24) | (1 << 22) | (1 << 21) | (3 << 16) | 0x07) >>> 0;
  core.cp15.hpfar = (0x47b00 << 4) >>> 0;
  core.cp15.hdfar = 0x00000ffe;
  decodeDataAbort(core, info);
  assert.deepEqual(info, { ipa: 0x47b00ffe, size: 2, isWrite: false, isv: true, signExtend: true, reg: 3, reflect: false });
  // STRB r12, a walk fault (S1PTW): reflected to the guest.
  core.cp15.hsr = ((0x24 << 26) | (1 << 25) | (1 << 24) | (12 << 16) | (1 << 7) | (1 << 6) | 0x07) >>> 0;
  decodeDataAbort(core, info);
  assert.equal(info.size, 1);
  assert.equal(info.isWrite, true);
  assert.equal(info.reg, 12);
  assert.equal(info.reflect, true);
});

test('a trapped 16-bit Thumb store is emulated and stepped over by its own length', () => {
  const rig = new Rig('qemu-arm', 2);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig('qemu-arm', [0, 1])));
  const id = rig.driver.createCell(cellBytes(inmateConfig('qemu-arm', { flags: 0 })));
  // movw/movt r0, GICD_ISENABLER0; mov r1, 1<<27; mov r2, 0; mov r3, 0x1000; add r4, pc, 1; bx r4
  // Thumb: str r1, [r0] (trapped, emulated); adds r2, 1; adds r2, 1; str r2, [r3]; b .
  const image = Uint8Array.of(
    0x00, 0x01, 0x00, 0xe3, 0x00, 0x08, 0x40, 0xe3, 0x02, 0x13, 0xa0, 0xe3, 0x00, 0x20, 0xa0, 0xe3,
    0x01, 0x3a, 0xa0, 0xe3, 0x01, 0x40, 0x8f, 0xe2, 0x14, 0xff, 0x2f, 0xe1, 0x01, 0x60, 0x01, 0x32,
    0x01, 0x32, 0x1a, 0x60, 0xfe, 0xe7, 0x00, 0xbf);
  rig.driver.loadCell(id, [{ data: image }]);
  rig.driver.startCell(id);
  rig.run(100_000);
  const ram = LAYOUT['qemu-arm'].cellRam[0];
  assert.equal(rig.m.bus.read(ram + 0x1000, 4), 2, 'both ADDS after the emulated store ran');
  rig.m.bus.currentCpu = 1;
  assert.equal((rig.m.bus.read(LAYOUT['qemu-arm'].gic.gicd + 0x100, 4) >>> 27) & 1, 1, 'the store enabled PPI 27 of CPU 1');
  assert.equal(rig.hypervisor.cpus[1].stats.counts[1], 1, 'one MMIO exit');
});
