// Exact floating-point arithmetic on raw bit patterns, following the ARM ARM
// pseudocode (A2.7: FPUnpack, FPRound, FPProcessNaNs, FPAdd, FPMulAdd, ...).
// Values are unpacked into an exact integer mantissa and exponent (BigInt), so
// every rounding mode, flush-to-zero and every exception flag come out as the
// architecture defines them. This is the slow path: arith.ts handles the
// common cases with host doubles and falls back here.

import {
  FPSCR_AHP, FPSCR_DN, FPSCR_DZC, FPSCR_FZ, FPSCR_IDC, FPSCR_IOC, FPSCR_IXC, FPSCR_OFC, FPSCR_RMODE, FPSCR_UFC,
  RMODE_RM, RMODE_RN, RMODE_RP, RMODE_RZ, type VfpState,
} from './state.js';

/** A floating-point format. */
export interface Fmt {
  readonly N: number;
  readonly E: number;
  readonly F: number;
  readonly bias: number;
  readonly minExp: number;
  readonly expMax: number;
  readonly fracMask: bigint;
  readonly qbit: bigint;
  readonly defaultNaN: bigint;
}

function fmt(N: number, E: number, F: number): Fmt {
  const bias = (1 << (E - 1)) - 1;
  return {
    N, E, F, bias, minExp: 1 - bias, expMax: (1 << E) - 1,
    fracMask: (1n << BigInt(F)) - 1n,
    qbit: 1n << BigInt(F - 1),
    defaultNaN: (BigInt((1 << E) - 1) << BigInt(F)) | (1n << BigInt(F - 1)),
  };
}

export const F16 = fmt(16, 5, 10);
export const F32 = fmt(32, 8, 23);
export const F64 = fmt(64, 11, 52);

// FPType
const ZERO = 0, NONZERO = 1, INF = 2, QNAN = 3, SNAN = 4;

/** An unpacked operand: (-1)^sign * mant * 2^exp for NONZERO. */
interface Unpacked {
  t: number;
  sign: number;
  mant: bigint;
  exp: number;
  bits: bigint;
}

function isNaN(u: Unpacked): boolean { return u.t === QNAN || u.t === SNAN; }

/** FPUnpack: FZ flushes single and double denormals to zero (IDC); AHP makes half exponent 31 ordinary. */
function unpack(bits: bigint, f: Fmt, ctl: number, v: VfpState): Unpacked {
  const sign = Number(bits >> BigInt(f.N - 1)) & 1;
  const e = Number((bits >> BigInt(f.F)) & BigInt(f.expMax));
  const frac = bits & f.fracMask;
  if (e === 0) {
    if (frac === 0n) return { t: ZERO, sign, mant: 0n, exp: 0, bits };
    if (f !== F16 && (ctl & FPSCR_FZ) !== 0) {
      v.fpscr |= FPSCR_IDC;
      return { t: ZERO, sign, mant: 0n, exp: 0, bits };
    }
    return { t: NONZERO, sign, mant: frac, exp: f.minExp - f.F, bits };
  }
  if (e === f.expMax && !(f === F16 && (ctl & FPSCR_AHP) !== 0)) {
    if (frac === 0n) return { t: INF, sign, mant: 0n, exp: 0, bits };
    return { t: (frac & f.qbit) !== 0n ? QNAN : SNAN, sign, mant: 0n, exp: 0, bits };
  }
  return { t: NONZERO, sign, mant: frac | (1n << BigInt(f.F)), exp: e - f.bias - f.F, bits };
}

export function fpZero(sign: number, f: Fmt): bigint { return BigInt(sign) << BigInt(f.N - 1); }
export function fpInf(sign: number, f: Fmt): bigint { return fpZero(sign, f) | (BigInt(f.expMax) << BigInt(f.F)); }
function fpMaxNormal(sign: number, f: Fmt): bigint {
  return fpZero(sign, f) | (BigInt(f.expMax - 1) << BigInt(f.F)) | f.fracMask;
}

function defaultNaN(f: Fmt, v: VfpState): bigint {
  v.fpscr |= FPSCR_IOC;
  return f.defaultNaN;
}

