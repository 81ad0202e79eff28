// VFP data-processing instructions (ARM ARM A7.5): arithmetic, multiply-
// accumulate (chained and fused), VMOV immediate/register, VABS, VNEG,
// VSQRT, VCMP, and the conversions. Ops are specialised on register numbers.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import {
  absD, absS, addD, addS, cmpD, cmpS, cvtDS, cvtSD, divD, divS, fmaD, fmaS, intToD, intToS, mulD, mulS, negD, negS,
  rawD, rawS, setRawD, sqrtD, sqrtS, subD, subS, toInt,
} from './arith.js';
import { F16, F32, F64, fixedToFp, fpConvert, fpToFixed } from './softfloat.js';
import { guarded, guardedScalar } from './guard.js';
import { USE_HIGH } from './access.js';
import { SCRATCH_D, type VfpState } from './state.js';

/** Scratch registers for intermediate results: S64 / D32 and S66 / D33. */
const TS = SCRATCH_D * 2, TD = SCRATCH_D, TS2 = TS + 2, TD2 = TD + 1;

type Bin = (v: VfpState, d: number, n: number, m: number, ctl: number) => void;

export function decodeVfpDataProc(core: Core, w: number): Op {
  const v = core.vfp;
  const dp = (w >>> 8) & 1;
  const D = (w >>> 22) & 1, Vd = (w >>> 12) & 0xf, N = (w >>> 7) & 1, Vn = (w >>> 16) & 0xf;
  const M = (w >>> 5) & 1, Vm = w & 0xf;
  const op = (w >>> 6) & 1;
  const opc1 = (((w >>> 23) & 1) << 2) | ((w >>> 20) & 3);
  // Register numbers: Sx = Vx:X, Dx = X:Vx.
  const d = dp ? (D << 4) | Vd : (Vd << 1) | D;
  const n = dp ? (N << 4) | Vn : (Vn << 1) | N;
  const m = dp ? (M << 4) | Vm : (Vm << 1) | M;
  const high = dp && (d >= 16 || n >= 16 || m >= 16) ? USE_HIGH : 0;
  const add: Bin = dp ? addD : addS, mul: Bin = dp ? mulD : mulS;
  const neg = dp ? negD : negS;
  const T = dp ? TD : TS;
  const arith = (body: Op): Op => guardedScalar(core, w, high, body);

  switch (opc1) {
    case 0: // VMLA / VMLS: Vd + (+/-)(Vn * Vm), two roundings
      return arith(op === 0
        ? () => { mul(v, T, n, m, v.fpscr); add(v, d, d, T, v.fpscr); }
        : () => { mul(v, T, n, m, v.fpscr); neg(v, T, T); add(v, d, d, T, v.fpscr); });
    case 1: // VNMLS (op 0): -Vd + Vn * Vm; VNMLA (op 1): -Vd - Vn * Vm
      return arith(op === 0
        ? () => { mul(v, T, n, m, v.fpscr); neg(v, d, d); add(v, d, d, T, v.fpscr); }
        : () => { mul(v, T, n, m, v.fpscr); neg(v, T, T); neg(v, d, d); add(v, d, d, T, v.fpscr); });
    case 2: // VMUL / VNMUL
      return arith(op === 0 ? () => mul(v, d, n, m, v.fpscr) : () => { mul(v, d, n, m, v.fpscr); neg(v, d, d); });
    case 3: { // VADD / VSUB
      const f: Bin = op === 0 ? add : dp ? subD : subS;
      return arith(() => f(v, d, n, m, v.fpscr));
    }
    case 4: { // VDIV
      if (op) return undef(core);
      const f: Bin = dp ? divD : divS;
      return arith(() => f(v, d, n, m, v.fpscr));
    }
    case 5: // VFNMS (op 0): -Vd + Vn * Vm; VFNMA (op 1): -Vd - Vn * Vm, one rounding
    case 6: { // VFMA (op 0): Vd + Vn * Vm; VFMS (op 1): Vd - Vn * Vm
      const fma = dp ? fmaD : fmaS;
      const negD1 = opc1 === 5, negN = op === 1;
      const T2 = dp ? TD2 : TS2;
      if (!negN) {
        return arith(negD1 ? () => { neg(v, T, d); fma(v, d, T, n, m, v.fpscr); } : () => fma(v, d, d, n, m, v.fpscr));
      }
      return arith(negD1
        ? () => { neg(v, T, d); neg(v, T2, n); fma(v, d, T, T2, m, v.fpscr); }
        : () => { neg(v, T2, n); fma(v, d, d, T2, m, v.fpscr); });
    }
    default:
      return decodeOther(core, w, dp, d, m, high);
  }
}

