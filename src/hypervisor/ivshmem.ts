// ivshmem 2.0, the virtual PCI device through which cells share memory and
// signal each other (docs/jailhouse-abi.md section 13). Devices of different
// cells with the same BDF form a link; each is one peer, identified by its
// config's shmem_dev_id. The shared memory is ordinary memory regions of the
// cells' configs (state table, read/write section, one output section per
// peer); the device adds the register page (BAR 0: ID, MAX_PEERS, INT_CTRL,
// DOORBELL, STATE), the state table entries the hypervisor writes, and the
// interrupts: a doorbell or a state change makes the target peer's interrupt
// pending at the GIC distributor, which routes it to the owning cell's CPU
// like any other SPI. On ARM the interrupt is INTx (SPI vpci_irq_base +
// pin - 1, the pin rotating with the device number) unless the device has
// MSI-X vectors, whose data word names the SPI.

import type { CellConfig, MemoryRegion, PciDevice } from '../config/index.js';
import {
  IVSHMEM_CFG_MSIX_CAP, IVSHMEM_CFG_ONESHOT_INT, IVSHMEM_CFG_SHMEM_ADDR, IVSHMEM_CFG_SHMEM_OUTPUT_SZ,
  IVSHMEM_CFG_SHMEM_RW_SZ, IVSHMEM_CFG_SHMEM_STATE_TAB_SZ, IVSHMEM_CFG_VNDR_CAP, IVSHMEM_CFG_VNDR_LEN,
  IVSHMEM_DEVICE_ID, IVSHMEM_INT_ENABLE, IVSHMEM_MAX_PEERS, IVSHMEM_REG_DOORBELL, IVSHMEM_REG_ID,
  IVSHMEM_REG_INT_CTRL, IVSHMEM_REG_MAX_PEERS, IVSHMEM_REG_STATE, IVSHMEM_VENDOR_ID,
} from '../config/abi.js';
import { MMIO_ERROR, MMIO_HANDLED, type MmioAccess, type MmioHandler, type MmioResult } from './mmio.js';
import { irqInCell } from './irqchip.js';
import { EBUSY, EINVAL } from './abi.js';
import type { Hypervisor } from './hypervisor.js';
import type { PciFunction } from './pci.js';

/** MSI-X vectors a device may have. */
export const IVSHMEM_MSIX_VECTORS = 16;
/** The MSI-X region of BAR 1: twice the table, so that its size is a power of two. */
export const IVSHMEM_MSIX_SIZE = 0x10 * IVSHMEM_MSIX_VECTORS * 2;
/** Config space the device emulates; above it reads are all ones and writes are refused. */
const IVSHMEM_CFG_SIZE = 0x80;

const PCI_CFG_COMMAND = 0x04, PCI_CFG_CLASS = 0x08, PCI_CFG_SUBSYS = 0x2c, PCI_CFG_CAPS = 0x34, PCI_CFG_INT = 0x3c;
const PCI_CMD_MEM = 1 << 1, PCI_CMD_MASTER = 1 << 2, PCI_CMD_INTX_OFF = 1 << 10;
const PCI_STS_CAPS = 1 << 4;
const PCI_DEV_CLASS_OTHER = 0xff;
const PCI_CAP_ID_VNDR = 0x09, PCI_CAP_ID_MSIX = 0x11;
/** MSI-X message control (upper half of the capability's first dword): enable, function mask. */
const MSIX_CTRL_ENABLE = 1 << 31, MSIX_CTRL_FMASK = 1 << 30;
const MSIX_CTRL_RW_MASK = (MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK) >>> 0;
/** MSI-X table entry: address low, address high, data, vector control (bit 0: masked). */
const MSIX_DATA = 2, MSIX_CTRL = 3, MSIX_MASKED = 1;

export function formatBdf(bdf: number): string {
  const h = (n: number): string => n.toString(16).padStart(2, '0');
  return `${h(bdf >>> 8)}:${h((bdf >>> 3) & 0x1f)}.${bdf & 7}`;
}

