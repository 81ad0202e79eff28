// Floating-point operations on register indices (into VfpState.xs for single,
// VfpState.xd for double precision). The host computes in IEEE double with
// round-to-nearest-even; a fast path takes that result when it is provably the
// architectural one (rounding mode RN, finite normal result, no input the FZ
// mode would flush) and derives Inexact exactly from error-free transforms
// (TwoSum, Dekker's product). Everything else — other rounding modes,
// denormal results, NaNs, infinities — goes to the exact slow path in
// softfloat.ts. `ctl` is the controlling FPSCR value (FPSCR itself for VFP
// instructions, the Standard FPSCR value for Advanced SIMD); flags go to v.fpscr.

import {
  F32, F64, fixedToFp, fpAdd, fpCompare, fpConvert, fpDiv, fpMaxMin, fpMul, fpMulAdd, fpSqrt, fpSub, fpToFixed,
  type Fmt,
} from './softfloat.js';
import { FPSCR_FZ, FPSCR_IXC, FPSCR_RMODE, type VfpState } from './state.js';

const MIN_NORMAL_32 = 2 ** -126;
const MIN_NORMAL_64 = 2 ** -1022;
/** Bounds within which Dekker's product is exact (no overflow in the split, error representable). */
const SPLIT_MAX = 2 ** 995;
const PROD_MIN = 2 ** -960;
const SPLIT = 134217729; // 2^27 + 1

type Slow2 = (a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState) => bigint;

// ------------------------------------------------------------------ raw access

export function rawS(v: VfpState, i: number): bigint { return BigInt(v.xw[i]); }
export function rawD(v: VfpState, i: number): bigint { return (BigInt(v.xw[2 * i + 1]) << 32n) | BigInt(v.xw[2 * i]); }
export function setRawS(v: VfpState, i: number, x: bigint): void { v.xw[i] = Number(x); }
export function setRawD(v: VfpState, i: number, x: bigint): void {
  v.xw[2 * i] = Number(x & 0xffffffffn);
  v.xw[2 * i + 1] = Number(x >> 32n);
}

/** True for a denormal the FZ mode would flush (only asked when FZ is set). */
function den32(x: number): boolean { return x !== 0 && Math.abs(x) < MIN_NORMAL_32; }
function den64(x: number): boolean { return x !== 0 && Math.abs(x) < MIN_NORMAL_64; }

/** Error of the rounded sum r = a + b (TwoSum); exact unless r overflowed. */
function sumErr(a: number, b: number, r: number): number {
  const bb = r - a;
  return (a - (r - bb)) + (b - bb);
}

/** Error of the rounded product p = a * b (Dekker); exact within SPLIT_MAX / PROD_MIN. */
function prodErr(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

function slowS(op: Slow2, v: VfpState, d: number, n: number, m: number, ctl: number): void {
  v.xw[d] = Number(op(rawS(v, n), rawS(v, m), F32, ctl, v));
}

function slowD(op: Slow2, v: VfpState, d: number, n: number, m: number, ctl: number): void {
  setRawD(v, d, op(rawD(v, n), rawD(v, m), F64, ctl, v));
}

// ------------------------------------------------------------------ single precision

/** Stores a single-precision result computed exactly in double (r) after rounding; true when done. */
function finishS(v: VfpState, d: number, r: number, exact: boolean): boolean {
  const f = Math.fround(r);
  const af = Math.abs(f);
  if (af > MIN_NORMAL_32 && af !== Infinity) {
    if (!exact || f !== r) v.fpscr |= FPSCR_IXC;
    v.xs[d] = f;
    return true;
  }
  return false;
}

export function addS(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xs[n], b = v.xs[m];
  const r = a + b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b)))) {
    if (r === 0) { v.xs[d] = r; return; }
    if (finishS(v, d, r, sumErr(a, b, r) === 0)) return;
  }
  slowS(fpAdd, v, d, n, m, ctl);
}

export function subS(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xs[n], b = v.xs[m];
  const r = a - b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b)))) {
    if (r === 0) { v.xs[d] = r; return; }
    if (finishS(v, d, r, sumErr(a, -b, r) === 0)) return;
  }
  slowS(fpSub, v, d, n, m, ctl);
}

