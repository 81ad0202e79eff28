// Advanced SIMD: two registers miscellaneous (A7.4.5), three registers of
// different lengths (A7.4.2), two registers and a scalar (A7.4.3), VEXT,
// VTBL/VTBX and VDUP (scalar).

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { absS, addS, cmpS, intToS, mulS, negS, rawS, toInt as floatToInt } from './arith.js';
import { F16, F32, fpConvert } from './softfloat.js';
import { SCRATCH_D } from './state.js';
import {
  laneBase, lanes, regD, regM, regN, sat, satS, satU, simd, stdFpscr, takeSat, tmpB, tmpLanes, tmpW,
} from './simd-util.js';
import { isGe, isGt } from './simd.js';

const TS = SCRATCH_D * 2;

export function decodeSimdMisc(core: Core, w: number): Op {
  const v = core.vfp;
  const size = (w >>> 18) & 3, A = (w >>> 16) & 3, op = (w >>> 7) & 0xf, q = (w >>> 6) & 1;
  const d = regD(w), m = regM(w);
  const regs = q ? 2 : 1;
  const narrow = A === 2 && (op === 4 || op === 5 || op === 6 || (op & 0xd) === 0xc);
  if (!narrow && q && ((d | m) & 1)) return undef(core);
  const top = Math.max(d, m) + regs - 1;
  const run = (body: () => void): Op => simd(core, w, narrow ? Math.max(d, m) + 1 : top, body);
  const count = regs * (8 >> size);
  const D = laneBase(d, size), M = laneBase(m, size);
  if (A === 0) {
    if (op <= 2) { // VREV64 / VREV32 / VREV16: reverse elements within 64/32/16-bit groups
      const group = 64 >> op;
      if ((8 << size) >= group) return undef(core);
      const flip = (group >> (3 + size)) - 1; // element index XOR mask within a group
      const view = lanes(v, size, false), tmp = tmpLanes(size, false);
      return run(() => {
        for (let i = 0; i < count; i++) tmp[i] = view[M + i];
        for (let i = 0; i < count; i++) view[D + i] = tmp[i ^ flip];
      });
    }
    if ((op & 0xe) === 4 || (op & 0xe) === 0xc) { // VPADDL / VPADAL: add adjacent pairs into double-width lanes
      if (size === 3) return undef(core);
      const acc = (op & 0xe) === 0xc;
      const src = lanes(v, size, (op & 1) === 0);
      const half = count >> 1;
      if (size === 2) {
        return run(() => {
          for (let i = 0; i < half; i++) {
            const s = BigInt(src[M + 2 * i]) + BigInt(src[M + 2 * i + 1]);
            v.xq[d + i] = BigInt.asUintN(64, acc ? v.xq[d + i] + s : s);
          }
        });
      }
      const dst = lanes(v, size + 1, false), Dw = laneBase(d, size + 1);
      return run(() => {
        for (let i = 0; i < half; i++) {
          const s = src[M + 2 * i] + src[M + 2 * i + 1];
          dst[Dw + i] = acc ? dst[Dw + i] + s : s;
        }
      });
    }
    const u = lanes(v, size, false), sv = lanes(v, size, true), esize = 8 << size;
    switch (op) {
      case 8: // VCLS
        if (size === 3) return undef(core);
        return run(() => { for (let i = 0; i < count; i++) { const x = sv[M + i]; u[D + i] = clz(x < 0 ? ~x : x, esize) - 1; } });
      case 9: // VCLZ
        if (size === 3) return undef(core);
        return run(() => { for (let i = 0; i < count; i++) u[D + i] = clz(u[M + i], esize); });
      case 10: // VCNT
        if (size !== 0) return undef(core);
        return run(() => { for (let i = 0; i < count; i++) u[D + i] = popcount8(u[M + i]); });
      case 11: { // VMVN (register)
        if (size !== 0) return undef(core);
        const xw = v.xw, W = 2 * regs;
        return run(() => { for (let i = 0; i < W; i++) xw[2 * d + i] = ~xw[2 * m + i]; });
      }
      case 14: case 15: // VQABS / VQNEG
        if (size === 3) return undef(core);
        return run(() => {
          sat.hit = false;
          for (let i = 0; i < count; i++) sv[D + i] = satS(op === 14 ? Math.abs(sv[M + i]) : -sv[M + i], size);
          takeSat(v);
        });
      default: return undef(core);
    }
  }
  if (A === 1) return decodeMiscCompare(core, size, op, d, m, count, run);
  if (A === 2) return decodeMiscPermute(core, size, op, q, d, m, regs, run);
  // A === 3: VCVT between single precision and integers (VRECPE/VRSQRTE are not modelled)
  if ((op & 0xc) !== 0xc || size !== 2) return undef(core);
  const toInt = (op & 2) !== 0, unsigned = (op & 1) !== 0;
  const S = 2 * regs, Ds = 2 * d, Ms = 2 * m;
  return run(toInt
    ? () => { const ctl = stdFpscr(v); for (let i = 0; i < S; i++) v.xw[Ds + i] = floatToInt(v, v.xs[Ms + i], false, Ms + i, unsigned, true, ctl); }
    : () => { const ctl = stdFpscr(v); for (let i = 0; i < S; i++) intToS(v, Ds + i, v.xw[Ms + i], unsigned, ctl); });
}

