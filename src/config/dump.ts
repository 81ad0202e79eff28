// The other direction: a config model as a YAML source in the authoring
// format, so that an existing Jailhouse .cell file can be turned into an
// editable source. Compiling the output gives back the same bytes. Zero
// fields are left out, as the compiler defaults them to zero.

import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import * as S from './symbols.js';
import type { AnyConfig, CellConfig, Console, IommuUnit, Irqchip, MemoryRegion, PciDevice, SystemConfig } from './types.js';

type Src = { [k: string]: unknown };

function sym(value: number, table: S.SymbolTable): string | number {
  const hit = Object.entries(table).find(([, v]) => v === value);
  return hit ? hit[0] : value;
}

function flags(value: number, table: S.SymbolTable): (string | number)[] | undefined {
  if (!value) return undefined;
  return S.flagNames(value, table).map((f) => (typeof f === 'string' && f.startsWith('0x') ? Number(f) : f));
}

/** Drops keys whose value is zero, false, undefined or an empty list. */
function compact(o: Src, keep: string[] = []): Src {
  const out: Src = {};
  for (const [k, v] of Object.entries(o)) {
    if (!keep.includes(k) && (v === 0 || v === false || v === undefined || (Array.isArray(v) && v.length === 0))) continue;
    out[k] = v;
  }
  return out;
}

/** [32, 33, 34, 40] → ["32-34", 40]. */
function ranges(ids: number[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    out.push(j > i ? `${ids[i]}-${ids[j]}` : ids[i]!);
    i = j + 1;
  }
  return out;
}

function region(m: MemoryRegion): Src {
  const o = compact({ phys_start: m.physStart, virt_start: m.virtStart, size: m.size, flags: flags(m.flags, S.MEM_FLAGS) }, ['size', 'virt_start']);
  if (m.virtStart === m.physStart) delete o.virt_start;
  return o;
}

function consoleSrc(c: Console): Src | undefined {
  const o = compact({
    address: c.address, size: c.size, type: c.type ? sym(c.type, S.CON_TYPES) : 0, flags: flags(c.flags, S.CON_FLAGS),
    divider: c.divider, gate_nr: c.gateNr, clock_reg: c.clockReg,
  });
  return Object.keys(o).length ? o : undefined;
}

function irqchip(chip: Irqchip): Src {
  const pins: number[] = [];
  chip.pinBitmap.forEach((w, k) => { for (let b = 0; b < 32; b++) if ((w >>> b) & 1) pins.push(chip.pinBase + 32 * k + b); });
  return compact({ address: chip.address, id: chip.id, pin_base: chip.pinBase, pins: ranges(pins) }, ['address', 'pin_base']);
}

function pciDevice(d: PciDevice): Src {
  const named = Object.entries(S.IVSHMEM_BAR_MASKS).find(([, m]) => m.every((v, i) => v === d.barMask[i]));
  const bdf = `${(d.bdf >> 8).toString(16).padStart(2, '0')}:${((d.bdf >> 3) & 31).toString(16).padStart(2, '0')}.${d.bdf & 7}`;
  return compact({
    type: sym(d.type, S.PCI_TYPES), iommu: d.iommu, domain: d.domain, bdf,
    bar_mask: named ? named[0] : d.barMask.some((v) => v) ? [...d.barMask] : undefined,
    caps_start: d.capsStart, num_caps: d.numCaps, num_msi_vectors: d.numMsiVectors, msi_64bits: d.msi64Bits,
    msi_maskable: d.msiMaskable, num_msix_vectors: d.numMsixVectors, msix_region_size: d.msixRegionSize,
    msix_address: d.msixAddress, shmem_regions_start: d.shmemRegionsStart, shmem_dev_id: d.shmemDevId,
    shmem_peers: d.shmemPeers, shmem_protocol: d.shmemProtocol ? sym(d.shmemProtocol, S.SHMEM_PROTOCOLS) : 0,
  }, ['type', 'bdf']);
}

function iommu(u: IommuUnit): Src {
  return compact({
    type: sym(u.type, S.IOMMU_TYPES), base: u.base, size: u.size, amd_bdf: u.amdBdf,
    amd_base_cap: u.amdBaseCap, amd_msi_cap: u.amdMsiCap, amd_features: u.amdFeatures,
  }, ['type', 'base']);
}

