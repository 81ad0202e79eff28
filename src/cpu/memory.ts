// A core's data memory port: loads and stores through a small software TLB
// that caches VA page -> offset into the board's main RAM, one set of tags per
// access kind (privileged/unprivileged x read/write). Misses, device accesses,
// unaligned and big-endian accesses take the slow path, which asks the core's
// translation (MMU, stage 2) and the bus. Also the exclusive monitors.

import type { Bus, Ram } from '../machine/bus.js';

/** Access kinds passed to translate(). */
export const ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2, ACC_USER = 4;

/** Thrown by memory accesses after an abort exception has been entered; ends the instruction. */
export const ABORT = { abort: true } as const;

/** Short-descriptor fault status codes (DFSR/IFSR FS field). */
export const FS_ALIGNMENT = 0x01;
export const FS_SYNC_EXTERNAL = 0x08;

const TLB_BITS = 8;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
/** A tag array that never hits: used while data is big-endian (CPSR.E). */
const NEVER = new Int32Array(TLB_SIZE).fill(-1);

/** Debugger watchpoints on a core's data accesses: watched pages stay out of the TLB so that their accesses come here. */
export interface MemoryWatch {
  /** True when the page (VA >>> 12) holds a watched address. */
  watchesPage(vpn: number): boolean;
  /** A data access of `size` bytes at `va`, before it happens. */
  access(va: number, size: number, write: boolean): void;
}

/** Shared by all cores of a machine: how many exclusive reservations are open. */
export class ExclusiveMonitors {
  armed = 0;
  cores: CoreMemory[] = [];
}

export abstract class CoreMemory {
  readonly bus: Bus;

  // The main RAM region (largest); other RAM and devices go through the bus.
  private mainRam: Ram | null = null;
  private ramBase = 0;
  private ramU8: Uint8Array = new Uint8Array(0);
  private ramU16: Uint16Array = new Uint16Array(0);
  private ramU32: Uint32Array = new Uint32Array(0);
  private ramCode: Uint8Array = new Uint8Array(0);

  private readonly tagRP = new Int32Array(TLB_SIZE).fill(-1);
  private readonly tagWP = new Int32Array(TLB_SIZE).fill(-1);
  private readonly tagRU = new Int32Array(TLB_SIZE).fill(-1);
  private readonly tagWU = new Int32Array(TLB_SIZE).fill(-1);
  /** RAM offset of the page cached in each slot. */
  private readonly tlbOff = new Int32Array(TLB_SIZE);
  /** Tags for the current privilege (switched by selectTlb). */
  private tagR = this.tagRP;
  private tagW = this.tagWP;
  private userMode = false;

  /** Exclusive monitor: tagged physical address (-1: open), size. */
  exclAddr = -1;
  exclSize = 0;
  monitors = new ExclusiveMonitors();
  /** Debugger watchpoints (checked on the slow path only), or null. */
  watch: MemoryWatch | null = null;

  constructor(bus: Bus) {
    this.bus = bus;
  }

  /** Translates va for an access (ACC_*); raises the abort and throws ABORT on a fault. */
  abstract translate(va: number, acc: number): number;
  abstract dataAbort(va: number, fs: number, write: boolean): void;
  /** SCTLR.A (HSCTLR.A in Hyp mode): every unaligned access faults. */
  abstract strictAlignment(): boolean;

  /** Picks the TLB tags for the current privilege and data endianness. */
  protected selectTlb(user: boolean, bigEndian: boolean): void {
    this.userMode = user;
    if (bigEndian) { this.tagR = NEVER; this.tagW = NEVER; return; }
    this.tagR = user ? this.tagRU : this.tagRP;
    this.tagW = user ? this.tagWU : this.tagWP;
  }

  /** Forgets every cached translation (translation tables, regime or RAM changed). */
  tlbFlush(): void {
    if (this.mainRam === null || this.mainRam !== this.findMainRam()) this.attachMainRam();
    this.tagRP.fill(-1); this.tagWP.fill(-1); this.tagRU.fill(-1); this.tagWU.fill(-1);
  }

  private findMainRam(): Ram | null {
    let best: Ram | null = null;
    for (const r of this.bus.rams) if (best === null || r.size > best.size) best = r;
    return best;
  }

  private attachMainRam(): void {
    const ram = this.findMainRam();
    this.mainRam = ram;
    if (ram === null) return;
    this.ramBase = ram.base;
    this.ramU8 = ram.u8; this.ramU16 = ram.u16; this.ramU32 = ram.u32; this.ramCode = ram.codePages;
  }