function clz(x: number, esize: number): number { return Math.clz32(x >>> 0) - (32 - esize); }
function popcount8(x: number): number { let c = 0; for (let b = x; b; b &= b - 1) c++; return c; }

/** VCGT/VCGE/VCEQ/VCLE/VCLT with zero, VABS, VNEG (integer and single precision). */
function decodeMiscCompare(core: Core, size: number, op: number, d: number, m: number, count: number,
  run: (b: () => void) => Op): Op {
  const v = core.vfp;
  const F = (op >>> 3) & 1, k = op & 7;
  if (F) {
    if (size !== 2 || k === 5) return undef(core);
    const D = 2 * d, M = 2 * m;
    if (k === 6) return run(() => { for (let i = 0; i < count; i++) absS(v, D + i, M + i); });
    if (k === 7) return run(() => { for (let i = 0; i < count; i++) negS(v, D + i, M + i); });
    // x > 0, x >= 0, x == 0, x <= 0 (0 >= x), x < 0 (0 > x)
    const test = [isGt, isGe, (c: number) => (c & 0x40000000) !== 0, isGe, isGt][k];
    const swap = k >= 3;
    return run(() => {
      const ctl = stdFpscr(v);
      for (let i = 0; i < count; i++) {
        let nzcv: number;
        if (swap) { v.xw[TS] = 0; nzcv = cmpS(v, TS, M + i, k !== 2, ctl); } else nzcv = cmpS(v, M + i, -1, k !== 2, ctl);
        v.xw[D + i] = test(nzcv) ? 0xffffffff : 0;
      }
    });
  }
  if (size === 3 || k === 5) return undef(core);
  const sv = lanes(v, size, true), u = lanes(v, size, false);
  const D = laneBase(d, size), M = laneBase(m, size);
  const f: ((x: number) => number)[] = [
    (x) => (x > 0 ? -1 : 0), (x) => (x >= 0 ? -1 : 0), (x) => (x === 0 ? -1 : 0), (x) => (x <= 0 ? -1 : 0),
    (x) => (x < 0 ? -1 : 0), (x) => x, (x) => Math.abs(x), (x) => -x,
  ];
  const g = f[k];
  return run(() => { for (let i = 0; i < count; i++) u[D + i] = g(sv[M + i]); });
}

