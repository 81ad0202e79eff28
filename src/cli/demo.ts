// `jailhouse-ts demo`: the Banana Pi partitioned as in the classic Jailhouse
// walk-through. The root cell keeps printing its heartbeat on UART0 while
// the hypervisor is enabled beneath it; a non-root cell on CPU 1 blinks the
// green LED (PH24), then is shut down and destroyed, and the timer-latency
// cell takes CPU 1 and reports its interrupt latency on UART7. The A20 has
// two cores, so the two cells share CPU 1 one after the other.

import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CommandError, JailhouseSystem } from './system.js';
import { JailhouseCommands } from './jailhouse.js';
import { attachConsoles, type Printer } from './boot.js';
import { parseDuration } from './script.js';
import type { LedEvent } from '../boards/board.js';
import { TRACE_HELP, TRACE_OPTIONS, TraceOptionError, TraceOutput } from './trace-options.js';

const pkg = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_FILES = {
  root: 'inmates/root/bin/root-bananapi.elf',
  system: 'configs/bananapi.cell',
  led: { config: 'configs/demos/bananapi-led-blink.cell', image: 'inmates/bin/led-blink-bananapi.bin', name: 'led-blink' },
  latency: { config: 'configs/demos/bananapi-timer-latency.cell', image: 'inmates/bin/timer-latency-bananapi.bin', name: 'timer-latency' },
};

export const DEMO_HELP = `usage: jailhouse-ts demo [--for DURATION] [--fast] [--trace KINDS [--log-json] [--trace-file FILE]]

Boots the emulated Banana Pi (Allwinner A20, 2 x Cortex-A7) with a root-cell
program, enables the hypervisor beneath it, runs the LED-blink cell on CPU 1,
then replaces it with the timer-latency cell, and shows every console
labelled by cell plus the LED's changes, until Ctrl-C.

options:
  --for DURATION   stop after this much virtual time (e.g. 3s) and exit 0
  --fast           do not slow down to the wall clock
${TRACE_HELP}`;

/** Virtual time the LED cell runs before the timer-latency cell takes its CPU. */
const LED_PHASE_NS = 3_000_000_000;

const stdio: Printer = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function demoCommand(args: string[], p: Printer = stdio): Promise<number> {
  let v;
  try {
    v = parseArgs({ args, options: { for: { type: 'string' }, fast: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...TRACE_OPTIONS } }).values;
  } catch (e) {
    p.err(`jailhouse-ts demo: ${(e as Error).message}\n`);
    return 2;
  }
  if (v.help) { p.out(DEMO_HELP + '\n'); return 0; }
  const forNs = v.for !== undefined ? parseDuration(v.for) : undefined;
  if (v.for !== undefined && forNs === undefined) { p.err(`jailhouse-ts demo: --for: expected a duration like 3s, got '${v.for}'\n`); return 2; }
  const file = (f: string) => pkg + f;
  for (const f of [DEMO_FILES.root, DEMO_FILES.system, DEMO_FILES.led.config, DEMO_FILES.led.image, DEMO_FILES.latency.config, DEMO_FILES.latency.image]) {
    if (!existsSync(file(f))) { p.err(`jailhouse-ts demo: ${f} is missing from the installation\n`); return 2; }
  }

  let led: ((e: LedEvent) => void) | null = null;
  const sys = new JailhouseSystem({ board: 'bananapi', root: file(DEMO_FILES.root), onLed: (e) => led?.(e) });
  const shown = attachConsoles(sys, p, true);
  led = shown.led;
  const j = new JailhouseCommands(sys);
  let trace: TraceOutput | null;
  try {
    trace = TraceOutput.fromOptions(v, sys.machine, sys.driver, (s) => p.err(s));
  } catch (e) {
    if (e instanceof TraceOptionError) { p.err(`jailhouse-ts demo: ${e.message}\n`); return 2; }
    throw e;
  }
  const say = (s: string) => p.out(`[demo] ${s}\n`);
  // Words, not a line: the installation path may contain spaces.
  const jh = (...words: string[]): void => {
    say(`jailhouse ${words.map((w) => (w.startsWith(pkg) ? w.slice(pkg.length) : w)).join(' ')}`);
    const r = j.exec(words);
    if (r.out) p.out(r.out);
  };

  let interrupted = false;
  const onSig = () => { interrupted = true; };
  process.on('SIGINT', onSig);
  const wall0 = performance.now();
  const virt0 = sys.nowNs;
  const end = forNs ?? Infinity;
  /** Runs virtual time up to `untilNs` after boot, paced to the wall clock unless --fast. */
  const runUntil = async (untilNs: number): Promise<void> => {
    while (!interrupted && !sys.stopped && sys.nowNs - virt0 < Math.min(untilNs, end)) {
      const ahead = (sys.nowNs - virt0) / 1e6 - (performance.now() - wall0);
      if (!v.fast && ahead > 0) await new Promise((r) => setTimeout(r, Math.min(ahead, 50)));
      else await new Promise((r) => setImmediate(r));
      sys.advance(Math.min(10_000_000, Math.min(untilNs, end) - (sys.nowNs - virt0)));
    }
  };
  try {
    await runUntil(50_000_000); // the root program boots and leaves Hyp mode
    const { led: l, latency: t } = DEMO_FILES;
    jh('enable', file(DEMO_FILES.system));
    jh('cell', 'create', file(l.config));
    jh('cell', 'load', l.name, file(l.image));
    jh('cell', 'start', l.name);
    jh('cell', 'list');
    // A short run (--for) gives each cell half of it.
    await runUntil(50_000_000 + (forNs !== undefined ? Math.min(LED_PHASE_NS, forNs / 2) : LED_PHASE_NS));
    if (!interrupted && !sys.stopped && sys.nowNs - virt0 < end) {
      jh('cell', 'shutdown', l.name);
      jh('cell', 'destroy', l.name);
      jh('cell', 'create', file(t.config));
      jh('cell', 'load', t.name, file(t.image));
      jh('cell', 'start', t.name);
      jh('cell', 'list');
      await runUntil(Infinity);
    }
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
    shown.mux.flush();
    p.err(`jailhouse-ts demo: ${e.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSig);
    trace?.close();
  }
  shown.mux.flush();
  if (sys.stopped) { p.err(`jailhouse-ts demo: the machine stopped (${sys.stopped})\n`); return 1; }
  return interrupted ? 130 : 0;
}
