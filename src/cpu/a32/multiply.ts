// Multiply instructions (A5.2.5, A5.2.7) and the exact 64-bit arithmetic
// helpers shared with the media multiplies (A5.4.4).
//
// JavaScript numbers are exact only up to 2^53, so 32x32 products are built
// from 16-bit limbs. Helpers return the low word and leave the high word in
// the module-level scratch `mulHi` (no allocation on the execution path).

import type { Core, Op } from '../core.js';
import { undef } from './system.js';

const TWO32 = 4294967296;

/** High word of the last umul64/smul64/add64 result. */
export let mulHi = 0;

/** Unsigned 32x32 -> 64 product of two uint32 values: returns bits 31:0, sets mulHi to bits 63:32. */
export function umul64(a: number, b: number): number {
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const p0 = aL * bL, p1 = aL * bH, p2 = aH * bL;
  const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
  mulHi = (aH * bH + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16)) >>> 0;
  return ((mid << 16) | (p0 & 0xffff)) >>> 0;
}

/** Signed 32x32 -> 64 product (operands as uint32 bit patterns): returns bits 31:0, sets mulHi. */
export function smul64(a: number, b: number): number {
  const lo = umul64(a, b);
  // (a - 2^32*sa) * (b - 2^32*sb) = a*b - 2^32*(sa*b + sb*a) (mod 2^64)
  let h = mulHi;
  if (a & 0x80000000) h -= b;
  if (b & 0x80000000) h -= a;
  mulHi = h >>> 0;
  return lo;
}

/**
 * Adds the signed integer `v` (|v| < 2^52) to the 64-bit value hi:lo (uint32 words):
 * returns the new low word and sets mulHi to the new high word.
 */
export function add64s(hi: number, lo: number, v: number): number {
  const s = lo + v;
  mulHi = (hi + Math.floor(s / TWO32)) >>> 0;
  return s >>> 0;
}

/** Adds two 64-bit values given as uint32 words: returns the low word, sets mulHi. */
export function add64(hi1: number, lo1: number, hi2: number, lo2: number): number {
  const s = lo1 + lo2;
  mulHi = (hi1 + hi2 + (s >= TWO32 ? 1 : 0)) >>> 0;
  return s >>> 0;
}

// ---------------------------------------------------------------- A5.2.5

/** MUL, MLA, UMAAL, MLS, UMULL, UMLAL, SMULL, SMLAL (bits 27:24 = 0000, bits 7:4 = 1001). */
export function decodeMultiply(core: Core, w: number): Op {
  const R = core.R;
  const op = (w >>> 20) & 0xf; // bits 23:20, bit 20 = S for most
  const s = w & (1 << 20);
  const d = (w >>> 16) & 0xf; // Rd or RdHi
  const a = (w >>> 12) & 0xf; // Ra or RdLo
  const m = (w >>> 8) & 0xf;
  const n = w & 0xf;
  switch (op >>> 1) {
    case 0: // MUL{S} Rd, Rn, Rm
      if (d === 15 || n === 15 || m === 15) return undef(core);
      if (!s) return () => { R[d] = Math.imul(R[n], R[m]); };
      return () => {
        const r = Math.imul(R[n], R[m]);
        R[d] = r;
        core.nf = r >>> 31; core.zf = r === 0 ? 1 : 0;
      };
    case 1: // MLA{S} Rd, Rn, Rm, Ra
      if (d === 15 || n === 15 || m === 15 || a === 15) return undef(core);
      if (!s) return () => { R[d] = Math.imul(R[n], R[m]) + R[a]; };
      return () => {
        const r = (Math.imul(R[n], R[m]) + R[a]) >>> 0;
        R[d] = r;
        core.nf = r >>> 31; core.zf = r === 0 ? 1 : 0;
      };
    case 2: // 0100 UMAAL RdLo, RdHi, Rn, Rm; 0101 UNDEFINED
      if (s) return undef(core);
      if (d === 15 || a === 15 || n === 15 || m === 15 || d === a) return undef(core);
      return () => {
        const lo = umul64(R[n], R[m]);
        // (2^32-1)^2 + 2*(2^32-1) = 2^64-1: never overflows; lo + RdLo + RdHi < 3*2^32 is exact.
        const sum = lo + R[a] + R[d];
        const c = sum >= 2 * TWO32 ? 2 : sum >= TWO32 ? 1 : 0;
        R[d] = mulHi + c;
        R[a] = sum;
      };
    case 3: // 0110 MLS Rd, Rn, Rm, Ra; 0111 UNDEFINED
      if (s) return undef(core);
      if (d === 15 || n === 15 || m === 15 || a === 15) return undef(core);
      return () => { R[d] = R[a] - Math.imul(R[n], R[m]); };
    default:
      break;
  }
  // Long multiplies: RdLo = bits 15:12, RdHi = bits 19:16.
  if (d === 15 || a === 15 || n === 15 || m === 15 || d === a) return undef(core);
  const signed = (op & 4) !== 0;
  const acc = (op & 2) !== 0;
  const hiR = d, loR = a;
  if (!signed && !acc) { // UMULL
    if (!s) return () => { const lo = umul64(R[n], R[m]); R[hiR] = mulHi; R[loR] = lo; };
    return () => { const lo = umul64(R[n], R[m]); setNZ64(core, mulHi, lo); R[hiR] = mulHi; R[loR] = lo; };
  }
  if (signed && !acc) { // SMULL
    if (!s) return () => { const lo = smul64(R[n], R[m]); R[hiR] = mulHi; R[loR] = lo; };
    return () => { const lo = smul64(R[n], R[m]); setNZ64(core, mulHi, lo); R[hiR] = mulHi; R[loR] = lo; };
  }
  if (!signed) { // UMLAL
    if (!s) return () => { const p = umul64(R[n], R[m]); const lo = add64(mulHi, p, R[hiR], R[loR]); R[hiR] = mulHi; R[loR] = lo; };
    return () => {
      const p = umul64(R[n], R[m]);
      const lo = add64(mulHi, p, R[hiR], R[loR]);
      setNZ64(core, mulHi, lo); R[hiR] = mulHi; R[loR] = lo;
    };
  }
  // SMLAL
  if (!s) return () => { const p = smul64(R[n], R[m]); const lo = add64(mulHi, p, R[hiR], R[loR]); R[hiR] = mulHi; R[loR] = lo; };
  return () => {
    const p = smul64(R[n], R[m]);
    const lo = add64(mulHi, p, R[hiR], R[loR]);
    setNZ64(core, mulHi, lo); R[hiR] = mulHi; R[loR] = lo;
  };
}

