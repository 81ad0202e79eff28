// 32-bit T32 register data processing (A6.3.12: register-controlled shifts,
// extends, parallel add/subtract, miscellaneous), multiplies (A6.3.16) and
// long multiplies/divides (A6.3.17). Apart from the shifts, each encoding is
// rewritten as its A32 equivalent and handed to the A32 decoders: same
// operands, same semantics, one implementation.

import type { Core, Op } from '../core.js';
import { FORM_SHIFTED, MOV, build } from '../a32/dataproc.js';
import { shiftRegCarry, shiftRegValue } from '../a32/shifter.js';
import { decodeClz, decodeMedia, decodeSaturatingAddSub } from '../a32/media.js';
import { decodeHalfwordMultiply, decodeMultiply } from '../a32/multiply.js';
import { undef } from '../a32/system.js';

/** T32 extend op1 (hw1 bits 7:4) -> A32 op1: SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB. */
const EXTEND_OP = [3, 7, 0, 4, 2, 6];
/** T32 parallel op1 (hw1 bits 6:4) -> A32 op2 (-1: UNDEFINED): ADD8 ADD16 ASX - SUB8 SUB16 SAX -. */
const PARALLEL_OP = [4, 0, 1, -1, 7, 3, 2, -1];
/** QADD QDADD QSUB QDSUB (hw2 bits 5:4) -> A32 op (bits 22:21). */
const QOP = [0, 2, 1, 3];

export function decodeDpRegister(core: Core, hw1: number, hw2: number): Op {
  if ((hw2 & 0xf000) !== 0xf000) return undef(core);
  const op1 = (hw1 >>> 4) & 0xf, op2 = (hw2 >>> 4) & 0xf;
  const n = hw1 & 0xf, d = (hw2 >>> 8) & 0xf, m = hw2 & 0xf;
  if (d === 15 || m === 15) return undef(core);
  if (op1 < 8 && op2 === 0) { // LSL/LSR/ASR/ROR{S} Rd, Rn, Rm
    if (n === 15) return undef(core);
    const R = core.R, type = (hw1 >>> 5) & 3, s = (hw1 >>> 4) & 1;
    const get = s ? () => shiftRegCarry(core, R[n], type, R[m]) : () => shiftRegValue(core, R[n], type, R[m]);
    return build(core, MOV, s, d, 0, FORM_SHIFTED, 0, -1, 0, get);
  }
  if (op1 < 6 && (op2 & 8) !== 0) { // extends, Rn = 1111: no accumulate
    const rot = op2 & 3;
    return decodeMedia(core, (0xe6800070 | (EXTEND_OP[op1] << 20) | (n << 16) | (d << 12) | (rot << 10) | m) >>> 0);
  }
  if (n === 15) return undef(core);
  if (op1 >= 8 && op2 < 8) { // parallel add/subtract: hw2 bit 6 = unsigned, bits 5:4 = plain/Q/halving
    const a32op = PARALLEL_OP[op1 & 7], kind = (op2 & 3) + 1;
    if (a32op < 0 || kind === 4) return undef(core);
    return decodeMedia(core, (0xe6000f10 | ((op2 & 4) << 20) | (kind << 20) | (n << 16) | (d << 12) | (a32op << 5) | m) >>> 0);
  }
  if ((op1 & 0xc) === 8 && (op2 & 0xc) === 8) {
    const a = op1 & 3, b = op2 & 3;
    switch (a) {
      case 0: return decodeSaturatingAddSub(core, (0xe1000050 | (QOP[b] << 21) | (n << 16) | (d << 12) | m) >>> 0);
      case 1: { // REV REV16 RBIT REVSH: Rm appears in both register fields
        if (n !== m) return undef(core);
        const w = [0xe6bf0f30, 0xe6bf0fb0, 0xe6ff0f30, 0xe6ff0fb0][b];
        return decodeMedia(core, (w | (d << 12) | m) >>> 0);
      }
      case 2: return b === 0 ? decodeMedia(core, (0xe6800fb0 | (n << 16) | (d << 12) | m) >>> 0) : undef(core); // SEL
      default: // CLZ
        if (b !== 0 || n !== m) return undef(core);
        return decodeClz(core, (0xe16f0f10 | (d << 12) | m) >>> 0);
    }
  }
  return undef(core);
}

