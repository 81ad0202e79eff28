// Trapped memory accesses: a stage-2 data abort is decoded from its syndrome
// (HSR ISV/SAS/SSE/SRT/WnR, HPFAR and HDFAR give the guest-physical address),
// dispatched to the cell's MMIO regions (the emulated GIC distributor,
// sub-page device regions), and completed in the guest's registers. An access
// nobody handles is a violation: the caller parks the CPU.

import type { AccessSize, Bus } from '../machine/bus.js';
import type { Core } from '../cpu/core.js';
import { JAILHOUSE_MEM_IO_UNALIGNED, JAILHOUSE_MEM_IO_WIDTH_SHIFT, type MemoryRegion } from '../config/index.js';
import { readGuestReg, skipInstruction, writeGuestReg } from './guest-context.js';
import { BANK_ABT, BANK_HYP, MODE_ABT, PSR_A, PSR_E, PSR_I, PSR_IT_MASK, PSR_J, PSR_T } from '../cpu/psr.js';

/** Non-secure bank of the CP15 registers; SCTLR bits. */
const NS = 1, SCTLR_V = 1 << 13, SCTLR_EE = 1 << 25, SCTLR_TE = 1 << 30;

export const MMIO_HANDLED = 0, MMIO_UNHANDLED = 1, MMIO_ERROR = 2;
export type MmioResult = typeof MMIO_HANDLED | typeof MMIO_UNHANDLED | typeof MMIO_ERROR;

/** One access; `address` is relative to the region when a handler sees it. */
export interface MmioAccess {
  address: number;
  size: AccessSize;
  isWrite: boolean;
  value: number;
}

export type MmioHandler = (access: MmioAccess) => MmioResult;

interface MmioRegion {
  start: number;
  size: number;
  handler: MmioHandler;
  /** What emulates the region, for traces ('subpage', 'gicd', 'pci', ...); '' when unnamed. */
  name: string;
}

/** Handlers made by subpageHandler(), named 'subpage' in traces. */
const subpageHandlers = new WeakSet<MmioHandler>();

/** A cell's MMIO regions, sorted by start address. */
export class MmioRegions {
  private readonly regions: MmioRegion[] = [];

  register(start: number, size: number, handler: MmioHandler, name?: string): void {
    let i = 0;
    while (i < this.regions.length && this.regions[i].start < start) i++;
    this.regions.splice(i, 0, { start, size, handler, name: name ?? (subpageHandlers.has(handler) ? 'subpage' : '') });
  }

  /** The name of the region holding [address, address + size) (traces); null when none does. */
  nameAt(address: number, size: number): string | null {
    const r = this.regions.find((x) => address >= x.start && address + size <= x.start + x.size);
    return r === undefined ? null : r.name;
  }

  /** Removes the region at `start` (the one with `handler`, if given: a guest may place a BAR on another region). */
  unregister(start: number, handler?: MmioHandler): void {
    const i = this.regions.findIndex((r) => r.start === start && (handler === undefined || r.handler === handler));
    if (i >= 0) this.regions.splice(i, 1);
  }

  has(start: number): boolean {
    return this.regions.some((r) => r.start === start);
  }

  /** Dispatches an access that lies wholly inside one region; MMIO_UNHANDLED when none does. */
  dispatch(access: MmioAccess): MmioResult {
    const addr = access.address, end = addr + access.size;
    for (const r of this.regions) {
      if (addr >= r.start && end <= r.start + r.size) {
        access.address = addr - r.start;
        return r.handler(access);
      }
    }
    return MMIO_UNHANDLED;
  }
}

/** Performs an access on the physical bus at base + access.address. */
export function performAccess(bus: Bus, base: number, access: MmioAccess): void {
  const pa = base + access.address;
  if (access.isWrite) bus.write(pa, access.size, access.value);
  else access.value = bus.read(pa, access.size);
  bus.faulted = false;
}

/**
 * The handler of a sub-page region (a device region smaller than a page, or
 * not page aligned): accesses inside it with an allowed width go to the device.
 */
