// T32 (Thumb-2) decoder: maps a 16-bit instruction (hw2 unused) or a 32-bit
// instruction (hw1, hw2) to an Op specialised for one core (ARM ARM A6).
// `inIT` says the instruction sits inside an IT block: 16-bit data-processing
// encodings then do not set flags, and conditions come from ITSTATE (the core
// checks them before calling the op).
//
// PC as an operand reads R[15], which the core sets to the instruction's
// address + 4 before running it; literal and ADR forms use Align(PC, 4).

import type { Core, Op } from '../core.js';
import { decodeCoprocessor, decodeUnconditional, undef } from '../a32/system.js';
import { decodeAdvancedSimd } from '../vfp/decode.js';
import { decode16 } from './decode16.js';
import { decodeDpModifiedImm, decodeDpPlainImm, decodeDpShiftedReg } from './dataproc.js';
import { decodeDualExclusive, decodeLoadStoreMultiple, decodeLoadStoreSingle } from './loadstore.js';
import { decodeDpRegister, decodeLongMultiply, decodeMultiply32 } from './media.js';
import { decodeBranchMisc } from './control.js';
import { word } from './common.js';

export function decodeT32(core: Core, hw1: number, hw2: number, inIT: boolean): Op {
  if ((hw1 & 0xf800) < 0xe800) return decode16(core, hw1, inIT);
  return decode32(core, hw1, hw2);
}

/** A6.3: 32-bit encodings by op1 (hw1 bits 12:11), op2 (hw1 bits 10:4) and op (hw2 bit 15). */
function decode32(core: Core, hw1: number, hw2: number): Op {
  const op2 = (hw1 >>> 4) & 0x7f;
  switch ((hw1 >>> 11) & 3) {
    case 1:
      if ((op2 & 0x64) === 0x00) return decodeLoadStoreMultiple(core, hw1, hw2);
      if ((op2 & 0x64) === 0x04) return decodeDualExclusive(core, hw1, hw2);
      if ((op2 & 0x60) === 0x20) return decodeDpShiftedReg(core, hw1, hw2);
      return decodeCoprocessorT32(core, hw1, hw2);
    case 2:
      if (hw2 & 0x8000) return decodeBranchMisc(core, hw1, hw2);
      if ((op2 & 0x20) === 0) return decodeDpModifiedImm(core, hw1, hw2);
      return decodeDpPlainImm(core, hw1, hw2);
    default:
      if ((op2 & 0x71) === 0x10) { // Advanced SIMD element/structure load/store: 1111 1001 xxx0 -> A32 1111 0100 xxx0
        return decodeAdvancedSimd(core, word(0xf400 | (hw1 & 0xff), hw2));
      }
      if ((op2 & 0x60) === 0x00) return decodeLoadStoreSingle(core, hw1, hw2);
      if ((op2 & 0x70) === 0x20) return decodeDpRegister(core, hw1, hw2);
      if ((op2 & 0x78) === 0x30) return decodeMultiply32(core, hw1, hw2);
      if ((op2 & 0x78) === 0x38) return decodeLongMultiply(core, hw1, hw2);
      if (op2 & 0x40) return decodeCoprocessorT32(core, hw1, hw2);
      return undef(core);
  }
}

/**
 * A6.3.18: coprocessor, floating-point and Advanced SIMD. The 111U 1111 forms are
 * Advanced SIMD data processing (A32 1111 001U); 1110 11xx has the A32 layout with
 * cond = AL, 1111 11xx the unconditional A32 layout (MCR2, LDC2, ...).
 */
function decodeCoprocessorT32(core: Core, hw1: number, hw2: number): Op {
  if ((hw1 & 0x0f00) === 0x0f00) return decodeAdvancedSimd(core, word(0xf200 | ((hw1 & 0x1000) >>> 4) | (hw1 & 0xff), hw2));
  if (hw1 & 0x1000) return decodeUnconditional(core, word(hw1, hw2));
  return decodeCoprocessor(core, word(hw1, hw2));
}