/** The peers of one BDF across cells, by ID. */
export class IvshmemLink {
  readonly eps: (IvshmemEndpoint | null)[] = new Array<IvshmemEndpoint | null>(IVSHMEM_MAX_PEERS).fill(null);
  peers = 0;
  constructor(readonly bdf: number) {}
}

/**
 * Checks a cell's ivshmem device against its config and the existing links;
 * null when it can be attached, else the error and its reason.
 */
export function ivshmemCheck(links: readonly IvshmemLink[], cfg: CellConfig, info: PciDevice): [number, string] | null {
  const name = `ivshmem device ${formatBdf(info.bdf)}`;
  if (info.shmemRegionsStart + 2 + info.shmemPeers > cfg.memoryRegions.length) {
    return [EINVAL, `${name}: its ${info.shmemPeers} peers need memory regions ${info.shmemRegionsStart}..` +
      `${info.shmemRegionsStart + 1 + info.shmemPeers}, the cell has ${cfg.memoryRegions.length}`];
  }
  if (info.numMsixVectors > IVSHMEM_MSIX_VECTORS) {
    return [EINVAL, `${name}: ${info.numMsixVectors} MSI-X vectors, at most ${IVSHMEM_MSIX_VECTORS}`];
  }
  if (info.shmemPeers < 1 || info.shmemPeers > IVSHMEM_MAX_PEERS || info.shmemDevId >= info.shmemPeers) {
    return [EINVAL, `${name}: peer ID ${info.shmemDevId} of ${info.shmemPeers} peers (at most ${IVSHMEM_MAX_PEERS})`];
  }
  const link = links.find((l) => l.bdf === info.bdf);
  const holder = link?.eps[info.shmemDevId];
  if (holder) return [EBUSY, `${name}: peer ID ${info.shmemDevId} is taken by cell "${holder.fn.cell.name}"`];
  return null;
}

export class IvshmemEndpoint {
  /** The emulated config space (dwords). */
  readonly cspace = new Uint32Array(IVSHMEM_CFG_SIZE / 4);
  /** This peer's state (STATE register, its entry in the state table). */
  state = 0;
  /** INT_CTRL: bit 0 enables interrupts to this peer. */
  intCtrl = 0;
  /** The SPI each vector raises in this peer's cell; 0 while it is off. */
  readonly irqCache = new Uint16Array(IVSHMEM_MSIX_VECTORS);
  /** The MSI-X table as the cell wrote it, four dwords a vector. */
  readonly msix = new Uint32Array(IVSHMEM_MSIX_VECTORS * 4);
  /** Guest-physical addresses of BAR 0 and BAR 1 while memory decoding is on. */
  private ioregion0 = 0;
  private ioregion1 = 0;
  private readonly regHandler: MmioHandler;
  private readonly msixHandler: MmioHandler;
  /** State table, read/write section, output sections (the cell's regions from shmem_regions_start). */
  readonly shmem: readonly MemoryRegion[];

  constructor(private readonly hv: Hypervisor, readonly fn: PciFunction, readonly link: IvshmemLink) {
    const i = fn.info;
    this.shmem = fn.cell.config.memoryRegions.slice(i.shmemRegionsStart, i.shmemRegionsStart + 2 + i.shmemPeers);
    this.regHandler = (a) => this.registerAccess(a);
    this.msixHandler = (a) => this.msixAccess(a);
  }

  get id(): number { return this.fn.info.shmemDevId; }
  private get command(): number { return this.cspace[PCI_CFG_COMMAND >>> 2] & 0xffff; }

  // ------------------------------------------------------------ life cycle

  /** Joins the link: the first peer clears the state table. */
  attach(): void {
    const link = this.link;
    link.eps[this.id] = this;
    link.peers++;
    if (link.peers === 1) {
      for (let n = 0; n < this.fn.info.shmemPeers; n++) this.hv.bus.write(this.shmem[0].physStart + n * 4, 4, 0);
      this.hv.bus.faulted = false;
    }
  }

