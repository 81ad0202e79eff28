// Advanced SIMD data-processing instructions (ARM ARM A7.4): the top-level
// decode and the "three registers of the same length" group. Integer lanes
// use typed-array views of the register file (stores wrap to the lane size);
// floating-point lanes run the VFP operations with the Standard FPSCR value.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { absS, addS, cmpS, fmaS, maxMinS, mulS, negS, subS } from './arith.js';
import { SCRATCH_D, type VfpState } from './state.js';
import {
  laneBase, lanes, regD, regM, regN, sat, satS, satU, simd, stdFpscr, takeSat, tmpLanes, type Lanes,
} from './simd-util.js';
import { decodeSimdModImm, decodeSimdShift } from './simd-shift.js';
import { decodeSimdDiff, decodeSimdMisc, decodeSimdScalar, decodeVdupScalar, decodeVext, decodeVtbl } from './simd-misc.js';

/** Scratch single-precision registers (S64..S71). */
const TS = SCRATCH_D * 2;

export function decodeSimdDataProc(core: Core, w: number): Op {
  const a = (w >>> 19) & 0x1f, b = (w >>> 8) & 0xf, c = (w >>> 4) & 0xf, u = (w >>> 24) & 1;
  if ((a & 0x10) === 0) return decodeThreeSame(core, w);
  if ((c & 1) === 1) {
    if ((c & 8) === 0 && (a & 0x17) === 0x10) return decodeSimdModImm(core, w);
    return decodeSimdShift(core, w);
  }
  if ((a & 0x16) !== 0x16) {
    if ((c & 5) === 0) return decodeSimdDiff(core, w);
    if ((c & 5) === 4) return decodeSimdScalar(core, w);
    return undef(core);
  }
  if (u === 0) return decodeVext(core, w);
  if ((b & 8) === 0) return decodeSimdMisc(core, w);
  if ((b & 0xc) === 8) return decodeVtbl(core, w);
  if (b === 0xc && (c & 9) === 0) return decodeVdupScalar(core, w);
  return undef(core);
}

type F2 = (a: number, b: number) => number;

/** Element-wise d = f(n, m) over `count` lanes of a view (indices are lane indices). */
export function lanes2(view: Lanes, d: number, n: number, m: number, count: number, f: F2): () => void {
  return () => { for (let i = 0; i < count; i++) view[d + i] = f(view[n + i], view[m + i]); };
}

/** Element-wise d = f(d, n, m) (accumulating forms). */
export function lanes3(view: Lanes, d: number, n: number, m: number, count: number,
  f: (acc: number, a: number, b: number) => number): () => void {
  return () => { for (let i = 0; i < count; i++) view[d + i] = f(view[d + i], view[n + i], view[m + i]); };
}

/** Pairwise d = f over adjacent pairs of n then of m (doubleword only). */
function pairwise(view: Lanes, tmp: Lanes, d: number, n: number, m: number, count: number, f: F2): () => void {
  const half = count >> 1;
  return () => {
    for (let i = 0; i < half; i++) {
      tmp[i] = f(view[n + 2 * i], view[n + 2 * i + 1]);
      tmp[half + i] = f(view[m + 2 * i], view[m + 2 * i + 1]);
    }
    for (let i = 0; i < count; i++) view[d + i] = tmp[i];
  };
}

/** Shift by a signed byte count (VSHL/VRSHL register forms): left when positive, right when negative. */
function shiftLane(x: number, sh: number, round: boolean): number {
  if (sh >= 0) return x * 2 ** sh;
  return Math.floor(x / 2 ** -sh + (round ? 0.5 : 0));
}

