// Loads and stores: word/byte (A5.3), halfword/dual/signed (A5.2.8),
// block transfers (A5.5) and synchronization primitives (A5.2.10).

import type { Core, Op } from '../core.js';
import { bankOf, BANK_USR, MODE_HYP, MODE_USR } from '../psr.js';
import { shiftImmValue } from './shifter.js';
import { undef } from './system.js';

/** Addressing: P (index before), U (add), W (writeback). */
interface Addr {
  n: number;
  pre: boolean;
  wback: boolean;
}

/** LDR, STR, LDRB, STRB and their unprivileged (T) forms. */
export function decodeLoadStoreWord(core: Core, w: number): Op {
  const R = core.R;
  const regOff = (w >>> 25) & 1;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, byte = (w >>> 22) & 1, wb = (w >>> 21) & 1, load = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  const unpriv = p === 0 && wb === 1;
  const a: Addr = { n, pre: p === 1, wback: p === 0 || wb === 1 };
  if (a.wback && (n === 15 || (n === t))) return undef(core); // UNPREDICTABLE
  if (byte && t === 15) return undef(core);

  let offset: () => number;
  let imm = 0;
  if (regOff) {
    if (w & 0x10) return undef(core); // media space is routed before this
    const m = w & 0xf, type = (w >>> 5) & 3, amt = (w >>> 7) & 0x1f;
    if (m === 15) return undef(core);
    offset = type === 0 && amt === 0
      ? (u ? () => R[m] : () => -R[m])
      : (u ? () => shiftImmValue(core, R[m], type, amt) : () => -shiftImmValue(core, R[m], type, amt));
  } else {
    imm = u ? (w & 0xfff) : -(w & 0xfff);
    offset = () => imm;
  }

  // Fast forms: immediate offset without writeback (the bulk of compiled code).
  if (!regOff && a.pre && !a.wback && !unpriv) {
    if (load) {
      if (t === 15) return () => core.bxWritePC(core.ld32((R[n] + imm) >>> 0));
      return byte ? () => { R[t] = core.ld8(R[n] + imm); } : () => { R[t] = core.ld32(R[n] + imm); };
    }
    return byte ? () => core.st8(R[n] + imm, R[t]) : () => core.st32(R[n] + imm, R[t]);
  }

  const ld = unpriv ? (byte ? (x: number) => core.ld8u(x) : (x: number) => core.ld32u(x))
    : (byte ? (x: number) => core.ld8(x) : (x: number) => core.ld32(x));
  const st = unpriv ? (byte ? (x: number, v: number) => core.st8u(x, v) : (x: number, v: number) => core.st32u(x, v))
    : (byte ? (x: number, v: number) => core.st8(x, v) : (x: number, v: number) => core.st32(x, v));
  const pre = a.pre, wback = a.wback;
  if (load) {
    return () => {
      const base = R[n];
      const off = (base + offset()) >>> 0;
      const v = ld(pre ? off : base);
      if (wback) R[n] = off;
      if (t === 15) core.bxWritePC(v); else R[t] = v;
    };
  }
  return () => {
    const base = R[n];
    const off = (base + offset()) >>> 0;
    st(pre ? off : base, R[t]);
    if (wback) R[n] = off;
  };
}

