// Address translation for one core (ARM ARM B3): stage 1 of the current regime
// (PL1&0 of the current security state with short or long descriptors per
// TTBCR.EAE, or the Hyp mode regime with HTTBR) and, for the Non-secure PL1&0
// regime under a hypervisor (HCR.VM), stage 2 through VTTBR. Stage 2 applies
// both to the stage 1 output and to every stage 1 descriptor read (walkRead).
// While SCTLR.M (HSCTLR.M in Hyp mode) is 0 and no stage 2 is enabled,
// translation is the identity.
//
// translate() runs on the core's TLB misses and instruction-fetch page changes
// only; it allocates nothing: results live in the WalkResult fields s1/s2.

import type { Core } from '../cpu/core.js';
import { ABORT, ACC_EXEC, ACC_READ, ACC_WRITE } from '../cpu/memory.js';
import { MODE_HYP } from '../cpu/psr.js';
import { EC_DABT_HYP, EC_DABT_LOWER, EC_PABT_HYP, EC_PABT_LOWER, HCR_DC, HCR_VM } from '../cpu/hyp-traps.js';
import {
  F_EXTERNAL, F_STAGE2, F_WALK_EXTERNAL, FSR_LPAE, FSR_WNR, PAR_LPAE, hpfarFor, hsrDataAbort, hsrPrefetchAbort,
  longFsr, longParFault, longStatus, shortFsToLongStatus, shortFsr, shortParAttrs, shortParFault,
} from './faults.js';
import { mairAttr, walkLongHyp, walkLongPl1 } from './long-descriptor.js';
import { walkShort } from './short-descriptor.js';
import { walkStage2 } from './stage2.js';
import { WalkResult } from './walk-result.js';

/** Translation regimes: the PL1&0 regime of each security state (= CP15 bank index), and Hyp mode's. */
export const REGIME_SECURE = 0, REGIME_NONSECURE = 1, REGIME_HYP = 2;

/** lookup() outcomes. */
export const LOOKUP_OK = 0, LOOKUP_STAGE1_FAULT = 1, LOOKUP_STAGE2_FAULT = 2;

const SCTLR_M = 1, SCTLR_TRE = 1 << 28, SCTLR_EE = 1 << 25;
const TTBCR_EAE = 1 << 31;
const TWO32 = 0x100000000;

/** Syndrome of a stage 2 fault, as it would be reported to Hyp mode. */
export interface Stage2Fault {
  /** HSR: EC 0x24 (Data Abort) or 0x20 (Prefetch Abort) from a lower mode. */
  hsr: number;
  /** HDFAR or HIFAR value: the faulting VA. */
  far: number;
  /** HPFAR: IPA[39:12] in bits [31:4]. */
  hpfar: number;
  /** A Prefetch Abort (HIFAR) rather than a Data Abort (HDFAR). */
  prefetch: boolean;
}

function bswap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) >>> 0;
}

export class Mmu {
  /** Stage 1 and stage 2 results of the last lookup. */
  readonly s1 = new WalkResult();
  readonly s2 = new WalkResult();
  /** Output address of the last successful lookup (up to 40 bits). */
  pa = 0;
  /** Words of the last descriptor read (dHi: 64-bit descriptors only). */
  dLo = 0;
  dHi = 0;
  /** PAR value left by ats() (low and high words). */
  parLo = 0;
  parHi = 0;

  /**
   * Where a stage 2 fault goes: it is taken to Hyp mode with the syndrome given.
   * Taking that exception belongs to the Hyp trap code, which installs this hook;
   * the callee enters Hyp mode, then the access ends (ABORT). Without a hook a
   * stage 2 fault stops the emulation with an Error.
   */
  onStage2Fault: ((core: Core, fault: Stage2Fault) => void) | null = null;
  /** The syndrome of the last stage 2 fault (reused object). */
  readonly stage2Fault: Stage2Fault = { hsr: 0, far: 0, hpfar: 0, prefetch: false };

  /** The stage 1 walk in progress reads its descriptors through stage 2. */
  private walkViaS2 = false;
  /** Descriptor reads of stage 1 / stage 2 walks are big-endian (SCTLR.EE / HSCTLR.EE). */
  private s1Big = false;
  s2Big = false;

  constructor(readonly core: Core) {}

  /** VA -> PA for an access (ACC_* bits); raises the abort and throws ABORT on a fault. */
  translate(va: number, acc: number): number {
    const core = this.core;
    const cp = core.cp15;
    if (core.mode === MODE_HYP) {
      if ((cp.hsctlr & SCTLR_M) === 0) return va >>> 0;
      return this.translateSlow(va >>> 0, acc, REGIME_HYP);
    }
    if (core.isSecure()) {
      if ((cp.sctlrB[REGIME_SECURE] & SCTLR_M) === 0) return va >>> 0;
      return this.translateSlow(va >>> 0, acc, REGIME_SECURE);
    }
    if ((cp.sctlrB[REGIME_NONSECURE] & SCTLR_M) === 0 && (cp.hcr & (HCR_VM | HCR_DC)) === 0) return va >>> 0;
    return this.translateSlow(va >>> 0, acc, REGIME_NONSECURE);
  }