/** FPProcessNaN: quiets a signalling NaN (IOC); DN gives the default NaN. */
function processNaN(u: Unpacked, f: Fmt, ctl: number, v: VfpState): bigint {
  let r = u.bits;
  if (u.t === SNAN) { r |= f.qbit; v.fpscr |= FPSCR_IOC; }
  return (ctl & FPSCR_DN) !== 0 ? f.defaultNaN : r;
}

/** FPProcessNaNs: signalling NaNs first, then quiet ones, in operand order; null when neither is a NaN. */
function processNaNs(a: Unpacked, b: Unpacked, f: Fmt, ctl: number, v: VfpState): bigint | null {
  if (a.t === SNAN) return processNaN(a, f, ctl, v);
  if (b.t === SNAN) return processNaN(b, f, ctl, v);
  if (a.t === QNAN) return processNaN(a, f, ctl, v);
  if (b.t === QNAN) return processNaN(b, f, ctl, v);
  return null;
}

function processNaNs3(a: Unpacked, b: Unpacked, c: Unpacked, f: Fmt, ctl: number, v: VfpState): bigint | null {
  if (a.t === SNAN) return processNaN(a, f, ctl, v);
  if (b.t === SNAN) return processNaN(b, f, ctl, v);
  if (c.t === SNAN) return processNaN(c, f, ctl, v);
  if (a.t === QNAN) return processNaN(a, f, ctl, v);
  if (b.t === QNAN) return processNaN(b, f, ctl, v);
  if (c.t === QNAN) return processNaN(c, f, ctl, v);
  return null;
}

export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * FPRound: rounds (-1)^sign * (mant + (sticky ? a fraction : 0)) * 2^exp, mant > 0.
 * `sticky` stands for nonzero bits below mant's lowest bit; callers give at least
 * two bits beyond the target precision when they use it.
 */
export function fpRound(sign: number, mant: bigint, exp: number, sticky: boolean, f: Fmt, ctl: number,
  v: VfpState): bigint {
  const len = bitLength(mant);
  const E = exp + len - 1;
  if (f !== F16 && (ctl & FPSCR_FZ) !== 0 && E < f.minExp) {
    v.fpscr |= FPSCR_UFC; // flushed: no Inexact
    return fpZero(sign, f);
  }
  let biasedExp = Math.max(E - f.minExp + 1, 0);
  const lsbExp = biasedExp === 0 ? f.minExp - f.F : E - f.F;
  const shift = lsbExp - exp;
  let intMant: bigint;
  // Error in units of the last place: 0 none, 1 below half, 2 half, 3 above half.
  let err: number;
  if (shift > 0) {
    const s = BigInt(shift);
    intMant = mant >> s;
    const rem = mant & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rem === 0n) err = sticky ? 1 : 0;
    else if (rem < half) err = 1;
    else if (rem === half) err = sticky ? 3 : 2;
    else err = 3;
  } else {
    if (sticky) throw new Error('fpRound: sticky bits need guard bits');
    intMant = mant << BigInt(-shift);
    err = 0;
  }
  if (biasedExp === 0 && err !== 0) v.fpscr |= FPSCR_UFC;
  const rmode = (ctl & FPSCR_RMODE) >>> 22;
  let roundUp: boolean;
  let overflowToInf: boolean;
  switch (rmode) {
    case RMODE_RN: roundUp = err === 3 || (err === 2 && (intMant & 1n) === 1n); overflowToInf = true; break;
    case RMODE_RP: roundUp = err !== 0 && sign === 0; overflowToInf = sign === 0; break;
    case RMODE_RM: roundUp = err !== 0 && sign === 1; overflowToInf = sign === 1; break;
    default: roundUp = false; overflowToInf = false; break;
  }
  const one = 1n << BigInt(f.F);
  if (roundUp) {
    intMant++;
    if (intMant === one) biasedExp = 1;
    if (intMant === one << 1n) { biasedExp++; intMant >>= 1n; }
  }
  let result: bigint;
  if (f !== F16 || (ctl & FPSCR_AHP) === 0) {
    if (biasedExp >= f.expMax) {
      result = overflowToInf ? fpInf(sign, f) : fpMaxNormal(sign, f);
      v.fpscr |= FPSCR_OFC;
      err = 1;
    } else {
      result = fpZero(sign, f) | (BigInt(biasedExp) << BigInt(f.F)) | (intMant & f.fracMask);
    }
  } else if (biasedExp >= f.expMax + 1) {
    result = fpZero(sign, f) | ((1n << BigInt(f.N - 1)) - 1n);
    v.fpscr |= FPSCR_IOC;
    err = 0;
  } else {
    result = fpZero(sign, f) | (BigInt(biasedExp) << BigInt(f.F)) | (intMant & f.fracMask);
  }
  if (err !== 0) v.fpscr |= FPSCR_IXC;
  return result;
}

