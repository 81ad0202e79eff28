// GICv2 virtualization extensions (ARM IHI 0048B chapter 5): per CPU, the
// virtual interface control registers (GICH: list registers, VMCR, active
// priorities, maintenance status) for the hypervisor, and the virtual CPU
// interface (GICV) that a guest uses like a GICC. The list registers feed
// the core's virtual IRQ/FIQ inputs; list registers with the HW bit
// deactivate their physical interrupt when the guest deactivates the virtual
// one; the maintenance interrupt is a PPI of the physical GIC.

import type { MmioDevice } from '../machine/bus.js';
import type { Core } from '../cpu/core.js';
import type { Gic } from './gic-v2.js';

export interface GicVirtualConfig {
  /** GICV_IIDR. */
  iidr: number;
}

/** List registers per CPU interface (GICH_VTR.ListRegs + 1). */
export const LIST_REGISTERS = 4;
/** GICH_VTR: 5 priority bits, 5 preemption bits, 4 list registers (as the Cortex-A7/A15 GIC). */
export const GICH_VTR = ((5 - 1) << 29) | ((5 - 1) << 26) | (LIST_REGISTERS - 1);

// GICH_HCR
export const HCR_EN = 1 << 0, HCR_UIE = 1 << 1, HCR_LRENPIE = 1 << 2, HCR_NPIE = 1 << 3,
  HCR_VGRP0EIE = 1 << 4, HCR_VGRP0DIE = 1 << 5, HCR_VGRP1EIE = 1 << 6, HCR_VGRP1DIE = 1 << 7;
const HCR_MASK = 0xf80000ff;
const EOICOUNT_SHIFT = 27;
// GICH_VMCR
const VMCR_GRP0 = 1 << 0, VMCR_GRP1 = 1 << 1, VMCR_ACKCTL = 1 << 2, VMCR_FIQEN = 1 << 3, VMCR_CBPR = 1 << 4,
  VMCR_VEM = 1 << 9;
const VMCR_CTLR_MASK = 0x21f;
const VMCR_RESET = (2 << 21) | (3 << 18);
// GICH_LRn
export const LR_HW = 0x80000000, LR_GRP1 = 1 << 30, LR_PENDING = 1 << 28, LR_ACTIVE = 2 << 28, LR_EOI = 1 << 19;
const LR_STATE = 3 << 28;
const LR_MASK = 0xff8fffff;

/** Minimum binary points of the virtual CPU interface (5 priority bits). */
const MIN_BPR = 2, MIN_ABPR = 3;
const IDLE = 0x100;

export class GicVirtual {
  readonly hcr: Uint32Array;
  readonly vmcr: Uint32Array;
  readonly apr: Uint32Array;
  readonly lr: Uint32Array;
  private readonly cpus: number;
  private readonly maintLevel: Uint8Array;

  /** GICH for the accessing CPU. */
  readonly control: MmioDevice;
  /** GICH of each CPU by address (the GIC-400's per-processor aliases, 0x200 apart). */
  readonly controlAliases: MmioDevice;
  /** GICV for the accessing CPU. */
  readonly cpuInterface: MmioDevice;

  constructor(private readonly gic: Gic, private readonly cores: Core[], private readonly cfg: GicVirtualConfig) {
    const n = cores.length;
    this.cpus = n;
    this.hcr = new Uint32Array(n);
    this.vmcr = new Uint32Array(n);
    this.apr = new Uint32Array(n);
    this.lr = new Uint32Array(n * LIST_REGISTERS);
    this.maintLevel = new Uint8Array(n);
    const bus = gic.bus;
    this.control = {
      name: 'gic-hyp-interface',
      read: (off) => this.hypRead(bus.currentCpu, off),
      write: (off, _s, v) => this.hypWrite(bus.currentCpu, off, v),
    };
    this.controlAliases = {
      name: 'gic-hyp-interface-aliases',
      read: (off) => { const c = (off >> 9) & 7; return c < this.cpus ? this.hypRead(c, off & 0x1ff) : 0; },
      write: (off, _s, v) => { const c = (off >> 9) & 7; if (c < this.cpus) this.hypWrite(c, off & 0x1ff, v); },
    };
    this.cpuInterface = {
      name: 'gic-virtual-cpu-interface',
      read: (off) => this.vcpuRead(bus.currentCpu, off),
      write: (off, _s, v) => this.vcpuWrite(bus.currentCpu, off, v),
    };
  }

