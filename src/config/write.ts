// Writing .cell files in Jailhouse v0.12's packed layout. Values that do not
// fit their field are refused with a ConfigError naming the field and the
// offset it would have had; a model read from a file writes back byte for
// byte. The result is read back, so nothing is written that the reader (and
// so the hypervisor) would refuse.

import { ConfigError, hex } from './errors.js';
import {
  CACHE_SIZE, CELL_DESC_SIZE, CellOff, ConOff, IOMMU_SIZE, IommuOff, IRQCHIP_SIZE, IrqOff, MEMORY_SIZE, MemOff,
  PCI_CAP_SIZE, PCI_DEVICE_SIZE, PciOff, PIO_SIZE, PlatOff, SysOff, cellConfigSize, type CellCounts,
} from './layout.js';
import { readCellConfig, readSystemConfig } from './read.js';
import {
  JAILHOUSE_CELL_DESC_SIGNATURE, JAILHOUSE_CELL_NAME_MAXLEN, JAILHOUSE_CONFIG_REVISION, JAILHOUSE_MAX_IOMMU_UNITS,
  JAILHOUSE_SYSTEM_SIGNATURE, emptyIommuUnit, type CellConfig, type Console, type MemoryRegion, type PlatformInfo,
  type SystemConfig,
} from './types.js';

class Output {
  readonly bytes: Uint8Array;
  readonly dv: DataView;

  constructor(size: number, readonly file: string) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }

  private check(off: number, field: string, v: number, max: number): void {
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new ConfigError({
        file: this.file, offset: off, field,
        expected: `an integer 0..${hex(max)}`, got: Number.isInteger(v) && v >= 0 ? hex(v) : String(v),
      });
    }
  }

  u8(off: number, field: string, v: number): void { this.check(off, field, v, 0xff); this.dv.setUint8(off, v); }
  u16(off: number, field: string, v: number): void { this.check(off, field, v, 0xffff); this.dv.setUint16(off, v, true); }
  u32(off: number, field: string, v: number): void { this.check(off, field, v, 0xffffffff); this.dv.setUint32(off, v, true); }
  u64(off: number, field: string, v: number): void {
    this.check(off, field, v, Number.MAX_SAFE_INTEGER);
    this.dv.setUint32(off, v % 0x100000000, true);
    this.dv.setUint32(off + 4, Math.floor(v / 0x100000000), true);
  }

  ascii(off: number, s: string): void {
    for (let i = 0; i < s.length; i++) this.bytes[off + i] = s.charCodeAt(i);
  }
}

function countsOf(c: CellConfig): CellCounts {
  return {
    cpuSetSize: c.cpuSetSize, numMemoryRegions: c.memoryRegions.length, numCacheRegions: c.cacheRegions.length,
    numIrqchips: c.irqchips.length, numPioRegions: c.pioRegions.length, numPciDevices: c.pciDevices.length,
    numPciCaps: c.pciCaps.length, numStreamIds: c.streamIds.length,
  };
}

function writeConsole(out: Output, off: number, f: string, c: Console): void {
  out.u64(off + ConOff.address, `${f}.address`, c.address);
  out.u32(off + ConOff.size, `${f}.size`, c.size);
  out.u16(off + ConOff.type, `${f}.type`, c.type);
  out.u16(off + ConOff.flags, `${f}.flags`, c.flags);
  out.u32(off + ConOff.divider, `${f}.divider`, c.divider);
  out.u32(off + ConOff.gateNr, `${f}.gate_nr`, c.gateNr);
  out.u64(off + ConOff.clockReg, `${f}.clock_reg`, c.clockReg);
}

function writeMemory(out: Output, off: number, f: string, m: MemoryRegion): void {
  out.u64(off + MemOff.physStart, `${f}.phys_start`, m.physStart);
  out.u64(off + MemOff.virtStart, `${f}.virt_start`, m.virtStart);
  out.u64(off + MemOff.size, `${f}.size`, m.size);
  out.u64(off + MemOff.flags, `${f}.flags`, m.flags);
}

