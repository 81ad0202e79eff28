// Compiling YAML or JSON config sources to the Jailhouse model and to .cell
// bytes. Sources follow Jailhouse's C structures key for key (snake_case
// field names), with symbolic flags, sizes like "64M", hex strings, and CPU
// and interrupt lists instead of bitmaps. Every error names the source file,
// the line and the key path.

import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YNode, type Pair } from 'yaml';
import { ConfigError } from './errors.js';
import { SHAPES, type ShapeName } from './schema.js';
import * as S from './symbols.js';
import {
  JAILHOUSE_MAX_IOMMU_UNITS, emptyConsole, emptyIommuUnit,
  type AnyConfig, type CacheRegion, type CellConfig, type Console, type IommuUnit, type Irqchip, type MemoryRegion,
  type PciCapability, type PciDevice, type PioRegion, type PlatformInfo, type SystemConfig,
} from './types.js';
import { writeCellConfig, writeSystemConfig } from './write.js';

interface Ctx {
  file: string;
  lc: LineCounter;
  doc: Document;
}

function lineOf(ctx: Ctx, node: YNode | null | undefined): number | undefined {
  const r = node?.range;
  return r ? ctx.lc.linePos(r[0]).line : undefined;
}

function describe(node: YNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return JSON.stringify(typeof node.value === 'bigint' ? Number(node.value) : node.value) ?? String(node.value);
  return 'an alias';
}

/** A value in the source with its key path, for error messages. */
class Val {
  constructor(readonly ctx: Ctx, readonly node: YNode | null, readonly path: string, readonly at: YNode | null = node) {}

  fail(expected: string, got?: string): never {
    throw new ConfigError({ file: this.ctx.file, line: lineOf(this.ctx, this.at ?? this.node), field: this.path, expected, got: got ?? describe(this.node) });
  }

  /** A non-negative integer not above `max`. */
  num(max = Number.MAX_SAFE_INTEGER): number {
    const n = this.node;
    let v: number | undefined;
    if (isScalar(n)) {
      if (typeof n.value === 'bigint') {
        if (n.value < 0n || n.value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`an integer 0..0x${max.toString(16)}`);
        v = Number(n.value);
      } else if (typeof n.value === 'number') {
        v = n.value;
      } else if (typeof n.value === 'string') {
        v = parseNumber(n.value);
      }
    }
    if (v === undefined || !Number.isSafeInteger(v) || v < 0) {
      this.fail('a non-negative integer (decimal, 0x hex, or with a K/M/G suffix)');
    }
    if (v > max) this.fail(`an integer 0..0x${max.toString(16)}`, '0x' + v.toString(16));
    return v;
  }

  str(): string {
    if (!isScalar(this.node) || typeof this.node.value !== 'string') this.fail('a string');
    return this.node.value;
  }

  bool(): boolean {
    if (!isScalar(this.node) || typeof this.node.value !== 'boolean') this.fail('true or false');
    return this.node.value;
  }

  list(): Val[] {
    if (!isSeq(this.node)) this.fail('a list');
    return this.node.items.map((it, i) => new Val(this.ctx, it as YNode | null, `${this.path}[${i}]`));
  }

  /** A symbolic name from `table` or a number. */
  sym(table: S.SymbolTable, max: number): number {
    if (isScalar(this.node) && typeof this.node.value === 'string') {
      const v = table[this.node.value.toLowerCase()];
      if (v !== undefined) return v;
      if (!/^\s*[0-9]/.test(this.node.value)) this.fail(`one of ${Object.keys(table).join(', ')} or a number`);
    }
    if (isScalar(this.node) && (typeof this.node.value === 'number' || typeof this.node.value === 'bigint') &&
      table[String(this.node.value)] !== undefined) {
      return table[String(this.node.value)]!; // console type 8250 written as a bare number
    }
    return this.num(max);
  }

  /** Flags: one name or number, or a list of them, ORed together. */
  flags(table: S.SymbolTable, max = 0xffffffff): number {
    const items = isSeq(this.node) ? this.list() : [this];
    let v = 0;
    for (const it of items) v = (v | it.sym(table, max)) >>> 0;
    return v;
  }

