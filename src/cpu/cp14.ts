// Coprocessor 14: the v7.1 debug registers an operating system or hypervisor
// touches (ARM ARM C6, C11.11), ThumbEE (A2.11) and the trivial Jazelle
// registers (A2.10). Breakpoints and watchpoints are storage only: no debug
// event is ever generated. Trace registers (opc1 = 1) are not implemented.

import type { Core, Op } from './core.js';
import { MODE_USR } from './psr.js';
import {
  CP14_TDA, CP14_TDOSA, CP14_TDRA, CP14_TID0, CP14_TJDBX, CP14_TTEE, trapCp14, trapCp14_64, trapCp14Ldst,
} from './hyp-traps.js';

/** Number of breakpoint and watchpoint register pairs (DBGDIDR.BRPs + 1, WRPs + 1). */
export const NUM_BRPS = 6, NUM_WRPS = 4;

/** DBGDSCR bits. */
export const DSCR_UDCCDIS = 1 << 12, DSCR_NS = 1 << 18;
/** Bits software can write through DBGDSCRext: MDBGen, HDBGen, ITRen, UDCCdis, INTdis, DBGack, ExtDCCmode. */
const DSCR_WRITABLE = 0x0030fc00;
/** Bits visible through DBGDSCRint: RXfull, TXfull, NS, SPNIDdis, SPIDdis, MDBGen, UDCCdis, MOE. */
const DSCR_INT = 0x6007903c;
/** DBGVCR vector catch bits for Secure, Hyp and Non-secure vectors. */
const VCR_MASK = 0xfe00fcde;
/** Defined DBGBCR bits: MASK, BT, LBN, SSC, HMC, BAS, PMC, E. */
const BCR_MASK = 0x1fffe1e7;
/** Defined DBGWCR bits: MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E. */
const WCR_MASK = 0x1f1fffff;
/** Writing this key to DBGOSLAR sets the OS Lock; any other value clears it. */
const OSLAR_KEY = 0xc5acce55;

/** DBGDIDR: WRPs 3, BRPs 5, CTX_CMPs 1, version 5 (v7.1), with DEVID and Security Extensions. */
function dbgdidr(midr: number): number {
  // QEMU 7.2 reports 0x3515f021 for its cortex-a15 whatever the MIDR revision; other parts take
  // variant and revision from the MIDR.
  if (((midr >>> 4) & 0xfff) === 0xc0f) return 0x3515f021;
  return (0x3515f000 | (((midr >>> 20) & 0xf) << 4) | (midr & 0xf)) >>> 0;
}

/** The CP14 state of one core. */
export class Cp14 {
  readonly dbgdidr: number;
  dscr = 0;
  vcr = 0;
  /** OS Lock (DBGOSLSR.OSLK): set by a cold reset. */
  osLock = true;
  osDoubleLock = false;
  prcr = 0;
  readonly bvr = new Uint32Array(NUM_BRPS);
  readonly bcr = new Uint32Array(NUM_BRPS);
  readonly wvr = new Uint32Array(NUM_WRPS);
  readonly wcr = new Uint32Array(NUM_WRPS);
  teecr = 0;
  teehbr = 0;

  constructor(private readonly core: Core) {
    this.dbgdidr = dbgdidr(core.cp15.model.midr);
  }

  reset(): void {
    this.dscr = 0; this.vcr = 0; this.osLock = true; this.osDoubleLock = false; this.prcr = 0;
    this.bvr.fill(0); this.bcr.fill(0); this.wvr.fill(0); this.wcr.fill(0);
    this.teecr = 0; this.teehbr = 0;
  }

  /** DBGDSCRint: a subset of DBGDSCR, with NS giving the current security state. */
  dscrInt(): number {
    const ns = this.core.hasSecurity && !this.core.isSecure() ? DSCR_NS : 0;
    return ((this.dscr & DSCR_INT) | ns) >>> 0;
  }

  /** DBGOSLSR: OSLM = 0b10 (v7.1 OS Lock), OSLK, nTT = 0. */
  oslsr(): number {
    return this.osLock ? 0xa : 0x8;
  }

  writeOslar(v: number): void {
    this.osLock = (v >>> 0) === OSLAR_KEY;
  }
}

const states = new WeakMap<Core, Cp14>();

/** The CP14 state of a core, created at the first decoded CP14 access. */
export function cp14Of(core: Core): Cp14 {
  let s = states.get(core);
  if (s === undefined) {
    s = new Cp14(core);
    states.set(core, s);
  }
  return s;
}

/** Who may access a register from PL0. */
const PL0_NONE = 0, PL0_DCC = 1, PL0_TEE = 2;

