// Structured tracing of what the hypervisor and the firmware do: hypercalls,
// Hyp traps, emulated MMIO accesses, physical interrupts and their injection,
// PSCI calls. The hypervisor and the firmware hold a `Tracer | null` and call
// it only behind a null check with plain numbers, so tracing costs nothing
// while it is off; a TraceWriter turns the calls into events with the virtual
// time, CPU and cell, and formats them as text lines or JSON lines.

import type { Machine } from '../machine/machine.js';
import type { PsciTracer } from '../firmware/psci.js';
import {
  PSCI_AFFINITY_INFO, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_CPU_SUSPEND, PSCI_FEATURES, PSCI_MIGRATE,
  PSCI_MIGRATE_INFO_TYPE, PSCI_MIGRATE_INFO_UP_CPU, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_VERSION,
} from '../firmware/psci.js';
import { HYPERCALL_NAMES, errnoName } from './abi.js';
import type { Hypervisor } from './hypervisor.js';

export const TRACE_KINDS = ['hypercall', 'trap', 'mmio', 'irq', 'psci'] as const;
export type TraceKind = typeof TRACE_KINDS[number];

/**
 * What happened to a physical interrupt: acknowledged in Hyp mode (`taken`;
 * `maintenance` for the GIC's maintenance interrupt), written into a list
 * register (`inject`), queued for a CPU until a list register is free or the
 * CPU takes the hypervisor's SGI (`queue`), or not the cell's (`drop`).
 */
export type IrqAction = 'taken' | 'maintenance' | 'inject' | 'queue' | 'drop';
export type PsciSource = 'firmware' | 'hypervisor';

/**
 * The calls the hypervisor makes. `cpu` is the physical CPU the event
 * happens on; values are unsigned 32-bit unless said otherwise.
 */
export interface Tracer extends PsciTracer {
  /** `result` is r0 as a signed number, or null when the caller now waits for a cell; `resumed` when it finished after waiting. */
  hypercall(cpu: number, code: number, arg1: number, arg2: number, result: number | null, resumed: boolean): void;
  /** A Hyp trap: the syndrome (HSR) and the address of the trapped instruction. */
  trap(cpu: number, hsr: number, pc: number): void;
  /** A trapped data access; `value` null when unknown (no syndrome, or a read nobody answered); `by` names the emulation, or 'violation'. */
  mmio(cpu: number, address: number, size: number, isWrite: boolean, value: number | null, by: string): void;
  /** `target` is the CPU the interrupt is for, `lr` the list register (-1: none). */
  irq(cpu: number, action: IrqAction, irq: number, target: number, lr: number): void;
}

// ------------------------------------------------------------ events

interface EventBase {
  /** Virtual time in ns (of the CPU's own clock). */
  ns: number;
  cpu: number;
  cell: string;
}

export interface HypercallEvent extends EventBase {
  kind: 'hypercall';
  code: number;
  name: string;
  args: [number, number];
  result: number | null;
  resumed: boolean;
}

export interface TrapEvent extends EventBase {
  kind: 'trap';
  ec: number;
  name: string;
  iss: number;
  pc: number;
}

export interface MmioEvent extends EventBase {
  kind: 'mmio';
  address: number;
  size: number;
  write: boolean;
  value: number | null;
  by: string;
}

export interface IrqEvent extends EventBase {
  kind: 'irq';
  action: IrqAction;
  irq: number;
  /** For inject and queue: the receiving CPU and its cell; the list register for inject. */
  toCpu: number | null;
  toCell: string | null;
  lr: number | null;
}

export interface PsciEvent extends EventBase {
  kind: 'psci';
  by: PsciSource;
  fn: number;
  name: string;
  args: number[];
  result: number;
}

export type TraceEvent = HypercallEvent | TrapEvent | MmioEvent | IrqEvent | PsciEvent;

