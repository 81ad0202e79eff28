// A status line for long runs on a terminal: virtual time, instructions and
// speed, redrawn in place on stderr at most five times a second once a run
// has taken more than a second of wall time. Never shown when output is not
// a terminal (pipes, CI), so logs stay clean.

import { performance } from 'node:perf_hooks';
import type { Machine } from '../machine/machine.js';
import { formatTime } from './console-mux.js';

export class Progress {
  private readonly t0 = performance.now();
  private last = 0;
  private shown = false;

  constructor(private readonly machine: Machine,
    private readonly enabled = process.stdout.isTTY === true && process.stderr.isTTY === true,
    private readonly write: (s: string) => void = (s) => { process.stderr.write(s); }) {}

  /** Redraws the line if due; cheap to call after every slice. */
  tick(): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.t0 < 1000 || now - this.last < 200) return;
    this.last = now;
    const m = this.machine;
    const insns = m.instructions;
    const mips = insns / ((now - this.t0) * 1e3);
    this.write(`\r\x1b[K[${formatTime(Math.round(m.nowNs))} s virtual | ${(insns / 1e6).toFixed(1)} M instructions | ${mips.toFixed(1)} MIPS]`);
    this.shown = true;
  }

  /** Removes the line (before other output, and at the end). */
  clear(): void {
    if (!this.shown) return;
    this.write('\r\x1b[K');
    this.shown = false;
  }
}
