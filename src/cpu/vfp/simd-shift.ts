// Advanced SIMD shifts by an immediate (ARM ARM A7.4.4), including the
// narrowing, widening and fixed-point conversion forms, and the one-register
// modified-immediate group (A7.4.6: VMOV, VMVN, VORR, VBIC immediate).

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { F32, fixedToFp, fpToFixed } from './softfloat.js';
import { rawS } from './arith.js';
import {
  laneBase, lanes, regD, regM, sat, satS, satU, simd, stdFpscr, takeSat, tmpLanes,
} from './simd-util.js';

export function decodeSimdShift(core: Core, w: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, A = (w >>> 8) & 0xf, L = (w >>> 7) & 1, q = (w >>> 6) & 1;
  const imm6 = (w >>> 16) & 0x3f;
  const d = regD(w), m = regM(w);
  const size = L ? 3 : (imm6 & 0x20) ? 2 : (imm6 & 0x10) ? 1 : 0;
  const esize = 8 << size;
  const right = (L ? 64 : 2 * esize) - imm6; // 1..esize
  const left = imm6 - (L ? 0 : esize); // 0..esize-1
  if (A >= 8) return decodeShiftOther(core, w, size, right, left);
  if (q && ((d | m) & 1)) return undef(core);
  const regs = q ? 2 : 1;
  const top = Math.max(d, m) + regs - 1;
  const op = (body: () => void): Op => simd(core, w, top, body);
  if (size === 3) return decodeShift64(core, w, A, d, m, regs, top, right, left);
  const signed = u === 0;
  const view = lanes(v, size, signed), uview = lanes(v, size, false);
  const D = laneBase(d, size), M = laneBase(m, size), count = regs * (8 >> size);
  const scale = 2 ** right, half = (A & 2) ? 0.5 : 0;
  const mask = 2 ** esize - 1;
  switch (A) {
    case 0: case 2: // VSHR / VRSHR
      return op(() => { for (let i = 0; i < count; i++) view[D + i] = Math.floor(view[M + i] / scale + half); });
    case 1: case 3: // VSRA / VRSRA
      return op(() => {
        for (let i = 0; i < count; i++) uview[D + i] = uview[D + i] + Math.floor(view[M + i] / scale + half);
      });
    case 4: { // VSRI: insert the shifted bits, keep the top `right` bits of the destination
      if (!u) return undef(core);
      const keep = right === esize ? mask : mask - (2 ** (esize - right) - 1);
      return op(() => {
        for (let i = 0; i < count; i++) {
          uview[D + i] = (uview[D + i] & keep) | Math.floor(uview[M + i] / scale);
        }
      });
    }
    case 5: { // VSHL / VSLI (immediate)
      const mul = 2 ** left;
      if (!u) return op(() => { for (let i = 0; i < count; i++) uview[D + i] = uview[M + i] * mul; });
      const keep = mul - 1;
      return op(() => { for (let i = 0; i < count; i++) uview[D + i] = (uview[D + i] & keep) | (uview[M + i] * mul); });
    }
    case 6: case 7: { // VQSHLU (A = 6, U = 1) / VQSHL (A = 7)
      if (A === 6 && !u) return undef(core);
      const src = A === 6 ? lanes(v, size, true) : view;
      const unsignedResult = A === 6 || u === 1;
      const mul = 2 ** left;
      return op(() => {
        sat.hit = false;
        for (let i = 0; i < count; i++) {
          const x = src[M + i] * mul;
          uview[D + i] = unsignedResult ? satU(x, size) : satS(x, size);
        }
        takeSat(v);
      });
    }
    default: return undef(core);
  }
}

