// What Jailhouse's Linux driver does, for a root cell that is not Linux: put
// the hypervisor and its config into hypervisor memory and enable it on every
// root CPU while the root keeps running; copy cell configs into root memory
// and issue the management hypercalls on a root CPU; write cell images into
// LOADABLE regions while the root cell has them mapped.

import type { Machine } from '../machine/machine.js';
import {
  ConfigError, JAILHOUSE_MEM_COMM_REGION, JAILHOUSE_MEM_IO, JAILHOUSE_MEM_LOADABLE, JAILHOUSE_MEM_WRITE,
  layout, readCellConfig, readSystemConfig, type CellConfig, type SystemConfig,
} from '../config/index.js';
import {
  JAILHOUSE_CPU_INFO_STATE, JAILHOUSE_CPU_INFO_STAT_BASE, JAILHOUSE_HC_CELL_CREATE, JAILHOUSE_HC_CELL_DESTROY,
  JAILHOUSE_HC_CELL_GET_STATE, JAILHOUSE_HC_CELL_SET_LOADABLE, JAILHOUSE_HC_CELL_START, JAILHOUSE_HC_CPU_GET_INFO,
  JAILHOUSE_HC_DISABLE, JAILHOUSE_HC_HYPERVISOR_GET_INFO, HYPERCALL_NAMES, NUM_CPU_STATS, STAT_VMEXITS_TOTAL,
  errnoName,
} from './abi.js';
import { Hypervisor, HypervisorError, type HypervisorOptions } from './hypervisor.js';
import { hypercall } from './hypercalls.js';
import { PAGE_SIZE } from './paging.js';
import type { Tracer } from './trace.js';

export { HypervisorError };

export interface DriverOptions extends HypervisorOptions {
  /**
   * Root-cell memory the driver may use for configs passed to CELL_CREATE
   * (default: the highest 64 KiB of root RAM that no cell holds).
   */
  scratch?: { address: number; size: number };
  /** Rounds to run at most while a hypercall waits for a cell's reply (default 100,000). */
  maxWaitRounds?: number;
}

export interface CellImage {
  /** The image bytes (a raw binary). */
  data: Uint8Array;
  /** Guest-physical address in the cell (default 0, where Jailhouse's ARM inmates are linked). */
  address?: number;
}

const SCRATCH_SIZE = 0x10000;

export class Driver {
  hv: Hypervisor | null = null;
  private tracerValue: Tracer | null = null;

  constructor(readonly machine: Machine, readonly options: DriverOptions = {}) {}

  /** Receives the hypervisor's trace events, now and after every enable (null: none). */
  get tracer(): Tracer | null { return this.tracerValue; }
  set tracer(t: Tracer | null) {
    this.tracerValue = t;
    if (this.hv !== null) this.hv.tracer = t;
  }

  private get hypervisor(): Hypervisor {
    if (this.hv === null || !this.hv.enabled) throw new HypervisorError('the hypervisor is not enabled');
    return this.hv;
  }

  /**
   * `jailhouse enable`: loads the system config into hypervisor memory and
   * activates the hypervisor on every root CPU. The root keeps running.
   */
  enable(systemConfig: Uint8Array, file = 'system config'): Hypervisor {
    if (this.hv?.enabled) throw new HypervisorError('the hypervisor is already enabled');
    let sys: SystemConfig;
    try {
      sys = readSystemConfig(systemConfig, file);
    } catch (e) {
      if (e instanceof ConfigError) throw new HypervisorError(e.message);
      throw e;
    }
    const hvMem = sys.hypervisorMemory;
    if (!this.machine.bus.ramAt(hvMem.physStart)) {
      throw new HypervisorError(`${file}: hypervisor_memory at 0x${hvMem.physStart.toString(16)} is not RAM`);
    }
    // The hypervisor finds its config at the start of its memory, where the driver copied it.
    this.machine.bus.load(hvMem.physStart, systemConfig);
    const hv = new Hypervisor(this.machine, sys, systemConfig.length, this.options);
    hv.tracer = this.tracerValue;
    // Enabling runs on the first root CPU that is on, as the driver's first call does.
    const first = sys.rootCell.cpus.find((c) => c < this.machine.cores.length && !this.machine.cores[c].off) ??
      sys.rootCell.cpus[0];
    const bus = this.machine.bus;
    const prevCpu = bus.currentCpu;
    bus.currentCpu = first;
    this.hv = hv;
    try {
      hv.enable();
    } catch (e) {
      this.hv = null;
      throw e;
    } finally {
      bus.currentCpu = prevCpu;
    }
    return hv;
  }