export function mulS(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xs[n], b = v.xs[m];
  const p = a * b; // exact: two 24-bit significands
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b)))) {
    if (p === 0) { v.xs[d] = p; return; }
    if (finishS(v, d, p, true)) return;
  }
  slowS(fpMul, v, d, n, m, ctl);
}

export function divS(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xs[n], b = v.xs[m];
  const q = a / b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b)))) {
    if (q === 0 && b !== 0) { v.xs[d] = q; return; }
    // Double rounding is innocuous for division; f * b is exact when f is a float.
    const f = Math.fround(q);
    if (finishS(v, d, q, f !== q || f * b === a)) return;
  }
  slowS(fpDiv, v, d, n, m, ctl);
}

export function sqrtS(v: VfpState, d: number, m: number, ctl: number): void {
  const a = v.xs[m];
  const q = Math.sqrt(a);
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || !den32(a))) {
    if (a === 0) { v.xs[d] = a; return; }
    const f = Math.fround(q);
    if (finishS(v, d, q, f !== q || f * f === a)) return;
  }
  v.xw[d] = Number(fpSqrt(rawS(v, m), F32, ctl, v));
}

/** Fused multiply-add: Sd = Sa + Sn * Sm with one rounding. */
export function fmaS(v: VfpState, d: number, ai: number, n: number, m: number, ctl: number): void {
  const c = v.xs[ai], a = v.xs[n], b = v.xs[m];
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b) && !den32(c)))) {
    const p = a * b;
    const s = p + c;
    if (s === 0 && p === p) { v.xs[d] = s; return; }
    const e = sumErr(p, c, s);
    let f = Math.fround(s);
    if (e !== 0 && f !== s) {
      // s may be a midpoint between two floats: then the error decides.
      const g = s + (s - f);
      if (Math.fround(g) === g && (e > 0) === (s > f)) f = g;
    }
    const af = Math.abs(f);
    if (af > MIN_NORMAL_32 && af !== Infinity) {
      if (e !== 0 || f !== s) v.fpscr |= FPSCR_IXC;
      v.xs[d] = f;
      return;
    }
  }
  v.xw[d] = Number(fpMulAdd(rawS(v, ai), rawS(v, n), rawS(v, m), F32, ctl, v));
}

// ------------------------------------------------------------------ double precision

function finishD(v: VfpState, d: number, r: number, exact: boolean): boolean {
  const ar = Math.abs(r);
  if (ar > MIN_NORMAL_64 && ar !== Infinity) {
    if (!exact) v.fpscr |= FPSCR_IXC;
    v.xd[d] = r;
    return true;
  }
  return false;
}

export function addD(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xd[n], b = v.xd[m];
  const r = a + b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b)))) {
    if (r === 0) { v.xd[d] = r; return; }
    if (finishD(v, d, r, sumErr(a, b, r) === 0)) return;
  }
  slowD(fpAdd, v, d, n, m, ctl);
}

export function subD(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xd[n], b = v.xd[m];
  const r = a - b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b)))) {
    if (r === 0) { v.xd[d] = r; return; }
    if (finishD(v, d, r, sumErr(a, -b, r) === 0)) return;
  }
  slowD(fpSub, v, d, n, m, ctl);
}

export function mulD(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xd[n], b = v.xd[m];
  const p = a * b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b)))) {
    if (p === 0 && (a === 0 || b === 0)) { v.xd[d] = p; return; }
    const ap = Math.abs(p);
    if (ap >= PROD_MIN && Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX &&
      finishD(v, d, p, prodErr(a, b, p) === 0)) return;
  }
  slowD(fpMul, v, d, n, m, ctl);
}

export function divD(v: VfpState, d: number, n: number, m: number, ctl: number): void {
  const a = v.xd[n], b = v.xd[m];
  const q = a / b;
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b)))) {
    if (q === 0 && (a === 0 || Math.abs(b) === Infinity) && b !== 0) { v.xd[d] = q; return; }
    const aq = Math.abs(q);
    if (aq < SPLIT_MAX && Math.abs(b) < SPLIT_MAX && Math.abs(a) >= PROD_MIN) {
      const p = q * b;
      if (finishD(v, d, q, p === a && prodErr(q, b, p) === 0)) return;
    }
  }
  slowD(fpDiv, v, d, n, m, ctl);
}