  /** The device's reset state (cell creation, start, set-loadable); the state goes to 0, telling the peers. */
  reset(): void {
    const info = this.fn.info;
    this.intCtrl = 0;
    this.irqCache.fill(0);
    if (this.command & PCI_CMD_MEM) this.unmapBars();
    this.fn.bar.fill(0);
    this.msix.fill(0);
    for (let v = 0; v < IVSHMEM_MSIX_VECTORS; v++) this.msix[v * 4 + MSIX_CTRL] = MSIX_MASKED;
    const c = this.cspace;
    c.fill(0);
    c[0] = ((IVSHMEM_DEVICE_ID << 16) | IVSHMEM_VENDOR_ID) >>> 0;
    c[PCI_CFG_COMMAND >>> 2] = PCI_STS_CAPS << 16;
    c[PCI_CFG_CLASS >>> 2] = ((PCI_DEV_CLASS_OTHER << 24) | ((info.shmemProtocol & 0xffff) << 8)) >>> 0;
    c[PCI_CFG_SUBSYS >>> 2] = c[0];
    c[PCI_CFG_CAPS >>> 2] = IVSHMEM_CFG_VNDR_CAP;
    c[IVSHMEM_CFG_VNDR_CAP >>> 2] = (IVSHMEM_CFG_VNDR_LEN << 16) | (IVSHMEM_CFG_MSIX_CAP << 8) | PCI_CAP_ID_VNDR;
    c[IVSHMEM_CFG_MSIX_CAP >>> 2] = PCI_CAP_ID_MSIX;
    c[(IVSHMEM_CFG_MSIX_CAP + 4) >>> 2] = 1; // table at BAR 1, offset 0
    c[(IVSHMEM_CFG_MSIX_CAP + 8) >>> 2] = (0x10 * IVSHMEM_MSIX_VECTORS) | 1; // PBA after it
    if (info.numMsixVectors === 0) {
      // INTx, the pin rotating with the device number; no MSI-X capability in the list.
      c[PCI_CFG_INT >>> 2] = (((info.bdf >>> 3) & 3) + 1) << 8;
      c[IVSHMEM_CFG_VNDR_CAP >>> 2] &= 0xffff00ff;
    } else {
      c[IVSHMEM_CFG_MSIX_CAP >>> 2] |= (info.numMsixVectors - 1) << 16;
    }
    const set64 = (off: number, v: number): void => {
      c[off >>> 2] = v >>> 0;
      c[(off >>> 2) + 1] = Math.floor(v / 0x100000000) >>> 0;
    };
    c[IVSHMEM_CFG_SHMEM_STATE_TAB_SZ >>> 2] = this.shmem[0].size >>> 0;
    set64(IVSHMEM_CFG_SHMEM_RW_SZ, this.shmem[1].size);
    set64(IVSHMEM_CFG_SHMEM_OUTPUT_SZ, this.shmem[2].size);
    set64(IVSHMEM_CFG_SHMEM_ADDR, this.shmem[0].virtStart);
    this.writeState(0);
  }

  /** Leaves the link (the cell goes away): the state goes to 0, which the peers see and are told about. */
  detach(links: IvshmemLink[]): void {
    this.irqCache.fill(0);
    this.writeState(0);
    const link = this.link;
    link.eps[this.id] = null;
    if (--link.peers === 0) links.splice(links.indexOf(link), 1);
  }

  // ------------------------------------------------------------ interrupts

  /** Raises `vector` in this peer's cell if it enabled interrupts. */
  private trigger(vector: number): void {
    if ((this.intCtrl & IVSHMEM_INT_ENABLE) === 0) return;
    if (this.cspace[IVSHMEM_CFG_VNDR_CAP >>> 2] & IVSHMEM_CFG_ONESHOT_INT) this.intCtrl = 0;
    const irq = this.irqCache[vector];
    if (irq !== 0) this.hv.irqchip.triggerExternalIrq(irq);
  }

