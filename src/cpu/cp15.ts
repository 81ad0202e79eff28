// CP15 system control registers. Registers banked by the Security Extensions
// keep a Secure and a Non-secure copy; accesses pick the copy of the current
// security state. Unknown encodings are UNDEFINED (the caller raises the exception).

import type { Core } from './core.js';
import type { CpuModel } from './models.js';
import { MODE_HYP, MODE_MON, MODE_USR } from './psr.js';
import { ACC_READ, ACC_USER, ACC_WRITE } from './memory.js';
import { REGIME_HYP, REGIME_NONSECURE, REGIME_SECURE } from '../mmu/mmu.js';

/** Index into banked register pairs. */
const S = 0, NS = 1;

/** TTBCR.EAE: long-descriptor translation tables. */
const TTBCR_EAE = 0x80000000;

/** Key of a 32-bit CP15 register: opc1, CRn, CRm, opc2. */
export function cp15Key(opc1: number, crn: number, crm: number, opc2: number): number {
  return (opc1 << 12) | (crn << 8) | (crm << 4) | opc2;
}

const K = cp15Key;

/** Registers that live outside CP15 proper but are reached through it (the generic timer, c14). */
export interface Cp15Extension {
  /** MRC: the value, or undefined when not handled/UNDEFINED. */
  read(opc1: number, crn: number, crm: number, opc2: number): number | undefined;
  /** MCR: false when not handled/UNDEFINED. */
  write(opc1: number, crn: number, crm: number, opc2: number, v: number): boolean;
  /** MRRC: [lo, hi] (valid until the next call: the pair is reused) or undefined. */
  read64(opc1: number, crm: number): [number, number] | undefined;
  write64(opc1: number, crm: number, lo: number, hi: number): boolean;
}

export class Cp15 {
  // Banked (Secure, Non-secure).
  readonly sctlrB = new Uint32Array(2);
  readonly actlrB = new Uint32Array(2);
  readonly vbarB = new Uint32Array(2);
  readonly dfsrB = new Uint32Array(2);
  readonly ifsrB = new Uint32Array(2);
  readonly dfarB = new Uint32Array(2);
  readonly ifarB = new Uint32Array(2);
  readonly contextidrB = new Uint32Array(2);
  readonly tpidrurwB = new Uint32Array(2);
  readonly tpidruroB = new Uint32Array(2);
  readonly tpidrprwB = new Uint32Array(2);
  readonly csselrB = new Uint32Array(2);
  readonly dacrB = new Uint32Array(2);
  readonly ttbcrB = new Uint32Array(2);
  readonly prrrB = new Uint32Array(2);
  readonly nmrrB = new Uint32Array(2);
  /** TTBR0/TTBR1 as 64-bit pairs (lo, hi) per bank. */
  readonly ttbr0B = new Uint32Array(4);
  readonly ttbr1B = new Uint32Array(4);
  readonly parB = new Uint32Array(4);

  // Not banked.
  cpacr = 0;
  scr = 0;
  sder = 0;
  nsacr = 0;
  mvbar = 0;
  hsctlr = 0;
  hactlr = 0;
  hcr = 0;
  hdcr = 0;
  hcptr = 0;
  hstr = 0;
  hvbar = 0;
  htcr = 0;
  vtcr = 0;
  hsr = 0;
  hdfar = 0;
  hifar = 0;
  hpfar = 0;
  htpidr = 0;
  hmair0 = 0;
  hmair1 = 0;
  vpidr: number;
  vmpidr: number;
  readonly httbr = new Uint32Array(2);
  readonly vttbr = new Uint32Array(2);

  readonly mpidr: number;
  /** The generic timer's registers (CRn = 14, MRRC/MCRR CRm = 14), attached by the board. */
  timer: Cp15Extension | null = null;

  constructor(private readonly core: Core, readonly model: CpuModel, mpidrAff: number) {
    // Multiprocessing Extensions format (bit 31), uniprocessor bit clear.
    this.mpidr = (0x80000000 | mpidrAff) >>> 0;
    this.vpidr = model.midr;
    this.vmpidr = this.mpidr;
  }

