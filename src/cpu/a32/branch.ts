// Branches: B, BL, BLX (immediate and register), BX, BXJ (A5.5, A5.2.12).

import type { Core, Op } from '../core.js';
import { undef } from './system.js';

/** B and BL: PC-relative, ARM state kept. */
export function decodeBranch(core: Core, w: number): Op {
  const R = core.R;
  const off = ((w << 8) >> 6); // sign-extended imm24 << 2
  if (w & (1 << 24)) {
    return () => {
      R[14] = core.pc;
      core.pc = (R[15] + off) >>> 0;
    };
  }
  return () => { core.pc = (R[15] + off) >>> 0; };
}

/** BLX (immediate): calls Thumb code; H supplies bit 1 of the target. */
export function decodeBranchImmExchange(core: Core, w: number): Op {
  const R = core.R;
  const off = ((w << 8) >> 6) | (((w >>> 24) & 1) << 1);
  return () => {
    R[14] = core.pc;
    core.bxWritePC(((R[15] + off) | 1) >>> 0);
  };
}

/** BX, BXJ (no Jazelle: behaves as BX) and BLX (register). */
export function decodeBranchExchange(core: Core, w: number): Op {
  const R = core.R;
  const m = w & 0xf;
  const op2 = (w >>> 4) & 7;
  if ((w & 0x000fff00) !== 0x000fff00) return undef(core);
  if (op2 === 3) {
    if (m === 15) return undef(core);
    return () => {
      const target = R[m];
      R[14] = core.thumb ? core.pc | 1 : core.pc;
      core.bxWritePC(target);
    };
  }
  return () => core.bxWritePC(R[m]);
}
