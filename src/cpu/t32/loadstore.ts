// 32-bit T32 loads and stores: single data items with all addressing forms
// (A6.3.7-A6.3.10), dual/exclusive/table branch (A6.3.6) and multiple
// (A6.3.5, LDM/STM through the A32 block transfer; SRS/RFE as A32 words).

import type { Core, Op } from '../core.js';
import { decodeBlockTransfer } from '../a32/loadstore.js';
import { decodeUnconditional, undef } from '../a32/system.js';
import { nop } from './common.js';

type Load = (a: number) => number;
type Store = (a: number, v: number) => void;

function loader(core: Core, size: number, signed: boolean, unpriv: boolean): Load {
  switch (size) {
    case 0:
      if (signed) return unpriv ? (a) => (core.ld8u(a) << 24) >> 24 : (a) => (core.ld8(a) << 24) >> 24;
      return unpriv ? (a) => core.ld8u(a) : (a) => core.ld8(a);
    case 1:
      if (signed) return unpriv ? (a) => (core.ld16u(a) << 16) >> 16 : (a) => (core.ld16(a) << 16) >> 16;
      return unpriv ? (a) => core.ld16u(a) : (a) => core.ld16(a);
    default:
      return unpriv ? (a) => core.ld32u(a) : (a) => core.ld32(a);
  }
}

function storer(core: Core, size: number, unpriv: boolean): Store {
  switch (size) {
    case 0: return unpriv ? (a, v) => core.st8u(a, v) : (a, v) => core.st8(a, v);
    case 1: return unpriv ? (a, v) => core.st16u(a, v) : (a, v) => core.st16(a, v);
    default: return unpriv ? (a, v) => core.st32u(a, v) : (a, v) => core.st32(a, v);
  }
}

/** Access kinds: size 0/1/2 (byte, halfword, word), +4 when sign-extending. */
const U8 = 0, U16 = 1, U32 = 2, S8 = 4, S16 = 5;

/** Rt = [Rn + imm] (imm may be negative): the common form, one closure per access kind. */
function loadOffset(core: Core, kind: number, t: number, n: number, imm: number): Op {
  const R = core.R;
  switch (kind) {
    case U8: return () => { R[t] = core.ld8(R[n] + imm); };
    case U16: return () => { R[t] = core.ld16(R[n] + imm); };
    case U32: return () => { R[t] = core.ld32(R[n] + imm); };
    case S8: return () => { R[t] = (core.ld8(R[n] + imm) << 24) >> 24; };
    default: return () => { R[t] = (core.ld16(R[n] + imm) << 16) >> 16; };
  }
}

function storeOffset(core: Core, size: number, t: number, n: number, imm: number): Op {
  const R = core.R;
  switch (size) {
    case U8: return () => core.st8(R[n] + imm, R[t]);
    case U16: return () => core.st16(R[n] + imm, R[t]);
    default: return () => core.st32(R[n] + imm, R[t]);
  }
}

/** Rt = [Rn + (Rm << sh)]. */
function loadReg(core: Core, kind: number, t: number, n: number, m: number, sh: number): Op {
  const R = core.R;
  switch (kind) {
    case U8: return () => { R[t] = core.ld8(R[n] + (R[m] << sh >>> 0)); };
    case U16: return () => { R[t] = core.ld16(R[n] + (R[m] << sh >>> 0)); };
    case U32: return () => { R[t] = core.ld32(R[n] + (R[m] << sh >>> 0)); };
    case S8: return () => { R[t] = (core.ld8(R[n] + (R[m] << sh >>> 0)) << 24) >> 24; };
    default: return () => { R[t] = (core.ld16(R[n] + (R[m] << sh >>> 0)) << 16) >> 16; };
  }
}

function storeReg(core: Core, size: number, t: number, n: number, m: number, sh: number): Op {
  const R = core.R;
  switch (size) {
    case U8: return () => core.st8(R[n] + (R[m] << sh >>> 0), R[t]);
    case U16: return () => core.st16(R[n] + (R[m] << sh >>> 0), R[t]);
    default: return () => core.st32(R[n] + (R[m] << sh >>> 0), R[t]);
  }
}

