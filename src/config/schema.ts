// The shape of YAML/JSON config sources: one table of keys per object, used
// both by the compiler (to refuse unknown keys) and to generate the JSON
// Schema in configs/schema.json that editors use for completion and checks.

import * as S from './symbols.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const num: Json = { $ref: '#/$defs/number' };
const str: Json = { type: 'string' };
const bool: Json = { type: 'boolean' };
const comment: Json = { type: 'string', description: 'Free text, ignored (JSON has no comments).' };

function flags(table: S.SymbolTable, what: string): Json {
  const names = Object.keys(table);
  const item: Json = { anyOf: [{ enum: names }, num] };
  return { description: `${what}: symbolic names, numbers, or a list of them (ORed)`, anyOf: [item, { type: 'array', items: item }] };
}

function enumOrNum(table: S.SymbolTable, what: string): Json {
  return { description: what, anyOf: [{ enum: Object.keys(table) }, num] };
}

function obj(props: Record<string, Json>, required: string[] = [], description?: string): Json {
  const o: { [k: string]: Json } = { type: 'object', properties: props, additionalProperties: false };
  if (required.length) o.required = required;
  if (description) o.description = description;
  return o;
}

export type ShapeName =
  | 'memoryRegion' | 'console' | 'irqchip' | 'pioRegion' | 'pciDevice' | 'pciCap' | 'cacheRegion' | 'iommuUnit'
  | 'arm' | 'platformInfo' | 'cell' | 'system' | 'hypervisorMemory';

/** Keys of every object in a source, with their schema. */
export const SHAPES: Record<ShapeName, Record<string, Json>> = {
  memoryRegion: {
    comment,
    phys_start: num,
    virt_start: { description: 'defaults to phys_start', $ref: '#/$defs/number' },
    size: num,
    flags: flags(S.MEM_FLAGS, 'JAILHOUSE_MEM_* flags'),
  },
  console: {
    comment,
    address: num,
    size: num,
    type: enumOrNum(S.CON_TYPES, 'JAILHOUSE_CON_TYPE_*'),
    flags: flags(S.CON_FLAGS, 'JAILHOUSE_CON_* flags'),
    divider: num,
    gate_nr: num,
    clock_reg: num,
  },
  irqchip: {
    comment,
    address: num,
    id: num,
    pin_base: { description: 'first interrupt ID of the bitmap, a multiple of 32 (default 32)', $ref: '#/$defs/number' },
    pins: {
      description: 'interrupt IDs owned, numbers or "first-last" ranges (instead of pin_bitmap)',
      type: 'array', items: { anyOf: [num, { type: 'string', pattern: '^[0-9]+-[0-9]+$' }] },
    },
    pin_bitmap: { type: 'array', items: num, minItems: 4, maxItems: 4 },
  },
  pioRegion: { comment, base: num, length: num },
  pciDevice: {
    comment,
    type: enumOrNum(S.PCI_TYPES, 'JAILHOUSE_PCI_TYPE_*'),
    iommu: num,
    domain: num,
    bdf: { description: 'number, or "bus:dev.fn" in hex', anyOf: [num, { type: 'string', pattern: '^[0-9a-fA-F]{1,2}:[0-9a-fA-F]{1,2}\\.[0-7]$' }] },
    bar_mask: { anyOf: [{ enum: Object.keys(S.IVSHMEM_BAR_MASKS) }, { type: 'array', items: num, minItems: 6, maxItems: 6 }] },
    caps_start: num,
    num_caps: num,
    num_msi_vectors: num,
    msi_64bits: bool,
    msi_maskable: bool,
    num_msix_vectors: num,
    msix_region_size: num,
    msix_address: num,
    shmem_regions_start: num,
    shmem_dev_id: num,
    shmem_peers: num,
    shmem_protocol: enumOrNum(S.SHMEM_PROTOCOLS, 'JAILHOUSE_SHMEM_PROTO_*'),
  },
  pciCap: { comment, id: num, start: num, len: num, flags: flags(S.PCICAP_FLAGS, 'JAILHOUSE_PCICAPS_* flags') },
  cacheRegion: {
    comment, start: num, size: num,
    type: enumOrNum(S.CACHE_TYPES, 'JAILHOUSE_CACHE_L3*'),
    flags: flags(S.CACHE_FLAGS, 'JAILHOUSE_CACHE_* flags'),
  },
  iommuUnit: {
    comment, type: enumOrNum(S.IOMMU_TYPES, 'JAILHOUSE_IOMMU_*'), base: num, size: num,
    amd_bdf: num, amd_base_cap: num, amd_msi_cap: num, amd_features: num,
  },
  arm: {
    comment, maintenance_irq: num, gic_version: num,
    gicd_base: num, gicc_base: num, gich_base: num, gicv_base: num, gicr_base: num,
    iommu_units: { type: 'array', maxItems: 8, items: { $ref: '#/$defs/iommuUnit' } },
  },
  platformInfo: {
    comment, pci_mmconfig_base: num, pci_mmconfig_end_bus: num, pci_is_virtual: num, pci_domain: num,
    arm: { $ref: '#/$defs/arm' },
  },
  cell: {
    comment,
    name: { type: 'string', maxLength: 31 },
    id: num,
    flags: flags(S.CELL_FLAGS, 'JAILHOUSE_CELL_* flags'),
    cpu_set_size: { description: 'bytes of the CPU bitmap (default: 8 per 64 CPUs)', $ref: '#/$defs/number' },
    cpus: { description: 'CPU numbers, or "first-last" ranges', type: 'array', items: { anyOf: [num, { type: 'string', pattern: '^[0-9]+-[0-9]+$' }] } },
    memory_regions: { type: 'array', items: { $ref: '#/$defs/memoryRegion' } },
    cache_regions: { type: 'array', items: { $ref: '#/$defs/cacheRegion' } },
    irqchips: { type: 'array', items: { $ref: '#/$defs/irqchip' } },
    pio_regions: { type: 'array', items: { $ref: '#/$defs/pioRegion' } },
    pci_devices: { type: 'array', items: { $ref: '#/$defs/pciDevice' } },
    pci_caps: { type: 'array', items: { $ref: '#/$defs/pciCap' } },
    stream_ids: { type: 'array', items: num },
    vpci_irq_base: num,
    cpu_reset_address: num,
    msg_reply_timeout: num,
    console: { $ref: '#/$defs/console' },
  },
  system: {
    kind: { const: 'system' },
    comment,
    flags: flags(S.SYS_FLAGS, 'JAILHOUSE_SYS_* flags'),
    hypervisor_memory: { $ref: '#/$defs/hypervisorMemory' },
    debug_console: { $ref: '#/$defs/console' },
    platform_info: { $ref: '#/$defs/platformInfo' },
    root_cell: { $ref: '#/$defs/cell' },
  },
  hypervisorMemory: { comment, phys_start: num, virt_start: num, size: num, flags: flags(S.MEM_FLAGS, 'JAILHOUSE_MEM_* flags') },
};