  /** The regime of the current mode and security state. */
  currentRegime(): number {
    if (this.core.mode === MODE_HYP) return REGIME_HYP;
    return this.core.isSecure() ? REGIME_SECURE : REGIME_NONSECURE;
  }

  /** Stage 2 is enabled for the Non-secure PL1&0 regime (HCR.VM, or HCR.DC which implies it). */
  stage2Enabled(): boolean {
    return this.core.hasVirtualization && (this.core.cp15.hcr & (HCR_VM | HCR_DC)) !== 0;
  }

  /** True when aborts in the current regime report long-descriptor DFSR/IFSR values (Hyp mode or TTBCR.EAE). */
  longFormatAborts(): boolean {
    const regime = this.currentRegime();
    return regime === REGIME_HYP || (this.core.cp15.ttbcrB[regime] & TTBCR_EAE) !== 0;
  }

  /**
   * A complete DFSR/IFSR value for a fault found outside the tables (alignment, external
   * abort on the access): `fs` is the short-descriptor FS[4:0], converted to the
   * long-descriptor STATUS when the current regime uses that format.
   */
  abortFsr(fs: number, write: boolean): number {
    if (this.longFormatAborts()) return (shortFsToLongStatus(fs) | FSR_LPAE | (write ? FSR_WNR : 0)) >>> 0;
    return ((fs & 0xf) | ((fs & 0x10) << 6) | (write ? FSR_WNR : 0)) >>> 0;
  }

  /** Translates without raising anything (debuggers): the PA, or -1 on a fault. */
  peek(va: number, acc: number): number {
    const regime = this.currentRegime();
    const s2 = regime === REGIME_NONSECURE && this.stage2Enabled();
    const status = this.lookup(va >>> 0, acc, regime, s2, s2);
    return status === LOOKUP_OK ? this.pa : -1;
  }

  private translateSlow(va: number, acc: number, regime: number): number {
    const s2 = regime === REGIME_NONSECURE && this.stage2Enabled();
    const status = this.lookup(va, acc, regime, s2, s2);
    if (status === LOOKUP_OK) {
      if (this.pa < TWO32) return this.pa;
      // Nothing answers above 4 GiB: a synchronous external abort on the access.
      this.s1.fail(F_EXTERNAL, 0);
      this.s1.domain = 0;
    } else if (status === LOOKUP_STAGE2_FAULT) {
      this.raiseStage2Fault(va, acc);
      throw ABORT;
    }
    this.raiseStage1Fault(va, acc, regime);
    throw ABORT;
  }

  /**
   * Translates `va` for `acc` in `regime`. `viaS2`: the stage 1 descriptor reads go
   * through stage 2; `s2Out`: so does the output. Leaves the PA in `pa` or the fault in
   * s1 (LOOKUP_STAGE1_FAULT) or s2 (LOOKUP_STAGE2_FAULT, s2.s1ptw for walk reads).
   */
  lookup(va: number, acc: number, regime: number, viaS2: boolean, s2Out: boolean): number {
    const cp = this.core.cp15;
    const s1 = this.s1;
    s1.reset();
    this.walkViaS2 = viaS2;
    let ok = true;
    if (regime === REGIME_HYP) {
      this.s1Big = (cp.hsctlr & SCTLR_EE) !== 0;
      if (cp.hsctlr & SCTLR_M) ok = walkLongHyp(this, s1, va, acc);
      else this.flat(va, 1);
    } else {
      const sctlr = cp.sctlrB[regime];
      this.s1Big = (sctlr & SCTLR_EE) !== 0;
      const on = (sctlr & SCTLR_M) !== 0 && !(regime === REGIME_NONSECURE && (cp.hcr & HCR_DC) !== 0);
      if (!on) this.flat(va, regime);
      else if (cp.ttbcrB[regime] & TTBCR_EAE) ok = walkLongPl1(this, s1, va, acc, regime);
      else ok = walkShort(this, s1, va, acc, regime);
    }
    if (!ok) return s1.fault === F_STAGE2 ? LOOKUP_STAGE2_FAULT : LOOKUP_STAGE1_FAULT;
    if (!s2Out) { this.pa = s1.out; return LOOKUP_OK; }
    const pa = this.stage2(s1.out, acc);
    if (pa < 0) return LOOKUP_STAGE2_FAULT;
    this.pa = pa;
    return LOOKUP_OK;
  }

