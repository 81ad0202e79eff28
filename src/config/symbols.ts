// Symbolic names accepted in YAML/JSON config sources for flag bits and
// enumerations. The names are Jailhouse's constant names, lower-cased and
// without their prefix (JAILHOUSE_MEM_COMM_REGION -> comm_region).

import * as T from './types.js';

export type SymbolTable = Readonly<Record<string, number>>;

export const MEM_FLAGS: SymbolTable = {
  read: T.JAILHOUSE_MEM_READ,
  write: T.JAILHOUSE_MEM_WRITE,
  execute: T.JAILHOUSE_MEM_EXECUTE,
  dma: T.JAILHOUSE_MEM_DMA,
  io: T.JAILHOUSE_MEM_IO,
  comm_region: T.JAILHOUSE_MEM_COMM_REGION,
  loadable: T.JAILHOUSE_MEM_LOADABLE,
  rootshared: T.JAILHOUSE_MEM_ROOTSHARED,
  no_hugepages: T.JAILHOUSE_MEM_NO_HUGEPAGES,
  io_unaligned: T.JAILHOUSE_MEM_IO_UNALIGNED,
  io_8: T.JAILHOUSE_MEM_IO_8,
  io_16: T.JAILHOUSE_MEM_IO_16,
  io_32: T.JAILHOUSE_MEM_IO_32,
  io_64: T.JAILHOUSE_MEM_IO_64,
};

export const CELL_FLAGS: SymbolTable = {
  passive_commreg: T.JAILHOUSE_CELL_PASSIVE_COMMREG,
  test_device: T.JAILHOUSE_CELL_TEST_DEVICE,
  virtual_console_permitted: T.JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,
  virtual_console_active: T.JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE,
};

export const SYS_FLAGS: SymbolTable = {
  virtual_debug_console: T.JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE,
};

export const CON_TYPES: SymbolTable = {
  none: T.JAILHOUSE_CON_TYPE_NONE,
  efifb: T.JAILHOUSE_CON_TYPE_EFIFB,
  '8250': T.JAILHOUSE_CON_TYPE_8250,
  pl011: T.JAILHOUSE_CON_TYPE_PL011,
  xuartps: T.JAILHOUSE_CON_TYPE_XUARTPS,
  mvebu: T.JAILHOUSE_CON_TYPE_MVEBU,
  hscif: T.JAILHOUSE_CON_TYPE_HSCIF,
  scifa: T.JAILHOUSE_CON_TYPE_SCIFA,
  imx: T.JAILHOUSE_CON_TYPE_IMX,
};

export const CON_FLAGS: SymbolTable = {
  access_mmio: T.JAILHOUSE_CON_ACCESS_MMIO,
  regdist_4: T.JAILHOUSE_CON_REGDIST_4,
  fb_1920x1080: T.JAILHOUSE_CON_FB_1920x1080,
  inverted_gate: T.JAILHOUSE_CON_INVERTED_GATE,
  mdr_quirk: T.JAILHOUSE_CON_MDR_QUIRK,
};

export const PCI_TYPES: SymbolTable = {
  device: T.JAILHOUSE_PCI_TYPE_DEVICE,
  bridge: T.JAILHOUSE_PCI_TYPE_BRIDGE,
  ivshmem: T.JAILHOUSE_PCI_TYPE_IVSHMEM,
};

export const SHMEM_PROTOCOLS: SymbolTable = {
  undefined: T.JAILHOUSE_SHMEM_PROTO_UNDEFINED,
  veth: T.JAILHOUSE_SHMEM_PROTO_VETH,
  custom: T.JAILHOUSE_SHMEM_PROTO_CUSTOM,
  virtio_front: T.JAILHOUSE_SHMEM_PROTO_VIRTIO_FRONT,
  virtio_back: T.JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK,
};

export const PCICAP_FLAGS: SymbolTable = { write: T.JAILHOUSE_PCICAPS_WRITE };

export const CACHE_TYPES: SymbolTable = {
  l3_code: T.JAILHOUSE_CACHE_L3_CODE,
  l3_data: T.JAILHOUSE_CACHE_L3_DATA,
  l3: T.JAILHOUSE_CACHE_L3,
};

export const CACHE_FLAGS: SymbolTable = { rootshared: T.JAILHOUSE_CACHE_ROOTSHARED };

export const IOMMU_TYPES: SymbolTable = {
  amd: T.JAILHOUSE_IOMMU_AMD,
  intel: T.JAILHOUSE_IOMMU_INTEL,
  smmuv3: T.JAILHOUSE_IOMMU_SMMUV3,
};

/** Bar masks of Jailhouse's ivshmem macros, by name. */
export const IVSHMEM_BAR_MASKS: Readonly<Record<string, readonly number[]>> = {
  ivshmem_intx: [0xfffff000, 0, 0, 0, 0, 0],
  ivshmem_msix: [0xfffff000, 0xfffffe00, 0, 0, 0, 0],
};

/** Names of the set bits of `value` in `table`, largest-first decomposition; leftover bits as a hex string. */
export function flagNames(value: number, table: SymbolTable): (string | number)[] {
  const out: (string | number)[] = [];
  let rest = value >>> 0;
  // Multi-bit names (io_32 = 4 << 16) are matched as a whole field, so try wider values first.
  const entries = Object.entries(table).filter(([, v]) => v !== 0).sort((a, b) => popcount(b[1]) - popcount(a[1]) || a[1] - b[1]);
  for (const [name, v] of entries) {
    if (((rest & v) >>> 0) === v >>> 0) { out.push(name); rest = (rest & ~v) >>> 0; }
  }
  if (rest) out.push('0x' + rest.toString(16));
  return out;
}

function popcount(v: number): number {
  let n = 0;
  for (let x = v >>> 0; x; x &= x - 1) n++;
  return n;
}
