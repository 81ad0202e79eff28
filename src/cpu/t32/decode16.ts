// 16-bit Thumb instructions (ARM ARM A6.2). Flag-setting data-processing
// encodings set the flags only outside IT blocks, so the decoder is told
// whether the instruction sits in one (`inIT`); the core keeps separate op
// caches for the two cases.

import type { Core, Op } from '../core.js';
import {
  ADC, ADD, AND, BIC, CMN, CMP, EOR, FORM_IMM, FORM_REG, FORM_SHIFTED, MOV, MVN, ORR, RSB, SBC, SUB, TST, build,
} from '../a32/dataproc.js';
import { SHIFT_ASR, SHIFT_LSL, SHIFT_LSR, SHIFT_ROR, shiftRegCarry, shiftRegValue } from '../a32/shifter.js';
import { decodeBlockTransfer } from '../a32/loadstore.js';
import { decodeUnconditional, undef } from '../a32/system.js';
import { withCondition } from '../a32/decode.js';
import { hint, noGet } from './common.js';

export function decode16(core: Core, hw: number, inIT: boolean): Op {
  const s = inIT ? 0 : 1;
  const lo = hw & 7, mid = (hw >>> 3) & 7;
  switch (hw >>> 12) {
    case 0x0: case 0x1: {
      const op = (hw >>> 11) & 3;
      if (op < 3) return shiftImm(core, s, lo, mid, op, (hw >>> 6) & 0x1f); // LSL, LSR, ASR (immediate)
      const v = (hw >>> 6) & 7; // Rm or imm3
      switch ((hw >>> 9) & 3) {
        case 0: return build(core, ADD, s, lo, mid, FORM_REG, 0, -1, v, noGet);
        case 1: return build(core, SUB, s, lo, mid, FORM_REG, 0, -1, v, noGet);
        case 2: return build(core, ADD, s, lo, mid, FORM_IMM, v, -1, 0, noGet);
        default: return build(core, SUB, s, lo, mid, FORM_IMM, v, -1, 0, noGet);
      }
    }
    case 0x2: case 0x3: {
      const d = (hw >>> 8) & 7, imm8 = hw & 0xff;
      switch ((hw >>> 11) & 3) {
        case 0: return build(core, MOV, s, d, 0, FORM_IMM, imm8, -1, 0, noGet);
        case 1: return build(core, CMP, 1, 0, d, FORM_IMM, imm8, -1, 0, noGet);
        case 2: return build(core, ADD, s, d, d, FORM_IMM, imm8, -1, 0, noGet);
        default: return build(core, SUB, s, d, d, FORM_IMM, imm8, -1, 0, noGet);
      }
    }
    case 0x4:
      if ((hw & 0x0800) !== 0) { // LDR (literal)
        const R = core.R, t = (hw >>> 8) & 7, imm = (hw & 0xff) << 2;
        return () => { R[t] = core.ld32((R[15] & ~3) + imm); };
      }
      if ((hw & 0x0400) === 0) return dataProcessing(core, hw, s);
      return specialData(core, hw);
    case 0x5: return loadStoreRegister(core, hw);
    case 0x6: return loadStoreImm(core, hw, 4);
    case 0x7: return loadStoreImm(core, hw, 1);
    case 0x8: return loadStoreImm(core, hw, 2);
    case 0x9: { // LDR/STR Rt, [SP, #imm8*4]
      const R = core.R, t = (hw >>> 8) & 7, imm = (hw & 0xff) << 2;
      if (hw & 0x0800) return () => { R[t] = core.ld32(R[13] + imm); };
      return () => core.st32(R[13] + imm, R[t]);
    }
    case 0xa: {
      const R = core.R, d = (hw >>> 8) & 7, imm = (hw & 0xff) << 2;
      if (hw & 0x0800) return () => { R[d] = R[13] + imm; }; // ADD Rd, SP, #imm
      return () => { R[d] = (R[15] & ~3) + imm; }; // ADR
    }
    case 0xb: return misc(core, hw);
    case 0xc: {
      const n = (hw >>> 8) & 7, list = hw & 0xff;
      if (hw & 0x0800) {
        // LDM Rn{!}: writeback unless Rn is in the list
        const wb = (list & (1 << n)) === 0 ? 1 << 21 : 0;
        return decodeBlockTransfer(core, (0xe8900000 | wb | (n << 16) | list) >>> 0);
      }
      return decodeBlockTransfer(core, (0xe8a00000 | (n << 16) | list) >>> 0); // STMIA Rn!
    }
    case 0xd: {
      const cond = (hw >>> 8) & 0xf;
      if (cond === 0xe) return undef(core); // UDF
      if (cond === 0xf) return svc(core, hw & 0xff);
      const R = core.R, off = ((hw & 0xff) << 24) >> 23;
      return withCondition(core, cond, () => { core.pc = (R[15] + off) >>> 0; });
    }
    default: { // 0xe, bit 11 clear: B (unconditional)
      const R = core.R, off = ((hw & 0x7ff) << 21) >> 20;
      return () => { core.pc = (R[15] + off) >>> 0; };
    }
  }
}

