// Reading .cell files: struct jailhouse_system ("JHSYST") and struct
// jailhouse_cell_desc ("JHCELL") with the arrays that follow the descriptor.
// Every field is bounds-checked as it is read, so a truncated file names the
// structure and field that runs past the end; after reading, the semantic
// checks Jailhouse applies (and a few it leaves to luck) run with the offset
// of the offending field.

import { ConfigError, hex } from './errors.js';
import {
  CACHE_SIZE, CELL_DESC_SIZE, CellOff, ConOff, IOMMU_SIZE, IommuOff, IRQCHIP_SIZE, IrqOff,
  MEMORY_SIZE, MemOff, PCI_CAP_SIZE, PCI_DEVICE_SIZE, PciOff, PIO_SIZE, PlatOff, SysOff, cellConfigSize,
  type CellCounts,
} from './layout.js';
import {
  CELL_FLAGS_KNOWN, CON_FLAGS_KNOWN, CON_TYPE_MAX, JAILHOUSE_CELL_DESC_SIGNATURE, JAILHOUSE_CELL_NAME_MAXLEN,
  JAILHOUSE_CONFIG_REVISION, JAILHOUSE_MAX_IOMMU_UNITS, JAILHOUSE_MEM_IO, JAILHOUSE_SYSTEM_SIGNATURE,
  MEM_FLAGS_KNOWN, PAGE_SIZE, SYS_FLAGS_KNOWN, isSubpage,
  type CacheRegion, type CellConfig, type Console, type IommuUnit, type Irqchip, type MemoryRegion,
  type PciCapability, type PciDevice, type PioRegion, type PlatformInfo, type SystemConfig,
} from './types.js';

const TWO32 = 0x100000000;

/** Bounds-checked little-endian field access that names the field on failure. */
class Input {
  readonly dv: DataView;
  /** Size the header counts call for, once known; quoted in truncation errors. */
  expectedSize = 0;

  constructor(readonly bytes: Uint8Array, readonly file: string) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(offset: number, field: string, expected: string, got?: string): never {
    throw new ConfigError({ file: this.file, offset, field, expected, got });
  }

  need(off: number, size: number, field: string, struct: string): void {
    if (off + size <= this.bytes.length) return;
    const have = Math.max(0, this.bytes.length - off);
    const why = this.expectedSize > this.bytes.length
      ? `; the header counts call for ${this.expectedSize} bytes` : '';
    this.fail(off, field, `${size} bytes of ${struct}${why}`,
      `${have === 0 ? 'none' : `only ${have}`} before the end of the file (${this.bytes.length} bytes)`);
  }

  u8(off: number, field: string, struct: string): number {
    this.need(off, 1, field, struct);
    return this.dv.getUint8(off);
  }

  u16(off: number, field: string, struct: string): number {
    this.need(off, 2, field, struct);
    return this.dv.getUint16(off, true);
  }

  u32(off: number, field: string, struct: string): number {
    this.need(off, 4, field, struct);
    return this.dv.getUint32(off, true);
  }

  u64(off: number, field: string, struct: string): number {
    this.need(off, 8, field, struct);
    const lo = this.dv.getUint32(off, true), hi = this.dv.getUint32(off + 4, true);
    if (hi > 0x1fffff) {
      this.fail(off, field, 'a value below 2^53 (the largest this reader represents exactly)',
        '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0'));
    }
    return hi * TWO32 + lo;
  }
}