  map(shape: ShapeName): Obj {
    return new Obj(this, shape);
  }
}

/** A mapping checked against the keys of its shape. */
class Obj {
  private readonly pairs = new Map<string, Pair<YNode, YNode | null>>();

  constructor(readonly v: Val, shape: ShapeName) {
    if (!isMap(v.node)) v.fail('a mapping');
    const known = Object.keys(SHAPES[shape]);
    for (const p of v.node.items as Pair<YNode, YNode | null>[]) {
      const key = isScalar(p.key) ? String(p.key.value) : undefined;
      const kv: Val = new Val(v.ctx, p.key, v.path, p.key);
      if (key === undefined) kv.fail('a plain key');
      if (!known.includes(key)) {
        new Val(v.ctx, p.key, v.path ? `${v.path}.${key}` : key, p.key).fail(`one of the keys ${known.join(', ')}`, `unknown key "${key}"`);
      }
      this.pairs.set(key, p);
    }
  }

  has(key: string): boolean {
    return this.pairs.has(key);
  }

  get(key: string): Val {
    const p = this.pairs.get(key);
    const path = this.v.path ? `${this.v.path}.${key}` : key;
    if (!p) return new Val(this.v.ctx, null, path, this.v.node);
    return new Val(this.v.ctx, p.value ?? null, path, p.value ?? p.key);
  }

  need(key: string): Val {
    if (!this.has(key)) this.get(key).fail(`the key "${key}"`, 'it is missing');
    return this.get(key);
  }

  num(key: string, dflt: number, max?: number): number {
    return this.has(key) ? this.get(key).num(max) : dflt;
  }

  flags(key: string, table: S.SymbolTable, max?: number): number {
    return this.has(key) ? this.get(key).flags(table, max) : 0;
  }
}

const SUFFIX: Record<string, number> = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };

/** "0x1000", "4096", "64M", "1GiB", "0x7c00_0000" → number; undefined when malformed. */
export function parseNumber(text: string): number | undefined {
  const m = /^\s*(0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9][0-9_]*)\s*([kKmMgG](?:i?B)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!.replace(/_/g, '');
  const base = Number(digits);
  if (!Number.isFinite(base)) return undefined;
  const mul = m[2] ? SUFFIX[m[2][0]!.toLowerCase()]! : 1;
  return base * mul;
}

/** Numbers and "first-last" ranges → sorted unique list. */
function idList(v: Val, max: number): number[] {
  const out = new Set<number>();
  for (const it of v.list()) {
    if (isScalar(it.node) && typeof it.node.value === 'string' && /^\s*\d+\s*-\s*\d+\s*$/.test(it.node.value)) {
      const [a, b] = it.node.value.split('-').map((s) => Number(s.trim())) as [number, number];
      if (a > b || b > max) it.fail(`a range first-last within 0..${max}`);
      for (let i = a; i <= b; i++) out.add(i);
    } else {
      out.add(it.num(max));
    }
  }
  return [...out].sort((a, b) => a - b);
}

function memoryRegion(v: Val): MemoryRegion {
  const o = v.map('memoryRegion');
  const physStart = o.num('phys_start', 0);
  return {
    physStart,
    virtStart: o.num('virt_start', physStart),
    size: o.need('size').num(),
    flags: o.flags('flags', S.MEM_FLAGS),
  };
}

function console_(v: Val): Console {
  if (v.node === null) return emptyConsole();
  const o = v.map('console');
  return {
    address: o.num('address', 0),
    size: o.num('size', 0, 0xffffffff),
    type: o.has('type') ? o.get('type').sym(S.CON_TYPES, 0xffff) : 0,
    flags: o.flags('flags', S.CON_FLAGS, 0xffff),
    divider: o.num('divider', 0, 0xffffffff),
    gateNr: o.num('gate_nr', 0, 0xffffffff),
    clockReg: o.num('clock_reg', 0),
  };
}