interface Cp14Reg {
  /** The Hyp trap control (CP14_*). */
  trap: number;
  pl0: number;
  read?: () => number;
  write?: (v: number) => void;
}

const K = (opc1: number, crn: number, crm: number, opc2: number): number => (opc1 << 12) | (crn << 8) | (crm << 4) | opc2;

/** The register at an MRC/MCR encoding, or undefined for an unallocated one (UNDEFINED). */
function lookup(s: Cp14, opc1: number, crn: number, crm: number, opc2: number): Cp14Reg | undefined {
  if (opc1 === 0 && crn === 0 && opc2 >= 4) {
    // Breakpoint and watchpoint value and control registers.
    const n = crm;
    switch (opc2) {
      case 4: return n < NUM_BRPS ? { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.bvr[n],
        // Address-only BRPs compare word addresses; the context-matching ones hold a whole Context ID.
        write: n < NUM_BRPS - 2 ? (v) => { s.bvr[n] = v & ~3; } : (v) => { s.bvr[n] = v; } } : undefined;
      case 5: return n < NUM_BRPS ? { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.bcr[n],
        write: (v) => { s.bcr[n] = v & BCR_MASK; } } : undefined;
      case 6: return n < NUM_WRPS ? { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.wvr[n],
        write: (v) => { s.wvr[n] = v & ~3; } } : undefined;
      default: return n < NUM_WRPS ? { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.wcr[n],
        write: (v) => { s.wcr[n] = v & WCR_MASK; } } : undefined;
    }
  }
  switch (K(opc1, crn, crm, opc2)) {
    case K(0, 0, 0, 0): return { trap: CP14_TDA, pl0: PL0_DCC, read: () => s.dbgdidr }; // DBGDIDR
    case K(0, 0, 1, 0): return { trap: CP14_TDA, pl0: PL0_DCC, read: () => s.dscrInt() }; // DBGDSCRint
    // DBGDTRRXint (MRC) / DBGDTRTXint (MCR): no external debugger, nothing is ever received.
    case K(0, 0, 5, 0): return { trap: CP14_TDA, pl0: PL0_DCC, read: () => 0, write: () => {} };
    case K(0, 0, 7, 0): return { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.vcr,
      write: (v) => { s.vcr = (v & VCR_MASK) >>> 0; } }; // DBGVCR
    case K(0, 0, 2, 0): return { trap: CP14_TDA, pl0: PL0_NONE, read: () => 0, write: () => {} }; // DBGDCCINT
    case K(0, 0, 2, 2): return { trap: CP14_TDA, pl0: PL0_NONE, read: () => s.dscr,
      write: (v) => { s.dscr = ((s.dscr & ~DSCR_WRITABLE) | (v & DSCR_WRITABLE)) >>> 0; } }; // DBGDSCRext
    case K(0, 1, 0, 0): return { trap: CP14_TDRA, pl0: PL0_DCC, read: () => 0 }; // DBGDRAR: no memory-mapped debug
    case K(0, 2, 0, 0): return { trap: CP14_TDRA, pl0: PL0_DCC, read: () => 0 }; // DBGDSAR
    case K(0, 1, 0, 4): return { trap: CP14_TDOSA, pl0: PL0_NONE, write: (v) => s.writeOslar(v) }; // DBGOSLAR
    case K(0, 1, 1, 4): return { trap: CP14_TDOSA, pl0: PL0_NONE, read: () => s.oslsr() }; // DBGOSLSR
    case K(0, 1, 3, 4): return { trap: CP14_TDOSA, pl0: PL0_NONE, read: () => (s.osDoubleLock ? 1 : 0),
      write: (v) => { s.osDoubleLock = (v & 1) !== 0; } }; // DBGOSDLR
    case K(0, 1, 4, 4): return { trap: CP14_TDOSA, pl0: PL0_NONE, read: () => s.prcr,
      write: (v) => { s.prcr = v & 1; } }; // DBGPRCR: CORENPDRQ kept, HCWR and CWRR are write-only
    case K(6, 0, 0, 0): return { trap: CP14_TTEE, pl0: PL0_NONE, read: () => s.teecr,
      write: (v) => { s.teecr = v & 1; } }; // TEECR
    case K(6, 1, 0, 0): return { trap: CP14_TTEE, pl0: PL0_TEE, read: () => s.teehbr,
      write: (v) => { s.teehbr = (v & ~3) >>> 0; } }; // TEEHBR
    case K(7, 0, 0, 0): return { trap: CP14_TID0, pl0: PL0_NONE, read: () => 0 }; // JIDR: trivial Jazelle
    case K(7, 1, 0, 0): return { trap: CP14_TJDBX, pl0: PL0_NONE, read: () => 0, write: () => {} }; // JOSCR
    case K(7, 2, 0, 0): return { trap: CP14_TJDBX, pl0: PL0_NONE, read: () => 0, write: () => {} }; // JMCR
    default: return undefined;
  }
}

