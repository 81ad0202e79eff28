// Media instructions (A5.4), saturating add/subtract (A5.2.6) and CLZ.
// As elsewhere, each encoding becomes a closure specialised at decode time;
// 64-bit intermediate results go through the exact helpers of multiply.ts.

import type { Core, Op } from '../core.js';
import { add64s, mulHi, smul64 } from './multiply.js';
import { undef } from './system.js';

const TWO32 = 4294967296;
const INT_MAX = 0x7fffffff, INT_MIN = -0x80000000;

/** Bits 27:25 = 011 and bit 4 = 1: parallel add/sub, pack/unpack/saturate/reverse, signed multiplies, USAD8, bitfield, UDF. */
export function decodeMedia(core: Core, w: number): Op {
  const op1 = (w >>> 20) & 0x1f;
  const op2 = (w >>> 5) & 7;
  if (op1 < 0x08) return decodeParallel(core, w);
  if (op1 < 0x10) return decodePackSat(core, w);
  if (op1 < 0x18) return decodeSignedMultiply(core, w);
  if (op1 === 0x18) return op2 === 0 ? decodeUsad(core, w) : undef(core);
  if ((op1 & 0x1e) === 0x1a && (op2 & 3) === 2) return decodeBitfieldExtract(core, w, false);
  if ((op1 & 0x1e) === 0x1e && (op2 & 3) === 2) return decodeBitfieldExtract(core, w, true);
  if ((op1 & 0x1e) === 0x1c && (op2 & 3) === 0) return decodeBitfieldInsert(core, w);
  // op1 = 11111, op2 = 111 is UDF (permanently UNDEFINED); everything else left here is UNDEFINED too.
  return undef(core);
}

// ---------------------------------------------------------------- A5.4.1/A5.4.2 parallel add/subtract

const K_S = 1, K_Q = 2, K_SH = 3; // op1 bits 21:20 (bit 22 selects unsigned)
const ADD16 = 0, ASX = 1, SAX = 2, SUB16 = 3, ADD8 = 4, SUB8 = 7;

function decodeParallel(core: Core, w: number): Op {
  const kind = (w >>> 20) & 3;
  const unsigned = (w & (1 << 22)) !== 0;
  const op2 = (w >>> 5) & 7;
  const n = (w >>> 16) & 0xf, d = (w >>> 12) & 0xf, m = w & 0xf;
  if (kind === 0 || op2 === 5 || op2 === 6) return undef(core);
  if (n === 15 || d === 15 || m === 15) return undef(core);
  if (op2 === ADD8 || op2 === SUB8) return parallel8(core, kind, unsigned, op2 === SUB8 ? -1 : 1, d, n, m);
  return parallel16(core, kind, unsigned, op2, d, n, m);
}

/** ADD16, ASX, SAX, SUB16: lane 0 = Rn[15:0] +/- (ASX/SAX: Rm[31:16], else Rm[15:0]), lane 1 likewise. */
function parallel16(core: Core, kind: number, unsigned: boolean, op2: number, d: number, n: number, m: number): Op {
  const R = core.R;
  const s0 = op2 === ASX || op2 === SUB16 ? -1 : 1;
  const s1 = op2 === SAX || op2 === SUB16 ? -1 : 1;
  const rot = op2 === ASX || op2 === SAX ? 16 : 0; // Rm rotated so the paired half is in place
  if (!unsigned) {
    switch (kind) {
      case K_S: return () => {
        const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
        const r0 = ((a << 16) >> 16) + s0 * ((bb << 16) >> 16);
        const r1 = (a >> 16) + s1 * (bb >> 16);
        R[d] = (r0 & 0xffff) | (r1 << 16);
        core.ge = (r0 >= 0 ? 3 : 0) | (r1 >= 0 ? 12 : 0);
      };
      case K_Q: return () => {
        const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
        const r0 = ((a << 16) >> 16) + s0 * ((bb << 16) >> 16);
        const r1 = (a >> 16) + s1 * (bb >> 16);
        R[d] = (sat16(r0) & 0xffff) | (sat16(r1) << 16);
      };
      default: return () => { // SH: halving
        const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
        const r0 = ((a << 16) >> 16) + s0 * ((bb << 16) >> 16);
        const r1 = (a >> 16) + s1 * (bb >> 16);
        R[d] = ((r0 >> 1) & 0xffff) | ((r1 >> 1) << 16);
      };
    }
  }
  // Unsigned: GE is set by a carry out of an addition (>= 0x10000) or no borrow from a subtraction (>= 0).
  const t0 = s0 < 0 ? 0 : 0x10000, t1 = s1 < 0 ? 0 : 0x10000;
  switch (kind) {
    case K_S: return () => { // UADD16 ...
      const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
      const r0 = (a & 0xffff) + s0 * (bb & 0xffff);
      const r1 = (a >>> 16) + s1 * (bb >>> 16);
      R[d] = (r0 & 0xffff) | (r1 << 16);
      core.ge = (r0 >= t0 ? 3 : 0) | (r1 >= t1 ? 12 : 0);
    };
    case K_Q: return () => {
      const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
      const r0 = (a & 0xffff) + s0 * (bb & 0xffff);
      const r1 = (a >>> 16) + s1 * (bb >>> 16);
      R[d] = usat16(r0) | (usat16(r1) << 16);
    };
    default: return () => {
      const a = R[n], b = R[m], bb = (b >>> rot) | (b << (32 - rot));
      const r0 = (a & 0xffff) + s0 * (bb & 0xffff);
      const r1 = (a >>> 16) + s1 * (bb >>> 16);
      R[d] = ((r0 >> 1) & 0xffff) | ((r1 >> 1) << 16);
    };
  }
}

