// The GICv2 as the hypervisor drives it, through its architectural registers
// on the bus only: the distributor (GICD), the physical CPU interface (GICC,
// where the hypervisor acknowledges every interrupt routed to Hyp mode by
// HCR.IMO) and the virtual interface control (GICH, whose list registers
// present interrupts to the cell through the virtual CPU interface GICV that
// is mapped at the cell's GICC address). Cells never reach GICD: every access
// traps and is filtered by the cell's interrupt bitmap (irqchip pin bitmaps
// of its config; SGIs and PPIs are per CPU and belong to the CPU's cell).

import type { Bus } from '../machine/bus.js';
import {
  MMIO_ERROR, MMIO_HANDLED, performAccess, type MmioAccess, type MmioResult,
} from './mmio.js';
import {
  EBUSY, EEXIST, STAT_VMEXITS_MAINTENANCE, STAT_VMEXITS_MANAGEMENT, STAT_VMEXITS_VIRQ, STAT_VMEXITS_VSGI,
} from './abi.js';
import type { Cell } from './cell.js';
import type { Hypervisor, PerCpu } from './hypervisor.js';

// Distributor registers (GICv2 architecture specification, 4.1.2).
export const GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_IGROUPR = 0x080,
  GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380,
  GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xc00, GICD_SGIR = 0xf00, GICD_PIDR4 = 0xfd0,
  GICD_PIDR2 = 0xfe8, GICD_CIDR0 = 0xff0;
// CPU interface registers (4.1.3).
export const GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_IAR = 0x0c, GICC_EOIR = 0x10, GICC_DIR = 0x1000;
// Virtual interface control registers (5.3).
export const GICH_HCR = 0x00, GICH_VTR = 0x04, GICH_VMCR = 0x08, GICH_ELSR0 = 0x30, GICH_ELSR1 = 0x34,
  GICH_APR = 0xf0, GICH_LR0 = 0x100;

/** GICH covers two frames: the banked one and, on the GIC-400, the per-processor aliases right after it. */
export const GICD_SIZE = 0x1000, GICC_SIZE = 0x2000, GICH_SIZE = 0x2000;

const GICC_CTLR_GRPEN1 = 1 << 0, GICC_CTLR_EOIMODE = 1 << 9;
const GICC_PMR_DEFAULT = 0xf0;
const GICH_HCR_EN = 1 << 0, GICH_HCR_UIE = 1 << 1;
const GICH_VMCR_EN0 = 1 << 0, GICH_VMCR_EOIMODE = 1 << 9, GICH_VMCR_PMR_SHIFT = 27, GICV_PMR_SHIFT = 3;
const GICH_LR_PENDING = 1 << 28, GICH_LR_HW = 1 << 31, GICH_LR_PHYS_SHIFT = 10, GICH_LR_VIRT_MASK = 0x3ff;
const AMBA_DEVICE = 0xb105f00d;

/** SGIs the hypervisor keeps for itself: list-register injection on another CPU, and management events. */
export const SGI_INJECT = 0, SGI_EVENT = 1;

/** Queue of interrupts waiting for a free list register, per CPU. */
const MAX_PENDING_IRQS = 256;

export class PendingIrqs {
  readonly ids = new Uint16Array(MAX_PENDING_IRQS);
  head = 0;
  tail = 0;

  push(id: number): boolean {
    const next = (this.tail + 1) % MAX_PENDING_IRQS;
    if (next === this.head) return false;
    this.ids[this.tail] = id;
    this.tail = next;
    return true;
  }

  clear(): void { this.head = this.tail = 0; }
  get empty(): boolean { return this.head === this.tail; }
}

export class Irqchip {
  /** A GICv2 answers at the distributor address. */
  present = false;
  /** Number of list registers (GICH_VTR.ListRegs + 1). */
  numLr = 0;
  /** Interrupt IDs the distributor implements (GICD_TYPER). */
  lines = 0;
  private readonly bus: Bus;
  private readonly gicd: number;
  private readonly gicc: number;
  private readonly gich: number;
  readonly maintenanceIrq: number;
  constructor(private readonly hv: Hypervisor) {
    this.bus = hv.bus;
    const arm = hv.system.platformInfo.arm;
    this.gicd = arm.gicdBase;
    this.gicc = arm.giccBase;
    this.gich = arm.gichBase;
    this.maintenanceIrq = arm.maintenanceIrq;
  }

  private rd(base: number, off: number): number {
    const v = this.bus.read(base + off, 4) >>> 0;
    this.bus.faulted = false;
    return v;
  }

