// `jailhouse-ts boot`: an interactive monitor. Boots a board with a root-cell
// program, shows every console labelled by its owner, and executes
// `jailhouse …` commands read from stdin, a script (--script) or other
// terminals (--listen PATH, used by `jailhouse-ts jailhouse --connect PATH …`).
// Scripts run in virtual time only and are deterministic; interactive use
// lets virtual time run no faster than the wall clock.

import { parseArgs } from 'node:util';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BoardError, BootError, ImageError } from '../boards/session.js';
import type { LedEvent } from '../boards/board.js';
import { ConsoleMux, formatTime } from './console-mux.js';
import { CommandError, JailhouseSystem } from './system.js';
import { JailhouseCommands } from './jailhouse.js';
import { parseDuration, parseScript, ScriptError, splitWords, type ScriptStep } from './script.js';
import { TRACE_HELP, TRACE_OPTIONS, TraceOptionError, TraceOutput } from './trace-options.js';

export const BOOT_HELP = `usage: jailhouse-ts boot --board BOARD --root IMAGE [options]

Boots BOARD with the root-cell program IMAGE (an ELF, entered in Hyp mode as
U-Boot does) and executes jailhouse commands while the system runs.

options:
  --board NAME       bananapi or qemu-arm
  --root IMAGE       the root cell's program
  --cpus N           number of cores (default: the board's)
  --script FILE      run the commands of FILE (one a line: jailhouse ..., sleep 100ms,
                     expect CONSOLE "text"), then exit; deterministic virtual time
  --listen PATH      accept one-shot commands on a local socket
                     (jailhouse-ts jailhouse --connect PATH cell list)
  --for DURATION     stop after this much virtual time (e.g. 5s)
  --quiet-leds       do not show LED changes
${TRACE_HELP}

Commands read from stdin are the same as a script's lines. Consoles are shown
as [owner] lines; LED changes as [led] lines with their virtual time.`;