  reset(): void {
    this.hcr.fill(0);
    this.vmcr.fill(VMCR_RESET);
    this.apr.fill(0);
    this.lr.fill(0);
    for (let c = 0; c < this.cpus; c++) this.update(c);
  }

  // ---------------------------------------------------------------- status

  /** GICH_EISR0: list registers whose EOI maintenance is due (invalid, HW 0, EOI 1). */
  eisr(cpu: number): number {
    let v = 0;
    for (let i = 0; i < LIST_REGISTERS; i++) {
      const l = this.lr[cpu * LIST_REGISTERS + i];
      if ((l & (LR_STATE | LR_HW | LR_EOI)) === LR_EOI) v |= 1 << i;
    }
    return v;
  }

  /** GICH_ELRSR0: empty list registers (invalid, and no EOI maintenance request). */
  elrsr(cpu: number): number {
    let v = 0;
    for (let i = 0; i < LIST_REGISTERS; i++) {
      const l = this.lr[cpu * LIST_REGISTERS + i];
      if ((l & LR_STATE) === 0 && ((l & LR_HW) !== 0 || (l & LR_EOI) === 0)) v |= 1 << i;
    }
    return v;
  }

  /** GICH_MISR. */
  misr(cpu: number): number {
    const hcr = this.hcr[cpu], vmcr = this.vmcr[cpu];
    let valid = 0, pending = false;
    for (let i = 0; i < LIST_REGISTERS; i++) {
      const s = this.lr[cpu * LIST_REGISTERS + i] & LR_STATE;
      if (s !== 0) valid++;
      if (s === LR_PENDING) pending = true;
    }
    let m = 0;
    if (this.eisr(cpu) !== 0) m |= 1 << 0;
    if ((hcr & HCR_UIE) && valid <= 1) m |= 1 << 1;
    if ((hcr & HCR_LRENPIE) && (hcr >>> EOICOUNT_SHIFT) !== 0) m |= 1 << 2;
    if ((hcr & HCR_NPIE) && !pending) m |= 1 << 3;
    if ((hcr & HCR_VGRP0EIE) && (vmcr & VMCR_GRP0)) m |= 1 << 4;
    if ((hcr & HCR_VGRP0DIE) && !(vmcr & VMCR_GRP0)) m |= 1 << 5;
    if ((hcr & HCR_VGRP1EIE) && (vmcr & VMCR_GRP1)) m |= 1 << 6;
    if ((hcr & HCR_VGRP1DIE) && !(vmcr & VMCR_GRP1)) m |= 1 << 7;
    return m;
  }

  private runningPriority(cpu: number): number {
    const a = this.apr[cpu];
    return a === 0 ? IDLE : (31 - Math.clz32(a & -a)) << 3;
  }

  private groupPriority(cpu: number, prio: number, grp1: boolean): number {
    const vmcr = this.vmcr[cpu];
    const bp = grp1 && (vmcr & VMCR_CBPR) === 0 ? ((vmcr >>> 18) & 7) - 1 : (vmcr >>> 21) & 7;
    return prio & (0xff << (bp + 1)) & 0xff;
  }

  /** Index of the highest-priority pending list register below the priority mask, or -1. */
  private bestPending(cpu: number): number {
    const vmcr = this.vmcr[cpu];
    if ((this.hcr[cpu] & HCR_EN) === 0 || (vmcr & (VMCR_GRP0 | VMCR_GRP1)) === 0) return -1;
    let best = -1, bestPrio = IDLE;
    for (let i = 0; i < LIST_REGISTERS; i++) {
      const l = this.lr[cpu * LIST_REGISTERS + i];
      if ((l & LR_STATE) !== LR_PENDING) continue;
      const p = ((l >>> 23) & 0x1f) << 3;
      if (p < bestPrio) { bestPrio = p; best = i; }
    }
    return bestPrio < (vmcr >>> 27) << 3 ? best : -1;
  }