  reset(): void {
    for (const b of [this.sctlrB, this.actlrB, this.vbarB, this.dfsrB, this.ifsrB, this.dfarB, this.ifarB,
      this.contextidrB, this.tpidrurwB, this.tpidruroB, this.tpidrprwB, this.csselrB, this.dacrB, this.ttbcrB,
      this.prrrB, this.nmrrB, this.ttbr0B, this.ttbr1B, this.parB]) b.fill(0);
    this.sctlrB[S] = this.sctlrB[NS] = this.model.sctlrReset;
    this.cpacr = 0; this.scr = this.core.hasSecurity ? 0 : 1; this.sder = 0; this.nsacr = 0; this.mvbar = 0;
    this.hsctlr = 0x30c50818; this.hactlr = 0; this.hcr = 0; this.hdcr = 0; this.hcptr = 0; this.hstr = 0;
    this.hvbar = 0; this.htcr = 0; this.vtcr = 0; this.hsr = 0; this.hdfar = 0; this.hifar = 0; this.hpfar = 0;
    this.htpidr = 0; this.hmair0 = 0; this.hmair1 = 0;
    this.httbr.fill(0); this.vttbr.fill(0);
    this.vpidr = this.model.midr;
    this.vmpidr = this.mpidr;
  }

  /** Bank index for the current security state. */
  private get b(): number { return this.core.isSecure() ? S : NS; }

  get sctlr(): number { return this.sctlrB[this.b]; }
  get vbar(): number { return this.vbarB[this.b]; }
  setDfsr(v: number): void { this.dfsrB[this.b] = v; }
  setIfsr(v: number): void { this.ifsrB[this.b] = v; }
  setDfar(v: number): void { this.dfarB[this.b] = v; }
  setIfar(v: number): void { this.ifarB[this.b] = v; }

  /** MRC p15: the value, or undefined when UNDEFINED at the current mode. */
  read(opc1: number, crn: number, crm: number, opc2: number): number | undefined {
    const core = this.core;
    const mode = core.mode;
    const key = K(opc1, crn, crm, opc2);
    if (crn === 14) return this.timer ? this.timer.read(opc1, crn, crm, opc2) : undefined;
    if (mode === MODE_USR) {
      switch (key) {
        case K(0, 13, 0, 2): return this.tpidrurwB[this.b];
        case K(0, 13, 0, 3): return this.tpidruroB[this.b];
        default: return undefined;
      }
    }
    const b = this.b;
    const hypOk = mode === MODE_HYP || (mode === MODE_MON && (this.scr & 1) !== 0);
    switch (key) {
      case K(0, 0, 0, 0): return mode === MODE_HYP || core.isSecure() ? this.model.midr : this.vpidr;
      case K(0, 0, 0, 1): return this.model.ctr;
      case K(0, 0, 0, 2): return 0; // TCMTR
      case K(0, 0, 0, 3): return 0; // TLBTR
      case K(0, 0, 0, 5): return mode === MODE_HYP || core.isSecure() ? this.mpidr : this.vmpidr;
      case K(0, 0, 0, 6): return 0; // REVIDR
      case K(0, 0, 1, 0): return this.model.idPfr[0];
      case K(0, 0, 1, 1): return this.model.idPfr[1];
      case K(0, 0, 1, 2): return this.model.idDfr0;
      case K(0, 0, 1, 3): return this.model.idAfr0;
      case K(0, 0, 1, 4): case K(0, 0, 1, 5): case K(0, 0, 1, 6): case K(0, 0, 1, 7):
        return this.model.idMmfr[opc2 - 4];
      case K(0, 0, 2, 0): case K(0, 0, 2, 1): case K(0, 0, 2, 2): case K(0, 0, 2, 3): case K(0, 0, 2, 4):
      case K(0, 0, 2, 5):
        return this.model.idIsar[opc2];
      case K(1, 0, 0, 0): return this.model.ccsidr[Math.min(this.csselrB[b] & 0xf, 2)];
      case K(1, 0, 0, 1): return this.model.clidr;
      case K(1, 0, 0, 7): return this.model.aidr;
      case K(2, 0, 0, 0): return this.csselrB[b];
      case K(0, 1, 0, 0): return this.sctlrB[b];
      case K(0, 1, 0, 1): return this.actlrB[b];
      case K(0, 1, 0, 2): return this.cpacr;
      case K(0, 1, 1, 0): return core.isSecure() && mode !== MODE_HYP ? this.scr : undefined;
      case K(0, 1, 1, 1): return core.isSecure() ? this.sder : undefined;
      case K(0, 1, 1, 2): return this.nsacr;
      case K(0, 2, 0, 0): return this.ttbr0B[b * 2];
      case K(0, 2, 0, 1): return this.ttbr1B[b * 2];
      case K(0, 2, 0, 2): return this.ttbcrB[b];
      case K(0, 3, 0, 0): return this.dacrB[b];
      case K(0, 5, 0, 0): return this.dfsrB[b];
      case K(0, 5, 0, 1): return this.ifsrB[b];
      case K(0, 5, 1, 0): case K(0, 5, 1, 1): return 0; // ADFSR/AIFSR
      case K(0, 6, 0, 0): return this.dfarB[b];
      case K(0, 6, 0, 2): return this.ifarB[b];
      case K(0, 7, 4, 0): return this.parB[b * 2];
      case K(0, 10, 2, 0): return this.prrrB[b];
      case K(0, 10, 2, 1): return this.nmrrB[b];
      case K(0, 12, 0, 0): return this.vbarB[b];
      case K(0, 12, 0, 1): return core.isSecure() ? this.mvbar : undefined;
      case K(0, 12, 1, 0): return (core.irqLine ? 1 << 7 : 0) | (core.fiqLine ? 1 << 6 : 0); // ISR
      case K(0, 13, 0, 0): return 0; // FCSEIDR
      case K(0, 13, 0, 1): return this.contextidrB[b];
      case K(0, 13, 0, 2): return this.tpidrurwB[b];
      case K(0, 13, 0, 3): return this.tpidruroB[b];
      case K(0, 13, 0, 4): return this.tpidrprwB[b];
    }
    if (!hypOk || !core.hasVirtualization) return undefined;
    switch (key) {
      case K(4, 0, 0, 0): return this.vpidr;
      case K(4, 0, 0, 5): return this.vmpidr;
      case K(4, 1, 0, 0): return this.hsctlr;
      case K(4, 1, 0, 1): return this.hactlr;
      case K(4, 1, 1, 0): return this.hcr;
      case K(4, 1, 1, 1): return this.hdcr;
      case K(4, 1, 1, 2): return this.hcptr;
      case K(4, 1, 1, 3): return this.hstr;
      case K(4, 1, 1, 7): return 0; // HACR
      case K(4, 2, 0, 2): return this.htcr;
      case K(4, 2, 1, 2): return this.vtcr;
      case K(4, 5, 2, 0): return this.hsr;
      case K(4, 6, 0, 0): return this.hdfar;
      case K(4, 6, 0, 2): return this.hifar;
      case K(4, 6, 0, 4): return this.hpfar;
      case K(4, 10, 2, 0): return this.hmair0;
      case K(4, 10, 2, 1): return this.hmair1;
      case K(4, 12, 0, 0): return this.hvbar;
      case K(4, 13, 0, 2): return this.htpidr;
    }
    return undefined;
  }

