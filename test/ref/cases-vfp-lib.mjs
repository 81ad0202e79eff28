// VFP and Advanced SIMD reference test cases: the case builder and value pools
// shared by cases-vfp.mjs and cases-vfp-simd.mjs.
//
// Each case is a short straight-line snippet plus its initial state: r0-r12,
// flags, FPSCR, FPEXC, D0-D31 (a default pattern with per-case overrides) and
// SP.  gen-vfp.mjs assembles all of them into one bare-metal image, runs it
// under QEMU and records what the CPU did.  Plain Node.js ES module, no
// dependencies.
//
// Case fields produced here:
//   group  arith mac unary cmp cvt fixed half move sysreg ldst simd simdls ...
//   asm    statements separated by "; "
//   r      r0..r12 initial (13 numbers)
//   flags  initial NZCVQ/GE
//   fpscr  initial FPSCR, fpexc initial FPEXC
//   d      d0..d31 initial as 64 words (low word of Dn at 2n)
//   sp     (optional) initial SP
//   mem    true when the snippet accesses the data window

import { u32, mulberry32, DEFAULT_R } from './lib.mjs';

export { WINDOW_BASE, WINDOW_SIZE, P, u32, DEFAULT_R } from './lib.mjs';
export const FPEXC_EN = 0x40000000;

/** Dn = 0x4010_0000_0000_0000 + n * 0x0000_1000_0101_0101: distinct finite doubles. */
export const DEFAULT_D = (() => {
  const d = [];
  for (let n = 0; n < 32; n++) d.push(u32(n * 0x01010101), u32(0x40100000 + n * 0x1000));
  return d;
})();

export const rnd = mulberry32(0x56465033); // "VFP3"

// FPSCR fields
export const RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22;
export const FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
export const MODES = [[RN, 'rn'], [RP, 'rp'], [RM, 'rm'], [RZ, 'rz']];

const cases = [];

/**
 * Adds one case.
 * @param {string} group
 * @param {string} asm
 * @param {{r?: Record<number, number>, flags?: number, fpscr?: number, fpexc?: number,
 *   d?: Record<number, string>, s?: Record<number, number>, sp?: number, mem?: boolean}} init
 *   d: 16 hex digits per D register; s: 32-bit words per S register (S0-S31)
 */
export function add(group, asm, init = {}) {
  const r = DEFAULT_R.slice();
  for (const [k, v] of Object.entries(init.r ?? {})) r[Number(k)] = u32(v);
  const d = DEFAULT_D.slice();
  for (const [k, v] of Object.entries(init.d ?? {})) {
    const n = Number(k);
    d[2 * n + 1] = u32(parseInt(v.slice(0, 8), 16));
    d[2 * n] = u32(parseInt(v.slice(8), 16));
  }
  for (const [k, v] of Object.entries(init.s ?? {})) d[Number(k)] = u32(v);
  const fpscr = u32(init.fpscr ?? 0);
  const c = { group, asm, r, flags: u32(init.flags ?? 0), fpscr, fpexc: u32(init.fpexc ?? FPEXC_EN), d };
  if (init.sp !== undefined) c.sp = u32(init.sp);
  if (init.mem) c.mem = true;
  c.name = `${group}#${cases.length + 1}`;
  cases.push(c);
}

/** Every case added so far. */
export function allCases() { return cases; }

// ---------------------------------------------------------------------------
// Value pools (bit patterns)

export const F32 = [
  0x00000000, 0x80000000, // +-0
  0x00000001, 0x807fffff, 0x00400000, // denormals
  0x00800000, 0x80800001, // smallest normals
  0x3f800000, 0xbfc00000, 0x3f800001, 0x3f7fffff, // 1, -1.5, 1+ulp, 1-ulp/2
  0x33800000, 0x34000000, // 2^-24, 2^-23
  0x40490fdb, 0xc2f6e979, // pi, -123.456
  0x7f7fffff, 0xff7fffff, // +-max
  0x7f800000, 0xff800000, // +-inf
  0x7fc00000, 0xffc00123, // qNaN
  0x7f800001, 0xff812345, // sNaN
];
export const F64 = [
  '0000000000000000', '8000000000000000',
  '0000000000000001', '800fffffffffffff', '0008000000000000',
  '0010000000000000', '8010000000000001',
  '3ff0000000000000', 'bff8000000000000', '3ff0000000000001', '3fefffffffffffff',
  '3ca0000000000000', '3cb0000000000000',
  '400921fb54442d18', 'c05edd2f1a9fbe77',
  '7fefffffffffffff', 'ffefffffffffffff',
  '7ff0000000000000', 'fff0000000000000',
  '7ff8000000000000', 'fff8000000000123',
  '7ff0000000000001', 'fff4000000012345',
];
/** A smaller set for the rounding-mode and FZ/DN sweeps. */
export const F32_R = [0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000, 0xbf800001, 0x33800000,
  0x33800001, 0x7f7fffff, 0xff7ffffe, 0x7f800000, 0xff812345, 0x7fc00001];
export const F64_R = ['0000000000000000', '8000000000000000', '0000000000000001', '800fffffffffffff', '0010000000000000',
  '3ff0000000000000', 'bff0000000000001', '3ca0000000000000', '3ca0000000000001', '7fefffffffffffff',
  'ffeffffffffffffe', '7ff0000000000000', 'fff4000000012345', '7ff8000000000001'];

export const rndF32 = () => {
  // exponents spread over the whole range, biased to the middle and the ends
  const k = rnd() % 4;
  const e = k === 0 ? rnd() % 256 : k === 1 ? 100 + (rnd() % 56) : k === 2 ? rnd() % 8 : 248 + (rnd() % 7);
  return u32(((rnd() & 1) << 31) | (e << 23) | (rnd() & 0x7fffff));
};
export const rndF64 = () => {
  const k = rnd() % 4;
  const e = k === 0 ? rnd() % 2048 : k === 1 ? 990 + (rnd() % 60) : k === 2 ? rnd() % 60 : 1990 + (rnd() % 57);
  const hi = u32(((rnd() & 1) << 31) | (e << 20) | (rnd() & 0xfffff));
  return hi.toString(16).padStart(8, '0') + rnd().toString(16).padStart(8, '0');
};

