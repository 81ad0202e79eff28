// Advanced SIMD element and structure loads and stores (ARM ARM A7.7):
// VLD1-4/VST1-4 of multiple structures, of a single lane, and VLDn to all
// lanes. Each form is decoded into the list of register bytes its elements
// occupy in memory order; VLD1/VST1 of whole words on a little-endian data
// view move words directly.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { PSR_E } from '../psr.js';
import { simd } from './simd-util.js';

export function decodeSimdLoadStore(core: Core, w: number): Op {
  const a = (w >>> 23) & 1, l = (w >>> 21) & 1, type = (w >>> 8) & 0xf;
  const n = (w >>> 16) & 0xf, m = w & 0xf;
  const d = (((w >>> 22) & 1) << 4) | ((w >>> 12) & 0xf);
  if (n === 15) return undef(core);
  if (a === 0) return decodeMultiple(core, w, l === 1, type, d, n, m);
  if ((type & 0xc) === 0xc) return l ? decodeAllLanes(core, w, type, d, n, m) : undef(core);
  return decodeLane(core, w, l === 1, type, d, n, m);
}

/** Which register bytes an element transfer touches, in memory order. */
interface Plan {
  /** Byte offset in the register file of each element. */
  offs: number[];
  ebytes: number;
  /** Required address alignment (1: none beyond the elements' own). */
  align: number;
  /** Bytes the base register advances by with Rm = 13. */
  size: number;
  top: number;
}

function decodeMultiple(core: Core, w: number, load: boolean, type: number, d: number, n: number, m: number): Op {
  const size = (w >>> 6) & 3, align = (w >>> 4) & 3;
  const eb = 1 << size, per = 8 >> size;
  let nstruct: number, regs: number, inc: number;
  switch (type) {
    case 7: nstruct = 1; regs = 1; inc = 1; if (align & 2) return undef(core); break;
    case 10: nstruct = 1; regs = 2; inc = 1; if (align === 3) return undef(core); break;
    case 6: nstruct = 1; regs = 3; inc = 1; if (align & 2) return undef(core); break;
    case 2: nstruct = 1; regs = 4; inc = 1; break;
    case 8: case 9: nstruct = 2; regs = 1; inc = type === 9 ? 2 : 1; if (align === 3 || size === 3) return undef(core); break;
    case 3: nstruct = 2; regs = 2; inc = 2; if (size === 3) return undef(core); break;
    case 4: case 5: nstruct = 3; regs = 1; inc = type === 5 ? 2 : 1; if (size === 3 || (align & 2)) return undef(core); break;
    case 0: case 1: nstruct = 4; regs = 1; inc = type === 1 ? 2 : 1; if (size === 3) return undef(core); break;
    default: return undef(core);
  }
  const offs: number[] = [];
  if (nstruct === 1) {
    for (let r = 0; r < regs; r++) for (let e = 0; e < per; e++) offs.push(8 * (d + r) + e * eb);
  } else {
    for (let r = 0; r < regs; r++) {
      for (let e = 0; e < per; e++) for (let k = 0; k < nstruct; k++) offs.push(8 * (d + r + k * inc) + e * eb);
    }
  }
  const top = d + (nstruct === 1 ? regs - 1 : (regs - 1) + (nstruct - 1) * inc);
  if (top > 31) return undef(core);
  const alignment = nstruct === 3 ? (align ? 8 : 1) : align ? 4 << align : 1;
  const plan: Plan = { offs, ebytes: eb, align: alignment, size: 8 * regs * nstruct, top };
  return transfer(core, w, load, plan, n, m, nstruct === 1 ? 2 * regs : 0);
}

function decodeLane(core: Core, w: number, load: boolean, type: number, d: number, n: number, m: number): Op {
  const size = (type >>> 2) & 3, nstruct = (type & 3) + 1, ia = (w >>> 4) & 0xf;
  const eb = 1 << size;
  const index = ia >>> (size + 1);
  let inc = 1, alignment = 1;
  const lowBits = ia & ((2 << size) - 1); // index_align bits below the index
  switch (nstruct) {
    case 1:
      if (size === 0 ? lowBits !== 0 : size === 1 ? (ia & 2) !== 0 : (ia & 4) !== 0 || (lowBits !== 0 && lowBits !== 3)) {
        return undef(core);
      }
      alignment = size === 0 ? 1 : (ia & 1) ? eb : 1;
      break;
    case 2:
      if (size === 2 && (ia & 2)) return undef(core);
      inc = size !== 0 && (ia & (size === 1 ? 2 : 4)) ? 2 : 1;
      alignment = (ia & 1) ? 2 * eb : 1;
      break;
    case 3:
      if (size === 0 ? (ia & 1) : size === 1 ? (ia & 1) : (ia & 3)) return undef(core);
      inc = size !== 0 && (ia & (size === 1 ? 2 : 4)) ? 2 : 1;
      break;
    default:
      inc = size !== 0 && (ia & (size === 1 ? 2 : 4)) ? 2 : 1;
      if (size === 2) {
        const al = ia & 3;
        if (al === 3) return undef(core);
        alignment = al === 0 ? 1 : 4 << al;
      } else {
        alignment = (ia & 1) ? 4 * eb : 1;
      }
  }
  const offs: number[] = [];
  for (let k = 0; k < nstruct; k++) offs.push(8 * (d + k * inc) + index * eb);
  const top = d + (nstruct - 1) * inc;
  if (top > 31) return undef(core);
  return transfer(core, w, load, { offs, ebytes: eb, align: alignment, size: nstruct * eb, top }, n, m, 0);
}