/** 64-bit lanes (L = 1): shifts with BigInt. */
function decodeShift64(core: Core, w: number, A: number, d: number, m: number, regs: number, top: number,
  right: number, left: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1;
  const sv = u ? v.xq : v.xsq, uv = v.xq;
  const R = BigInt(right), Lf = BigInt(left);
  const rnd = (A & 2) ? 1n << (R - 1n) : 0n;
  const MASK = (1n << 64n) - 1n;
  let f: (dst: bigint, x: bigint, sx: bigint) => bigint;
  switch (A) {
    case 0: case 2: f = (_d, _x, sx) => (sx + rnd) >> R; break;
    case 1: case 3: f = (dst, _x, sx) => dst + ((sx + rnd) >> R); break;
    case 4: if (!u) return undef(core); f = (dst, x) => (dst & ~(MASK >> R) & MASK) | (x >> R); break;
    case 5: f = u ? (dst, x) => (dst & ((1n << Lf) - 1n)) | (x << Lf) : (_d, x) => x << Lf; break;
    case 6: case 7: {
      if (A === 6 && !u) return undef(core);
      const unsignedResult = A === 6 || u === 1;
      const lo = unsignedResult ? 0n : -(1n << 63n), hi = unsignedResult ? MASK : (1n << 63n) - 1n;
      f = (_d, _x, sx) => {
        const s = (A === 6 ? BigInt.asIntN(64, sx) : sx) << Lf;
        if (s < lo) { sat.hit = true; return lo; }
        if (s > hi) { sat.hit = true; return hi; }
        return s;
      };
      break;
    }
    default: return undef(core);
  }
  return simd(core, w, top, () => {
    sat.hit = false;
    for (let r = 0; r < regs; r++) uv[d + r] = BigInt.asUintN(64, f(uv[d + r], uv[m + r], sv[m + r]));
    takeSat(v);
  });
}

/** Narrowing shifts, VSHLL/VMOVL, and VCVT between fixed point and single precision. */
function decodeShiftOther(core: Core, w: number, size: number, right: number, left: number): Op {
  const v = core.vfp;
  const u = (w >>> 24) & 1, A = (w >>> 8) & 0xf, L = (w >>> 7) & 1, b6 = (w >>> 6) & 1;
  const d = regD(w), m = regM(w);
  if (L) return undef(core);
  if (A === 8 || A === 9) {
    // Qm (elements of 2 * esize) shifted right into Dd (elements of esize)
    if (size === 3 || (m & 1)) return undef(core);
    const round = b6 === 1;
    const srcSigned = A === 8 ? u === 1 : u === 0; // VQSHRUN takes signed input
    const src = lanes(v, size + 1, srcSigned);
    const mode = A === 8 ? (u ? 'satU' : 'wrap') : (u ? 'satU' : 'satS');
    const dst = lanes(v, size, false), tmp = tmpLanes(size, false);
    const M = laneBase(m, size + 1), D = laneBase(d, size), count = 8 >> size;
    const scale = 2 ** right, half = round ? 0.5 : 0;
    const wide = size === 2;
    return simd(core, w, Math.max(d, m + 1), () => {
      sat.hit = false;
      for (let i = 0; i < count; i++) {
        const x = wide ? wideShift(v, m, i, srcSigned, right, round) : Math.floor(src[M + i] / scale + half);
        tmp[i] = mode === 'wrap' ? x : mode === 'satU' ? satU(x, size) : satS(x, size);
      }
      for (let i = 0; i < count; i++) dst[D + i] = tmp[i];
      takeSat(v);
    });
  }
  if (A === 10) { // VSHLL / VMOVL: Dm widened into Qd, shifted left
    if (b6 || (d & 1) || size === 3) return undef(core);
    const src = lanes(v, size, u === 0), tmp = tmpLanes(size, u === 0);
    const M = laneBase(m, size), count = 8 >> size, mul = 2 ** left;
    const dst = size === 2 ? null : lanes(v, size + 1, false);
    const D = laneBase(d, size + 1);
    return simd(core, w, d + 1, () => {
      for (let i = 0; i < count; i++) tmp[i] = src[M + i];
      if (dst !== null) {
        for (let i = 0; i < count; i++) dst[D + i] = tmp[i] * mul;
      } else {
        for (let i = 0; i < count; i++) v.xq[d + i] = BigInt.asUintN(64, BigInt(tmp[i]) << BigInt(left));
      }
    });
  }
  if (A === 14 || A === 15) { // VCVT between single precision and fixed point
    if (!(size === 2) || (b6 && ((d | m) & 1))) return undef(core);
    const toFixed = A === 15, unsigned = u === 1, fbits = right;
    const count = b6 ? 4 : 2, D = 2 * d, M = 2 * m;
    return simd(core, w, Math.max(d, m) + (b6 ? 1 : 0), () => {
      const ctl = stdFpscr(v);
      for (let i = 0; i < count; i++) {
        v.xw[D + i] = toFixed
          ? fpToFixed(rawS(v, M + i), F32, fbits, 32, unsigned, true, ctl, v)
          : Number(fixedToFp(BigInt(unsigned ? v.xw[M + i] : v.xsw[M + i]), fbits, F32, true, ctl, v));
      }
    });
  }
  return undef(core);
}

