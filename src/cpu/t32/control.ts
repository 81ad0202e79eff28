// 32-bit T32 branches and miscellaneous control (A6.3.4): B (conditional and
// not), BL, BLX (immediate), MSR/MRS (incl. banked), CPS, hints, barriers,
// CLREX, BXJ, SUBS PC, LR (ERET), HVC, SMC, UDF. Status register accesses and
// CPS are rewritten as A32 words so that they share the A32 implementation.

import type { Core, Op } from '../core.js';
import { MODE_HYP, MODE_USR } from '../psr.js';
import { withCondition } from '../a32/decode.js';
import { decodeMiscStatus, decodeUnconditional, undef } from '../a32/system.js';
import { hint, nop } from './common.js';

export function decodeBranchMisc(core: Core, hw1: number, hw2: number): Op {
  const R = core.R;
  const op1 = (hw2 >>> 12) & 7;
  const s = (hw1 >>> 10) & 1, j1 = (hw2 >>> 13) & 1, j2 = (hw2 >>> 11) & 1;
  if (op1 & 1) {
    // B (T4), BL, BLX (immediate): imm32 = S:I1:I2:imm10:imm11:0, I = NOT(J XOR S)
    const i1 = (j1 ^ s) ^ 1, i2 = (j2 ^ s) ^ 1;
    const off = (s ? -(1 << 24) : 0) + (i1 << 23) + (i2 << 22) + ((hw1 & 0x3ff) << 12) + ((hw2 & 0x7ff) << 1);
    if ((op1 & 4) === 0) return () => { core.pc = (R[15] + off) >>> 0; };
    return () => { R[14] = core.pc | 1; core.pc = (R[15] + off) >>> 0; };
  }
  if (op1 & 4) { // BLX (immediate): to A32 code at Align(PC, 4) + imm32
    if (hw2 & 1) return undef(core);
    const i1 = (j1 ^ s) ^ 1, i2 = (j2 ^ s) ^ 1;
    const off = (s ? -(1 << 24) : 0) + (i1 << 23) + (i2 << 22) + ((hw1 & 0x3ff) << 12) + ((hw2 & 0x7fe) << 1);
    return () => { R[14] = core.pc | 1; core.bxWritePC(((R[15] & ~3) + off) >>> 0); };
  }
  const op = (hw1 >>> 4) & 0x7f;
  if ((op & 0x38) !== 0x38) {
    // B<c> (T3): imm32 = S:J2:J1:imm6:imm11:0
    const cond = (hw1 >>> 6) & 0xf;
    const off = (s ? -(1 << 20) : 0) + (j2 << 19) + (j1 << 18) + ((hw1 & 0x3f) << 12) + ((hw2 & 0x7ff) << 1);
    return withCondition(core, cond, () => { core.pc = (R[15] + off) >>> 0; });
  }
  const rn = hw1 & 0xf;
  switch (op) {
    case 0x38: case 0x39: { // MSR (register), MSR (banked register)
      const r = (hw1 >>> 4) & 1, mask = (hw2 >>> 8) & 0xf;
      if (hw2 & 0x20) return decodeMiscStatus(core, (0xe120f200 | (r << 22) | (mask << 16) | ((hw2 & 0x10) << 4) | rn) >>> 0);
      return decodeMiscStatus(core, (0xe120f000 | (r << 22) | (mask << 16) | rn) >>> 0);
    }
    case 0x3e: case 0x3f: { // MRS, MRS (banked register)
      const r = (hw1 >>> 4) & 1, d = (hw2 >>> 8) & 0xf;
      if (d === 13) return undef(core);
      if (hw2 & 0x20) return decodeMiscStatus(core, (0xe1000200 | (r << 22) | (rn << 16) | (d << 12) | ((hw2 & 0x10) << 4)) >>> 0);
      return decodeMiscStatus(core, (0xe10f0000 | (r << 22) | (d << 12)) >>> 0);
    }
    case 0x3a: { // CPS and hints
      if ((hw2 & 0x700) === 0) return hint(core, hw2 & 0xff);
      const imod = (hw2 >>> 9) & 3, m = (hw2 >>> 8) & 1, aif = (hw2 >>> 5) & 7, mode = hw2 & 0x1f;
      return decodeUnconditional(core, (0xf1000000 | (imod << 18) | (m << 17) | (aif << 6) | mode) >>> 0);
    }
    case 0x3b: // miscellaneous control
      switch ((hw2 >>> 4) & 0xf) {
        case 2: return () => core.clearExclusive(); // CLREX
        case 4: case 5: return nop; // DSB, DMB
        case 6: return () => core.breakLoop(); // ISB
        default: return undef(core);
      }
    case 0x3c: // BXJ: no Jazelle, behaves as BX
      if (rn === 13 || rn === 15) return undef(core);
      return () => core.bxWritePC(R[rn]);
    case 0x3d: { // SUBS PC, LR, #imm8 (ERET when imm8 = 0 or in Hyp mode)
      if (rn !== 14) return undef(core);
      const imm8 = hw2 & 0xff;
      return () => {
        if (core.mode === MODE_USR) { core.undefinedInstruction(); return; }
        if (core.mode === MODE_HYP) core.exceptionReturn(core.elrHyp);
        else core.exceptionReturn((R[14] - imm8) >>> 0);
      };
    }
    case 0x7e: { // HVC #imm16
      if (op1 !== 0) return undef(core);
      const imm16 = (rn << 12) | (hw2 & 0xfff);
      return () => core.hypervisorCall(imm16);
    }
    case 0x7f: // SMC (op1 000), UDF (op1 010)
      if (op1 === 0 && (hw2 & 0xfff) === 0) return () => core.secureMonitorCallInstr();
      return undef(core);
    default:
      return undef(core);
  }
}
