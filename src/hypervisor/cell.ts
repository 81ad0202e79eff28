// Cells: a set of CPUs, memory regions mapped through the cell's own stage-2
// tables, interrupts (the irqchip pin bitmap), MMIO regions the hypervisor
// emulates, and a communication region. Creating a cell takes its resources
// from the root cell; destroying it gives them back.

import type { Bus } from '../machine/bus.js';
import {
  ConfigError, JAILHOUSE_MEM_COMM_REGION, JAILHOUSE_MEM_EXECUTE, JAILHOUSE_MEM_IO, JAILHOUSE_MEM_READ,
  JAILHOUSE_MEM_ROOTSHARED, JAILHOUSE_MEM_WRITE, JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE,
  JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED, isSubpage, readCellConfig, cellConfigSize, layout,
  type CellConfig, type MemoryRegion,
} from '../config/index.js';
import { PAGE_SIZE, PagingError, Stage2Tables, type Stage2Flags } from './paging.js';
import { MmioRegions, subpageHandler } from './mmio.js';
import { CommRegion } from './comm-region.js';
import { GICC_SIZE, GICD_SIZE, GICH_SIZE, irqInCell } from './irqchip.js';
import {
  E2BIG, EBUSY, EEXIST, EINVAL, ENOMEM, EPERM, JAILHOUSE_CELL_RUNNING, JAILHOUSE_CELL_SHUT_DOWN,
  JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE, JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED, JAILHOUSE_MSG_RECONFIG_COMPLETED,
  PSCI_INVALID_ADDRESS,
} from './abi.js';
import { HypervisorError, type Hypervisor, type PerCpu } from './hypervisor.js';

/** A cell config may span this many pages of root memory (Jailhouse's temporary mapping). */
const MAX_CONFIG_PAGES = 16;
const S2AP_READ = 1 << 6;

export class Cell {
  /** One bit per interrupt ID the cell owns (1024). */
  readonly irqBitmap = new Uint32Array(32);
  readonly mmio = new MmioRegions();
  /** Physical CPU numbers, ascending. */
  readonly cpus: number[];
  /** LOADABLE regions are mapped back into the root cell for loading images. */
  loadable = false;
  private rootState = JAILHOUSE_CELL_RUNNING;

  constructor(readonly config: CellConfig, readonly id: number, readonly stage2: Stage2Tables,
    readonly comm: CommRegion | null) {
    this.cpus = [...config.cpus].sort((a, b) => a - b);
  }

  get name(): string { return this.config.name; }
  get isRoot(): boolean { return this.comm === null; }
  get state(): number { return this.comm !== null ? this.comm.cellState : this.rootState; }
  setState(s: number): void {
    if (this.comm !== null) this.comm.cellState = s;
    else this.rootState = s;
  }
}

type Range = [start: number, end: number];

function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

/** [start, end) minus the holes, as ranges. */
function subtract(start: number, end: number, holes: Range[]): Range[] {
  let pieces: Range[] = [[start, end]];
  for (const [h0, h1] of holes) {
    const next: Range[] = [];
    for (const [p0, p1] of pieces) {
      if (!overlaps(p0, p1, h0, h1)) { next.push([p0, p1]); continue; }
      if (p0 < h0) next.push([p0, h0]);
      if (h1 < p1) next.push([h1, p1]);
    }
    pieces = next;
  }
  return pieces;
}

function s2flags(flags: number): Stage2Flags {
  return {
    read: (flags & JAILHOUSE_MEM_READ) !== 0,
    write: (flags & JAILHOUSE_MEM_WRITE) !== 0,
    exec: (flags & JAILHOUSE_MEM_EXECUTE) !== 0,
    device: (flags & JAILHOUSE_MEM_IO) !== 0,
  };
}

/** Physical ranges no cell may map: the hypervisor's memory and the GIC's distributor and control interfaces. */
export function protectedRanges(hv: Hypervisor): { range: Range; what: string }[] {
  const arm = hv.system.platformInfo.arm;
  const hvm = hv.system.hypervisorMemory;
  const out: { range: Range; what: string }[] = [
    { range: [hvm.physStart, hvm.physStart + hvm.size], what: 'the hypervisor memory' },
  ];
  if (arm.gicdBase) out.push({ range: [arm.gicdBase, arm.gicdBase + GICD_SIZE], what: 'the GIC distributor' });
  if (arm.giccBase) out.push({ range: [arm.giccBase, arm.giccBase + GICC_SIZE], what: 'the GIC CPU interface' });
  if (arm.gichBase) out.push({ range: [arm.gichBase, arm.gichBase + GICH_SIZE], what: 'the GIC virtual interface control' });
  if (arm.gicvBase) out.push({ range: [arm.gicvBase, arm.gicvBase + GICC_SIZE], what: 'the GIC virtual CPU interface' });
  return out;
}

