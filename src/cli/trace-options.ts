// The tracing options of `run`, `boot` and `demo`: --trace KINDS (a comma
// list, or all), --log-json (JSON lines instead of text) and --trace-file
// FILE (instead of stderr). Opening a trace installs one tracer on the PSCI
// firmware and the hypervisor driver; closing it takes it away again.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Machine } from '../machine/machine.js';
import { firmwareOf } from '../firmware/psci.js';
import type { Driver } from '../hypervisor/driver.js';
import { TRACE_KINDS, TraceWriter, machineContext, type TraceKind } from '../hypervisor/trace.js';

/** parseArgs option declarations. */
export const TRACE_OPTIONS = {
  trace: { type: 'string' },
  'log-json': { type: 'boolean' },
  'trace-file': { type: 'string' },
} as const;

export const TRACE_HELP = `  --trace KINDS      one line per hypervisor or firmware event, with virtual time,
                     CPU and cell; KINDS: a comma list of hypercall, trap, mmio,
                     irq, psci, or all
  --log-json         trace lines as JSON objects
  --trace-file FILE  trace to FILE instead of stderr`;

export class TraceOptionError extends Error {}

export interface TraceSettings {
  kinds: TraceKind[];
  json: boolean;
  /** null: stderr. */
  file: string | null;
}

export interface TraceValues {
  trace?: string;
  'log-json'?: boolean;
  'trace-file'?: string;
}

/** The settings the options ask for; null when there is no --trace. Throws TraceOptionError. */
export function parseTraceOptions(v: TraceValues): TraceSettings | null {
  if (v.trace === undefined) {
    if (v['log-json']) throw new TraceOptionError('--log-json needs --trace KINDS');
    if (v['trace-file'] !== undefined) throw new TraceOptionError('--trace-file needs --trace KINDS');
    return null;
  }
  const kinds = new Set<string>();
  for (const word of v.trace.split(',').map((w) => w.trim())) {
    if (word === 'all') TRACE_KINDS.forEach((k) => kinds.add(k));
    else if ((TRACE_KINDS as readonly string[]).includes(word)) kinds.add(word);
    else throw new TraceOptionError(`--trace: unknown event kind '${word}' (expected a comma list of ${TRACE_KINDS.join(', ')}, or all)`);
  }
  if (v['trace-file'] === '') throw new TraceOptionError('--trace-file: expected a file name');
  return { kinds: TRACE_KINDS.filter((k) => kinds.has(k)), json: v['log-json'] ?? false, file: v['trace-file'] ?? null };
}

/** Lines held before they are written to a file. */
const FILE_BUFFER = 1 << 16;

/** An open trace: the tracer, installed, and where its lines go. */
export class TraceOutput {
  readonly tracer: TraceWriter;
  private buf = '';
  private closed = false;
  private readonly onRound = (): void => { if (this.buf !== '') this.flush(); };

  private constructor(private readonly machine: Machine, private readonly driver: Driver | null,
    private readonly fd: number | null, private readonly stderr: (s: string) => void, s: TraceSettings) {
    const ctx = machineContext(machine, () => driver?.hv ?? null);
    this.tracer = TraceWriter.lines(s.kinds, ctx, s.json, (line) => {
      this.buf += line;
      if (this.buf.length >= FILE_BUFFER) this.flush();
    });
  }

  /**
   * Opens the sink (the file, or `stderr`) and installs the tracer on the
   * machine's firmware and on the driver. Throws TraceOptionError when the
   * file cannot be opened.
   */
  static open(s: TraceSettings, machine: Machine, driver: Driver | null, stderr: (s: string) => void): TraceOutput {
    let fd: number | null = null;
    if (s.file !== null) {
      try {
        fd = openSync(s.file, 'w');
      } catch (e) {
        throw new TraceOptionError(`--trace-file ${s.file}: cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const out = new TraceOutput(machine, driver, fd, stderr, s);
    const fw = firmwareOf(machine);
    if (fw !== undefined) fw.tracer = out.tracer;
    if (driver !== null) driver.tracer = out.tracer;
    // On a terminal the lines should keep up with the consoles; a file gets them in large writes.
    if (fd === null) machine.roundHooks.push(out.onRound);
    return out;
  }

  /** parseTraceOptions and open() in one step; null without --trace. Throws TraceOptionError. */
  static fromOptions(v: TraceValues, machine: Machine, driver: Driver | null, stderr: (s: string) => void): TraceOutput | null {
    const s = parseTraceOptions(v);
    return s === null ? null : TraceOutput.open(s, machine, driver, stderr);
  }

  flush(): void {
    const text = this.buf;
    this.buf = '';
    if (text === '') return;
    if (this.fd === null) this.stderr(text);
    else writeSync(this.fd, text);
  }

  /** Uninstalls the tracer, writes what is left and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const fw = firmwareOf(this.machine);
    if (fw !== undefined && fw.tracer === this.tracer) fw.tracer = null;
    if (this.driver !== null && this.driver.tracer === this.tracer) this.driver.tracer = null;
    const hooks = this.machine.roundHooks;
    const i = hooks.indexOf(this.onRound);
    if (i >= 0) hooks.splice(i, 1);
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
  }
}