/** Exact sum of two nonzero finite values as (signed mantissa, exponent). */
function exactSum(sa: number, ma: bigint, ea: number, sb: number, mb: bigint, eb: number): [bigint, number] {
  const e = Math.min(ea, eb);
  const a = (sa ? -ma : ma) << BigInt(ea - e);
  const b = (sb ? -mb : mb) << BigInt(eb - e);
  return [a + b, e];
}

function roundSigned(val: bigint, exp: number, f: Fmt, ctl: number, v: VfpState): bigint {
  if (val === 0n) return fpZero(((ctl & FPSCR_RMODE) >>> 22) === RMODE_RM ? 1 : 0, f);
  return val < 0n ? fpRound(1, -val, exp, false, f, ctl, v) : fpRound(0, val, exp, false, f, ctl, v);
}

/** FPAdd. */
export function fpAdd(a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  const nan = processNaNs(x, y, f, ctl, v);
  if (nan !== null) return nan;
  if (x.t === INF && y.t === INF && x.sign !== y.sign) return defaultNaN(f, v);
  if (x.t === INF) return fpInf(x.sign, f);
  if (y.t === INF) return fpInf(y.sign, f);
  if (x.t === ZERO && y.t === ZERO && x.sign === y.sign) return fpZero(x.sign, f);
  if (x.t === ZERO && y.t === ZERO) return roundSigned(0n, 0, f, ctl, v);
  if (x.t === ZERO) return fpRound(y.sign, y.mant, y.exp, false, f, ctl, v);
  if (y.t === ZERO) return fpRound(x.sign, x.mant, x.exp, false, f, ctl, v);
  const [s, e] = exactSum(x.sign, x.mant, x.exp, y.sign, y.mant, y.exp);
  return roundSigned(s, e, f, ctl, v);
}

/** FPSub = FPAdd with the second operand negated (NaN signs included, as FPNeg is a bit operation). */
export function fpSub(a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  const nan = processNaNs(x, y, f, ctl, v);
  if (nan !== null) return nan;
  return fpAdd(a, b ^ (1n << BigInt(f.N - 1)), f, ctl, v);
}

/** FPMul. */
export function fpMul(a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  const nan = processNaNs(x, y, f, ctl, v);
  if (nan !== null) return nan;
  const sign = x.sign ^ y.sign;
  if ((x.t === INF && y.t === ZERO) || (x.t === ZERO && y.t === INF)) return defaultNaN(f, v);
  if (x.t === INF || y.t === INF) return fpInf(sign, f);
  if (x.t === ZERO || y.t === ZERO) return fpZero(sign, f);
  return fpRound(sign, x.mant * y.mant, x.exp + y.exp, false, f, ctl, v);
}

/** FPDiv. */
export function fpDiv(a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  const nan = processNaNs(x, y, f, ctl, v);
  if (nan !== null) return nan;
  const sign = x.sign ^ y.sign;
  if ((x.t === INF && y.t === INF) || (x.t === ZERO && y.t === ZERO)) return defaultNaN(f, v);
  if (x.t === INF || y.t === ZERO) {
    if (x.t !== INF) v.fpscr |= FPSCR_DZC;
    return fpInf(sign, f);
  }
  if (x.t === ZERO || y.t === INF) return fpZero(sign, f);
  // Quotient with at least F + 4 significant bits, remainder as sticky.
  const k = Math.max(0, f.F + 5 + bitLength(y.mant) - bitLength(x.mant));
  const num = x.mant << BigInt(k);
  const q = num / y.mant;
  return fpRound(sign, q, x.exp - y.exp - k, q * y.mant !== num, f, ctl, v);
}

