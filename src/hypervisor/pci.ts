// The hypervisor's virtual PCI host. When the system config names a
// configuration space (platform_info.pci_mmconfig_base, ECAM layout: bus,
// device and function select a 4 KiB page), every cell gets it as a trapped
// MMIO region and sees only the PCI functions of its own config: reads of any
// other function return all ones, writes to one are a violation. The host is
// virtual (pci_is_virtual): its functions are ivshmem devices (ivshmem.ts);
// BARs are shadowed here, the rest of the configuration space is the device's.

import type { PciDevice } from '../config/index.js';
import { JAILHOUSE_PCI_TYPE_IVSHMEM } from '../config/index.js';
import { MMIO_ERROR, MMIO_HANDLED, type MmioAccess, type MmioResult } from './mmio.js';
import { IvshmemEndpoint, IvshmemLink, formatBdf, ivshmemCheck } from './ivshmem.js';
import { EINVAL } from './abi.js';
import type { Cell } from './cell.js';
import type { Hypervisor } from './hypervisor.js';

const PCI_CONFIG_HEADER_SIZE = 0x40;
const PCI_CFG_BAR = 0x10, PCI_CFG_BAR_END = 0x27, PCI_CFG_ROMBAR = 0x30, PCI_CFG_CAPS = 0x34;

/** Writes to the type 0 header: allowed (to the device), ignored (read-only), or refused. */
const CFG_DENY = 0, CFG_ALLOW = 1, CFG_RDONLY = 2;
const HEADER_WRITE_TYPE = new Uint8Array(PCI_CONFIG_HEADER_SIZE / 4);
const HEADER_WRITE_MASK = new Uint32Array(PCI_CONFIG_HEADER_SIZE / 4);
function headerRule(offset: number, type: number, mask: number): void {
  HEADER_WRITE_TYPE[offset >>> 2] = type;
  HEADER_WRITE_MASK[offset >>> 2] = mask >>> 0;
}
headerRule(0x04, CFG_ALLOW, 0xffffffff); // command, status
headerRule(0x0c, CFG_ALLOW, 0xffffffff); // BIST, header type, latency timer, cache line size
headerRule(0x30, CFG_RDONLY, 0xffffffff); // expansion ROM BAR: none exposed
headerRule(0x3c, CFG_ALLOW, 0x000000ff); // interrupt line

const SIZE_MASK = [0, 0xff, 0xffff, 0, 0xffffffff] as const;

/** One PCI function of a cell's config. */
export class PciFunction {
  /** The BARs as the cell wrote them (masked by the config's bar_mask). */
  readonly bar = new Uint32Array(6);
  ivshmem: IvshmemEndpoint | null = null;
  constructor(readonly info: PciDevice, readonly cell: Cell) {}
}

export class VirtualPci {
  /** Guest-physical (= physical) base of the configuration space; 0: none. */
  readonly base: number;
  /** 1 MiB per bus. */
  readonly size: number;
  readonly links: IvshmemLink[] = [];
  private readonly functions = new Map<Cell, PciFunction[]>();

  constructor(private readonly hv: Hypervisor) {
    const p = hv.system.platformInfo;
    this.base = p.pciMmconfigBase;
    this.size = (p.pciMmconfigEndBus + 1) * 256 * 4096;
  }

  /** The cell's PCI functions, in config order. */
  functionsOf(cell: Cell): readonly PciFunction[] {
    return this.functions.get(cell) ?? [];
  }