function decodeThreeSame(core: Core, w: number): Op {
  const v = core.vfp;
  const q = (w >>> 6) & 1, u = (w >>> 24) & 1, size = (w >>> 20) & 3, A = (w >>> 8) & 0xf, B = (w >>> 4) & 1;
  const d = regD(w), n = regN(w), m = regM(w);
  if (q && ((d | n | m) & 1)) return undef(core);
  const regs = q ? 2 : 1;
  const top = Math.max(d, n, m) + regs - 1;
  const op = (body: () => void): Op => simd(core, w, top, body);
  if (A >= 12) return decodeThreeSameFloat(core, w, d, n, m, regs, top);
  if (A === 1 && B === 1) return decodeLogic(core, w, d, n, m, regs, top);
  if (size === 3) return decodeThreeSame64(core, w, d, n, m, regs, top);
  const esize = 8 << size;
  const count = regs * (8 >> size);
  const signed = u === 0;
  const view = lanes(v, size, signed), uview = lanes(v, size, false);
  const D = laneBase(d, size), N = laneBase(n, size), M = laneBase(m, size);
  switch (A) {
    case 0:
      if (B === 0) return op(lanes2(view, D, N, M, count, (a, b) => Math.floor((a + b) / 2))); // VHADD
      return op(withSat(v, lanes2(view, D, N, M, count, signed ? (a, b) => satS(a + b, size) : (a, b) => satU(a + b, size))));
    case 1: return op(lanes2(view, D, N, M, count, (a, b) => Math.floor((a + b + 1) / 2))); // VRHADD
    case 2:
      if (B === 0) return op(lanes2(view, D, N, M, count, (a, b) => Math.floor((a - b) / 2))); // VHSUB
      return op(withSat(v, lanes2(view, D, N, M, count, signed ? (a, b) => satS(a - b, size) : (a, b) => satU(a - b, size))));
    case 3: // VCGT / VCGE
      return op(lanes2(view, D, N, M, count, B === 0 ? (a, b) => (a > b ? -1 : 0) : (a, b) => (a >= b ? -1 : 0)));
    case 4: case 5: { // VSHL / VQSHL / VRSHL / VQRSHL (register): value from m, shift from n's low byte
      const round = A === 5, saturate = B === 1;
      const shifts = lanes(v, size, true);
      const body = (): void => {
        for (let i = 0; i < count; i++) {
          const r = shiftLane(view[M + i], (shifts[N + i] << 24) >> 24, round);
          view[D + i] = saturate ? (signed ? satS(r, size) : satU(r, size)) : r;
        }
      };
      return op(saturate ? withSat(v, body) : body);
    }
    case 6: return op(lanes2(view, D, N, M, count, B === 0 ? (a, b) => (a > b ? a : b) : (a, b) => (a < b ? a : b)));
    case 7: // VABD / VABA
      if (B === 0) return op(lanes2(view, D, N, M, count, (a, b) => Math.abs(a - b)));
      return op(() => { for (let i = 0; i < count; i++) uview[D + i] = uview[D + i] + Math.abs(view[N + i] - view[M + i]); });
    case 8:
      if (B === 0) return op(lanes2(uview, D, N, M, count, u === 0 ? (a, b) => a + b : (a, b) => a - b)); // VADD / VSUB
      return op(lanes2(uview, D, N, M, count, u === 0 ? (a, b) => ((a & b) !== 0 ? -1 : 0) : (a, b) => (a === b ? -1 : 0)));
    case 9:
      if (B === 0) { // VMLA / VMLS
        return op(lanes3(uview, D, N, M, count, u === 0 ? (acc, a, b) => acc + Math.imul(a, b) : (acc, a, b) => acc - Math.imul(a, b)));
      }
      if (u === 0) return op(lanes2(uview, D, N, M, count, (a, b) => Math.imul(a, b))); // VMUL
      if (size !== 0) return undef(core);
      return op(lanes2(uview, D, N, M, count, polyMul8)); // VMUL.P8
    case 10: { // VPMAX / VPMIN
      if (q) return undef(core);
      return op(pairwise(view, tmpLanes(size, signed), D, N, M, count, B === 0 ? Math.max : Math.min));
    }
    case 11: {
      if (B === 1) { // VPADD
        if (q || u) return undef(core);
        return op(pairwise(uview, tmpLanes(size, false), D, N, M, count, (a, b) => a + b));
      }
      if (size === 0 || size === 3) return undef(core);
      // VQDMULH / VQRDMULH: high half of the doubled product, saturating
      const sv = lanes(v, size, true);
      const round = u === 1 ? 1n << BigInt(esize - 1) : 0n, sh = BigInt(esize);
      return op(withSat(v, () => {
        for (let i = 0; i < count; i++) {
          const p = 2n * BigInt(sv[N + i]) * BigInt(sv[M + i]) + round;
          sv[D + i] = satS(Number(p >> sh), size);
        }
      }));
    }
    default: return undef(core);
  }
}

/** Polynomial (carry-less) multiply of two bytes, low 8 bits. */
function polyMul8(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r ^= a << i;
  return r & 0xff;
}