function sat16(v: number): number { return v > 0x7fff ? 0x7fff : v < -0x8000 ? -0x8000 : v; }
function usat16(v: number): number { return v > 0xffff ? 0xffff : v < 0 ? 0 : v; }
function sat8(v: number): number { return v > 0x7f ? 0x7f : v < -0x80 ? -0x80 : v; }
function usat8(v: number): number { return v > 0xff ? 0xff : v < 0 ? 0 : v; }

/** ADD8 (sign 1) and SUB8 (sign -1) on four byte lanes. */
function parallel8(core: Core, kind: number, unsigned: boolean, sign: number, d: number, n: number, m: number): Op {
  const R = core.R;
  if (!unsigned) {
    switch (kind) {
      case K_S: return () => {
        const a = R[n], b = R[m];
        let res = 0, ge = 0;
        for (let i = 0; i < 4; i++) {
          const sh = 24 - 8 * i;
          const r = ((a << sh) >> 24) + sign * ((b << sh) >> 24);
          res |= (r & 0xff) << (8 * i);
          if (r >= 0) ge |= 1 << i;
        }
        R[d] = res;
        core.ge = ge;
      };
      case K_Q: return () => {
        const a = R[n], b = R[m];
        let res = 0;
        for (let i = 0; i < 4; i++) {
          const sh = 24 - 8 * i;
          res |= (sat8(((a << sh) >> 24) + sign * ((b << sh) >> 24)) & 0xff) << (8 * i);
        }
        R[d] = res;
      };
      default: return () => {
        const a = R[n], b = R[m];
        let res = 0;
        for (let i = 0; i < 4; i++) {
          const sh = 24 - 8 * i;
          res |= ((((a << sh) >> 24) + sign * ((b << sh) >> 24)) >> 1 & 0xff) << (8 * i);
        }
        R[d] = res;
      };
    }
  }
  const t = sign < 0 ? 0 : 0x100;
  switch (kind) {
    case K_S: return () => {
      const a = R[n], b = R[m];
      let res = 0, ge = 0;
      for (let i = 0; i < 4; i++) {
        const sh = 8 * i;
        const r = ((a >>> sh) & 0xff) + sign * ((b >>> sh) & 0xff);
        res |= (r & 0xff) << sh;
        if (r >= t) ge |= 1 << i;
      }
      R[d] = res;
      core.ge = ge;
    };
    case K_Q: return () => {
      const a = R[n], b = R[m];
      let res = 0;
      for (let i = 0; i < 4; i++) {
        const sh = 8 * i;
        res |= usat8(((a >>> sh) & 0xff) + sign * ((b >>> sh) & 0xff)) << sh;
      }
      R[d] = res;
    };
    default: return () => {
      const a = R[n], b = R[m];
      let res = 0;
      for (let i = 0; i < 4; i++) {
        const sh = 8 * i;
        res |= ((((a >>> sh) & 0xff) + sign * ((b >>> sh) & 0xff)) >> 1 & 0xff) << sh;
      }
      R[d] = res;
    };
  }
}

// ---------------------------------------------------------------- A5.4.3 packing, unpacking, saturation, reversal