export interface Printer {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Printer = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Wires a system's consoles and LED events to labelled lines. */
export function attachConsoles(sys: JailhouseSystem, p: Printer, showLeds: boolean): { mux: ConsoleMux; led: (e: LedEvent) => void } {
  const mux = new ConsoleMux((label, line) => p.out(`[${label}] ${line}\n`));
  sys.onOutput((source, bytes) => {
    if (source !== 'hypervisor') mux.setLabel(source, sys.uartOwners().get(source) ?? source);
    mux.write(source, bytes);
  });
  const led = (e: LedEvent): void => { if (showLeds) p.out(`[led] ${e.led} ${e.on ? 'on' : 'off'} at ${formatTime(e.timeNs)} s\n`); };
  return { mux, led };
}

/** Executes script steps; returns 0, or 1 at the first failing step (reported with file and line). */
export function runScript(sys: JailhouseSystem, cmds: JailhouseCommands, steps: ScriptStep[], file: string, p: Printer): number {
  for (const step of steps) {
    const where = `${file}:${step.line}`;
    if (sys.stopped) { p.err(`${where}: the machine stopped (${sys.stopped})\n`); return 1; }
    if (step.kind === 'sleep') { sys.advance(step.ns); continue; }
    if (step.kind === 'expect') {
      const has = () => consoleText(sys, step.console).includes(step.text);
      if (!sys.waitFor(has, step.timeoutNs)) {
        p.err(`${where}: expected "${step.text}" on console ${step.console} within ${formatTime(step.timeoutNs)} s (virtual)\n`);
        return 1;
      }
      continue;
    }
    try {
      const r = cmds.exec(step.args);
      p.out(r.out);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      p.err(`${where}: jailhouse ${step.args.join(' ')}: ${e.message}\n`);
      return 1;
    }
  }
  return 0;
}

/** Text shown so far on a console given by UART name, owner (cell) name or 'hypervisor'. */
export function consoleText(sys: JailhouseSystem, name: string): string {
  if (sys.consoles.has(name)) return sys.consoles.get(name)!;
  let text = '';
  for (const [uart, owner] of sys.uartOwners()) if (owner === name) text += sys.consoles.get(uart) ?? '';
  return text;
}

export async function bootCommand(args: string[], p: Printer = stdio): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args, allowPositionals: false,
      options: {
        board: { type: 'string' }, root: { type: 'string' }, cpus: { type: 'string' }, script: { type: 'string' },
        listen: { type: 'string' }, for: { type: 'string' }, 'quiet-leds': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        ...TRACE_OPTIONS,
      },
    }).values;
  } catch (e) {
    p.err(`jailhouse-ts boot: ${(e as Error).message}\n`);
    return 2;
  }
  if (v.help) { p.out(BOOT_HELP + '\n'); return 0; }
  if (!v.board || !v.root) { p.err('jailhouse-ts boot: --board and --root are required (see --help)\n'); return 2; }
  const forNs = v.for !== undefined ? parseDuration(v.for) : undefined;
  if (v.for !== undefined && forNs === undefined) { p.err(`jailhouse-ts boot: --for: expected a duration like 5s, got '${v.for}'\n`); return 2; }
  const cpus = v.cpus !== undefined ? Number(v.cpus) : undefined;
  if (cpus !== undefined && !Number.isInteger(cpus)) { p.err(`jailhouse-ts boot: --cpus: expected a number, got '${v.cpus}'\n`); return 2; }

  let steps: ScriptStep[] | null = null;
  if (v.script) {
    try {
      steps = parseScript(readFileSync(v.script, 'utf8'), v.script);
    } catch (e) {
      if (e instanceof ScriptError) { p.err(`jailhouse-ts boot: ${e.message}\n`); return 2; }
      p.err(`jailhouse-ts boot: ${v.script}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  }

  let leds: ((e: LedEvent) => void) | null = null;
  let sys: JailhouseSystem;
  try {
    sys = new JailhouseSystem({ board: v.board, cpus, root: v.root, onLed: (e) => leds?.(e) });
  } catch (e) {
    if (e instanceof BoardError || e instanceof ImageError || e instanceof BootError) { p.err(`jailhouse-ts boot: ${e.message}\n`); return 2; }
    throw e;
  }
  const { mux, led } = attachConsoles(sys, p, !v['quiet-leds']);
  leds = led;
  const cmds = new JailhouseCommands(sys);
  let trace: TraceOutput | null;
  try {
    trace = TraceOutput.fromOptions(v, sys.machine, sys.driver, (s) => p.err(s));
  } catch (e) {
    if (e instanceof TraceOptionError) { p.err(`jailhouse-ts boot: ${e.message}\n`); return 2; }
    throw e;
  }

  try {
    if (steps !== null) {
      const code = runScript(sys, cmds, steps, v.script!, p);
      if (code === 0 && forNs !== undefined) sys.advance(forNs);
      mux.flush();
      return code;
    }
    return await interactive(sys, cmds, mux, p, v.listen, forNs);
  } finally {
    trace?.close();
  }
}

/** Runs the machine paced to the wall clock, taking commands from stdin and the socket between slices. */
async function interactive(sys: JailhouseSystem, cmds: JailhouseCommands, mux: ConsoleMux, p: Printer,
  listen: string | undefined, forNs: number | undefined): Promise<number> {
  const queue: { args: string[]; cwd?: string; reply: (out: string, err: string, code: number) => void }[] = [];
  const exec = (args: string[], cwd = process.cwd()): { out: string; err: string; code: number } => {
    cmds.cwd = cwd;
    try {
      return { out: cmds.exec(args).out, err: '', code: 0 };
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      return { out: '', err: `jailhouse: ${e.message}\n`, code: 1 };
    }
  };
  let server: Server | null = null;
  if (listen) {
    try { rmSync(listen, { force: true }); } catch { /* a stale socket that cannot be removed fails listen below */ }
    server = createServer((sock) => {
      let buf = '';
      let taken = false;
      sock.on('data', (d) => {
        if (taken) return; // one request per connection
        buf += d.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        taken = true;
        // A request is {"cwd": the client's directory, "args": the words after `jailhouse`}.
        let req: { cwd?: unknown; args?: unknown } | null;
        try { req = JSON.parse(buf.slice(0, nl)) as typeof req; } catch { req = null; }
        const args = req?.args;
        if (!Array.isArray(args) || !args.every((a) => typeof a === 'string') || typeof req?.cwd !== 'string') {
          sock.end(JSON.stringify({ out: '', err: 'bad request\n', code: 2 }) + '\n');
          return;
        }
        queue.push({ args, cwd: req.cwd, reply: (out, err, code) => sock.end(JSON.stringify({ out, err, code }) + '\n') });
      });
      sock.on('error', () => {});
    });
    server.on('error', (e) => p.err(`jailhouse-ts boot: --listen ${listen}: ${e.message}\n`));
    server.listen(listen);
  }
  // When stdin ends the system keeps running until Ctrl-C or --for, as a board would.
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    const words = splitWords(line.trim());
    if (typeof words === 'string') { p.err(`${words}\n`); return; }
    if (words.length === 0) return;
    const [first, ...rest] = words;
    if (first === 'sleep') {
      const ns = parseDuration(rest[0] ?? '');
      if (ns === undefined) p.err(`sleep: expected a duration like 100ms\n`);
      else queue.push({ args: ['__sleep', String(ns)], reply: () => {} });
      return;
    }
    queue.push({ args: first === 'jailhouse' ? rest : words, reply: (out, err) => { p.out(out); p.err(err); } });
  });
  let interrupted = false;
  const onSig = () => { interrupted = true; };
  process.on('SIGINT', onSig);

  const wall0 = performance.now();
  const virt0 = sys.nowNs;
  const SLICE_NS = 2_000_000;
  try {
    for (;;) {
      while (queue.length > 0) {
        const q = queue.shift()!;
        if (q.args[0] === '__sleep') { sys.advance(Number(q.args[1])); continue; }
        const r = exec(q.args, q.cwd);
        q.reply(r.out, r.err, r.code);
      }
      if (interrupted || sys.stopped) break;
      if (forNs !== undefined && sys.nowNs - virt0 >= forNs) break;
      const ahead = (sys.nowNs - virt0) / 1e6 - (performance.now() - wall0);
      if (ahead > 0) await new Promise((r) => setTimeout(r, Math.min(ahead, 50)));
      else await new Promise((r) => setImmediate(r));
      const slice = forNs !== undefined ? Math.min(SLICE_NS, forNs - (sys.nowNs - virt0)) : SLICE_NS;
      if (slice > 0) sys.advance(slice);
    }
  } finally {
    process.off('SIGINT', onSig);
    rl.close();
    server?.close();
    mux.flush();
  }
  if (sys.stopped && sys.stopped !== 'poweroff' && sys.stopped !== 'exit') p.err(`jailhouse-ts boot: machine stopped: ${sys.stopped}\n`);
  return interrupted ? 130 : 0;
}