  /** The root CPU the driver issues hypercalls on: the first one running root code. */
  private callerCpu(): number {
    const hv = this.hypervisor;
    for (const c of hv.root.cpus) {
      const cpu = hv.cpus[c];
      if (!cpu.waitForPoweron && !cpu.failed && cpu.blocked === null) return c;
    }
    throw new HypervisorError('no root CPU is online to issue the hypercall');
  }

  /** Issues a hypercall on a root CPU; waits (running the machine) while the hypervisor waits for a cell. */
  hypercall(code: number, arg1 = 0, arg2 = 0, cpuIndex = this.callerCpu()): number {
    const hv = this.hypervisor;
    const cpu = hv.cpus[cpuIndex];
    if (cpu === undefined) throw new HypervisorError(`CPU ${cpuIndex} is not managed by the hypervisor`);
    const bus = this.machine.bus;
    const prevCpu = bus.currentCpu;
    bus.currentCpu = cpuIndex;
    hv.lastError = '';
    let r: number | null;
    try {
      cpu.stats.counts[STAT_VMEXITS_TOTAL]++;
      hv.current = cpu;
      r = hypercall(hv, cpu, code >>> 0, arg1 >>> 0, arg2 >>> 0, false);
    } finally {
      hv.current = null;
      bus.currentCpu = prevCpu;
    }
    if (r !== null) return r;
    const op = cpu.blocked!;
    const limit = this.options.maxWaitRounds ?? 100_000;
    for (let i = 0; i < limit && op.result === null; i++) {
      if (this.machine.runSlice({}, 1) !== null) break;
    }
    if (op.result === null) {
      throw new HypervisorError(`${HYPERCALL_NAMES[code] ?? code}: cell "${op.cell.name}" did not answer the ` +
        'shutdown request' + (this.machine.stopReason ? ` (machine stopped: ${this.machine.stopReason})` : ''));
    }
    return op.result;
  }

  private check(code: number, r: number, what: string): number {
    if (r < 0) {
      const why = this.hv?.lastError ? `: ${this.hv.lastError}` : '';
      throw new HypervisorError(`${what}: ${HYPERCALL_NAMES[code]} failed with ${errnoName(r)}${why}`);
    }
    return r;
  }

  /**
   * `jailhouse cell create`: copies the config into root memory and issues
   * CELL_CREATE; the driver gives the cell the lowest free ID. Returns the ID.
   */
  createCell(cellConfig: Uint8Array, file = 'cell config'): number {
    const hv = this.hypervisor;
    let cfg: CellConfig;
    try {
      cfg = readCellConfig(cellConfig, file);
    } catch (e) {
      if (e instanceof ConfigError) throw new HypervisorError(e.message);
      throw e;
    }
    const scratch = this.options.scratch ?? freeScratch(hv);
    if (cellConfig.length > scratch.size) throw new HypervisorError(`${file}: ${cellConfig.length} bytes do not fit the driver's buffer`);
    let id = 1;
    while (hv.cells.some((c) => c.id === id)) id++;
    // A copy of its own (a Node Buffer's slice() shares memory, and its ArrayBuffer may be a larger pool).
    const bytes = new Uint8Array(cellConfig);
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(layout.CellOff.id, id, true);
    this.machine.bus.load(scratch.address, bytes);
    this.check(JAILHOUSE_HC_CELL_CREATE, this.hypercall(JAILHOUSE_HC_CELL_CREATE, scratch.address), `cell "${cfg.name}"`);
    return id;
  }

  /** The ID of the cell with this name. */
  cellId(name: string): number {
    const cell = this.hypervisor.cells.find((c) => c.name === name);
    if (cell === undefined) throw new HypervisorError(`no cell named "${name}"`);
    return cell.id;
  }

