// Transfers between core and extension registers (ARM ARM A7.8, A7.9):
// VMOV core <-> single, core <-> scalar, two cores <-> double or two singles,
// VDUP from a core register, and VMRS/VMSR with the system registers.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { MODE_USR } from '../psr.js';
import { EC_CP10_ID, HCR_TID0, HCR_TID3, takeHypTrap, trappable } from '../hyp-traps.js';
import { guarded } from './guard.js';
import { NO_FPEXC, USE_HIGH, USE_SIMD } from './access.js';
import { FPEXC_WRITABLE, FPSCR_WRITABLE } from './state.js';

/** Floating-point identification registers (as QEMU 7.2 reports them for these parts). */
export interface VfpIds { fpsid: number; mvfr0: number; mvfr1: number }

const IDS: Record<string, VfpIds> = {
  'cortex-a15': { fpsid: 0x410430f0, mvfr0: 0x10110222, mvfr1: 0x11111111 },
  'cortex-a7': { fpsid: 0x41023075, mvfr0: 0x10110222, mvfr1: 0x11111111 },
};

export function vfpIds(core: Core): VfpIds {
  return IDS[core.cp15.model.name] ?? IDS['cortex-a15'];
}

// VMRS/VMSR register numbers
const FPSID = 0, FPSCR = 1, MVFR1 = 6, MVFR0 = 7, FPEXC = 8;

/** A7.8: 8, 16 and 32-bit transfers (bit 4 = 1 in the CP10/CP11 data-processing space). */
export function decodeVfpTransfer(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const l = (w >>> 20) & 1, c = (w >>> 8) & 1, a = (w >>> 21) & 7;
  const t = (w >>> 12) & 0xf;
  if (c === 0) {
    if (a === 0) { // VMOV Sn <-> Rt
      const n = (((w >>> 16) & 0xf) << 1) | ((w >>> 7) & 1);
      if (t === 15) return undef(core);
      return guarded(core, w, 0, l ? () => { R[t] = xw[n]; } : () => { xw[n] = R[t]; });
    }
    if (a === 7) return l ? decodeVmrs(core, w) : decodeVmsr(core, w);
    return undef(core);
  }
  if (l === 0) {
    if ((a & 4) === 0) return decodeToScalar(core, w);
    return decodeVdup(core, w);
  }
  return decodeFromScalar(core, w);
}

/** VMOV.<size> Dd[x], Rt. */
function decodeToScalar(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const d = (((w >>> 7) & 1) << 4) | ((w >>> 16) & 0xf);
  const t = (w >>> 12) & 0xf;
  const oc = (((w >>> 21) & 3) << 2) | ((w >>> 5) & 3);
  if (t === 15) return undef(core);
  const use = d >= 16 ? USE_HIGH : 0;
  if (oc & 8) { // 8-bit, index opc1<0>:opc2
    const idx = oc & 7, word = 2 * d + (idx >> 2), sh = (idx & 3) * 8;
    return guarded(core, w, use | USE_SIMD, () => {
      xw[word] = ((xw[word] & ~(0xff << sh)) | ((R[t] & 0xff) << sh)) >>> 0;
    });
  }
  if (oc & 1) { // 16-bit, index opc1<0>:opc2<1>
    const idx = ((oc >> 2) & 1) << 1 | ((oc >> 1) & 1), word = 2 * d + (idx >> 1), sh = (idx & 1) * 16;
    return guarded(core, w, use | USE_SIMD, () => {
      xw[word] = ((xw[word] & ~(0xffff << sh)) | ((R[t] & 0xffff) << sh)) >>> 0;
    });
  }
  if (oc & 2) return undef(core);
  const word = 2 * d + ((oc >> 2) & 1);
  return guarded(core, w, use, () => { xw[word] = R[t]; });
}

/** VMOV.<dt> Rt, Dn[x]. */
function decodeFromScalar(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const n = (((w >>> 7) & 1) << 4) | ((w >>> 16) & 0xf);
  const t = (w >>> 12) & 0xf;
  const u = (w >>> 23) & 1;
  const oc = (((w >>> 21) & 3) << 2) | ((w >>> 5) & 3);
  if (t === 15) return undef(core);
  const use = n >= 16 ? USE_HIGH : 0;
  if (oc & 8) {
    const idx = oc & 7, word = 2 * n + (idx >> 2), sh = (idx & 3) * 8;
    return guarded(core, w, use | USE_SIMD, u
      ? () => { R[t] = (xw[word] >>> sh) & 0xff; }
      : () => { R[t] = ((xw[word] >>> sh) << 24) >> 24; });
  }
  if (oc & 1) {
    const idx = ((oc >> 2) & 1) << 1 | ((oc >> 1) & 1), word = 2 * n + (idx >> 1), sh = (idx & 1) * 16;
    return guarded(core, w, use | USE_SIMD, u
      ? () => { R[t] = (xw[word] >>> sh) & 0xffff; }
      : () => { R[t] = ((xw[word] >>> sh) << 16) >> 16; });
  }
  if ((oc & 2) || u) return undef(core);
  const word = 2 * n + ((oc >> 2) & 1);
  return guarded(core, w, use, () => { R[t] = xw[word]; });
}