/** Where events happen: the virtual time of a CPU and the cell it belongs to. */
export interface TraceContext {
  timeNs(cpu: number): number;
  cellOf(cpu: number): string;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Time and cell of a machine's CPUs: each CPU's own cycle count (cores run
 * ahead of each other within a round), the cell from the hypervisor while it
 * is enabled, 'root' otherwise.
 */
export function machineContext(machine: Machine, hypervisor: () => Hypervisor | null): TraceContext {
  const g = gcd(1e9, machine.cpuHz);
  const mul = 1e9 / g, div = machine.cpuHz / g;
  return {
    timeNs: (cpu) => Math.floor(machine.cores[cpu].cycles * mul / div),
    cellOf: (cpu) => {
      const hv = hypervisor();
      if (hv === null || !hv.enabled) return 'root';
      return hv.cpus[cpu]?.cell.name ?? '-';
    },
  };
}

// ------------------------------------------------------------ names

/** HSR exception classes (ARM ARM B3.13.6). */
const EC_NAMES: Record<number, string> = {
  0x00: 'UNKNOWN', 0x01: 'WFI/WFE', 0x03: 'CP15_32', 0x04: 'CP15_64', 0x05: 'CP14_32', 0x06: 'CP14_LS',
  0x07: 'HCPTR', 0x08: 'CP10_ID', 0x0c: 'CP14_64', 0x11: 'SVC', 0x12: 'HVC', 0x13: 'SMC',
  0x20: 'PABT_LOWER', 0x21: 'PABT_HYP', 0x24: 'DABT_LOWER', 0x25: 'DABT_HYP',
};

export function ecName(ec: number): string {
  return EC_NAMES[ec] ?? `EC_0x${ec.toString(16).padStart(2, '0')}`;
}

/** PSCI functions: name and the number of arguments they take. */
const PSCI_FUNCTIONS: Record<number, [string, number]> = {
  [PSCI_VERSION]: ['VERSION', 0], [PSCI_CPU_SUSPEND]: ['CPU_SUSPEND', 3], [PSCI_CPU_OFF]: ['CPU_OFF', 0],
  [PSCI_CPU_ON]: ['CPU_ON', 3], [PSCI_AFFINITY_INFO]: ['AFFINITY_INFO', 2], [PSCI_MIGRATE]: ['MIGRATE', 1],
  [PSCI_MIGRATE_INFO_TYPE]: ['MIGRATE_INFO_TYPE', 0], [PSCI_MIGRATE_INFO_UP_CPU]: ['MIGRATE_INFO_UP_CPU', 0],
  [PSCI_SYSTEM_OFF]: ['SYSTEM_OFF', 0], [PSCI_SYSTEM_RESET]: ['SYSTEM_RESET', 0], [PSCI_FEATURES]: ['FEATURES', 1],
};
/** Bit 30 of a function ID: the SMC64 form of the same call. */
const SMC64 = 0x40000000;

function psciFunction(fn: number): [string, number] {
  const f = PSCI_FUNCTIONS[(fn & ~SMC64) >>> 0];
  if (f === undefined) return [hex(fn, 8), 3];
  return fn & SMC64 ? [f[0] + '64', f[1]] : f;
}

const PSCI_STATUS: Record<number, string> = {
  0: 'SUCCESS', [-1]: 'NOT_SUPPORTED', [-2]: 'INVALID_PARAMETERS', [-3]: 'DENIED', [-4]: 'ALREADY_ON',
  [-5]: 'ON_PENDING', [-6]: 'INTERNAL_FAILURE', [-7]: 'NOT_PRESENT', [-8]: 'DISABLED', [-9]: 'INVALID_ADDRESS',
};

/** A PSCI result as the specification names it: status codes, VERSION as major.minor, AFFINITY_INFO states. */
export function psciResultText(fn: number, result: number): string {
  const base = (fn & ~SMC64) >>> 0;
  if (base === PSCI_VERSION && result >= 0) return `${result >>> 16}.${result & 0xffff}`;
  if (base === PSCI_AFFINITY_INFO && result >= 0) return ['ON', 'OFF', 'ON_PENDING'][result] ?? String(result);
  if ((base === PSCI_FEATURES || base === PSCI_MIGRATE_INFO_TYPE || base === PSCI_MIGRATE_INFO_UP_CPU) && result >= 0) {
    return String(result);
  }
  return PSCI_STATUS[result] ?? String(result);
}

function hex(v: number, digits = 1): string {
  return '0x' + (v >>> 0).toString(16).padStart(digits, '0');
}

// ------------------------------------------------------------ formats

/** Virtual time as seconds with nanosecond digits: `0.012345678`. */
export function formatSeconds(ns: number): string {
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(ns - s * 1e9).padStart(9, '0')}`;
}

function hypercallName(code: number): string {
  return HYPERCALL_NAMES[code] ?? hex(code);
}

/** One text line (without the newline): `[  0.012345678] cpu1 led-blink mmio write 0x01c20810 4 = 0x01000000 (subpage)`. */
export function formatPlain(e: TraceEvent): string {
  const t = formatSeconds(e.ns);
  const dot = t.indexOf('.');
  return `[${t.padStart(t.length - dot + 3)}] cpu${e.cpu} ${e.cell} ${e.kind} ${plainFacts(e)}`;
}

function plainFacts(e: TraceEvent): string {
  switch (e.kind) {
    case 'hypercall': {
      const call = `${e.name}(${hex(e.args[0])}, ${hex(e.args[1])})`;
      if (e.result === null) return `${call} waits for the cell's reply`;
      return `${call} = ${errnoName(e.result)}${e.resumed ? ' (after the cell\'s reply)' : ''}`;
    }
    case 'trap':
      return `${e.name} iss ${hex(e.iss, 7)} pc ${hex(e.pc, 8)}`;
    case 'mmio': {
      const v = e.value === null ? '' : ` = ${hex(e.value, e.size * 2)}`;
      return `${e.write ? 'write' : 'read'} ${hex(e.address, 8)} ${e.size}${v} (${e.by})`;
    }
    case 'irq':
      switch (e.action) {
        case 'inject': return `${e.irq} inject -> ${e.toCell} cpu${e.toCpu} lr${e.lr}`;
        case 'queue': return `${e.irq} queue -> ${e.toCell} cpu${e.toCpu}`;
        default: return `${e.irq} ${e.action}`;
      }
    case 'psci':
      return `${e.name}(${e.args.map((a) => hex(a)).join(', ')}) = ${psciResultText(e.fn, e.result)} (${e.by})`;
  }
}