  private wr(base: number, off: number, v: number): void {
    this.bus.write(base + off, 4, v >>> 0);
    this.bus.faulted = false;
  }

  /** Checks for a GICv2 distributor (AMBA component ID, architecture revision 2). */
  init(): string | null {
    let cid = 0;
    for (let i = 3; i >= 0; i--) {
      const v = this.bus.read(this.gicd + GICD_CIDR0 + i * 4, 4);
      if (this.bus.faulted) { this.bus.faulted = false; return `no GIC distributor at 0x${this.gicd.toString(16)}`; }
      cid = (cid << 8) | (v & 0xff);
    }
    if ((cid >>> 0) !== AMBA_DEVICE) return `no GIC at 0x${this.gicd.toString(16)} (component ID 0x${(cid >>> 0).toString(16)})`;
    const arch = (this.rd(this.gicd, GICD_PIDR2) >>> 4) & 0xf;
    if (arch !== 2) return `GIC at 0x${this.gicd.toString(16)} is architecture version ${arch}, not GICv2`;
    this.lines = Math.min(1020, 32 * ((this.rd(this.gicd, GICD_TYPER) & 0x1f) + 1));
    this.present = true;
    return null;
  }

  // ------------------------------------------------------------ per CPU (run with bus.currentCpu = cpu)

  /** Takes over the CPU interface: EOImode 1 for the hypervisor, the guest's settings into GICH_VMCR. */
  cpuInit(cpu: PerCpu): void {
    if (!this.present) return;
    const mnt = this.maintenanceIrq;
    this.wr(this.gicd, GICD_ISENABLER, 0x0000ffff | (1 << mnt));
    const ctlr = this.rd(this.gicc, GICC_CTLR);
    const pmr = this.rd(this.gicc, GICC_PMR);
    this.wr(this.gicc, GICC_CTLR, GICC_CTLR_GRPEN1 | GICC_CTLR_EOIMODE);
    this.wr(this.gicc, GICC_PMR, GICC_PMR_DEFAULT);
    this.numLr = (this.rd(this.gich, GICH_VTR) & 0x3f) + 1;
    let vmcr = ((pmr >>> GICV_PMR_SHIFT) << GICH_VMCR_PMR_SHIFT) >>> 0;
    if (ctlr & GICC_CTLR_GRPEN1) vmcr |= GICH_VMCR_EN0;
    if (ctlr & GICC_CTLR_EOIMODE) vmcr |= GICH_VMCR_EOIMODE;
    this.wr(this.gich, GICH_VMCR, vmcr);
    this.wr(this.gich, GICH_HCR, GICH_HCR_EN);
    this.clearLrs();
    // This CPU's interface bit in the target lists (ITARGETSR0 is banked and names the reader).
    const own = this.rd(this.gicd, GICD_ITARGETSR) & 0xff;
    cpu.gicTarget = own !== 0 ? own : 1 << (cpu.index & 7);
  }

  private clearLrs(): void {
    for (let n = 0; n < this.numLr; n++) this.wr(this.gich, GICH_LR0 + n * 4, 0);
    this.wr(this.gich, GICH_APR, 0);
  }

  /**
   * Resets the CPU's virtual interface for a new start (or for handing the CPU
   * back on shutdown): list registers cleared, active PPIs deactivated, PPIs
   * disabled except the maintenance interrupt; on the root cell's shutdown the
   * guest's interface settings go back into GICC.
   */
  cpuReset(cpu: PerCpu, isShutdown: boolean): void {
    cpu.pendingIrqs.clear();
    if (!this.present) return;
    const mnt = this.maintenanceIrq;
    this.clearLrs();
    const active = this.rd(this.gicd, GICD_ISACTIVER);
    for (let i = 16; i < 32; i++) if (active & (1 << i)) this.wr(this.gicc, GICC_DIR, i);
    this.wr(this.gicd, GICD_ISENABLER, 0x0000ffff | (1 << mnt));
    const rootShutdown = isShutdown && cpu.cell === this.hv.root;
    this.wr(this.gicd, GICD_ICENABLER, rootShutdown ? 1 << mnt : 0xffff0000 & ~(1 << mnt));
    if (isShutdown) this.wr(this.gich, GICH_HCR, 0);
    let vmcr = 0;
    if (rootShutdown) {
      vmcr = this.rd(this.gich, GICH_VMCR);
      let ctlr = 0;
      if (vmcr & GICH_VMCR_EN0) ctlr |= GICC_CTLR_GRPEN1;
      if (vmcr & GICH_VMCR_EOIMODE) ctlr |= GICC_CTLR_EOIMODE;
      this.wr(this.gicc, GICC_CTLR, ctlr);
      this.wr(this.gicc, GICC_PMR, ((vmcr >>> GICH_VMCR_PMR_SHIFT) << GICV_PMR_SHIFT) & 0xff);
      vmcr = 0;
    }
    this.wr(this.gich, GICH_VMCR, vmcr);
    if (!isShutdown) this.wr(this.gich, GICH_HCR, GICH_HCR_EN);
  }

