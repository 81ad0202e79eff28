// Per-CPU exit statistics, counted at traps only (nothing runs per guest
// instruction), reported through CPU_GET_INFO as Jailhouse does (31 bits).

import { NUM_CPU_STATS, STAT_NAMES } from './abi.js';

export class CpuStats {
  readonly counts = new Float64Array(NUM_CPU_STATS);

  clear(): void { this.counts.fill(0); }

  /** The value CPU_GET_INFO returns: the count in 31 bits. */
  reported(index: number): number {
    return this.counts[index] % 0x80000000;
  }

  /** Name → count, for tools and tests. */
  toObject(): Record<string, number> {
    const o: Record<string, number> = {};
    STAT_NAMES.forEach((n, i) => { o[n] = this.counts[i]; });
    return o;
  }
}