/** The JSON Schema (draft 2020-12) of a config source. */
export function configJsonSchema(): Json {
  const cellFileProps: Record<string, Json> = { kind: { const: 'cell' }, ...SHAPES.cell };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://jailhouse-ts/configs/schema.json',
    title: 'jailhouse-ts config source (compiled to a Jailhouse v0.12 .cell file)',
    oneOf: [
      obj(SHAPES.system, ['kind', 'hypervisor_memory', 'platform_info', 'root_cell'], 'A system config (JHSYST) with its root cell'),
      obj(cellFileProps, ['kind', 'name', 'cpus'], 'A cell config (JHCELL)'),
    ],
    $defs: {
      number: {
        description: 'A non-negative integer: a number, or a string in decimal or 0x hex, optionally with a K/M/G (KiB/MiB/GiB) suffix',
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^\\s*(0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9][0-9_]*)\\s*([kKmMgG](i?B)?)?\\s*$' },
        ],
      },
      memoryRegion: obj(SHAPES.memoryRegion, ['size']),
      hypervisorMemory: obj(SHAPES.hypervisorMemory, ['phys_start', 'size']),
      console: obj(SHAPES.console),
      irqchip: obj(SHAPES.irqchip, ['address']),
      pioRegion: obj(SHAPES.pioRegion, ['base', 'length']),
      pciDevice: obj(SHAPES.pciDevice, ['type', 'bdf']),
      pciCap: obj(SHAPES.pciCap, ['id', 'start', 'len']),
      cacheRegion: obj(SHAPES.cacheRegion, ['start', 'size', 'type']),
      iommuUnit: obj(SHAPES.iommuUnit, ['type', 'base']),
      arm: obj(SHAPES.arm, ['gic_version', 'gicd_base', 'maintenance_irq']),
      platformInfo: obj(SHAPES.platformInfo, ['arm']),
      cell: obj(SHAPES.cell, ['name', 'cpus']),
    },
  };
}

/** configs/schema.json as written to disk. */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
