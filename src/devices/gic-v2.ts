// GICv2 interrupt controller (ARM IHI 0048B): the Distributor and one CPU
// interface per core, optionally with the Security Extensions (banked
// Secure/Non-secure views, interrupt groups). The virtual interface
// (GICH/GICV) lives in gic-virtual.ts.
//
// Interrupt state is kept in 32-bit bitmaps: word 0 (IDs 0-31: SGIs and PPIs)
// is banked per CPU, words 1.. (SPIs) are shared. Every change re-evaluates
// the IRQ/FIQ outputs of all CPU interfaces, so the cores see the state of
// the GIC at the instruction after the access that changed it.

import type { AccessSize, Bus, MmioDevice } from '../machine/bus.js';
import type { Core } from '../cpu/core.js';
import { GicVirtual, type GicVirtualConfig } from './gic-virtual.js';

/** What differs between GIC implementations. */
export interface GicFlavour {
  /** GICD_IIDR and GICC_IIDR. */
  distIidr: number;
  cpuIidr: number;
  /** GICD_PIDR4..7, PIDR0..3, CIDR0..3 (offsets 0xfd0-0xffc). */
  idRegisters: number[];
  /** Implemented priority bits (8: 256 levels, as QEMU; 5: 32 levels, as the GIC-400). */
  priorityBits: number;
  /** Bits of GICD_TYPER beyond ITLinesNumber, CPUNumber and SecurityExtn (LSPI). */
  typerExtra: number;
  /** GICD_ICFGR1 (PPIs): null when software can program it, else its fixed value. */
  ppiConfig: number | null;
  /** Interrupt ID of the maintenance interrupt. */
  maintenanceIrq: number;
  virtual: GicVirtualConfig;
}

/** QEMU 7.2's arm_gic as the virt board builds it (revision 2, no Security Extensions). */
export const GIC_QEMU: GicFlavour = {
  distIidr: 0x0000043b,
  cpuIidr: 0x0002043b,
  idRegisters: [0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1],
  priorityBits: 8,
  typerExtra: 0,
  ppiConfig: null,
  maintenanceIrq: 25,
  virtual: { iidr: 0x0002043b },
};

/** ARM CoreLink GIC-400 (r0p1): 5 priority bits, 31 lockable SPIs, fixed PPI configuration. */
export const GIC_400: GicFlavour = {
  distIidr: 0x0200143b,
  cpuIidr: 0x0202143b,
  idRegisters: [0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1],
  priorityBits: 5,
  typerExtra: 0x1f << 11,
  ppiConfig: 0x55540000,
  maintenanceIrq: 25,
  virtual: { iidr: 0x0202143b },
};

export interface GicOptions {
  /** Number of interrupt IDs: a multiple of 32, at most 1020 (rounded up to 1024). */
  lines: number;
  flavour: GicFlavour;
  /** The GIC implements the Security Extensions (groups and banked registers per security state). */
  security: boolean;
}

/** Running priority of an idle CPU interface. */
export const IDLE_PRIORITY = 0x100;
export const SPURIOUS = 1023;
/** IAR value for a Group 1 interrupt read through a Secure view without AckCtl. */
export const SPURIOUS_GROUP1 = 1022;

// GICC_CTLR in its Secure (or no-security) layout.
const CTLR_EN_GRP0 = 1 << 0, CTLR_EN_GRP1 = 1 << 1, CTLR_ACKCTL = 1 << 2, CTLR_FIQEN = 1 << 3,
  CTLR_CBPR = 1 << 4, CTLR_EOIMODE_S = 1 << 9, CTLR_EOIMODE_NS = 1 << 10;

export class Gic {
  readonly lines: number;
  readonly cpus: number;
  readonly security: boolean;
  readonly flavour: GicFlavour;
  /** Priority field mask (implemented bits). */
  readonly prioMask: number;
  /** Smallest Group 0 binary point; Group 1 (ABPR) one more. */
  readonly minBpr: number;
  readonly words: number;

