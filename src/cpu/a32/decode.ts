// A32 decoder: maps an instruction word to an Op specialised for one core
// (ARM ARM A5.1). The condition is handled here by wrapping the op; group
// decoders below never look at bits 31:28 except in the unconditional space.

import type { Core, Op } from '../core.js';
import { decodeDataProcessing, decodeMovWide } from './dataproc.js';
import { decodeExtraLoadStore, decodeLoadStoreWord, decodeBlockTransfer, decodeSync } from './loadstore.js';
import { decodeBranch, decodeBranchExchange } from './branch.js';
import { decodeMultiply, decodeHalfwordMultiply } from './multiply.js';
import { decodeMedia, decodeSaturatingAddSub, decodeClz } from './media.js';
import {
  decodeCoprocessor, decodeMiscStatus, decodeMsrImmAndHints, decodeUnconditional, decodeExceptionGen, undef,
} from './system.js';

export function decodeA32(core: Core, w: number): Op {
  const cond = w >>> 28;
  if (cond === 0xf) return decodeUnconditional(core, w);
  const op = decodeConditional(core, w);
  return cond === 0xe ? op : withCondition(core, cond, op);
}

function decodeConditional(core: Core, w: number): Op {
  switch ((w >>> 25) & 7) {
    case 0: case 1: return decodeDpMisc(core, w);
    case 2: return decodeLoadStoreWord(core, w);
    case 3: return (w & 0x10) ? decodeMedia(core, w) : decodeLoadStoreWord(core, w);
    case 4: return decodeBlockTransfer(core, w);
    case 5: return decodeBranch(core, w);
    default: return decodeCoprocessor(core, w);
  }
}

/** A5.2: data-processing and miscellaneous instructions. */
function decodeDpMisc(core: Core, w: number): Op {
  const immOp = (w >>> 25) & 1;
  const op1 = (w >>> 20) & 0x1f;
  const op2 = (w >>> 4) & 0xf;
  if (immOp) {
    if (op1 === 0x10 || op1 === 0x14) return decodeMovWide(core, w);
    if ((op1 & 0x1b) === 0x12) return decodeMsrImmAndHints(core, w);
    return decodeDataProcessing(core, w);
  }
  if ((op1 & 0x19) === 0x10) {
    // 10xx0: miscellaneous and halfword multiplies
    if ((op2 & 8) === 0) return decodeMisc(core, w);
    if ((op2 & 9) === 8) return decodeHalfwordMultiply(core, w);
  }
  if (op2 === 9) return (op1 & 0x10) ? decodeSync(core, w) : decodeMultiply(core, w);
  if (op2 === 0xb || (op2 & 0xd) === 0xd) return decodeExtraLoadStore(core, w);
  return decodeDataProcessing(core, w);
}

/** A5.2.12: miscellaneous instructions. */
function decodeMisc(core: Core, w: number): Op {
  const op2 = (w >>> 4) & 7;
  const op = (w >>> 21) & 3;
  switch (op2) {
    case 0: return decodeMiscStatus(core, w);
    case 1: return op === 1 ? decodeBranchExchange(core, w) : op === 3 ? decodeClz(core, w) : undef(core);
    case 2: return op === 1 ? decodeBranchExchange(core, w) : undef(core); // BXJ
    case 3: return op === 1 ? decodeBranchExchange(core, w) : undef(core); // BLX (register)
    case 5: return decodeSaturatingAddSub(core, w);
    case 6: return op === 3 ? decodeExceptionGen(core, w) : undef(core); // ERET
    case 7: return decodeExceptionGen(core, w); // BKPT, HVC, SMC, HLT
    default: return undef(core);
  }
}

/** Wraps an op so it runs only when the condition holds. */
export function withCondition(core: Core, cond: number, op: Op): Op {
  switch (cond) {
    case 0x0: return () => { if (core.zf) op(); };
    case 0x1: return () => { if (!core.zf) op(); };
    case 0x2: return () => { if (core.cf) op(); };
    case 0x3: return () => { if (!core.cf) op(); };
    case 0x4: return () => { if (core.nf) op(); };
    case 0x5: return () => { if (!core.nf) op(); };
    case 0x6: return () => { if (core.vf) op(); };
    case 0x7: return () => { if (!core.vf) op(); };
    case 0x8: return () => { if (core.cf && !core.zf) op(); };
    case 0x9: return () => { if (!core.cf || core.zf) op(); };
    case 0xa: return () => { if (core.nf === core.vf) op(); };
    case 0xb: return () => { if (core.nf !== core.vf) op(); };
    case 0xc: return () => { if (!core.zf && core.nf === core.vf) op(); };
    case 0xd: return () => { if (core.zf || core.nf !== core.vf) op(); };
    default: return op;
  }
}

/** True when the condition holds for the core's current flags (for Thumb IT and tests). */
export function conditionPassed(core: Core, cond: number): boolean {
  switch (cond) {
    case 0x0: return core.zf === 1;
    case 0x1: return core.zf === 0;
    case 0x2: return core.cf === 1;
    case 0x3: return core.cf === 0;
    case 0x4: return core.nf === 1;
    case 0x5: return core.nf === 0;
    case 0x6: return core.vf === 1;
    case 0x7: return core.vf === 0;
    case 0x8: return core.cf === 1 && core.zf === 0;
    case 0x9: return core.cf === 0 || core.zf === 1;
    case 0xa: return core.nf === core.vf;
    case 0xb: return core.nf !== core.vf;
    case 0xc: return core.zf === 0 && core.nf === core.vf;
    case 0xd: return core.zf === 1 || core.nf !== core.vf;
    default: return true;
  }
}
