// Shared pieces of the Advanced SIMD decoders: lane views, register checks,
// the Standard FPSCR value, saturation, and the guard every op runs behind.

import type { Core, Op } from '../core.js';
import { guarded } from './guard.js';
import { USE_HIGH, USE_SIMD } from './access.js';
import { FPSCR_AHP, FPSCR_DN, FPSCR_FZ, FPSCR_QC, type VfpState } from './state.js';

export type Lanes = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;

/** Lane view for 8/16/32-bit elements (size 0/1/2). */
export function lanes(v: VfpState, size: number, signed: boolean): Lanes {
  switch (size) {
    case 0: return signed ? v.xsb : v.xb;
    case 1: return signed ? v.xsh : v.xh;
    default: return signed ? v.xsw : v.xw;
  }
}

/** Index in a lane view of element 0 of D register r. */
export function laneBase(r: number, size: number): number { return r << (3 - size); }

/** Register fields of the common three-register form: d = D:Vd, n = N:Vn, m = M:Vm. */
export function regD(w: number): number { return (((w >>> 22) & 1) << 4) | ((w >>> 12) & 0xf); }
export function regN(w: number): number { return (((w >>> 7) & 1) << 4) | ((w >>> 16) & 0xf); }
export function regM(w: number): number { return (((w >>> 5) & 1) << 4) | (w & 0xf); }

/** Advanced SIMD op behind the enable checks; `top` is the highest D register touched. */
export function simd(core: Core, w: number, top: number, body: Op): Op {
  return guarded(core, w, USE_SIMD | (top >= 16 ? USE_HIGH : 0), body);
}

/** Standard FPSCR value for Advanced SIMD floating point: FZ, DN, round to nearest (AHP kept). */
export function stdFpscr(v: VfpState): number {
  return (v.fpscr & FPSCR_AHP) | FPSCR_DN | FPSCR_FZ;
}

/** Saturation bounds per element size. */
export const SMIN = [-0x80, -0x8000, -0x80000000], SMAX = [0x7f, 0x7fff, 0x7fffffff];
export const UMAX = [0xff, 0xffff, 0xffffffff];

/** Set by saturating lane operations; the op moves it into FPSCR.QC. */
export const sat = { hit: false };

export function satS(x: number, size: number): number {
  if (x > SMAX[size]) { sat.hit = true; return SMAX[size]; }
  if (x < SMIN[size]) { sat.hit = true; return SMIN[size]; }
  return x;
}

export function satU(x: number, size: number): number {
  if (x > UMAX[size]) { sat.hit = true; return UMAX[size]; }
  if (x < 0) { sat.hit = true; return 0; }
  return x;
}

export function takeSat(v: VfpState): void {
  if (sat.hit) { v.fpscr |= FPSCR_QC; sat.hit = false; }
}

/** Scratch lanes for operations whose result overlaps their sources (pairwise, permutes, widening). */
export const tmpBuf = new ArrayBuffer(64);
export const tmpW = new Uint32Array(tmpBuf);
export const tmpB = new Uint8Array(tmpBuf);

export function tmpLanes(size: number, signed: boolean): Lanes {
  switch (size) {
    case 0: return signed ? new Int8Array(tmpBuf) : tmpB;
    case 1: return signed ? new Int16Array(tmpBuf) : new Uint16Array(tmpBuf);
    default: return signed ? new Int32Array(tmpBuf) : tmpW;
  }
}