/** [Rn, #imm]! (pre) or [Rn], #imm (post) loads; Rn is written only after the access succeeded. */
function loadWriteback(core: Core, kind: number, t: number, n: number, imm: number, pre: boolean): Op {
  const R = core.R;
  if (pre) {
    switch (kind) {
      case U8: return () => { const a = R[n] + imm; R[t] = core.ld8(a); R[n] = a; };
      case U16: return () => { const a = R[n] + imm; R[t] = core.ld16(a); R[n] = a; };
      case U32: return () => { const a = R[n] + imm; R[t] = core.ld32(a); R[n] = a; };
      case S8: return () => { const a = R[n] + imm; R[t] = (core.ld8(a) << 24) >> 24; R[n] = a; };
      default: return () => { const a = R[n] + imm; R[t] = (core.ld16(a) << 16) >> 16; R[n] = a; };
    }
  }
  switch (kind) {
    case U8: return () => { const a = R[n]; R[t] = core.ld8(a); R[n] = a + imm; };
    case U16: return () => { const a = R[n]; R[t] = core.ld16(a); R[n] = a + imm; };
    case U32: return () => { const a = R[n]; R[t] = core.ld32(a); R[n] = a + imm; };
    case S8: return () => { const a = R[n]; R[t] = (core.ld8(a) << 24) >> 24; R[n] = a + imm; };
    default: return () => { const a = R[n]; R[t] = (core.ld16(a) << 16) >> 16; R[n] = a + imm; };
  }
}

function storeWriteback(core: Core, size: number, t: number, n: number, imm: number, pre: boolean): Op {
  const R = core.R;
  if (pre) {
    switch (size) {
      case U8: return () => { const a = R[n] + imm; core.st8(a, R[t]); R[n] = a; };
      case U16: return () => { const a = R[n] + imm; core.st16(a, R[t]); R[n] = a; };
      default: return () => { const a = R[n] + imm; core.st32(a, R[t]); R[n] = a; };
    }
  }
  switch (size) {
    case U8: return () => { const a = R[n]; core.st8(a, R[t]); R[n] = a + imm; };
    case U16: return () => { const a = R[n]; core.st16(a, R[t]); R[n] = a + imm; };
    default: return () => { const a = R[n]; core.st32(a, R[t]); R[n] = a + imm; };
  }
}

/**
 * LDR/LDRB/LDRH/LDRSB/LDRSH/STR/STRB/STRH (hw1 = 1111 100 S U size L Rn): imm12, imm8 with
 * P/U/W, unprivileged (T), register with LSL #0-3 and literal forms. Byte and halfword
 * loads to PC are the PLD/PLI hints (NOPs here); a word load to PC interworks.
 */
export function decodeLoadStoreSingle(core: Core, hw1: number, hw2: number): Op {
  const R = core.R;
  const signed = (hw1 & 0x100) !== 0, add = (hw1 & 0x80) !== 0, size = (hw1 >>> 5) & 3, load = (hw1 & 0x10) !== 0;
  const n = hw1 & 0xf, t = hw2 >>> 12;
  if (size === 3 || (!load && (signed || n === 15 || t === 15))) return undef(core);
  if (signed && size === 2) return undef(core);
  const kind = size | (signed ? 4 : 0);
  const hintOnly = load && t === 15 && size !== 2;

  if (n === 15) { // literal: Align(PC, 4) +/- imm12
    if (hintOnly) return nop;
    const imm = add ? hw2 & 0xfff : -(hw2 & 0xfff);
    const ld = loader(core, size, signed, false);
    if (t === 15) return () => core.bxWritePC(core.ld32((R[15] & ~3) + imm));
    return () => { R[t] = ld(((R[15] & ~3) + imm) >>> 0); };
  }

  if (add) { // positive imm12, no writeback
    if (hintOnly) return nop;
    const imm = hw2 & 0xfff;
    if (!load) return storeOffset(core, size, t, n, imm);
    if (t === 15) return () => core.bxWritePC(core.ld32(R[n] + imm));
    return loadOffset(core, kind, t, n, imm);
  }

  if ((hw2 & 0x800) === 0) { // register offset: [Rn, Rm, LSL #imm2]
    if ((hw2 & 0xfc0) !== 0) return undef(core);
    const m = hw2 & 0xf, sh = (hw2 >>> 4) & 3;
    if (m === 15 || m === 13) return undef(core);
    if (hintOnly) return nop;
    if (!load) return storeReg(core, size, t, n, m, sh);
    if (t === 15) return () => core.bxWritePC(core.ld32(R[n] + (R[m] << sh >>> 0)));
    return loadReg(core, kind, t, n, m, sh);
  }

  // imm8 forms: hw2 bits 10:8 = P U W
  const p = (hw2 & 0x400) !== 0, u = (hw2 & 0x200) !== 0, w = (hw2 & 0x100) !== 0;
  const imm = u ? hw2 & 0xff : -(hw2 & 0xff);
  if (!p && !w) return undef(core);
  const unpriv = p && u && !w;
  if (hintOnly) return unpriv || w ? undef(core) : nop;
  if (w && n === t) return undef(core); // UNPREDICTABLE
  if (unpriv) { // LDRT/STRT and friends: an access with PL0 permissions
    if (!load) { const st = storer(core, size, true); return () => st((R[n] + imm) >>> 0, R[t]); }
    const ld = loader(core, size, signed, true);
    return () => { R[t] = ld((R[n] + imm) >>> 0); };
  }
  if (load) {
    if (t === 15) {
      return () => {
        const base = R[n];
        const off = (base + imm) >>> 0;
        const v = core.ld32(p ? off : base);
        if (w) R[n] = off;
        core.bxWritePC(v);
      };
    }
    return w ? loadWriteback(core, kind, t, n, imm, p) : loadOffset(core, kind, t, n, imm);
  }
  return w ? storeWriteback(core, size, t, n, imm, p) : storeOffset(core, size, t, n, imm);
}

