// `jailhouse-ts run`: boot a board with a bare-metal image and show its console.

import { parseArgs } from 'node:util';
import { Progress } from './progress.js';
import { BoardError, BootError, ImageError, STDERR_SOURCE, startSession } from '../boards/session.js';
import type { StopReason } from '../machine/machine.js';
import { GdbServer } from '../gdb/server.js';
import { DebugTarget } from '../gdb/target.js';
import { TRACE_HELP, TRACE_OPTIONS, TraceOptionError, TraceOutput, parseTraceOptions } from './trace-options.js';

const HELP = `usage: jailhouse-ts run --board BOARD [options] IMAGE

Loads IMAGE (an ELF executable, or a raw binary with --load-addr) into the
board's RAM and runs it from its entry point. The board's console
UART and semihosting output go to stdout.

options:
  --board NAME       qemu-arm or bananapi
  --cpus N           number of cores (secondaries start powered off)
  --semihosting      enable ARM semihosting (SVC 0x123456 / HLT 0xF000)
  --max-insns N      stop after N instructions (exit code 124)
  --load-addr ADDR   load a raw binary at ADDR (hex with 0x, or decimal)
  --boot-mode MODE   enter the image in svc (default) or hyp mode; PSCI answers
                     SMC (and HVC in svc mode, as QEMU without virtualization)
  --gdb PORT         wait for gdb on 127.0.0.1:PORT (0: any free port, printed
                     on stderr) before running; 'target remote :PORT' in gdb
${TRACE_HELP}

exit code: the guest's semihosting exit code; 0 when the guest halts or powers
off; 124 when the instruction budget is exhausted; 130 on Ctrl-C; 137 when
killed from gdb; 2 for bad arguments, an unreadable or invalid image, or an
unknown board.`;

export const EXIT_BUDGET = 124;
export const EXIT_SIGNAL = 130;
export const EXIT_USAGE = 2;
export const EXIT_KILLED = 137;

function parseNumber(name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^[0-9]+$/.test(s) ? parseInt(s, 10) : NaN;
  if (!Number.isSafeInteger(v)) throw new UsageError(`--${name}: expected a number, got '${s}'`);
  return v;
}

class UsageError extends Error {}

export async function runCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        board: { type: 'string' },
        cpus: { type: 'string' },
        semihosting: { type: 'boolean' },
        'max-insns': { type: 'string' },
        'load-addr': { type: 'string' },
        'boot-mode': { type: 'string' },
        gdb: { type: 'string' },
        ...TRACE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`jailhouse-ts run: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const v = parsed.values;
  if (v.help) { process.stdout.write(HELP + '\n'); return 0; }
  // Guest output in order of writing, each chunk to its stream (stderr: the semihosting console, as QEMU).
  let pending: [Uint8Array, boolean][] = [];
  const flush = (): void => {
    let i = 0;
    while (i < pending.length) {
      const toErr = pending[i][1];
      let j = i;
      while (j < pending.length && pending[j][1] === toErr) j++;
      (toErr ? process.stderr : process.stdout).write(Buffer.concat(pending.slice(i, j).map((p) => p[0])));
      i = j;
    }
    pending = [];
  };
  let session;
  let maxInsns: number | undefined;
  let gdbPort: number | undefined;
  let trace: TraceOutput | null = null;
  try {
    if (!v.board) throw new UsageError('--board is required (qemu-arm or bananapi)');
    if (parsed.positionals.length !== 1) throw new UsageError('expected exactly one IMAGE argument');
    const traceSettings = parseTraceOptions(v);
    const cpus = parseNumber('cpus', v.cpus);
    maxInsns = parseNumber('max-insns', v['max-insns']);
    const loadAddr = parseNumber('load-addr', v['load-addr']);
    gdbPort = parseNumber('gdb', v.gdb);
    if (gdbPort !== undefined && gdbPort > 65535) throw new UsageError(`--gdb: expected a TCP port, got '${v.gdb}'`);
    const bootMode = v['boot-mode'] ?? 'svc';
    if (bootMode !== 'svc' && bootMode !== 'hyp') throw new UsageError(`--boot-mode: expected hyp or svc, got '${bootMode}'`);
    session = startSession(parsed.positionals[0], null, {
      board: v.board, cpus, semihosting: v.semihosting ?? false, loadAddr, bootMode,
      onOutput: (b, source) => { pending.push([b, source === STDERR_SOURCE]); },
    });
    if (traceSettings !== null) {
      trace = TraceOutput.open(traceSettings, session.board.machine, null, (s) => { flush(); process.stderr.write(s); });
    }
  } catch (e) {
    if (e instanceof TraceOptionError || e instanceof UsageError || e instanceof ImageError || e instanceof BoardError || e instanceof BootError) {
      process.stderr.write(`jailhouse-ts run: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const m = session.board.machine;
  m.roundHooks.push(() => { if (pending.length > 64) flush(); });
  let gdb: GdbServer | null = null;
  const onSigint = (): void => { gdb?.close(); m.stop('signal'); };
  process.on('SIGINT', onSigint);
  let reason: StopReason | null = null;
  try {
    if (gdbPort !== undefined) {
      try {
        gdb = await GdbServer.listen(new DebugTarget(m, { maxInsns }), gdbPort, { afterSlice: flush });
      } catch (e) {
        process.stderr.write(`jailhouse-ts run: --gdb ${gdbPort}: ${(e as Error).message}\n`);
        return EXIT_USAGE;
      }
      process.stderr.write(`jailhouse-ts run: waiting for gdb on 127.0.0.1:${gdb.port}\n`);
      const end = await gdb.session;
      if (end.kind === 'killed') return EXIT_KILLED;
      if (end.kind === 'ended') reason = end.reason; // otherwise detached: run on
    }
    // Run in slices so that signals and output reach the host in between.
    const progress = new Progress(m);
    while (reason === null) {
      reason = m.runSlice({ maxInsns }, 2000);
      if (pending.length > 0) progress.clear();
      flush();
      progress.tick();
      if (reason === null) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    process.off('SIGINT', onSigint);
    flush();
    trace?.close();
    if (reason !== null) process.stderr.isTTY && process.stderr.write('\r\x1b[K');
  }
  switch (reason) {
    case 'exit': return m.exitCode;
    case 'budget':
      process.stderr.write(`jailhouse-ts run: instruction budget of ${maxInsns} exhausted at ${m.cores[0].describe()}\n`);
      return EXIT_BUDGET;
    case 'signal': return EXIT_SIGNAL;
    case 'halted':
      process.stderr.write('jailhouse-ts run: all CPUs halted with no pending event\n');
      return 0;
    default: return 0;
  }
}