  // Distributor state. Index c for the banked word 0 of CPU c; index w for shared word w >= 1.
  dctlr = 0;
  private readonly enabledP: Uint32Array;
  private readonly latchP: Uint32Array;
  private readonly levelP: Uint32Array;
  private readonly activeP: Uint32Array;
  private readonly groupP: Uint32Array;
  private readonly edgeP: Uint32Array;
  private readonly enabledS: Uint32Array;
  private readonly latchS: Uint32Array;
  private readonly levelS: Uint32Array;
  private readonly activeS: Uint32Array;
  private readonly groupS: Uint32Array;
  private readonly edgeS: Uint32Array;
  private readonly prioP: Uint8Array;
  private readonly prioS: Uint8Array;
  private readonly targets: Uint8Array;
  /** Pending SGIs per target CPU and ID: a bit per source CPU. */
  private readonly sgiSources: Uint8Array;

  // CPU interfaces.
  readonly cctlr: Uint16Array;
  readonly pmr: Uint16Array;
  readonly bpr: Uint8Array;
  readonly abpr: Uint8Array;
  /** Active priorities (one bit per preemption level), Group 0 and Group 1, aprWords words per CPU. */
  readonly aprG0: Uint32Array;
  readonly aprG1: Uint32Array;
  readonly aprWords: number;
  /** Highest-priority pending interrupt per CPU interface, as last evaluated (1023: none). */
  private readonly current: Uint16Array;

  readonly virt: GicVirtual;
  readonly distributor: MmioDevice;
  readonly cpuInterface: MmioDevice;

  constructor(opts: GicOptions, private readonly cores: Core[], readonly bus: Bus) {
    const lines = Math.min(1024, Math.ceil(opts.lines / 32) * 32);
    if (lines < 32) throw new Error('a GIC has at least 32 interrupt IDs');
    if (cores.length < 1 || cores.length > 8) throw new Error('a GICv2 serves 1 to 8 CPUs');
    this.lines = lines;
    this.cpus = cores.length;
    this.security = opts.security;
    this.flavour = opts.flavour;
    const bits = opts.flavour.priorityBits;
    this.prioMask = (0xff << (8 - bits)) & 0xff;
    this.minBpr = bits >= 8 ? 0 : 7 - bits;
    this.aprWords = Math.max(1, (256 >> (this.minBpr + 1)) >> 5);
    this.words = lines >> 5;
    const c = this.cpus, w = this.words;
    this.enabledP = new Uint32Array(c); this.latchP = new Uint32Array(c); this.levelP = new Uint32Array(c);
    this.activeP = new Uint32Array(c); this.groupP = new Uint32Array(c); this.edgeP = new Uint32Array(c);
    this.enabledS = new Uint32Array(w); this.latchS = new Uint32Array(w); this.levelS = new Uint32Array(w);
    this.activeS = new Uint32Array(w); this.groupS = new Uint32Array(w); this.edgeS = new Uint32Array(w);
    this.prioP = new Uint8Array(c * 32); this.prioS = new Uint8Array(lines);
    this.targets = new Uint8Array(lines);
    this.sgiSources = new Uint8Array(c * 16);
    this.cctlr = new Uint16Array(c); this.pmr = new Uint16Array(c);
    this.bpr = new Uint8Array(c); this.abpr = new Uint8Array(c);
    this.aprG0 = new Uint32Array(c * this.aprWords); this.aprG1 = new Uint32Array(c * this.aprWords);
    this.current = new Uint16Array(c);
    this.virt = new GicVirtual(this, cores, opts.flavour.virtual);
    this.reset();
    this.distributor = {
      name: 'gic-distributor',
      read: (off, size) => this.distRead(this.bus.currentCpu, this.secureAccess(), off, size),
      write: (off, size, v) => this.distWrite(this.bus.currentCpu, this.secureAccess(), off, size, v),
    };
    this.cpuInterface = {
      name: 'gic-cpu-interface',
      read: (off) => this.cpuRead(this.bus.currentCpu, this.secureAccess(), off),
      write: (off, _size, v) => this.cpuWrite(this.bus.currentCpu, this.secureAccess(), off, v),
    };
  }

