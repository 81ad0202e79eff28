// A root-cell program booted on a board, the driver, and the configs the
// hypervisor tests use. The root program (test/hypervisor/guest/src/root.c)
// takes commands through a mailbox in its RAM; the inmate
// (inmate.c) reads its mode from the parameter block at 0x20 of its image.
// Output is split by source: what the root wrote to its UART, what the
// hypervisor console wrote (including the inmates' debug-console output), and
// the Banana Pi's UART7 (the inmate's own UART there).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSession } from '../../src/boards/session.js';
import type { BoardInstance } from '../../src/boards/board.js';
import type { Machine } from '../../src/machine/machine.js';
import { Driver } from '../../src/hypervisor/driver.js';
import type { Hypervisor } from '../../src/hypervisor/hypervisor.js';
import {
  JAILHOUSE_CON_ACCESS_MMIO, JAILHOUSE_CON_REGDIST_4, JAILHOUSE_CON_TYPE_8250, JAILHOUSE_CON_TYPE_PL011,
  JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE, JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED, JAILHOUSE_MEM_COMM_REGION,
  JAILHOUSE_MEM_EXECUTE, JAILHOUSE_MEM_IO, JAILHOUSE_MEM_IO_32, JAILHOUSE_MEM_LOADABLE, JAILHOUSE_MEM_READ,
  JAILHOUSE_MEM_WRITE, emptyConsole, emptyIommuUnit, writeCellConfig, writeSystemConfig,
  type CellConfig, type Irqchip, type MemoryRegion, type SystemConfig,
} from '../../src/config/index.js';

export const GUEST = fileURLToPath(new URL('../../../test/hypervisor/guest/bin/', import.meta.url));

export type BoardName = 'qemu-arm' | 'bananapi';

export const RW = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE;
export const RWX = RW | JAILHOUSE_MEM_EXECUTE;
export const IO = RW | JAILHOUSE_MEM_IO;

/** Each board's layout in the test configs. */
export const LAYOUT = {
  'qemu-arm': {
    hv: { start: 0x47c00000, size: 0x400000 },
    rootRam: { start: 0x40000000, size: 0x7c00000 },
    rootIo: [{ start: 0x09000000, size: 0x1000 }],
    cellRam: [0x47b00000, 0x47a00000],
    uart0: 0x09000000,
    gic: { gicd: 0x08000000, gicc: 0x08010000, gich: 0x08030000, gicv: 0x08040000 },
    spis: [32, 160],
    console: { address: 0x09000000, size: 0x1000, type: JAILHOUSE_CON_TYPE_PL011, flags: JAILHOUSE_CON_ACCESS_MMIO },
    elf: 'root-qemu.elf', inmate: 'inmate-qemu.bin',
  },
  bananapi: {
    hv: { start: 0x7c000000, size: 0x400000 },
    rootRam: { start: 0x40000000, size: 0x3c000000 },
    rootIo: [{ start: 0x01c20000, size: 0x10000 }],
    cellRam: [0x7bf00000, 0x7be00000],
    uart0: 0x01c28000,
    gic: { gicd: 0x01c81000, gicc: 0x01c82000, gich: 0x01c84000, gicv: 0x01c86000 },
    spis: [32],
    console: {
      address: 0x01c28000, size: 0x400, type: JAILHOUSE_CON_TYPE_8250,
      flags: JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_REGDIST_4,
    },
    elf: 'root-bpi.elf', inmate: 'inmate-bpi.bin',
  },
} as const;

export function region(physStart: number, size: number, flags: number, virtStart = physStart): MemoryRegion {
  return { physStart, virtStart, size, flags };
}

function allPins(pinBase: number): Irqchip {
  return { address: 0, id: 0, pinBase, pinBitmap: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] };
}

export function cellConfig(name: string, cpus: number[], memoryRegions: MemoryRegion[], more: Partial<CellConfig> = {}): CellConfig {
  return {
    name, id: 0, flags: 0, cpuSetSize: 4, cpus, memoryRegions, cacheRegions: [], irqchips: [], pioRegions: [],
    pciDevices: [], pciCaps: [], streamIds: [], vpciIrqBase: 0, cpuResetAddress: 0, msgReplyTimeout: 0,
    console: emptyConsole(), ...more,
  };
}