function irqchip(v: Val): Irqchip {
  const o = v.map('irqchip');
  const pinBase = o.num('pin_base', 32, 0xffffffff);
  const chip: Irqchip = { address: o.need('address').num(), id: o.num('id', 0, 0xffffffff), pinBase, pinBitmap: [0, 0, 0, 0] };
  if (o.has('pins') && o.has('pin_bitmap')) o.get('pin_bitmap').fail('either pins or pin_bitmap, not both');
  if (o.has('pins')) {
    const pins = o.get('pins');
    for (const pin of idList(pins, 0xffffffff)) {
      if (pin < pinBase || pin >= pinBase + 128) pins.fail(`interrupt IDs ${pinBase}..${pinBase + 127} (pin_base .. pin_base + 127)`, String(pin));
      const bit = pin - pinBase;
      chip.pinBitmap[bit >> 5] = (chip.pinBitmap[bit >> 5]! | (1 << (bit & 31))) >>> 0;
    }
  } else if (o.has('pin_bitmap')) {
    const words = o.get('pin_bitmap').list();
    if (words.length !== 4) o.get('pin_bitmap').fail('a list of 4 32-bit words', `${words.length} items`);
    words.forEach((w, i) => { chip.pinBitmap[i] = w.num(0xffffffff); });
  }
  return chip;
}

function pciDevice(v: Val): PciDevice {
  const o = v.map('pciDevice');
  let barMask: PciDevice['barMask'] = [0, 0, 0, 0, 0, 0];
  if (o.has('bar_mask')) {
    const b = o.get('bar_mask');
    if (isScalar(b.node) && typeof b.node.value === 'string') {
      const named = S.IVSHMEM_BAR_MASKS[b.node.value.toLowerCase()];
      if (!named) b.fail(`one of ${Object.keys(S.IVSHMEM_BAR_MASKS).join(', ')} or a list of 6 masks`);
      barMask = [...named] as PciDevice['barMask'];
    } else {
      const items = b.list();
      if (items.length !== 6) b.fail('a list of 6 BAR masks', `${items.length} items`);
      barMask = items.map((it) => it.num(0xffffffff)) as PciDevice['barMask'];
    }
  }
  const bdfVal = o.need('bdf');
  let bdf: number;
  const bdfText = isScalar(bdfVal.node) && typeof bdfVal.node.value === 'string' ? bdfVal.node.value : undefined;
  const bdfMatch = bdfText !== undefined ? /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])$/.exec(bdfText) : null;
  if (bdfMatch) {
    const dev = parseInt(bdfMatch[2]!, 16);
    if (dev > 31) bdfVal.fail('a device number 00..1f');
    bdf = (parseInt(bdfMatch[1]!, 16) << 8) | (dev << 3) | Number(bdfMatch[3]);
  } else {
    bdf = bdfVal.num(0xffff);
  }
  return {
    type: o.need('type').sym(S.PCI_TYPES, 0xff),
    iommu: o.num('iommu', 0, 0xff),
    domain: o.num('domain', 0, 0xffff),
    bdf,
    barMask,
    capsStart: o.num('caps_start', 0, 0xffff),
    numCaps: o.num('num_caps', 0, 0xffff),
    numMsiVectors: o.num('num_msi_vectors', 0, 0xff),
    msi64Bits: o.has('msi_64bits') ? o.get('msi_64bits').bool() : false,
    msiMaskable: o.has('msi_maskable') ? o.get('msi_maskable').bool() : false,
    numMsixVectors: o.num('num_msix_vectors', 0, 0xffff),
    msixRegionSize: o.num('msix_region_size', 0, 0xffff),
    msixAddress: o.num('msix_address', 0),
    shmemRegionsStart: o.num('shmem_regions_start', 0, 0xffffffff),
    shmemDevId: o.num('shmem_dev_id', 0, 0xff),
    shmemPeers: o.num('shmem_peers', 0, 0xff),
    shmemProtocol: o.has('shmem_protocol') ? o.get('shmem_protocol').sym(S.SHMEM_PROTOCOLS, 0xffff) : 0,
  };
}

