// The trapped guest's context as Hyp mode sees it: its registers (those of the
// mode in SPSR_hyp, reached through the banked-register view), the return
// address in ELR_hyp, and the register dump Jailhouse prints before parking.

import type { Core } from '../cpu/core.js';
import { BANK_HYP, MODE_FIQ, PSR_IT_MASK, PSR_T } from '../cpu/psr.js';

/** The guest's CPSR (SPSR_hyp). */
export function guestCpsr(core: Core): number {
  return core.spsr[BANK_HYP] >>> 0;
}

/** Reads guest register `reg` (0..15) in the guest's mode; r15 is the trapped instruction's address. */
export function readGuestReg(core: Core, reg: number): number {
  if (reg === 15) return core.elrHyp >>> 0;
  const mode = guestCpsr(core) & 0x1f;
  if (reg < 8 || (reg <= 12 && mode !== MODE_FIQ)) return core.R[reg] >>> 0;
  return core.getBanked(reg, mode) >>> 0;
}

export function writeGuestReg(core: Core, reg: number, value: number): void {
  if (reg === 15) { core.elrHyp = value >>> 0; return; }
  const mode = guestCpsr(core) & 0x1f;
  if (reg < 8 || (reg <= 12 && mode !== MODE_FIQ)) { core.R[reg] = value >>> 0; return; }
  core.setBanked(reg, mode, value >>> 0);
}

/** Resumes after the trapped instruction (HSR.IL gives its length) and advances a Thumb IT block. */
export function skipInstruction(core: Core): void {
  const il = (core.cp15.hsr >>> 25) & 1;
  core.elrHyp = (core.elrHyp + (il ? 4 : 2)) >>> 0;
  let cpsr = core.spsr[BANK_HYP];
  if ((cpsr & PSR_IT_MASK) === 0) return;
  let it = ((cpsr >>> 25) & 3) | (((cpsr >>> 10) & 0x3f) << 2);
  it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
  cpsr = (cpsr & ~PSR_IT_MASK) | ((it & 3) << 25) | ((it >>> 2) << 10);
  core.spsr[BANK_HYP] = cpsr >>> 0;
}

/** Condition flags NZCV -> passes, per condition code (the table of ARM ARM A8.3). */
function conditionHolds(cond: number, nzcv: number): boolean {
  const n = (nzcv >>> 3) & 1, z = (nzcv >>> 2) & 1, c = (nzcv >>> 1) & 1, v = nzcv & 1;
  switch (cond) {
    case 0: return z === 1;
    case 1: return z === 0;
    case 2: return c === 1;
    case 3: return c === 0;
    case 4: return n === 1;
    case 5: return n === 0;
    case 6: return v === 1;
    case 7: return v === 0;
    case 8: return c === 1 && z === 0;
    case 9: return c === 0 || z === 1;
    case 10: return n === v;
    case 11: return n !== v;
    case 12: return z === 0 && n === v;
    case 13: return z === 1 || n !== v;
    default: return true;
  }
}

/**
 * A trapped instruction that failed its condition check (implementations may
 * trap those): the condition from HSR.COND when CV is set, else from the IT state.
 */
export function failedCondition(core: Core): boolean {
  const hsr = core.cp15.hsr;
  const ec = hsr >>> 26;
  if ((ec & 0x30) !== 0 || ec === 0) return false; // unconditional classes and aborts
  const cpsr = guestCpsr(core);
  let cond: number;
  if (hsr & (1 << 24)) {
    cond = (hsr >>> 20) & 0xf;
  } else {
    const it = ((cpsr >>> 25) & 3) | (((cpsr >>> 10) & 0x3f) << 2);
    if (it === 0 || (cpsr & PSR_T) === 0) return false;
    cond = it >>> 4;
  }
  return !conditionHolds(cond, cpsr >>> 28);
}

const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** The dump Jailhouse prints on an unhandled or forbidden trap (pc, cpsr, hsr, r0-r14). */
export function dumpGuestRegs(core: Core): string {
  let s = `pc=${hex8(core.elrHyp)} cpsr=${hex8(guestCpsr(core))} hsr=${hex8(core.cp15.hsr)}\n`;
  for (let reg = 0; reg < 15; reg++) {
    s += `r${reg}=${hex8(readGuestReg(core, reg))} `;
    if ((reg + 1) % 4 === 0) s += '\n';
  }
  return s + '\n';
}
