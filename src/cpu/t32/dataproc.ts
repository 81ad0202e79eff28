// 32-bit T32 data processing: modified immediate (A6.3.1, ThumbExpandImm_C),
// plain binary immediate (A6.3.3) and shifted register (A6.3.11). The
// operations are the A32 ones (a32/dataproc.ts build()); ORN exists only here.
// Saturate and bitfield encodings are rewritten as their A32 equivalents.

import type { Core, Op } from '../core.js';
import {
  ADC, ADD, AND, BIC, CMN, CMP, EOR, FORM_IMM, FORM_REG, FORM_SHIFTED, MOV, MVN, ORR, RSB, SBC, SUB, TEQ, TST, build,
  setNZ,
} from '../a32/dataproc.js';
import { SHIFT_LSL, shiftImmCarry, shiftImmValue } from '../a32/shifter.js';
import { decodeMedia } from '../a32/media.js';
import { undef } from '../a32/system.js';
import { noGet } from './common.js';

/** ThumbExpandImm_C: the constant, and the carry out (-1: C unchanged). */
export function thumbExpandImm(imm12: number): { value: number; carry: number } {
  const imm8 = imm12 & 0xff;
  if ((imm12 & 0xc00) === 0) {
    let value: number;
    switch ((imm12 >>> 8) & 3) {
      case 0: value = imm8; break;
      case 1: value = (imm8 << 16) | imm8; break;
      case 2: value = (imm8 << 24) | (imm8 << 8); break;
      default: value = (imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8; break;
    }
    return { value: value >>> 0, carry: -1 };
  }
  const unrot = 0x80 | (imm12 & 0x7f);
  const rot = (imm12 >>> 7) & 0x1f; // 8..31
  const value = ((unrot >>> rot) | (unrot << (32 - rot))) >>> 0;
  return { value, carry: value >>> 31 };
}

/** A6.3.1: AND/TST BIC ORR/MOV ORN/MVN EOR/TEQ ADD/CMN ADC SBC SUB/CMP RSB with a modified immediate. */
export function decodeDpModifiedImm(core: Core, hw1: number, hw2: number): Op {
  const op = (hw1 >>> 5) & 0xf, s = (hw1 >>> 4) & 1, n = hw1 & 0xf, d = (hw2 >>> 8) & 0xf;
  const imm12 = (((hw1 >>> 10) & 1) << 11) | (((hw2 >>> 12) & 7) << 8) | (hw2 & 0xff);
  const { value, carry } = thumbExpandImm(imm12);
  return dataOp(core, op, s, d, n, FORM_IMM, value, carry, 0, noGet);
}

/** A6.3.11: the same operations with a shifted register (and PKHBT/PKHTB). */
export function decodeDpShiftedReg(core: Core, hw1: number, hw2: number): Op {
  const R = core.R;
  const op = (hw1 >>> 5) & 0xf, s = (hw1 >>> 4) & 1, n = hw1 & 0xf, d = (hw2 >>> 8) & 0xf, m = hw2 & 0xf;
  const type = (hw2 >>> 4) & 3, amt = (((hw2 >>> 12) & 7) << 2) | ((hw2 >>> 6) & 3);
  if (op === 6) { // PKHBT/PKHTB
    if (s || (hw2 & 0x10)) return undef(core);
    return decodeMedia(core, (0xe6800010 | (n << 16) | (d << 12) | (amt << 7) | (((hw2 >>> 5) & 1) << 6) | m) >>> 0);
  }
  if (m === 15) return undef(core);
  if (type === SHIFT_LSL && amt === 0) return dataOp(core, op, s, d, n, FORM_REG, 0, -1, m, noGet);
  const get = s ? () => shiftImmCarry(core, R[m], type, amt) : () => shiftImmValue(core, R[m], type, amt);
  return dataOp(core, op, s, d, n, FORM_SHIFTED, 0, -1, m, get);
}

// T32 opcodes (hw1 bits 8:5) of A6.3.1/A6.3.11
const AND_T = 0, BIC_T = 1, ORR_T = 2, ORN_T = 3, EOR_T = 4, ADD_T = 8, ADC_T = 10, SBC_T = 11, SUB_T = 13, RSB_T = 14;

function dataOp(core: Core, op: number, s: number, d: number, n: number, form: number, k: number, kCarry: number,
  m: number, get: () => number): Op {
  // Rd = 1111 with S selects the compare forms; PC is otherwise UNPREDICTABLE here.
  const test = d === 15 && s === 1;
  if (d === 15 && !test) return undef(core);
  const orrLike = op === ORR_T || op === ORN_T;
  if (n === 15 && !orrLike) return undef(core);
  switch (op) {
    case AND_T: return build(core, test ? TST : AND, s, d, n, form, k, kCarry, m, get);
    case EOR_T: return build(core, test ? TEQ : EOR, s, d, n, form, k, kCarry, m, get);
    case ADD_T: return build(core, test ? CMN : ADD, s, d, n, form, k, kCarry, m, get);
    case SUB_T: return build(core, test ? CMP : SUB, s, d, n, form, k, kCarry, m, get);
    default: break;
  }
  if (test) return undef(core);
  switch (op) {
    case BIC_T: return build(core, BIC, s, d, n, form, k, kCarry, m, get);
    case ORR_T:
      if (n === 15) return build(core, MOV, s, d, 0, form, k, kCarry, m, get);
      return build(core, ORR, s, d, n, form, k, kCarry, m, get);
    case ORN_T:
      if (n === 15) return build(core, MVN, s, d, 0, form, k, kCarry, m, get);
      return orn(core, s, d, n, form, k, kCarry, m, get);
    case ADC_T: return build(core, ADC, s, d, n, form, k, kCarry, m, get);
    case SBC_T: return build(core, SBC, s, d, n, form, k, kCarry, m, get);
    case RSB_T: return build(core, RSB, s, d, n, form, k, kCarry, m, get);
    default: return undef(core);
  }
}

/** ORN: Rd = Rn OR NOT operand (T32 only). */
function orn(core: Core, s: number, d: number, n: number, form: number, k: number, kCarry: number, m: number,
  get: () => number): Op {
  const R = core.R;
  if (form === FORM_IMM) {
    if (!s) return () => { R[d] = R[n] | ~k; };
    return () => { R[d] = setNZ(core, (R[n] | ~k) >>> 0); if (kCarry >= 0) core.cf = kCarry; };
  }
  if (form === FORM_REG) {
    if (!s) return () => { R[d] = R[n] | ~R[m]; };
    return () => { R[d] = setNZ(core, (R[n] | ~R[m]) >>> 0); };
  }
  if (!s) return () => { R[d] = R[n] | ~get(); };
  return () => { const b = get(); R[d] = setNZ(core, (R[n] | ~b) >>> 0); core.cf = core.sc; };
}

/** A6.3.3: ADDW/SUBW (ADR with Rn = PC), MOVW, MOVT, SSAT/USAT(16), SBFX/UBFX, BFI/BFC. */
export function decodeDpPlainImm(core: Core, hw1: number, hw2: number): Op {
  const R = core.R;
  const op = (hw1 >>> 4) & 0x1f, n = hw1 & 0xf, d = (hw2 >>> 8) & 0xf;
  const imm12 = (((hw1 >>> 10) & 1) << 11) | (((hw2 >>> 12) & 7) << 8) | (hw2 & 0xff);
  const lsb = (((hw2 >>> 12) & 7) << 2) | ((hw2 >>> 6) & 3); // also the saturate shift amount
  const low5 = hw2 & 0x1f; // sat_imm, widthm1 or msb
  if (d === 15) return undef(core);
  switch (op) {
    case 0x00: // ADDW, ADR (add)
      if (n === 15) return () => { R[d] = (R[15] & ~3) + imm12; };
      return build(core, ADD, 0, d, n, FORM_IMM, imm12, -1, 0, noGet);
    case 0x0a: // SUBW, ADR (sub)
      if (n === 15) return () => { R[d] = (R[15] & ~3) - imm12; };
      return build(core, SUB, 0, d, n, FORM_IMM, imm12, -1, 0, noGet);
    case 0x04: { // MOVW
      const imm16 = (n << 12) | imm12;
      return () => { R[d] = imm16; };
    }
    case 0x0c: { // MOVT
      const hi = ((n << 12) | imm12) << 16;
      return () => { R[d] = (R[d] & 0xffff) | hi; };
    }
    default: break;
  }
  if (n === 15 && op !== 0x16) return undef(core);
  switch (op) {
    case 0x10: case 0x12: // SSAT, SSAT16 (sh = 1 with no shift)
      if (op === 0x12 && lsb === 0) return decodeMedia(core, (0xe6a00f30 | ((low5 & 0xf) << 16) | (d << 12) | n) >>> 0);
      return decodeMedia(core, (0xe6a00010 | (low5 << 16) | (d << 12) | (lsb << 7) | ((op & 2) << 5) | n) >>> 0);
    case 0x18: case 0x1a: // USAT, USAT16
      if (op === 0x1a && lsb === 0) return decodeMedia(core, (0xe6e00f30 | ((low5 & 0xf) << 16) | (d << 12) | n) >>> 0);
      return decodeMedia(core, (0xe6e00010 | (low5 << 16) | (d << 12) | (lsb << 7) | ((op & 2) << 5) | n) >>> 0);
    case 0x14: return decodeMedia(core, (0xe7a00050 | (low5 << 16) | (d << 12) | (lsb << 7) | n) >>> 0); // SBFX
    case 0x1c: return decodeMedia(core, (0xe7e00050 | (low5 << 16) | (d << 12) | (lsb << 7) | n) >>> 0); // UBFX
    case 0x16: return decodeMedia(core, (0xe7c00010 | (low5 << 16) | (d << 12) | (lsb << 7) | n) >>> 0); // BFI, BFC
    default: return undef(core);
  }
}