  /** MCR p15: false when UNDEFINED at the current mode. */
  write(opc1: number, crn: number, crm: number, opc2: number, v: number): boolean {
    const core = this.core;
    const mode = core.mode;
    const key = K(opc1, crn, crm, opc2);
    v >>>= 0;
    if (crn === 14) return this.timer ? this.timer.write(opc1, crn, crm, opc2, v) : false;
    if (mode === MODE_USR) {
      switch (key) {
        case K(0, 13, 0, 2): this.tpidrurwB[this.b] = v; return true;
        case K(0, 7, 5, 4): case K(0, 7, 10, 4): case K(0, 7, 10, 5): return true; // CP15ISB/DSB/DMB
        default: return false;
      }
    }
    const b = this.b;
    switch (key) {
      case K(2, 0, 0, 0): this.csselrB[b] = v & 0xf; return true;
      case K(0, 1, 0, 0): this.sctlrB[b] = v; core.translationChanged(); return true;
      case K(0, 1, 0, 1): this.actlrB[b] = v; return true;
      case K(0, 1, 0, 2): this.cpacr = v & 0xc0f00000; return true;
      case K(0, 1, 1, 0):
        if (!core.isSecure() || mode === MODE_HYP) return false;
        this.scr = v & 0x3ff; core.translationChanged(); return true;
      case K(0, 1, 1, 1): if (!core.isSecure()) return false; this.sder = v & 3; return true;
      case K(0, 1, 1, 2): if (!core.isSecure()) return false; this.nsacr = v & 0x000f3fff; return true;
      case K(0, 2, 0, 0): this.ttbr0B[b * 2] = v; this.ttbr0B[b * 2 + 1] = 0; core.translationChanged(); return true;
      case K(0, 2, 0, 1): this.ttbr1B[b * 2] = v; this.ttbr1B[b * 2 + 1] = 0; core.translationChanged(); return true;
      case K(0, 2, 0, 2): this.ttbcrB[b] = v; core.translationChanged(); return true;
      case K(0, 3, 0, 0): this.dacrB[b] = v; core.translationChanged(); return true;
      case K(0, 5, 0, 0): this.dfsrB[b] = v; return true;
      case K(0, 5, 0, 1): this.ifsrB[b] = v; return true;
      case K(0, 5, 1, 0): case K(0, 5, 1, 1): return true;
      case K(0, 6, 0, 0): this.dfarB[b] = v; return true;
      case K(0, 6, 0, 2): this.ifarB[b] = v; return true;
      case K(0, 7, 4, 0): this.parB[b * 2] = v; return true; // PAR[31:0]; PAR[63:32] unchanged
      case K(0, 10, 2, 0): this.prrrB[b] = v; return true;
      case K(0, 10, 2, 1): this.nmrrB[b] = v; return true;
      case K(0, 12, 0, 0): this.vbarB[b] = v & ~0x1f; return true;
      case K(0, 12, 0, 1): if (!core.isSecure()) return false; this.mvbar = v & ~0x1f; return true;
      case K(0, 13, 0, 0): return true; // FCSEIDR: FCSE not implemented, writes ignored
      case K(0, 13, 0, 1): this.contextidrB[b] = v; return true;
      case K(0, 13, 0, 2): this.tpidrurwB[b] = v; return true;
      case K(0, 13, 0, 3): this.tpidruroB[b] = v; return true;
      case K(0, 13, 0, 4): this.tpidrprwB[b] = v; return true;
    }
    if (crn === 7 && crm === 8) return this.addressTranslation(opc1, opc2, v);
    if (crn === 7) return this.cacheOp(crm, opc1, opc2);
    if (crn === 8 && opc1 === 0) { this.tlbMaintenance(crm); return true; } // TLB maintenance
    const hypOk = mode === MODE_HYP || (mode === MODE_MON && (this.scr & 1) !== 0);
    if (!hypOk || !core.hasVirtualization) return false;
    switch (key) {
      case K(4, 0, 0, 0): this.vpidr = v; return true;
      case K(4, 0, 0, 5): this.vmpidr = v; return true;
      case K(4, 1, 0, 0): this.hsctlr = v; core.translationChanged(); return true;
      case K(4, 1, 0, 1): this.hactlr = v; return true;
      case K(4, 1, 1, 0): this.hcr = v; core.translationChanged(); core.interruptChanged(); return true;
      case K(4, 1, 1, 1): this.hdcr = v; return true;
      case K(4, 1, 1, 2): this.hcptr = v; return true;
      case K(4, 1, 1, 3): this.hstr = v; return true;
      case K(4, 1, 1, 7): return true;
      case K(4, 2, 0, 2): this.htcr = v; core.translationChanged(); return true;
      case K(4, 2, 1, 2): this.vtcr = v; core.translationChanged(); return true;
      case K(4, 5, 2, 0): this.hsr = v; return true;
      case K(4, 6, 0, 0): this.hdfar = v; return true;
      case K(4, 6, 0, 2): this.hifar = v; return true;
      case K(4, 6, 0, 4): this.hpfar = v; return true;
      case K(4, 10, 2, 0): this.hmair0 = v; return true;
      case K(4, 10, 2, 1): this.hmair1 = v; return true;
      case K(4, 12, 0, 0): this.hvbar = v & ~0x1f; return true;
      case K(4, 13, 0, 2): this.htpidr = v; return true;
    }
    if (crn === 8 && opc1 === 4) { this.tlbMaintenance(crm); return true; } // Hyp TLB maintenance
    return false;
  }