function withSat(v: VfpState, body: () => void): () => void {
  return () => { sat.hit = false; body(); takeSat(v); };
}

/** VAND VBIC VORR VORN VEOR VBSL VBIT VBIF on whole words. */
function decodeLogic(core: Core, w: number, d: number, n: number, m: number, regs: number, top: number): Op {
  const xw = core.vfp.xw;
  const sel = (((w >>> 24) & 1) << 2) | ((w >>> 20) & 3);
  const D = 2 * d, N = 2 * n, M = 2 * m, count = 2 * regs;
  let body: () => void;
  switch (sel) {
    case 0: body = () => { for (let i = 0; i < count; i++) xw[D + i] = xw[N + i] & xw[M + i]; }; break;
    case 1: body = () => { for (let i = 0; i < count; i++) xw[D + i] = xw[N + i] & ~xw[M + i]; }; break;
    case 2: body = () => { for (let i = 0; i < count; i++) xw[D + i] = xw[N + i] | xw[M + i]; }; break;
    case 3: body = () => { for (let i = 0; i < count; i++) xw[D + i] = xw[N + i] | ~xw[M + i]; }; break;
    case 4: body = () => { for (let i = 0; i < count; i++) xw[D + i] = xw[N + i] ^ xw[M + i]; }; break;
    case 5: body = () => { for (let i = 0; i < count; i++) xw[D + i] = (xw[N + i] & xw[D + i]) | (xw[M + i] & ~xw[D + i]); }; break;
    case 6: body = () => { for (let i = 0; i < count; i++) xw[D + i] = (xw[N + i] & xw[M + i]) | (xw[D + i] & ~xw[M + i]); }; break;
    default: body = () => { for (let i = 0; i < count; i++) xw[D + i] = (xw[D + i] & xw[M + i]) | (xw[N + i] & ~xw[M + i]); }; break;
  }
  return simd(core, w, top, body);
}

/** 64-bit lanes: VADD, VSUB, VQADD, VQSUB, VSHL/VRSHL/VQSHL/VQRSHL (register). */
function decodeThreeSame64(core: Core, w: number, d: number, n: number, m: number, regs: number, top: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, A = (w >>> 8) & 0xf, B = (w >>> 4) & 1;
  const xw = v.xw;
  if (A === 8 && B === 0) {
    const sub = u === 1;
    return simd(core, w, top, () => {
      for (let r = 0; r < regs; r++) {
        const lo1 = xw[2 * (n + r)], lo2 = xw[2 * (m + r)];
        const hi1 = xw[2 * (n + r) + 1], hi2 = xw[2 * (m + r) + 1];
        if (sub) {
          xw[2 * (d + r)] = lo1 - lo2;
          xw[2 * (d + r) + 1] = hi1 - hi2 - (lo1 < lo2 ? 1 : 0);
        } else {
          const lo = lo1 + lo2;
          xw[2 * (d + r)] = lo;
          xw[2 * (d + r) + 1] = hi1 + hi2 + (lo > 0xffffffff ? 1 : 0);
        }
      }
    });
  }
  const signed = u === 0;
  const lim = signed ? [-(1n << 63n), (1n << 63n) - 1n] : [0n, (1n << 64n) - 1n];
  const view = signed ? v.xsq : v.xq;
  const clamp = (x: bigint): bigint => {
    if (x < lim[0]) { sat.hit = true; return lim[0]; }
    if (x > lim[1]) { sat.hit = true; return lim[1]; }
    return x;
  };
  let f: (a: bigint, b: bigint) => bigint;
  if (A === 0 && B === 1) f = (a, b) => clamp(a + b);
  else if (A === 2 && B === 1) f = (a, b) => clamp(a - b);
  else if (A === 4 || A === 5) {
    const round = A === 5, saturate = B === 1;
    f = (x, s) => {
      const sh = Number(BigInt.asIntN(8, s));
      let r: bigint;
      if (sh >= 0) r = x << BigInt(sh);
      else r = round ? (x + (1n << BigInt(-sh - 1))) >> BigInt(-sh) : x >> BigInt(-sh);
      return saturate ? clamp(r) : r;
    };
  } else return undef(core);
  const shiftForm = A === 4 || A === 5;
  return simd(core, w, top, withSat(v, () => {
    for (let r = 0; r < regs; r++) {
      // The register shifts take the value from m and the shift from n.
      view[d + r] = shiftForm ? f(view[m + r], v.xsq[n + r]) : f(view[n + r], view[m + r]);
    }
  }));
}