function cell(c: CellConfig): Src {
  const minSize = Math.ceil((Math.max(...c.cpus) + 1) / 64) * 8;
  return compact({
    name: c.name,
    id: c.id,
    flags: flags(c.flags, S.CELL_FLAGS),
    cpu_set_size: c.cpuSetSize === minSize ? 0 : c.cpuSetSize,
    cpus: ranges(c.cpus),
    memory_regions: c.memoryRegions.map(region),
    cache_regions: c.cacheRegions.map((r) => compact({ start: r.start, size: r.size, type: sym(r.type, S.CACHE_TYPES), flags: flags(r.flags, S.CACHE_FLAGS) }, ['start', 'size'])),
    irqchips: c.irqchips.map(irqchip),
    pio_regions: c.pioRegions.map((p) => ({ base: p.base, length: p.length })),
    pci_devices: c.pciDevices.map(pciDevice),
    pci_caps: c.pciCaps.map((p) => compact({ id: p.id, start: p.start, len: p.len, flags: flags(p.flags, S.PCICAP_FLAGS) }, ['id', 'start', 'len'])),
    stream_ids: c.streamIds,
    vpci_irq_base: c.vpciIrqBase,
    cpu_reset_address: c.cpuResetAddress,
    msg_reply_timeout: c.msgReplyTimeout,
    console: consoleSrc(c.console),
  });
}

function system(s: SystemConfig): Src {
  const a = s.platformInfo.arm;
  const units = a.iommuUnits.filter((u) => u.type || u.base || u.size);
  return compact({
    kind: 'system',
    flags: flags(s.flags, S.SYS_FLAGS),
    hypervisor_memory: compact({ phys_start: s.hypervisorMemory.physStart, virt_start: s.hypervisorMemory.virtStart, size: s.hypervisorMemory.size, flags: flags(s.hypervisorMemory.flags, S.MEM_FLAGS) }, ['phys_start', 'size']),
    debug_console: consoleSrc(s.debugConsole),
    platform_info: compact({
      pci_mmconfig_base: s.platformInfo.pciMmconfigBase, pci_mmconfig_end_bus: s.platformInfo.pciMmconfigEndBus,
      pci_is_virtual: s.platformInfo.pciIsVirtual, pci_domain: s.platformInfo.pciDomain,
      arm: compact({
        maintenance_irq: a.maintenanceIrq, gic_version: a.gicVersion, gicd_base: a.gicdBase, gicc_base: a.giccBase,
        gich_base: a.gichBase, gicv_base: a.gicvBase, gicr_base: a.gicrBase, iommu_units: units.map(iommu),
      }, ['maintenance_irq', 'gic_version', 'gicd_base']),
    }, ['arm']),
    root_cell: cell(s.rootCell),
  }, ['kind']);
}

const HEX_KEYS = new Set([
  'phys_start', 'virt_start', 'size', 'address', 'clock_reg', 'base', 'pci_mmconfig_base', 'gicd_base', 'gicc_base',
  'gich_base', 'gicv_base', 'gicr_base', 'msix_address', 'cpu_reset_address', 'start',
]);
const FLOW_LISTS = new Set(['memory_regions', 'irqchips', 'pio_regions', 'pci_caps', 'cache_regions']);

/** A YAML source (authoring format) for a config; addresses and sizes in hex. */
export function configToSource(cfg: AnyConfig): string {
  const src = cfg.kind === 'system' ? system(cfg.config) : { kind: 'cell', ...cell(cfg.config) };
  const doc = new Document(src);
  visit(doc, {
    Pair(_k, pair) {
      // Addresses and sizes read better in hex.
      if (isScalar(pair.key) && HEX_KEYS.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value === 'number') {
        pair.value.format = 'HEX';
      }
    },
    Seq(_k, seq) {
      if (seq.items.every((it) => isScalar(it))) seq.flow = true;
    },
    Map(_k, map, path) {
      // One line per memory region and irqchip, as in the shipped sources.
      const owner = path[path.length - 2];
      if (isPair(owner) && isScalar(owner.key) && FLOW_LISTS.has(String(owner.key.value)) && isSeq(path[path.length - 1])) map.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