  /**
   * An IRQ exit: acknowledge everything pending at GICC. SGIs of the hypervisor
   * and the maintenance interrupt are handled here (priority drop and
   * deactivation); other interrupts go to the CPU's cell through a list
   * register with the HW bit, so they stay active until the guest deactivates
   * them through GICV. An interrupt that is not the cell's is dropped.
   */
  handleIrq(cpu: PerCpu): void {
    if (!this.present) return;
    let countEvent = 1;
    const stats = cpu.stats.counts;
    for (;;) {
      const iar = this.rd(this.gicc, GICC_IAR);
      const irq = iar & 0x3ff;
      if (irq >= 1020) break;
      if (this.hv.tracer !== null) {
        this.hv.tracer.irq(cpu.index, irq === this.maintenanceIrq ? 'maintenance' : 'taken', irq, cpu.index, -1);
      }
      let handled = true;
      if (irq < 16) {
        if (irq === SGI_INJECT) {
          stats[STAT_VMEXITS_VSGI] += countEvent;
          this.injectPending(cpu);
        } else {
          stats[STAT_VMEXITS_MANAGEMENT] += countEvent;
        }
      } else if (irq === this.maintenanceIrq) {
        stats[STAT_VMEXITS_MAINTENANCE] += countEvent;
        this.injectPending(cpu);
      } else {
        stats[STAT_VMEXITS_VIRQ] += countEvent;
        if (irqInCell(cpu.cell, irq)) {
          this.setPending(cpu, cpu, irq);
          handled = false;
        } else if (this.hv.tracer !== null) this.hv.tracer.irq(cpu.index, 'drop', irq, cpu.index, -1);
      }
      countEvent = 0;
      this.wr(this.gicc, GICC_EOIR, iar);
      if (handled) this.wr(this.gicc, GICC_DIR, iar);
    }
  }

  /** Puts an interrupt into a free list register of the current CPU: 0, -EBUSY (none free) or -EEXIST. */
  private injectIrq(irq: number): number {
    const elsr0 = this.rd(this.gich, GICH_ELSR0), elsr1 = this.rd(this.gich, GICH_ELSR1);
    let free = -1;
    for (let i = 0; i < this.numLr; i++) {
      const empty = i < 32 ? (elsr0 >>> i) & 1 : (elsr1 >>> (i - 32)) & 1;
      if (empty) {
        if (free < 0) free = i;
        continue;
      }
      if ((this.rd(this.gich, GICH_LR0 + i * 4) & GICH_LR_VIRT_MASK) === irq) return -EEXIST;
    }
    if (free < 0) return -EBUSY;
    let lr = irq | GICH_LR_PENDING;
    if (irq >= 16) lr |= GICH_LR_HW | (irq << GICH_LR_PHYS_SHIFT);
    this.wr(this.gich, GICH_LR0 + free * 4, lr >>> 0);
    if (this.hv.tracer !== null) this.hv.tracer.irq(this.bus.currentCpu, 'inject', irq, this.bus.currentCpu, free);
    return 0;
  }

  /**
   * Makes `irq` pending for `target`: straight into a list register when the
   * target is the running CPU, else queued for it and signalled with SGI_INJECT.
   */
  setPending(current: PerCpu, target: PerCpu, irq: number): void {
    if (target === current && this.injectIrq(irq) !== -EBUSY) return;
    target.pendingIrqs.push(irq);
    if (this.hv.tracer !== null) this.hv.tracer.irq(current.index, 'queue', irq, target.index, -1);
    if (target === current) this.enableMaintenance(true);
    else this.sendSgi(target.gicTarget, SGI_INJECT);
  }

  /** Moves queued interrupts into list registers; the maintenance interrupt stays on while some wait. */
  injectPending(cpu: PerCpu): void {
    const q = cpu.pendingIrqs;
    while (!q.empty) {
      if (this.injectIrq(q.ids[q.head]) === -EBUSY) {
        this.enableMaintenance(true);
        return;
      }
      q.head = (q.head + 1) % MAX_PENDING_IRQS;
    }
    this.enableMaintenance(false);
  }