/** Integer square root (floor). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** FPSqrt. */
export function fpSqrt(a: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v);
  if (isNaN(x)) return processNaN(x, f, ctl, v);
  if (x.t === ZERO) return fpZero(x.sign, f);
  if (x.t === INF && x.sign === 0) return fpInf(0, f);
  if (x.sign === 1) return defaultNaN(f, v);
  let m = x.mant, e = x.exp;
  if (e & 1) { m <<= 1n; e -= 1; }
  // At least 2 * (F + 4) bits under the root, an even number of extra ones.
  const need = 2 * (f.F + 5) - bitLength(m);
  if (need > 0) { const k = need + (need & 1); m <<= BigInt(k); e -= k; }
  const r = isqrt(m);
  return fpRound(0, r, e / 2, r * r !== m, f, ctl, v);
}

/** FPMulAdd: addend + op1 * op2 with one rounding. */
export function fpMulAdd(addend: bigint, op1: bigint, op2: bigint, f: Fmt, ctl: number, v: VfpState): bigint {
  const a = unpack(addend, f, ctl, v), x = unpack(op1, f, ctl, v), y = unpack(op2, f, ctl, v);
  const infZero = (x.t === INF && y.t === ZERO) || (x.t === ZERO && y.t === INF);
  const nan = processNaNs3(a, x, y, f, ctl, v);
  if (a.t === QNAN && infZero) return defaultNaN(f, v);
  if (nan !== null) return nan;
  const signP = x.sign ^ y.sign;
  const infP = x.t === INF || y.t === INF;
  const zeroP = x.t === ZERO || y.t === ZERO;
  if (infZero || (a.t === INF && infP && a.sign !== signP)) return defaultNaN(f, v);
  if ((a.t === INF && a.sign === 0) || (infP && signP === 0)) return fpInf(0, f);
  if ((a.t === INF && a.sign === 1) || (infP && signP === 1)) return fpInf(1, f);
  if (a.t === ZERO && zeroP && a.sign === signP) return fpZero(a.sign, f);
  if (zeroP) {
    if (a.t === ZERO) return roundSigned(0n, 0, f, ctl, v);
    return fpRound(a.sign, a.mant, a.exp, false, f, ctl, v);
  }
  if (a.t === ZERO) return fpRound(signP, x.mant * y.mant, x.exp + y.exp, false, f, ctl, v);
  const [s, e] = exactSum(a.sign, a.mant, a.exp, signP, x.mant * y.mant, x.exp + y.exp);
  return roundSigned(s, e, f, ctl, v);
}

/** FPCompare: the NZCV nibble; IOC for signalling NaNs, or any NaN when quietNaNExc (VCMPE). */
export function fpCompare(a: bigint, b: bigint, f: Fmt, quietNaNExc: boolean, ctl: number, v: VfpState): number {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  if (isNaN(x) || isNaN(y)) {
    if (x.t === SNAN || y.t === SNAN || quietNaNExc) v.fpscr |= FPSCR_IOC;
    return 0x3;
  }
  const c = compareValues(x, y);
  return c === 0 ? 0x6 : c < 0 ? 0x8 : 0x2;
}

function signedValue(u: Unpacked, e: number): bigint {
  const m = u.mant << BigInt(u.exp - e);
  return u.sign ? -m : m;
}