/** STRH, LDRH, LDRSB, LDRSH, LDRD, STRD and the unprivileged halfword/signed forms. */
export function decodeExtraLoadStore(core: Core, w: number): Op {
  const R = core.R;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, immForm = (w >>> 22) & 1, wb = (w >>> 21) & 1, l = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  const op2 = (w >>> 5) & 3;
  const unpriv = p === 0 && wb === 1;
  const pre = p === 1, wback = p === 0 || wb === 1;
  const m = w & 0xf;
  const imm8 = ((w >>> 4) & 0xf0) | (w & 0xf);
  if (!immForm && m === 15) return undef(core);
  const offset: () => number = immForm ? (u ? () => imm8 : () => -imm8) : (u ? () => R[m] : () => -R[m]);
  const dual = l === 0 && op2 !== 1;
  if (dual) {
    // LDRD (op2 = 10) / STRD (op2 = 11): Rt even, not r14; word-aligned.
    if (unpriv || (t & 1) || t === 14) return undef(core);
    if (wback && (n === 15 || n === t || n === t + 1)) return undef(core);
    if (!immForm && (m === t || m === t + 1) && op2 === 2) return undef(core);
    const t2 = t + 1;
    if (op2 === 2) {
      return () => {
        const base = n === 15 ? R[15] & ~3 : R[n];
        const off = (base + offset()) >>> 0;
        const addr = pre ? off : base;
        const lo = core.ld32a(addr);
        const hi = core.ld32a((addr + 4) >>> 0);
        if (wback) R[n] = off;
        R[t] = lo; R[t2] = hi;
      };
    }
    return () => {
      const base = R[n];
      const off = (base + offset()) >>> 0;
      const addr = pre ? off : base;
      core.st32a(addr, R[t]);
      core.st32a((addr + 4) >>> 0, R[t2]);
      if (wback) R[n] = off;
    };
  }
  if (t === 15 || (wback && (n === 15 || (l && n === t)))) return undef(core);
  let access: (addr: number) => void;
  if (l === 0) {
    access = unpriv ? (x) => core.st16u(x, R[t]) : (x) => core.st16(x, R[t]);
  } else if (op2 === 1) {
    access = unpriv ? (x) => { R[t] = core.ld16u(x); } : (x) => { R[t] = core.ld16(x); };
  } else if (op2 === 2) {
    access = unpriv ? (x) => { R[t] = (core.ld8u(x) << 24) >> 24; } : (x) => { R[t] = (core.ld8(x) << 24) >> 24; };
  } else {
    access = unpriv ? (x) => { R[t] = (core.ld16u(x) << 16) >> 16; } : (x) => { R[t] = (core.ld16(x) << 16) >> 16; };
  }
  if (pre && !wback) {
    if (n === 15) return () => access(((R[15] & ~3) + offset()) >>> 0);
    return () => access((R[n] + offset()) >>> 0);
  }
  return () => {
    const base = R[n];
    const off = (base + offset()) >>> 0;
    access(pre ? off : base);
    R[n] = off; // Rt != Rn was checked, so the order does not matter
  };
}

/** LDM/STM in all four address modes, with user-bank (^) and exception-return forms; B/BL are routed apart. */
export function decodeBlockTransfer(core: Core, w: number): Op {
  const R = core.R;
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, s = (w >>> 22) & 1, wb = (w >>> 21) & 1, l = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf;
  const list = w & 0xffff;
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if (list & (1 << i)) regs.push(i);
  const cnt = regs.length;
  if (n === 15 || cnt === 0) return undef(core);
  const startOff = u ? (p ? 4 : 0) : (p ? -4 * cnt : -4 * cnt + 4);
  const delta = u ? 4 * cnt : -4 * cnt;
  const hasPc = (list & 0x8000) !== 0;
  const regArr = Int8Array.from(regs);
  const tmp = new Uint32Array(16);

  if (l) {
    if (s && !hasPc) {
      // LDM (user registers): no writeback allowed.
      if (wb) return undef(core);
      return () => {
        if (bankOf(core.mode) === BANK_USR || core.mode === MODE_HYP) { core.undefinedInstruction(); return; }
        let addr = (R[n] + startOff) >>> 0;
        for (let i = 0; i < cnt; i++) { tmp[i] = core.ld32a(addr); addr = (addr + 4) >>> 0; }
        for (let i = 0; i < cnt; i++) core.setBanked(regArr[i], MODE_USR, tmp[i]);
      };
    }
    const baseInList = (list & (1 << n)) !== 0;
    return () => {
      const base = R[n];
      let addr = (base + startOff) >>> 0;
      for (let i = 0; i < cnt; i++) { tmp[i] = core.ld32a(addr); addr = (addr + 4) >>> 0; }
      if (wb && !baseInList) R[n] = base + delta;
      const last = hasPc ? cnt - 1 : cnt;
      for (let i = 0; i < last; i++) R[regArr[i]] = tmp[i];
      if (hasPc) {
        if (s) core.exceptionReturn(tmp[cnt - 1]);
        else core.bxWritePC(tmp[cnt - 1]);
      }
    };
  }
  if (s) {
    // STM (user registers)
    if (wb) return undef(core);
    return () => {
      if (bankOf(core.mode) === BANK_USR) { core.undefinedInstruction(); return; }
      let addr = (R[n] + startOff) >>> 0;
      for (let i = 0; i < cnt; i++) { core.st32a(addr, core.getBanked(regArr[i], MODE_USR)); addr = (addr + 4) >>> 0; }
    };
  }
  return () => {
    const base = R[n];
    let addr = (base + startOff) >>> 0;
    for (let i = 0; i < cnt; i++) { core.st32a(addr, R[regArr[i]]); addr = (addr + 4) >>> 0; }
    if (wb) R[n] = base + delta;
  };
}

