// The config checker: what Jailhouse's `jailhouse config check` does (overlaps
// inside a cell, overlaps with the hypervisor's memory) plus the rules that
// Jailhouse enforces only at cell creation (CPUs and interrupts are taken from
// the root cell, memory is taken from the root cell, nothing is owned twice).
// Each finding names both configs, both regions and the field.

import { hex } from './errors.js';
import { readCellConfig, readSystemConfig, configKind } from './read.js';
import { ConfigError } from './errors.js';
import { compileConfig } from './yaml.js';
import {
  JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE, JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED, JAILHOUSE_MEM_COMM_REGION,
  JAILHOUSE_MEM_EXECUTE, JAILHOUSE_MEM_IO, JAILHOUSE_MEM_LOADABLE, JAILHOUSE_MEM_ROOTSHARED,
  type AnyConfig, type CellConfig, type Finding, type MemoryRegion, type SystemConfig,
} from './types.js';

export interface Named<T> {
  file: string;
  config: T;
}

interface CellRef {
  file: string;
  /** "root_cell." for the root cell inside a system config, "" for a cell file. */
  prefix: string;
  cell: CellConfig;
  root: boolean;
}

function span(start: number, size: number): string {
  return `${hex(start)}..${hex(start + size - 1)}`;
}

function regionName(c: CellRef, i: number, m: MemoryRegion, side: 'phys' | 'virt' = 'phys'): string {
  const s = side === 'phys' ? m.physStart : m.virtStart;
  return `${c.file} ${c.prefix}memory_regions[${i}] (${side} ${span(s, m.size)})`;
}

function overlaps(a0: number, as: number, b0: number, bs: number): boolean {
  return as > 0 && bs > 0 && a0 < b0 + bs && b0 < a0 + as;
}

/** Regions with a physical address: the comm region's phys_start is unused, empty entries are placeholders. */
function physical(m: MemoryRegion): boolean {
  return m.size > 0 && (m.flags & JAILHOUSE_MEM_COMM_REGION) === 0;
}

/** Parts of [start, start+size) not covered by `cover`, as [start, end) pairs. */
function uncovered(start: number, size: number, cover: [number, number][]): [number, number][] {
  let pieces: [number, number][] = [[start, start + size]];
  for (const [c0, c1] of cover) {
    const next: [number, number][] = [];
    for (const [p0, p1] of pieces) {
      if (c1 <= p0 || c0 >= p1) { next.push([p0, p1]); continue; }
      if (p0 < c0) next.push([p0, c0]);
      if (c1 < p1) next.push([c1, p1]);
    }
    pieces = next;
  }
  return pieces;
}

function cpuList(cpus: number[]): string {
  return cpus.join(', ');
}