  private enableMaintenance(on: boolean): void {
    const hcr = this.rd(this.gich, GICH_HCR);
    this.wr(this.gich, GICH_HCR, on ? hcr | GICH_HCR_UIE : hcr & ~GICH_HCR_UIE);
  }

  /** A physical SGI to the CPU interfaces in `targets`. */
  sendSgi(targets: number, id: number): void {
    this.wr(this.gicd, GICD_SGIR, ((targets & 0xff) << 16) | (id & 0xf));
  }

  /**
   * Makes an SPI pending at the distributor (a virtual device's interrupt,
   * GICD_ISPENDR at 0x200); the GIC delivers it by its target list to the
   * owning cell's CPU, whose IRQ exit injects it like any other.
   */
  triggerExternalIrq(irq: number): void {
    if (!this.present || irq < 32 || irq >= this.lines) return;
    this.wr(this.gicd, 0x200 + (irq >>> 5) * 4, 1 << (irq & 31));
  }

  /** A virtual interrupt is waiting in a list register or in the queue. */
  hasPendingIrqs(cpu: PerCpu): boolean {
    if (!cpu.pendingIrqs.empty) return true;
    for (let n = 0; n < this.numLr; n++) if (this.rd(this.gich, GICH_LR0 + n * 4) & GICH_LR_PENDING) return true;
    return false;
  }

  // ------------------------------------------------------------ cells

  /** The cell's interrupt bitmap from its irqchips; null on success, else the reason (-EINVAL). */
  buildBitmap(cell: Cell): string | null {
    const bitmap = cell.irqBitmap;
    bitmap.fill(0);
    for (const chip of cell.config.irqchips) {
      if (chip.address !== this.gicd) continue;
      if (chip.pinBase % 32 !== 0 || chip.pinBase + 128 > 1024) {
        return `irqchip pin_base ${chip.pinBase} is not a multiple of 32 below 896`;
      }
      for (let w = 0; w < 4; w++) bitmap[chip.pinBase / 32 + w] |= chip.pinBitmap[w];
    }
    // SGIs and PPIs are the CPU's own, except those the hypervisor uses.
    bitmap[0] = ~((1 << SGI_INJECT) | (1 << SGI_EVENT) | (1 << this.maintenanceIrq)) >>> 0;
    return null;
  }

  /** Masks and deactivates the cell's SPIs (before a start, and when it goes away). */
  cellReset(cell: Cell): void {
    if (!this.present) return;
    for (let n = 1; n < 32 && n * 32 < this.lines; n++) {
      const mask = cell.irqBitmap[n];
      if (mask === 0) continue;
      this.wr(this.gicd, GICD_ICENABLER + n * 4, mask);
      this.wr(this.gicd, GICD_ICACTIVER + n * 4, mask);
    }
  }

  /** After CPUs or interrupts moved between cells: SPIs aimed at a CPU of another cell go to the owner's first CPU. */
  configCommit(cells: Cell[]): void {
    if (!this.present) return;
    for (let irq = 32; irq < this.lines; irq++) {
      for (const cell of cells) if (irqInCell(cell, irq)) this.adjustTarget(cell, irq);
    }
  }

  private cellTargets(cell: Cell): number {
    let m = 0;
    for (const c of cell.cpus) m |= this.hv.cpus[c].gicTarget;
    return m;
  }

  private adjustTarget(cell: Cell, irq: number): void {
    const addr = this.gicd + GICD_ITARGETSR + irq;
    const targets = this.bus.read(addr, 1);
    if ((targets & ~this.cellTargets(cell)) === 0) return;
    const first = cell.cpus.length > 0 ? this.hv.cpus[cell.cpus[0]].gicTarget : 0;
    this.bus.write(addr, 1, first);
    this.bus.faulted = false;
  }

  // ------------------------------------------------------------ distributor emulation