  reset(): void {
    this.dctlr = 0;
    for (const a of [this.enabledP, this.latchP, this.levelP, this.activeP, this.groupP, this.edgeP, this.enabledS,
      this.latchS, this.levelS, this.activeS, this.groupS, this.edgeS, this.aprG0, this.aprG1]) a.fill(0);
    this.enabledP.fill(0xffff); // SGIs are always enabled
    this.edgeP.fill(0xffff); // SGIs are edge-triggered
    if (this.flavour.ppiConfig !== null) {
      let edge = 0;
      for (let i = 0; i < 16; i++) if ((this.flavour.ppiConfig >>> (2 * i + 1)) & 1) edge |= 1 << (16 + i);
      this.edgeP.fill(this.edgeP[0] | edge);
    }
    this.prioP.fill(0); this.prioS.fill(0); this.targets.fill(0); this.sgiSources.fill(0);
    this.cctlr.fill(0); this.pmr.fill(0);
    this.bpr.fill(this.minBpr); this.abpr.fill(this.minBpr + 1);
    this.current.fill(SPURIOUS);
    this.virt.reset();
    this.update();
  }

  /** Security state of the access being made: that of the accessing core (always Secure without the Extensions). */
  private secureAccess(): boolean {
    return !this.security || this.cores[this.bus.currentCpu].isSecure();
  }

  // ---------------------------------------------------------------- inputs

  /** Drives a shared peripheral interrupt line (ID 32 and up). */
  setSpi(id: number, level: boolean): void {
    if (id < 32 || id >= this.lines) return;
    const w = id >> 5, bit = 1 << (id & 31);
    const was = (this.levelS[w] & bit) !== 0;
    if (was === level) return;
    if (level) {
      this.levelS[w] |= bit;
      if (this.edgeS[w] & bit) this.latchS[w] |= bit;
    } else {
      this.levelS[w] &= ~bit;
    }
    this.update();
  }

  /** Drives a private peripheral interrupt line (ID 16-31) of one CPU. */
  setPpi(cpu: number, id: number, level: boolean): void {
    if (id < 16 || id > 31 || cpu >= this.cpus) return;
    const bit = 1 << id;
    const was = (this.levelP[cpu] & bit) !== 0;
    if (was === level) return;
    if (level) {
      this.levelP[cpu] |= bit;
      if (this.edgeP[cpu] & bit) this.latchP[cpu] |= bit;
    } else {
      this.levelP[cpu] &= ~bit;
    }
    this.update();
  }

  // ---------------------------------------------------------------- state helpers

  private groupWord(cpu: number, w: number): number { return w === 0 ? this.groupP[cpu] : this.groupS[w]; }

  private pendingWord(cpu: number, w: number): number {
    return w === 0 ? (this.latchP[cpu] | (this.levelP[cpu] & ~this.edgeP[cpu]))
      : (this.latchS[w] | (this.levelS[w] & ~this.edgeS[w]));
  }

  groupOf(cpu: number, id: number): number {
    return (this.groupWord(cpu, id >> 5) >>> (id & 31)) & 1;
  }

  priorityOf(cpu: number, id: number): number {
    return id < 32 ? this.prioP[cpu * 32 + id] : this.prioS[id];
  }

  isActive(cpu: number, id: number): boolean {
    return id < 32 ? ((this.activeP[cpu] >>> id) & 1) !== 0 : ((this.activeS[id >> 5] >>> (id & 31)) & 1) !== 0;
  }

  isPending(cpu: number, id: number): boolean {
    return ((this.pendingWord(cpu, id >> 5) >>> (id & 31)) & 1) !== 0;
  }

  /** Clears the active state (EOI, DIR, or a virtual interrupt with the HW bit deactivated). */
  deactivate(cpu: number, id: number): void {
    if (id < 32) this.activeP[cpu] &= ~(1 << id);
    else if (id < this.lines) this.activeS[id >> 5] &= ~(1 << (id & 31));
  }

  /** Group priority of an interrupt priority for a CPU interface (the BPR of its group). */
  groupPriority(cpu: number, prio: number, group: number): number {
    const b = group === 1 && (this.cctlr[cpu] & CTLR_CBPR) === 0 ? this.abpr[cpu] - 1 : this.bpr[cpu];
    return prio & (0xff << (b + 1)) & 0xff;
  }

