// Exception entry and interrupt acceptance for one core (ARM ARM B1.8): PL1
// exception modes, Hyp mode entry (HVBAR code or the installed PL2 handler),
// SVC/SMC/HVC, aborts and IRQ/FIQ. Core keeps a method for each entry point.

import { ACC_EXEC } from './memory.js';
import {
  BANK_HYP, BANK_USR, MODE_ABT, MODE_FIQ, MODE_HYP, MODE_IRQ, MODE_MON, MODE_SVC, MODE_UND, MODE_USR,
  PSR_A, PSR_E, PSR_F, PSR_I, PSR_IT_MASK, PSR_J, PSR_T, bankOf,
} from './psr.js';
import type { Core } from './core.js';
import type { Stage2Fault } from '../mmu/mmu.js';
import { a32LoadStoreSyndrome, t32LoadStoreSyndrome } from './abort-syndrome.js';
import { HCR_FMO, HCR_IMO, HCR_VF, HCR_VI, trapSmc } from './hyp-traps.js';

/** Exception return: CPSR from SPSR of the current mode, then branch. */
export function exceptionReturn(core: Core, target: number): void {
  const b = bankOf(core.mode);
  if (b === BANK_USR) { undefinedInstruction(core); return; }
  const spsr = core.spsr[b];
  core.setCpsr(spsr);
  core.pc = (target & ((spsr & PSR_T) ? ~1 : ~3)) >>> 0;
}

function vectorBase(core: Core): number {
  const sctlr = core.cp15.sctlr;
  return (sctlr & (1 << 13)) ? 0xffff0000 : core.cp15.vbar;
}

/** Enters a PL1 exception mode (ARM ARM B1.8.3). */
export function enterException(core: Core, mode: number, offset: number, lr: number, maskF: boolean, maskA: boolean): void {
  // Undefined and aborts return to the faulting instruction: save its own IT state.
  if (offset === 0x04 || offset === 0x0c || offset === 0x10) core.it = core.itCur;
  if (core.mode === MODE_HYP) { enterHypException(core, offset, lr); return; }
  const saved = core.cpsr;
  core.it = 0;
  core.switchMode(mode);
  core.spsr[bankOf(mode)] = saved;
  core.R[14] = lr;
  const sctlr = core.cp15.sctlr;
  let ctl = core.psrCtl & ~(PSR_IT_MASK | PSR_J | PSR_T | PSR_E);
  ctl |= PSR_I;
  if (maskF) ctl |= PSR_F;
  if (maskA) ctl |= PSR_A;
  if (sctlr & (1 << 30)) ctl |= PSR_T; // SCTLR.TE
  if (sctlr & (1 << 25)) ctl |= PSR_E; // SCTLR.EE
  core.psrCtl = ctl;
  core.dataViewChanged();
  const base = mode === MODE_MON ? core.cp15.mvbar : vectorBase(core);
  core.pc = (base + offset) >>> 0;
  core.stateChanged();
  core.sleeping = false;
}

/** An exception taken from Hyp mode stays in Hyp mode (vector at HVBAR). */
function enterHypException(core: Core, offset: number, lr: number): void {
  // Undefined/SVC/aborts taken in Hyp mode use the Hyp vector table; IRQ/FIQ keep their offsets.
  // Preferred return addresses: the faulting instruction, or the next one for SVC/IRQ/FIQ.
  const returnAddr = offset === 0x04 ? core.currentPc : offset === 0x08 ? lr : offset === 0x10 ? lr - 8 : lr - 4;
  enterHyp(core, offset, returnAddr >>> 0);
}

