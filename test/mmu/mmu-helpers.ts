// Test support for the MMU: a core with RAM, translation table builders for
// both descriptor formats, and A32 encodings (from arm-none-eabi-as) of the
// instructions the tests run.

import { Bus } from '../../src/machine/bus.js';
import { Core } from '../../src/cpu/core.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';
import { MODE_SVC } from '../../src/cpu/psr.js';

export const RAM_BASE = 0x40000000;
export const RAM_SIZE = 32 * 1024 * 1024;
/** Code runs here (identity mapped by every test's tables). */
export const CODE = 0x40000000;
/** Short-descriptor first-level table (16 KiB aligned) and second-level tables. */
export const L1 = 0x40200000;
export const L2A = 0x40204000;
export const L2B = 0x40204400;
/** Long-descriptor tables (4 KiB each). */
export const LT1 = 0x40210000;
export const LT2 = 0x40211000;
export const LT3 = 0x40212000;

/** SCTLR value with the MMU on (reset value | M). */
export const SCTLR_ON = (CORTEX_A15.sctlrReset | 1) >>> 0;
export const SCTLR_AFE = 1 << 29;
export const SCTLR_WXN = 1 << 19;
export const TTBCR_EAE = 0x80000000;

/** A32 encodings. */
export const I = {
  TTBR0_R0: 0xee020f10, // mcr p15, 0, r0, c2, c0, 0
  TTBR1_R0: 0xee020f30, // mcr p15, 0, r0, c2, c0, 1
  TTBCR_R1: 0xee021f50, // mcr p15, 0, r1, c2, c0, 2
  TTBCR_R2: 0xee022f50, // mcr p15, 0, r2, c2, c0, 2
  DACR_R2: 0xee032f10, // mcr p15, 0, r2, c3, c0, 0
  SCTLR_R3: 0xee013f10, // mcr p15, 0, r3, c1, c0, 0
  TTBR0_64: 0xec410f02, // mcrr p15, 0, r0, r1, c2
  TTBR1_64: 0xec410f12, // mcrr p15, 1, r0, r1, c2
  TTBR1_64_R8R9: 0xec498f12, // mcrr p15, 1, r8, r9, c2
  TTBR1_R8: 0xee028f30, // mcr p15, 0, r8, c2, c0, 1
  MAIR0_R7: 0xee0a7f12, // mcr p15, 0, r7, c10, c2, 0
  LDR_R5_R4: 0xe5945000, // ldr r5, [r4]
  LDR_R9_R4: 0xe5949000, // ldr r9, [r4]
  LDR_R9_R10: 0xe59a9000, // ldr r9, [r10]
  STR_R6_R4: 0xe5846000, // str r6, [r4]
  LDRT_R5_R4: 0xe4b45000, // ldrt r5, [r4], #0
  STRT_R6_R4: 0xe4a46000, // strt r6, [r4], #0
  STR_R8_R7: 0xe5878000, // str r8, [r7]
  BLX_R4: 0xe12fff34, // blx r4
  ATS1CPR_R4: 0xee074f18, // mcr p15, 0, r4, c7, c8, 0
  ATS1CPW_R4: 0xee074f38, // mcr p15, 0, r4, c7, c8, 1
  ATS1CUR_R4: 0xee074f58, // mcr p15, 0, r4, c7, c8, 2
  ATS1CUW_R4: 0xee074f78, // mcr p15, 0, r4, c7, c8, 3
  ATS12NSOPR_R4: 0xee074f98, // mcr p15, 0, r4, c7, c8, 4
  ATS12NSOPW_R4: 0xee074fb8, // mcr p15, 0, r4, c7, c8, 5
  ATS1HR_R4: 0xee874f18, // mcr p15, 4, r4, c7, c8, 0
  ATS1HW_R4: 0xee874f38, // mcr p15, 4, r4, c7, c8, 1
  PAR_R5: 0xee175f14, // mrc p15, 0, r5, c7, c4, 0
  PAR64_R5_R6: 0xec565f07, // mrrc p15, 0, r5, r6, c7
  TLBIALL: 0xee080f17, // mcr p15, 0, r0, c8, c7, 0
  HTCR_R1: 0xee821f50, // mcr p15, 4, r1, c2, c0, 2
  HTCR_R2: 0xee822f50, // mcr p15, 4, r2, c2, c0, 2
  HTTBR_64: 0xec410f42, // mcrr p15, 4, r0, r1, c2
  HSCTLR_R3: 0xee813f10, // mcr p15, 4, r3, c1, c0, 0
  HMAIR0_R7: 0xee8a7f12, // mcr p15, 4, r7, c10, c2, 0
  VTTBR_64: 0xec410f62, // mcrr p15, 6, r0, r1, c2
  VTCR_R2: 0xee822f51, // mcr p15, 4, r2, c2, c1, 2
  HCR_R3: 0xee813f11, // mcr p15, 4, r3, c1, c1, 0
  CPS_USR: 0xf1020010, // cps #0x10
  ERET: 0xe160006e, // eret
  NOP: 0xe320f000, // nop
};