  /**
   * Stage 2 of the Non-secure PL1&0 regime (VTTBR/VTCR) alone: the PA of `ipa` (up to
   * 40 bits) for `acc`, or -1 on a fault recorded in s2. Raises nothing.
   */
  stage2(ipa: number, acc: number): number {
    const s2 = this.s2;
    s2.reset();
    this.s2Big = (this.core.cp15.hsctlr & SCTLR_EE) !== 0;
    return walkStage2(this, s2, ipa, acc) ? s2.out : -1;
  }

  /** Stage 1 disabled: the output is the input (strongly-ordered memory). */
  private flat(va: number, ns: number): void {
    const s1 = this.s1;
    s1.out = va;
    s1.ns = ns;
  }

  /**
   * Reads a stage 1 descriptor (one word, or two for long descriptors) at `addr`, an
   * IPA that goes through stage 2 when enabled. Words land in dLo/dHi; false on a fault
   * recorded in r (F_STAGE2 when stage 2 faulted, the details in s2).
   */
  walkRead(r: WalkResult, addr: number, level: number, two: boolean): boolean {
    if (this.walkViaS2) {
      const pa = this.stage2(addr, ACC_READ);
      if (pa < 0) {
        this.s2.s1ptw = true;
        return r.fail(F_STAGE2, level);
      }
      addr = pa;
    }
    return this.readDescriptor(r, addr, level, two, this.s1Big);
  }

  /** Reads a descriptor at physical address `pa`; an external abort on the walk when nothing answers. */
  readDescriptor(r: WalkResult, pa: number, level: number, two: boolean, big: boolean): boolean {
    if (pa + (two ? 8 : 4) > TWO32) return r.fail(F_WALK_EXTERNAL, level);
    const bus = this.core.bus;
    let lo = bus.read(pa, 4);
    let hi = two ? bus.read(pa + 4, 4) : 0;
    if (bus.faulted) {
      bus.faulted = false;
      return r.fail(F_WALK_EXTERNAL, level);
    }
    if (big) {
      if (two) { const t = bswap32(lo); lo = bswap32(hi); hi = t; } else lo = bswap32(lo);
    }
    this.dLo = lo;
    this.dHi = hi;
    return true;
  }

  // ---------------------------------------------------------------- faults

  /** Takes the Prefetch or Data Abort for the stage 1 fault in s1. */
  private raiseStage1Fault(va: number, acc: number, regime: number): void {
    const core = this.core;
    const r = this.s1;
    const write = (acc & ACC_WRITE) !== 0;
    const exec = (acc & ACC_EXEC) !== 0;
    if (regime === REGIME_HYP) {
      // During a fetch, pc is the instruction being fetched (the return address).
      this.hypModeAbort(va, exec, write, longStatus(r.fault, r.level), exec ? core.pc : core.currentPc);
      return;
    }
    const long = (core.cp15.ttbcrB[regime] & TTBCR_EAE) !== 0;
    // A fetch fault happens before the instruction starts (core.pc is it, also when its second halfword faulted).
    if (exec) core.prefetchAbortRaw(va, long ? longFsr(r.fault, r.level, false) : shortFsr(r.fault, r.level, 0, false), core.pc);
    else core.dataAbortRaw(va, long ? longFsr(r.fault, r.level, write) : shortFsr(r.fault, r.level, r.domain, write));
  }

  /**
   * Takes an abort found outside the translation tables (alignment fault, external abort
   * on the access or on a fetch, debug event): `fs` is the short-descriptor FS[4:0]. The
   * fault status takes the format of the current regime (long with TTBCR.EAE), and in Hyp
   * mode the abort goes to Hyp mode with HSR. For prefetch aborts `va` is the instruction.
   */
  raiseAbort(va: number, fs: number, write: boolean, exec: boolean): void {
    const core = this.core;
    if (core.mode === MODE_HYP) {
      this.hypModeAbort(va, exec, write, shortFsToLongStatus(fs), exec ? va : core.currentPc);
      return;
    }
    if (exec) core.prefetchAbortRaw(va, this.abortFsr(fs, false));
    else core.dataAbortRaw(va, this.abortFsr(fs, write));
  }

  /**
   * An abort in Hyp mode is taken to Hyp mode (vector 0x0c/0x10 of HVBAR) with HSR
   * (EC 0x21/0x25), HIFAR/HDFAR, returning to `returnAddr`; the PL1 fault registers are
   * left alone.
   */
  private hypModeAbort(va: number, exec: boolean, write: boolean, status: number, returnAddr: number): void {
    const core = this.core;
    const cp = core.cp15;
    core.it = core.itCur; // the exception returns to the faulting instruction: keep its IT state
    if (exec) {
      cp.hsr = hsrPrefetchAbort(EC_PABT_HYP, status, false);
      cp.hifar = va >>> 0;
      core.enterHyp(0x0c, returnAddr);
    } else {
      cp.hsr = hsrDataAbort(EC_DABT_HYP, status, write, false);
      cp.hdfar = va >>> 0;
      core.enterHyp(0x10, returnAddr);
    }
  }

