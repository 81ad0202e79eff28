// Traps from Non-secure PL0/PL1 to Hyp mode (ARM ARM B1.14) and the Hyp
// Syndrome Register values that describe them (B3.13.6).

import type { Core } from './core.js';
import { MODE_HYP, MODE_USR } from './psr.js';

/** HSR exception classes. */
export const EC_UNKNOWN = 0x00;
export const EC_WFX = 0x01;
export const EC_CP15_32 = 0x03;
export const EC_CP15_64 = 0x04;
export const EC_CP14_32 = 0x05;
export const EC_CP14_LS = 0x06;
export const EC_CP10_ID = 0x08;
export const EC_CP14_64 = 0x0c;
export const EC_HVC = 0x12;
export const EC_SMC = 0x13;
export const EC_PABT_LOWER = 0x20;
export const EC_PABT_HYP = 0x21;
export const EC_DABT_LOWER = 0x24;
export const EC_DABT_HYP = 0x25;

/** HCR bits used by the traps. */
export const HCR_VM = 1 << 0, HCR_SWIO = 1 << 1, HCR_PTW = 1 << 2, HCR_FMO = 1 << 3, HCR_IMO = 1 << 4,
  HCR_AMO = 1 << 5, HCR_VF = 1 << 6, HCR_VI = 1 << 7, HCR_VA = 1 << 8, HCR_FB = 1 << 9, HCR_DC = 1 << 12,
  HCR_TWI = 1 << 13, HCR_TWE = 1 << 14, HCR_TID0 = 1 << 15, HCR_TID1 = 1 << 16, HCR_TID2 = 1 << 17,
  HCR_TID3 = 1 << 18, HCR_TSC = 1 << 19, HCR_TIDCP = 1 << 20, HCR_TAC = 1 << 21, HCR_TSW = 1 << 22,
  HCR_TPC = 1 << 23, HCR_TPU = 1 << 24, HCR_TTLB = 1 << 25, HCR_TVM = 1 << 26, HCR_TGE = 1 << 27;

/** Hyp vector offset for traps from a lower mode. */
export const HYP_TRAP_VECTOR = 0x14;

/** The core is in a mode whose accesses can be trapped to Hyp (Non-secure PL0/PL1). */
export function trappable(core: Core): boolean {
  return core.hasVirtualization && core.mode !== MODE_HYP && !core.isSecure();
}

/** Condition field for the HSR ISS: the instruction's own, or the IT block's in Thumb state. */
function issCond(core: Core, a32Cond: number): number {
  if (!core.thumb) return a32Cond;
  return core.itCur !== 0 ? core.itCur >>> 4 : 0xe;
}

/** Length bit: 1 for 32-bit instructions. */
function il(core: Core): number {
  return core.thumb && ((core.pc - core.currentPc) >>> 0) === 2 ? 0 : 1;
}

/** Takes a Hyp Trap exception with the given syndrome; the return address is the trapped instruction. */
export function takeHypTrap(core: Core, ec: number, iss: number): void {
  core.cp15.hsr = ((ec << 26) | (il(core) << 25) | (iss & 0x1ffffff)) >>> 0;
  // The trap returns to the trapped instruction: SPSR_hyp gets its own ITSTATE (the loop advanced it already).
  core.it = core.itCur;
  core.enterHyp(HYP_TRAP_VECTOR, core.currentPc);
}

/** WFI/WFE trapped by HCR.TWI/TWE; returns true when the trap was taken. */
export function trapWfx(core: Core, isWfe: boolean): boolean {
  const hcr = core.cp15.hcr;
  if ((hcr & (isWfe ? HCR_TWE : HCR_TWI)) === 0 || !trappable(core)) return false;
  const cond = issCond(core, 0xe);
  takeHypTrap(core, EC_WFX, (1 << 24) | (cond << 20) | (isWfe ? 1 : 0));
  return true;
}

/** SMC trapped by HCR.TSC (the ISS is zero). */
export function trapSmc(core: Core): boolean {
  if ((core.cp15.hcr & HCR_TSC) === 0 || !trappable(core) || core.mode === MODE_USR) return false;
  takeHypTrap(core, EC_SMC, 0);
  return true;
}

/** Registers written under HCR.TVM: SCTLR, TTBR0/1, TTBCR, DACR, DFSR, IFSR, DFAR, IFAR, ADFSR, AIFSR, PRRR, NMRR, AMAIR0/1, CONTEXTIDR. */
function tvmRegister(opc1: number, crn: number, crm: number, opc2: number): boolean {
  if (opc1 !== 0) return false;
  switch (crn) {
    case 1: return crm === 0 && opc2 === 0;
    case 2: return crm === 0 && opc2 <= 2;
    case 3: return crm === 0 && opc2 === 0;
    case 5: return (crm === 0 || crm === 1) && opc2 <= 1;
    case 6: return crm === 0 && (opc2 === 0 || opc2 === 2);
    case 10: return (crm === 2 || crm === 3) && opc2 <= 1;
    case 13: return crm === 0 && opc2 === 1;
    default: return false;
  }
}