/** VSWP, VTRN, VUZP, VZIP, VMOVN, VQMOVN(U), VSHLL (maximum shift), VCVT half <-> single. */
function decodeMiscPermute(core: Core, size: number, op: number, q: number, d: number, m: number,
  regs: number, run: (b: () => void) => Op): Op {
  const v = core.vfp;
  const view = lanes(v, size, false), tmp = tmpLanes(size, false);
  const D = laneBase(d, size), M = laneBase(m, size), per = 8 >> size, count = regs * per;
  switch (op) {
    case 0: { // VSWP
      if (size !== 0) return undef(core);
      const xw = v.xw, W = 2 * regs;
      return run(() => {
        for (let i = 0; i < W; i++) { const t = xw[2 * d + i]; xw[2 * d + i] = xw[2 * m + i]; xw[2 * m + i] = t; }
      });
    }
    case 1: // VTRN: swap odd lanes of d with even lanes of m
      if (size === 3) return undef(core);
      return run(() => {
        for (let i = 0; i < count; i += 2) { const t = view[D + i + 1]; view[D + i + 1] = view[M + i]; view[M + i] = t; }
      });
    case 2: case 3: { // VUZP / VZIP over the concatenation d:m
      if (size === 3 || (!q && size === 2)) return undef(core);
      const zip = op === 3;
      return run(() => {
        for (let i = 0; i < count; i++) { tmp[i] = view[D + i]; tmp[count + i] = view[M + i]; }
        for (let i = 0; i < count; i++) {
          if (zip) {
            view[D + i] = tmp[(i >> 1) + (i & 1) * count];
            view[M + i] = tmp[((count + i) >> 1) + ((count + i) & 1) * count];
          } else {
            view[D + i] = tmp[2 * i];
            view[M + i] = tmp[2 * i + 1];
          }
        }
      });
    }
    case 4: case 5: { // VMOVN (op 4, Q 0), VQMOVUN (op 4, Q 1), VQMOVN signed/unsigned (op 5, Q = U)
      if (size === 3 || (m & 1)) return undef(core);
      const kind = op === 4 ? (q ? 1 : 0) : (q ? 3 : 2); // 0 wrap, 1 s->u, 2 s->s, 3 u->u
      const src = lanes(v, size + 1, kind === 1 || kind === 2), Mw = laneBase(m, size + 1);
      const wide = size === 2;
      return run(() => {
        sat.hit = false;
        for (let i = 0; i < per; i++) {
          const x = wide ? Number(kind === 1 || kind === 2 ? v.xsq[m + i] : kind === 0 ? v.xq[m + i] & 0xffffffffn : v.xq[m + i])
            : src[Mw + i];
          tmp[i] = kind === 0 ? x : kind === 2 ? satS(x, size) : satU(x, size);
        }
        for (let i = 0; i < per; i++) view[D + i] = tmp[i];
        takeSat(v);
      });
    }
    case 6: { // VSHLL by the element size
      if (q || size === 3 || (d & 1)) return undef(core);
      const src = lanes(v, size, false), esize = 8 << size;
      return run(() => {
        for (let i = 0; i < per; i++) tmpW[i] = src[M + i];
        for (let i = 0; i < per; i++) {
          if (size === 2) v.xq[d + i] = BigInt(tmpW[i]) << 32n;
          else lanes(v, size + 1, false)[laneBase(d, size + 1) + i] = tmpW[i] * 2 ** esize;
        }
      });
    }
    case 12: case 14: { // VCVT.F16.F32 (op 12: Qm -> Dd) / VCVT.F32.F16 (op 14: Dm -> Qd)
      if (q || size !== 1) return undef(core);
      const toHalf = op === 12;
      if (toHalf ? (m & 1) : (d & 1)) return undef(core);
      return run(() => {
        const ctl = stdFpscr(v);
        if (toHalf) {
          for (let i = 0; i < 4; i++) tmpW[i] = Number(fpConvert(rawS(v, 2 * m + i), F32, F16, ctl, v));
          v.xw[2 * d] = (tmpW[0] | (tmpW[1] << 16)) >>> 0;
          v.xw[2 * d + 1] = (tmpW[2] | (tmpW[3] << 16)) >>> 0;
        } else {
          for (let i = 0; i < 4; i++) tmpW[i] = Number(fpConvert(BigInt(v.xh[4 * m + i]), F16, F32, ctl, v));
          for (let i = 0; i < 4; i++) v.xw[2 * d + i] = tmpW[i];
        }
      });
    }
    default: return undef(core);
  }
}