/** Maps phys [p0, p1) of a region into the cell at the region's virtual address, leaving out `holes`. */
function mapPhys(cell: Cell, mem: MemoryRegion, p0: number, p1: number, holes: Range[]): void {
  const f = s2flags(mem.flags);
  for (const [s, e] of subtract(p0, p1, holes)) cell.stage2.map(mem.virtStart + (s - mem.physStart), s, e - s, f);
}

/** Maps one config region into a cell (stage 2, or an MMIO handler for sub-page regions). */
function mapRegion(hv: Hypervisor, cell: Cell, mem: MemoryRegion, holes: Range[]): void {
  if (mem.size === 0) return;
  if (mem.flags & JAILHOUSE_MEM_COMM_REGION) {
    if (cell.comm !== null) cell.stage2.map(mem.virtStart, cell.comm.pa, PAGE_SIZE, s2flags(mem.flags & ~JAILHOUSE_MEM_EXECUTE));
    return;
  }
  if (isSubpage(mem)) {
    cell.mmio.register(mem.virtStart, mem.size, subpageHandler(hv.bus, mem));
    return;
  }
  mapPhys(cell, mem, mem.physStart, mem.physStart + mem.size, holes);
}

/** The GIC: the distributor is trapped and emulated, the virtual CPU interface appears at the CPU interface's address. */
function mapIrqchip(hv: Hypervisor, cell: Cell): void {
  const arm = hv.system.platformInfo.arm;
  cell.mmio.register(arm.gicdBase, GICD_SIZE, (a) => hv.irqchip.handleDistAccess(cell, hv.current!, a));
  if (hv.irqchip.present && arm.gicvBase && arm.giccBase) {
    cell.stage2.map(arm.giccBase, arm.gicvBase, GICC_SIZE, { read: true, write: true, exec: false, device: true });
  }
}

/** The root cell: identity stage 2 of its regions minus the hypervisor's and the GIC's. */
export function buildRootCell(hv: Hypervisor): Cell {
  const cfg = hv.system.rootCell;
  const cell = new Cell(cfg, cfg.id, new Stage2Tables(hv.bus, hv.pool), null);
  const holes = protectedRanges(hv).map((p) => p.range);
  for (const mem of cfg.memoryRegions) mapRegion(hv, cell, mem, holes);
  const err = hv.irqchip.buildBitmap(cell);
  if (err !== null) throw new HypervisorError(`root cell: ${err}`);
  mapIrqchip(hv, cell);
  const pciErr = hv.pci.cellInit(cell);
  if (pciErr !== null) throw new HypervisorError(`root cell: ${pciErr[1]}`);
  return cell;
}

/** Frees a cell's stage-2 tables and communication page. */
export function releaseCellMemory(hv: Hypervisor, cell: Cell): void {
  cell.stage2.destroy();
  if (cell.comm !== null) hv.pool.release(cell.comm.pa);
}

/** Copies `len` bytes from a cell's guest-physical memory (through its stage 2); null if any page is not readable. */
export function readGuestBytes(bus: Bus, cell: Cell, ipa: number, len: number): Uint8Array | null {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const addr = ipa + done;
    const t = cell.stage2.lookup(addr);
    if (t === null || (t.lo & S2AP_READ) === 0) return null;
    const n = Math.min(len - done, PAGE_SIZE - (addr % PAGE_SIZE));
    const ram = bus.ramAt(t.pa);
    if (!ram) return null;
    out.set(ram.u8.subarray(t.pa - ram.base, t.pa - ram.base + n), done);
    done += n;
  }
  return out;
}