/** Lockdown, DMA and TCM encodings (CRn 9-11) trapped by HCR.TIDCP. */
function implementationDefined(crn: number, crm: number): boolean {
  if (crn === 9) return crm <= 2 || (crm >= 5 && crm <= 8);
  if (crn === 10) return crm === 0 || crm === 1 || crm === 4 || crm === 8;
  if (crn === 11) return crm <= 8 || crm === 15;
  return false;
}

/**
 * MCR/MRC to CP15 from a lower mode: HSTR.Tn, HCR.TVM (writes), TAC (ACTLR), TIDCP (c9/c10/c11
 * implementation defined), TSW/TPC/TPU (cache maintenance), TTLB (TLB maintenance), TID1-3 (ID registers).
 * `w` is the instruction in its A32 form. Returns true when trapped.
 */
export function trapCp15(core: Core, w: number): boolean {
  if (!trappable(core)) return false;
  const hcr = core.cp15.hcr, hstr = core.cp15.hstr;
  if (hcr === 0 && hstr === 0) return false;
  const read = (w >>> 20) & 1;
  const opc1 = (w >>> 21) & 7, crn = (w >>> 16) & 0xf, rt = (w >>> 12) & 0xf;
  const opc2 = (w >>> 5) & 7, crm = w & 0xf;
  let trap = (hstr & (1 << crn)) !== 0 && crn !== 4 && crn !== 14;
  if (!trap && !read && (hcr & HCR_TVM) && tvmRegister(opc1, crn, crm, opc2)) trap = true;
  if (!trap && (hcr & HCR_TAC) && opc1 === 0 && crn === 1 && crm === 0 && opc2 === 1) trap = true;
  if (!trap && (hcr & HCR_TIDCP) && implementationDefined(crn, crm) && core.mode !== MODE_USR) trap = true;
  if (!trap && crn === 7 && opc1 === 0) {
    if ((hcr & HCR_TSW) && ((crm === 6 && opc2 === 2) || (crm === 10 && opc2 === 2) || (crm === 14 && opc2 === 2))) trap = true;
    if ((hcr & HCR_TPC) && ((crm === 6 && opc2 === 1) || (crm === 10 && opc2 === 1) || (crm === 14 && opc2 === 1))) trap = true;
    if ((hcr & HCR_TPU) && ((crm === 5 && (opc2 <= 1 || opc2 === 7)) || (crm === 1 && opc2 === 0) || (crm === 11 && opc2 === 1))) trap = true;
  }
  if (!trap && (hcr & HCR_TTLB) && crn === 8 && opc1 === 0) trap = true;
  if (!trap && read && crn === 0) {
    if ((hcr & HCR_TID1) && opc1 === 0 && crm === 0 && opc2 === 7) trap = true; // AIDR
    if ((hcr & HCR_TID2) && ((opc1 === 1 && crm === 0 && (opc2 === 0 || opc2 === 1)) || (opc1 === 2 && crm === 0 && opc2 === 0) ||
      (opc1 === 0 && crm === 0 && opc2 === 1))) trap = true; // CCSIDR, CLIDR, CSSELR, CTR
    if ((hcr & HCR_TID3) && opc1 === 0 && crm >= 1 && crm <= 7) trap = true; // ID_PFR0 .. ID_ISAR5 and reserved
  }
  if (!trap && !read && crn === 0 && opc1 === 2 && crm === 0 && opc2 === 0 && (hcr & HCR_TID2)) trap = true; // CSSELR write
  if (!trap) return false;
  const cond = issCond(core, w >>> 28);
  takeHypTrap(core, EC_CP15_32, (1 << 24) | (cond << 20) | (opc2 << 17) | (opc1 << 14) | (crn << 10) | (rt << 5) |
    (crm << 1) | read);
  return true;
}

/** MCRR/MRRC to CP15 from a lower mode: HSTR.Tn (by CRm), HCR.TVM for TTBR0/TTBR1 writes. */
export function trapCp15_64(core: Core, w: number): boolean {
  if (!trappable(core)) return false;
  const hcr = core.cp15.hcr, hstr = core.cp15.hstr;
  if (hcr === 0 && hstr === 0) return false;
  const read = (w >>> 20) & 1;
  const rt2 = (w >>> 16) & 0xf, rt = (w >>> 12) & 0xf, opc1 = (w >>> 4) & 0xf, crm = w & 0xf;
  let trap = (hstr & (1 << crm)) !== 0 && crm !== 4 && crm !== 14;
  if (!trap && !read && (hcr & HCR_TVM) && crm === 2 && opc1 <= 1) trap = true;
  if (!trap) return false;
  const cond = issCond(core, w >>> 28);
  takeHypTrap(core, EC_CP15_64, (1 << 24) | (cond << 20) | (opc1 << 16) | (rt2 << 10) | (rt << 5) | (crm << 1) | read);
  return true;
}

