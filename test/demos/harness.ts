// The demo inmates as Jailhouse cells beside the demo root program: a board
// booted with inmates/root/bin/root-BOARD.elf (entered in Hyp mode, as U-Boot
// does), the hypervisor enabled underneath it with the board's shipped
// system config (configs/BOARD.cell), and a demo cell created from
// configs/demos/BOARD-DEMO.cell, loaded with inmates/bin/DEMO-BOARD.bin and
// started, all through the driver as the `jailhouse` tool would.
// Output is split by source: the root program's UART, the hypervisor
// console (its messages, and on qemu-arm the cells' debug-console output)
// and the Banana Pi's UART7 (the cells' own UART there).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSession } from '../../src/boards/session.js';
import type { BoardInstance, LedEvent } from '../../src/boards/board.js';
import type { Machine, StopReason } from '../../src/machine/machine.js';
import { Driver } from '../../src/hypervisor/driver.js';
import { JAILHOUSE_CELL_FAILED, JAILHOUSE_CELL_RUNNING, JAILHOUSE_CELL_SHUT_DOWN } from '../../src/hypervisor/abi.js';

export const CELL = { RUNNING: JAILHOUSE_CELL_RUNNING, SHUT_DOWN: JAILHOUSE_CELL_SHUT_DOWN, FAILED: JAILHOUSE_CELL_FAILED } as const;

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BOARDS = ['bananapi', 'qemu-arm'] as const;
export type BoardName = typeof BOARDS[number];

export const rootElf = (board: string): string => `${REPO}inmates/root/bin/root-${board}.elf`;
export const systemCell = (board: string): string => `${REPO}configs/${board}.cell`;
export const demoCell = (demo: string, board: string): string => `${REPO}configs/demos/${board}-${demo}.cell`;
export const demoImage = (demo: string, board: string): string => `${REPO}inmates/bin/${demo}-${board}.bin`;
export const nativeElf = (demo: string, board: string): string => `${REPO}inmates/bin/${demo}-${board}-native.elf`;

/** struct inmate_params at image offset 0x20 (inmates/lib/inmate.h); the root program has the same block. */
export const PARAMS_OFFSET = 0x20;
const PARAMS_MAGIC = 0x544d4e49;
const PARAM = { iterations: 8, select: 12, periodUs: 16, console: 20, arg: 24 } as const;
export type Params = Partial<Record<keyof typeof PARAM, number>>;

/** Where the root program is loaded (both boards' RAM base). */
const ROOT_BASE = 0x40000000;

function patchParams(write: (off: number, v: number) => void, read: (off: number) => number, p: Params, what: string): void {
  if (read(PARAMS_OFFSET) !== PARAMS_MAGIC) throw new Error(`${what}: no parameter block at 0x20`);
  for (const [k, v] of Object.entries(p) as [keyof Params, number][]) write(PARAMS_OFFSET + PARAM[k], v >>> 0);
}

/** A demo image with its parameter block patched. */
export function demoImageBytes(demo: string, board: string, p: Params = {}): Uint8Array {
  const img = new Uint8Array(readFileSync(demoImage(demo, board)));
  const dv = new DataView(img.buffer);
  patchParams((o, v) => dv.setUint32(o, v, true), (o) => dv.getUint32(o, true), p, demoImage(demo, board));
  return img;
}

export interface DemoSystemOptions {
  /** Parameters of the root program (period_us: heartbeat period; select 1: CPU 0 only). */
  root?: Params;
  /** Told about LED changes (Banana Pi). */
  onLed?: (e: LedEvent) => void;
}

export class DemoSystem {
  readonly board: BoardInstance;
  readonly m: Machine;
  readonly driver: Driver;
  /** What the root program wrote on its UART ("\r" removed). */
  root = '';
  /** What the hypervisor console wrote ("\r" removed). */
  hv = '';
  /** The same, as the UART got it. */
  hvRaw = '';
  /** The Banana Pi's UART7 ("\r" removed). */
  uart7 = '';
  /** Raw bytes of UART7, for checking line ends. */
  uart7Raw = '';
  readonly leds: LedEvent[] = [];