/** Prologue for short descriptors: TTBR0 = r0, TTBCR = r1, DACR = r2, SCTLR = r3. */
export const ENABLE_SHORT = [I.TTBR0_R0, I.TTBCR_R1, I.DACR_R2, I.SCTLR_R3];

export interface Machine {
  core: Core;
  bus: Bus;
}

/**
 * A core with Virtualization Extensions and 32 MiB of RAM; without Security Extensions
 * (unless asked) it runs in Non-secure state.
 */
export function makeMachine(hasSecurity = false): Machine {
  const bus = new Bus();
  bus.addRam('ram', RAM_BASE, RAM_SIZE);
  const core = new Core(bus, {
    index: 0, model: CORTEX_A15, mpidrAff: 0, hasSecurity, hasVirtualization: true,
  });
  return { core, bus };
}

export interface RunOptions {
  /** r0..r12 (missing ones are 0). */
  r?: number[];
  mode?: number;
  /** Instructions to execute (default: all the words). */
  count?: number;
  /** After the reset, before execution. */
  setup?: (core: Core) => void;
}

/** Places the words at CODE, resets the core there and runs them. */
export function run(m: Machine, words: number[], opts: RunOptions = {}): Core {
  const { core, bus } = m;
  words.forEach((w, i) => bus.write(CODE + i * 4, 4, w >>> 0));
  core.reset(CODE, opts.mode ?? MODE_SVC);
  const r = opts.r ?? [];
  for (let i = 0; i < 13; i++) core.R[i] = (r[i] ?? 0) >>> 0;
  opts.setup?.(core);
  core.run(core.cycles + (opts.count ?? words.length));
  return core;
}

export function w32(m: Machine, pa: number, v: number): void {
  m.bus.write(pa >>> 0, 4, v >>> 0);
}

export function r32(m: Machine, pa: number): number {
  return m.bus.read(pa >>> 0, 4);
}

/** A 64-bit descriptor at pa (little-endian). */
export function w64(m: Machine, pa: number, lo: number, hi: number): void {
  w32(m, pa, lo);
  w32(m, pa + 4, hi);
}

// ------------------------------------------------------------------ short descriptors

export interface ShortAttrs {
  /** AP[2:0] (default 0b011: full access). */
  ap?: number;
  domain?: number;
  xn?: boolean;
  pxn?: boolean;
  /** TEX[2:0]:C:B. */
  texcb?: number;
  s?: boolean;
  /** Sections: the NS bit (meaningful in Secure translation tables). */
  ns?: boolean;
}

function apBits(ap: number, lowShift: number, highBit: number): number {
  return ((ap & 3) << lowShift) | (((ap >>> 2) & 1) << highBit);
}

/** First-level section descriptor mapping 1 MiB at pa. */
export function section(pa: number, a: ShortAttrs = {}): number {
  const texcb = a.texcb ?? 0;
  return ((pa & 0xfff00000) | 2 | (a.pxn ? 1 : 0) | ((texcb & 3) << 2) | (a.xn ? 1 << 4 : 0) |
    ((a.domain ?? 0) << 5) | apBits(a.ap ?? 3, 10, 15) | (((texcb >>> 2) & 7) << 12) | (a.s ? 1 << 16 : 0) | (a.ns ? 1 << 19 : 0)) >>> 0;
}

