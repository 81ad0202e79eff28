// System instructions: status register access, CPS/SRS/RFE, exception
// generation, hints, barriers and coprocessor (CP15; CP14 in ../cp14.ts) transfers.

import type { Core, Op } from '../core.js';
import {
  BANK_USR, MODE_ABT, MODE_FIQ, MODE_HYP, MODE_IRQ, MODE_MON, MODE_SVC, MODE_UND, MODE_USR, PSR_A, PSR_F, PSR_I,
  PSR_T, bankOf, isValidMode,
} from '../psr.js';
import { decodeBranchImmExchange } from './branch.js';
import { decodeAdvancedSimd, decodeVfp } from '../vfp/decode.js';
import { trapCp15, trapCp15_64 } from '../hyp-traps.js';
import { decodeCp14 } from '../cp14.js';

/** An encoding that is UNDEFINED (or UNPREDICTABLE, which this model treats as UNDEFINED). */
export function undef(core: Core): Op {
  return () => core.undefinedInstruction();
}

const nop: Op = () => {};

/** MRS reads CPSR without the execution state bits (IT, J, T). */
const MRS_MASK = 0xf8ff03df;

/**
 * CPSRWriteByInstr (ARM ARM B1.3.3): bytemask bit 3 = flags byte, 2 = GE byte,
 * 1 = E/A (and IT on exception return), 0 = I/F/mode (and T on exception return).
 */
export function writeCpsrByInstr(core: Core, value: number, bytemask: number, excReturn: boolean): void {
  const priv = core.mode !== MODE_USR;
  let cpsr = core.cpsr;
  if (bytemask & 8) {
    cpsr = (cpsr & ~0xf8000000) | (value & 0xf8000000);
    if (excReturn) cpsr = (cpsr & ~0x07000000) | (value & 0x07000000);
  }
  if (bytemask & 4) cpsr = (cpsr & ~0x000f0000) | (value & 0x000f0000);
  if (bytemask & 2) {
    if (excReturn) cpsr = (cpsr & ~0xfc00) | (value & 0xfc00);
    cpsr = (cpsr & ~0x200) | (value & 0x200);
    if (priv) cpsr = (cpsr & ~PSR_A) | (value & PSR_A);
  }
  if (bytemask & 1) {
    if (priv) {
      cpsr = (cpsr & ~PSR_I) | (value & PSR_I);
      const nmfi = (core.cp15.sctlr & (1 << 27)) !== 0;
      if (!nmfi || (value & PSR_F) === 0) cpsr = (cpsr & ~PSR_F) | (value & PSR_F);
    }
    if (excReturn) cpsr = (cpsr & ~PSR_T) | (value & PSR_T);
    if (priv) {
      const mode = value & 0x1f;
      if (isValidMode(mode) && modeAllowed(core, mode)) cpsr = (cpsr & ~0x1f) | mode;
    }
  }
  const wasThumb = core.thumb;
  core.setCpsr(cpsr >>> 0);
  if (!excReturn && core.thumb !== wasThumb) core.setCpsr(core.cpsr ^ PSR_T); // T is not writable by MSR
}

/** Mode changes that are UNPREDICTABLE are ignored (the mode stays). */
function modeAllowed(core: Core, mode: number): boolean {
  if (mode === MODE_MON && !core.isSecure()) return false;
  if (mode === MODE_MON && !core.hasSecurity) return false;
  if (mode === MODE_HYP && core.mode !== MODE_HYP && core.mode !== MODE_MON) return false;
  if (mode === MODE_HYP && !core.hasVirtualization) return false;
  if (core.mode === MODE_HYP && mode !== MODE_HYP) return false; // leave Hyp only by exception return
  return true;
}

