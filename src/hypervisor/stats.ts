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

/** `jailhouse cell stats`-like table of per-CPU counts. */
export function formatStats(cellName: string, cpus: { index: number; stats: CpuStats }[]): string {
  const lines = [`Statistics for ${cellName} cell`, '', `${'COUNTER'.padEnd(28)}${'SUM'.padStart(12)}`];
  for (let i = 0; i < STAT_NAMES.length; i++) {
    let sum = 0;
    for (const c of cpus) sum += c.stats.counts[i];
    lines.push(`${STAT_NAMES[i].padEnd(28)}${String(sum).padStart(12)}`);
  }
  return lines.join('\n') + '\n';
}