/** A6.3.16: MUL MLA MLS, SMUL/SMLA<x><y>, SMUAD/SMLAD, SMULW/SMLAW<y>, SMUSD/SMLSD, SMMUL/SMMLA, SMMLS, USAD8/USADA8. */
export function decodeMultiply32(core: Core, hw1: number, hw2: number): Op {
  if ((hw2 & 0xc0) !== 0) return undef(core);
  const op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 3;
  const n = hw1 & 0xf, a = hw2 >>> 12, d = (hw2 >>> 8) & 0xf, m = hw2 & 0xf;
  const regs = (d << 16) | (a << 12) | (m << 8) | n;
  const noAcc = a === 15;
  switch (op1) {
    case 0:
      if (op2 === 0) return decodeMultiply(core, ((noAcc ? 0xe0000090 | (d << 16) | (m << 8) | n : 0xe0200090 | regs)) >>> 0);
      if (op2 === 1) return decodeMultiply(core, (0xe0600090 | regs) >>> 0); // MLS
      return undef(core);
    case 1: { // SMUL<x><y> / SMLA<x><y>: N = hw2 bit 5, M = hw2 bit 4
      const xy = ((op2 & 1) << 6) | ((op2 & 2) << 4);
      if (noAcc) return decodeHalfwordMultiply(core, (0xe1600080 | (d << 16) | (m << 8) | xy | n) >>> 0);
      return decodeHalfwordMultiply(core, (0xe1000080 | regs | xy) >>> 0);
    }
    case 3: { // SMULW<y> / SMLAW<y>
      if (op2 > 1) return undef(core);
      if (noAcc) return decodeHalfwordMultiply(core, (0xe12000a0 | (d << 16) | (m << 8) | (op2 << 6) | n) >>> 0);
      return decodeHalfwordMultiply(core, (0xe1200080 | regs | (op2 << 6)) >>> 0);
    }
    case 2: case 4: // SMUAD/SMLAD{X}, SMUSD/SMLSD{X}
      if (op2 > 1) return undef(core);
      return decodeMedia(core, ((op1 === 2 ? 0xe7000010 : 0xe7000050) | regs | (op2 << 5)) >>> 0);
    case 5: // SMMUL/SMMLA{R}
      if (op2 > 1) return undef(core);
      return decodeMedia(core, (0xe7500010 | regs | (op2 << 5)) >>> 0);
    case 6: // SMMLS{R}
      if (op2 > 1 || noAcc) return undef(core);
      return decodeMedia(core, (0xe75000d0 | regs | (op2 << 5)) >>> 0);
    default: // USAD8 / USADA8
      if (op2 !== 0) return undef(core);
      return decodeMedia(core, (0xe7800010 | regs) >>> 0);
  }
}

/** A6.3.17: SMULL UMULL SMLAL UMLAL UMAAL, SMLAL<x><y>, SMLALD/SMLSLD{X}, SDIV/UDIV. */
export function decodeLongMultiply(core: Core, hw1: number, hw2: number): Op {
  const op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 0xf;
  const n = hw1 & 0xf, lo = hw2 >>> 12, hi = (hw2 >>> 8) & 0xf, m = hw2 & 0xf;
  const regs = (hi << 16) | (lo << 12) | (m << 8) | n;
  switch (op1) {
    case 0: return op2 === 0 ? decodeMultiply(core, (0xe0c00090 | regs) >>> 0) : undef(core); // SMULL
    case 2: return op2 === 0 ? decodeMultiply(core, (0xe0800090 | regs) >>> 0) : undef(core); // UMULL
    case 6:
      if (op2 === 0) return decodeMultiply(core, (0xe0a00090 | regs) >>> 0); // UMLAL
      if (op2 === 6) return decodeMultiply(core, (0xe0400090 | regs) >>> 0); // UMAAL
      return undef(core);
    case 1: case 3: // SDIV, UDIV Rd (hw2 11:8), Rn, Rm; hw2 15:12 = 1111
      if (op2 !== 15 || lo !== 15) return undef(core);
      return decodeMedia(core, ((op1 === 1 ? 0xe710f010 : 0xe730f010) | (hi << 16) | (m << 8) | n) >>> 0);
    case 4:
      if (op2 === 0) return decodeMultiply(core, (0xe0e00090 | regs) >>> 0); // SMLAL
      if ((op2 & 0xc) === 8) return decodeHalfwordMultiply(core, (0xe1400080 | regs | ((op2 & 1) << 6) | ((op2 & 2) << 4)) >>> 0);
      if ((op2 & 0xe) === 0xc) return decodeMedia(core, (0xe7400010 | regs | ((op2 & 1) << 5)) >>> 0); // SMLALD
      return undef(core);
    case 5:
      if ((op2 & 0xe) === 0xc) return decodeMedia(core, (0xe7400050 | regs | ((op2 & 1) << 5)) >>> 0); // SMLSLD
      return undef(core);
    default:
      return undef(core);
  }
}