/** PL0 may make this access (checked before any Hyp trap: a PL0 access that is UNDEFINED is not trapped). */
function pl0Allowed(s: Cp14, pl0: number): boolean {
  if (pl0 === PL0_DCC) return (s.dscr & DSCR_UDCCDIS) === 0;
  if (pl0 === PL0_TEE) return (s.teecr & 1) === 0;
  return false;
}

/** MCR/MRC, MCRR/MRRC and LDC/STC with coprocessor 14 (A32 layout; T32 maps to it with cond = AL). */
export function decodeCp14(core: Core, w: number): Op {
  const op1 = (w >>> 20) & 0x3f;
  const undef: Op = () => core.undefinedInstruction();
  if ((op1 & 0x3e) === 0x04) return decodeCp14_64(core, w, undef);
  if ((op1 & 0x20) === 0) return (op1 & 0x3a) === 0 ? undef : decodeCp14Ldst(core, w, undef);
  if ((w & 0x10) === 0) return undef; // CDP
  const s = cp14Of(core);
  const R = core.R;
  const opc1 = (w >>> 21) & 7, crn = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  const opc2 = (w >>> 5) & 7, crm = w & 0xf;
  const reg = lookup(s, opc1, crn, crm, opc2);
  if (reg === undefined) return undef;
  const { trap, pl0 } = reg;
  if (w & (1 << 20)) {
    const read = reg.read;
    if (read === undefined) return undef;
    return () => {
      if (core.mode === MODE_USR && !pl0Allowed(s, pl0)) { core.undefinedInstruction(); return; }
      if (trapCp14(core, w, trap)) return;
      const v = read();
      // MRC APSR_nzcv: only DBGDSCRint is meant for it, but any register's top bits serve.
      if (t === 15) core.setFlags((v & 0xf0000000) | (core.qf << 27) | (core.ge << 16));
      else R[t] = v;
    };
  }
  const write = reg.write;
  if (write === undefined || t === 15) return undef;
  return () => {
    if (core.mode === MODE_USR && !pl0Allowed(s, pl0)) { core.undefinedInstruction(); return; }
    if (trapCp14(core, w, trap)) return;
    write(R[t]);
  };
}

/** MRRC p14, 0, Rt, Rt2, c1 / c2: the 64-bit DBGDRAR and DBGDSAR. MCRR is UNDEFINED. */
function decodeCp14_64(core: Core, w: number, undef: Op): Op {
  const R = core.R;
  const t = (w >>> 12) & 0xf, t2 = (w >>> 16) & 0xf, opc1 = (w >>> 4) & 0xf, crm = w & 0xf;
  if ((w & (1 << 20)) === 0 || opc1 !== 0 || (crm !== 1 && crm !== 2)) return undef;
  if (t === 15 || t2 === 15 || t === t2) return undef;
  const s = cp14Of(core);
  return () => {
    if (core.mode === MODE_USR && !pl0Allowed(s, PL0_DCC)) { core.undefinedInstruction(); return; }
    if (trapCp14_64(core, w)) return;
    R[t] = 0; R[t2] = 0; // no memory-mapped debug components: both offsets invalid
  };
}

/**
 * LDC p14, c5 writes DBGDTRTXint from memory, STC p14, c5 stores DBGDTRRXint: the only CP14
 * load/store forms. The transmitted word goes nowhere; the received one reads as zero.
 */
function decodeCp14Ldst(core: Core, w: number, undef: Op): Op {
  const R = core.R;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, d = (w >>> 22) & 1, wb = (w >>> 21) & 1, load = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf, crd = (w >>> 12) & 0xf;
  const offset = (w & 0xff) << 2;
  if (crd !== 5 || d !== 0) return undef;
  if (n === 15 && (wb || !load)) return undef; // literal forms exist for LDC only, without writeback
  if (p === 0 && wb === 0 && u === 0) return undef;
  const s = cp14Of(core);
  return () => {
    if (core.mode === MODE_USR && !pl0Allowed(s, PL0_DCC)) { core.undefinedInstruction(); return; }
    if (trapCp14Ldst(core, w)) return;
    const base = n === 15 ? R[15] & ~3 : R[n];
    const offAddr = (u ? base + offset : base - offset) >>> 0;
    const addr = p ? offAddr : base >>> 0;
    if (load) core.ld32a(addr);
    else core.st32a(addr, 0);
    if (wb) R[n] = offAddr;
  };
}