/** opc1 = 1x11: VMOV immediate/register, VABS, VNEG, VSQRT, VCMP, VCVT*. */
function decodeOther(core: Core, w: number, dp: number, d: number, m: number, high: number): Op {
  const v = core.vfp;
  const opc2 = (w >>> 16) & 0xf;
  const b7 = (w >>> 7) & 1;
  if ((w & 0x40) === 0) return decodeVmovImm(core, w, dp, d, high);
  const scalar = (body: Op): Op => guardedScalar(core, w, high, body);
  const plain = (use: number, body: Op): Op => guarded(core, w, use, body);
  const xw = v.xw;
  switch (opc2) {
    case 0:
      if (b7 === 0) { // VMOV register
        return scalar(dp ? () => { xw[2 * d] = xw[2 * m]; xw[2 * d + 1] = xw[2 * m + 1]; } : () => { xw[d] = xw[m]; });
      }
      return scalar(dp ? () => absD(v, d, m) : () => absS(v, d, m));
    case 1:
      if (b7 === 0) return scalar(dp ? () => negD(v, d, m) : () => negS(v, d, m));
      return scalar(dp ? () => sqrtD(v, d, m, v.fpscr) : () => sqrtS(v, d, m, v.fpscr));
    case 2: case 3: { // VCVTB / VCVTT between half and single precision
      if (dp) return undef(core);
      const shift = b7 ? 16 : 0;
      if (opc2 === 2) {
        return plain(0, () => {
          xw[d] = Number(fpConvert(BigInt((xw[m] >>> shift) & 0xffff), F16, F32, v.fpscr, v));
        });
      }
      return plain(0, () => {
        const h = Number(fpConvert(rawS(v, m), F32, F16, v.fpscr, v));
        xw[d] = ((xw[d] & ~(0xffff << shift)) | (h << shift)) >>> 0;
      });
    }
    case 4: case 5: { // VCMP / VCMPE, with a register or with zero
      const quiet = b7 === 1;
      const mm = opc2 === 5 ? -1 : m;
      if (opc2 === 5 && (w & 0x2f) !== 0) return undef(core);
      // The compare may set IOC/IDC: read FPSCR only after it.
      return plain(high, dp
        ? () => { const nzcv = cmpD(v, d, mm, quiet, v.fpscr); v.fpscr = ((v.fpscr & 0x0fffffff) | nzcv) >>> 0; }
        : () => { const nzcv = cmpS(v, d, mm, quiet, v.fpscr); v.fpscr = ((v.fpscr & 0x0fffffff) | nzcv) >>> 0; });
    }
    case 7: { // VCVT between double and single precision
      if (b7 === 0) return undef(core);
      const Vd = (w >>> 12) & 0xf, D = (w >>> 22) & 1, Vm = w & 0xf, M = (w >>> 5) & 1;
      if (dp) { // Sd = Dm
        const sd = (Vd << 1) | D;
        return plain(m >= 16 ? USE_HIGH : 0, () => cvtSD(v, sd, m, v.fpscr));
      }
      const dd = (D << 4) | Vd, sm = (Vm << 1) | M; // Dd = Sm
      return plain(dd >= 16 ? USE_HIGH : 0, () => cvtDS(v, dd, sm, v.fpscr));
    }
    case 8: { // VCVT from a 32-bit integer in Sm
      const unsigned = b7 === 0;
      const sm = ((w & 0xf) << 1) | ((w >>> 5) & 1);
      return plain(dp && d >= 16 ? USE_HIGH : 0, dp
        ? () => intToD(v, d, xw[sm], unsigned)
        : () => intToS(v, d, xw[sm], unsigned, v.fpscr));
    }
    case 10: case 11: case 14: case 15: return decodeFixed(core, w, dp, d);
    case 12: case 13: { // VCVT / VCVTR to a 32-bit integer in Sd
      const unsigned = opc2 === 12, roundZero = b7 === 1;
      const sd = (((w >>> 12) & 0xf) << 1) | ((w >>> 22) & 1);
      return plain(dp && m >= 16 ? USE_HIGH : 0, dp
        ? () => { xw[sd] = toInt(v, v.xd[m], true, m, unsigned, roundZero, v.fpscr); }
        : () => { xw[sd] = toInt(v, v.xs[m], false, m, unsigned, roundZero, v.fpscr); });
    }
    default:
      return undef(core);
  }
}