/** First-level supersection descriptor mapping 16 MiB at pa (repeat it in 16 consecutive entries). */
export function supersection(pa: number, a: ShortAttrs = {}): number {
  return ((section(0, { ...a, domain: 0 }) | (1 << 18) | (pa & 0xff000000)) >>> 0);
}

/** First-level page table descriptor. */
export function pageTable(l2: number, domain = 0, pxn = false): number {
  return ((l2 & 0xfffffc00) | 1 | (pxn ? 4 : 0) | (domain << 5)) >>> 0;
}

/** Second-level small (4 KiB) page descriptor. */
export function smallPage(pa: number, a: ShortAttrs = {}): number {
  return ((pa & 0xfffff000) | 2 | (a.xn ? 1 : 0) | apBits(a.ap ?? 3, 4, 9)) >>> 0;
}

/** Second-level large (64 KiB) page descriptor (repeat it in 16 consecutive entries). */
export function largePage(pa: number, a: ShortAttrs = {}): number {
  return ((pa & 0xffff0000) | 1 | (a.xn ? 1 << 15 : 0) | apBits(a.ap ?? 3, 4, 9)) >>> 0;
}

/** Writes a first-level entry for the 1 MiB at va. */
export function setL1(m: Machine, table: number, va: number, desc: number): void {
  w32(m, table + (va >>> 20) * 4, desc);
}

/** Writes a second-level entry for the 4 KiB page at va. */
export function setL2(m: Machine, table: number, va: number, desc: number): void {
  w32(m, table + ((va >>> 12) & 0xff) * 4, desc);
}

/** An L1 table at L1 with the code section identity mapped (full access, domain 0). */
export function shortTables(m: Machine): void {
  setL1(m, L1, CODE, section(CODE));
}

// ------------------------------------------------------------------ long descriptors

export interface LongAttrs {
  /** AP[2:1] (default 0b01: read/write at PL1 and PL0). */
  ap?: number;
  af?: boolean;
  xn?: boolean;
  pxn?: boolean;
  attrIndx?: number;
  sh?: number;
  /** Extra high-word bits (table attributes for table descriptors). */
  hi?: number;
}

/** Block (levels 1-2) or page (level 3) descriptor as [lo, hi]; `pa` may exceed 32 bits. */
export function leaf(pa: number, level: number, a: LongAttrs = {}): [number, number] {
  const lo = ((pa % 0x100000000) & 0xfffff000) | (level === 3 ? 3 : 1) | ((a.attrIndx ?? 0) << 2) |
    ((a.ap ?? 1) << 6) | ((a.sh ?? 0) << 8) | ((a.af ?? true) ? 1 << 10 : 0);
  const hi = (Math.floor(pa / 0x100000000) & 0xff) | (a.pxn ? 1 << 21 : 0) | (a.xn ? 1 << 22 : 0) | (a.hi ?? 0);
  return [lo >>> 0, hi >>> 0];
}

/** Table descriptor as [lo, hi]; `hiAttrs` holds PXNTable (bit 27) .. NSTable (bit 31) of the high word. */
export function table(next: number, hiAttrs = 0): [number, number] {
  return [((next & 0xfffff000) | 3) >>> 0, hiAttrs >>> 0];
}

/** Writes entry `index` of the long-descriptor table at `tbl`. */
export function setEntry(m: Machine, tbl: number, index: number, d: [number, number]): void {
  w64(m, tbl + index * 8, d[0], d[1]);
}

/** Level-1 (T0SZ = 0) tables at LT1 with the code GiB identity mapped as a block. */
export function longTables(m: Machine): void {
  setEntry(m, LT1, CODE >>> 30, leaf(CODE, 1));
}

/** PL1 prologue for long descriptors: TTBR0 = r1:r0, MAIR0 = r7, TTBCR = r2, SCTLR = r3. */
export const ENABLE_LONG = [I.TTBR0_64, I.MAIR0_R7, I.TTBCR_R2, I.SCTLR_R3];