function writePlatformInfo(out: Output, off: number, p: PlatformInfo): void {
  const f = 'platform_info';
  out.u64(off + PlatOff.pciMmconfigBase, `${f}.pci_mmconfig_base`, p.pciMmconfigBase);
  out.u8(off + PlatOff.pciMmconfigEndBus, `${f}.pci_mmconfig_end_bus`, p.pciMmconfigEndBus);
  out.u8(off + PlatOff.pciIsVirtual, `${f}.pci_is_virtual`, p.pciIsVirtual);
  out.u16(off + PlatOff.pciDomain, `${f}.pci_domain`, p.pciDomain);
  const a = p.arm;
  out.u8(off + PlatOff.maintenanceIrq, `${f}.arm.maintenance_irq`, a.maintenanceIrq);
  out.u8(off + PlatOff.gicVersion, `${f}.arm.gic_version`, a.gicVersion);
  out.u64(off + PlatOff.gicdBase, `${f}.arm.gicd_base`, a.gicdBase);
  out.u64(off + PlatOff.giccBase, `${f}.arm.gicc_base`, a.giccBase);
  out.u64(off + PlatOff.gichBase, `${f}.arm.gich_base`, a.gichBase);
  out.u64(off + PlatOff.gicvBase, `${f}.arm.gicv_base`, a.gicvBase);
  out.u64(off + PlatOff.gicrBase, `${f}.arm.gicr_base`, a.gicrBase);
  if (a.iommuUnits.length > JAILHOUSE_MAX_IOMMU_UNITS) {
    throw new ConfigError({
      file: out.file, offset: off + PlatOff.iommuUnits, field: `${f}.arm.iommu_units`,
      expected: `at most ${JAILHOUSE_MAX_IOMMU_UNITS} units`, got: String(a.iommuUnits.length),
    });
  }
  for (let i = 0; i < JAILHOUSE_MAX_IOMMU_UNITS; i++) {
    const u = a.iommuUnits[i] ?? emptyIommuUnit();
    const o = off + PlatOff.iommuUnits + i * IOMMU_SIZE, g = `${f}.arm.iommu_units[${i}]`;
    out.u32(o + IommuOff.type, `${g}.type`, u.type);
    out.u64(o + IommuOff.base, `${g}.base`, u.base);
    out.u32(o + IommuOff.size, `${g}.size`, u.size);
    out.u16(o + IommuOff.amdBdf, `${g}.amd_bdf`, u.amdBdf);
    out.u8(o + IommuOff.amdBaseCap, `${g}.amd_base_cap`, u.amdBaseCap);
    out.u8(o + IommuOff.amdMsiCap, `${g}.amd_msi_cap`, u.amdMsiCap);
    out.u32(o + IommuOff.amdFeatures, `${g}.amd_features`, u.amdFeatures);
  }
}