/** EnterHypMode (ARM ARM B1.8): SPSR_hyp, ELR_hyp, masks per SCR routing, vector HVBAR + offset. */
export function enterHyp(core: Core, offset: number, returnAddr: number): void {
  const saved = core.cpsr;
  core.it = 0;
  core.switchMode(MODE_HYP);
  core.spsr[BANK_HYP] = saved;
  core.elrHyp = returnAddr >>> 0;
  const scr = core.cp15.scr;
  let ctl = core.psrCtl & ~(PSR_IT_MASK | PSR_J | PSR_T | PSR_E);
  if ((scr & (1 << 3)) === 0) ctl |= PSR_A; // SCR.EA
  if ((scr & (1 << 2)) === 0) ctl |= PSR_F; // SCR.FIQ
  if ((scr & (1 << 1)) === 0) ctl |= PSR_I; // SCR.IRQ
  const hsctlr = core.cp15.hsctlr;
  if (hsctlr & (1 << 30)) ctl |= PSR_T;
  if (hsctlr & (1 << 25)) ctl |= PSR_E;
  core.psrCtl = ctl;
  core.dataViewChanged();
  core.pc = (core.cp15.hvbar + offset) >>> 0;
  core.stateChanged();
  core.sleeping = false;
  const pl2 = core.pl2;
  if (pl2 !== null) {
    pl2.enterHyp(core, offset);
    // ERET, unless the handler parked or powered off the core.
    if (core.mode === MODE_HYP && !core.off) exceptionReturn(core, core.elrHyp);
  }
}

/**
 * Undefined Instruction: LR = the instruction + 4 in ARM state, + 2 in Thumb state
 * whatever the instruction's length (ARM ARM TakeUndefInstrException).
 */
export function undefinedInstruction(core: Core): void {
  const lr = core.thumb ? core.currentPc + 2 : core.pc;
  enterException(core, MODE_UND, 0x04, lr >>> 0, false, false);
}

/** SVC: returns to the next instruction, whose address pc already holds. */
export function supervisorCall(core: Core): void {
  enterException(core, MODE_SVC, 0x08, core.pc, false, false);
}

/** Secure monitor call (caller checked that SMC is permitted). */
export function secureMonitorCall(core: Core): void {
  enterException(core, MODE_MON, 0x08, core.pc, false, false);
}

/** SMC instruction: UNDEFINED without Security Extensions, in User mode, or when SCR.SCD disables it. */
export function secureMonitorCallInstr(core: Core): void {
  if (core.mode === MODE_USR) { undefinedInstruction(core); return; }
  if (trapSmc(core)) return;
  if (!core.hasSecurity) {
    if (!(core.host.smc && core.host.smc(core))) undefinedInstruction(core);
    return;
  }
  if (!core.isSecure() && (core.cp15.scr & (1 << 7)) !== 0) { undefinedInstruction(core); return; }
  if (core.host.smc && core.host.smc(core)) return;
  secureMonitorCall(core);
}

/** HVC instruction: a Hypervisor Call exception, or UNDEFINED where HVC is not enabled. */
export function hypervisorCall(core: Core, imm16: number): void {
  if (core.mode !== MODE_USR && core.host.hvc && core.host.hvc(core)) return;
  if (!core.hasVirtualization || core.mode === MODE_USR || core.isSecure() ||
    (core.hasSecurity && (core.cp15.scr & (1 << 8)) === 0)) {
    undefinedInstruction(core);
    return;
  }
  core.cp15.hsr = ((0x12 << 26) | (1 << 25) | (imm16 & 0xffff)) >>> 0;
  enterHyp(core, core.mode === MODE_HYP ? 0x08 : 0x14, core.pc);
}

/** Prefetch Abort with a complete IFSR value; `insn` is the aborted instruction (LR = insn + 4). */
export function prefetchAbortRaw(core: Core, va: number, ifsr: number, insn: number): void {
  core.cp15.setIfsr(ifsr >>> 0);
  core.cp15.setIfar(va >>> 0);
  enterException(core, MODE_ABT, 0x0c, (insn + 4) >>> 0, false, true);
}

/** Data Abort with a complete DFSR value (short- or long-descriptor format, WnR included). */
export function dataAbortRaw(core: Core, va: number, dfsr: number): void {
  core.cp15.setDfsr(dfsr >>> 0);
  core.cp15.setDfar(va >>> 0);
  enterException(core, MODE_ABT, 0x10, (core.currentPc + 8) >>> 0, false, true);
}

/**
 * A stage 2 fault: a Hyp Trap with the MMU's syndrome, plus the instruction syndrome
 * (ISV, SAS, SSE, SRT) of data aborts caused by single-register loads and stores.
 */