/** The system config of a board: root cell with all CPUs, its RAM minus the hypervisor's, its I/O, all SPIs. */
export function systemConfig(board: BoardName, cpus: number[]): SystemConfig {
  const l = LAYOUT[board];
  const root = cellConfig(`${board}-root`, cpus, [
    ...l.rootIo.map((r) => region(r.start, r.size, IO)),
    region(l.rootRam.start, l.rootRam.size, RWX),
  ], { irqchips: l.spis.map((b) => ({ ...allPins(b), address: l.gic.gicd })) });
  return {
    flags: 0,
    hypervisorMemory: region(l.hv.start, l.hv.size, 0),
    debugConsole: { ...emptyConsole(), ...l.console },
    platformInfo: {
      pciMmconfigBase: 0, pciMmconfigEndBus: 0, pciIsVirtual: 0, pciDomain: 0,
      arm: {
        maintenanceIrq: 25, gicVersion: 2, gicdBase: l.gic.gicd, giccBase: l.gic.gicc, gichBase: l.gic.gich,
        gicvBase: l.gic.gicv, gicrBase: 0, iommuUnits: Array.from({ length: 8 }, emptyIommuUnit),
      },
    },
    rootCell: root,
  };
}

export interface InmateOptions {
  name?: string;
  cpus?: number[];
  /** Index into LAYOUT.cellRam. */
  ram?: number;
  /** Interrupts the cell owns (SPIs). */
  irqs?: number[];
  flags?: number;
  extraRegions?: MemoryRegion[];
  msgReplyTimeout?: number;
}

/** An inmate cell: 1 MiB of RAM at guest address 0 (loadable), the comm region, its UART. */
export function inmateConfig(board: BoardName, o: InmateOptions = {}): CellConfig {
  const l = LAYOUT[board];
  const regions = [
    region(l.cellRam[o.ram ?? 0], 0x100000, RWX | JAILHOUSE_MEM_LOADABLE, 0),
    region(0, 0x1000, RW | JAILHOUSE_MEM_COMM_REGION, 0x80000000),
  ];
  if (board === 'bananapi') regions.push(region(0x01c29c00, 0x400, IO | JAILHOUSE_MEM_IO_32));
  regions.push(...(o.extraRegions ?? []));
  const irqchips: Irqchip[] = [];
  if (o.irqs && o.irqs.length > 0) {
    const bitmap: [number, number, number, number] = [0, 0, 0, 0];
    for (const irq of o.irqs) bitmap[(irq - 32) >> 5] |= 1 << ((irq - 32) & 31);
    irqchips.push({ address: l.gic.gicd, id: 0, pinBase: 32, pinBitmap: bitmap.map((w) => w >>> 0) as [number, number, number, number] });
  }
  const flags = o.flags ?? (board === 'qemu-arm'
    ? (JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED | JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE) >>> 0 : 0);
  return cellConfig(o.name ?? 'inmate', o.cpus ?? [1], regions, {
    flags, irqchips, msgReplyTimeout: o.msgReplyTimeout ?? 0,
  });
}

export const systemBytes = (c: SystemConfig): Uint8Array => writeSystemConfig(c);
export const cellBytes = (c: CellConfig): Uint8Array => writeCellConfig(c);

/** The inmate image with its parameter block set. */
export function inmateImage(board: BoardName, p: { select?: number; iterations?: number; arg?: number; period?: number; quiet?: boolean } = {}): Uint8Array {
  const img = new Uint8Array(readFileSync(GUEST + LAYOUT[board].inmate));
  const dv = new DataView(img.buffer);
  if (dv.getUint32(0x20, true) !== 0x544d4e49) throw new Error('inmate image without a parameter block at 0x20');
  dv.setUint32(0x28, p.iterations ?? 0, true);
  dv.setUint32(0x2c, p.select ?? 0, true);
  dv.setUint32(0x30, p.period ?? 0, true);
  dv.setUint32(0x34, p.quiet ? 1 : 0, true);
  dv.setUint32(0x38, p.arg ?? 0, true);
  return img;
}

/** Mailbox commands of root.c. */
export const CMD = {
  CPU_ON: 1, AFFINITY: 2, HVC: 3, GIC_INIT: 4, SGI: 5, EXIT: 6, COMPUTE: 7, READ: 8, WRITE: 9, QUIET: 10, SMC: 11,
  SPI_ENABLE: 12,
} as const;

const MAILBOX = 0x40f00000;
/** Word offsets in struct mailbox. */
const MB = { cmd: 0, a1: 1, a2: 2, a3: 3, result: 4, result2: 5, done: 6, ticks: 7, quiet: 8, cpuOff: 9, alive: 13, irqCount: 17, spiCount: 49, lastSpi: 50 };