export function sqrtD(v: VfpState, d: number, m: number, ctl: number): void {
  const a = v.xd[m];
  const q = Math.sqrt(a);
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || !den64(a))) {
    if (a === 0) { v.xd[d] = a; return; }
    if (a >= PROD_MIN && a !== Infinity) {
      const p = q * q;
      if (finishD(v, d, q, p === a && prodErr(q, q, p) === 0)) return;
    }
  }
  setRawD(v, d, fpSqrt(rawD(v, m), F64, ctl, v));
}

/** Scratch for reading a double's low significand bit and stepping to its neighbour. */
const bitsF = new Float64Array(1);
const bitsW = new Uint32Array(bitsF.buffer);
const FMA_MAX = 2 ** 1000, FMA_MIN = 2 ** -900;

/** Rounds z (= RN(x), error e = x - z) to odd: the neighbour with an odd last bit when inexact. */
function roundToOdd(z: number, e: number): number {
  bitsF[0] = z;
  if (e === 0 || (bitsW[0] & 1) === 1) return z;
  // Step one unit in the last place towards x (sign-magnitude: away from zero when e has z's sign).
  const away = (e > 0) === (z > 0);
  const lo = bitsW[0];
  if (away) { bitsW[0] = lo + 1; if (lo === 0xffffffff) bitsW[1]++; } else { bitsW[0] = lo - 1; if (lo === 0) bitsW[1]--; }
  return bitsF[0];
}

/**
 * Dd = Da + Dn * Dm with one rounding. Fast path (Boldo and Melquiond): the
 * exact product as uh + ul, the exact sum c + uh as th + tl, then
 * RN(th + RO(tl + ul)) with RO rounding to odd is the correctly rounded result.
 */
export function fmaD(v: VfpState, d: number, ai: number, n: number, m: number, ctl: number): void {
  const c = v.xd[ai], a = v.xd[n], b = v.xd[m];
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b) && !den64(c)))) {
    const uh = a * b;
    const au = Math.abs(uh), ac = Math.abs(c);
    if (au >= PROD_MIN && au < FMA_MAX && ac < FMA_MAX && Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX) {
      const ul = prodErr(a, b, uh);
      const th = c + uh, tl = sumErr(c, uh, th);
      const z0 = tl + ul, ze = sumErr(tl, ul, z0);
      const z = roundToOdd(z0, ze);
      const r = th + z;
      if (Math.abs(th) >= FMA_MIN && finishD(v, d, r, ze === 0 && sumErr(th, z, r) === 0)) return;
    }
  }
  setRawD(v, d, fpMulAdd(rawD(v, ai), rawD(v, n), rawD(v, m), F64, ctl, v));
}

// ------------------------------------------------------------------ sign operations (no exceptions)

export function negS(v: VfpState, d: number, m: number): void { v.xw[d] = (v.xw[m] ^ 0x80000000) >>> 0; }
export function absS(v: VfpState, d: number, m: number): void { v.xw[d] = v.xw[m] & 0x7fffffff; }
export function negD(v: VfpState, d: number, m: number): void {
  v.xw[2 * d] = v.xw[2 * m];
  v.xw[2 * d + 1] = (v.xw[2 * m + 1] ^ 0x80000000) >>> 0;
}
export function absD(v: VfpState, d: number, m: number): void {
  v.xw[2 * d] = v.xw[2 * m];
  v.xw[2 * d + 1] = v.xw[2 * m + 1] & 0x7fffffff;
}

// ------------------------------------------------------------------ compare

/** FPCompare of Sn (or Dn) with Sm, or with +0 when m < 0; returns NZCV in bits 31:28. */
export function cmpS(v: VfpState, n: number, m: number, quietNaNExc: boolean, ctl: number): number {
  const a = v.xs[n], b = m < 0 ? 0 : v.xs[m];
  if (a === a && b === b && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b)))) {
    return a === b ? 0x60000000 : a < b ? 0x80000000 : 0x20000000;
  }
  return fpCompare(rawS(v, n), m < 0 ? 0n : rawS(v, m), F32, quietNaNExc, ctl, v) << 28;
}