/** Element i of Qm as 64-bit lanes shifted right (exactly), for narrowing 64 -> 32. */
function wideShift(v: { xq: BigUint64Array; xsq: BigInt64Array }, m: number, i: number, signed: boolean,
  right: number, round: boolean): number {
  const x = signed ? v.xsq[m + i] : v.xq[m + i];
  const r = round ? (x + (1n << BigInt(right - 1))) >> BigInt(right) : x >> BigInt(right);
  // Keep enough range for saturation checks; wrapping takes the low 32 bits.
  if (r > 0xffffffffn || r < -0x80000000n) return r > 0n ? 2 ** 40 + Number(r & 0xffffffffn) : -(2 ** 40) + Number(r & 0xffffffffn);
  return Number(r);
}

/** AdvSIMDExpandImm: the 64-bit pattern as two words [lo, hi]; null when UNDEFINED. */
function expandImm(op: number, cmode: number, imm8: number): [number, number] | null {
  let lo: number;
  switch (cmode >>> 1) {
    case 0: lo = imm8; break;
    case 1: lo = imm8 << 8; break;
    case 2: lo = imm8 << 16; break;
    case 3: lo = imm8 << 24; break;
    case 4: lo = imm8 * 0x10001; break;
    case 5: lo = (imm8 << 8) * 0x10001; break;
    case 6: lo = (cmode & 1) ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff; break;
    default:
      if ((cmode & 1) === 0 && op === 0) { lo = imm8 * 0x1010101; break; }
      if ((cmode & 1) === 0) {
        let l = 0, h = 0;
        for (let i = 0; i < 4; i++) if (imm8 & (1 << i)) l |= 0xff << (8 * i);
        for (let i = 0; i < 4; i++) if (imm8 & (1 << (i + 4))) h |= 0xff << (8 * i);
        return [l >>> 0, h >>> 0];
      }
      if (op === 1) return null;
      {
        const b6 = (imm8 >>> 6) & 1;
        lo = ((imm8 >>> 7) << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1f : 0) << 25) | ((imm8 & 0x3f) << 19);
      }
  }
  return [lo >>> 0, lo >>> 0];
}

/** VMOV, VMVN, VORR, VBIC (immediate). */
export function decodeSimdModImm(core: Core, w: number): Op {
  const xw = core.vfp.xw;
  const q = (w >>> 6) & 1, op = (w >>> 5) & 1, cmode = (w >>> 8) & 0xf;
  const imm8 = (((w >>> 24) & 1) << 7) | (((w >>> 16) & 7) << 4) | (w & 0xf);
  const d = regD(w);
  if (q && (d & 1)) return undef(core);
  const imm = expandImm(op, cmode, imm8);
  if (imm === null) return undef(core);
  const [lo, hi] = imm;
  const words = q ? 4 : 2, D = 2 * d;
  const top = d + (q ? 1 : 0);
  // cmode 0xx1 and 10x1 are VORR/VBIC; everything else is VMOV/VMVN.
  const logical = (cmode & 1) === 1 && (cmode >>> 2) !== 3;
  if (!logical) {
    const l = op && cmode !== 0xe ? ~lo >>> 0 : lo, h = op && cmode !== 0xe ? ~hi >>> 0 : hi;
    return simd(core, w, top, () => { for (let i = 0; i < words; i += 2) { xw[D + i] = l; xw[D + i + 1] = h; } });
  }
  if (op === 0) {
    return simd(core, w, top, () => { for (let i = 0; i < words; i += 2) { xw[D + i] |= lo; xw[D + i + 1] |= hi; } });
  }
  return simd(core, w, top, () => { for (let i = 0; i < words; i += 2) { xw[D + i] &= ~lo; xw[D + i + 1] &= ~hi; } });
}