/** Three registers of different lengths: long (Q = D op D), wide (Q = Q op D) and high-half narrowing forms. */
export function decodeSimdDiff(core: Core, w: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, size = (w >>> 20) & 3, A = (w >>> 8) & 0xf;
  const d = regD(w), n = regN(w), m = regM(w);
  if (size === 3) return undef(core);
  const per = 8 >> size;
  if (A === 4 || A === 6) return decodeHighHalf(core, w, size, d, n, m);
  if (A === 9 || A === 11 || A === 13 || A === 15) return undef(core); // saturating doubling forms: not modelled
  if (A === 14 && (u || size !== 0)) return undef(core);
  const wideN = A === 1 || A === 3;
  if ((d & 1) || (wideN && (n & 1))) return undef(core);
  const top = Math.max(d + 1, n + (wideN ? 1 : 0), m);
  // Polynomial VMULL.P8 (U = 0) takes unsigned lanes.
  const src = lanes(v, size, u === 0 && A !== 14), N = laneBase(n, size), M = laneBase(m, size);
  // First operand: Dn lane, or Qn lane of double width for the wide forms.
  if (size < 2) {
    const nw = lanes(v, size + 1, u === 0), Nw = laneBase(n, size + 1);
    const dst = lanes(v, size + 1, false), D = laneBase(d, size + 1);
    const tmp = tmpLanes(2, false);
    const f = diffOp(A);
    return simd(core, w, top, () => {
      for (let i = 0; i < per; i++) tmp[i] = f(dst[D + i], wideN ? nw[Nw + i] : src[N + i], src[M + i]);
      for (let i = 0; i < per; i++) dst[D + i] = tmp[i];
    });
  }
  const signed = u === 0;
  const f = diffOpBig(A);
  const res: bigint[] = [0n, 0n];
  return simd(core, w, top, () => {
    for (let i = 0; i < per; i++) {
      const a = wideN ? (signed ? v.xsq[n + i] : v.xq[n + i]) : BigInt(src[N + i]);
      res[i] = f(v.xq[d + i], a, BigInt(src[M + i]));
    }
    for (let i = 0; i < per; i++) v.xq[d + i] = BigInt.asUintN(64, res[i]);
  });
}

/** Lane operation of the long/wide forms on exact numbers (8 and 16-bit sources). */
function diffOp(A: number): (acc: number, a: number, b: number) => number {
  switch (A) {
    case 0: case 1: return (_acc, a, b) => a + b;
    case 2: case 3: return (_acc, a, b) => a - b;
    case 5: return (acc, a, b) => acc + Math.abs(a - b);
    case 7: return (_acc, a, b) => Math.abs(a - b);
    case 8: return (acc, a, b) => acc + a * b;
    case 10: return (acc, a, b) => acc - a * b;
    case 12: return (_acc, a, b) => a * b;
    default: return (_acc, a, b) => { let r = 0; for (let k = 0; k < 8; k++) if (b & (1 << k)) r ^= a << k; return r; };
  }
}

function diffOpBig(A: number): (acc: bigint, a: bigint, b: bigint) => bigint {
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  switch (A) {
    case 0: case 1: return (_acc, a, b) => a + b;
    case 2: case 3: return (_acc, a, b) => a - b;
    case 5: return (acc, a, b) => acc + abs(a - b);
    case 7: return (_acc, a, b) => abs(a - b);
    case 8: return (acc, a, b) => acc + a * b;
    case 10: return (acc, a, b) => acc - a * b;
    default: return (_acc, a, b) => a * b;
  }
}