/** Floating-point lanes (single precision only) with the Standard FPSCR value. */
function decodeThreeSameFloat(core: Core, w: number, d: number, n: number, m: number, regs: number, top: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, A = (w >>> 8) & 0xf, B = (w >>> 4) & 1;
  const op21 = (w >>> 21) & 1;
  if ((w >>> 20) & 1) return undef(core); // sz = 1: double-precision lanes do not exist
  const count = 2 * regs;
  const D = 2 * d, N = 2 * n, M = 2 * m;
  const each = (f: (v: VfpState, i: number, ctl: number) => void): Op => simd(core, w, top, () => {
    const ctl = stdFpscr(v);
    for (let i = 0; i < count; i++) f(v, i, ctl);
  });
  const cmp = (f: (nzcv: number) => boolean, abs: boolean, quiet: boolean): Op => each((vv, i, ctl) => {
    let a = N + i, b = M + i;
    if (abs) { absS(vv, TS, a); absS(vv, TS + 1, b); a = TS; b = TS + 1; }
    vv.xw[D + i] = f(cmpS(vv, a, b, quiet, ctl)) ? 0xffffffff : 0;
  });
  const pairs = (f: (vv: VfpState, dst: number, a: number, b: number, ctl: number) => void): Op => {
    if (regs === 2) return undef(core);
    return simd(core, w, top, () => {
      const ctl = stdFpscr(v);
      f(v, TS, N, N + 1, ctl);
      f(v, TS + 1, M, M + 1, ctl);
      v.xw[D] = v.xw[TS]; v.xw[D + 1] = v.xw[TS + 1];
    });
  };
  switch (A) {
    case 12: // VFMA / VFMS
      if (B === 0 || u) return undef(core);
      return op21 === 0
        ? each((vv, i, ctl) => fmaS(vv, D + i, D + i, N + i, M + i, ctl))
        : each((vv, i, ctl) => { negS(vv, TS, N + i); fmaS(vv, D + i, D + i, TS, M + i, ctl); });
    case 13:
      if (B === 0) {
        if (u === 0) return each(op21 === 0 ? (vv, i, ctl) => addS(vv, D + i, N + i, M + i, ctl) : (vv, i, ctl) => subS(vv, D + i, N + i, M + i, ctl));
        if (op21 === 0) return pairs(addS); // VPADD
        return each((vv, i, ctl) => { subS(vv, TS, N + i, M + i, ctl); absS(vv, D + i, TS); }); // VABD
      }
      if (u === 0) { // VMLA / VMLS
        return op21 === 0
          ? each((vv, i, ctl) => { mulS(vv, TS, N + i, M + i, ctl); addS(vv, D + i, D + i, TS, ctl); })
          : each((vv, i, ctl) => { mulS(vv, TS, N + i, M + i, ctl); negS(vv, TS, TS); addS(vv, D + i, D + i, TS, ctl); });
      }
      if (op21 === 0) return each((vv, i, ctl) => mulS(vv, D + i, N + i, M + i, ctl)); // VMUL
      return undef(core);
    case 14:
      if (B === 0) {
        if (u === 0) return op21 === 0 ? cmp((x) => (x & 0x40000000) !== 0, false, false) : undef(core); // VCEQ
        return op21 === 0 ? cmp(isGe, false, true) : cmp(isGt, false, true); // VCGE / VCGT
      }
      if (u === 0) return undef(core);
      return op21 === 0 ? cmp(isGe, true, true) : cmp(isGt, true, true); // VACGE / VACGT
    case 15:
      if (B === 0) {
        const isMax = op21 === 0;
        if (u === 0) return each((vv, i, ctl) => maxMinS(vv, D + i, N + i, M + i, isMax, ctl));
        return pairs((vv, dst, a, b, ctl) => maxMinS(vv, dst, a, b, isMax, ctl));
      }
      return undef(core); // VRECPS / VRSQRTS are not modelled
    default: return undef(core);
  }
}

/** FPCompare results: GE is 0110 or 0010, GT is 0010. */
export function isGe(nzcv: number): boolean { return (nzcv & 0x30000000) === 0x20000000; }
export function isGt(nzcv: number): boolean { return (nzcv >>> 28) === 0x2; }