/** A6.3.6: LDRD/STRD, LDREX/STREX (word, byte, halfword, doubleword), TBB/TBH. */
export function decodeDualExclusive(core: Core, hw1: number, hw2: number): Op {
  const op1 = (hw1 >>> 7) & 3, op2 = (hw1 >>> 4) & 3;
  const n = hw1 & 0xf;
  if (op1 === 0 && op2 === 0) return strex(core, n, hw2 >>> 12, -1, (hw2 >>> 8) & 0xf, 4, (hw2 & 0xff) << 2);
  if (op1 === 0 && op2 === 1) return ldrex(core, n, hw2 >>> 12, -1, 4, (hw2 & 0xff) << 2);
  if (op1 === 1 && op2 === 0) {
    const op3 = (hw2 >>> 4) & 0xf, t = hw2 >>> 12, t2 = (hw2 >>> 8) & 0xf, d = hw2 & 0xf;
    if (op3 === 4) return strex(core, n, t, -1, d, 1, 0);
    if (op3 === 5) return strex(core, n, t, -1, d, 2, 0);
    if (op3 === 7) return strex(core, n, t, t2, d, 8, 0);
    return undef(core);
  }
  if (op1 === 1 && op2 === 1) {
    const op3 = (hw2 >>> 4) & 0xf, t = hw2 >>> 12, t2 = (hw2 >>> 8) & 0xf;
    if (op3 === 0 || op3 === 1) return tableBranch(core, n, hw2 & 0xf, op3 === 1);
    if (op3 === 4) return ldrex(core, n, t, -1, 1, 0);
    if (op3 === 5) return ldrex(core, n, t, -1, 2, 0);
    if (op3 === 7) return ldrex(core, n, t, t2, 8, 0);
    return undef(core);
  }
  return dual(core, hw1, hw2);
}

/** LDRD/STRD Rt, Rt2, [Rn, #+/-imm8*4]{!} / [Rn], #+/-imm8*4 / literal; word alignment required. */
function dual(core: Core, hw1: number, hw2: number): Op {
  const R = core.R;
  const p = (hw1 & 0x100) !== 0, u = (hw1 & 0x80) !== 0, w = (hw1 & 0x20) !== 0, load = (hw1 & 0x10) !== 0;
  const n = hw1 & 0xf, t = hw2 >>> 12, t2 = (hw2 >>> 8) & 0xf;
  const imm = u ? (hw2 & 0xff) << 2 : -((hw2 & 0xff) << 2);
  if (t === 15 || t2 === 15 || t === 13 || t2 === 13) return undef(core);
  if (w && (n === t || n === t2 || n === 15)) return undef(core);
  if (load) {
    if (t === t2) return undef(core);
    if (n === 15) {
      return () => {
        const addr = ((R[15] & ~3) + imm) >>> 0;
        const lo = core.ld32a(addr), hi = core.ld32a((addr + 4) >>> 0);
        R[t] = lo; R[t2] = hi;
      };
    }
    return () => {
      const base = R[n];
      const off = (base + imm) >>> 0;
      const addr = p ? off : base;
      const lo = core.ld32a(addr), hi = core.ld32a((addr + 4) >>> 0);
      if (w) R[n] = off;
      R[t] = lo; R[t2] = hi;
    };
  }
  if (n === 15) return undef(core);
  return () => {
    const base = R[n];
    const off = (base + imm) >>> 0;
    const addr = p ? off : base;
    core.st32a(addr, R[t]);
    core.st32a((addr + 4) >>> 0, R[t2]);
    if (w) R[n] = off;
  };
}