function readConsole(inp: Input, off: number, field: string): Console {
  const s = 'struct jailhouse_console';
  const c: Console = {
    address: inp.u64(off + ConOff.address, `${field}.address`, s),
    size: inp.u32(off + ConOff.size, `${field}.size`, s),
    type: inp.u16(off + ConOff.type, `${field}.type`, s),
    flags: inp.u16(off + ConOff.flags, `${field}.flags`, s),
    divider: inp.u32(off + ConOff.divider, `${field}.divider`, s),
    gateNr: inp.u32(off + ConOff.gateNr, `${field}.gate_nr`, s),
    clockReg: inp.u64(off + ConOff.clockReg, `${field}.clock_reg`, s),
  };
  if (c.type > CON_TYPE_MAX) {
    inp.fail(off + ConOff.type, `${field}.type`, `a console type 0..${CON_TYPE_MAX} (JAILHOUSE_CON_TYPE_*)`, hex(c.type));
  }
  if (c.flags & ~CON_FLAGS_KNOWN) {
    inp.fail(off + ConOff.flags, `${field}.flags`, `only known JAILHOUSE_CON_* bits (${hex(CON_FLAGS_KNOWN)})`,
      `${hex(c.flags)} (unknown bits ${hex(c.flags & ~CON_FLAGS_KNOWN)})`);
  }
  return c;
}

function readMemory(inp: Input, off: number, field: string): MemoryRegion {
  const s = 'struct jailhouse_memory';
  return {
    physStart: inp.u64(off + MemOff.physStart, `${field}.phys_start`, s),
    virtStart: inp.u64(off + MemOff.virtStart, `${field}.virt_start`, s),
    size: inp.u64(off + MemOff.size, `${field}.size`, s),
    flags: inp.u64(off + MemOff.flags, `${field}.flags`, s),
  };
}

function readIommu(inp: Input, off: number, field: string): IommuUnit {
  const s = 'struct jailhouse_iommu';
  return {
    type: inp.u32(off + IommuOff.type, `${field}.type`, s),
    base: inp.u64(off + IommuOff.base, `${field}.base`, s),
    size: inp.u32(off + IommuOff.size, `${field}.size`, s),
    amdBdf: inp.u16(off + IommuOff.amdBdf, `${field}.amd_bdf`, s),
    amdBaseCap: inp.u8(off + IommuOff.amdBaseCap, `${field}.amd_base_cap`, s),
    amdMsiCap: inp.u8(off + IommuOff.amdMsiCap, `${field}.amd_msi_cap`, s),
    amdFeatures: inp.u32(off + IommuOff.amdFeatures, `${field}.amd_features`, s),
  };
}

function readPlatformInfo(inp: Input, off: number): PlatformInfo {
  const s = 'platform_info', f = 'platform_info';
  // Fields are read in file order, so that truncation names the first field that is cut.
  const pciMmconfigBase = inp.u64(off + PlatOff.pciMmconfigBase, `${f}.pci_mmconfig_base`, s);
  const pciMmconfigEndBus = inp.u8(off + PlatOff.pciMmconfigEndBus, `${f}.pci_mmconfig_end_bus`, s);
  const pciIsVirtual = inp.u8(off + PlatOff.pciIsVirtual, `${f}.pci_is_virtual`, s);
  const pciDomain = inp.u16(off + PlatOff.pciDomain, `${f}.pci_domain`, s);
  const maintenanceIrq = inp.u8(off + PlatOff.maintenanceIrq, `${f}.arm.maintenance_irq`, s);
  const gicVersion = inp.u8(off + PlatOff.gicVersion, `${f}.arm.gic_version`, s);
  const gicdBase = inp.u64(off + PlatOff.gicdBase, `${f}.arm.gicd_base`, s);
  const giccBase = inp.u64(off + PlatOff.giccBase, `${f}.arm.gicc_base`, s);
  const gichBase = inp.u64(off + PlatOff.gichBase, `${f}.arm.gich_base`, s);
  const gicvBase = inp.u64(off + PlatOff.gicvBase, `${f}.arm.gicv_base`, s);
  const gicrBase = inp.u64(off + PlatOff.gicrBase, `${f}.arm.gicr_base`, s);
  const iommuUnits: IommuUnit[] = [];
  for (let i = 0; i < JAILHOUSE_MAX_IOMMU_UNITS; i++) {
    iommuUnits.push(readIommu(inp, off + PlatOff.iommuUnits + i * IOMMU_SIZE, `${f}.arm.iommu_units[${i}]`));
  }
  const p: PlatformInfo = {
    pciMmconfigBase, pciMmconfigEndBus, pciIsVirtual, pciDomain,
    arm: { maintenanceIrq, gicVersion, gicdBase, giccBase, gichBase, gicvBase, gicrBase, iommuUnits },
  };
  if (p.arm.gicVersion !== 2 && p.arm.gicVersion !== 3) {
    inp.fail(off + PlatOff.gicVersion, `${f}.arm.gic_version`, '2 or 3', String(p.arm.gicVersion));
  }
  if (p.arm.maintenanceIrq >= 32) {
    inp.fail(off + PlatOff.maintenanceIrq, `${f}.arm.maintenance_irq`, 'a PPI (interrupt ID 16..31)', String(p.arm.maintenanceIrq));
  }
  return p;
}