/** HDCR and HSTR bits that trap CP14 accesses. */
export const HDCR_TDE = 1 << 8, HDCR_TDA = 1 << 9, HDCR_TDOSA = 1 << 10, HDCR_TDRA = 1 << 11;
export const HSTR_TTEE = 1 << 16, HSTR_TJDBX = 1 << 17;

/** Which control traps a CP14 register (B1.14.15 to B1.14.17); fixed per encoding at decode time. */
export const CP14_TDA = 0, CP14_TDOSA = 1, CP14_TDRA = 2, CP14_TTEE = 3, CP14_TID0 = 4, CP14_TJDBX = 5;

function cp14TrapOn(core: Core, kind: number): boolean {
  const hdcr = core.cp15.hdcr;
  // HDCR.TDE (and HCR.TGE, which implies it) make all three debug register traps behave as set.
  const all = (hdcr & HDCR_TDE) !== 0 || (core.cp15.hcr & HCR_TGE) !== 0;
  switch (kind) {
    case CP14_TDA: return all || (hdcr & HDCR_TDA) !== 0;
    case CP14_TDOSA: return all || (hdcr & HDCR_TDOSA) !== 0;
    case CP14_TDRA: return all || (hdcr & HDCR_TDRA) !== 0;
    case CP14_TTEE: return (core.cp15.hstr & HSTR_TTEE) !== 0;
    case CP14_TID0: return (core.cp15.hcr & HCR_TID0) !== 0;
    default: return (core.cp15.hstr & HSTR_TJDBX) !== 0;
  }
}

/**
 * MCR/MRC to CP14 from a lower mode, trapped by the control `kind` (CP14_*); the ISS has the
 * layout of the CP15 one. `w` is the instruction in its A32 form. Returns true when trapped.
 */
export function trapCp14(core: Core, w: number, kind: number): boolean {
  if (!trappable(core) || !cp14TrapOn(core, kind)) return false;
  const read = (w >>> 20) & 1;
  const opc1 = (w >>> 21) & 7, crn = (w >>> 16) & 0xf, rt = (w >>> 12) & 0xf;
  const opc2 = (w >>> 5) & 7, crm = w & 0xf;
  const cond = issCond(core, w >>> 28);
  takeHypTrap(core, EC_CP14_32, (1 << 24) | (cond << 20) | (opc2 << 17) | (opc1 << 14) | (crn << 10) | (rt << 5) |
    (crm << 1) | read);
  return true;
}

/** MRRC to CP14 (DBGDRAR, DBGDSAR) from a lower mode, trapped by HDCR.TDRA. */
export function trapCp14_64(core: Core, w: number): boolean {
  if (!trappable(core) || !cp14TrapOn(core, CP14_TDRA)) return false;
  const read = (w >>> 20) & 1;
  const rt2 = (w >>> 16) & 0xf, rt = (w >>> 12) & 0xf, opc1 = (w >>> 4) & 0xf, crm = w & 0xf;
  const cond = issCond(core, w >>> 28);
  takeHypTrap(core, EC_CP14_64, (1 << 24) | (cond << 20) | (opc1 << 16) | (rt2 << 10) | (rt << 5) | (crm << 1) | read);
  return true;
}

/**
 * LDC/STC to CP14 (DBGDTRTXint, DBGDTRRXint) from a lower mode, trapped by HDCR.TDA. ISS: imm8,
 * Rn, U (Offset), the addressing mode (AM: 000 unindexed, 001 post-indexed, 010 offset,
 * 011 pre-indexed; 1x0 the literal forms) and Direction (1 = LDC, a read from memory).
 */
export function trapCp14Ldst(core: Core, w: number): boolean {
  if (!trappable(core) || !cp14TrapOn(core, CP14_TDA)) return false;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, wb = (w >>> 21) & 1, load = (w >>> 20) & 1;
  const rn = (w >>> 16) & 0xf, imm8 = w & 0xff;
  const am = rn === 15 ? (p << 1) | 4 : (p << 1) | wb;
  const cond = issCond(core, w >>> 28);
  takeHypTrap(core, EC_CP14_LS, (1 << 24) | (cond << 20) | (imm8 << 12) | (rn << 5) | (u << 4) | (am << 1) | load);
  return true;
}