export function cmpD(v: VfpState, n: number, m: number, quietNaNExc: boolean, ctl: number): number {
  const a = v.xd[n], b = m < 0 ? 0 : v.xd[m];
  if (a === a && b === b && ((ctl & FPSCR_FZ) === 0 || (!den64(a) && !den64(b)))) {
    return a === b ? 0x60000000 : a < b ? 0x80000000 : 0x20000000;
  }
  return fpCompare(rawD(v, n), m < 0 ? 0n : rawD(v, m), F64, quietNaNExc, ctl, v) << 28;
}

// ------------------------------------------------------------------ conversions

/** VCVT.F64.F32 Dd, Sm. */
export function cvtDS(v: VfpState, d: number, m: number, ctl: number): void {
  const a = v.xs[m];
  if (a === a && ((ctl & FPSCR_FZ) === 0 || !den32(a))) { v.xd[d] = a; return; }
  setRawD(v, d, fpConvert(rawS(v, m), F32, F64, ctl, v));
}

/** VCVT.F32.F64 Sd, Dm. */
export function cvtSD(v: VfpState, d: number, m: number, ctl: number): void {
  const a = v.xd[m];
  if ((ctl & FPSCR_RMODE) === 0 && ((ctl & FPSCR_FZ) === 0 || !den64(a))) {
    if (a === 0) { v.xs[d] = a; return; }
    if (finishS(v, d, a, true)) return;
  }
  v.xw[d] = Number(fpConvert(rawD(v, m), F64, F32, ctl, v));
}

/** Rounds to an integer per the rounding mode, ties to even for RN. */
function roundInt(a: number, rmode: number): number {
  switch (rmode) {
    case 0: {
      let t = Math.round(a);
      if (t - a === 0.5 && t % 2 !== 0) t -= 1;
      return t;
    }
    case 1: return Math.ceil(a);
    case 2: return Math.floor(a);
    default: return Math.trunc(a);
  }
}

/**
 * Float (a host value read from S or D) to a 32-bit integer; returns the result
 * bits. `roundZero` for VCVT, FPSCR rounding for VCVTR. `isDouble` selects the
 * slow path's source format, `src` the register index.
 */
export function toInt(v: VfpState, a: number, isDouble: boolean, src: number, unsigned: boolean, roundZero: boolean,
  ctl: number): number {
  if (a === a && ((ctl & FPSCR_FZ) === 0 || (isDouble ? !den64(a) : !den32(a)))) {
    const t = roundInt(a, roundZero ? 3 : (ctl & FPSCR_RMODE) >>> 22);
    if (unsigned ? t >= 0 && t <= 4294967295 : t >= -2147483648 && t <= 2147483647) {
      if (t !== a) v.fpscr |= FPSCR_IXC;
      return t >>> 0;
    }
  }
  return isDouble ? fpToFixed(rawD(v, src), F64, 0, 32, unsigned, roundZero, ctl, v)
    : fpToFixed(rawS(v, src), F32, 0, 32, unsigned, roundZero, ctl, v);
}

/** 32-bit integer bits to single precision (FPSCR rounding). */
export function intToS(v: VfpState, d: number, bits: number, unsigned: boolean, ctl: number): void {
  const x = unsigned ? bits >>> 0 : bits | 0;
  if ((ctl & FPSCR_RMODE) === 0) {
    const f = Math.fround(x);
    if (f !== x) v.fpscr |= FPSCR_IXC;
    v.xs[d] = f;
    return;
  }
  v.xw[d] = Number(fixedToFp(BigInt(x), 0, F32, false, ctl, v));
}

/** 32-bit integer bits to double precision (always exact). */
export function intToD(v: VfpState, d: number, bits: number, unsigned: boolean): void {
  v.xd[d] = unsigned ? bits >>> 0 : bits | 0;
}

/** FPMax / FPMin of single-precision registers. */
export function maxMinS(v: VfpState, d: number, n: number, m: number, isMax: boolean, ctl: number): void {
  const a = v.xs[n], b = v.xs[m];
  if (a === a && b === b && ((ctl & FPSCR_FZ) === 0 || (!den32(a) && !den32(b))) && (a !== 0 || b !== 0)) {
    v.xs[d] = isMax ? (a > b ? a : b) : (a < b ? a : b);
    return;
  }
  v.xw[d] = Number(fpMaxMin(rawS(v, n), rawS(v, m), isMax, F32, ctl, v));
}