/** MRS, MSR (register), and their banked-register forms (A5.2.12 op2 = 000). */
export function decodeMiscStatus(core: Core, w: number): Op {
  const R = core.R;
  const op = (w >>> 21) & 3;
  const spsrSel = (w >>> 22) & 1;
  const banked = (w >>> 9) & 1;
  if (banked) return decodeBankedAccess(core, w);
  if ((op & 1) === 0) {
    // MRS Rd, CPSR/SPSR
    const d = (w >>> 12) & 0xf;
    if (d === 15) return undef(core);
    if (spsrSel) {
      return () => {
        const b = bankOf(core.mode);
        if (b === BANK_USR) { core.undefinedInstruction(); return; }
        R[d] = core.spsr[b];
      };
    }
    return () => { R[d] = core.cpsr & MRS_MASK; };
  }
  // MSR CPSR/SPSR, Rn
  const mask = (w >>> 16) & 0xf;
  const n = w & 0xf;
  if (n === 15 || mask === 0) return undef(core);
  return spsrSel ? msrSpsr(core, mask, () => R[n]) : () => writeCpsrByInstr(core, R[n], mask, false);
}

function msrSpsr(core: Core, mask: number, value: () => number): Op {
  let bits = 0;
  if (mask & 8) bits |= 0xff000000;
  if (mask & 4) bits |= 0x00ff0000;
  if (mask & 2) bits |= 0x0000ff00;
  if (mask & 1) bits |= 0x000000ff;
  return () => {
    const b = bankOf(core.mode);
    if (b === BANK_USR) { core.undefinedInstruction(); return; }
    core.spsr[b] = ((core.spsr[b] & ~bits) | (value() & bits)) >>> 0;
  };
}

/** MSR (immediate) and the hints NOP/YIELD/WFE/WFI/SEV/DBG (A5.2.11). */
export function decodeMsrImmAndHints(core: Core, w: number): Op {
  const spsrSel = (w >>> 22) & 1;
  const mask = (w >>> 16) & 0xf;
  if (mask === 0 && !spsrSel) {
    switch (w & 0xff) {
      case 0: return nop; // NOP
      case 1: return nop; // YIELD
      case 2: return () => core.wfe();
      case 3: return () => core.wfi();
      case 4: return () => core.sendEvent();
      default: return (w & 0xf0) === 0xf0 ? nop : nop; // DBG and unallocated hints execute as NOP
    }
  }
  const rot = ((w >>> 8) & 0xf) * 2;
  const imm = (((w & 0xff) >>> rot) | ((w & 0xff) << (32 - rot))) >>> 0;
  if (mask === 0) return undef(core);
  return spsrSel ? msrSpsr(core, mask, () => imm) : () => writeCpsrByInstr(core, imm, mask, false);
}

/** Decodes SYSm of the banked-register MRS/MSR into a getter and a setter. */
function decodeBankedAccess(core: Core, w: number): Op {
  const R = core.R;
  const isSpsr = (w >>> 22) & 1;
  const sysm = (((w >>> 8) & 1) << 4) | ((w >>> 16) & 0xf);
  const write = (w >>> 21) & 1;
  const d = (w >>> 12) & 0xf;
  const n = w & 0xf;
  let get: () => number;
  let set: (v: number) => void;
  if (isSpsr) {
    const mode = ({ 0x0e: MODE_FIQ, 0x10: MODE_IRQ, 0x12: MODE_SVC, 0x14: MODE_ABT, 0x16: MODE_UND, 0x1c: MODE_MON,
      0x1e: MODE_HYP } as Record<number, number>)[sysm];
    if (mode === undefined) return undef(core);
    const b = bankOf(mode);
    get = () => core.spsr[b];
    set = (v) => { core.spsr[b] = v; };
  } else if (sysm < 0x07) {
    const reg = 8 + sysm;
    get = () => core.getBanked(reg, MODE_USR);
    set = (v) => core.setBanked(reg, MODE_USR, v);
  } else if (sysm >= 0x08 && sysm < 0x0f) {
    const reg = sysm;
    get = () => core.getBanked(reg, MODE_FIQ);
    set = (v) => core.setBanked(reg, MODE_FIQ, v);
  } else if (sysm === 0x1e) {
    get = () => core.elrHyp;
    set = (v) => { core.elrHyp = v >>> 0; };
  } else {
    // Pairs LR_mode (even SYSm) / SP_mode (odd SYSm); 0x1f is SP_hyp.
    const modes: Record<number, number> = {
      0x10: MODE_IRQ, 0x12: MODE_SVC, 0x14: MODE_ABT, 0x16: MODE_UND, 0x1c: MODE_MON, 0x1e: MODE_HYP,
    };
    const mode = modes[sysm & 0x1e];
    if (mode === undefined) return undef(core);
    const reg = sysm === 0x1f ? 13 : (sysm & 1) ? 13 : 14;
    get = () => core.getBanked(reg, mode);
    set = (v) => core.setBanked(reg, mode, v);
  }
  if (write) return () => { if (core.mode === MODE_USR) core.undefinedInstruction(); else set(R[n]); };
  return () => { if (core.mode === MODE_USR) core.undefinedInstruction(); else R[d] = get(); };
}