/** Writes descriptor and arrays of `c` at `off`; `signed` writes signature and revision. */
function writeCell(out: Output, off: number, c: CellConfig, prefix: string, signed: boolean): void {
  if (signed) {
    out.ascii(off + CellOff.signature, JAILHOUSE_CELL_DESC_SIGNATURE);
    out.u16(off + CellOff.revision, `${prefix}revision`, JAILHOUSE_CONFIG_REVISION);
  }
  // The name is stored as bytes 0..255 (Latin-1), NUL-terminated.
  if (c.name.length > JAILHOUSE_CELL_NAME_MAXLEN || /[^\x01-\xff]/.test(c.name)) {
    throw new ConfigError({
      file: out.file, offset: off + CellOff.name, field: `${prefix}name`,
      expected: `at most ${JAILHOUSE_CELL_NAME_MAXLEN} characters without NUL, each a single byte`, got: JSON.stringify(c.name),
    });
  }
  out.ascii(off + CellOff.name, c.name);
  const n = countsOf(c);
  out.u32(off + CellOff.id, `${prefix}id`, c.id);
  out.u32(off + CellOff.flags, `${prefix}flags`, c.flags);
  out.u32(off + CellOff.cpuSetSize, `${prefix}cpu_set_size`, n.cpuSetSize);
  out.u32(off + CellOff.numMemoryRegions, `${prefix}num_memory_regions`, n.numMemoryRegions);
  out.u32(off + CellOff.numCacheRegions, `${prefix}num_cache_regions`, n.numCacheRegions);
  out.u32(off + CellOff.numIrqchips, `${prefix}num_irqchips`, n.numIrqchips);
  out.u32(off + CellOff.numPioRegions, `${prefix}num_pio_regions`, n.numPioRegions);
  out.u32(off + CellOff.numPciDevices, `${prefix}num_pci_devices`, n.numPciDevices);
  out.u32(off + CellOff.numPciCaps, `${prefix}num_pci_caps`, n.numPciCaps);
  out.u32(off + CellOff.numStreamIds, `${prefix}num_stream_ids`, n.numStreamIds);
  out.u32(off + CellOff.vpciIrqBase, `${prefix}vpci_irq_base`, c.vpciIrqBase);
  out.u64(off + CellOff.cpuResetAddress, `${prefix}cpu_reset_address`, c.cpuResetAddress);
  out.u64(off + CellOff.msgReplyTimeout, `${prefix}msg_reply_timeout`, c.msgReplyTimeout);
  writeConsole(out, off + CellOff.console, `${prefix}console`, c.console);

  let o = off + CELL_DESC_SIZE;
  for (const cpu of c.cpus) {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= c.cpuSetSize * 8) {
      throw new ConfigError({
        file: out.file, offset: o, field: `${prefix}cpu_set`,
        expected: `CPU numbers below ${c.cpuSetSize * 8} (cpu_set_size ${c.cpuSetSize} bytes)`, got: String(cpu),
      });
    }
    out.bytes[o + (cpu >> 3)]! |= 1 << (cpu & 7);
  }
  o += c.cpuSetSize;
  c.memoryRegions.forEach((m, i) => { writeMemory(out, o, `${prefix}memory_regions[${i}]`, m); o += MEMORY_SIZE; });
  c.cacheRegions.forEach((r, i) => {
    const f = `${prefix}cache_regions[${i}]`;
    out.u32(o, `${f}.start`, r.start); out.u32(o + 4, `${f}.size`, r.size);
    out.u8(o + 8, `${f}.type`, r.type); out.u8(o + 9, `${f}.padding`, r.padding); out.u16(o + 10, `${f}.flags`, r.flags);
    o += CACHE_SIZE;
  });
  c.irqchips.forEach((chip, i) => {
    const f = `${prefix}irqchips[${i}]`;
    out.u64(o + IrqOff.address, `${f}.address`, chip.address);
    out.u32(o + IrqOff.id, `${f}.id`, chip.id);
    out.u32(o + IrqOff.pinBase, `${f}.pin_base`, chip.pinBase);
    for (let w = 0; w < 4; w++) out.u32(o + IrqOff.pinBitmap + 4 * w, `${f}.pin_bitmap[${w}]`, chip.pinBitmap[w]! >>> 0);
    o += IRQCHIP_SIZE;
  });
  c.pioRegions.forEach((p, i) => {
    out.u16(o, `${prefix}pio_regions[${i}].base`, p.base); out.u16(o + 2, `${prefix}pio_regions[${i}].length`, p.length);
    o += PIO_SIZE;
  });
  c.pciDevices.forEach((d, i) => {
    const f = `${prefix}pci_devices[${i}]`;
    out.u8(o + PciOff.type, `${f}.type`, d.type);
    out.u8(o + PciOff.iommu, `${f}.iommu`, d.iommu);
    out.u16(o + PciOff.domain, `${f}.domain`, d.domain);
    out.u16(o + PciOff.bdf, `${f}.bdf`, d.bdf);
    for (let b = 0; b < 6; b++) out.u32(o + PciOff.barMask + 4 * b, `${f}.bar_mask[${b}]`, d.barMask[b]! >>> 0);
    out.u16(o + PciOff.capsStart, `${f}.caps_start`, d.capsStart);
    out.u16(o + PciOff.numCaps, `${f}.num_caps`, d.numCaps);
    out.u8(o + PciOff.numMsiVectors, `${f}.num_msi_vectors`, d.numMsiVectors);
    out.u8(o + PciOff.msiBits, `${f}.msi_64bits`, (d.msi64Bits ? 1 : 0) | (d.msiMaskable ? 2 : 0));
    out.u16(o + PciOff.numMsixVectors, `${f}.num_msix_vectors`, d.numMsixVectors);
    out.u16(o + PciOff.msixRegionSize, `${f}.msix_region_size`, d.msixRegionSize);
    out.u64(o + PciOff.msixAddress, `${f}.msix_address`, d.msixAddress);
    out.u32(o + PciOff.shmemRegionsStart, `${f}.shmem_regions_start`, d.shmemRegionsStart);
    out.u8(o + PciOff.shmemDevId, `${f}.shmem_dev_id`, d.shmemDevId);
    out.u8(o + PciOff.shmemPeers, `${f}.shmem_peers`, d.shmemPeers);
    out.u16(o + PciOff.shmemProtocol, `${f}.shmem_protocol`, d.shmemProtocol);
    o += PCI_DEVICE_SIZE;
  });
  c.pciCaps.forEach((cap, i) => {
    const f = `${prefix}pci_caps[${i}]`;
    out.u16(o, `${f}.id`, cap.id); out.u16(o + 2, `${f}.start`, cap.start);
    out.u16(o + 4, `${f}.len`, cap.len); out.u16(o + 6, `${f}.flags`, cap.flags);
    o += PCI_CAP_SIZE;
  });
  c.streamIds.forEach((id, i) => { out.u32(o, `${prefix}stream_ids[${i}]`, id); o += 4; });
}

/** The .cell bytes of a cell config ("JHCELL"). `file` names the output in errors. */
export function writeCellConfig(cfg: CellConfig, file = '<cell config>'): Uint8Array {
  const out = new Output(cellConfigSize(countsOf(cfg)), file);
  writeCell(out, 0, cfg, '', true);
  readCellConfig(out.bytes, file);
  return out.bytes;
}

/** The .cell bytes of a system config ("JHSYST") with its root cell. */
export function writeSystemConfig(cfg: SystemConfig, file = '<system config>'): Uint8Array {
  const out = new Output(SysOff.rootCell + cellConfigSize(countsOf(cfg.rootCell)), file);
  out.ascii(SysOff.signature, JAILHOUSE_SYSTEM_SIGNATURE);
  out.u16(SysOff.revision, 'revision', JAILHOUSE_CONFIG_REVISION);
  out.u32(SysOff.flags, 'flags', cfg.flags);
  writeMemory(out, SysOff.hypervisorMemory, 'hypervisor_memory', cfg.hypervisorMemory);
  writeConsole(out, SysOff.debugConsole, 'debug_console', cfg.debugConsole);
  writePlatformInfo(out, SysOff.platformInfo, cfg.platformInfo);
  writeCell(out, SysOff.rootCell, cfg.rootCell, 'root_cell.', cfg.rootCellSigned === true);
  readSystemConfig(out.bytes, file);
  return out.bytes;
}