/** SWP/SWPB (only with SCTLR.SW) and the exclusive loads and stores. */
export function decodeSync(core: Core, w: number): Op {
  const R = core.R;
  const op = (w >>> 20) & 0xf;
  const n = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf, t2 = w & 0xf;
  if (n === 15) return undef(core);
  if ((op & 0xb) === 0) {
    // SWP / SWPB
    const byte = (op & 4) !== 0;
    if (t === 15 || t2 === 15 || n === t || n === t2) return undef(core);
    return () => {
      if ((core.cp15.sctlr & (1 << 10)) === 0) { core.undefinedInstruction(); return; }
      const addr = R[n];
      if (byte) { const v = core.ld8(addr); core.st8(addr, R[t2]); R[t] = v; } else {
        const v = core.ld32a(addr); core.st32a(addr, R[t2]); R[t] = v;
      }
    };
  }
  if ((op & 8) === 0) return undef(core);
  const load = (op & 1) === 1;
  const size = [4, 8, 1, 2][(op >>> 1) & 3];
  if (load) {
    if (t === 15 || (size === 8 && ((t & 1) || t === 14))) return undef(core);
    switch (size) {
      case 4: return () => { const a = R[n]; if (a & 3) core.alignmentFault(a, false); R[t] = core.ld32(a); core.markExclusive(a, 4); };
      case 1: return () => { const a = R[n]; R[t] = core.ld8(a); core.markExclusive(a, 1); };
      case 2: return () => { const a = R[n]; if (a & 1) core.alignmentFault(a, false); R[t] = core.ld16(a); core.markExclusive(a, 2); };
      default: return () => {
        const a = R[n];
        if (a & 7) core.alignmentFault(a, false);
        const lo = core.ld32(a), hi = core.ld32((a + 4) >>> 0);
        R[t] = lo; R[t + 1] = hi;
        core.markExclusive(a, 8);
      };
    }
  }
  // STREX Rd, Rt, [Rn]: here t is Rd (status) and t2 is Rt (value).
  const d = t, v = t2;
  if (d === 15 || v === 15 || d === n || d === v || (size === 8 && (d === v + 1 || (v & 1) || v === 14))) return undef(core);
  const alignMask = size === 8 ? 7 : size - 1;
  return () => {
    const a = R[n];
    if (a & alignMask) core.alignmentFault(a, true);
    if (!core.checkExclusive(a, size)) { R[d] = 1; return; }
    switch (size) {
      case 4: core.st32(a, R[v]); break;
      case 1: core.st8(a, R[v]); break;
      case 2: core.st16(a, R[v]); break;
      default: core.st32(a, R[v]); core.st32((a + 4) >>> 0, R[v + 1]); break;
    }
    R[d] = 0;
  };
}