  /** Sets this peer's state and its state table entry; a change interrupts every other peer (vector 0). */
  private writeState(value: number): void {
    this.hv.bus.write(this.shmem[0].physStart + this.id * 4, 4, value >>> 0);
    this.hv.bus.faulted = false;
    if (this.state === value >>> 0) return;
    this.state = value >>> 0;
    const eps = this.link.eps;
    for (let n = 0; n < this.fn.info.shmemPeers; n++) {
      const target = eps[n];
      if (target !== null && target !== this) target.trigger(0);
    }
  }

  /** INTx: SPI vpci_irq_base + pin - 1 while not masked in the command register, if the cell owns it. */
  private updateIntx(): void {
    if (this.fn.info.numMsixVectors !== 0) return;
    const pin = (this.cspace[PCI_CFG_INT >>> 2] >>> 8) & 0xff;
    const irq = 32 + this.fn.cell.config.vpciIrqBase + pin - 1;
    const on = (this.command & PCI_CMD_INTX_OFF) === 0 && irqInCell(this.fn.cell, irq);
    this.irqCache[0] = on ? irq : 0;
  }

  /** MSI-X: each enabled, unmasked vector raises the SPI its data word names, which must be the cell's. */
  private updateMsix(): boolean {
    const ctrl = this.cspace[IVSHMEM_CFG_MSIX_CAP >>> 2];
    const on = (ctrl & MSIX_CTRL_ENABLE) !== 0 && (ctrl & MSIX_CTRL_FMASK) === 0 && (this.command & PCI_CMD_MASTER) !== 0;
    for (let v = 0; v < this.fn.info.numMsixVectors; v++) {
      let irq = 0;
      if (on && (this.msix[v * 4 + MSIX_CTRL] & MSIX_MASKED) === 0) {
        irq = this.msix[v * 4 + MSIX_DATA];
        if (irq < 32 || !irqInCell(this.fn.cell, irq)) return false;
      }
      this.irqCache[v] = irq;
    }
    return true;
  }

  // ------------------------------------------------------------ config space

  /** A config-space read at `address` (the value shifted to the access's first byte). */
  cfgRead(address: number): number {
    return address < IVSHMEM_CFG_SIZE ? this.cspace[address >>> 2] >>> ((address & 3) * 8) : 0xffffffff;
  }

  /**
   * A config-space write of the bytes `mask` selects in dword `row` (value
   * already shifted into place). Only the command register, the MSI-X
   * control bits and the one-shot bit change anything; false refuses it.
   */
  cfgWrite(row: number, mask: number, value: number): boolean {
    if (row >= IVSHMEM_CFG_SIZE / 4) return false;
    const v = (value | (this.cspace[row] & ~mask)) >>> 0;
    switch (row) {
      case PCI_CFG_COMMAND >>> 2:
        return this.writeCommand(v & 0xffff);
      case IVSHMEM_CFG_MSIX_CAP >>> 2:
        this.cspace[row] = ((this.cspace[row] & ~MSIX_CTRL_RW_MASK) | (v & MSIX_CTRL_RW_MASK)) >>> 0;
        return this.updateMsix();
      case IVSHMEM_CFG_VNDR_CAP >>> 2:
        this.cspace[row] = ((this.cspace[row] & ~IVSHMEM_CFG_ONESHOT_INT) | (v & IVSHMEM_CFG_ONESHOT_INT)) >>> 0;
        return true;
      default:
        return true;
    }
  }