/** Reads the descriptor fields (not the arrays) of a cell at `off`. */
function readCellHeader(inp: Input, off: number, prefix: string): { cell: CellConfig; counts: CellCounts } {
  const s = 'struct jailhouse_cell_desc';
  const nameOff = off + CellOff.name;
  inp.need(nameOff, JAILHOUSE_CELL_NAME_MAXLEN + 1, `${prefix}name`, s);
  const nameBytes = inp.bytes.subarray(nameOff, nameOff + JAILHOUSE_CELL_NAME_MAXLEN + 1);
  const nul = nameBytes.indexOf(0);
  if (nul < 0) inp.fail(nameOff, `${prefix}name`, 'a NUL-terminated name of at most 31 bytes', 'no NUL in 32 bytes');
  for (let i = nul + 1; i < nameBytes.length; i++) {
    if (nameBytes[i] !== 0) inp.fail(nameOff + i, `${prefix}name`, 'zero bytes after the terminating NUL', hex(nameBytes[i]!));
  }
  const name = String.fromCharCode(...nameBytes.subarray(0, nul));
  const u32 = (o: number, f: string): number => inp.u32(off + o, prefix + f, s);
  const counts: CellCounts = {
    cpuSetSize: u32(CellOff.cpuSetSize, 'cpu_set_size'),
    numMemoryRegions: u32(CellOff.numMemoryRegions, 'num_memory_regions'),
    numCacheRegions: u32(CellOff.numCacheRegions, 'num_cache_regions'),
    numIrqchips: u32(CellOff.numIrqchips, 'num_irqchips'),
    numPioRegions: u32(CellOff.numPioRegions, 'num_pio_regions'),
    numPciDevices: u32(CellOff.numPciDevices, 'num_pci_devices'),
    numPciCaps: u32(CellOff.numPciCaps, 'num_pci_caps'),
    numStreamIds: u32(CellOff.numStreamIds, 'num_stream_ids'),
  };
  const cell: CellConfig = {
    name,
    id: u32(CellOff.id, 'id'),
    flags: u32(CellOff.flags, 'flags'),
    cpuSetSize: counts.cpuSetSize,
    cpus: [],
    memoryRegions: [], cacheRegions: [], irqchips: [], pioRegions: [], pciDevices: [], pciCaps: [], streamIds: [],
    vpciIrqBase: u32(CellOff.vpciIrqBase, 'vpci_irq_base'),
    cpuResetAddress: inp.u64(off + CellOff.cpuResetAddress, `${prefix}cpu_reset_address`, s),
    msgReplyTimeout: inp.u64(off + CellOff.msgReplyTimeout, `${prefix}msg_reply_timeout`, s),
    console: readConsole(inp, off + CellOff.console, `${prefix}console`),
  };
  if (cell.flags & ~CELL_FLAGS_KNOWN) {
    inp.fail(off + CellOff.flags, `${prefix}flags`, `only known JAILHOUSE_CELL_* bits (${hex(CELL_FLAGS_KNOWN)})`,
      `${hex(cell.flags)} (unknown bits ${hex((cell.flags & ~CELL_FLAGS_KNOWN) >>> 0)})`);
  }
  const cs = counts.cpuSetSize;
  if (cs === 0 || cs % 4 !== 0 || cs > PAGE_SIZE) {
    inp.fail(off + CellOff.cpuSetSize, `${prefix}cpu_set_size`,
      'a non-zero multiple of 4 (bytes of a 32-bit ARM unsigned long bitmap), at most 4096', String(cs));
  }
  return { cell, counts };
}