/** Checks a system config and the cell configs meant to run on it. */
export function checkConfigs(system: Named<SystemConfig>, cells: Named<CellConfig>[]): Finding[] {
  const out: Finding[] = [];
  const add = (severity: Finding['severity'], code: string, files: string[], message: string): void => {
    out.push({ severity, code, files: [...new Set(files)], message });
  };
  const root: CellRef = { file: system.file, prefix: 'root_cell.', cell: system.config.rootCell, root: true };
  const others: CellRef[] = cells.map((c) => ({ file: c.file, prefix: '', cell: c.config, root: false }));
  const all = [root, ...others];
  const hv = system.config.hypervisorMemory;

  // Inside each cell: regions must not overlap, physically or in the guest's address space.
  for (const c of all) {
    const regs = c.cell.memoryRegions;
    for (let i = 0; i < regs.length; i++) {
      for (let j = i + 1; j < regs.length; j++) {
        const a = regs[i]!, b = regs[j]!;
        if (physical(a) && physical(b) && overlaps(a.physStart, a.size, b.physStart, b.size)) {
          add('error', 'overlap-in-cell', [c.file], `cell "${c.cell.name}": ${regionName(c, i, a)} and ${c.prefix}memory_regions[${j}] (phys ${span(b.physStart, b.size)}) overlap physically (field phys_start/size)`);
        }
        if (overlaps(a.virtStart, a.size, b.virtStart, b.size)) {
          add('error', 'overlap-in-cell', [c.file], `cell "${c.cell.name}": ${regionName(c, i, a, 'virt')} and ${c.prefix}memory_regions[${j}] (virt ${span(b.virtStart, b.size)}) overlap in the guest address space (field virt_start/size)`);
        }
      }
    }
    // Nothing may reach the hypervisor's own memory.
    regs.forEach((m, i) => {
      if (physical(m) && overlaps(m.physStart, m.size, hv.physStart, hv.size)) {
        add('error', 'overlap-hypervisor', [c.file, system.file], `cell "${c.cell.name}": ${regionName(c, i, m)} overlaps ${system.file} hypervisor_memory (phys ${span(hv.physStart, hv.size)}) (field phys_start/size)`);
      }
    });
  }

  // Non-root memory is taken from the root cell, so it must be root memory.
  const rootCover: [number, number][] = root.cell.memoryRegions.filter(physical).map((m) => [m.physStart, m.physStart + m.size]);
  for (const c of others) {
    c.cell.memoryRegions.forEach((m, i) => {
      if (!physical(m)) return;
      const gaps = uncovered(m.physStart, m.size, rootCover);
      if (gaps.length === 0) return;
      const near = root.cell.memoryRegions
        .map((r, k) => ({ r, k }))
        .filter(({ r }) => physical(r) && overlaps(r.physStart, r.size, m.physStart, m.size))
        .map(({ r, k }) => regionName(root, k, r));
      const io = (m.flags & JAILHOUSE_MEM_IO) !== 0;
      add(io ? 'warning' : 'error', 'not-in-root', [c.file, system.file],
        `cell "${c.cell.name}": ${regionName(c, i, m)} is not inside the root cell's memory regions in ${system.file}` +
        ` (uncovered phys ${gaps.map(([a, b]) => span(a, b - a)).join(', ')}` +
        (near.length ? `; partly covered by ${near.join(', ')}` : '') + ') (field phys_start/size)');
    });
  }

  // Between non-root cells: memory is exclusive unless both sides share it with the root cell.
  for (let x = 0; x < others.length; x++) {
    for (let y = x + 1; y < others.length; y++) {
      const cx = others[x]!, cy = others[y]!;
      cx.cell.memoryRegions.forEach((a, i) => {
        cy.cell.memoryRegions.forEach((b, j) => {
          if (!physical(a) || !physical(b) || !overlaps(a.physStart, a.size, b.physStart, b.size)) return;
          if (a.flags & b.flags & JAILHOUSE_MEM_ROOTSHARED) return;
          add('error', 'overlap-between-cells', [cx.file, cy.file],
            `cells "${cx.cell.name}" and "${cy.cell.name}": ${regionName(cx, i, a)} and ${regionName(cy, j, b)} overlap physically and are not both rootshared (field phys_start/size)`);
        });
      });
    }
  }

  // CPUs: a subset of the root cell's, never two cells, and the root keeps one.
  const rootCpus = new Set(root.cell.cpus);
  const owner = new Map<number, CellRef>();
  for (const c of others) {
    const foreign = c.cell.cpus.filter((cpu) => !rootCpus.has(cpu));
    if (foreign.length) {
      add('error', 'cpu-not-in-root', [c.file, system.file], `cell "${c.cell.name}": ${c.file} cpu_set has CPU ${cpuList(foreign)}, not in the root cell's cpu_set (${cpuList(root.cell.cpus)}) in ${system.file}`);
    }
    for (const cpu of c.cell.cpus) {
      const prev = owner.get(cpu);
      if (prev) add('error', 'cpu-shared', [prev.file, c.file], `CPU ${cpu} is in the cpu_set of both "${prev.cell.name}" (${prev.file}) and "${c.cell.name}" (${c.file})`);
      else owner.set(cpu, c);
    }
  }
  if (others.length && root.cell.cpus.every((cpu) => owner.has(cpu))) {
    add('error', 'root-without-cpu', [system.file, ...others.map((c) => c.file)], `the non-root cells take every CPU of the root cell (${cpuList(root.cell.cpus)}) in ${system.file}; the root cell must keep one`);
  }

  // Interrupts: pins come from the root cell's irqchip with the same address, and belong to one cell.
  const rootPins = new Map<number, Set<number>>();
  for (const chip of root.cell.irqchips) {
    const set = rootPins.get(chip.address) ?? new Set<number>();
    chip.pinBitmap.forEach((w, k) => { for (let b = 0; b < 32; b++) if ((w >>> b) & 1) set.add(chip.pinBase + 32 * k + b); });
    rootPins.set(chip.address, set);
  }
  const gicd = system.config.platformInfo.arm.gicdBase;
  root.cell.irqchips.forEach((chip, i) => {
    if (chip.address !== gicd) add('warning', 'irqchip-address', [system.file], `${system.file} root_cell.irqchips[${i}].address ${hex(chip.address)} is not the GIC distributor platform_info.arm.gicd_base ${hex(gicd)}`);
  });
  const pinOwner = new Map<string, { c: CellRef; i: number }>();
  for (const c of others) {
    c.cell.irqchips.forEach((chip, i) => {
      const field = `${c.file} irqchips[${i}]`;
      const avail = rootPins.get(chip.address);
      if (!avail) {
        add('error', 'irqchip-not-in-root', [c.file, system.file], `cell "${c.cell.name}": ${field}.address ${hex(chip.address)} matches no irqchip of the root cell in ${system.file}`);
        return;
      }
      const missing: number[] = [];
      chip.pinBitmap.forEach((w, k) => {
        for (let b = 0; b < 32; b++) {
          if (!((w >>> b) & 1)) continue;
          const pin = chip.pinBase + 32 * k + b;
          if (!avail.has(pin)) missing.push(pin);
          const key = `${chip.address}:${pin}`;
          const prev = pinOwner.get(key);
          if (prev && prev.c !== c) {
            add('error', 'irq-shared', [prev.c.file, c.file], `interrupt ${pin} is in the pin_bitmap of both ${prev.c.file} irqchips[${prev.i}] ("${prev.c.cell.name}") and ${field} ("${c.cell.name}")`);
          } else if (!prev) {
            pinOwner.set(key, { c, i });
          }
        }
      });
      if (missing.length) {
        add('error', 'irq-not-in-root', [c.file, system.file], `cell "${c.cell.name}": ${field}.pin_bitmap has interrupt ${missing.join(', ')}, not owned by the root cell's irqchip at ${hex(chip.address)} in ${system.file}`);
      }
    });
  }

  // Cell names identify cells to the hypervisor and the tools.
  const names = new Map<string, CellRef>();
  for (const c of all) {
    const prev = names.get(c.cell.name);
    if (prev) add('error', 'duplicate-name', [prev.file, c.file], `cell name "${c.cell.name}" is used by both ${prev.file} and ${c.file}`);
    else names.set(c.cell.name, c);
  }

  for (const c of others) checkInmateCell(c, add);
  return out;
}

