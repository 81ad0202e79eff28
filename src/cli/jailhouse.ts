// The `jailhouse` command's verbs, with the real tool's arguments and output
// formats, acting on a JailhouseSystem through the driver (as the real tool
// acts through the Linux driver's ioctls and sysfs).

import { resolve } from 'node:path';
import {
  CELL_STATE_NAMES, JAILHOUSE_CELL_RUNNING, JAILHOUSE_CPU_FAILED, JAILHOUSE_HC_CELL_SET_LOADABLE, STAT_NAMES,
} from '../hypervisor/abi.js';
import { HypervisorError } from '../hypervisor/driver.js';
import { checkConfigFiles, ConfigError, formatFinding } from '../config/index.js';
import { isElf } from '../machine/image.js';
import { CommandError, JailhouseSystem } from './system.js';

export const JAILHOUSE_USAGE = `usage: jailhouse { COMMAND | --help | --version }

Available commands:
   enable SYSCONFIG
   disable
   console [-f | --follow]
   cell create CELLCONFIG
   cell list
   cell load { ID | [--name] NAME } { IMAGE | { -s | --string } "STRING" } [-a | --address ADDRESS] ...
   cell start { ID | [--name] NAME }
   cell shutdown { ID | [--name] NAME }
   cell destroy { ID | [--name] NAME }
   cell stats { ID | [--name] NAME }
   config check SYSCONFIG [CELLCONFIG ...]
   hardware check`;

/** What a verb printed; `follow` asks the caller to keep printing the hypervisor console. */
export interface VerbResult { out: string; follow?: boolean }

function parseAddress(s: string | undefined, what: string): number {
  if (s === undefined) throw new CommandError(`${what}: missing address`);
  const v = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^[0-9]+$/.test(s) ? parseInt(s, 10) : NaN;
  if (!Number.isSafeInteger(v)) throw new CommandError(`${what}: '${s}' is not an address (hex with 0x, or decimal)`);
  return v;
}

