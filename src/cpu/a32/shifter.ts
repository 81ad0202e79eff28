// Shifter operands (ARM ARM A8.4): immediate shifts, register-controlled shifts
// and modified immediates, each with its carry-out into core.sc.

import type { Core } from '../core.js';

export const SHIFT_LSL = 0, SHIFT_LSR = 1, SHIFT_ASR = 2, SHIFT_ROR = 3;

/** ARMExpandImm: imm8 rotated right by 2*rot. */
export function expandImm(imm12: number): number {
  const rot = (imm12 >>> 8) * 2;
  const imm8 = imm12 & 0xff;
  return rot === 0 ? imm8 : ((imm8 >>> rot) | (imm8 << (32 - rot))) >>> 0;
}

/** Value of Rm shifted by an immediate (DecodeImmShift rules: LSR/ASR #0 mean #32, ROR #0 is RRX). */
export function shiftImmValue(core: Core, v: number, type: number, amt: number): number {
  switch (type) {
    case SHIFT_LSL: return (v << amt) >>> 0;
    case SHIFT_LSR: return amt === 0 ? 0 : v >>> amt;
    case SHIFT_ASR: return (amt === 0 ? v >> 31 : v >> amt) >>> 0;
    default: return amt === 0 ? ((core.cf << 31) | (v >>> 1)) >>> 0 : ((v >>> amt) | (v << (32 - amt))) >>> 0;
  }
}

/** As shiftImmValue, also setting core.sc to the carry-out. */
export function shiftImmCarry(core: Core, v: number, type: number, amt: number): number {
  switch (type) {
    case SHIFT_LSL:
      if (amt === 0) { core.sc = core.cf; return v; }
      core.sc = (v >>> (32 - amt)) & 1;
      return (v << amt) >>> 0;
    case SHIFT_LSR:
      if (amt === 0) { core.sc = v >>> 31; return 0; }
      core.sc = (v >>> (amt - 1)) & 1;
      return v >>> amt;
    case SHIFT_ASR:
      if (amt === 0) { core.sc = v >>> 31; return (v >> 31) >>> 0; }
      core.sc = (v >>> (amt - 1)) & 1;
      return (v >> amt) >>> 0;
    default:
      if (amt === 0) { core.sc = v & 1; return ((core.cf << 31) | (v >>> 1)) >>> 0; }
      core.sc = (v >>> (amt - 1)) & 1;
      return ((v >>> amt) | (v << (32 - amt))) >>> 0;
  }
}

/** Register-controlled shift: amount is the bottom byte of Rs. */
export function shiftRegValue(core: Core, v: number, type: number, amt: number): number {
  amt &= 0xff;
  switch (type) {
    case SHIFT_LSL: return amt >= 32 ? 0 : (v << amt) >>> 0;
    case SHIFT_LSR: return amt >= 32 ? 0 : v >>> amt;
    case SHIFT_ASR: return (amt >= 32 ? v >> 31 : v >> amt) >>> 0;
    default: { const r = amt & 31; return r === 0 ? v : ((v >>> r) | (v << (32 - r))) >>> 0; }
  }
}

export function shiftRegCarry(core: Core, v: number, type: number, amt: number): number {
  amt &= 0xff;
  if (amt === 0) { core.sc = core.cf; return v; }
  switch (type) {
    case SHIFT_LSL:
      if (amt < 32) { core.sc = (v >>> (32 - amt)) & 1; return (v << amt) >>> 0; }
      core.sc = amt === 32 ? v & 1 : 0;
      return 0;
    case SHIFT_LSR:
      if (amt < 32) { core.sc = (v >>> (amt - 1)) & 1; return v >>> amt; }
      core.sc = amt === 32 ? v >>> 31 : 0;
      return 0;
    case SHIFT_ASR:
      if (amt < 32) { core.sc = (v >>> (amt - 1)) & 1; return (v >> amt) >>> 0; }
      core.sc = v >>> 31;
      return (v >> 31) >>> 0;
    default: {
      const r = amt & 31;
      if (r === 0) { core.sc = v >>> 31; return v; }
      core.sc = (v >>> (r - 1)) & 1;
      return ((v >>> r) | (v << (32 - r))) >>> 0;
    }
  }
}