  /** Emulates a cell's access to GICD (offset in access.address). */
  handleDistAccess(cell: Cell, cpu: PerCpu, a: MmioAccess): MmioResult {
    const reg = a.address;
    if (reg >= GICD_ITARGETSR && reg < GICD_ICFGR) return this.handleTargets(cell, a, reg - GICD_ITARGETSR);
    if (reg >= GICD_ISENABLER && reg < GICD_IPRIORITYR) {
      // Six register banks of 0x80 bytes: set/clear enable, pending, active.
      return this.restrict(cell, a, reg & ~0x7f, 1, true);
    }
    if (reg >= GICD_IGROUPR && reg < GICD_ISENABLER) return this.restrict(cell, a, GICD_IGROUPR, 1, false);
    if (reg >= GICD_ICFGR && reg < GICD_ICFGR + 0x100) return this.restrict(cell, a, GICD_ICFGR, 2, false);
    if (reg >= GICD_IPRIORITYR && reg < GICD_ITARGETSR) return this.restrict(cell, a, GICD_IPRIORITYR, 8, false);
    if (reg === GICD_SGIR) {
      if (a.isWrite) this.handleSgir(cell, cpu, a.value);
      else a.value = 0;
      return MMIO_HANDLED;
    }
    if (reg === GICD_CTLR || reg === GICD_TYPER || reg === GICD_IIDR || (reg >= GICD_PIDR4 && reg < 0x1000)) {
      // Readable, writes ignored: the distributor stays the hypervisor's.
      if (!a.isWrite) performAccess(this.bus, this.gicd, a);
      return MMIO_HANDLED;
    }
    // Everything else (SGI pending set/clear, reserved space) reads as zero and ignores writes.
    if (!a.isWrite) a.value = 0;
    return MMIO_HANDLED;
  }

  /**
   * Registers with `bits` bits per interrupt: reads see only the cell's
   * interrupts; writes change only those (set/clear registers: masked; the
   * others: read-modify-write of the cell's fields).
   */
  private restrict(cell: Cell, a: MmioAccess, base: number, bits: number, isPoke: boolean): MmioResult {
    const off = a.address - base;
    const perWord = 32 / bits;
    const firstIrq = (off >>> 2) * perWord;
    const fieldMask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    let wordMask = 0;
    for (let i = 0; i < perWord; i++) if (irqInCell(cell, firstIrq + i)) wordMask |= fieldMask << (i * bits);
    const sizeMask = a.size === 4 ? 0xffffffff : (1 << (a.size * 8)) - 1;
    const mask = ((wordMask >>> ((off & 3) * 8)) & sizeMask) >>> 0;
    if (isPoke && a.isWrite) {
      a.value = (a.value & mask) >>> 0;
      performAccess(this.bus, this.gicd, a);
      return MMIO_HANDLED;
    }
    return this.maskedAccess(a, mask);
  }

  /** A read that sees only the bits in `mask`, or a read-modify-write that changes only those. */
  private maskedAccess(a: MmioAccess, mask: number): MmioResult {
    if (!a.isWrite) {
      performAccess(this.bus, this.gicd, a);
      a.value = (a.value & mask) >>> 0;
      return MMIO_HANDLED;
    }
    const value = a.value;
    a.isWrite = false;
    performAccess(this.bus, this.gicd, a);
    a.isWrite = true;
    a.value = ((a.value & ~mask) | (value & mask)) >>> 0;
    performAccess(this.bus, this.gicd, a);
    return MMIO_HANDLED;
  }

  /** ITARGETSR: SGI/PPI bytes are read-only and banked; SPI bytes only for the cell's interrupts and CPUs. */
  private handleTargets(cell: Cell, a: MmioAccess, firstIrq: number): MmioResult {
    if (firstIrq < 32) {
      if (!a.isWrite) performAccess(this.bus, this.gicd, a);
      return MMIO_HANDLED;
    }
    let mask = 0;
    const cellTargets = this.cellTargets(cell);
    for (let n = 0; n < a.size; n++) {
      if (!irqInCell(cell, firstIrq + n)) continue;
      mask |= 0xff << (8 * n);
      if (a.isWrite) {
        const targets = (a.value >>> (8 * n)) & 0xff;
        if ((targets & ~cellTargets) !== 0) {
          this.hv.console.print(`Attempt to route IRQ${firstIrq + n} outside of cell\n`);
          return MMIO_ERROR;
        }
      }
    }
    return this.maskedAccess(a, mask >>> 0);
  }

  /**
   * GICD_SGIR: virtual SGIs to CPUs of the writer's cell only (target list,
   * all others, or self), whatever other CPUs the value names.
   */
  private handleSgir(cell: Cell, cpu: PerCpu, value: number): void {
    const id = value & 0xf;
    const filter = (value >>> 24) & 3;
    const targets = (value >>> 16) & 0xff;
    if (filter === 3) return;
    for (const idx of cell.cpus) {
      const target = this.hv.cpus[idx];
      if (filter === 1 && target === cpu) continue;
      if (filter === 2 && target !== cpu) continue;
      if (filter === 0 && (targets & target.gicTarget) === 0) continue;
      this.setPending(cpu, target, id);
    }
  }
}

export function irqInCell(cell: Cell, irq: number): boolean {
  return irq < 1024 && (cell.irqBitmap[irq >>> 5] & (1 << (irq & 31))) !== 0;
}