function decodePackSat(core: Core, w: number): Op {
  const R = core.R;
  const op1 = (w >>> 20) & 7;
  const op2 = (w >>> 5) & 7;
  const n = (w >>> 16) & 0xf, d = (w >>> 12) & 0xf, m = w & 0xf;
  if ((op1 & 6) === 2 && (op2 & 1) === 0) return decodeSsat(core, w);
  if ((op1 & 6) === 6 && (op2 & 1) === 0) return decodeUsat(core, w);
  if (op2 === 3) return decodeExtend(core, w);
  switch (op1) {
    case 0:
      if ((op2 & 1) === 0) return decodePkh(core, w);
      if (op2 === 5) { // SEL Rd, Rn, Rm
        if (n === 15 || d === 15 || m === 15) return undef(core);
        return () => {
          const mask = SEL_MASK[core.ge];
          R[d] = (R[n] & mask) | (R[m] & ~mask);
        };
      }
      return undef(core);
    case 2:
      if (op2 === 1) return decodeSsat16(core, w);
      return undef(core);
    case 6:
      if (op2 === 1) return decodeUsat16(core, w);
      return undef(core);
    case 3: case 7: {
      const kind = op1 === 3 ? op2 : op2 | 8; // 1 REV, 5 REV16; 9 RBIT, 13 REVSH
      if (kind !== 1 && kind !== 5 && kind !== 9 && kind !== 13) return undef(core);
      if (d === 15 || m === 15) return undef(core);
      switch (kind) {
        case 1: return () => { const v = R[m]; R[d] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24); };
        case 5: return () => { const v = R[m]; R[d] = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8); };
        case 9: return () => { R[d] = rbit(R[m]); };
        default: return () => { const v = R[m]; R[d] = (((v << 24) >> 16) | ((v >>> 8) & 0xff)); };
      }
    }
    default:
      return undef(core);
  }
}

/** Byte masks selected by GE[3:0] for SEL. */
const SEL_MASK = new Int32Array(16);
for (let i = 0; i < 16; i++) {
  SEL_MASK[i] = (i & 1 ? 0xff : 0) | (i & 2 ? 0xff00 : 0) | (i & 4 ? 0xff0000 : 0) | (i & 8 ? 0xff000000 : 0);
}