function setNZ64(core: Core, hi: number, lo: number): void {
  core.nf = hi >>> 31;
  core.zf = (hi | lo) === 0 ? 1 : 0;
}

// ---------------------------------------------------------------- A5.2.7

/** SMLAxy, SMLAWy, SMULWy, SMLALxy, SMULxy (bits 27:23 = 00010, bit 20 = 0, bits 7,4 = 1,0). */
export function decodeHalfwordMultiply(core: Core, w: number): Op {
  const R = core.R;
  const op1 = (w >>> 21) & 3;
  const d = (w >>> 16) & 0xf; // Rd or RdHi
  const a = (w >>> 12) & 0xf; // Ra or RdLo
  const m = (w >>> 8) & 0xf;
  const n = w & 0xf;
  const nTop = (w & 0x20) !== 0; // x: top half of Rn
  const mTop = (w & 0x40) !== 0; // y: top half of Rm
  // Shift that brings the selected half of a register into bits 31:16 (then >> 16 sign-extends).
  const nSh = nTop ? 0 : 16, mSh = mTop ? 0 : 16;
  switch (op1) {
    case 0: // SMLA<x><y> Rd, Rn, Rm, Ra
      if (d === 15 || n === 15 || m === 15 || a === 15) return undef(core);
      return () => {
        const r = ((R[n] << nSh) >> 16) * ((R[m] << mSh) >> 16) + (R[a] | 0);
        R[d] = r;
        if (r !== (r | 0)) core.qf = 1;
      };
    case 1: // bit 5 = 0: SMLAW<y> Rd, Rn, Rm, Ra; bit 5 = 1: SMULW<y> Rd, Rn, Rm
      if (d === 15 || n === 15 || m === 15) return undef(core);
      if (nTop) {
        return () => {
          // 48-bit product (|p| <= 2^46), bits 47:16 taken by an exact floor division.
          R[d] = Math.floor(((R[n] | 0) * ((R[m] << mSh) >> 16)) / 65536);
        };
      }
      if (a === 15) return undef(core);
      return () => {
        const r = Math.floor(((R[n] | 0) * ((R[m] << mSh) >> 16) + (R[a] | 0) * 65536) / 65536);
        R[d] = r;
        if (r !== (r | 0)) core.qf = 1;
      };
    case 2: // SMLAL<x><y> RdLo, RdHi, Rn, Rm
      if (d === 15 || a === 15 || n === 15 || m === 15 || d === a) return undef(core);
      return () => {
        const p = ((R[n] << nSh) >> 16) * ((R[m] << mSh) >> 16);
        const lo = add64s(R[d], R[a], p);
        R[d] = mulHi; R[a] = lo;
      };
    default: // SMUL<x><y> Rd, Rn, Rm
      if (d === 15 || n === 15 || m === 15) return undef(core);
      return () => { R[d] = ((R[n] << nSh) >> 16) * ((R[m] << mSh) >> 16); };
  }
}