  /**
   * TLB maintenance (c8): every operation drops all cached translations of this core;
   * the Inner Shareable ones (CRm = 3) those of the other cores too.
   */
  private tlbMaintenance(crm: number): void {
    this.core.translationChanged();
    if (crm === 3) for (const p of this.core.peers) p.translationChanged();
  }

  /**
   * Address translation operations (c7, c8), result in PAR: ATS1CPR/CPW/CUR/CUW (opc1 0,
   * opc2 0-3) translate with stage 1 of the current PL1&0 regime (the Non-secure one
   * from Hyp mode); ATS12NSOPR/PW/UR/UW (opc2 4-7), from Secure PL1 or Hyp mode, with
   * both stages of the Non-secure PL1&0 regime; ATS1HR/HW (opc1 4) with the Hyp regime.
   */
  private addressTranslation(opc1: number, opc2: number, va: number): boolean {
    const core = this.core;
    const mode = core.mode;
    const mmu = core.mmu;
    const acc = ((opc2 & 1) !== 0 ? ACC_WRITE : ACC_READ) | ((opc2 & 2) !== 0 ? ACC_USER : 0);
    let regime: number;
    let s2 = false;
    let long: boolean;
    if (opc1 === 0 && opc2 < 4) {
      regime = mode === MODE_HYP || !core.isSecure() ? REGIME_NONSECURE : REGIME_SECURE;
      long = mode === MODE_HYP || (this.ttbcrB[regime] & TTBCR_EAE) !== 0;
    } else if (opc1 === 0) {
      if (mode !== MODE_HYP && !core.isSecure()) return false;
      regime = REGIME_NONSECURE;
      s2 = true;
      long = (this.ttbcrB[NS] & TTBCR_EAE) !== 0 || mmu.stage2Enabled();
    } else if (opc1 === 4 && opc2 < 2) {
      const hypOk = mode === MODE_HYP || (mode === MODE_MON && (this.scr & 1) !== 0);
      if (!hypOk || !core.hasVirtualization) return false;
      regime = REGIME_HYP;
      long = true;
    } else {
      return false;
    }
    mmu.ats(va, acc, regime, s2, long);
    const b = this.b;
    this.parB[b * 2] = mmu.parLo;
    this.parB[b * 2 + 1] = mmu.parHi;
    return true;
  }