  /** Command register: bus master, memory decoding (maps the BARs as MMIO regions of the cell), INTx mask. */
  private writeCommand(val: number): boolean {
    const row = PCI_CFG_COMMAND >>> 2;
    const setBits = (bit: number): void => {
      this.cspace[row] = ((this.cspace[row] & ~bit) | (val & bit)) >>> 0;
    };
    const cmd = this.command;
    if ((val & PCI_CMD_MASTER) !== (cmd & PCI_CMD_MASTER)) {
      setBits(PCI_CMD_MASTER);
      if (!this.updateMsix()) return false;
    }
    if ((val & PCI_CMD_MEM) !== (cmd & PCI_CMD_MEM)) {
      if (cmd & PCI_CMD_MEM) this.unmapBars();
      if (val & PCI_CMD_MEM) this.mapBars();
      setBits(PCI_CMD_MEM);
    }
    if ((val & PCI_CMD_INTX_OFF) !== (cmd & PCI_CMD_INTX_OFF)) {
      setBits(PCI_CMD_INTX_OFF);
      this.updateIntx();
    }
    return true;
  }

  private mapBars(): void {
    const bar = this.fn.bar, mmio = this.fn.cell.mmio;
    const size0 = (~this.fn.info.barMask[0] + 1) >>> 0;
    this.ioregion0 = (bar[0] & ~0xf) >>> 0;
    if (size0 !== 0) mmio.register(this.ioregion0, size0, this.regHandler, 'ivshmem');
    if (this.fn.info.numMsixVectors > 0) {
      this.ioregion1 = (bar[1] & ~0xf) >>> 0;
      mmio.register(this.ioregion1, IVSHMEM_MSIX_SIZE, this.msixHandler, 'ivshmem-msix');
    }
  }

  private unmapBars(): void {
    const mmio = this.fn.cell.mmio;
    mmio.unregister(this.ioregion0, this.regHandler);
    if (this.fn.info.numMsixVectors > 0) mmio.unregister(this.ioregion1, this.msixHandler);
  }

  // ------------------------------------------------------------ BAR 0 and BAR 1

  /** The register page; other offsets read as zero and ignore writes. */
  private registerAccess(a: MmioAccess): MmioResult {
    const w = a.isWrite, info = this.fn.info;
    switch (a.address) {
      case IVSHMEM_REG_ID:
        if (!w) a.value = info.shmemDevId;
        break;
      case IVSHMEM_REG_MAX_PEERS:
        if (!w) a.value = info.shmemPeers;
        break;
      case IVSHMEM_REG_INT_CTRL:
        if (!w) { a.value = this.intCtrl; break; }
        this.intCtrl = a.value & IVSHMEM_INT_ENABLE;
        this.updateIntx();
        if (!this.updateMsix()) return MMIO_ERROR;
        break;
      case IVSHMEM_REG_DOORBELL: {
        if (!w) { a.value = 0; break; }
        // Vector in bits 15..0 (INTx is one vector), target peer ID in bits 31..16; others are ignored.
        const vector = a.value & 0xffff, target = a.value >>> 16;
        if (vector >= Math.max(1, info.numMsixVectors) || target >= IVSHMEM_MAX_PEERS) break;
        this.link.eps[target]?.trigger(vector);
        break;
      }
      case IVSHMEM_REG_STATE:
        if (w) this.writeState(a.value);
        else a.value = this.state;
        break;
      default:
        if (!w) a.value = 0;
    }
    return MMIO_HANDLED;
  }

  /** MSI-X table (dword accesses) and pending-bit array (reads as zero). */
  private msixAccess(a: MmioAccess): MmioResult {
    const vector = a.address >>> 4;
    let ok = (a.address & 3) === 0;
    if (ok && a.address >= 0x10 * IVSHMEM_MSIX_VECTORS) {
      if (!a.isWrite) { a.value = 0; return MMIO_HANDLED; }
      ok = false;
    }
    if (ok && vector < this.fn.info.numMsixVectors) {
      if (!a.isWrite) { a.value = this.msix[a.address >>> 2]; return MMIO_HANDLED; }
      this.msix[a.address >>> 2] = a.value >>> 0;
      if (this.updateMsix()) return MMIO_HANDLED;
    }
    this.hv.console.print(`FATAL: Invalid PCI MSI-X table/PBA access, device ${formatBdf(this.fn.info.bdf)}\n`);
    return MMIO_ERROR;
  }
}