  /**
   * `jailhouse cell load`: SET_LOADABLE, then each image into the cell's
   * LOADABLE memory through the root cell's mapping of it.
   */
  loadCell(id: number, images: CellImage[]): void {
    const hv = this.hypervisor;
    this.check(JAILHOUSE_HC_CELL_SET_LOADABLE, this.hypercall(JAILHOUSE_HC_CELL_SET_LOADABLE, id), `cell ${id}`);
    const cell = hv.cells.find((c) => c.id === id)!;
    for (const img of images) {
      const addr = img.address ?? 0;
      const mem = cell.config.memoryRegions.find((m) => (m.flags & JAILHOUSE_MEM_LOADABLE) &&
        addr >= m.virtStart && addr + img.data.length <= m.virtStart + m.size);
      if (mem === undefined) {
        throw new HypervisorError(`cell "${cell.name}": no loadable memory region holds 0x${addr.toString(16)}` +
          `+0x${img.data.length.toString(16)}`);
      }
      const pa = mem.physStart + (addr - mem.virtStart);
      for (let off = 0; off < img.data.length; off += PAGE_SIZE) {
        const t = hv.root.stage2.lookup(pa + off);
        if (t === null || (t.lo & (1 << 7)) === 0) {
          throw new HypervisorError(`cell "${cell.name}": 0x${(pa + off).toString(16)} is not writable by the root cell`);
        }
      }
      this.machine.bus.load(pa, img.data);
    }
  }

  startCell(id: number): void {
    this.check(JAILHOUSE_HC_CELL_START, this.hypercall(JAILHOUSE_HC_CELL_START, id), `cell ${id}`);
  }

  destroyCell(id: number): void {
    this.check(JAILHOUSE_HC_CELL_DESTROY, this.hypercall(JAILHOUSE_HC_CELL_DESTROY, id), `cell ${id}`);
  }

  /** CELL_GET_STATE (JAILHOUSE_CELL_*). */
  cellState(id: number): number {
    return this.check(JAILHOUSE_HC_CELL_GET_STATE, this.hypercall(JAILHOUSE_HC_CELL_GET_STATE, id), `cell ${id}`);
  }

  /** CPU_GET_INFO state (JAILHOUSE_CPU_*). */
  cpuState(cpu: number): number {
    return this.check(JAILHOUSE_HC_CPU_GET_INFO, this.hypercall(JAILHOUSE_HC_CPU_GET_INFO, cpu, JAILHOUSE_CPU_INFO_STATE), `CPU ${cpu}`);
  }

  /** All statistics of a CPU through CPU_GET_INFO. */
  cpuStats(cpu: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < NUM_CPU_STATS; i++) {
      out.push(this.check(JAILHOUSE_HC_CPU_GET_INFO,
        this.hypercall(JAILHOUSE_HC_CPU_GET_INFO, cpu, JAILHOUSE_CPU_INFO_STAT_BASE + i), `CPU ${cpu}`));
    }
    return out;
  }

  hypervisorInfo(type: number): number {
    return this.check(JAILHOUSE_HC_HYPERVISOR_GET_INFO, this.hypercall(JAILHOUSE_HC_HYPERVISOR_GET_INFO, type), 'info');
  }

  /** `jailhouse disable`. */
  disable(): void {
    this.check(JAILHOUSE_HC_DISABLE, this.hypercall(JAILHOUSE_HC_DISABLE), 'disable');
  }
}

/** The highest 64 KiB of the root cell's writable RAM that is neither hypervisor memory nor a cell's. */
function freeScratch(hv: Hypervisor): { address: number; size: number } {
  const taken: [number, number][] = [[hv.system.hypervisorMemory.physStart,
    hv.system.hypervisorMemory.physStart + hv.system.hypervisorMemory.size]];
  for (const c of hv.cells) {
    if (c.isRoot) continue;
    for (const m of c.config.memoryRegions) if (!(m.flags & JAILHOUSE_MEM_COMM_REGION)) taken.push([m.physStart, m.physStart + m.size]);
  }
  let best = -1;
  for (const m of hv.root.config.memoryRegions) {
    if ((m.flags & (JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION)) || !(m.flags & JAILHOUSE_MEM_WRITE)) continue;
    for (let end = m.physStart + m.size; end - SCRATCH_SIZE >= m.physStart; end -= SCRATCH_SIZE) {
      const start = end - SCRATCH_SIZE;
      if (taken.some(([s, e]) => start < e && s < end)) continue;
      if (start > best) best = start;
      break;
    }
  }
  if (best < 0) throw new HypervisorError('the root cell has no free RAM for the driver\'s buffer');
  return { address: best, size: SCRATCH_SIZE };
}
