// Byte layout of the packed Jailhouse v0.12 config structures (revision 12,
// 32-bit ARM, little endian). All structures are __attribute__((packed)), so
// there is no implicit padding anywhere; docs/jailhouse-abi.md has the tables.

export const CONSOLE_SIZE = 32;
export const MEMORY_SIZE = 32;
export const CACHE_SIZE = 12;
export const IRQCHIP_SIZE = 32;
export const PIO_SIZE = 4;
export const PCI_DEVICE_SIZE = 56;
export const PCI_CAP_SIZE = 8;
export const STREAM_ID_SIZE = 4;
export const IOMMU_SIZE = 24;
export const CELL_DESC_SIZE = 132;
export const PLATFORM_INFO_SIZE = 246;
/** Size of struct jailhouse_system including the embedded root cell descriptor. */
export const SYSTEM_SIZE = 454;

/** Offsets in struct jailhouse_cell_desc. */
export const CellOff = {
  signature: 0,
  revision: 6,
  name: 8,
  id: 40,
  flags: 44,
  cpuSetSize: 48,
  numMemoryRegions: 52,
  numCacheRegions: 56,
  numIrqchips: 60,
  numPioRegions: 64,
  numPciDevices: 68,
  numPciCaps: 72,
  numStreamIds: 76,
  vpciIrqBase: 80,
  cpuResetAddress: 84,
  msgReplyTimeout: 92,
  console: 100,
} as const;

/** Offsets in struct jailhouse_system. */
export const SysOff = {
  signature: 0,
  revision: 6,
  flags: 8,
  hypervisorMemory: 12,
  debugConsole: 44,
  platformInfo: 76,
  rootCell: 322,
} as const;

/** Offsets in platform_info, relative to its start. */
export const PlatOff = {
  pciMmconfigBase: 0,
  pciMmconfigEndBus: 8,
  pciIsVirtual: 9,
  pciDomain: 10,
  maintenanceIrq: 12,
  gicVersion: 13,
  gicdBase: 14,
  giccBase: 22,
  gichBase: 30,
  gicvBase: 38,
  gicrBase: 46,
  iommuUnits: 54,
} as const;

/** Offsets in struct jailhouse_console. */
export const ConOff = { address: 0, size: 8, type: 12, flags: 14, divider: 16, gateNr: 20, clockReg: 24 } as const;

/** Offsets in struct jailhouse_memory. */
export const MemOff = { physStart: 0, virtStart: 8, size: 16, flags: 24 } as const;

/** Offsets in struct jailhouse_irqchip. */
export const IrqOff = { address: 0, id: 8, pinBase: 12, pinBitmap: 16 } as const;

/** Offsets in struct jailhouse_pci_device. */
export const PciOff = {
  type: 0, iommu: 1, domain: 2, bdf: 4, barMask: 6, capsStart: 30, numCaps: 32,
  numMsiVectors: 34, msiBits: 35, numMsixVectors: 36, msixRegionSize: 38,
  msixAddress: 40, shmemRegionsStart: 48, shmemDevId: 52, shmemPeers: 53, shmemProtocol: 54,
} as const;

/** Offsets in struct jailhouse_iommu. */
export const IommuOff = { type: 0, base: 4, size: 12, amdBdf: 16, amdBaseCap: 18, amdMsiCap: 19, amdFeatures: 20 } as const;

/** Counts in a cell descriptor that size the arrays after it. */
export interface CellCounts {
  cpuSetSize: number;
  numMemoryRegions: number;
  numCacheRegions: number;
  numIrqchips: number;
  numPioRegions: number;
  numPciDevices: number;
  numPciCaps: number;
  numStreamIds: number;
}

/** jailhouse_cell_config_size(): descriptor plus the arrays that follow it. */
export function cellConfigSize(c: CellCounts): number {
  return CELL_DESC_SIZE + c.cpuSetSize + c.numMemoryRegions * MEMORY_SIZE +
    c.numCacheRegions * CACHE_SIZE + c.numIrqchips * IRQCHIP_SIZE +
    c.numPioRegions * PIO_SIZE + c.numPciDevices * PCI_DEVICE_SIZE +
    c.numPciCaps * PCI_CAP_SIZE + c.numStreamIds * STREAM_ID_SIZE;
}

/** jailhouse_system_config_size(). */
export function systemConfigSize(rootCounts: CellCounts): number {
  return SYSTEM_SIZE - CELL_DESC_SIZE + cellConfigSize(rootCounts);
}