/** VADDHN / VRADDHN / VSUBHN / VRSUBHN: high halves of the double-width sum or difference. */
function decodeHighHalf(core: Core, w: number, size: number, d: number, n: number, m: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, A = (w >>> 8) & 0xf;
  if ((n | m) & 1) return undef(core);
  const per = 8 >> size, esize = 8 << size;
  const dst = lanes(v, size, false), D = laneBase(d, size);
  const round = u === 1 ? 1n << BigInt(esize - 1) : 0n, sh = BigInt(esize);
  const wide = size === 2 ? null : lanes(v, size + 1, false);
  const a = (r: number, i: number): bigint => (wide === null ? v.xq[r + i] : BigInt(wide[laneBase(r, size + 1) + i]));
  return simd(core, w, Math.max(d, n + 1, m + 1), () => {
    for (let i = 0; i < per; i++) {
      const s = A === 4 ? a(n, i) + a(m, i) : a(n, i) - a(m, i);
      tmpW[i] = Number(BigInt.asUintN(esize, (s + round) >> sh));
    }
    for (let i = 0; i < per; i++) dst[D + i] = tmpW[i];
  });
}

/** Two registers and a scalar: VMLA/VMLS/VMUL (integer, single precision), VMLAL/VMLSL/VMULL. */
export function decodeSimdScalar(core: Core, w: number): Op {
  const v = core.vfp;
  const q = (w >>> 24) & 1, size = (w >>> 20) & 3, A = (w >>> 8) & 0xf;
  const d = regD(w), n = regN(w);
  if (size === 0 || size === 3) return undef(core);
  // Scalar: D[Vm<2:0>][M:Vm<3>] for 16-bit, D[Vm][M] for 32-bit elements.
  const vm = w & 0xf, M = (w >>> 5) & 1;
  const mreg = size === 1 ? vm & 7 : vm, idx = size === 1 ? (M << 1) | (vm >>> 3) : M;
  const long = A === 2 || A === 6 || A === 10;
  const isF = A === 1 || A === 5 || A === 9;
  const per = 8 >> size;
  if (long) {
    if (d & 1) return undef(core);
  } else if (q && ((d | n) & 1)) return undef(core);
  const regs = q ? 2 : 1;
  const top = Math.max(d + (long ? 1 : regs - 1), n + (long ? 0 : regs - 1), mreg);
  const S = laneBase(mreg, size) + idx;
  if (isF) {
    if (size !== 2 || long) return undef(core);
    const kind = A >> 2; // 0 VMLA, 1 VMLS, 2 VMUL
    const count = 2 * regs, Ds = 2 * d, Ns = 2 * n, Ss = 2 * mreg + idx;
    return simd(core, w, top, () => {
      const ctl = stdFpscr(v);
      v.xw[TS + 1] = v.xw[Ss];
      for (let i = 0; i < count; i++) {
        if (kind === 2) { mulS(v, Ds + i, Ns + i, TS + 1, ctl); continue; }
        mulS(v, TS, Ns + i, TS + 1, ctl);
        if (kind === 1) negS(v, TS, TS);
        addS(v, Ds + i, Ds + i, TS, ctl);
      }
    });
  }
  const signed = q === 0; // the U bit of the long forms sits where Q is
  if (long) {
    const src = lanes(v, size, signed), N = laneBase(n, size);
    const kind = A === 2 ? 0 : A === 6 ? 1 : 2; // VMLAL, VMLSL, VMULL
    // Qd may overlap Dn: results go through scratch until every operand is read.
    if (size === 2) {
      const res: bigint[] = [0n, 0n];
      return simd(core, w, top, () => {
        const s = BigInt(src[S]);
        for (let i = 0; i < per; i++) {
          const p = BigInt(src[N + i]) * s;
          res[i] = kind === 2 ? p : kind === 0 ? v.xq[d + i] + p : v.xq[d + i] - p;
        }
        for (let i = 0; i < per; i++) v.xq[d + i] = BigInt.asUintN(64, res[i]);
      });
    }
    const dv = lanes(v, size + 1, false), Dw = laneBase(d, size + 1);
    return simd(core, w, top, () => {
      const s = src[S];
      for (let i = 0; i < per; i++) {
        const p = src[N + i] * s;
        tmpW[i] = kind === 2 ? p : kind === 0 ? dv[Dw + i] + p : dv[Dw + i] - p;
      }
      for (let i = 0; i < per; i++) dv[Dw + i] = tmpW[i];
    });
  }
  if (A !== 0 && A !== 4 && A !== 8) return undef(core); // saturating doubling forms are not modelled
  const uv = lanes(v, size, false), N = laneBase(n, size), D = laneBase(d, size), count = regs * per;
  return simd(core, w, top, () => {
    const s = uv[S];
    for (let i = 0; i < count; i++) {
      const p = Math.imul(uv[N + i], s);
      uv[D + i] = A === 8 ? p : A === 0 ? uv[D + i] + p : uv[D + i] - p;
    }
  });
}