/** One JSON object (without the newline); addresses, values and arguments as hex strings, `t` in seconds. */
export function formatJson(e: TraceEvent): string {
  const base = { cpu: e.cpu, cell: e.cell, kind: e.kind };
  let facts: object;
  switch (e.kind) {
    case 'hypercall':
      facts = {
        code: e.code, name: e.name, args: e.args.map((a) => hex(a)), result: e.result,
        ...(e.result === null ? { waiting: true } : e.result < 0 ? { error: errnoName(e.result).slice(1) } : {}),
        ...(e.resumed ? { resumed: true } : {}),
      };
      break;
    case 'trap':
      facts = { ec: e.ec, name: e.name, iss: hex(e.iss, 7), pc: hex(e.pc, 8) };
      break;
    case 'mmio':
      facts = {
        access: e.write ? 'write' : 'read', address: hex(e.address, 8), size: e.size,
        value: e.value === null ? null : hex(e.value, e.size * 2), by: e.by,
      };
      break;
    case 'irq':
      facts = {
        action: e.action, irq: e.irq,
        ...(e.toCpu !== null ? { toCpu: e.toCpu, toCell: e.toCell } : {}), ...(e.lr !== null ? { lr: e.lr } : {}),
      };
      break;
    case 'psci':
      facts = {
        by: e.by, fn: hex(e.fn, 8), name: e.name, args: e.args.map((a) => hex(a)), result: e.result,
        text: psciResultText(e.fn, e.result),
      };
      break;
  }
  // The time goes in as its decimal digits (a JSON number) so that no float rounding shows.
  return `{"t":${formatSeconds(e.ns)},${JSON.stringify({ ...base, ...facts }).slice(1)}`;
}

// ------------------------------------------------------------ the writer

/** A Tracer that makes events of the kinds asked for and hands them on. */
export class TraceWriter implements Tracer {
  private readonly kinds: ReadonlySet<TraceKind>;

  constructor(kinds: Iterable<TraceKind>, private readonly ctx: TraceContext,
    private readonly onEvent: (e: TraceEvent) => void) {
    this.kinds = new Set(kinds);
  }

  /** A writer that passes each event as one formatted line (with its newline) to `write`. */
  static lines(kinds: Iterable<TraceKind>, ctx: TraceContext, json: boolean, write: (line: string) => void): TraceWriter {
    return new TraceWriter(kinds, ctx, json ? (e) => write(formatJson(e) + '\n') : (e) => write(formatPlain(e) + '\n'));
  }

  has(kind: TraceKind): boolean { return this.kinds.has(kind); }

  private base(cpu: number): EventBase {
    return { ns: this.ctx.timeNs(cpu), cpu, cell: this.ctx.cellOf(cpu) };
  }

  hypercall(cpu: number, code: number, arg1: number, arg2: number, result: number | null, resumed: boolean): void {
    if (!this.kinds.has('hypercall')) return;
    this.onEvent({
      ...this.base(cpu), kind: 'hypercall', code, name: hypercallName(code), args: [arg1 >>> 0, arg2 >>> 0],
      result: result === null ? null : result | 0, resumed,
    });
  }

  trap(cpu: number, hsr: number, pc: number): void {
    if (!this.kinds.has('trap')) return;
    const ec = hsr >>> 26;
    this.onEvent({ ...this.base(cpu), kind: 'trap', ec, name: ecName(ec), iss: hsr & 0x1ffffff, pc: pc >>> 0 });
  }

  mmio(cpu: number, address: number, size: number, isWrite: boolean, value: number | null, by: string): void {
    if (!this.kinds.has('mmio')) return;
    this.onEvent({
      ...this.base(cpu), kind: 'mmio', address: address >>> 0, size, write: isWrite,
      value: value === null ? null : value >>> 0, by,
    });
  }

  irq(cpu: number, action: IrqAction, irq: number, target: number, lr: number): void {
    if (!this.kinds.has('irq')) return;
    const to = action === 'inject' || action === 'queue';
    this.onEvent({
      ...this.base(cpu), kind: 'irq', action, irq, toCpu: to ? target : null, toCell: to ? this.ctx.cellOf(target) : null,
      lr: action === 'inject' ? lr : null,
    });
  }

  psci(cpu: number, by: PsciSource, fn: number, a1: number, a2: number, a3: number, result: number): void {
    if (!this.kinds.has('psci')) return;
    const [name, argc] = psciFunction(fn >>> 0);
    this.onEvent({
      ...this.base(cpu), kind: 'psci', by, fn: fn >>> 0, name, args: [a1 >>> 0, a2 >>> 0, a3 >>> 0].slice(0, argc),
      result: result | 0,
    });
  }
}