  /**
   * A new cell (or the root cell at enable): checks its PCI devices, then
   * traps the configuration space and attaches the devices. Null on success,
   * else the error and its reason, with nothing changed.
   */
  cellInit(cell: Cell): [number, string] | null {
    const infos = cell.config.pciDevices;
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i];
      if (info.type !== JAILHOUSE_PCI_TYPE_IVSHMEM) {
        return [EINVAL, `PCI device ${formatBdf(info.bdf)} is of type ${info.type}: the PCI host is virtual, ` +
          'only ivshmem devices (type 3) exist'];
      }
      if (infos.findIndex((d) => d.bdf === info.bdf) !== i) {
        return [EINVAL, `PCI device ${formatBdf(info.bdf)} appears twice`];
      }
      const err = ivshmemCheck(this.links, cell.config, info);
      if (err !== null) return err;
    }
    const fns: PciFunction[] = [];
    this.functions.set(cell, fns);
    if (this.base !== 0) cell.mmio.register(this.base, this.size, (a) => this.configAccess(fns, a), 'pci');
    for (const info of infos) {
      const fn = new PciFunction(info, cell);
      this.hv.console.print(`Adding virtual PCI device ${formatBdf(info.bdf)} to cell "${cell.name}"\n`);
      let link = this.links.find((l) => l.bdf === info.bdf);
      if (link === undefined) {
        link = new IvshmemLink(info.bdf);
        this.links.push(link);
      } else {
        const others = link.eps.filter((e) => e !== null).map((e) => ` "${e!.fn.cell.name}"\n`).join('');
        this.hv.console.print(`Shared memory connection established, peer cells:\n${others}`);
      }
      fn.ivshmem = new IvshmemEndpoint(this.hv, fn, link);
      fn.ivshmem.attach();
      fns.push(fn);
      fn.ivshmem.reset();
    }
    return null;
  }

  /** Resets the cell's devices (cell start, set-loadable). */
  cellReset(cell: Cell): void {
    for (const fn of this.functionsOf(cell)) fn.ivshmem?.reset();
  }

  /** The cell goes away: its devices leave their links, the peers see their state drop to 0. */
  cellExit(cell: Cell): void {
    for (const fn of this.functionsOf(cell)) fn.ivshmem?.detach(this.links);
    this.functions.delete(cell);
  }

  // ------------------------------------------------------------ configuration space

  /** An access of a cell to the configuration space (address relative to its base). */
  private configAccess(fns: readonly PciFunction[], a: MmioAccess): MmioResult {
    const bdf = a.address >>> 12, reg = a.address & 0xfff;
    let fn: PciFunction | undefined;
    for (let i = 0; i < fns.length; i++) if (fns[i].info.bdf === bdf) { fn = fns[i]; break; }
    if (!a.isWrite) {
      a.value = (readConfig(fn, reg) & SIZE_MASK[a.size]) >>> 0;
      return MMIO_HANDLED;
    }
    if (fn !== undefined && writeConfig(fn, reg, a.size, a.value)) return MMIO_HANDLED;
    this.hv.console.print(`FATAL: Invalid PCI MMCONFIG write, device ${formatBdf(bdf)}, reg: 0x${reg.toString(16)}, ` +
      `size: ${a.size}\n`);
    return MMIO_ERROR;
  }
}

/** A configuration read at `address` of a function (none: all ones), shifted to the access's first byte. */
function readConfig(fn: PciFunction | undefined, address: number): number {
  if (fn === undefined) return 0xffffffff;
  if (address >= PCI_CFG_BAR && address <= PCI_CFG_BAR_END) {
    return fn.bar[(address - PCI_CFG_BAR) >>> 2] >>> ((address & 3) * 8);
  }
  if (address >= PCI_CFG_ROMBAR && address < PCI_CFG_CAPS) return 0;
  return fn.ivshmem !== null ? fn.ivshmem.cfgRead(address) : 0xffffffff;
}

/** A configuration write; false when it is refused. */
function writeConfig(fn: PciFunction, address: number, size: number, value: number): boolean {
  const shift = (address & 3) * 8;
  let mask = (SIZE_MASK[size] << shift) >>> 0;
  const v = (value << shift) >>> 0;
  if (address >= PCI_CFG_BAR && address <= PCI_CFG_BAR_END) {
    const n = (address - PCI_CFG_BAR) >>> 2;
    mask = (mask & fn.info.barMask[n]) >>> 0;
    fn.bar[n] = ((fn.bar[n] & ~mask) | (v & mask)) >>> 0;
    return true;
  }
  if (address < PCI_CONFIG_HEADER_SIZE) {
    const row = address >>> 2;
    if ((HEADER_WRITE_MASK[row] & mask) >>> 0 !== mask) return false;
    if (HEADER_WRITE_TYPE[row] === CFG_RDONLY) return true;
    if (HEADER_WRITE_TYPE[row] === CFG_DENY) return false;
  }
  return fn.ivshmem !== null && fn.ivshmem.cfgWrite(address >>> 2, mask, v);
}