/** Regions of non-root cells that own their physical memory (everything but comm regions and root-shared ones). */
function ownedRegions(hv: Hypervisor, except: Cell | null): { cell: Cell; mem: MemoryRegion; index: number }[] {
  const out: { cell: Cell; mem: MemoryRegion; index: number }[] = [];
  for (const c of hv.cells) {
    if (c.isRoot || c === except) continue;
    c.config.memoryRegions.forEach((mem, index) => {
      if ((mem.flags & JAILHOUSE_MEM_COMM_REGION) === 0 && mem.size > 0) out.push({ cell: c, mem, index });
    });
  }
  return out;
}

/**
 * Maps the part of phys [start, start + size) that the root cell's config
 * covers back into the root cell, with the root's attributes; memory other
 * cells than `owner` hold stays out.
 */
export function remapToRoot(hv: Hypervisor, start: number, size: number, owner: Cell | null = null): void {
  const root = hv.root;
  const holes = protectedRanges(hv).map((p) => p.range);
  for (const o of ownedRegions(hv, owner)) {
    if ((o.mem.flags & JAILHOUSE_MEM_ROOTSHARED) === 0) holes.push([o.mem.physStart, o.mem.physStart + o.mem.size]);
  }
  for (const rm of root.config.memoryRegions) {
    if (rm.size === 0 || (rm.flags & JAILHOUSE_MEM_COMM_REGION)) continue;
    const o0 = Math.max(start, rm.physStart), o1 = Math.min(start + size, rm.physStart + rm.size);
    if (o0 >= o1) continue;
    if (isSubpage(rm)) {
      if (!root.mmio.has(rm.virtStart)) root.mmio.register(rm.virtStart, rm.size, subpageHandler(hv.bus, rm));
      continue;
    }
    // A sub-page part of a root page never left the root cell (sub-page regions are not unmapped).
    if (o0 % PAGE_SIZE !== 0 || o1 % PAGE_SIZE !== 0) continue;
    mapPhys(root, rm, o0, o1, holes);
  }
}

/** Takes a region away from the root cell (whose IPA space is the physical one). */
export function unmapFromRoot(hv: Hypervisor, mem: MemoryRegion): void {
  if (isSubpage(mem)) {
    hv.root.mmio.unregister(mem.physStart);
    return;
  }
  hv.root.stage2.unmap(mem.physStart, mem.size);
}

/** The root's interrupts: those of its config not owned by a non-root cell. */
export function recomputeRootIrqs(hv: Hypervisor): void {
  const root = hv.root;
  hv.irqchip.buildBitmap(root);
  for (const c of hv.cells) {
    if (c.isRoot) continue;
    for (let w = 1; w < 32; w++) root.irqBitmap[w] &= ~c.irqBitmap[w];
  }
}

export function findCell(hv: Hypervisor, id: number): Cell | undefined {
  return hv.cells.find((c) => c.id === id);
}

function hex(n: number): string { return '0x' + n.toString(16); }

/** A refusal: the reason goes to the console and to the driver; the result is the error code. */
export function refuse(hv: Hypervisor, what: string, err: number, reason: string): number {
  hv.lastError = reason;
  hv.console.print(`${what}: ${reason}\n`);
  return -err;
}

/** Checks a new cell's config against the machine and the other cells; null when acceptable. */
function checkNewCell(hv: Hypervisor, caller: PerCpu, cfg: CellConfig): [number, string] | null {
  for (const c of hv.cells) {
    if (c.name === cfg.name) return [EEXIST, `a cell named "${cfg.name}" exists`];
    if (c.id === cfg.id) return [EEXIST, `cell ID ${cfg.id} is taken by cell "${c.name}"`];
  }
  if (cfg.id > 0xff) return [E2BIG, `cell ID ${cfg.id} does not fit the 8-bit VMID`];
  if (cfg.cpus.length === 0) return [EINVAL, 'the cell has no CPUs'];
  for (const c of cfg.cpus) {
    if (c === caller.index) return [EBUSY, `CPU ${c} is the one issuing the hypercall`];
    if (!hv.root.cpus.includes(c)) {
      const owner = hv.cells.find((x) => x.cpus.includes(c));
      return [EBUSY, owner ? `CPU ${c} belongs to cell "${owner.name}"` : `CPU ${c} is not a CPU of the root cell`];
    }
  }
  const prot = protectedRanges(hv);
  const others = ownedRegions(hv, null);
  let commRegions = 0;
  for (let i = 0; i < cfg.memoryRegions.length; i++) {
    const mem = cfg.memoryRegions[i];
    if (mem.size === 0) continue;
    if (mem.flags & JAILHOUSE_MEM_COMM_REGION) {
      if (++commRegions > 1) return [EINVAL, `memory region ${i} is a second communication region`];
      continue;
    }
    const p0 = mem.physStart, p1 = mem.physStart + mem.size;
    for (const p of prot) {
      if (overlaps(p0, p1, p.range[0], p.range[1])) {
        return [EINVAL, `memory region ${i} (${hex(p0)}..${hex(p1 - 1)}) overlaps ${p.what} ` +
          `(${hex(p.range[0])}..${hex(p.range[1] - 1)})`];
      }
    }
    for (const o of others) {
      const q0 = o.mem.physStart, q1 = q0 + o.mem.size;
      if (!overlaps(p0, p1, q0, q1)) continue;
      if ((mem.flags & JAILHOUSE_MEM_ROOTSHARED) && (o.mem.flags & JAILHOUSE_MEM_ROOTSHARED)) continue;
      return [EBUSY, `memory region ${i} (${hex(p0)}..${hex(p1 - 1)}) overlaps memory region ${o.index} ` +
        `(${hex(q0)}..${hex(q1 - 1)}) of cell "${o.cell.name}"`];
    }
  }
  return null;
}