/** Reads the arrays after a descriptor; returns the offset after the last one. */
function readCellArrays(inp: Input, cell: CellConfig, counts: CellCounts, start: number, prefix: string): number {
  let off = start;
  const cpuStart = off;
  inp.need(off, counts.cpuSetSize, `${prefix}cpu_set`, 'the CPU bitmap');
  for (let i = 0; i < counts.cpuSetSize; i++) {
    const b = inp.bytes[off + i]!;
    for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) cell.cpus.push(i * 8 + bit);
  }
  off += counts.cpuSetSize;
  if (cell.cpus.length === 0) inp.fail(cpuStart, `${prefix}cpu_set`, 'at least one CPU', 'an empty set');

  for (let i = 0; i < counts.numMemoryRegions; i++, off += MEMORY_SIZE) {
    cell.memoryRegions.push(readMemory(inp, off, `${prefix}memory_regions[${i}]`));
  }
  for (let i = 0; i < counts.numCacheRegions; i++, off += CACHE_SIZE) {
    const s = 'struct jailhouse_cache', f = `${prefix}cache_regions[${i}]`;
    const c: CacheRegion = {
      start: inp.u32(off, `${f}.start`, s), size: inp.u32(off + 4, `${f}.size`, s),
      type: inp.u8(off + 8, `${f}.type`, s), padding: inp.u8(off + 9, `${f}.padding`, s),
      flags: inp.u16(off + 10, `${f}.flags`, s),
    };
    cell.cacheRegions.push(c);
  }
  for (let i = 0; i < counts.numIrqchips; i++, off += IRQCHIP_SIZE) {
    const s = 'struct jailhouse_irqchip', f = `${prefix}irqchips[${i}]`;
    const chip: Irqchip = {
      address: inp.u64(off + IrqOff.address, `${f}.address`, s),
      id: inp.u32(off + IrqOff.id, `${f}.id`, s),
      pinBase: inp.u32(off + IrqOff.pinBase, `${f}.pin_base`, s),
      pinBitmap: [0, 0, 0, 0],
    };
    for (let w = 0; w < 4; w++) chip.pinBitmap[w] = inp.u32(off + IrqOff.pinBitmap + 4 * w, `${f}.pin_bitmap[${w}]`, s);
    if (chip.pinBase % 32 !== 0) inp.fail(off + IrqOff.pinBase, `${f}.pin_base`, 'a multiple of 32', String(chip.pinBase));
    cell.irqchips.push(chip);
  }
  for (let i = 0; i < counts.numPioRegions; i++, off += PIO_SIZE) {
    const s = 'struct jailhouse_pio', f = `${prefix}pio_regions[${i}]`;
    const p: PioRegion = { base: inp.u16(off, `${f}.base`, s), length: inp.u16(off + 2, `${f}.length`, s) };
    cell.pioRegions.push(p);
  }
  for (let i = 0; i < counts.numPciDevices; i++, off += PCI_DEVICE_SIZE) cell.pciDevices.push(readPciDevice(inp, off, `${prefix}pci_devices[${i}]`));
  for (let i = 0; i < counts.numPciCaps; i++, off += PCI_CAP_SIZE) {
    const s = 'struct jailhouse_pci_capability', f = `${prefix}pci_caps[${i}]`;
    const c: PciCapability = {
      id: inp.u16(off, `${f}.id`, s), start: inp.u16(off + 2, `${f}.start`, s),
      len: inp.u16(off + 4, `${f}.len`, s), flags: inp.u16(off + 6, `${f}.flags`, s),
    };
    if (c.flags & ~1) inp.fail(off + 6, `${f}.flags`, 'only JAILHOUSE_PCICAPS_WRITE (0x1)', hex(c.flags));
    cell.pciCaps.push(c);
  }
  for (let i = 0; i < counts.numStreamIds; i++, off += 4) cell.streamIds.push(inp.u32(off, `${prefix}stream_ids[${i}]`, 'the stream ID array'));
  checkMemoryRegions(inp, cell.memoryRegions, start + counts.cpuSetSize, prefix);
  return off;
}