  // ------------------------------------------------------------------ fast paths

  ld32(va: number): number {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagR[e] === (va >>> 12) && (va & 3) === 0) return this.ramU32[(this.tlbOff[e] + (va & 0xfff)) >>> 2];
    return this.readSlow(va, 4, this.userMode);
  }

  ld16(va: number): number {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagR[e] === (va >>> 12) && (va & 1) === 0) return this.ramU16[(this.tlbOff[e] + (va & 0xfff)) >>> 1];
    return this.readSlow(va, 2, this.userMode);
  }

  ld8(va: number): number {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagR[e] === (va >>> 12)) return this.ramU8[this.tlbOff[e] + (va & 0xfff)];
    return this.readSlow(va, 1, this.userMode);
  }

  st32(va: number, v: number): void {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagW[e] === (va >>> 12) && (va & 3) === 0) {
      const off = this.tlbOff[e] + (va & 0xfff);
      this.ramU32[off >>> 2] = v;
      this.afterStore(off);
      return;
    }
    this.writeSlow(va, 4, v, this.userMode);
  }

  st16(va: number, v: number): void {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagW[e] === (va >>> 12) && (va & 1) === 0) {
      const off = this.tlbOff[e] + (va & 0xfff);
      this.ramU16[off >>> 1] = v;
      this.afterStore(off);
      return;
    }
    this.writeSlow(va, 2, v, this.userMode);
  }

  st8(va: number, v: number): void {
    const e = (va >>> 12) & TLB_MASK;
    if (this.tagW[e] === (va >>> 12)) {
      const off = this.tlbOff[e] + (va & 0xfff);
      this.ramU8[off] = v;
      this.afterStore(off);
      return;
    }
    this.writeSlow(va, 1, v, this.userMode);
  }

  /** Keeps decoded code and other cores' reservations coherent with a RAM store. */
  private afterStore(off: number): void {
    if (this.ramCode[off >>> 12] !== 0) this.mainRam!.onCodeWrite(this.ramBase + off, 4);
    if (this.monitors.armed !== 0) this.clearOthersReservations(this.ramBase + off);
  }

  /** Word access that must be aligned (LDM/STM, LDRD/STRD, exclusives). */
  ld32a(va: number): number {
    if (va & 3) this.alignmentFault(va, false);
    return this.ld32(va);
  }

  st32a(va: number, v: number): void {
    if (va & 3) this.alignmentFault(va, true);
    this.st32(va, v);
  }

  /** Unprivileged accesses (LDRT/STRT and friends). */
  ld32u(va: number): number { return this.readSlow(va, 4, true); }
  ld16u(va: number): number { return this.readSlow(va, 2, true); }
  ld8u(va: number): number { return this.readSlow(va, 1, true); }
  st32u(va: number, v: number): void { this.writeSlow(va, 4, v, true); }
  st16u(va: number, v: number): void { this.writeSlow(va, 2, v, true); }
  st8u(va: number, v: number): void { this.writeSlow(va, 1, v, true); }

  alignmentFault(va: number, write: boolean): never {
    this.dataAbort(va >>> 0, FS_ALIGNMENT, write);
    throw ABORT;
  }

  // ------------------------------------------------------------------ slow paths

  /** Caches a translation in the slot of va for the given tag array. */
  private fill(va: number, pa: number, tags: Int32Array): boolean {
    const ram = this.mainRam;
    if (ram === null || tags === NEVER || (this.watch !== null && this.watch.watchesPage(va >>> 12))) return false;
    const off = (pa & ~0xfff) - ram.base;
    if (off < 0 || off >= ram.size) return false;
    const e = (va >>> 12) & TLB_MASK, vpn = va >>> 12;
    if (this.tlbOff[e] !== off) {
      // The slot now names another page: drop every tag that points at the old one.
      this.tagRP[e] = this.tagWP[e] = this.tagRU[e] = this.tagWU[e] = -1;
      this.tlbOff[e] = off;
    } else {
      if (this.tagRP[e] !== vpn) this.tagRP[e] = -1;
      if (this.tagWP[e] !== vpn) this.tagWP[e] = -1;
      if (this.tagRU[e] !== vpn) this.tagRU[e] = -1;
      if (this.tagWU[e] !== vpn) this.tagWU[e] = -1;
    }
    tags[e] = vpn;
    return true;
  }

  private readSlow(va: number, size: 1 | 2 | 4, user: boolean): number {
    va >>>= 0;
    if (this.watch !== null) this.watch.access(va, size, false);
    const unaligned = (va & (size - 1)) !== 0;
    if (unaligned && this.strictAlignment()) this.alignmentFault(va, false);
    const big = this.tagR === NEVER;
    if (!unaligned && !big) {
      const pa = this.translate(va, ACC_READ | (user ? ACC_USER : 0));
      if (this.fill(va, pa, user ? this.tagRU : this.tagRP)) {
        const off = (pa - this.ramBase) >>> 0;
        return size === 4 ? this.ramU32[off >>> 2] : size === 2 ? this.ramU16[off >>> 1] : this.ramU8[off];
      }
      return this.busRead(va, pa, size);
    }
    // Unaligned or big-endian: byte by byte, each byte translated.
    let v = 0;
    for (let i = 0; i < size; i++) {
      const a = (va + i) >>> 0;
      const b = this.busRead(a, this.translate(a, ACC_READ | (user ? ACC_USER : 0)), 1);
      v |= big ? b << (8 * (size - 1 - i)) : b << (8 * i);
    }
    return v >>> 0;
  }

  private writeSlow(va: number, size: 1 | 2 | 4, v: number, user: boolean): void {
    va >>>= 0;
    if (this.watch !== null) this.watch.access(va, size, true);
    const unaligned = (va & (size - 1)) !== 0;
    if (unaligned && this.strictAlignment()) this.alignmentFault(va, true);
    const big = this.tagW === NEVER;
    if (!unaligned && !big) {
      const pa = this.translate(va, ACC_WRITE | (user ? ACC_USER : 0));
      if (this.fill(va, pa, user ? this.tagWU : this.tagWP)) {
        const off = (pa - this.ramBase) >>> 0;
        if (size === 4) this.ramU32[off >>> 2] = v; else if (size === 2) this.ramU16[off >>> 1] = v; else this.ramU8[off] = v;
        this.afterStore(off);
        return;
      }
      this.busWrite(va, pa, size, v);
      return;
    }
    for (let i = 0; i < size; i++) {
      const a = (va + i) >>> 0;
      const b = big ? v >>> (8 * (size - 1 - i)) : v >>> (8 * i);
      this.busWrite(a, this.translate(a, ACC_WRITE | (user ? ACC_USER : 0)), 1, b & 0xff);
    }
  }

  private busRead(va: number, pa: number, size: 1 | 2 | 4): number {
    const v = this.bus.read(pa, size);
    if (this.bus.faulted) {
      this.bus.faulted = false;
      this.dataAbort(va, FS_SYNC_EXTERNAL, false);
      throw ABORT;
    }
    return v;
  }

  private busWrite(va: number, pa: number, size: 1 | 2 | 4, v: number): void {
    this.bus.write(pa, size, v);
    if (this.bus.faulted) {
      this.bus.faulted = false;
      this.dataAbort(va, FS_SYNC_EXTERNAL, true);
      throw ABORT;
    }
    if (this.monitors.armed !== 0) this.clearOthersReservations(pa);
  }

  // ------------------------------------------------------------------ exclusives

  /** Marks an address for exclusive access (LDREX*). */
  markExclusive(va: number, size: number): void {
    if (this.exclAddr < 0) this.monitors.armed++;
    this.exclAddr = this.translate(va >>> 0, ACC_READ | (this.userMode ? ACC_USER : 0)) >>> 0;
    this.exclSize = size;
  }

  /** Checks and clears the local monitor for STREX*; true when the store may proceed. */
  checkExclusive(va: number, size: number): boolean {
    if (this.exclAddr < 0) return false;
    const pa = this.translate(va >>> 0, ACC_WRITE | (this.userMode ? ACC_USER : 0)) >>> 0;
    const ok = this.exclAddr === pa && this.exclSize === size;
    this.clearExclusive();
    return ok;
  }

  clearExclusive(): void {
    if (this.exclAddr >= 0) { this.exclAddr = -1; this.monitors.armed--; }
  }

  /** A store clears other cores' reservations on the same 8-byte granule (the global monitor). */
  private clearOthersReservations(pa: number): void {
    const granule = (pa >>> 0) & ~7;
    for (const c of this.monitors.cores) {
      if (c !== this && c.exclAddr >= 0 && (c.exclAddr & ~7) === granule) c.clearExclusive();
    }
  }
}