function decodeAllLanes(core: Core, w: number, type: number, d: number, n: number, m: number): Op {
  const v = core.vfp;
  const nstruct = (type & 3) + 1, size = (w >>> 6) & 3, t = (w >>> 5) & 1, a = (w >>> 4) & 1;
  let eb = 1 << size, alignment = 1, regsPer = 1, inc = 1;
  switch (nstruct) {
    case 1:
      if (size === 3 || (size === 0 && a)) return undef(core);
      regsPer = t ? 2 : 1;
      alignment = a ? eb : 1;
      break;
    case 2:
      if (size === 3) return undef(core);
      inc = t ? 2 : 1;
      alignment = a ? 2 * eb : 1;
      break;
    case 3:
      if (size === 3 || a) return undef(core);
      inc = t ? 2 : 1;
      break;
    default:
      inc = t ? 2 : 1;
      if (size === 3) { if (!a) return undef(core); eb = 4; alignment = 16; } else alignment = a ? (size === 2 ? 8 : 4 * eb) : 1;
  }
  const top = d + (nstruct - 1) * inc + regsPer - 1;
  if (top > 31) return undef(core);
  // Load each element into lane 0 of its first register, then replicate.
  const offs: number[] = [];
  for (let k = 0; k < nstruct; k++) offs.push(8 * (d + k * inc));
  const xb = v.xb;
  const replicate = (): void => {
    for (let k = 0; k < nstruct; k++) {
      const base = 8 * (d + k * inc);
      for (let r = 0; r < regsPer; r++) {
        for (let i = (r === 0 ? eb : 0); i < 8; i++) xb[base + 8 * r + i] = xb[base + (i % eb)];
      }
    }
  };
  return transfer(core, w, true, { offs, ebytes: eb, align: alignment, size: nstruct * eb, top }, n, m, 0, replicate);
}

/**
 * The memory side of every form: alignment check, element accesses, writeback
 * (Rm = 15: none, 13: by the transfer size, else by R[m]). `words` > 0 marks a
 * VLD1/VST1 of whole registers, which may move words directly; `after` runs
 * once the elements are loaded (VLDn to all lanes replicates them).
 */
function transfer(core: Core, w: number, load: boolean, plan: Plan, n: number, m: number, words: number,
  after?: () => void): Op {
  const R = core.R;
  const v = core.vfp;
  const xb = v.xb, xh = v.xh, xw = v.xw;
  const { offs, ebytes, align, size, top } = plan;
  const count = offs.length;
  const first = offs[0];
  const wb = m !== 15, byReg = m !== 13 && m !== 15;
  const amask = align - 1;
  return simd(core, w, top, () => {
    const base = R[n];
    if ((base & amask) !== 0) core.alignmentFault(base, !load);
    const be = (core.psrCtl & PSR_E) !== 0;
    if (words > 0 && (base & 3) === 0 && !be) {
      const w0 = first >>> 2;
      if (load) for (let i = 0; i < words; i++) xw[w0 + i] = core.ld32((base + 4 * i) >>> 0);
      else for (let i = 0; i < words; i++) core.st32((base + 4 * i) >>> 0, xw[w0 + i]);
    } else {
      let a = base;
      for (let k = 0; k < count; k++, a = (a + ebytes) >>> 0) {
        const o = offs[k];
        switch (ebytes) {
          case 1: if (load) xb[o] = core.ld8(a); else core.st8(a, xb[o]); break;
          case 2: if (load) xh[o >>> 1] = core.ld16(a); else core.st16(a, xh[o >>> 1]); break;
          case 4: if (load) xw[o >>> 2] = core.ld32(a); else core.st32(a, xw[o >>> 2]); break;
          default: {
            if ((a & 7) !== 0 && core.strictAlignment()) core.alignmentFault(a, !load);
            const lo = o >>> 2, hi = lo + 1;
            const a2 = (a + 4) >>> 0;
            if (load) {
              const w1 = core.ld32(a), w2 = core.ld32(a2);
              xw[be ? hi : lo] = w1; xw[be ? lo : hi] = w2;
            } else {
              core.st32(a, xw[be ? hi : lo]); core.st32(a2, xw[be ? lo : hi]);
            }
          }
        }
      }
    }
    if (after !== undefined) after();
    if (wb) R[n] = byReg ? base + R[m] : base + size;
  });
}