function readPciDevice(inp: Input, off: number, f: string): PciDevice {
  const s = 'struct jailhouse_pci_device';
  const barMask: PciDevice['barMask'] = [0, 0, 0, 0, 0, 0];
  for (let b = 0; b < 6; b++) barMask[b] = inp.u32(off + PciOff.barMask + 4 * b, `${f}.bar_mask[${b}]`, s);
  const msiBits = inp.u8(off + PciOff.msiBits, `${f}.msi_64bits`, s);
  if (msiBits & ~3) inp.fail(off + PciOff.msiBits, `${f}.msi_64bits/msi_maskable`, 'only bits 0 (msi_64bits) and 1 (msi_maskable)', hex(msiBits));
  const d: PciDevice = {
    type: inp.u8(off + PciOff.type, `${f}.type`, s),
    iommu: inp.u8(off + PciOff.iommu, `${f}.iommu`, s),
    domain: inp.u16(off + PciOff.domain, `${f}.domain`, s),
    bdf: inp.u16(off + PciOff.bdf, `${f}.bdf`, s),
    barMask,
    capsStart: inp.u16(off + PciOff.capsStart, `${f}.caps_start`, s),
    numCaps: inp.u16(off + PciOff.numCaps, `${f}.num_caps`, s),
    numMsiVectors: inp.u8(off + PciOff.numMsiVectors, `${f}.num_msi_vectors`, s),
    msi64Bits: (msiBits & 1) !== 0,
    msiMaskable: (msiBits & 2) !== 0,
    numMsixVectors: inp.u16(off + PciOff.numMsixVectors, `${f}.num_msix_vectors`, s),
    msixRegionSize: inp.u16(off + PciOff.msixRegionSize, `${f}.msix_region_size`, s),
    msixAddress: inp.u64(off + PciOff.msixAddress, `${f}.msix_address`, s),
    shmemRegionsStart: inp.u32(off + PciOff.shmemRegionsStart, `${f}.shmem_regions_start`, s),
    shmemDevId: inp.u8(off + PciOff.shmemDevId, `${f}.shmem_dev_id`, s),
    shmemPeers: inp.u8(off + PciOff.shmemPeers, `${f}.shmem_peers`, s),
    shmemProtocol: inp.u16(off + PciOff.shmemProtocol, `${f}.shmem_protocol`, s),
  };
  if (d.type < 1 || d.type > 3) inp.fail(off + PciOff.type, `${f}.type`, 'JAILHOUSE_PCI_TYPE_DEVICE (1), _BRIDGE (2) or _IVSHMEM (3)', String(d.type));
  return d;
}