  constructor(readonly boardName: BoardName, o: DemoSystemOptions = {}) {
    const s = startSession(rootElf(boardName), null, {
      board: boardName, cpus: 2, bootMode: 'hyp',
      onOutput: (bytes, source) => {
        const text = Buffer.from(bytes).toString('latin1');
        if (this.driver?.hv?.console.writing) { this.hvRaw += text; this.hv += text.replace(/\r/g, ''); }
        else if (source === 'uart7') { this.uart7Raw += text; this.uart7 += text.replace(/\r/g, ''); }
        else this.root += text.replace(/\r/g, '');
      },
      onLed: (e) => { this.leds.push(e); o.onLed?.(e); },
    });
    this.board = s.board;
    this.m = s.board.machine;
    const bus = this.m.bus;
    if (o.root) patchParams((off, v) => bus.write(ROOT_BASE + off, 4, v), (off) => bus.read(ROOT_BASE + off, 4) >>> 0, o.root, rootElf(boardName));
    this.driver = new Driver(this.m);
  }

  get nowNs(): number { return this.m.nowNs; }

  /** Runs `ns` of virtual time (fails if the machine stops for another reason). */
  run(ns: number): void {
    const m = this.m;
    m.stopReason = null;
    const r = m.runSlice({ untilCycles: m.now + m.cyclesFromNs(ns) });
    if (r !== 'time') throw new Error(`machine stopped: ${r} at ${m.nowNs} ns`);
    m.stopReason = null;
  }

  /** Runs until virtual time `ns`. */
  runUntil(ns: number): void {
    if (ns > this.nowNs) this.run(ns - this.nowNs);
  }

  /** `jailhouse enable configs/BOARD.cell` */
  enable(sys = systemCell(this.boardName)): void {
    this.driver.enable(readFileSync(sys), sys);
  }

  /** `jailhouse cell create`, `cell load`, `cell start` for a demo; returns the cell ID. */
  startDemo(demo: string, p: Params = {}, config = demoCell(demo, this.boardName)): number {
    const id = this.driver.createCell(readFileSync(config), config);
    this.driver.loadCell(id, [{ data: demoImageBytes(demo, this.boardName, p) }]);
    this.driver.startCell(id);
    return id;
  }

  /** The hypervisor console since `Started cell "NAME"` (what the cell printed there, and reports about it). */
  hvSinceStart(name: string): string {
    const mark = `Started cell "${name}"\n`;
    const i = this.hv.lastIndexOf(mark);
    return i < 0 ? '' : this.hv.slice(i + mark.length);
  }

  /** What a demo cell printed: UART7 on the Banana Pi, the hypervisor console (since its start) on qemu-arm. */
  cellOutput(name: string): string {
    return this.boardName === 'bananapi' ? this.uart7 : this.hvSinceStart(name);
  }

  /** Heartbeat numbers the root program printed, in order. */
  heartbeats(): number[] {
    return heartbeatNumbers(this.root);
  }

  /**
   * The heartbeats that must have been printed by now with this period: 1 to
   * the last period boundary (the current time must not be within 100 us of
   * a boundary, where the line may still be on its way).
   */
  expectedHeartbeats(periodUs: number): number[] {
    const period = periodUs * 1000;
    const into = this.nowNs % period;
    if (into < 1e5 || period - into < 1e5) throw new Error(`${this.nowNs} ns is too close to a heartbeat`);
    return upTo(Math.floor(this.nowNs / period));
  }
}

export function heartbeatNumbers(text: string): number[] {
  return [...text.matchAll(/^\[ *\d+\.\d{6}\] root: heartbeat (\d+)$/gm)].map((x) => Number(x[1]));
}

export interface NativeRun {
  stopReason: StopReason;
  /** The UARTs' output ("\r" removed). */
  output: string;
  instructions: number;
  wallMs: number;
}

/** DEMO-BOARD-native.elf on one CPU without the hypervisor (entered in Hyp mode), until it powers off. */
export function runNative(demo: string, board: string, p: Params = {}): NativeRun {
  const t0 = performance.now();
  let output = '';
  const s = startSession(nativeElf(demo, board), null, {
    board, cpus: 1, bootMode: 'hyp', onOutput: (b) => { output += Buffer.from(b).toString('latin1'); },
  });
  const m = s.board.machine;
  const base = s.image.segments[0][0];
  patchParams((o, v) => m.bus.write(base + o, 4, v), (o) => m.bus.read(base + o, 4) >>> 0, p, nativeElf(demo, board));
  const stopReason = m.run({ maxInsns: 500_000_000 });
  return { stopReason, output: output.replace(/\r/g, ''), instructions: m.instructions, wallMs: performance.now() - t0 };
}

/** 1, 2, ..., n */
export const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