/** VMOV (immediate): VFPExpandImm of imm4H:imm4L. */
function decodeVmovImm(core: Core, w: number, dp: number, d: number, high: number): Op {
  const xw = core.vfp.xw;
  const imm8 = (((w >>> 16) & 0xf) << 4) | (w & 0xf);
  const sign = imm8 >>> 7, b6 = (imm8 >>> 6) & 1;
  if (dp) {
    const exp = ((b6 ^ 1) << 10) | (b6 ? 0xff << 2 : 0) | ((imm8 >>> 4) & 3);
    const hi = ((sign << 31) | (exp << 20) | ((imm8 & 0xf) << 16)) >>> 0;
    return guardedScalar(core, w, high, () => { xw[2 * d] = 0; xw[2 * d + 1] = hi; });
  }
  const exp = ((b6 ^ 1) << 7) | (b6 ? 0x1f << 2 : 0) | ((imm8 >>> 4) & 3);
  const bits = ((sign << 31) | (exp << 23) | ((imm8 & 0xf) << 19)) >>> 0;
  return guardedScalar(core, w, 0, () => { xw[d] = bits; });
}

/** VCVT between floating point and fixed point (same register in and out). */
function decodeFixed(core: Core, w: number, dp: number, d: number): Op {
  const v = core.vfp;
  const toFixed = ((w >>> 18) & 1) === 1;
  const unsigned = ((w >>> 16) & 1) === 1;
  const size = (w >>> 7) & 1 ? 32 : 16;
  const fbits = size - (((w & 0xf) << 1) | ((w >>> 5) & 1));
  if (fbits < 0) return undef(core);
  const xw = v.xw;
  const use = dp && d >= 16 ? USE_HIGH : 0;
  if (toFixed) {
    return guarded(core, w, use, dp
      ? () => {
        const r = fpToFixed(rawD(v, d), F64, fbits, size, unsigned, true, v.fpscr, v);
        const x = size === 16 ? (unsigned ? r & 0xffff : (r << 16) >> 16) : r;
        xw[2 * d] = x;
        xw[2 * d + 1] = !unsigned && (x | 0) < 0 ? 0xffffffff : 0;
      }
      : () => {
        const r = fpToFixed(rawS(v, d), F32, fbits, size, unsigned, true, v.fpscr, v);
        xw[d] = size === 16 ? (unsigned ? r & 0xffff : (r << 16) >> 16) : r;
      });
  }
  const operand = (x: number): bigint => BigInt(size === 16
    ? (unsigned ? x & 0xffff : (x << 16) >> 16)
    : (unsigned ? x >>> 0 : x | 0));
  // From fixed point rounds to nearest whatever FPSCR.RMode says (round_nearest = !to_fixed).
  return guarded(core, w, use, dp
    ? () => setRawD(v, d, fixedToFp(operand(xw[2 * d]), fbits, F64, true, v.fpscr, v))
    : () => { xw[d] = Number(fixedToFp(operand(xw[d]), fbits, F32, true, v.fpscr, v)); });
}
