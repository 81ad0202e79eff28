// Running the inmates of inmates/bin/ without the hypervisor:
//  - runNative: DEMO-BOARD-native.elf on the board, entered like U-Boot does
//    (Hyp mode by default), with the image parameters patched after loading;
//  - runFakeCell: DEMO-BOARD.bin as a cell would see it, without a
//    hypervisor: RAM at guest-physical 0, a comm region page at 0x80000000,
//    entry at 0 in SVC mode, the debug-console hypercall answered by the host.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BOARDS } from '../../src/boards/index.js';
import { buildBoard, type BoardInstance, type LedEvent } from '../../src/boards/board.js';
import { startSession } from '../../src/boards/session.js';
import { loadRaw } from '../../src/machine/image.js';
import { boot, type BootMode } from '../../src/firmware/boot.js';
import type { StopReason } from '../../src/machine/machine.js';

export const INMATES = fileURLToPath(new URL('../../../inmates/', import.meta.url));
export const DEMOS = ['hello', 'led-blink', 'timer-latency', 'uart-echo', 'rtos-demo', 'rogue', 'cpuburn', 'ivshmem-demo'];
export const INMATE_BOARDS = ['bananapi', 'qemu-arm'];

export const cellImage = (demo: string, board: string): string => join(INMATES, 'bin', `${demo}-${board}.bin`);
export const nativeImage = (demo: string, board: string): string => join(INMATES, 'bin', `${demo}-${board}-native.elf`);

/** struct inmate_params at image offset 0x20 (inmates/lib/inmate.h). */
export const PARAMS_OFFSET = 0x20;
export const PARAMS_MAGIC = 0x544d4e49;
export const PARAM = { magic: 0, version: 4, iterations: 8, select: 12, periodUs: 16, console: 20, arg: 24 } as const;
export type Params = Partial<Record<Exclude<keyof typeof PARAM, 'magic' | 'version'>, number>>;
export const FOREVER = 0xffffffff;

/** The comm region layout (Jailhouse v0.12, ARM). */
export const COMM = {
  base: 0x80000000, signature: 0x00, revision: 0x06, cellState: 0x08, msgToCell: 0x0c, replyFromCell: 0x10,
  flags: 0x14, console: 0x18, pciMmconfigBase: 0x38, gicVersion: 0x40, gicdBase: 0x48, giccBase: 0x50,
  gicrBase: 0x58, vpciIrqBase: 0x60,
} as const;

/** The UART each board's inmates print on natively (and read in uart-echo). */
export const NATIVE_UART: Record<string, string> = { bananapi: 'uart7', 'qemu-arm': 'uart0' };

export interface Features { timer: boolean; gic: boolean }

/** Whether the board model has the generic timer and the GIC yet (both are needed by most demos). */
export function features(board: string): Features {
  const spec = BOARDS[board];
  const b = buildBoard(spec, { cpus: 1 });
  const timer = b.machine.cores[0].cp15.timer !== null;
  let gic = false;
  if (spec.gic) {
    const bus = b.machine.bus;
    bus.faulted = false;
    bus.read(spec.gic.distributor + 4, 4);
    gic = !bus.faulted;
    bus.faulted = false;
  }
  return { timer, gic };
}

export interface RunOptions {
  params?: Params;
  /** Bytes queued on the board's UART before the start. */
  input?: string;
  bootMode?: BootMode;
  maxInsns?: number;
}

export interface InmateRun {
  stopReason: StopReason;
  /** Everything the UARTs and the debug console sent, "\r" removed. */
  output: string;
  /** The same, per source (UART name, or 'hypercall'), raw. */
  bySource: Map<string, string>;
  leds: LedEvent[];
  instructions: number;
  board: BoardInstance;
}

function patchParams(write: (off: number, v: number) => void, params: Params): void {
  for (const [k, v] of Object.entries(params) as [keyof Params, number][]) write(PARAMS_OFFSET + PARAM[k], v >>> 0);
}

function collect(): { sink: (src: string, bytes: Uint8Array) => void; result: () => Map<string, string> } {
  const chunks = new Map<string, number[]>();
  return {
    sink: (src, bytes) => {
      let a = chunks.get(src);
      if (!a) chunks.set(src, (a = []));
      for (const b of bytes) a.push(b);
    },
    result: () => new Map([...chunks].map(([k, v]) => [k, Buffer.from(v).toString('latin1')])),
  };
}