/** LDREX{B,H,D} Rt{, Rt2}, [Rn{, #imm}]: marks the exclusive monitor. */
function ldrex(core: Core, n: number, t: number, t2: number, size: number, imm: number): Op {
  const R = core.R;
  if (n === 15 || t === 15 || t === 13 || t2 === 15 || t2 === 13 || t === t2) return undef(core);
  switch (size) {
    case 4: return () => {
      const a = (R[n] + imm) >>> 0;
      if (a & 3) core.alignmentFault(a, false);
      R[t] = core.ld32(a);
      core.markExclusive(a, 4);
    };
    case 1: return () => { const a = R[n]; R[t] = core.ld8(a); core.markExclusive(a, 1); };
    case 2: return () => {
      const a = R[n];
      if (a & 1) core.alignmentFault(a, false);
      R[t] = core.ld16(a);
      core.markExclusive(a, 2);
    };
    default: return () => {
      const a = R[n];
      if (a & 7) core.alignmentFault(a, false);
      const lo = core.ld32(a), hi = core.ld32((a + 4) >>> 0);
      R[t] = lo; R[t2] = hi;
      core.markExclusive(a, 8);
    };
  }
}

/** STREX{B,H,D} Rd, Rt{, Rt2}, [Rn{, #imm}]: Rd = 0 when stored, 1 when the monitor was lost. */
function strex(core: Core, n: number, t: number, t2: number, d: number, size: number, imm: number): Op {
  const R = core.R;
  if (n === 15 || t === 15 || t === 13 || t2 === 15 || t2 === 13 || d === 15 || d === 13) return undef(core);
  if (d === n || d === t || d === t2) return undef(core);
  const alignMask = size === 8 ? 7 : size - 1;
  return () => {
    const a = (R[n] + imm) >>> 0;
    if (a & alignMask) core.alignmentFault(a, true);
    if (!core.checkExclusive(a, size)) { R[d] = 1; return; }
    switch (size) {
      case 4: core.st32(a, R[t]); break;
      case 1: core.st8(a, R[t]); break;
      case 2: core.st16(a, R[t]); break;
      default: core.st32(a, R[t]); core.st32((a + 4) >>> 0, R[t2]); break;
    }
    R[d] = 0;
  };
}

/** TBB [Rn, Rm] / TBH [Rn, Rm, LSL #1]: branch forward by twice the table entry. */
function tableBranch(core: Core, n: number, m: number, half: boolean): Op {
  const R = core.R;
  if (m === 13 || m === 15) return undef(core);
  if (half) return () => { core.pc = (R[15] + 2 * core.ld16((R[n] + 2 * R[m]) >>> 0)) >>> 0; };
  return () => { core.pc = (R[15] + 2 * core.ld8((R[n] + R[m]) >>> 0)) >>> 0; };
}

/** A6.3.5: STM/LDM (IA, DB; POP/PUSH with Rn = SP) and SRS/RFE. */
export function decodeLoadStoreMultiple(core: Core, hw1: number, hw2: number): Op {
  const op = (hw1 >>> 7) & 3, w = (hw1 >>> 5) & 1, load = (hw1 >>> 4) & 1, n = hw1 & 0xf;
  if (op === 0 || op === 3) {
    const pu = op === 0 ? 0x01000000 : 0x00800000; // DB: P = 1, U = 0; IA: P = 0, U = 1
    if (load) return decodeUnconditional(core, (0xf8100a00 | pu | (w << 21) | (n << 16)) >>> 0); // RFE
    return decodeUnconditional(core, (0xf84d0500 | pu | (w << 21) | (hw2 & 0x1f)) >>> 0); // SRS
  }
  if ((hw2 & 0x2000) !== 0) return undef(core); // SP in the list
  if (load) {
    if ((hw2 & 0xc000) === 0xc000) return undef(core); // both LR and PC
  } else if ((hw2 & 0x8000) !== 0) {
    return undef(core);
  }
  const pu = op === 2 ? 0x01000000 : 0x00800000;
  return decodeBlockTransfer(core, (0xe8000000 | pu | (w << 21) | (load << 20) | (n << 16) | hw2) >>> 0);
}