  /** Running priority: the highest active priority, or IDLE_PRIORITY. */
  runningPriority(cpu: number): number {
    const n = this.aprWords, base = cpu * n;
    for (let i = 0; i < n; i++) {
      const bits = this.aprG0[base + i] | this.aprG1[base + i];
      if (bits !== 0) return ((i << 5) + (31 - Math.clz32(bits & -bits))) << (this.minBpr + 1);
    }
    return IDLE_PRIORITY;
  }

  /** Priority drop: clears the highest active priority of the group. */
  private dropPriority(cpu: number, group: number): void {
    const apr = group === 0 ? this.aprG0 : this.aprG1;
    const n = this.aprWords, base = cpu * n;
    for (let i = 0; i < n; i++) {
      const bits = apr[base + i];
      if (bits !== 0) { apr[base + i] = bits & (bits - 1); return; }
    }
  }

  // ---------------------------------------------------------------- evaluation

  /** Re-evaluates every CPU interface's highest pending interrupt and its IRQ/FIQ outputs. */
  update(): void {
    for (let c = 0; c < this.cpus; c++) this.updateCpu(c);
  }

  private updateCpu(c: number): void {
    let best = SPURIOUS, bestPrio = IDLE_PRIORITY;
    let irq = false, fiq = false;
    const cctlr = this.cctlr[c];
    if ((this.dctlr & 3) !== 0 && (cctlr & (CTLR_EN_GRP0 | CTLR_EN_GRP1)) !== 0) {
      const cbit = 1 << c;
      for (let w = 0; w < this.words; w++) {
        let cand = w === 0
          ? this.pendingWord(c, 0) & this.enabledP[c] & ~this.activeP[c]
          : this.pendingWord(c, w) & this.enabledS[w] & ~this.activeS[w];
        while (cand !== 0) {
          const low = cand & -cand;
          cand ^= low;
          const id = (w << 5) + 31 - Math.clz32(low);
          if (w !== 0 && (this.targets[id] & cbit) === 0 && this.cpus > 1) continue;
          const p = w === 0 ? this.prioP[c * 32 + id] : this.prioS[id];
          if (p < bestPrio) { bestPrio = p; best = id; }
        }
      }
      if (bestPrio < this.pmr[c]) {
        if (bestPrio < this.runningPriority(c)) {
          const g = this.groupOf(c, best);
          if (((this.dctlr >> g) & 1) !== 0 && ((cctlr >> g) & 1) !== 0) {
            if (g === 0 && (cctlr & CTLR_FIQEN) !== 0) fiq = true;
            else irq = true;
          }
        }
      } else {
        best = SPURIOUS;
      }
    }
    this.current[c] = best;
    const core = this.cores[c];
    if (core.irqLine !== irq || core.fiqLine !== fiq) {
      core.irqLine = irq;
      core.fiqLine = fiq;
      core.interruptChanged();
    }
  }

  /** Highest pending interrupt of a CPU interface as a view sees it (HPPIR): with the SGI source. */
  private highestPending(cpu: number, secure: boolean, aliasGroup1: boolean): number {
    const id = this.current[cpu];
    if (id >= SPURIOUS_GROUP1) return SPURIOUS;
    const g = this.groupOf(cpu, id);
    if ((aliasGroup1 || (this.security && !secure)) && g === 0) return SPURIOUS;
    if (!aliasGroup1 && secure && g === 1 && (this.cctlr[cpu] & CTLR_ACKCTL) === 0) return SPURIOUS_GROUP1;
    if (id < 16) {
      const src = this.sgiSources[cpu * 16 + id];
      return id | ((31 - Math.clz32(src & -src)) << 10);
    }
    return id;
  }