/** VDUP.<size> Qd/Dd, Rt. */
function decodeVdup(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const d = (((w >>> 7) & 1) << 4) | ((w >>> 16) & 0xf);
  const t = (w >>> 12) & 0xf;
  const q = (w >>> 21) & 1;
  const be = (((w >>> 22) & 1) << 1) | ((w >>> 5) & 1);
  if (t === 15 || be === 3 || (q && (d & 1)) || (w & 0x40)) return undef(core);
  const words = q ? 4 : 2;
  const use = USE_SIMD | (d + (q ? 1 : 0) >= 16 ? USE_HIGH : 0);
  return guarded(core, w, use, () => {
    const x = R[t];
    const rep = be === 0 ? x : be === 1 ? (x & 0xffff) * 0x10001 : (x & 0xff) * 0x1010101;
    for (let i = 0; i < words; i++) xw[2 * d + i] = rep;
  });
}

/** A7.9: VMOV between two core registers and two singles or one double. */
export function decodeVfp64Transfer(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const toCore = (w >>> 20) & 1;
  const t2 = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  const dbl = (w >>> 8) & 1;
  if ((w & 0xd0) !== 0x10) return undef(core);
  if (t === 15 || t2 === 15 || (toCore && t === t2)) return undef(core);
  if (dbl) {
    const m = (((w >>> 5) & 1) << 4) | (w & 0xf);
    const use = m >= 16 ? USE_HIGH : 0;
    return guarded(core, w, use, toCore
      ? () => { R[t] = xw[2 * m]; R[t2] = xw[2 * m + 1]; }
      : () => { xw[2 * m] = R[t]; xw[2 * m + 1] = R[t2]; });
  }
  const m = ((w & 0xf) << 1) | ((w >>> 5) & 1);
  if (m === 31) return undef(core);
  return guarded(core, w, 0, toCore
    ? () => { R[t] = xw[m]; R[t2] = xw[m + 1]; }
    : () => { xw[m] = R[t]; xw[m + 1] = R[t2]; });
}

/** ISS of an MRC-style trap for VMRS of an ID register (EC 0x08). */
function idTrap(core: Core, w: number, reg: number, t: number): boolean {
  const hcr = core.cp15.hcr;
  const bit = reg === FPSID ? HCR_TID0 : HCR_TID3;
  if ((hcr & bit) === 0 || !trappable(core)) return false;
  const cond = core.thumb ? (core.itCur !== 0 ? core.itCur >>> 4 : 0xe) : w >>> 28;
  takeHypTrap(core, EC_CP10_ID, (1 << 24) | (cond << 20) | (7 << 14) | (reg << 10) | (t << 5) | 1);
  return true;
}

function decodeVmrs(core: Core, w: number): Op {
  const R = core.R;
  const v = core.vfp;
  const reg = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  if (reg === FPSCR) {
    if (t === 15) {
      return guarded(core, w, 0, () => {
        const x = v.fpscr;
        core.nf = x >>> 31; core.zf = (x >>> 30) & 1; core.cf = (x >>> 29) & 1; core.vf = (x >>> 28) & 1;
      });
    }
    return guarded(core, w, 0, () => { R[t] = v.fpscr; });
  }
  if (t === 15) return undef(core);
  const ids = vfpIds(core);
  let get: () => number;
  switch (reg) {
    case FPSID: get = () => ids.fpsid; break;
    case MVFR0: get = () => ids.mvfr0; break;
    case MVFR1: get = () => ids.mvfr1; break;
    case FPEXC: get = () => v.fpexc; break;
    default: return undef(core);
  }
  const system = guarded(core, w, NO_FPEXC, () => {
    if (reg !== FPEXC && idTrap(core, w, reg, t)) return;
    R[t] = get();
  });
  return () => { if (core.mode === MODE_USR) core.undefinedInstruction(); else system(); };
}

function decodeVmsr(core: Core, w: number): Op {
  const R = core.R;
  const v = core.vfp;
  const reg = (w >>> 16) & 0xf, t = (w >>> 12) & 0xf;
  if (t === 15) return undef(core);
  if (reg === FPSCR) return guarded(core, w, 0, () => { v.fpscr = (R[t] & FPSCR_WRITABLE) >>> 0; });
  let set: () => void;
  switch (reg) {
    case FPSID: set = () => {}; break; // read-only: writes ignored
    case FPEXC: set = () => { v.fpexc = (R[t] & FPEXC_WRITABLE) >>> 0; }; break;
    default: return undef(core);
  }
  const system = guarded(core, w, NO_FPEXC, set);
  return () => { if (core.mode === MODE_USR) core.undefinedInstruction(); else system(); };
}