  /** c7: cache and branch predictor maintenance are no-ops (no caches are modelled); barriers too. */
  private cacheOp(crm: number, opc1: number, opc2: number): boolean {
    if (opc1 !== 0) return false;
    switch (crm) {
      case 0: return opc2 === 4; // (WFI in c7 was removed in ARMv7)
      case 1: return opc2 === 0 || opc2 === 6; // ICIALLUIS, BPIALLIS
      case 5: return opc2 <= 1 || opc2 === 4 || opc2 === 6 || opc2 === 7; // ICIALLU, ICIMVAU, CP15ISB, BPIALL, BPIMVA
      case 6: return opc2 === 1 || opc2 === 2; // DCIMVAC, DCISW
      case 10: return opc2 === 1 || opc2 === 2 || opc2 === 4 || opc2 === 5; // DCCMVAC, DCCSW, CP15DSB, CP15DMB
      case 11: return opc2 === 1; // DCCMVAU
      case 14: return opc2 === 1 || opc2 === 2; // DCCIMVAC, DCCISW
      default: return false;
    }
  }

  /** The result of the last 64-bit read, reused so that MRRC allocates nothing. */
  private readonly out64: [number, number] = [0, 0];

  private pair64(lo: number, hi: number): [number, number] {
    this.out64[0] = lo; this.out64[1] = hi;
    return this.out64;
  }

  /** MRRC p15: [lo, hi], or undefined. */
  read64(opc1: number, crm: number): [number, number] | undefined {
    const b = this.b;
    if (crm === 14) return this.timer ? this.timer.read64(opc1, crm) : undefined;
    if (crm === 7 && opc1 === 0) return this.core.mode === MODE_USR ? undefined : this.pair64(this.parB[b * 2], this.parB[b * 2 + 1]);
    if (crm !== 2 || this.core.mode === MODE_USR) return undefined; // the translation table bases are PL1 and up
    switch (opc1) {
      case 0: return this.pair64(this.ttbr0B[b * 2], this.ttbr0B[b * 2 + 1]);
      case 1: return this.pair64(this.ttbr1B[b * 2], this.ttbr1B[b * 2 + 1]);
      case 4: return this.core.mode === MODE_HYP ? this.pair64(this.httbr[0], this.httbr[1]) : undefined;
      case 6: return this.core.mode === MODE_HYP ? this.pair64(this.vttbr[0], this.vttbr[1]) : undefined;
    }
    return undefined;
  }

  write64(opc1: number, crm: number, lo: number, hi: number): boolean {
    const b = this.b;
    if (crm === 14) return this.timer ? this.timer.write64(opc1, crm, lo, hi) : false;
    if (this.core.mode === MODE_USR) return false;
    if (crm === 7 && opc1 === 0) { this.parB[b * 2] = lo; this.parB[b * 2 + 1] = hi; return true; }
    if (crm !== 2) return false;
    switch (opc1) {
      case 0: this.ttbr0B[b * 2] = lo; this.ttbr0B[b * 2 + 1] = hi; break;
      case 1: this.ttbr1B[b * 2] = lo; this.ttbr1B[b * 2 + 1] = hi; break;
      case 4: if (this.core.mode !== MODE_HYP) return false; this.httbr[0] = lo; this.httbr[1] = hi; break;
      case 6: if (this.core.mode !== MODE_HYP) return false; this.vttbr[0] = lo; this.vttbr[1] = hi; break;
      default: return false;
    }
    this.core.translationChanged();
    return true;
  }
}
