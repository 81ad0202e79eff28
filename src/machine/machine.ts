// The machine: cores on a bus, virtual time, a deterministic scheduler and
// timed events. Cores run round-robin in quanta that never cross the next
// event, so device events happen at exact virtual times.

import { Bus } from './bus.js';
import { Core, type CoreHost } from '../cpu/core.js';
import type { CpuModel } from '../cpu/models.js';
import { ExclusiveMonitors } from '../cpu/memory.js';
import { EventQueue, type TimedEvent } from './events.js';

export interface MachineOptions {
  cpus: number;
  model: CpuModel;
  /** Core clock in Hz: one instruction is one cycle. */
  cpuHz: number;
  hasSecurity: boolean;
  hasVirtualization: boolean;
  /** Instructions per core per round (default 1000). */
  quantum?: number;
}

export type StopReason = 'exit' | 'poweroff' | 'reset' | 'budget' | 'signal' | 'halted' | 'time' | 'debug';

export interface RunLimits {
  /** Stop after about this many instructions (all cores together). */
  maxInsns?: number;
  /** Stop at this virtual time in cycles. */
  untilCycles?: number;
}

export class Machine {
  readonly bus = new Bus();
  readonly cores: Core[] = [];
  readonly events = new EventQueue();
  readonly cpuHz: number;
  readonly quantum: number;
  /** Virtual time in core cycles. */
  now = 0;
  stopReason: StopReason | null = null;
  exitCode = 0;
  /** Called after every round (consoles flush, progress). */
  readonly roundHooks: (() => void)[] = [];
  /** Debugger single step: this core stops the machine ('debug') after its next instruction; -1: none. */
  stepCore = -1;
  /** End of a round that a stop interrupted: the next runSlice finishes that round first (-1: none). */
  private roundEnd = -1;

  constructor(opts: MachineOptions) {
    this.cpuHz = opts.cpuHz;
    this.quantum = opts.quantum ?? 1000;
    for (let i = 0; i < opts.cpus; i++) {
      this.cores.push(new Core(this.bus, {
        index: i, model: opts.model, mpidrAff: i, hasSecurity: opts.hasSecurity,
        hasVirtualization: opts.hasVirtualization,
      }));
    }
    const monitors = new ExclusiveMonitors();
    monitors.cores = this.cores;
    for (const c of this.cores) {
      c.peers = this.cores.filter((p) => p !== c);
      c.monitors = monitors;
    }
  }

  /** Installs host hooks (semihosting, firmware) on every core. */
  setHost(host: CoreHost): void {
    for (const c of this.cores) c.host = host;
  }

  /** Virtual time in nanoseconds. */
  get nowNs(): number { return this.now * 1e9 / this.cpuHz; }

  cyclesFromNs(ns: number): number { return Math.round(ns * this.cpuHz / 1e9); }

  schedule(atCycles: number, fire: () => void): TimedEvent {
    return this.events.schedule(Math.max(atCycles, this.now), fire);
  }

  /** Stops the run after the current instruction. */
  stop(reason: StopReason, exitCode = 0): void {
    if (this.stopReason === null) {
      this.stopReason = reason;
      this.exitCode = exitCode;
    }
    for (const c of this.cores) c.yieldToMachine();
  }

  /** Instructions executed by all cores so far. */
  get instructions(): number {
    let n = 0;
    for (const c of this.cores) n += c.cycles - c.idleCycles;
    return n;
  }

  /** True when every core is off or asleep with no interrupt to wake it. */
  private allIdle(): boolean {
    return this.cores.every((c) => c.off || (c.sleeping && !c.interruptRequested()));
  }

  /** True when every core is off or asleep with no event pending: nothing can ever happen. */
  private deadlocked(): boolean {
    return this.events.nextTime() === Infinity && this.allIdle();
  }

  /**
   * Runs rounds until a stop condition; returns the stop reason.
   * `sliceRounds` bounds the work done in one call (for callers that interleave host I/O).
   */
  runSlice(limits: RunLimits, sliceRounds = Infinity): StopReason | null {
    const cores = this.cores;
    let rounds = 0;
    while (this.stopReason === null && rounds < sliceRounds) {
      let end = this.roundEnd;
      if (end < 0) {
        const next = this.events.nextTime();
        // With every core off or waiting, nothing can happen before the next event: skip to it.
        end = next !== Infinity && this.allIdle() ? next : Math.min(this.now + this.quantum, next);
        if (limits.untilCycles !== undefined) end = Math.min(end, limits.untilCycles);
        if (limits.maxInsns !== undefined) {
          const left = limits.maxInsns - this.instructions;
          if (left <= 0) { this.stop('budget'); break; }
          end = Math.min(end, this.now + Math.max(1, Math.ceil(left / cores.length)));
        }
        if (end <= this.now) end = this.now; // events due now: fire them below
        this.roundEnd = end;
      }
      for (let i = 0; i < cores.length && this.stopReason === null; i++) {
        const c = cores[i];
        this.bus.currentCpu = i;
        if (c.cycles < end) {
          if (i === this.stepCore) this.stepOne(c, end);
          else c.run(end);
        }
      }
      if (this.stopReason !== null) break;
      this.roundEnd = -1;
      this.now = end;
      this.events.runDue(this.now);
      for (const h of this.roundHooks) h();
      rounds++;
      if (limits.untilCycles !== undefined && this.now >= limits.untilCycles) { this.stop('time'); break; }
      if (this.deadlocked()) { this.stop('halted'); break; }
    }
    if (this.stopReason !== null) for (const h of this.roundHooks) h();
    return this.stopReason;
  }

  /**
   * Runs core c until it has executed one instruction (or its turn in the round ends),
   * then stops the machine. Running it one cycle at a time keeps the schedule as it is.
   */
  private stepOne(c: Core, end: number): void {
    const before = c.cycles - c.idleCycles;
    while (c.cycles < end && c.cycles - c.idleCycles === before && this.stopReason === null) {
      // Off or waiting: nothing wakes it before the round ends; idle through the turn at once.
      if (c.off || (c.sleeping && !c.interruptRequested())) { c.run(end); break; }
      c.run(c.cycles + 1);
    }
    if (c.cycles - c.idleCycles !== before) this.stop('debug');
  }

  /** Runs to completion synchronously. */
  run(limits: RunLimits = {}): StopReason {
    return this.runSlice(limits)!;
  }
}