function compareValues(x: Unpacked, y: Unpacked): number {
  if (x.t === INF || y.t === INF) {
    const vx = x.t === INF ? (x.sign ? -2 : 2) : 0, vy = y.t === INF ? (y.sign ? -2 : 2) : 0;
    if (vx !== 0 && vy !== 0) return Math.sign(vx - vy);
    if (vx !== 0) return Math.sign(vx);
    return -Math.sign(vy);
  }
  const zx = x.t === ZERO, zy = y.t === ZERO;
  if (zx && zy) return 0;
  const e = Math.min(zx ? y.exp : x.exp, zy ? x.exp : y.exp);
  const a = zx ? 0n : signedValue(x, e), b = zy ? 0n : signedValue(y, e);
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * Conversion between formats (FPSingleToDouble, FPDoubleToSingle, FPHalfToSingle,
 * FPSingleToHalf): NaN payloads keep their top fraction bits.
 */
export function fpConvert(bits: bigint, from: Fmt, to: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(bits, from, ctl, v);
  const ahpOut = to === F16 && (ctl & FPSCR_AHP) !== 0;
  if (isNaN(x)) {
    if (ahpOut) { v.fpscr |= FPSCR_IOC; return fpZero(x.sign, to); }
    if (x.t === SNAN) v.fpscr |= FPSCR_IOC;
    if ((ctl & FPSCR_DN) !== 0) return to.defaultNaN;
    const frac = bits & (from.fracMask >> 1n);
    const payload = to.F >= from.F ? frac << BigInt(to.F - from.F) : frac >> BigInt(from.F - to.F);
    return fpInf(x.sign, to) | to.qbit | payload;
  }
  if (x.t === INF) {
    if (ahpOut) { v.fpscr |= FPSCR_IOC; return fpZero(x.sign, to) | ((1n << BigInt(to.N - 1)) - 1n); }
    return fpInf(x.sign, to);
  }
  if (x.t === ZERO) return fpZero(x.sign, to);
  return fpRound(x.sign, x.mant, x.exp, false, to, ctl, v);
}

/**
 * FPToFixed: to an M-bit integer with `fbits` fraction bits; NaN gives 0 and
 * out-of-range values saturate, both with IOC; the result is returned as its
 * low 32 bits (sign-extended for signed forms).
 */
export function fpToFixed(bits: bigint, f: Fmt, fbits: number, M: number, unsigned: boolean, roundZero: boolean,
  ctl: number, v: VfpState): number {
  const x = unpack(bits, f, ctl, v);
  let intRes: bigint;
  let err = 0;
  if (isNaN(x)) {
    v.fpscr |= FPSCR_IOC;
    return 0;
  } else if (x.t === ZERO) {
    intRes = 0n;
  } else if (x.t === INF) {
    intRes = x.sign ? -(1n << 2000n) : 1n << 2000n;
  } else {
    const s = x.exp + fbits;
    const val = x.sign ? -x.mant : x.mant;
    if (s >= 0) {
      intRes = val << BigInt(s);
    } else {
      const k = BigInt(-s);
      intRes = val >> k;
      const rem = val - (intRes << k);
      const half = 1n << (k - 1n);
      err = rem === 0n ? 0 : rem < half ? 1 : rem === half ? 2 : 3;
    }
    const rmode = roundZero ? RMODE_RZ : (ctl & FPSCR_RMODE) >>> 22;
    let up: boolean;
    switch (rmode) {
      case RMODE_RN: up = err === 3 || (err === 2 && (intRes & 1n) === 1n); break;
      case RMODE_RP: up = err !== 0; break;
      case RMODE_RM: up = false; break;
      default: up = err !== 0 && intRes < 0n; break;
    }
    if (up) intRes++;
  }
  const lo = unsigned ? 0n : -(1n << BigInt(M - 1));
  const hi = unsigned ? (1n << BigInt(M)) - 1n : (1n << BigInt(M - 1)) - 1n;
  if (intRes < lo || intRes > hi) {
    v.fpscr |= FPSCR_IOC;
    intRes = intRes < lo ? lo : hi;
  } else if (err !== 0) {
    v.fpscr |= FPSCR_IXC;
  }
  return Number(BigInt.asUintN(32, intRes));
}

/** FixedToFP: the exact integer `val` scaled by 2^-fbits, rounded (to nearest when roundNearest, else per ctl). */
export function fixedToFp(val: bigint, fbits: number, f: Fmt, roundNearest: boolean, ctl: number,
  v: VfpState): bigint {
  if (val === 0n) return fpZero(0, f);
  const c = roundNearest ? ctl & ~FPSCR_RMODE : ctl;
  return val < 0n ? fpRound(1, -val, -fbits, false, f, c, v) : fpRound(0, val, -fbits, false, f, c, v);
}

/** FPMax / FPMin: NaNs as for arithmetic; of two zeros the most positive (max) or negative (min) one. */
export function fpMaxMin(a: bigint, b: bigint, isMax: boolean, f: Fmt, ctl: number, v: VfpState): bigint {
  const x = unpack(a, f, ctl, v), y = unpack(b, f, ctl, v);
  const nan = processNaNs(x, y, f, ctl, v);
  if (nan !== null) return nan;
  const c = compareValues(x, y);
  const r = isMax ? (c > 0 ? x : y) : (c < 0 ? x : y);
  if (r.t === INF) return fpInf(r.sign, f);
  if (r.t === ZERO) {
    const bothZero = x.t === ZERO && y.t === ZERO;
    const sign = bothZero ? (isMax ? x.sign & y.sign : x.sign | y.sign) : r.sign;
    return fpZero(sign, f);
  }
  return fpRound(r.sign, r.mant, r.exp, false, f, ctl, v);
}