/** VEXT: bytes from the concatenation m:n starting at imm4. */
export function decodeVext(core: Core, w: number): Op {
  const xb = core.vfp.xb;
  const q = (w >>> 6) & 1, imm4 = (w >>> 8) & 0xf;
  const d = regD(w), n = regN(w), m = regM(w);
  if (q ? ((d | n | m) & 1) : imm4 > 7) return undef(core);
  const bytes = q ? 16 : 8;
  return simd(core, w, Math.max(d, n, m) + q, () => {
    for (let i = 0; i < bytes; i++) { tmpB[i] = xb[8 * n + i]; tmpB[bytes + i] = xb[8 * m + i]; }
    for (let i = 0; i < bytes; i++) xb[8 * d + i] = tmpB[imm4 + i];
  });
}

/** VTBL / VTBX: byte lookup in a table of 1-4 consecutive D registers. */
export function decodeVtbl(core: Core, w: number): Op {
  const xb = core.vfp.xb;
  const d = regD(w), n = regN(w), m = regM(w);
  const len = ((w >>> 8) & 3) + 1, ext = ((w >>> 6) & 1) === 1;
  if (n + len > 32) return undef(core);
  const size = 8 * len;
  return simd(core, w, Math.max(d, n + len - 1, m), () => {
    for (let i = 0; i < size; i++) tmpB[i] = xb[8 * n + i];
    for (let i = 0; i < 8; i++) tmpB[32 + i] = xb[8 * m + i];
    for (let i = 0; i < 8; i++) {
      const k = tmpB[32 + i];
      if (k < size) xb[8 * d + i] = tmpB[k];
      else if (!ext) xb[8 * d + i] = 0;
    }
  });
}

/** VDUP (scalar): one lane of Dm to every lane of Dd/Qd. */
export function decodeVdupScalar(core: Core, w: number): Op {
  const v = core.vfp;
  const q = (w >>> 6) & 1, imm4 = (w >>> 16) & 0xf;
  const d = regD(w), m = regM(w);
  if (q && (d & 1)) return undef(core);
  let size: number, idx: number;
  if (imm4 & 1) { size = 0; idx = imm4 >>> 1; } else if (imm4 & 2) { size = 1; idx = imm4 >>> 2; } else if (imm4 & 4) { size = 2; idx = imm4 >>> 3; } else return undef(core);
  const view = lanes(v, size, false);
  const count = (q ? 2 : 1) * (8 >> size), D = laneBase(d, size), S = laneBase(m, size) + idx;
  return simd(core, w, Math.max(d + q, m), () => {
    const x = view[S];
    for (let i = 0; i < count; i++) view[D + i] = x;
  });
}
