// Extension register loads and stores (ARM ARM A7.6): VLDR, VSTR, VLDM,
// VSTM, VPUSH, VPOP. Word accesses are alignment checked (MemA) whatever
// SCTLR.A says; doubles are two words, the low one first on a little-endian
// data view. Writeback happens after the transfers, so an aborted VLDM/VSTM
// leaves the base register as it was.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { PSR_E } from '../psr.js';
import { guarded } from './guard.js';
import { USE_HIGH } from './access.js';

export function decodeVfpLoadStore(core: Core, w: number): Op {
  const p = (w >>> 24) & 1, u = (w >>> 23) & 1, wb = (w >>> 21) & 1;
  if (p === 1 && wb === 0) return decodeVldrVstr(core, w);
  if (p === u) return undef(core); // P=U=1 with writeback, P=U=0: UNDEFINED
  return decodeMultiple(core, w);
}

function decodeVldrVstr(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const u = (w >>> 23) & 1, l = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf;
  const dbl = (w >>> 8) & 1;
  const D = (w >>> 22) & 1, Vd = (w >>> 12) & 0xf;
  const imm = (w & 0xff) << 2;
  const off = u ? imm : -imm;
  const d = dbl ? (D << 4) | Vd : (Vd << 1) | D;
  const use = dbl && d >= 16 ? USE_HIGH : 0;
  const base = n === 15 ? () => R[15] & ~3 : () => R[n];
  if (!dbl) {
    return guarded(core, w, use, l
      ? () => { xw[d] = core.ld32a((base() + off) >>> 0); }
      : () => core.st32a((base() + off) >>> 0, xw[d]));
  }
  if (l) {
    return guarded(core, w, use, () => {
      const a = (base() + off) >>> 0;
      const w1 = core.ld32a(a), w2 = core.ld32a((a + 4) >>> 0);
      if (core.psrCtl & PSR_E) { xw[2 * d] = w2; xw[2 * d + 1] = w1; } else { xw[2 * d] = w1; xw[2 * d + 1] = w2; }
    });
  }
  if (n === 15) return undef(core); // VSTR to a PC-relative address (A32: UNPREDICTABLE)
  return guarded(core, w, use, () => {
    const a = (base() + off) >>> 0;
    const be = (core.psrCtl & PSR_E) !== 0;
    core.st32a(a, be ? xw[2 * d + 1] : xw[2 * d]);
    core.st32a((a + 4) >>> 0, be ? xw[2 * d] : xw[2 * d + 1]);
  });
}

/** VLDM/VSTM IA (with or without writeback) and DB (writeback only); VPUSH/VPOP are these on SP. */
function decodeMultiple(core: Core, w: number): Op {
  const R = core.R;
  const xw = core.vfp.xw;
  const u = (w >>> 23) & 1, wb = (w >>> 21) & 1, l = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf;
  const dbl = (w >>> 8) & 1;
  const D = (w >>> 22) & 1, Vd = (w >>> 12) & 0xf;
  const imm8 = w & 0xff;
  const bytes = imm8 << 2;
  if (n === 15 && wb) return undef(core);
  let first: number, count: number;
  if (dbl) {
    first = (D << 4) | Vd;
    count = imm8 >>> 1; // an odd imm8 is FLDMX/FSTMX: one more word of address range
    if (count === 0 || count > 16 || first + count > 32) return undef(core);
  } else {
    first = (Vd << 1) | D;
    count = imm8;
    if (count === 0 || first + count > 32) return undef(core);
  }
  const use = dbl && first + count > 16 ? USE_HIGH : 0;
  const words = dbl ? count * 2 : count;
  // Word index in xw of the k-th transferred word.
  const wi0 = dbl ? 2 * first : first;
  const start = u ? () => (n === 15 ? R[15] & ~3 : R[n]) : () => R[n] - bytes;
  const after = (): void => { if (wb) R[n] = u ? R[n] + bytes : R[n] - bytes; };
  if (l) {
    return guarded(core, w, use, () => {
      let a = start() >>> 0;
      const be = dbl && (core.psrCtl & PSR_E) !== 0;
      for (let k = 0; k < words; k++, a = (a + 4) >>> 0) xw[wi0 + (be ? k ^ 1 : k)] = core.ld32a(a);
      after();
    });
  }
  return guarded(core, w, use, () => {
    let a = start() >>> 0;
    const be = dbl && (core.psrCtl & PSR_E) !== 0;
    for (let k = 0; k < words; k++, a = (a + 4) >>> 0) core.st32a(a, xw[wi0 + (be ? k ^ 1 : k)]);
    after();
  });
}