  /** Re-evaluates the virtual IRQ/FIQ of a core and the maintenance interrupt. */
  update(cpu: number): void {
    const vmcr = this.vmcr[cpu];
    let virq = false, vfiq = false;
    const i = this.bestPending(cpu);
    if (i >= 0) {
      const l = this.lr[cpu * LIST_REGISTERS + i];
      const prio = ((l >>> 23) & 0x1f) << 3;
      const grp1 = (l & LR_GRP1) !== 0;
      if (prio < this.runningPriority(cpu) && (vmcr & (grp1 ? VMCR_GRP1 : VMCR_GRP0)) !== 0) {
        if (!grp1 && (vmcr & VMCR_FIQEN) !== 0) vfiq = true; else virq = true;
      }
    }
    const core = this.cores[cpu];
    if (core.virqLine !== virq || core.vfiqLine !== vfiq) {
      core.virqLine = virq;
      core.vfiqLine = vfiq;
      core.interruptChanged();
    }
    const maint = (this.hcr[cpu] & HCR_EN) !== 0 && this.misr(cpu) !== 0 ? 1 : 0;
    if (maint !== this.maintLevel[cpu]) {
      this.maintLevel[cpu] = maint;
      this.gic.setPpi(cpu, this.gic.flavour.maintenanceIrq, maint === 1);
    }
  }

  // ---------------------------------------------------------------- GICH

  hypRead(cpu: number, off: number): number {
    switch (off & ~3) {
      case 0x00: return this.hcr[cpu];
      case 0x04: return GICH_VTR >>> 0;
      case 0x08: return this.vmcr[cpu];
      case 0x10: return this.misr(cpu);
      case 0x20: return this.eisr(cpu);
      case 0x30: return this.elrsr(cpu);
      case 0xf0: return this.apr[cpu];
    }
    if (off >= 0x100 && off < 0x100 + 4 * LIST_REGISTERS) return this.lr[cpu * LIST_REGISTERS + ((off - 0x100) >> 2)];
    return 0;
  }

  hypWrite(cpu: number, off: number, v: number): void {
    switch (off & ~3) {
      case 0x00: this.hcr[cpu] = (v & HCR_MASK) >>> 0; break;
      case 0x08: this.setVmcr(cpu, v); break;
      case 0xf0: this.apr[cpu] = v >>> 0; break;
      default:
        if (off >= 0x100 && off < 0x100 + 4 * LIST_REGISTERS) {
          this.lr[cpu * LIST_REGISTERS + ((off - 0x100) >> 2)] = (v & LR_MASK) >>> 0;
          break;
        }
        return;
    }
    this.update(cpu);
  }

  private setVmcr(cpu: number, v: number): void {
    const bp = Math.max((v >>> 21) & 7, MIN_BPR), abp = Math.max((v >>> 18) & 7, MIN_ABPR);
    this.vmcr[cpu] = ((v & 0xf8000000) | (bp << 21) | (abp << 18) | (v & VMCR_CTLR_MASK)) >>> 0;
  }

  // ---------------------------------------------------------------- GICV

  vcpuRead(cpu: number, off: number): number {
    const vmcr = this.vmcr[cpu];
    switch (off & ~3) {
      case 0x00: return vmcr & VMCR_CTLR_MASK;
      case 0x04: return (vmcr >>> 27) << 3;
      case 0x08: return (vmcr >>> 21) & 7;
      case 0x0c: return this.acknowledge(cpu);
      case 0x14: { const rp = this.runningPriority(cpu); return rp === IDLE ? 0xff : rp; }
      case 0x18: {
        const i = this.bestPending(cpu);
        if (i < 0) return 1023;
        const l = this.lr[cpu * LIST_REGISTERS + i];
        if ((l & LR_GRP1) !== 0 && (vmcr & VMCR_ACKCTL) === 0) return 1022;
        return this.interruptIdOf(l);
      }
      case 0x1c: return (vmcr >>> 18) & 7;
      case 0xd0: return this.apr[cpu];
      case 0xfc: return this.cfg.iidr;
    }
    return 0;
  }