  /** Interrupt acknowledge (IAR, or AIAR as the Group 1 alias): activates and returns the interrupt. */
  acknowledge(cpu: number, secure: boolean, aliasGroup1 = false): number {
    const id = this.current[cpu];
    if (id === SPURIOUS) return SPURIOUS;
    const prio = this.priorityOf(cpu, id);
    if (prio >= this.runningPriority(cpu)) return SPURIOUS;
    const g = this.groupOf(cpu, id);
    if ((aliasGroup1 || (this.security && !secure)) && g === 0) return SPURIOUS;
    if (!aliasGroup1 && secure && g === 1 && (this.cctlr[cpu] & CTLR_ACKCTL) === 0) return SPURIOUS_GROUP1;
    let ret = id;
    if (id < 16) {
      const k = cpu * 16 + id;
      const src = this.sgiSources[k];
      const s = 31 - Math.clz32(src & -src);
      this.sgiSources[k] = src & ~(1 << s);
      if (this.sgiSources[k] === 0) this.latchP[cpu] &= ~(1 << id);
      ret = id | (s << 10);
      this.activeP[cpu] |= 1 << id;
    } else if (id < 32) {
      this.latchP[cpu] &= ~(1 << id);
      this.activeP[cpu] |= 1 << id;
    } else {
      this.latchS[id >> 5] &= ~(1 << (id & 31));
      this.activeS[id >> 5] |= 1 << (id & 31);
    }
    const level = this.groupPriority(cpu, prio, g) >> (this.minBpr + 1);
    const apr = g === 0 ? this.aprG0 : this.aprG1;
    apr[cpu * this.aprWords + (level >> 5)] |= 1 << (level & 31);
    this.update();
    return ret;
  }

  /** End of interrupt (EOIR, or AEOIR as the Group 1 alias): priority drop, and deactivation unless EOImode. */
  endOfInterrupt(cpu: number, secure: boolean, value: number, aliasGroup1 = false): void {
    const id = value & 0x3ff;
    if (id >= this.lines) return;
    if (this.runningPriority(cpu) === IDLE_PRIORITY) return;
    const g = this.groupOf(cpu, id);
    const nsView = aliasGroup1 || (this.security && !secure);
    if (nsView && g === 0) return;
    this.dropPriority(cpu, g);
    const split = nsView ? (this.cctlr[cpu] & CTLR_EOIMODE_NS) !== 0 : (this.cctlr[cpu] & CTLR_EOIMODE_S) !== 0;
    if (!split) this.deactivate(cpu, id);
    this.update();
  }

  /** GICC_DIR: deactivation (after a priority drop in EOImode). */
  private deactivateFromDir(cpu: number, secure: boolean, value: number): void {
    const id = value & 0x3ff;
    if (id >= this.lines) return;
    if (this.security && !secure && this.groupOf(cpu, id) === 0) return;
    this.deactivate(cpu, id);
    this.update();
  }

  /** Deactivation of a physical interrupt by the virtual interface (list register with HW = 1). */
  deactivateFromVirtual(cpu: number, id: number): void {
    if (id < 16 || id >= this.lines) return;
    // As a Non-secure write to GICC_DIR: Group 0 interrupts stay active when the GIC has Security Extensions.
    if (this.security && this.groupOf(cpu, id) === 0) return;
    this.deactivate(cpu, id);
    this.update();
  }

  // ---------------------------------------------------------------- distributor registers

  /** GICD_TYPER. */
  get typer(): number {
    return ((this.words - 1) | ((this.cpus - 1) << 5) | (this.security ? 1 << 10 : 0) | this.flavour.typerExtra) >>> 0;
  }