  /**
   * The hook where a stage 2 fault (in s2) leaves for Hyp mode: computes the syndrome
   * (HSR EC 0x24/0x20 with S1PTW, WnR and the long-descriptor status; HDFAR/HIFAR;
   * HPFAR) and hands it to onStage2Fault.
   */
  private raiseStage2Fault(va: number, acc: number): void {
    const s2 = this.s2;
    const f = this.stage2Fault;
    const status = longStatus(s2.fault, s2.level);
    // The abort type follows the access; a descriptor read of the stage 1 walk (S1PTW) is a read.
    f.prefetch = (acc & ACC_EXEC) !== 0;
    f.hsr = f.prefetch ? hsrPrefetchAbort(EC_PABT_LOWER, status, s2.s1ptw)
      : hsrDataAbort(EC_DABT_LOWER, status, (acc & ACC_WRITE) !== 0 && !s2.s1ptw, s2.s1ptw);
    f.far = va >>> 0;
    f.hpfar = hpfarFor(s2.ipa);
    const hook = this.onStage2Fault;
    if (hook === null) {
      throw new Error(`stage 2 fault (HSR 0x${f.hsr.toString(16)}) at VA 0x${f.far.toString(16)}, ` +
        `IPA 0x${s2.ipa.toString(16)}: no Hyp handler for stage 2 aborts is installed`);
    }
    hook(this.core, f);
  }

  // ---------------------------------------------------------------- address translation operations

  /**
   * ATS1C*, ATS12NSO*, ATS1H*: translates `va` for `acc` (ACC_READ/ACC_WRITE, ACC_USER)
   * in `regime` without raising aborts, and leaves the PAR value in parLo/parHi.
   * `s2Out`: stages 1 and 2 (ATS12NSO*); `longFormat`: the 64-bit PAR format.
   * A stage 2 fault on a stage 1 walk of an ATS1C* executed at Non-secure PL1 is taken
   * to Hyp mode instead (the operation then ends with ABORT).
   */
  ats(va: number, acc: number, regime: number, s2Out: boolean, longFormat: boolean): void {
    const viaS2 = regime === REGIME_NONSECURE && this.stage2Enabled();
    const status = this.lookup(va >>> 0, acc, regime, viaS2, s2Out && viaS2);
    this.parHi = 0;
    if (status === LOOKUP_STAGE2_FAULT) {
      const s2 = this.s2;
      if (!s2Out && this.currentRegime() === REGIME_NONSECURE) {
        this.raiseStage2Fault(va, ACC_READ);
        throw ABORT;
      }
      this.parLo = longParFault(s2.fault, s2.level, true, s2.s1ptw);
      return;
    }
    const s1 = this.s1;
    if (status === LOOKUP_STAGE1_FAULT) {
      this.parLo = longFormat ? longParFault(s1.fault, s1.level, false, false) : shortParFault(s1.fault, s1.level);
      return;
    }
    const pa = this.pa;
    const paLo = (pa >>> 0) & 0xfffff000;
    const cp = this.core.cp15;
    const longS1 = regime === REGIME_HYP || (s1.level !== 0 && (cp.ttbcrB[regime] & TTBCR_EAE) !== 0);
    if (longFormat) {
      let attr = 0, sh = 0;
      if (s1.level !== 0) {
        if (regime === REGIME_HYP) attr = mairAttr(cp.hmair0, cp.hmair1, s1.attr);
        else if (longS1) attr = mairAttr(cp.prrrB[regime], cp.nmrrB[regime], s1.attr);
        else attr = 0x44; // short descriptor reported in the long format: Normal, Non-cacheable
        sh = longS1 ? s1.sh : s1.sh ? 3 : 0;
      }
      this.parLo = (paLo | PAR_LPAE | (s1.ns << 9) | (sh << 7)) >>> 0;
      this.parHi = ((Math.floor(pa / TWO32) & 0xff) | (attr << 24)) >>> 0;
      return;
    }
    const attrs = s1.level === 0 ? shortParAttrs(0, 0, false, 0, 0)
      : shortParAttrs(s1.attr, s1.sh, (cp.sctlrB[regime] & SCTLR_TRE) !== 0, cp.prrrB[regime], cp.nmrrB[regime]);
    this.parLo = (paLo | attrs | (s1.ns << 9) | (s1.supersection ? 2 : 0)) >>> 0;
  }
}