/** Runs DEMO-BOARD-native.elf until it powers off, halts or the budget ends. */
export function runNative(demo: string, board: string, opts: RunOptions = {}): InmateRun {
  const out = collect();
  const order: string[] = [];
  const s = startSession(nativeImage(demo, board), null, {
    board, cpus: 1, bootMode: opts.bootMode ?? 'hyp',
    onOutput: (b, src) => { out.sink(src, b); order.push(Buffer.from(b).toString('latin1')); },
  });
  const m = s.board.machine;
  const base = s.image.segments[0][0];
  if (opts.params) patchParams((off, v) => m.bus.write(base + off, 4, v), opts.params);
  const leds: LedEvent[] = [];
  for (const led of s.board.spec.leds ?? []) {
    s.board.pio?.watch({
      port: led.port, pin: led.pin,
      onChange: (on) => leds.push({ led: led.name, on, timeNs: m.cores[m.bus.currentCpu].cycles * 1e9 / s.board.spec.cpuHz }),
    });
  }
  if (opts.input) s.board.uarts.get(NATIVE_UART[board])?.input(Buffer.from(opts.input, 'latin1'));
  const stopReason = m.run({ maxInsns: opts.maxInsns ?? 200_000_000 });
  return {
    stopReason, output: order.join('').replace(/\r/g, ''), bySource: out.result(), leds,
    instructions: m.instructions, board: s.board,
  };
}

export interface FakeCellOptions extends RunOptions {
  /** Fill in a comm region (default true). */
  comm?: boolean;
  /** comm region flags (JAILHOUSE_COMM_FLAG_*). */
  commFlags?: number;
  /** The comm region's console: [type, flags, address]. */
  commConsole?: [number, number, number];
  /** msg_to_cell before the start. */
  message?: number;
  cellRamSize?: number;
}

export interface FakeCellRun extends InmateRun {
  /** Read a 32-bit word of the comm region. */
  comm: (off: number) => number;
  hypercalls: number[];
}

export const JAILHOUSE_HC_DEBUG_CONSOLE_PUTC = 8;

/**
 * DEMO-BOARD.bin in a cell-like machine without a hypervisor: the board's
 * devices at their addresses (the GIC, if present, is the physical one),
 * cell RAM at 0, the comm region at 0x80000000.
 */
export function runFakeCell(demo: string, board: string, opts: FakeCellOptions = {}): FakeCellRun {
  const spec = { ...BOARDS[board], ram: { base: 0, size: opts.cellRamSize ?? 0x100000 } };
  const out = collect();
  const order: string[] = [];
  const emit = (src: string, b: Uint8Array): void => { out.sink(src, b); order.push(Buffer.from(b).toString('latin1')); };
  const inst = buildBoard(spec, { cpus: 1, output: (uart, b) => emit(uart, Uint8Array.of(b)) });
  const m = inst.machine;
  m.bus.addRam('comm-region', COMM.base, 0x1000);
  const data = readFileSync(cellImage(demo, board));
  loadRaw(m.bus, data, 0, cellImage(demo, board));
  if (opts.params) patchParams((off, v) => m.bus.write(off, 4, v), opts.params);

  if (opts.comm ?? true) {
    const w = (off: number, size: 1 | 2 | 4, v: number): void => m.bus.write(COMM.base + off, size, v >>> 0);
    Buffer.from('JHCOMM').forEach((c, i) => w(COMM.signature + i, 1, c));
    w(COMM.revision, 2, 2);
    w(COMM.flags, 4, opts.commFlags ?? 0);
    const [type, flags, addr] = opts.commConsole ?? [0, 0, 0];
    w(COMM.console, 4, addr);
    w(COMM.console + 8, 4, 0x1000);
    w(COMM.console + 12, 2, type);
    w(COMM.console + 14, 2, flags);
    w(COMM.gicVersion, 1, 2);
    if (spec.gic) { w(COMM.gicdBase, 4, spec.gic.distributor); w(COMM.giccBase, 4, spec.gic.cpuInterface); }
    w(COMM.msgToCell, 4, opts.message ?? 0);
  }

  const psci = boot(m, { mode: 'svc', entry: 0 });
  // In a partitioned system the root cell has enabled the distributor.
  if (spec.gic) {
    m.bus.write(spec.gic.distributor, 4, 1);
    m.bus.faulted = false;
  }
  const hypercalls: number[] = [];
  m.setHost({
    smc: (core) => psci.call(core),
    hvc: (core) => {
      const code = core.R[0] >>> 0;
      hypercalls.push(code);
      if (code === JAILHOUSE_HC_DEBUG_CONSOLE_PUTC) {
        emit('hypercall', Uint8Array.of(core.R[1] & 0xff));
        core.R[0] = 0;
      } else {
        core.R[0] = -38 >>> 0;
      }
      return true;
    },
  });
  if (opts.input) inst.uarts.get(NATIVE_UART[board])?.input(Buffer.from(opts.input, 'latin1'));
  const stopReason = m.run({ maxInsns: opts.maxInsns ?? 200_000_000 });
  return {
    stopReason, output: order.join('').replace(/\r/g, ''), bySource: out.result(), leds: [],
    instructions: m.instructions, board: inst, hypercalls,
    comm: (off) => m.bus.read(COMM.base + off, 4),
  };
}