export class Rig {
  readonly board: BoardInstance;
  readonly m: Machine;
  readonly driver: Driver;
  /** What the root program wrote on its UART. */
  root = '';
  /** What the hypervisor console wrote (its messages and the inmates' debug-console output). */
  hv = '';
  /** Other UARTs (the Banana Pi inmate's UART7). */
  uart7 = '';
  semihosting = '';

  constructor(readonly boardName: BoardName, cpus: number) {
    const l = LAYOUT[boardName];
    const decoder = (b: Uint8Array): string => String.fromCharCode(...b);
    const s = startSession(GUEST + l.elf, null, {
      board: boardName, cpus, semihosting: true, bootMode: 'hyp',
      onOutput: (bytes, source) => {
        const text = decoder(bytes);
        if (this.driver?.hv?.console.writing) this.hv += text.replace(/\r/g, ''); // the console sends CR LF
        else if (source === 'uart7') this.uart7 += text;
        else if (source.startsWith('semihosting')) this.semihosting += text;
        else this.root += text;
      },
    });
    this.board = s.board;
    this.m = s.board.machine;
    this.driver = new Driver(this.m);
  }

  get hypervisor(): Hypervisor { return this.driver.hv!; }

  /** Runs about `cycles` of virtual time (whole rounds). */
  run(cycles: number): void {
    this.m.runSlice({}, Math.ceil(cycles / this.m.quantum));
  }

  /** Runs until `done()` holds; fails after `maxCycles`. */
  runUntil(done: () => boolean, maxCycles = 50_000_000, what = 'condition'): void {
    const rounds = Math.ceil(maxCycles / this.m.quantum);
    for (let i = 0; i < rounds; i++) {
      if (done()) return;
      if (this.m.runSlice({}, 1) !== null) break;
    }
    if (!done()) throw new Error(`${what} not reached (machine: ${this.m.stopReason ?? 'running'}, now ${this.m.now})`);
  }

  mb(word: number): number { return this.m.bus.read(MAILBOX + word * 4, 4) >>> 0; }
  private setMb(word: number, v: number): void { this.m.bus.write(MAILBOX + word * 4, 4, v >>> 0); }

  get ticks(): number { return this.mb(MB.ticks); }
  alive(cpu: number): number { return this.mb(MB.alive + cpu); }
  irqCount(id: number): number { return this.mb(MB.irqCount + id); }
  get spiCount(): number { return this.mb(MB.spiCount); }
  get result2(): number { return this.mb(MB.result2); }

  /** Has the root's boot CPU carry out a mailbox command; returns its result (signed). */
  command(cmd: number, a1 = 0, a2 = 0, a3 = 0, maxCycles = 20_000_000): number {
    const done = this.mb(MB.done);
    this.setMb(MB.a1, a1);
    this.setMb(MB.a2, a2);
    this.setMb(MB.a3, a3);
    this.setMb(MB.cmd, cmd);
    this.runUntil(() => this.mb(MB.done) !== done, maxCycles, `root command ${cmd}`);
    return this.mb(MB.result) | 0;
  }

  /** Asks a root CPU started with CPU_ON to switch itself off (PSCI CPU_OFF). */
  cpuOff(cpu: number): void {
    this.setMb(MB.cpuOff + cpu, 1);
    this.runUntil(() => this.mb(MB.cpuOff + cpu) === 0 && this.m.cores[cpu].off, 5_000_000, `CPU ${cpu} off`);
  }

  quiet(on: boolean): void { this.command(CMD.QUIET, on ? 1 : 0); }

  /** Copies bytes into root memory (as a test would stage data for the root program). */
  poke(pa: number, bytes: Uint8Array): void { this.m.bus.load(pa, bytes); }

  /** Ticks a ticker inmate counted (the last word of its parameter block) in cell RAM `ram`. */
  cellTicks(ram = 0): number {
    return this.m.bus.read(LAYOUT[this.boardName].cellRam[ram] + 0x3c, 4) >>> 0;
  }

  /** Runs until the root printed `n` more ticks. */
  runTicks(n: number): void {
    const t = this.ticks + n;
    this.runUntil(() => this.ticks >= t, 50_000_000, `${n} root ticks`);
  }
}

/** Lines of a text that start with a prefix. */
export function lines(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}