/** LSL/LSR/ASR Rd, Rm, #imm5 (A6.2.1); LSL #0 is MOV(S) Rd, Rm. */
function shiftImm(core: Core, s: number, d: number, m: number, type: number, imm5: number): Op {
  const R = core.R;
  if (type === SHIFT_LSL && imm5 === 0) return build(core, MOV, s, d, 0, FORM_REG, 0, -1, m, noGet);
  if (!s) {
    switch (type) {
      case SHIFT_LSL: return () => { R[d] = R[m] << imm5; };
      case SHIFT_LSR: return imm5 === 0 ? () => { R[d] = 0; } : () => { R[d] = R[m] >>> imm5; };
      default: { const a = imm5 === 0 ? 31 : imm5; return () => { R[d] = R[m] >> a; }; }
    }
  }
  // Flag-setting shifts are frequent in compiled Thumb code: one closure each, no shifter call.
  switch (type) {
    case SHIFT_LSL: {
      const back = 32 - imm5;
      return () => {
        const v = R[m], r = (v << imm5) >>> 0;
        core.cf = (v >>> back) & 1; core.nf = r >>> 31; core.zf = r === 0 ? 1 : 0;
        R[d] = r;
      };
    }
    case SHIFT_LSR: {
      if (imm5 === 0) return () => { core.cf = R[m] >>> 31; core.nf = 0; core.zf = 1; R[d] = 0; };
      const c = imm5 - 1;
      return () => {
        const v = R[m], r = v >>> imm5;
        core.cf = (v >>> c) & 1; core.nf = 0; core.zf = r === 0 ? 1 : 0;
        R[d] = r;
      };
    }
    default: {
      const a = imm5 === 0 ? 32 : imm5, c = a - 1, sh = a === 32 ? 31 : a;
      return () => {
        const v = R[m], r = (v >> sh) >>> 0;
        core.cf = (v >>> c) & 1; core.nf = r >>> 31; core.zf = r === 0 ? 1 : 0;
        R[d] = r;
      };
    }
  }
}