function iommuUnit(v: Val): IommuUnit {
  const o = v.map('iommuUnit');
  return {
    type: o.need('type').sym(S.IOMMU_TYPES, 0xffffffff),
    base: o.need('base').num(),
    size: o.num('size', 0, 0xffffffff),
    amdBdf: o.num('amd_bdf', 0, 0xffff),
    amdBaseCap: o.num('amd_base_cap', 0, 0xff),
    amdMsiCap: o.num('amd_msi_cap', 0, 0xff),
    amdFeatures: o.num('amd_features', 0, 0xffffffff),
  };
}

function platformInfo(v: Val): PlatformInfo {
  const o = v.map('platformInfo');
  const a = o.need('arm').map('arm');
  const units = a.has('iommu_units') ? a.get('iommu_units').list().map(iommuUnit) : [];
  if (units.length > JAILHOUSE_MAX_IOMMU_UNITS) a.get('iommu_units').fail(`at most ${JAILHOUSE_MAX_IOMMU_UNITS} units`, String(units.length));
  while (units.length < JAILHOUSE_MAX_IOMMU_UNITS) units.push(emptyIommuUnit());
  return {
    pciMmconfigBase: o.num('pci_mmconfig_base', 0),
    pciMmconfigEndBus: o.num('pci_mmconfig_end_bus', 0, 0xff),
    pciIsVirtual: o.num('pci_is_virtual', 0, 0xff),
    pciDomain: o.num('pci_domain', 0, 0xffff),
    arm: {
      maintenanceIrq: a.need('maintenance_irq').num(0xff),
      gicVersion: a.need('gic_version').num(0xff),
      gicdBase: a.need('gicd_base').num(),
      giccBase: a.num('gicc_base', 0),
      gichBase: a.num('gich_base', 0),
      gicvBase: a.num('gicv_base', 0),
      gicrBase: a.num('gicr_base', 0),
      iommuUnits: units,
    },
  };
}

function list<T>(o: Obj, key: string, item: (v: Val) => T): T[] {
  return o.has(key) ? o.get(key).list().map(item) : [];
}

/** A cell's fields from a mapping (a cell file's top level, or a system's root_cell). */
function cell(v: Val, shapeKeysExtra: boolean): CellConfig {
  // A cell file's top level also carries "kind"; check it against the cell keys plus "kind".
  const o = shapeKeysExtra ? withKind(v) : v.map('cell');
  const nameVal = o.need('name');
  const name = nameVal.str();
  if (name.length === 0 || name.length > 31 || /[^\x20-\x7e]/.test(name)) nameVal.fail('1..31 printable ASCII characters', JSON.stringify(name));
  const cpusVal = o.need('cpus');
  const cpus = idList(cpusVal, 4095);
  if (cpus.length === 0) cpusVal.fail('at least one CPU', 'an empty list');
  const minSize = Math.ceil((cpus[cpus.length - 1]! + 1) / 64) * 8;
  const cpuSetSize = o.num('cpu_set_size', minSize, 4096);
  if (cpuSetSize * 8 <= cpus[cpus.length - 1]!) o.get('cpu_set_size').fail(`at least ${minSize} bytes to hold CPU ${cpus[cpus.length - 1]}`, String(cpuSetSize));
  return {
    name,
    id: o.num('id', 0, 0xffffffff),
    flags: o.flags('flags', S.CELL_FLAGS),
    cpuSetSize,
    cpus,
    memoryRegions: list(o, 'memory_regions', memoryRegion),
    cacheRegions: list(o, 'cache_regions', (it): CacheRegion => {
      const c = it.map('cacheRegion');
      return {
        start: c.need('start').num(0xffffffff), size: c.need('size').num(0xffffffff),
        type: c.need('type').sym(S.CACHE_TYPES, 0xff), padding: 0, flags: c.flags('flags', S.CACHE_FLAGS, 0xffff),
      };
    }),
    irqchips: list(o, 'irqchips', irqchip),
    pioRegions: list(o, 'pio_regions', (it): PioRegion => {
      const p = it.map('pioRegion');
      return { base: p.need('base').num(0xffff), length: p.need('length').num(0xffff) };
    }),
    pciDevices: list(o, 'pci_devices', pciDevice),
    pciCaps: list(o, 'pci_caps', (it): PciCapability => {
      const c = it.map('pciCap');
      return { id: c.need('id').num(0xffff), start: c.need('start').num(0xffff), len: c.need('len').num(0xffff), flags: c.flags('flags', S.PCICAP_FLAGS, 0xffff) };
    }),
    streamIds: list(o, 'stream_ids', (it) => it.num(0xffffffff)),
    vpciIrqBase: o.num('vpci_irq_base', 0, 0xffffffff),
    cpuResetAddress: o.num('cpu_reset_address', 0),
    msgReplyTimeout: o.num('msg_reply_timeout', 0),
    console: console_(o.get('console')),
  };
}