export function takeStage2Abort(core: Core, f: Stage2Fault): void {
  const cp = core.cp15;
  let hsr = f.hsr;
  if (!f.prefetch) {
    hsr = (hsr & ~0x01ff0000) | loadStoreSyndrome(core);
    // IL: a 16-bit Thumb load/store (the hypervisor steps over the instruction by this length).
    if (core.thumb && ((core.pc - core.currentPc) >>> 0) === 2) hsr &= ~(1 << 25);
    cp.hdfar = f.far;
  } else {
    cp.hifar = f.far;
  }
  cp.hsr = hsr >>> 0;
  cp.hpfar = f.hpfar;
  core.it = core.itCur;
  // A fetch faults before its instruction starts: pc is still that instruction.
  enterHyp(core, 0x14, f.prefetch ? core.pc : core.currentPc);
}

/** ISS[24:16] of the load/store being executed, read back from its encoding. */
function loadStoreSyndrome(core: Core): number {
  const at = core.currentPc;
  const pa = core.mmu.peek(at, ACC_EXEC);
  if (pa < 0) return 0;
  if (!core.thumb) return a32LoadStoreSyndrome(core.bus.read(pa, 4));
  const hw1 = core.bus.read(pa, 2);
  const pa2 = core.mmu.peek((at + 2) >>> 0, ACC_EXEC);
  return t32LoadStoreSyndrome(hw1, pa2 < 0 ? 0 : core.bus.read(pa2, 2));
}

/**
 * Takes a pending, unmasked interrupt; returns true if one was taken. Physical
 * IRQ/FIQ go to Hyp mode when HCR.IMO/FMO route them there (CPSR.I/F do not
 * mask them below Hyp); virtual IRQ/FIQ exist only then and are taken by the
 * guest in IRQ/FIQ mode. Interrupts for PL1 are never taken in Hyp mode.
 */
export function takePendingInterrupt(core: Core): boolean {
  const inHyp = core.mode === MODE_HYP;
  const hcr = core.hasVirtualization && !core.isSecure() ? core.cp15.hcr : 0;
  const ctl = core.psrCtl;
  if (core.fiqLine) {
    if (hcr & HCR_FMO) {
      if (!inHyp || (ctl & PSR_F) === 0) { enterHyp(core, 0x1c, core.pc); return true; }
    } else if (!inHyp && (ctl & PSR_F) === 0) {
      enterException(core, MODE_FIQ, 0x1c, (core.pc + 4) >>> 0, true, true);
      return true;
    }
  }
  if (core.irqLine) {
    if (hcr & HCR_IMO) {
      if (!inHyp || (ctl & PSR_I) === 0) { enterHyp(core, 0x18, core.pc); return true; }
    } else if (!inHyp && (ctl & PSR_I) === 0) {
      enterException(core, MODE_IRQ, 0x18, (core.pc + 4) >>> 0, false, true);
      return true;
    }
  }
  if (!inHyp && hcr !== 0) {
    if ((hcr & HCR_FMO) && (core.vfiqLine || (hcr & HCR_VF)) && (ctl & PSR_F) === 0) {
      enterException(core, MODE_FIQ, 0x1c, (core.pc + 4) >>> 0, true, true);
      return true;
    }
    if ((hcr & HCR_IMO) && (core.virqLine || (hcr & HCR_VI)) && (ctl & PSR_I) === 0) {
      enterException(core, MODE_IRQ, 0x18, (core.pc + 4) >>> 0, false, true);
      return true;
    }
  }
  return false;
}

/** Any interrupt request, physical or virtual, masked or not: what wakes WFI. */
export function interruptRequested(core: Core): boolean {
  if (core.irqLine || core.fiqLine) return true;
  const hcr = core.cp15.hcr;
  return hcr !== 0 && core.mode !== MODE_HYP &&
    (((hcr & HCR_IMO) !== 0 && (core.virqLine || (hcr & HCR_VI) !== 0)) ||
      ((hcr & HCR_FMO) !== 0 && (core.vfiqLine || (hcr & HCR_VF) !== 0)));
}