  vcpuWrite(cpu: number, off: number, v: number): void {
    const vmcr = this.vmcr[cpu];
    switch (off & ~3) {
      case 0x00: this.vmcr[cpu] = ((vmcr & ~VMCR_CTLR_MASK) | (v & VMCR_CTLR_MASK)) >>> 0; break;
      case 0x04: this.vmcr[cpu] = ((vmcr & 0x07ffffff) | ((v >>> 3) << 27)) >>> 0; break;
      case 0x08: this.setVmcr(cpu, (vmcr & ~(7 << 21)) | ((v & 7) << 21)); break;
      case 0x10: this.endOfInterrupt(cpu, v); break;
      case 0x1c: this.setVmcr(cpu, (vmcr & ~(7 << 18)) | ((v & 7) << 18)); break;
      case 0xd0: this.apr[cpu] = v >>> 0; break;
      case 0x1000: this.deactivateVirtual(cpu, v); break;
      default: return;
    }
    this.update(cpu);
  }

  /** The ID a guest sees: the virtual ID, with the source CPU for software-generated ones. */
  private interruptIdOf(l: number): number {
    const id = l & 0x3ff;
    return id < 16 && (l & LR_HW) === 0 ? id | (l & (7 << 10)) : id;
  }

  private acknowledge(cpu: number): number {
    const i = this.bestPending(cpu);
    if (i < 0) return 1023;
    const k = cpu * LIST_REGISTERS + i;
    const l = this.lr[k];
    const prio = ((l >>> 23) & 0x1f) << 3;
    if (prio >= this.runningPriority(cpu)) return 1023;
    const grp1 = (l & LR_GRP1) !== 0;
    if (grp1 && (this.vmcr[cpu] & VMCR_ACKCTL) === 0) return 1022;
    this.lr[k] = ((l & ~LR_STATE) | LR_ACTIVE) >>> 0;
    this.apr[cpu] |= 1 << (this.groupPriority(cpu, prio, grp1) >> 3);
    this.update(cpu);
    return this.interruptIdOf(l);
  }

  /** The list register holding an active interrupt with this ID (and source CPU for SGIs), or -1. */
  private findActive(cpu: number, value: number): number {
    const id = value & 0x3ff;
    for (let i = 0; i < LIST_REGISTERS; i++) {
      const l = this.lr[cpu * LIST_REGISTERS + i];
      if ((l & LR_ACTIVE) === 0 || (l & 0x3ff) !== id) continue;
      if (id < 16 && (l & LR_HW) === 0 && (l & (7 << 10)) !== (value & (7 << 10))) continue;
      return i;
    }
    return -1;
  }

  private deactivateLr(cpu: number, i: number): void {
    const k = cpu * LIST_REGISTERS + i;
    const l = this.lr[k];
    this.lr[k] = (l & ~LR_ACTIVE) >>> 0;
    if ((l & LR_HW) !== 0) this.gic.deactivateFromVirtual(cpu, (l >>> 10) & 0x3ff);
  }

  private bumpEoiCount(cpu: number): void {
    const h = this.hcr[cpu];
    this.hcr[cpu] = ((h & 0x07ffffff) | ((((h >>> EOICOUNT_SHIFT) + 1) & 0x1f) << EOICOUNT_SHIFT)) >>> 0;
  }

  /** GICV_EOIR: priority drop; deactivation unless VEM (EOImode). */
  private endOfInterrupt(cpu: number, v: number): void {
    if ((v & 0x3ff) >= 1020) return;
    const a = this.apr[cpu];
    const dropped = a !== 0;
    this.apr[cpu] = a & (a - 1);
    if ((this.vmcr[cpu] & VMCR_VEM) !== 0) return;
    const i = this.findActive(cpu, v);
    if (i >= 0) this.deactivateLr(cpu, i);
    else if (dropped) this.bumpEoiCount(cpu); // an EOI for an interrupt the list registers do not hold
  }

  /** GICV_DIR. */
  private deactivateVirtual(cpu: number, v: number): void {
    if ((v & 0x3ff) >= 1020) return;
    const i = this.findActive(cpu, v);
    if (i >= 0) this.deactivateLr(cpu, i);
    else this.bumpEoiCount(cpu);
  }
}