  distRead(cpu: number, secure: boolean, off: number, size: AccessSize): number {
    if (off >= 0x400 && off < 0xc00 || off >= 0xf10 && off < 0xf30) {
      let v = 0;
      for (let i = 0; i < size; i++) v |= this.distReadByte(cpu, secure, off + i) << (8 * i);
      return v >>> 0;
    }
    const word = this.distReadWord(cpu, secure, off & ~3);
    if (size === 4) return word;
    return (word >>> ((off & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  distWrite(cpu: number, secure: boolean, off: number, size: AccessSize, value: number): void {
    if (off >= 0x400 && off < 0xc00 || off >= 0xf10 && off < 0xf30) {
      for (let i = 0; i < size; i++) this.distWriteByte(cpu, secure, off + i, (value >>> (8 * i)) & 0xff);
      this.update();
      return;
    }
    const aligned = off & ~3;
    if (size !== 4) {
      // Narrow writes: the set/clear registers take the bits given; the others keep their other bytes.
      const shift = (off & 3) * 8;
      const mask = (size === 1 ? 0xff : 0xffff) << shift;
      const setClear = aligned >= 0x100 && aligned < 0x400;
      const old = setClear ? 0 : this.distReadWord(cpu, secure, aligned);
      value = ((old & ~mask) | ((value << shift) & mask)) >>> 0;
    }
    this.distWriteWord(cpu, secure, aligned, value >>> 0);
    this.update();
  }

  /** Mask of the bits of word w a Non-secure access may see: its Group 1 interrupts. */
  private viewMask(cpu: number, secure: boolean, w: number): number {
    return this.security && !secure ? this.groupWord(cpu, w) : 0xffffffff;
  }

  private distReadWord(cpu: number, secure: boolean, off: number): number {
    if (off === 0x000) {
      if (this.security && !secure) return (this.dctlr >> 1) & 1;
      return this.dctlr & 3;
    }
    if (off === 0x004) return this.typer;
    if (off === 0x008) return this.flavour.distIidr;
    if (off >= 0x080 && off < 0x400) {
      const w = (off & 0x7f) >> 2;
      if (w >= this.words) return 0;
      const m = this.viewMask(cpu, secure, w);
      switch (off & ~0x7f) {
        case 0x080: return this.security && !secure ? 0 : this.groupWord(cpu, w);
        case 0x100: case 0x180: return ((w === 0 ? this.enabledP[cpu] : this.enabledS[w]) & m) >>> 0;
        case 0x200: case 0x280: return (this.pendingWord(cpu, w) & m) >>> 0;
        case 0x300: case 0x380: return ((w === 0 ? this.activeP[cpu] : this.activeS[w]) & m) >>> 0;
      }
      return 0;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const n = (off - 0xc00) >> 2;
      if (n >= this.words * 2) return 0;
      if (n === 0) return 0xaaaaaaaa;
      if (n === 1 && this.flavour.ppiConfig !== null) return this.flavour.ppiConfig;
      const w = n >> 1, first = (n & 1) * 16;
      const edge = w === 0 ? this.edgeP[cpu] : this.edgeS[w];
      const m = this.viewMask(cpu, secure, w);
      let v = 0;
      for (let i = 0; i < 16; i++) if (((edge & m) >>> (first + i)) & 1) v |= 2 << (2 * i);
      return v >>> 0;
    }
    if (off >= 0xfd0) return this.flavour.idRegisters[(off - 0xfd0) >> 2];
    return 0; // reserved, GICD_NSACRn (not implemented), GICD_SGIR (write-only)
  }

  private distWriteWord(cpu: number, secure: boolean, off: number, v: number): void {
    if (off === 0x000) {
      if (this.security && !secure) this.dctlr = (this.dctlr & ~2) | ((v & 1) << 1);
      else this.dctlr = v & 3;
      return;
    }
    if (off === 0xf00) { this.sendSgi(cpu, secure, v); return; }
    if (off >= 0x080 && off < 0x400) {
      const w = (off & 0x7f) >> 2;
      if (w >= this.words) return;
      const m = this.viewMask(cpu, secure, w);
      const bits = v & m;
      const p = w === 0;
      switch (off & ~0x7f) {
        case 0x080:
          if (this.security && !secure) return;
          if (p) this.groupP[cpu] = v; else this.groupS[w] = v;
          return;
        case 0x100: if (p) this.enabledP[cpu] |= bits; else this.enabledS[w] |= bits; return;
        case 0x180: if (p) this.enabledP[cpu] &= ~bits | 0xffff; else this.enabledS[w] &= ~bits; return;
        // SGI pending state is set and cleared through GICD_SPENDSGIR/CPENDSGIR only.
        case 0x200: if (p) this.latchP[cpu] |= bits & ~0xffff; else this.latchS[w] |= bits; return;
        case 0x280: if (p) this.latchP[cpu] &= ~(bits & ~0xffff); else this.latchS[w] &= ~bits; return;
        case 0x300: if (p) this.activeP[cpu] |= bits; else this.activeS[w] |= bits; return;
        case 0x380: if (p) this.activeP[cpu] &= ~bits; else this.activeS[w] &= ~bits; return;
      }
      return;
    }
    if (off >= 0xc00 && off < 0xd00) {
      const n = (off - 0xc00) >> 2;
      if (n === 0 || n >= this.words * 2 || (n === 1 && this.flavour.ppiConfig !== null)) return;
      const w = n >> 1, first = (n & 1) * 16;
      const m = this.viewMask(cpu, secure, w);
      let edge = w === 0 ? this.edgeP[cpu] : this.edgeS[w];
      for (let i = 0; i < 16; i++) {
        const bit = 1 << (first + i);
        if ((m & bit) === 0) continue;
        if ((v >>> (2 * i + 1)) & 1) edge |= bit; else edge &= ~bit;
      }
      if (w === 0) this.edgeP[cpu] = edge; else this.edgeS[w] = edge;
    }
  }

  private distReadByte(cpu: number, secure: boolean, off: number): number {
    if (off >= 0xf10) {
      const id = (off - 0xf10) & 15;
      if (this.security && !secure && this.groupOf(cpu, id) === 0) return 0;
      return this.sgiSources[cpu * 16 + id];
    }
    const id = (off - 0x400) & 0x3ff;
    if (id >= this.lines) return 0;
    const nsHidden = this.security && !secure && this.groupOf(cpu, id) === 0;
    if (off < 0x800) {
      if (nsHidden) return 0;
      const p = this.priorityOf(cpu, id);
      return this.security && !secure ? (p << 1) & 0xff : p;
    }
    if (this.cpus === 1 || nsHidden) return 0; // uniprocessor: ITARGETSR is RAZ/WI
    return id < 32 ? 1 << cpu : this.targets[id];
  }

  private distWriteByte(cpu: number, secure: boolean, off: number, v: number): void {
    if (off >= 0xf10) {
      const id = (off - 0xf10) & 15;
      if (this.security && !secure && this.groupOf(cpu, id) === 0) return;
      const k = cpu * 16 + id;
      if (off < 0xf20) this.sgiSources[k] &= ~v;
      else this.sgiSources[k] |= v & ((1 << this.cpus) - 1);
      if (this.sgiSources[k] !== 0) this.latchP[cpu] |= 1 << id; else this.latchP[cpu] &= ~(1 << id);
      return;
    }
    const id = (off - 0x400) & 0x3ff;
    if (id >= this.lines) return;
    if (this.security && !secure && this.groupOf(cpu, id) === 0) return;
    if (off < 0x800) {
      // A Non-secure write lands in the lower half of the priority range (ARM IHI 0048B 3.6.2).
      const p = (this.security && !secure ? (v >> 1) | 0x80 : v) & this.prioMask;
      if (id < 32) this.prioP[cpu * 32 + id] = p; else this.prioS[id] = p;
      return;
    }
    if (id >= 32 && this.cpus > 1) this.targets[id] = v & ((1 << this.cpus) - 1);
  }

  /** GICD_SGIR: TargetListFilter, CPUTargetList, NSATT, SGIINTID. */
  private sendSgi(src: number, secure: boolean, v: number): void {
    const filter = (v >>> 24) & 3, list = (v >>> 16) & 0xff, nsatt = (v >>> 15) & 1, id = v & 15;
    let targets: number;
    switch (filter) {
      case 0: targets = list; break;
      case 1: targets = ((1 << this.cpus) - 1) & ~(1 << src); break;
      case 2: targets = 1 << src; break;
      default: return;
    }
    for (let t = 0; t < this.cpus; t++) {
      if (((targets >> t) & 1) === 0) continue;
      if (this.security) {
        // Non-secure writes only signal Group 1 SGIs; Secure writes pick the group with NSATT.
        const want = secure ? nsatt : 1;
        if (this.groupOf(t, id) !== want) continue;
      }
      this.sgiSources[t * 16 + id] |= 1 << src;
      this.latchP[t] |= 1 << id;
    }
  }

  // ---------------------------------------------------------------- CPU interface registers

  cpuRead(cpu: number, secure: boolean, off: number): number {
    const ns = this.security && !secure;
    switch (off & ~3) {
      case 0x00: {
        const c = this.cctlr[cpu];
        if (ns) return ((c >> 1) & 1) | (((c >> 7) & 1) << 5) | (((c >> 8) & 1) << 6) | (((c >> 10) & 1) << 9);
        return c;
      }
      case 0x04: {
        const p = this.pmr[cpu];
        if (!ns) return p;
        return p < 0x80 ? 0 : (p << 1) & 0xff;
      }
      case 0x08: return ns ? this.abpr[cpu] : this.bpr[cpu];
      case 0x0c: return this.acknowledge(cpu, secure);
      case 0x14: {
        const rp = this.runningPriority(cpu);
        if (rp === IDLE_PRIORITY) return 0xff;
        if (!ns) return rp;
        return rp < 0x80 ? 0 : (rp << 1) & 0xff;
      }
      case 0x18: return this.highestPending(cpu, secure, false);
      case 0x1c: return ns ? 0 : this.abpr[cpu];
      case 0x20: return this.security && secure ? this.acknowledge(cpu, secure, true) : 0;
      case 0x28: return this.security && secure ? this.highestPending(cpu, secure, true) : 0;
      case 0xfc: return this.flavour.cpuIidr;
    }
    if (off >= 0xd0 && off < 0xf0) {
      const n = ((off - 0xd0) >> 2) & 3;
      if (n >= this.aprWords) return 0;
      const nsapr = off >= 0xe0;
      if (nsapr && ns) return 0;
      return (nsapr || ns ? this.aprG1 : this.aprG0)[cpu * this.aprWords + n];
    }
    return 0; // reserved; GICC_EOIR, AEOIR and DIR are write-only
  }

  cpuWrite(cpu: number, secure: boolean, off: number, v: number): void {
    const ns = this.security && !secure;
    switch (off & ~3) {
      case 0x00:
        if (ns) {
          const c = this.cctlr[cpu] & ~((1 << 1) | (1 << 7) | (1 << 8) | (1 << 10));
          this.cctlr[cpu] = c | ((v & 1) << 1) | (((v >> 5) & 1) << 7) | (((v >> 6) & 1) << 8) | (((v >> 9) & 1) << 10);
        } else {
          this.cctlr[cpu] = v & (this.security ? 0x7ff : 0x21f);
        }
        break;
      case 0x04:
        if (ns) {
          if (this.pmr[cpu] < 0x80) return; // a Secure mask in force: Non-secure writes are ignored
          this.pmr[cpu] = ((v >> 1) | 0x80) & this.prioMask;
        } else {
          this.pmr[cpu] = v & this.prioMask;
        }
        break;
      case 0x08:
        if (ns) this.abpr[cpu] = Math.max(v & 7, this.minBpr + 1);
        else this.bpr[cpu] = Math.max(v & 7, this.minBpr);
        break;
      case 0x10: this.endOfInterrupt(cpu, secure, v); return;
      case 0x1c: if (!ns) this.abpr[cpu] = Math.max(v & 7, this.minBpr + 1); break;
      case 0x24: if (this.security && secure) this.endOfInterrupt(cpu, secure, v, true); return;
      case 0x1000: this.deactivateFromDir(cpu, secure, v); return;
      default:
        if (off >= 0xd0 && off < 0xf0) {
          const n = ((off - 0xd0) >> 2) & 3;
          if (n >= this.aprWords) return;
          const nsapr = off >= 0xe0;
          if (nsapr && ns) return;
          (nsapr || ns ? this.aprG1 : this.aprG0)[cpu * this.aprWords + n] = v;
          break;
        }
        return;
    }
    this.update();
  }

  // ---------------------------------------------------------------- firmware

  /**
   * What a boot loader's switch to Non-secure state does to the GIC (U-Boot's
   * armv7_init_nonsec): both groups enabled in the Distributor, every SPI in Group 1.
   */
  firmwareNonsecInit(): void {
    this.dctlr |= 3;
    for (let w = 1; w < this.words; w++) this.groupS[w] = 0xffffffff;
    for (let c = 0; c < this.cpus; c++) this.firmwareNonsecInitCpu(c);
  }

  /** Per CPU (boot and PSCI CPU_ON, U-Boot's _nonsec_init): SGIs/PPIs in Group 1, both groups on, mask open. */
  firmwareNonsecInitCpu(cpu: number): void {
    this.groupP[cpu] = 0xffffffff;
    this.cctlr[cpu] = CTLR_EN_GRP0 | CTLR_EN_GRP1;
    this.pmr[cpu] = 0xff & this.prioMask;
    this.update();
  }
}