/** CPU list as the real tool prints it: 0-2,5 */
export function formatCpuList(cpus: number[]): string {
  const sorted = [...cpus].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export class JailhouseCommands {
  /** Characters of the hypervisor console already shown by `console -f`. */
  private consoleShown = 0;
  /** Cells (by ID) that got an image since they were created or shut down. */
  private readonly loaded = new Set<number>();
  /** Relative file names are taken from here (a client on the monitor socket sends its own). */
  cwd = process.cwd();

  constructor(readonly sys: JailhouseSystem) {}

  /** Reads a file the command names, relative to the caller's working directory. */
  private read(path: string): Uint8Array {
    return JailhouseSystem.readFile(resolve(this.cwd, path), path);
  }

  /** Runs one command line (the words after `jailhouse`). Throws CommandError for user mistakes. */
  exec(args: string[]): VerbResult {
    try {
      return this.dispatch(args);
    } catch (e) {
      if (e instanceof HypervisorError || e instanceof ConfigError) throw new CommandError(e.message);
      throw e;
    }
  }

  private dispatch(args: string[]): VerbResult {
    const [verb, sub, ...rest] = args;
    switch (verb) {
      case 'enable': return this.enable([sub, ...rest].filter((x) => x !== undefined));
      case 'disable': this.sys.driver.disable(); return { out: '' };
      case 'console': return this.console([sub, ...rest].filter((x) => x !== undefined));
      case 'cell': return this.cell(sub, rest);
      case 'config':
        if (sub !== 'check') throw new CommandError(`unknown config command '${sub ?? ''}' (expected: config check)`);
        return this.configCheck(rest);
      case 'hardware':
        if (sub !== 'check') throw new CommandError(`unknown hardware command '${sub ?? ''}' (expected: hardware check)`);
        return this.hardwareCheck();
      case '--help': case '-h': case undefined: return { out: JAILHOUSE_USAGE + '\n' };
      case '--version': return { out: 'Jailhouse management tool (jailhouse-ts) 0.1.0\n' };
      default: throw new CommandError(`unknown command '${verb}'\n${JAILHOUSE_USAGE}`);
    }
  }

  private enable(args: string[]): VerbResult {
    if (args.length !== 1) throw new CommandError('usage: jailhouse enable SYSCONFIG');
    const bytes = this.read(args[0]);
    this.sys.driver.enable(bytes, args[0]);
    this.consoleShown = 0;
    return { out: '' };
  }

  private console(args: string[]): VerbResult {
    const follow = args.includes('-f') || args.includes('--follow');
    const bad = args.find((a) => a !== '-f' && a !== '--follow');
    if (bad !== undefined) throw new CommandError(`console: unknown option '${bad}'`);
    const hv = this.sys.driver.hv;
    const text = hv?.console.text ?? '';
    const out = follow ? text.slice(this.consoleShown) : text;
    this.consoleShown = text.length;
    return { out, follow };
  }

  /** Resolves `ID`, `NAME` or `--name NAME` to a cell ID; returns it and the remaining words. */
  private cellRef(words: string[], verb: string): { id: number; rest: string[] } {
    const hv = this.sys.driver.hv;
    if (hv === null || !hv.enabled) throw new CommandError('the hypervisor is not enabled');
    let [ref, ...rest] = words;
    let byName = false;
    if (ref === '--name') { byName = true; [ref, ...rest] = rest; }
    if (ref === undefined) throw new CommandError(`usage: jailhouse cell ${verb} { ID | [--name] NAME }`);
    const cell = !byName && /^[0-9]+$/.test(ref) ? hv.cells.find((c) => c.id === Number(ref)) : hv.cells.find((c) => c.name === ref);
    if (cell === undefined) throw new CommandError(`cell ${verb}: no cell ${byName || !/^[0-9]+$/.test(ref) ? `named "${ref}"` : `with ID ${ref}`}`);
    if (cell.isRoot && verb !== 'stats') throw new CommandError(`cell ${verb}: "${cell.name}" is the root cell`);
    return { id: cell.id, rest };
  }

  private cell(sub: string | undefined, rest: string[]): VerbResult {
    const d = this.sys.driver;
    switch (sub) {
      case 'create': {
        if (rest.length !== 1) throw new CommandError('usage: jailhouse cell create CELLCONFIG');
        const id = d.createCell(this.read(rest[0]), rest[0]);
        this.loaded.delete(id);
        return { out: '' };
      }
      case 'load': return this.load(rest);
      case 'start': {
        const { id } = this.cellRef(rest, 'start');
        const name = d.hv!.cells.find((c) => c.id === id)!.name;
        if (d.cellState(id) === JAILHOUSE_CELL_RUNNING) throw new CommandError(`cell start: "${name}" is already running`);
        if (!this.loaded.has(id)) throw new CommandError(`cell start: "${name}" has no image loaded (jailhouse cell load ${name} IMAGE)`);
        d.startCell(id);
        return { out: '' };
      }
      case 'shutdown': {
        const { id } = this.cellRef(rest, 'shutdown');
        const r = d.hypercall(JAILHOUSE_HC_CELL_SET_LOADABLE, id);
        if (r < 0) throw new CommandError(`cell shutdown: ${d.hv?.lastError || `refused (${r})`}`);
        this.loaded.delete(id);
        return { out: '' };
      }
      case 'destroy': {
        const { id } = this.cellRef(rest, 'destroy');
        d.destroyCell(id);
        this.loaded.delete(id);
        return { out: '' };
      }
      case 'list':
        if (rest.length > 0) throw new CommandError('usage: jailhouse cell list');
        return { out: this.list() };
      case 'stats': return { out: this.stats(this.cellRef(rest, 'stats').id) };
      default: throw new CommandError(`unknown cell command '${sub ?? ''}'\n${JAILHOUSE_USAGE}`);
    }
  }

  private load(words: string[]): VerbResult {
    const { id, rest } = this.cellRef(words, 'load');
    const images: { data: Uint8Array; address?: number }[] = [];
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i];
      let data: Uint8Array;
      if (w === '-s' || w === '--string') {
        if (rest[i + 1] === undefined) throw new CommandError('cell load: -s needs a string');
        data = new TextEncoder().encode(rest[++i]);
      } else if (w === '-a' || w === '--address') {
        throw new CommandError('cell load: -a must follow an image or a string');
      } else {
        data = this.read(w);
        if (isElf(data)) throw new CommandError(`${w}: is an ELF file; cells load raw binaries (arm-none-eabi-objcopy -O binary)`);
      }
      let address: number | undefined;
      if (rest[i + 1] === '-a' || rest[i + 1] === '--address') { address = parseAddress(rest[i + 2], 'cell load -a'); i += 2; }
      images.push({ data, address });
    }
    if (images.length === 0) throw new CommandError('usage: jailhouse cell load { ID | [--name] NAME } IMAGE [-a ADDRESS] ...');
    this.sys.driver.loadCell(id, images);
    this.loaded.add(id);
    return { out: '' };
  }

  private list(): string {
    const d = this.sys.driver;
    const hv = d.hv;
    if (hv === null || !hv.enabled) return '';
    const fmt = (a: string, b: string, c: string, e: string, f: string) =>
      `${a.padEnd(8)}${b.padEnd(24)}${c.padEnd(16)}${e.padEnd(24)}${f.padEnd(24)}`.trimEnd() + '\n';
    let out = fmt('ID', 'Name', 'State', 'Assigned CPUs', 'Failed CPUs');
    for (const cell of [...hv.cells].sort((a, b) => a.id - b.id)) {
      const state = CELL_STATE_NAMES[d.cellState(cell.id)] ?? 'invalid';
      const failed = cell.cpus.filter((c) => d.cpuState(c) === JAILHOUSE_CPU_FAILED);
      out += fmt(String(cell.id), cell.name, state, formatCpuList(cell.cpus), formatCpuList(failed));
    }
    return out;
  }

  private stats(id: number): string {
    const d = this.sys.driver;
    const cell = d.hv!.cells.find((c) => c.id === id)!;
    const sums = new Array<number>(STAT_NAMES.length).fill(0);
    for (const cpu of cell.cpus) d.cpuStats(cpu).forEach((v, i) => { if (v > 0) sums[i] += v; });
    let out = `Statistics for ${cell.name} cell\n\n${'COUNTER'.padEnd(30)}${'SUM'.padStart(10)}\n`;
    const order = STAT_NAMES.map((n, i) => ({ n, v: sums[i] })).sort((a, b) => b.v - a.v || a.n.localeCompare(b.n));
    for (const { n, v } of order) out += `${n.padEnd(30)}${String(v).padStart(10)}\n`;
    return out;
  }

  private configCheck(files: string[]): VerbResult {
    if (files.length === 0) throw new CommandError('usage: jailhouse config check SYSCONFIG [CELLCONFIG ...]');
    const findings = checkConfigFiles(files.map((file) => ({ file, bytes: this.read(file) })));
    const errors = findings.filter((f) => f.severity === 'error').length;
    const report = findings.map((f) => formatFinding(f) + '\n').join('') +
      `${files.length} config${files.length > 1 ? 's' : ''}: ${errors} error(s), ${findings.length - errors} warning(s)`;
    if (errors > 0) throw new CommandError(report);
    return { out: report + '\n' };
  }

  private hardwareCheck(): VerbResult {
    const b = this.sys.session.board;
    const core = this.sys.machine.cores[0];
    const lines = [
      `Board:                      ${b.spec.name} (${b.spec.description})`,
      `CPUs:                       ${this.sys.machine.cores.length} x MIDR 0x${(core.cp15.model.midr >>> 0).toString(16).padStart(8, '0')}`,
      `Virtualization Extensions:  ${b.spec.hasVirtualization ? 'ok' : 'MISSING'}`,
      `Large Physical Address Ext: ok`,
      `GICv2 virtualization:       ${b.spec.gic ? 'ok' : 'MISSING'}`,
      `Generic timer:              ok (${b.spec.timerHz} Hz)`,
    ];
    const ok = b.spec.hasVirtualization && !!b.spec.gic;
    if (!ok) throw new CommandError(lines.join('\n') + '\nThis board cannot run Jailhouse.');
    return { out: lines.join('\n') + '\nCheck passed!\n' };
  }
}
