// The model of Jailhouse's configuration files, field for field, in the
// layout of Jailhouse v0.12 (JAILHOUSE_CONFIG_REVISION 12) for 32-bit ARM.
// docs/jailhouse-abi.md gives every offset and size. 64-bit fields are
// JavaScript numbers; the reader refuses values above 2^53 - 1.

/** The config layout revision this project reads and writes. */
export const JAILHOUSE_CONFIG_REVISION = 12;
export const JAILHOUSE_SYSTEM_SIGNATURE = 'JHSYST';
export const JAILHOUSE_CELL_DESC_SIGNATURE = 'JHCELL';
/** Longest cell name; the field is 32 bytes and must hold a NUL. */
export const JAILHOUSE_CELL_NAME_MAXLEN = 31;
export const JAILHOUSE_MAX_IOMMU_UNITS = 8;
export const PAGE_SIZE = 0x1000;

/* Cell flags (jailhouse_cell_desc.flags). */
export const JAILHOUSE_CELL_PASSIVE_COMMREG = 0x00000001;
export const JAILHOUSE_CELL_TEST_DEVICE = 0x00000002;
export const JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED = 0x40000000;
export const JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE = 0x80000000;
export const CELL_FLAGS_KNOWN =
  (JAILHOUSE_CELL_PASSIVE_COMMREG | JAILHOUSE_CELL_TEST_DEVICE |
    JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED | JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE) >>> 0;

/* System flags (jailhouse_system.flags). */
export const JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE = 0x0001;
export const SYS_FLAGS_KNOWN = JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE;

/* Memory region flags (jailhouse_memory.flags). */
export const JAILHOUSE_MEM_READ = 0x0001;
export const JAILHOUSE_MEM_WRITE = 0x0002;
export const JAILHOUSE_MEM_EXECUTE = 0x0004;
export const JAILHOUSE_MEM_DMA = 0x0008;
export const JAILHOUSE_MEM_IO = 0x0010;
export const JAILHOUSE_MEM_COMM_REGION = 0x0020;
export const JAILHOUSE_MEM_LOADABLE = 0x0040;
export const JAILHOUSE_MEM_ROOTSHARED = 0x0080;
export const JAILHOUSE_MEM_NO_HUGEPAGES = 0x0100;
export const JAILHOUSE_MEM_IO_UNALIGNED = 0x8000;
export const JAILHOUSE_MEM_IO_WIDTH_SHIFT = 16;
export const JAILHOUSE_MEM_IO_8 = 1 << 16;
export const JAILHOUSE_MEM_IO_16 = 2 << 16;
export const JAILHOUSE_MEM_IO_32 = 4 << 16;
export const JAILHOUSE_MEM_IO_64 = 8 << 16;
export const MEM_FLAGS_KNOWN = 0x81ff | (0xf << 16);

/* Cache region types and flags (jailhouse_cache). */
export const JAILHOUSE_CACHE_L3_CODE = 0x01;
export const JAILHOUSE_CACHE_L3_DATA = 0x02;
export const JAILHOUSE_CACHE_L3 = 0x03;
export const JAILHOUSE_CACHE_ROOTSHARED = 0x0001;

/* Console types (jailhouse_console.type). */
export const JAILHOUSE_CON_TYPE_NONE = 0x0000;
export const JAILHOUSE_CON_TYPE_EFIFB = 0x0001;
export const JAILHOUSE_CON_TYPE_8250 = 0x0002;
export const JAILHOUSE_CON_TYPE_PL011 = 0x0003;
export const JAILHOUSE_CON_TYPE_XUARTPS = 0x0004;
export const JAILHOUSE_CON_TYPE_MVEBU = 0x0005;
export const JAILHOUSE_CON_TYPE_HSCIF = 0x0006;
export const JAILHOUSE_CON_TYPE_SCIFA = 0x0007;
export const JAILHOUSE_CON_TYPE_IMX = 0x0008;
export const CON_TYPE_MAX = JAILHOUSE_CON_TYPE_IMX;

/* Console flags (jailhouse_console.flags). */
export const JAILHOUSE_CON_ACCESS_MMIO = 0x0001;
export const JAILHOUSE_CON_REGDIST_4 = 0x0002;
export const JAILHOUSE_CON_FB_1920x1080 = 0x0004;
export const JAILHOUSE_CON_INVERTED_GATE = 0x1000;
export const JAILHOUSE_CON_MDR_QUIRK = 0x2000;
export const CON_FLAGS_KNOWN = 0x3007;

/* PCI device types, shared-memory protocols, capability flags. */
export const JAILHOUSE_PCI_TYPE_DEVICE = 0x01;
export const JAILHOUSE_PCI_TYPE_BRIDGE = 0x02;
export const JAILHOUSE_PCI_TYPE_IVSHMEM = 0x03;
export const JAILHOUSE_SHMEM_PROTO_UNDEFINED = 0x0000;
export const JAILHOUSE_SHMEM_PROTO_VETH = 0x0001;
export const JAILHOUSE_SHMEM_PROTO_CUSTOM = 0x4000;
export const JAILHOUSE_SHMEM_PROTO_VIRTIO_FRONT = 0x8000;
export const JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK = 0xc000;
export const JAILHOUSE_PCI_EXT_CAP = 0x8000;
export const JAILHOUSE_PCICAPS_WRITE = 0x0001;

/* IOMMU unit types. */
export const JAILHOUSE_IOMMU_AMD = 1;
export const JAILHOUSE_IOMMU_INTEL = 2;
export const JAILHOUSE_IOMMU_SMMUV3 = 3;