/** BKPT, HVC, SMC, HLT (A5.2.12 op2 = 111) and ERET (op2 = 110). */
export function decodeExceptionGen(core: Core, w: number): Op {
  const op2 = (w >>> 4) & 7;
  const op = (w >>> 21) & 3;
  if (op2 === 6) {
    return () => {
      if (core.mode === MODE_USR) { core.undefinedInstruction(); return; }
      if (core.mode === MODE_HYP) core.exceptionReturn(core.elrHyp);
      else core.exceptionReturn(core.R[14]);
    };
  }
  const imm16 = ((w >>> 4) & 0xfff0) | (w & 0xf);
  switch (op) {
    case 0: // HLT (ARMv8 encoding; used for semihosting, otherwise UNDEFINED here)
      return () => {
        if (imm16 === 0xf000 && core.host.semihosting && core.host.semihosting(core)) return;
        core.undefinedInstruction();
      };
    case 1: // BKPT: a debug event taken as a Prefetch Abort
      return () => { core.prefetchAbort(core.currentPc, 0x02); };
    case 2: return () => core.hypervisorCall(imm16);
    default: return () => core.secureMonitorCallInstr();
  }
}

/** Coprocessor space and SVC (A5.6). */
export function decodeCoprocessor(core: Core, w: number): Op {
  const R = core.R;
  if (((w >>> 24) & 0xf) === 0xf) {
    const imm24 = w & 0xffffff;
    return () => {
      if (imm24 === 0x123456 && core.host.semihosting && core.host.semihosting(core)) return;
      core.supervisorCall();
    };
  }
  const coproc = (w >>> 8) & 0xf;
  const op1 = (w >>> 20) & 0x3f;
  if (coproc === 10 || coproc === 11) return decodeVfp(core, w);
  if (coproc === 14) return decodeCp14(core, w);
  if (coproc !== 15) return undef(core);
  if ((op1 & 0x3e) === 0x04) {
    // MCRR / MRRC
    const t = (w >>> 12) & 0xf, t2 = (w >>> 16) & 0xf;
    const opc1 = (w >>> 4) & 0xf, crm = w & 0xf;
    if (t === 15 || t2 === 15) return undef(core);
    if (op1 & 1) {
      return () => {
        if (trapCp15_64(core, w)) return;
        const v = core.cp15Read64(opc1, crm);
        if (v === undefined) { core.undefinedInstruction(); return; }
        R[t] = v[0]; R[t2] = v[1];
      };
    }
    return () => {
      if (trapCp15_64(core, w)) return;
      if (!core.cp15Write64(opc1, crm, R[t], R[t2])) core.undefinedInstruction();
    };
  }
  if ((op1 & 0x30) === 0x20 && (w & 0x10)) {
    const opc1 = (w >>> 21) & 7, crn = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
    const opc2 = (w >>> 5) & 7, crm = w & 0xf;
    if (w & (1 << 20)) {
      return () => {
        if (trapCp15(core, w)) return;
        const v = core.cp15Read(opc1, crn, crm, opc2);
        if (v === undefined) { core.undefinedInstruction(); return; }
        if (t === 15) core.setFlags((v & 0xf0000000) | (core.qf << 27) | (core.ge << 16));
        else R[t] = v;
      };
    }
    if (t === 15) return undef(core);
    return () => {
      if (trapCp15(core, w)) return;
      if (!core.cp15Write(opc1, crn, crm, opc2, R[t])) core.undefinedInstruction();
    };
  }
  return undef(core); // LDC/STC/CDP to CP15
}