function rbit(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** PKHBT Rd, Rn, Rm{, LSL #imm} (tb = 0); PKHTB Rd, Rn, Rm{, ASR #imm} (tb = 1, imm 0 means 32). */
function decodePkh(core: Core, w: number): Op {
  const R = core.R;
  const n = (w >>> 16) & 0xf, d = (w >>> 12) & 0xf, m = w & 0xf;
  const imm = (w >>> 7) & 0x1f;
  if (n === 15 || d === 15 || m === 15) return undef(core);
  if (w & 0x40) {
    const sh = imm === 0 ? 31 : imm; // ASR #32 and ASR #31 agree on bits 15:0
    return () => { R[d] = (R[n] & 0xffff0000) | ((R[m] >> sh) & 0xffff); };
  }
  return () => { R[d] = ((R[m] << imm) & 0xffff0000) | (R[n] & 0xffff); };
}

/** SSAT Rd, #sat, Rn{, shift}: sat = sat_imm + 1 (1..32). */
function decodeSsat(core: Core, w: number): Op {
  const R = core.R;
  const bits = ((w >>> 16) & 0x1f) + 1;
  const d = (w >>> 12) & 0xf, n = w & 0xf;
  const imm = (w >>> 7) & 0x1f;
  const asr = (w & 0x40) !== 0;
  if (d === 15 || n === 15) return undef(core);
  const max = 2 ** (bits - 1) - 1, min = -(2 ** (bits - 1));
  const sh = asr ? (imm === 0 ? 31 : imm) : imm;
  if (asr) {
    return () => {
      const v = R[n] >> sh;
      if (v > max) { R[d] = max; core.qf = 1; } else if (v < min) { R[d] = min; core.qf = 1; } else R[d] = v;
    };
  }
  return () => {
    const v = R[n] << sh;
    if (v > max) { R[d] = max; core.qf = 1; } else if (v < min) { R[d] = min; core.qf = 1; } else R[d] = v;
  };
}

/** USAT Rd, #sat, Rn{, shift}: sat = sat_imm (0..31). */
function decodeUsat(core: Core, w: number): Op {
  const R = core.R;
  const bits = (w >>> 16) & 0x1f;
  const d = (w >>> 12) & 0xf, n = w & 0xf;
  const imm = (w >>> 7) & 0x1f;
  const asr = (w & 0x40) !== 0;
  if (d === 15 || n === 15) return undef(core);
  const max = 2 ** bits - 1;
  const sh = asr ? (imm === 0 ? 31 : imm) : imm;
  if (asr) {
    return () => {
      const v = R[n] >> sh;
      if (v > max) { R[d] = max; core.qf = 1; } else if (v < 0) { R[d] = 0; core.qf = 1; } else R[d] = v;
    };
  }
  return () => {
    const v = R[n] << sh;
    if (v > max) { R[d] = max; core.qf = 1; } else if (v < 0) { R[d] = 0; core.qf = 1; } else R[d] = v;
  };
}

/** SSAT16 Rd, #sat, Rn: sat = sat_imm + 1 (1..16). */
function decodeSsat16(core: Core, w: number): Op {
  const R = core.R;
  const bits = ((w >>> 16) & 0xf) + 1;
  const d = (w >>> 12) & 0xf, n = w & 0xf;
  if (d === 15 || n === 15) return undef(core);
  const max = 2 ** (bits - 1) - 1, min = -(2 ** (bits - 1));
  return () => {
    const v = R[n];
    let lo = (v << 16) >> 16, hi = v >> 16;
    if (lo > max) { lo = max; core.qf = 1; } else if (lo < min) { lo = min; core.qf = 1; }
    if (hi > max) { hi = max; core.qf = 1; } else if (hi < min) { hi = min; core.qf = 1; }
    R[d] = (lo & 0xffff) | (hi << 16);
  };
}

/** USAT16 Rd, #sat, Rn: sat = sat_imm (0..15). */
function decodeUsat16(core: Core, w: number): Op {
  const R = core.R;
  const bits = (w >>> 16) & 0xf;
  const d = (w >>> 12) & 0xf, n = w & 0xf;
  if (d === 15 || n === 15) return undef(core);
  const max = 2 ** bits - 1;
  return () => {
    const v = R[n];
    let lo = (v << 16) >> 16, hi = v >> 16;
    if (lo > max) { lo = max; core.qf = 1; } else if (lo < 0) { lo = 0; core.qf = 1; }
    if (hi > max) { hi = max; core.qf = 1; } else if (hi < 0) { hi = 0; core.qf = 1; }
    R[d] = lo | (hi << 16);
  };
}

/**
 * SXTAB16/SXTB16 (op1 000), SXTAB/SXTB (010), SXTAH/SXTH (011), UXTAB16/UXTB16 (100),
 * UXTAB/UXTB (110), UXTAH/UXTH (111); Rn = 1111 is the non-accumulating form.
 */
function decodeExtend(core: Core, w: number): Op {
  const R = core.R;
  const op1 = (w >>> 20) & 7;
  const n = (w >>> 16) & 0xf, d = (w >>> 12) & 0xf, m = w & 0xf;
  const rot = ((w >>> 10) & 3) * 8;
  if (op1 === 1 || op1 === 5) return undef(core);
  if (d === 15 || m === 15) return undef(core);
  const acc = n !== 15;
  // ROR(Rm, rot): rot = 0 gives (v >>> 0) | (v << 32) = v since shift counts are taken mod 32.
  switch (op1) {
    case 0: // SXTAB16 / SXTB16
      if (!acc) return () => { const v = ror(R[m], rot); R[d] = (((v << 24) >> 24) & 0xffff) | (((v << 8) >> 24) << 16); };
      return () => {
        const v = ror(R[m], rot), a = R[n];
        R[d] = ((a + ((v << 24) >> 24)) & 0xffff) | (((a >>> 16) + ((v << 8) >> 24)) << 16);
      };
    case 2: // SXTAB / SXTB
      if (!acc) return () => { R[d] = (ror(R[m], rot) << 24) >> 24; };
      return () => { R[d] = R[n] + ((ror(R[m], rot) << 24) >> 24); };
    case 3: // SXTAH / SXTH
      if (!acc) return () => { R[d] = (ror(R[m], rot) << 16) >> 16; };
      return () => { R[d] = R[n] + ((ror(R[m], rot) << 16) >> 16); };
    case 4: // UXTAB16 / UXTB16
      if (!acc) return () => { R[d] = ror(R[m], rot) & 0x00ff00ff; };
      return () => {
        const v = ror(R[m], rot), a = R[n];
        R[d] = ((a + (v & 0xff)) & 0xffff) | (((a >>> 16) + ((v >>> 16) & 0xff)) << 16);
      };
    case 6: // UXTAB / UXTB
      if (!acc) return () => { R[d] = ror(R[m], rot) & 0xff; };
      return () => { R[d] = R[n] + (ror(R[m], rot) & 0xff); };
    default: // UXTAH / UXTH
      if (!acc) return () => { R[d] = ror(R[m], rot) & 0xffff; };
      return () => { R[d] = R[n] + (ror(R[m], rot) & 0xffff); };
  }
}

function ror(v: number, r: number): number { return (v >>> r) | (v << (32 - r)); }

// ---------------------------------------------------------------- A5.4.4 signed multiplies, divide

function decodeSignedMultiply(core: Core, w: number): Op {
  const R = core.R;
  const op1 = (w >>> 20) & 7;
  const op2 = (w >>> 5) & 7;
  const d = (w >>> 16) & 0xf; // Rd or RdHi
  const a = (w >>> 12) & 0xf; // Ra or RdLo
  const m = (w >>> 8) & 0xf;
  const n = w & 0xf;
  const swap = (w & 0x20) !== 0 ? 16 : 0; // X: Rm halves exchanged; R: rounding for SMMUL/SMMLA/SMMLS
  switch (op1) {
    case 0: { // SMLAD/SMUAD (op2 00x), SMLSD/SMUSD (op2 01x)
      if (op2 > 3) return undef(core);
      if (d === 15 || n === 15 || m === 15) return undef(core);
      const sub = (op2 & 2) !== 0;
      if (a === 15) {
        if (sub) return () => { // SMUSD: |result| <= 2^31 - 2^15, never overflows
          const x = R[n], y = ror(R[m], swap);
          R[d] = ((x << 16) >> 16) * ((y << 16) >> 16) - (x >> 16) * (y >> 16);
        };
        return () => { // SMUAD: overflows only for 0x8000 * 0x8000 twice
          const x = R[n], y = ror(R[m], swap);
          const r = ((x << 16) >> 16) * ((y << 16) >> 16) + (x >> 16) * (y >> 16);
          R[d] = r;
          if (r > INT_MAX) core.qf = 1;
        };
      }
      const sg = sub ? -1 : 1;
      return () => {
        const x = R[n], y = ror(R[m], swap);
        const r = ((x << 16) >> 16) * ((y << 16) >> 16) + sg * ((x >> 16) * (y >> 16)) + (R[a] | 0);
        R[d] = r;
        if (r > INT_MAX || r < INT_MIN) core.qf = 1;
      };
    }
    case 1: case 3: { // SDIV, UDIV
      if (op2 !== 0) return undef(core);
      if (d === 15 || n === 15 || m === 15) return undef(core);
      // Division by zero gives 0 (SCTLR.DZ is not modelled). The double quotient of two
      // 32-bit integers never rounds across an integer, so truncating it is exact.
      if (op1 === 1) {
        return () => {
          const b = R[m] | 0;
          R[d] = b === 0 ? 0 : Math.trunc((R[n] | 0) / b); // INT_MIN / -1 = 2^31 wraps to INT_MIN
        };
      }
      return () => {
        const b = R[m];
        R[d] = b === 0 ? 0 : Math.floor(R[n] / b);
      };
    }
    case 4: { // SMLALD (op2 00x), SMLSLD (op2 01x)
      if (op2 > 3) return undef(core);
      if (d === 15 || a === 15 || n === 15 || m === 15 || d === a) return undef(core);
      const sg = (op2 & 2) !== 0 ? -1 : 1;
      return () => {
        const x = R[n], y = ror(R[m], swap);
        const p = ((x << 16) >> 16) * ((y << 16) >> 16) + sg * ((x >> 16) * (y >> 16));
        const lo = add64s(R[d], R[a], p);
        R[d] = mulHi; R[a] = lo;
      };
    }
    case 5: { // SMMLA/SMMUL (op2 00x), SMMLS (op2 11x)
      const round = swap !== 0 ? 0x80000000 : 0;
      if (op2 <= 1) {
        if (d === 15 || n === 15 || m === 15) return undef(core);
        if (a === 15) return () => { // SMMUL{R}
          const lo = smul64(R[n], R[m]);
          R[d] = mulHi + (lo + round >= TWO32 ? 1 : 0);
        };
        return () => { // SMMLA{R}: (Ra << 32) + Rn * Rm
          const lo = smul64(R[n], R[m]);
          R[d] = R[a] + mulHi + (lo + round >= TWO32 ? 1 : 0);
        };
      }
      if (op2 >= 6) { // SMMLS{R}: (Ra << 32) - Rn * Rm
        if (d === 15 || n === 15 || m === 15 || a === 15) return undef(core);
        return () => {
          const lo = smul64(R[n], R[m]);
          // 64-bit negation: low word -lo, high word ~hi + (lo === 0)
          const nlo = lo === 0 ? 0 : TWO32 - lo;
          R[d] = R[a] - mulHi - (lo === 0 ? 0 : 1) + (nlo + round >= TWO32 ? 1 : 0);
        };
      }
      return undef(core);
    }
    default:
      return undef(core);
  }
}

/** USAD8 Rd, Rn, Rm (Ra = 1111) and USADA8 Rd, Rn, Rm, Ra. */
function decodeUsad(core: Core, w: number): Op {
  const R = core.R;
  const d = (w >>> 16) & 0xf, a = (w >>> 12) & 0xf, m = (w >>> 8) & 0xf, n = w & 0xf;
  if (d === 15 || n === 15 || m === 15) return undef(core);
  const acc = a !== 15;
  return () => {
    const x = R[n], y = R[m];
    let s = acc ? R[a] : 0;
    for (let sh = 0; sh < 32; sh += 8) s += Math.abs(((x >>> sh) & 0xff) - ((y >>> sh) & 0xff));
    R[d] = s;
  };
}

// ---------------------------------------------------------------- bitfield

/** SBFX / UBFX Rd, Rn, #lsb, #width. */
function decodeBitfieldExtract(core: Core, w: number, unsigned: boolean): Op {
  const R = core.R;
  const widthm1 = (w >>> 16) & 0x1f, d = (w >>> 12) & 0xf, lsb = (w >>> 7) & 0x1f, n = w & 0xf;
  if (d === 15 || n === 15 || lsb + widthm1 > 31) return undef(core);
  const up = 31 - (lsb + widthm1); // shift the field's msb to bit 31, then back down
  const down = 31 - widthm1;
  if (unsigned) return () => { R[d] = (R[n] << up) >>> down; };
  return () => { R[d] = (R[n] << up) >> down; };
}

/** BFC Rd, #lsb, #width (Rn = 1111) and BFI Rd, Rn, #lsb, #width. */
function decodeBitfieldInsert(core: Core, w: number): Op {
  const R = core.R;
  const msb = (w >>> 16) & 0x1f, d = (w >>> 12) & 0xf, lsb = (w >>> 7) & 0x1f, n = w & 0xf;
  if (d === 15 || msb < lsb) return undef(core);
  const mask = ((0xffffffff >>> (31 - msb + lsb)) << lsb) | 0;
  if (n === 15) return () => { R[d] = R[d] & ~mask; };
  return () => { R[d] = (R[d] & ~mask) | ((R[n] << lsb) & mask); };
}

// ---------------------------------------------------------------- A5.2.6, CLZ

/** QADD, QSUB, QDADD, QDSUB: Rd = sat(Rm +/- [sat(2 *)] Rn). */
export function decodeSaturatingAddSub(core: Core, w: number): Op {
  const R = core.R;
  const op = (w >>> 21) & 3;
  const n = (w >>> 16) & 0xf, d = (w >>> 12) & 0xf, m = w & 0xf;
  if (n === 15 || d === 15 || m === 15) return undef(core);
  switch (op) {
    case 0: return () => { R[d] = satQ(core, (R[m] | 0) + (R[n] | 0)); };
    case 1: return () => { R[d] = satQ(core, (R[m] | 0) - (R[n] | 0)); };
    case 2: return () => { R[d] = satQ(core, (R[m] | 0) + satQ(core, 2 * (R[n] | 0))); };
    default: return () => { R[d] = satQ(core, (R[m] | 0) - satQ(core, 2 * (R[n] | 0))); };
  }
}

/** SignedSatQ(v, 32), setting Q on saturation. */
function satQ(core: Core, v: number): number {
  if (v > INT_MAX) { core.qf = 1; return INT_MAX; }
  if (v < INT_MIN) { core.qf = 1; return INT_MIN; }
  return v;
}

/** CLZ Rd, Rm. */
export function decodeClz(core: Core, w: number): Op {
  const R = core.R;
  const d = (w >>> 12) & 0xf, m = w & 0xf;
  if (d === 15 || m === 15) return undef(core);
  return () => { R[d] = Math.clz32(R[m]); };
}