/** struct jailhouse_console (32 bytes). */
export interface Console {
  address: number;
  size: number;
  /** JAILHOUSE_CON_TYPE_* */
  type: number;
  /** JAILHOUSE_CON_* flag bits */
  flags: number;
  divider: number;
  gateNr: number;
  clockReg: number;
}

/** struct jailhouse_memory (32 bytes). */
export interface MemoryRegion {
  physStart: number;
  virtStart: number;
  size: number;
  /** JAILHOUSE_MEM_* bits */
  flags: number;
}

/** struct jailhouse_cache (12 bytes). */
export interface CacheRegion {
  start: number;
  size: number;
  type: number;
  /** The padding byte, kept so that a read file writes back unchanged. */
  padding: number;
  flags: number;
}

/** struct jailhouse_irqchip (32 bytes). On ARM `address` is the GIC distributor base. */
export interface Irqchip {
  address: number;
  id: number;
  /** First interrupt ID described by pinBitmap; a multiple of 32. */
  pinBase: number;
  /** 128 interrupts starting at pinBase, bit n of word w is pinBase + 32w + n. */
  pinBitmap: [number, number, number, number];
}

/** struct jailhouse_pio (4 bytes); x86 only, kept for completeness. */
export interface PioRegion {
  base: number;
  length: number;
}

/** struct jailhouse_pci_device (56 bytes). */
export interface PciDevice {
  type: number;
  iommu: number;
  domain: number;
  bdf: number;
  barMask: [number, number, number, number, number, number];
  capsStart: number;
  numCaps: number;
  numMsiVectors: number;
  msi64Bits: boolean;
  msiMaskable: boolean;
  numMsixVectors: number;
  msixRegionSize: number;
  msixAddress: number;
  shmemRegionsStart: number;
  shmemDevId: number;
  shmemPeers: number;
  shmemProtocol: number;
}

/** struct jailhouse_pci_capability (8 bytes). */
export interface PciCapability {
  id: number;
  start: number;
  len: number;
  flags: number;
}

/** struct jailhouse_iommu (24 bytes). */
export interface IommuUnit {
  type: number;
  base: number;
  size: number;
  amdBdf: number;
  amdBaseCap: number;
  amdMsiCap: number;
  amdFeatures: number;
}

/** The ARM member of the platform_info union (234 bytes). */
export interface ArmPlatformInfo {
  maintenanceIrq: number;
  /** 2 or 3 */
  gicVersion: number;
  gicdBase: number;
  giccBase: number;
  gichBase: number;
  gicvBase: number;
  gicrBase: number;
  /** Always JAILHOUSE_MAX_IOMMU_UNITS entries; unused ones are all zero. */
  iommuUnits: IommuUnit[];
}

/** jailhouse_system.platform_info (246 bytes). */
export interface PlatformInfo {
  pciMmconfigBase: number;
  pciMmconfigEndBus: number;
  pciIsVirtual: number;
  pciDomain: number;
  arm: ArmPlatformInfo;
}

/** struct jailhouse_cell_desc and the arrays that follow it. */
export interface CellConfig {
  name: string;
  /** Set by the driver when the cell is created; 0 in files. */
  id: number;
  /** JAILHOUSE_CELL_* bits */
  flags: number;
  /** Size of the CPU bitmap in bytes (a multiple of 4 on 32-bit ARM). */
  cpuSetSize: number;
  /** CPU numbers whose bit is set in the bitmap, ascending. */
  cpus: number[];
  memoryRegions: MemoryRegion[];
  cacheRegions: CacheRegion[];
  irqchips: Irqchip[];
  pioRegions: PioRegion[];
  pciDevices: PciDevice[];
  pciCaps: PciCapability[];
  streamIds: number[];
  vpciIrqBase: number;
  cpuResetAddress: number;
  msgReplyTimeout: number;
  console: Console;
}

/** struct jailhouse_system: the root cell's description is embedded. */
export interface SystemConfig {
  /** JAILHOUSE_SYS_* bits */
  flags: number;
  hypervisorMemory: MemoryRegion;
  debugConsole: Console;
  platformInfo: PlatformInfo;
  rootCell: CellConfig;
  /**
   * Whether the embedded root-cell header carries "JHCELL" and the revision.
   * Jailhouse's own system configs leave it zero; both are accepted and kept.
   */
  rootCellSigned?: boolean;
}

/** A checker finding: names both configs, the regions involved and the field. */
export interface Finding {
  severity: 'error' | 'warning';
  /** Short stable identifier, e.g. "cpu-not-in-root". */
  code: string;
  message: string;
  /** Files the finding concerns (one or two). */
  files: string[];
}

/** A config file as loaded by the checker or the CLI. */
export type AnyConfig =
  | { kind: 'system'; file: string; config: SystemConfig }
  | { kind: 'cell'; file: string; config: CellConfig };

export function emptyConsole(): Console {
  return { address: 0, size: 0, type: 0, flags: 0, divider: 0, gateNr: 0, clockReg: 0 };
}

export function emptyIommuUnit(): IommuUnit {
  return { type: 0, base: 0, size: 0, amdBdf: 0, amdBaseCap: 0, amdMsiCap: 0, amdFeatures: 0 };
}

/** Whether Jailhouse treats the region as sub-page (virt_start or size not page aligned). */
export function isSubpage(mem: MemoryRegion): boolean {
  return mem.virtStart % PAGE_SIZE !== 0 || mem.size % PAGE_SIZE !== 0;
}
