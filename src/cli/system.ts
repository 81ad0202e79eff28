// A booted board with a root-cell program and the Jailhouse driver beside it:
// what `boot`, `demo` and the `jailhouse` commands work on. Virtual time only
// moves when advance() or waitFor() run the machine.

import { readFileSync } from 'node:fs';
import { startSession, type Session } from '../boards/session.js';
import type { LedEvent } from '../boards/board.js';
import type { Machine, StopReason } from '../machine/machine.js';
import { Driver } from '../hypervisor/driver.js';
import { JAILHOUSE_MEM_IO } from '../config/index.js';

export interface SystemOptions {
  board: string;
  cpus?: number;
  /** Root-cell program (ELF, entered in Hyp mode like U-Boot does). */
  root: string;
  /** Every console byte, by source (UART name, or 'hypervisor'). */
  onOutput?: (source: string, bytes: Uint8Array) => void;
  onLed?: (e: LedEvent) => void;
  semihosting?: boolean;
}

/** Rounds of the machine run between checks while waiting. */
const WAIT_SLICE = 64;

export class JailhouseSystem {
  readonly session: Session;
  readonly machine: Machine;
  readonly driver: Driver;
  /** Console text per source since boot (for `expect`). */
  readonly consoles = new Map<string, string>();
  private readonly outputListeners: ((source: string, bytes: Uint8Array) => void)[] = [];

  constructor(readonly options: SystemOptions) {
    const emit = (source: string, bytes: Uint8Array): void => {
      this.consoles.set(source, (this.consoles.get(source) ?? '') + Buffer.from(bytes).toString('latin1'));
      options.onOutput?.(source, bytes);
      for (const l of this.outputListeners) l(source, bytes);
    };
    this.session = startSession(options.root, null, {
      board: options.board, cpus: options.cpus, bootMode: 'hyp', semihosting: options.semihosting,
      onOutput: (bytes, source) => {
        // The hypervisor's own prints travel through the debug UART; tell them apart.
        const hv = this.driver?.hv;
        emit(hv?.console.writing ? hv.console.speaker ?? 'hypervisor' : source, bytes);
      },
      onLed: options.onLed,
    });
    this.machine = this.session.board.machine;
    this.driver = new Driver(this.machine);
  }

  onOutput(listener: (source: string, bytes: Uint8Array) => void): void { this.outputListeners.push(listener); }

  get nowNs(): number { return this.machine.nowNs; }

  /** The reason the machine stopped for good (guest exit, power-off), or null while it runs. */
  get stopped(): StopReason | null {
    const r = this.machine.stopReason;
    return r === null || r === 'time' ? null : r;
  }

  /** Runs the machine for `ns` of virtual time (less if the guest stops it). */
  advance(ns: number): void {
    const m = this.machine;
    if (this.stopped) return;
    m.stopReason = null;
    m.runSlice({ untilCycles: m.now + Math.max(1, m.cyclesFromNs(ns)) });
    if (m.stopReason === 'time') m.stopReason = null;
  }

  /** Runs until `done()` holds or `timeoutNs` of virtual time passed; true when it held. */
  waitFor(done: () => boolean, timeoutNs: number): boolean {
    const m = this.machine;
    const until = m.now + m.cyclesFromNs(timeoutNs);
    while (!done()) {
      if (this.stopped || m.now >= until) return done();
      m.stopReason = null;
      m.runSlice({ untilCycles: until }, WAIT_SLICE);
      if (m.stopReason === 'time') m.stopReason = null;
    }
    return true;
  }

  /** UART sources by the cell that owns them now: the root cell's name for the rest. */
  uartOwners(): Map<string, string> {
    const owners = new Map<string, string>();
    const hv = this.driver.hv;
    const uarts = this.session.board.uarts;
    for (const [name, uart] of uarts) {
      let owner = hv?.enabled ? hv.root.name : 'root';
      if (hv?.enabled) {
        for (const cell of hv.cells) {
          if (cell.isRoot) continue;
          const base = (uart as { base?: number }).base ?? this.uartBase(name);
          if (base === undefined) continue;
          const owns = cell.config.memoryRegions.some((m) => (m.flags & JAILHOUSE_MEM_IO) !== 0 &&
            base >= m.physStart && base < m.physStart + m.size);
          if (owns) owner = cell.name;
        }
      }
      owners.set(name, owner);
    }
    return owners;
  }

  private uartBase(name: string): number | undefined {
    return this.session.board.spec.uarts.find((u) => u.name === name)?.base;
  }

  /** Reads a file the user named, with a one-line error instead of an exception. */
  static readFile(path: string, shownAs = path): Uint8Array {
    try {
      return readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CommandError(`${shownAs}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}`);
    }
  }
}

/** A user mistake or a refused request: one line, no stack trace. */
export class CommandError extends Error {}