// The top level of a cell file is a cell plus "kind"; "cellFile" is not a
// separate shape, so check keys here.
function withKind(v: Val): Obj {
  if (!isMap(v.node)) v.fail('a mapping');
  const stripped = new Val(v.ctx, v.node.clone() as YNode, v.path, v.at);
  if (isMap(stripped.node)) stripped.node.delete('kind');
  return stripped.map('cell');
}

function system(v: Val): SystemConfig {
  const o = v.map('system');
  const hm = o.need('hypervisor_memory').map('hypervisorMemory');
  return {
    flags: o.flags('flags', S.SYS_FLAGS),
    hypervisorMemory: {
      physStart: hm.need('phys_start').num(),
      virtStart: hm.num('virt_start', 0),
      size: hm.need('size').num(),
      flags: hm.flags('flags', S.MEM_FLAGS),
    },
    debugConsole: console_(o.get('debug_console')),
    platformInfo: platformInfo(o.need('platform_info')),
    rootCell: cell(o.need('root_cell'), false),
  };
}

function parse(text: string, file: string): { ctx: Ctx; root: Val } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, intAsBigInt: true, uniqueKeys: true, prettyErrors: false });
  const ctx: Ctx = { file, lc, doc };
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new ConfigError({ file, line, field: 'syntax', expected: 'valid YAML or JSON', got: err.message.split('\n')[0] });
  }
  return { ctx, root: new Val(ctx, (doc.contents as YNode | null) ?? null, '') };
}

/** The config model of a YAML or JSON source; the kind comes from its "kind" key. */
export function compileConfig(text: string, file: string): AnyConfig {
  const parsed = parse(text, file);
  const ctx = parsed.ctx, root: Val = parsed.root;
  if (!isMap(root.node)) root.fail('a mapping with "kind: system" or "kind: cell"');
  const kindVal = new Val(ctx, (root.node.get('kind', true) as YNode | undefined) ?? null, 'kind', root.node);
  const kind = kindVal.node === null ? kindVal.fail('the key "kind" (system or cell)', 'it is missing') : kindVal.str();
  if (kind === 'system') return { kind: 'system', file, config: system(root) };
  if (kind === 'cell') return { kind: 'cell', file, config: cell(root, true) };
  return kindVal.fail('system or cell');
}

/**
 * Compiles a YAML/JSON source to .cell bytes. Problems the binary checks find
 * (alignment, overlaps, flags) are reported at the line of the source key.
 */
export function buildConfig(text: string, file: string): Uint8Array {
  const cfg = compileConfig(text, file);
  try {
    return cfg.kind === 'system' ? writeSystemConfig(cfg.config, file) : writeCellConfig(cfg.config, file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw sourceError(parse(text, file).ctx, e);
  }
}

/** Maps a binary-layout error ("root_cell.memory_regions[3].size") to the source line of that key. */
function sourceError(ctx: Ctx, e: ConfigError): ConfigError {
  const path: (string | number)[] = [];
  for (const part of e.field.split('.')) {
    const m = /^([a-z_0-9]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) break;
    path.push(m[1] === 'cpu_set' ? 'cpus' : m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  let node: YNode | null = null;
  for (let n = path.length; n >= 0 && !node; n--) {
    const found = n === 0 ? ctx.doc.contents : ctx.doc.getIn(path.slice(0, n), true);
    if (found && typeof found === 'object') node = found as YNode;
  }
  return new ConfigError({ file: ctx.file, line: lineOf(ctx, node), field: e.field, expected: e.expected, got: e.got });
}