/** Warnings for a non-root cell that could not start or talk to the root cell as configured. */
function checkInmateCell(c: CellRef, add: (s: Finding['severity'], code: string, files: string[], msg: string) => void): void {
  const regs = c.cell.memoryRegions;
  const name = `cell "${c.cell.name}" (${c.file})`;
  if (!regs.some((m) => m.flags & JAILHOUSE_MEM_COMM_REGION)) {
    add('warning', 'no-comm-region', [c.file], `${name} has no memory region with comm_region; the hypervisor cannot talk to it`);
  }
  if (!regs.some((m) => m.flags & JAILHOUSE_MEM_LOADABLE)) {
    add('warning', 'no-loadable-region', [c.file], `${name} has no loadable memory region; no image can be loaded into it`);
  }
  const reset = c.cell.cpuResetAddress;
  if (!regs.some((m) => (m.flags & JAILHOUSE_MEM_EXECUTE) && reset >= m.virtStart && reset < m.virtStart + m.size)) {
    add('warning', 'reset-address', [c.file], `${name} cpu_reset_address ${hex(reset)} is in no executable memory region of the cell`);
  }
  const con = c.cell.console;
  const virtualCon = (c.cell.flags & (JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE | JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED)) !== 0;
  if (con.type !== 0 && !virtualCon && !regs.some((m) => (m.flags & JAILHOUSE_MEM_IO) && con.address >= m.virtStart && con.address < m.virtStart + m.size)) {
    add('warning', 'console-unmapped', [c.file], `${name} console.address ${hex(con.address)} is in no I/O memory region of the cell`);
  }
}

/** Loads a config by content: .cell binaries by signature, anything else as a YAML/JSON source. */
export function loadConfig(bytes: Uint8Array, file: string): AnyConfig {
  const kind = configKind(bytes);
  if (kind === 'system') return { kind, file, config: readSystemConfig(bytes, file) };
  if (kind === 'cell') return { kind, file, config: readCellConfig(bytes, file) };
  if (/\.(ya?ml|json)$/i.test(file)) return compileConfig(new TextDecoder().decode(bytes), file);
  throw new ConfigError({ file, offset: 0, field: 'signature', expected: '"JHSYST" or "JHCELL" (or a .yaml/.json source)', got: JSON.stringify(String.fromCharCode(...bytes.subarray(0, 6))) });
}

/**
 * The `config check SYSTEM [CELL...]` command's work: loads each file (binary
 * or source), requires the first to be a system config and the rest cells.
 * Load problems throw ConfigError; semantic problems come back as findings.
 */
export function checkConfigFiles(files: { file: string; bytes: Uint8Array }[]): Finding[] {
  if (files.length === 0) throw new ConfigError({ file: '(none)', field: 'arguments', expected: 'a system config, then cell configs' });
  const loaded = files.map((f) => loadConfig(f.bytes, f.file));
  const [sys, ...rest] = loaded;
  if (sys!.kind !== 'system') throw new ConfigError({ file: sys!.file, offset: 0, field: 'signature', expected: 'a system config (JHSYST) first', got: 'a cell config' });
  const cells = rest.map((c) => {
    if (c.kind !== 'cell') throw new ConfigError({ file: c.file, offset: 0, field: 'signature', expected: 'a cell config (JHCELL) after the system config', got: 'a system config' });
    return { file: c.file, config: c.config };
  });
  return checkConfigs({ file: sys!.file, config: sys!.config }, cells);
}

/** One line per finding, as the CLI prints them. */
export function formatFinding(f: Finding): string {
  return `${f.severity}: [${f.code}] ${f.message}`;
}