/** The unconditional instruction space (cond = 1111, A5.7). */
export function decodeUnconditional(core: Core, w: number): Op {
  const op1 = (w >>> 20) & 0xff;
  if ((op1 & 0xe0) === 0xa0) return decodeBranchImmExchange(core, w); // BLX (immediate)
  if (op1 === 0x10) {
    if (((w & 0xfff1fe20) >>> 0) === 0xf1000000) return decodeCps(core, w);
    if (((w & 0xfffffdff) >>> 0) === 0xf1010000) {
      const big = (w >>> 9) & 1; // SETEND
      return () => { core.setCpsr(big ? core.cpsr | (1 << 9) : core.cpsr & ~(1 << 9)); };
    }
    return undef(core);
  }
  if ((op1 & 0xe0) === 0x20 || (op1 & 0xf1) === 0x40) return decodeAdvancedSimd(core, w);
  if (op1 === 0x57) {
    switch ((w >>> 4) & 0xf) {
      case 1: return () => core.clearExclusive(); // CLREX
      case 4: case 5: return nop; // DSB, DMB
      case 6: return () => core.breakLoop(); // ISB
      default: return undef(core);
    }
  }
  if ((op1 & 0xd7) === 0x45 || (op1 & 0xd7) === 0x55 || (op1 & 0xf7) === 0x41 || (op1 & 0xf7) === 0x61) {
    return nop; // PLI, PLD, PLDW (immediate and register)
  }
  if ((op1 & 0xe5) === 0x84) return decodeSrs(core, w);
  if ((op1 & 0xe5) === 0x81) return decodeRfe(core, w);
  return undef(core);
}

function decodeCps(core: Core, w: number): Op {
  const imod = (w >>> 18) & 3;
  const changeMode = (w >>> 17) & 1;
  const aif = (w >>> 6) & 7;
  const mode = w & 0x1f;
  if ((imod === 0 && !changeMode) || imod === 1) return undef(core);
  let bits = 0;
  if (aif & 4) bits |= PSR_A;
  if (aif & 2) bits |= PSR_I;
  if (aif & 1) bits |= PSR_F;
  return () => {
    if (core.mode === MODE_USR) return; // CPS is a NOP in User mode
    let v = core.cpsr;
    let mask = 0;
    if (imod === 2) { v &= ~bits; mask |= 3; } else if (imod === 3) { v |= bits; mask |= 3; }
    if (changeMode) { v = (v & ~0x1f) | mode; mask |= 1; }
    writeCpsrByInstr(core, v >>> 0, mask, false);
  };
}

function decodeSrs(core: Core, w: number): Op {
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, wb = (w >>> 21) & 1;
  const mode = w & 0x1f;
  if (!isValidMode(mode)) return undef(core);
  return () => {
    // UNDEFINED in User mode, UNPREDICTABLE in System and Hyp mode (no SPSR to store).
    if (bankOf(core.mode) === BANK_USR || core.mode === MODE_HYP) { core.undefinedInstruction(); return; }
    const base = core.getBanked(13, mode);
    let addr = u ? base : base - 8;
    if (p === u) addr += 4;
    core.st32a(addr >>> 0, core.R[14]);
    core.st32a((addr + 4) >>> 0, core.spsr[bankOf(core.mode)]);
    if (wb) core.setBanked(13, mode, (u ? base + 8 : base - 8) >>> 0);
  };
}

function decodeRfe(core: Core, w: number): Op {
  const R = core.R;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, wb = (w >>> 21) & 1;
  const n = (w >>> 16) & 0xf;
  if (n === 15) return undef(core);
  return () => {
    if (core.mode === MODE_USR) { core.undefinedInstruction(); return; }
    const base = R[n];
    let addr = u ? base : base - 8;
    if (p === u) addr += 4;
    const newPc = core.ld32a(addr >>> 0);
    const spsr = core.ld32a((addr + 4) >>> 0);
    if (wb) R[n] = u ? base + 8 : base - 8;
    writeCpsrByInstr(core, spsr, 0xf, true);
    core.pc = (newPc & (core.thumb ? ~1 : ~3)) >>> 0;
  };
}