/**
 * CELL_CREATE: reads the config from root memory at `configIpa`, checks it,
 * builds the cell and moves its CPUs, memory and interrupts out of the root
 * cell. Nothing changes unless everything succeeds.
 */
export function createCell(hv: Hypervisor, caller: PerCpu, configIpa: number): number {
  const what = 'Cell creation refused';
  if (caller.cell !== hv.root) return refuse(hv, what, EPERM, `only the root cell may create cells (CPU ${caller.index} is in "${caller.cell.name}")`);
  const head = readGuestBytes(hv.bus, hv.root, configIpa, layout.CELL_DESC_SIZE);
  if (head === null) return refuse(hv, what, ENOMEM, `the config at ${hex(configIpa)} is not in root cell memory`);
  const dv = new DataView(head.buffer);
  const o = layout.CellOff;
  const total = cellConfigSize({
    cpuSetSize: dv.getUint32(o.cpuSetSize, true), numMemoryRegions: dv.getUint32(o.numMemoryRegions, true),
    numCacheRegions: dv.getUint32(o.numCacheRegions, true), numIrqchips: dv.getUint32(o.numIrqchips, true),
    numPioRegions: dv.getUint32(o.numPioRegions, true), numPciDevices: dv.getUint32(o.numPciDevices, true),
    numPciCaps: dv.getUint32(o.numPciCaps, true), numStreamIds: dv.getUint32(o.numStreamIds, true),
  });
  if ((configIpa % PAGE_SIZE) + total > MAX_CONFIG_PAGES * PAGE_SIZE) {
    return refuse(hv, what, E2BIG, `the config at ${hex(configIpa)} is ${total} bytes, more than ${MAX_CONFIG_PAGES} pages`);
  }
  const bytes = readGuestBytes(hv.bus, hv.root, configIpa, total);
  if (bytes === null) return refuse(hv, what, ENOMEM, `the config at ${hex(configIpa)}+${hex(total)} is not in root cell memory`);
  let cfg: CellConfig;
  try {
    cfg = readCellConfig(bytes, `cell config at ${hex(configIpa)}`);
  } catch (e) {
    if (e instanceof ConfigError) return refuse(hv, what, EINVAL, e.message);
    throw e;
  }
  const named = `Cell "${cfg.name}" refused`;
  const problem = checkNewCell(hv, caller, cfg);
  if (problem !== null) return refuse(hv, named, problem[0], problem[1]);

  // Build the cell's own structures first; the root is untouched until they exist.
  let cell: Cell | null = null;
  let stage2: Stage2Tables | null = null;
  let commPa = -1;
  const poolUsed = hv.pool.used;
  try {
    stage2 = new Stage2Tables(hv.bus, hv.pool);
    commPa = hv.pool.alloc();
    cell = new Cell(cfg, cfg.id, stage2, new CommRegion(hv.bus, commPa));
    const err = hv.irqchip.buildBitmap(cell);
    if (err !== null) {
      releaseCellMemory(hv, cell);
      return refuse(hv, named, EINVAL, err);
    }
    for (const c of hv.cells) {
      if (c.isRoot) continue;
      for (let irq = 32; irq < 1024; irq++) {
        if (irqInCell(cell, irq) && irqInCell(c, irq)) {
          releaseCellMemory(hv, cell);
          return refuse(hv, named, EBUSY, `interrupt ${irq} belongs to cell "${c.name}"`);
        }
      }
    }
    const holes = protectedRanges(hv).map((p) => p.range);
    for (const mem of cfg.memoryRegions) mapRegion(hv, cell, mem, holes);
    mapIrqchip(hv, cell);
    // Last: attaching PCI devices links them to other cells' (nothing after it may fail).
    const pciErr = hv.pci.cellInit(cell);
    if (pciErr !== null) {
      releaseCellMemory(hv, cell);
      return refuse(hv, named, pciErr[0], pciErr[1]);
    }
  } catch (e) {
    if (!(e instanceof PagingError)) throw e;
    const taken = hv.pool.used - poolUsed;
    if (cell !== null) releaseCellMemory(hv, cell);
    else {
      stage2?.destroy();
      if (commPa >= 0) hv.pool.release(commPa);
    }
    return refuse(hv, named, ENOMEM, `out of hypervisor memory (the cell needed more than ${taken} pages)`);
  }

  // Move the CPUs: parked, out of the root cell, virtual IDs by position.
  const root = hv.root;
  cfg.cpus.forEach((c, pos) => {
    const cpu = hv.cpus[c];
    root.cpus.splice(root.cpus.indexOf(c), 1);
    cpu.cell = cell!;
    cpu.virtId = pos;
    cpu.stats.clear();
    cpu.failed = false;
    cpu.cpuOnEntry = pos === 0 ? cfg.cpuResetAddress : PSCI_INVALID_ADDRESS;
    hv.park(cpu);
  });
  // The memory leaves the root cell (the comm region is the hypervisor's, root-shared regions stay).
  try {
    for (const mem of cfg.memoryRegions) {
      if (mem.size === 0 || (mem.flags & (JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_ROOTSHARED))) continue;
      unmapFromRoot(hv, mem);
    }
  } catch (e) {
    if (!(e instanceof PagingError)) throw e;
    hv.console.print('WARNING: out of hypervisor memory while unmapping the cell from the root cell\n');
  }
  hv.cells.push(cell);
  for (let w = 1; w < 32; w++) root.irqBitmap[w] &= ~cell.irqBitmap[w];
  hv.irqchip.configCommit([cell, root]);
  hv.flushCellTlbs(root);
  cell.setState(JAILHOUSE_CELL_SHUT_DOWN);
  for (const c of hv.cells) if (c !== cell && c.comm !== null) c.comm.sendMessage(JAILHOUSE_MSG_RECONFIG_COMPLETED);
  hv.console.print(`Created cell "${cfg.name}"\n`);
  hv.printPoolUsage('after cell creation');
  return 0;
}