export function subpageHandler(bus: Bus, mem: MemoryRegion): MmioHandler {
  const widths = (mem.flags >>> JAILHOUSE_MEM_IO_WIDTH_SHIFT) & 0xf;
  const unaligned = (mem.flags & JAILHOUSE_MEM_IO_UNALIGNED) !== 0;
  const handler: MmioHandler = (access) => {
    if (widths !== 0 && (widths & access.size) === 0) return MMIO_UNHANDLED;
    if (!unaligned && (access.address & (access.size - 1)) !== 0) return MMIO_UNHANDLED;
    performAccess(bus, mem.physStart, access);
    return MMIO_HANDLED;
  };
  subpageHandlers.add(handler);
  return handler;
}

/** What the syndrome of a stage-2 data abort says. */
export interface DataAbortInfo {
  /** Guest-physical address. */
  ipa: number;
  size: AccessSize;
  isWrite: boolean;
  /** The instruction syndrome is valid (single-register load/store without writeback). */
  isv: boolean;
  signExtend: boolean;
  reg: number;
  /** Fault on a stage-1 table walk, cache maintenance, or an external abort: reflected to the guest. */
  reflect: boolean;
}

export function decodeDataAbort(core: Core, out: DataAbortInfo): void {
  const hsr = core.cp15.hsr;
  out.ipa = ((core.cp15.hpfar >>> 4) * 0x1000 + (core.cp15.hdfar & 0xfff)) >>> 0;
  out.isv = (hsr & (1 << 24)) !== 0;
  out.size = (1 << ((hsr >>> 22) & 3)) as AccessSize;
  out.signExtend = (hsr & (1 << 21)) !== 0;
  out.reg = (hsr >>> 16) & 0xf;
  out.isWrite = (hsr & (1 << 6)) !== 0;
  out.reflect = (hsr & ((1 << 7) | (1 << 8) | (1 << 9))) !== 0;
}

function signExtend(v: number, size: number): number {
  const bits = size * 8;
  return bits >= 32 ? v : ((v << (32 - bits)) >> (32 - bits)) >>> 0;
}

/** Loads the value to write from the source register (for writes). */
export function loadWriteValue(core: Core, info: DataAbortInfo, access: MmioAccess): void {
  access.address = info.ipa;
  access.size = info.size;
  access.isWrite = info.isWrite;
  const mask = info.size === 4 ? 0xffffffff : (1 << (info.size * 8)) - 1;
  access.value = info.isWrite ? (readGuestReg(core, info.reg) & mask) >>> 0 : 0;
}

/** Completes an emulated access: the read value into the target register, then past the instruction. */
export function completeAccess(core: Core, info: DataAbortInfo, access: MmioAccess): void {
  if (!info.isWrite) {
    let v = access.value >>> 0;
    if (info.signExtend) v = signExtend(v, info.size);
    writeGuestReg(core, info.reg, v);
  }
  skipInstruction(core);
}

/**
 * Reflects a data abort into the guest (a stage-1 walk that hit a stage-2 fault,
 * cache maintenance, external abort): Abort mode, LR = instruction + 8, a
 * debug-event fault status as Jailhouse reports it.
 */
export function injectDataAbort(core: Core, far: number): void {
  const cp = core.cp15;
  const spsr = core.spsr[BANK_HYP];
  const sctlr = cp.sctlrB[NS];
  let cpsr = (spsr & ~(0x1f | PSR_IT_MASK | PSR_T | PSR_J | PSR_E)) | MODE_ABT | PSR_I | PSR_A;
  if (sctlr & SCTLR_TE) cpsr |= PSR_T;
  if (sctlr & SCTLR_EE) cpsr |= PSR_E;
  core.setBanked(14, MODE_ABT, (core.elrHyp + 8) >>> 0);
  core.spsr[BANK_ABT] = spsr;
  const long = (cp.ttbcrB[NS] >>> 31) !== 0;
  cp.dfsrB[NS] = long ? (1 << 9) | 0x22 : 0x2;
  cp.dfarB[NS] = far >>> 0;
  const vbar = (sctlr & SCTLR_V) ? 0xffff0000 : cp.vbarB[NS];
  core.spsr[BANK_HYP] = cpsr >>> 0;
  core.elrHyp = (vbar + 0x10) >>> 0;
}