/** Flags, alignment and overlap of one cell's memory regions. */
function checkMemoryRegions(inp: Input, regions: MemoryRegion[], arrayOff: number, prefix: string): void {
  regions.forEach((m, i) => {
    const off = arrayOff + i * MEMORY_SIZE, f = `${prefix}memory_regions[${i}]`;
    checkMemoryRegion(inp, m, off, f);
  });
  // Two regions claiming the same guest-physical addresses make the mapping ambiguous.
  for (let i = 0; i < regions.length; i++) {
    const a = regions[i]!;
    if (a.size === 0) continue;
    for (let j = i + 1; j < regions.length; j++) {
      const b = regions[j]!;
      if (b.size === 0) continue;
      if (a.virtStart < b.virtStart + b.size && b.virtStart < a.virtStart + a.size) {
        inp.fail(arrayOff + j * MEMORY_SIZE + MemOff.virtStart, `${prefix}memory_regions[${j}].virt_start`,
          `no overlap with memory_regions[${i}] (virt ${range(a.virtStart, a.size)})`,
          `virt ${range(b.virtStart, b.size)}`);
      }
    }
  }
}

export function range(start: number, size: number): string {
  return `${hex(start)}..${hex(start + size - 1)}`;
}

/** Validates one region; also used for hypervisor_memory (isHv). */
function checkMemoryRegion(inp: Input, m: MemoryRegion, off: number, f: string, isHv = false): void {
  if (m.flags > 0xffffffff || (m.flags & ~MEM_FLAGS_KNOWN) !== 0) {
    const unknown = m.flags > 0xffffffff ? 'bits above 31' : `unknown bits ${hex((m.flags & ~MEM_FLAGS_KNOWN) >>> 0)}`;
    inp.fail(off + MemOff.flags, `${f}.flags`, `only known JAILHOUSE_MEM_* bits (${hex(MEM_FLAGS_KNOWN)})`,
      `${hex(m.flags)} (${unknown})`);
  }
  const width = (m.flags >>> 16) & 0xf;
  if (width !== 0 && width !== 1 && width !== 2 && width !== 4 && width !== 8) {
    inp.fail(off + MemOff.flags, `${f}.flags`, 'one access width JAILHOUSE_MEM_IO_8/16/32/64 in bits 16..19', hex(m.flags));
  }
  if (m.physStart + m.size > 2 ** 53 || m.virtStart + m.size > 2 ** 53) {
    inp.fail(off + MemOff.size, `${f}.size`, 'a region that ends below 2^53', hex(m.size));
  }
  // Sub-page regions are emulated through MMIO dispatch, so only I/O may be sub-page.
  const sub = !isHv && isSubpage(m) && m.size !== 0;
  if (sub && (m.flags & JAILHOUSE_MEM_IO) === 0) {
    const field = m.virtStart % PAGE_SIZE ? 'virt_start' : 'size';
    const val = m.virtStart % PAGE_SIZE ? m.virtStart : m.size;
    inp.fail(off + (field === 'size' ? MemOff.size : MemOff.virtStart), `${f}.${field}`,
      'a multiple of the page size 0x1000 (only JAILHOUSE_MEM_IO regions may be sub-page)', hex(val));
  }
  if (!sub) {
    for (const [k, o] of [['phys_start', MemOff.physStart], ['virt_start', MemOff.virtStart], ['size', MemOff.size]] as const) {
      const v = k === 'phys_start' ? m.physStart : k === 'virt_start' ? m.virtStart : m.size;
      if (v % PAGE_SIZE !== 0) inp.fail(off + o, `${f}.${k}`, 'a multiple of the page size 0x1000', hex(v));
    }
  }
}

function checkSignature(inp: Input, off: number, sig: string, field: string, what: string): void {
  inp.need(off, 8, field, what);
  const got = String.fromCharCode(...inp.bytes.subarray(off, off + 6));
  if (got !== sig) inp.fail(off, field, `"${sig}" (${what})`, JSON.stringify(got));
}

function checkRevision(inp: Input, off: number, field: string): void {
  const rev = inp.u16(off, field, 'the header');
  if (rev !== JAILHOUSE_CONFIG_REVISION) {
    inp.fail(off, field, `config revision ${JAILHOUSE_CONFIG_REVISION} (Jailhouse v0.12)`, String(rev));
  }
}