/** A6.2.2: AND EOR LSL LSR ASR ADC SBC ROR TST RSB CMP CMN ORR MUL BIC MVN on low registers. */
function dataProcessing(core: Core, hw: number, s: number): Op {
  const R = core.R;
  const d = hw & 7, m = (hw >>> 3) & 7;
  const shift = (type: number): Op => build(core, MOV, s, d, 0, FORM_SHIFTED, 0, -1, 0,
    s ? () => shiftRegCarry(core, R[d], type, R[m]) : () => shiftRegValue(core, R[d], type, R[m]));
  switch ((hw >>> 6) & 0xf) {
    case 0x0: return build(core, AND, s, d, d, FORM_REG, 0, -1, m, noGet);
    case 0x1: return build(core, EOR, s, d, d, FORM_REG, 0, -1, m, noGet);
    case 0x2: return shift(SHIFT_LSL);
    case 0x3: return shift(SHIFT_LSR);
    case 0x4: return shift(SHIFT_ASR);
    case 0x5: return build(core, ADC, s, d, d, FORM_REG, 0, -1, m, noGet);
    case 0x6: return build(core, SBC, s, d, d, FORM_REG, 0, -1, m, noGet);
    case 0x7: return shift(SHIFT_ROR);
    case 0x8: return build(core, TST, 1, 0, d, FORM_REG, 0, -1, m, noGet);
    case 0x9: return build(core, RSB, s, d, m, FORM_IMM, 0, -1, 0, noGet); // RSB Rd, Rn, #0
    case 0xa: return build(core, CMP, 1, 0, d, FORM_REG, 0, -1, m, noGet);
    case 0xb: return build(core, CMN, 1, 0, d, FORM_REG, 0, -1, m, noGet);
    case 0xc: return build(core, ORR, s, d, d, FORM_REG, 0, -1, m, noGet);
    case 0xd: // MUL Rdm, Rn, Rdm: N and Z only
      if (!s) return () => { R[d] = Math.imul(R[m], R[d]); };
      return () => {
        const r = Math.imul(R[m], R[d]);
        R[d] = r;
        core.nf = r >>> 31; core.zf = r === 0 ? 1 : 0;
      };
    case 0xe: return build(core, BIC, s, d, d, FORM_REG, 0, -1, m, noGet);
    default: return build(core, MVN, s, d, 0, FORM_REG, 0, -1, m, noGet);
  }
}

/** A6.2.3: ADD/CMP/MOV with high registers, BX, BLX (register). Writes to PC branch without interworking. */
function specialData(core: Core, hw: number): Op {
  const R = core.R;
  const dn = ((hw >>> 4) & 8) | (hw & 7), m = (hw >>> 3) & 0xf;
  switch ((hw >>> 8) & 3) {
    case 0:
      if (dn === 15) return () => { core.pc = ((R[15] + R[m]) & ~1) >>> 0; };
      return build(core, ADD, 0, dn, dn, FORM_REG, 0, -1, m, noGet);
    case 1:
      return build(core, CMP, 1, 0, dn, FORM_REG, 0, -1, m, noGet);
    case 2:
      if (dn === 15) return () => { core.pc = (R[m] & ~1) >>> 0; };
      return () => { R[dn] = R[m]; };
    default:
      if ((hw & 7) !== 0) return undef(core);
      if (hw & 0x80) { // BLX Rm
        if (m === 15) return undef(core);
        return () => {
          const target = R[m];
          R[14] = core.pc | 1;
          core.bxWritePC(target);
        };
      }
      return () => core.bxWritePC(R[m]);
  }
}

/** A6.2.4 register offset: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH Rt, [Rn, Rm]. */
function loadStoreRegister(core: Core, hw: number): Op {
  const R = core.R;
  const t = hw & 7, n = (hw >>> 3) & 7, m = (hw >>> 6) & 7;
  switch ((hw >>> 9) & 7) {
    case 0: return () => core.st32(R[n] + R[m], R[t]);
    case 1: return () => core.st16(R[n] + R[m], R[t]);
    case 2: return () => core.st8(R[n] + R[m], R[t]);
    case 3: return () => { R[t] = (core.ld8(R[n] + R[m]) << 24) >> 24; };
    case 4: return () => { R[t] = core.ld32(R[n] + R[m]); };
    case 5: return () => { R[t] = core.ld16(R[n] + R[m]); };
    case 6: return () => { R[t] = core.ld8(R[n] + R[m]); };
    default: return () => { R[t] = (core.ld16(R[n] + R[m]) << 16) >> 16; };
  }
}

/** A6.2.4 immediate offset: LDR/STR (imm5*4), LDRB/STRB (imm5), LDRH/STRH (imm5*2). */
function loadStoreImm(core: Core, hw: number, size: number): Op {
  const R = core.R;
  const t = hw & 7, n = (hw >>> 3) & 7, imm = ((hw >>> 6) & 0x1f) * size;
  const load = (hw & 0x0800) !== 0;
  switch (size) {
    case 4: return load ? () => { R[t] = core.ld32(R[n] + imm); } : () => core.st32(R[n] + imm, R[t]);
    case 1: return load ? () => { R[t] = core.ld8(R[n] + imm); } : () => core.st8(R[n] + imm, R[t]);
    default: return load ? () => { R[t] = core.ld16(R[n] + imm); } : () => core.st16(R[n] + imm, R[t]);
  }
}

