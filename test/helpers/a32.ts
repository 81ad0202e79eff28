// Runs short A32 instruction sequences on a bare core (no board) for unit tests.

import { Bus } from '../../src/machine/bus.js';
import { Core } from '../../src/cpu/core.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';
import { MODE_SVC } from '../../src/cpu/psr.js';

export const CODE_BASE = 0x40000000;
export const DATA_BASE = 0x40100000;

export interface SnippetInit {
  /** r0..r12 (missing ones are 0). */
  r?: number[];
  /** NZCVQ and GE bits (CPSR bits 31:27 and 19:16). */
  flags?: number;
  /** Bytes placed at `dataAt` before running. */
  data?: Uint8Array;
  dataAt?: number;
  /** Where the code goes (default CODE_BASE). */
  addr?: number;
  mode?: number;
  sp?: number;
  /** Runs after the reset, before execution (banked registers, SPSRs, CP15). */
  setup?: (core: Core) => void;
}

export interface SnippetResult {
  r: number[];
  cpsr: number;
  core: Core;
  bus: Bus;
  readData(addr: number, len: number): Uint8Array;
}

export function makeCore(): { core: Core; bus: Bus } {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 4 * 1024 * 1024);
  const core = new Core(bus, { index: 0, model: CORTEX_A15, mpidrAff: 0, hasSecurity: false, hasVirtualization: false });
  return { core, bus };
}

let shared: { core: Core; bus: Bus } | null = null;

/** Places the words, sets the state, executes `count` instructions (default: words.length). */
export function runA32(words: number[], init: SnippetInit = {}, count = words.length): SnippetResult {
  shared ??= makeCore();
  const { core, bus } = shared;
  core.cycles = core.idleCycles = 0;
  const addr = init.addr ?? CODE_BASE;
  const code = new Uint8Array(words.length * 4);
  const dv = new DataView(code.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  bus.load(addr, code);
  if (init.data) bus.load(init.dataAt ?? DATA_BASE, init.data);
  core.reset(addr, init.mode ?? MODE_SVC);
  const r = init.r ?? [];
  for (let i = 0; i < 13; i++) core.R[i] = r[i] ?? 0;
  core.R[13] = init.sp ?? 0x40080000;
  core.setFlags(init.flags ?? 0);
  init.setup?.(core);
  core.run(core.cycles + count);
  return {
    r: Array.from(core.R.subarray(0, 13)),
    cpsr: core.cpsr,
    core,
    bus,
    readData(a: number, len: number): Uint8Array {
      const out = new Uint8Array(len);
      for (let i = 0; i < len; i++) out[i] = bus.read(a + i, 1);
      return out;
    },
  };
}