function finish(inp: Input, end: number): void {
  if (end < inp.bytes.length) {
    inp.fail(end, 'end of config', `the end of the file at ${hex(end)} (the size the header counts give)`,
      `${inp.bytes.length - end} more bytes`);
  }
}

/** Reads and validates a cell config ("JHCELL"). */
export function readCellConfig(bytes: Uint8Array, file: string): CellConfig {
  const inp = new Input(bytes, file);
  checkSignature(inp, 0, JAILHOUSE_CELL_DESC_SIGNATURE, 'signature', 'a cell config, struct jailhouse_cell_desc');
  checkRevision(inp, CellOff.revision, 'revision');
  inp.need(0, CELL_DESC_SIZE, 'jailhouse_cell_desc', 'struct jailhouse_cell_desc');
  const { cell, counts } = readCellHeader(inp, 0, '');
  inp.expectedSize = cellConfigSize(counts);
  finish(inp, readCellArrays(inp, cell, counts, CELL_DESC_SIZE, ''));
  return cell;
}

/** Reads and validates a system config ("JHSYST") with its root cell. */
export function readSystemConfig(bytes: Uint8Array, file: string): SystemConfig {
  const inp = new Input(bytes, file);
  checkSignature(inp, 0, JAILHOUSE_SYSTEM_SIGNATURE, 'signature', 'a system config, struct jailhouse_system');
  checkRevision(inp, SysOff.revision, 'revision');
  const flags = inp.u32(SysOff.flags, 'flags', 'struct jailhouse_system');
  if (flags & ~SYS_FLAGS_KNOWN) {
    inp.fail(SysOff.flags, 'flags', `only known JAILHOUSE_SYS_* bits (${hex(SYS_FLAGS_KNOWN)})`, hex(flags));
  }
  const hypervisorMemory = readMemory(inp, SysOff.hypervisorMemory, 'hypervisor_memory');
  checkMemoryRegion(inp, hypervisorMemory, SysOff.hypervisorMemory, 'hypervisor_memory', true);
  if (hypervisorMemory.size === 0) inp.fail(SysOff.hypervisorMemory + MemOff.size, 'hypervisor_memory.size', 'a non-zero size', '0');
  const debugConsole = readConsole(inp, SysOff.debugConsole, 'debug_console');
  const platformInfo = readPlatformInfo(inp, SysOff.platformInfo);

  // The embedded root cell header is left zero by Jailhouse's own configs; a signed one is kept too.
  const rc = SysOff.rootCell;
  inp.need(rc, CELL_DESC_SIZE, 'root_cell', 'struct jailhouse_cell_desc (root_cell)');
  const head = bytes.subarray(rc, rc + 8);
  let rootCellSigned = false;
  if (head.some((b) => b !== 0)) {
    checkSignature(inp, rc, JAILHOUSE_CELL_DESC_SIGNATURE, 'root_cell.signature', 'or all zero, the root cell descriptor');
    checkRevision(inp, rc + CellOff.revision, 'root_cell.revision');
    rootCellSigned = true;
  }
  const { cell, counts } = readCellHeader(inp, rc, 'root_cell.');
  inp.expectedSize = rc + cellConfigSize(counts);
  finish(inp, readCellArrays(inp, cell, counts, rc + CELL_DESC_SIZE, 'root_cell.'));
  const sys: SystemConfig = { flags, hypervisorMemory, debugConsole, platformInfo, rootCell: cell };
  if (rootCellSigned) sys.rootCellSigned = true;
  return sys;
}

/** Which kind of config the bytes hold, by signature; null when neither. */
export function configKind(bytes: Uint8Array): 'system' | 'cell' | null {
  const sig = String.fromCharCode(...bytes.subarray(0, 6));
  return sig === JAILHOUSE_SYSTEM_SIGNATURE ? 'system' : sig === JAILHOUSE_CELL_DESC_SIGNATURE ? 'cell' : null;
}