/** SVC #imm8; SVC 0xAB is a semihosting call in Thumb state. */
function svc(core: Core, imm8: number): Op {
  return () => {
    if (imm8 === 0xab && core.host.semihosting && core.host.semihosting(core)) return;
    core.supervisorCall();
  };
}

/** A6.2.5: miscellaneous 16-bit instructions. */
function misc(core: Core, hw: number): Op {
  const R = core.R;
  const d = hw & 7, m = (hw >>> 3) & 7;
  switch ((hw >>> 8) & 0xf) {
    case 0x0: { // ADD/SUB SP, SP, #imm7*4
      const imm = (hw & 0x7f) << 2;
      if (hw & 0x80) return () => { R[13] = R[13] - imm; };
      return () => { R[13] = R[13] + imm; };
    }
    case 0x1: case 0x3: case 0x9: case 0xb: { // CBZ, CBNZ
      const n = hw & 7, off = (((hw >>> 9) & 1) << 6) | (((hw >>> 3) & 0x1f) << 1);
      if (hw & 0x0800) return () => { if (R[n] !== 0) core.pc = (R[15] + off) >>> 0; };
      return () => { if (R[n] === 0) core.pc = (R[15] + off) >>> 0; };
    }
    case 0x2:
      switch ((hw >>> 6) & 3) {
        case 0: return () => { R[d] = (R[m] << 16) >> 16; }; // SXTH
        case 1: return () => { R[d] = (R[m] << 24) >> 24; }; // SXTB
        case 2: return () => { R[d] = R[m] & 0xffff; }; // UXTH
        default: return () => { R[d] = R[m] & 0xff; }; // UXTB
      }
    case 0x4: case 0x5: // PUSH: STMDB SP!, list (+LR)
      return decodeBlockTransfer(core, (0xe92d0000 | ((hw & 0x100) << 6) | (hw & 0xff)) >>> 0);
    case 0xc: case 0xd: // POP: LDMIA SP!, list (+PC, interworking)
      return decodeBlockTransfer(core, (0xe8bd0000 | ((hw & 0x100) << 7) | (hw & 0xff)) >>> 0);
    case 0x6:
      if ((hw & 0xf7) === 0x50) return decodeUnconditional(core, (0xf1010000 | ((hw & 8) << 6)) >>> 0); // SETEND
      if ((hw & 0xe8) === 0x60) { // CPSIE/CPSID with A, I, F
        const imod = (hw & 0x10) ? 3 : 2;
        return decodeUnconditional(core, (0xf1000000 | (imod << 18) | ((hw & 7) << 6)) >>> 0);
      }
      return undef(core);
    case 0xa:
      switch ((hw >>> 6) & 3) {
        case 0: return () => { const v = R[m]; R[d] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24); };
        case 1: return () => { const v = R[m]; R[d] = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8); };
        case 3: return () => { const v = R[m]; R[d] = ((v << 24) >> 16) | ((v >>> 8) & 0xff); };
        default: { // HLT #imm6 (semihosting with 0x3C, as QEMU; otherwise UNDEFINED)
          const imm6 = hw & 0x3f;
          return () => {
            if (imm6 === 0x3c && core.host.semihosting && core.host.semihosting(core)) return;
            core.undefinedInstruction();
          };
        }
      }
    case 0xe: // BKPT: a debug event, taken as a Prefetch Abort
      return () => core.prefetchAbort(core.currentPc, 0x02);
    case 0xf: {
      if ((hw & 0xf) === 0) return hint(core, (hw >>> 4) & 0xf);
      const it = hw & 0xff;
      if ((it >>> 4) === 0xf) return undef(core);
      return () => { core.it = it; };
    }
    default:
      return undef(core);
  }
}