/** Comm region flags a cell starts with. */
export function commFlags(cfg: CellConfig): number {
  let f = 0;
  if (cfg.flags & (JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED | JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)) f |= JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED;
  if (cfg.flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE) f |= JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE;
  return f;
}

/** Tears a cell down: CPUs parked and back to the root, memory and interrupts back to the root. */
export function destroyCellInternal(hv: Hypervisor, cell: Cell): void {
  const root = hv.root;
  for (const c of cell.cpus) {
    const cpu = hv.cpus[c];
    cpu.cell = root;
    cpu.virtId = c;
    cpu.failed = false;
    cpu.stats.clear();
    cpu.cpuOnEntry = PSCI_INVALID_ADDRESS;
    hv.park(cpu);
    root.cpus.push(c);
  }
  root.cpus.sort((a, b) => a - b);
  hv.irqchip.cellReset(cell);
  hv.pci.cellExit(cell);
  hv.cells.splice(hv.cells.indexOf(cell), 1);
  for (const mem of cell.config.memoryRegions) {
    if (mem.size === 0 || (mem.flags & (JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_ROOTSHARED))) continue;
    remapToRoot(hv, mem.physStart, mem.size);
  }
  recomputeRootIrqs(hv);
  hv.irqchip.configCommit([root]);
  releaseCellMemory(hv, cell);
  hv.flushCellTlbs(root);
  for (const c of hv.cells) if (c.comm !== null) c.comm.sendMessage(JAILHOUSE_MSG_RECONFIG_COMPLETED);
}
