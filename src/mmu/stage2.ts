// Stage 2 translation of the Non-secure PL1&0 regime (ARM ARM B3.6.5): IPA ->
// PA through VTTBR with VTCR.T0SZ (signed, IPA up to 40 bits) and VTCR.SL0
// (start at level 1 or 2, with concatenated first-level tables), long
// descriptors with S2AP[1:0] (bit 6 read, bit 7 write), XN, AF and MemAttr.
// Table descriptors carry no attributes at stage 2.

import { ACC_EXEC, ACC_WRITE } from '../cpu/memory.js';
import { F_ACCESS_FLAG, F_PERMISSION, F_TRANSLATION } from './faults.js';
import { walkTables } from './long-descriptor.js';
import type { Mmu } from './mmu.js';
import type { WalkResult } from './walk-result.js';

const TWO32 = 0x100000000;
const HI_XN = 1 << 22;
const LO_AF = 1 << 10;

/**
 * Translates `ipa` for the access `acc` (ACC_*; reads of stage 1 descriptors are
 * ACC_READ). Fills `r` (r.ipa is set for HPFAR); returns false on a stage 2 fault.
 */
export function walkStage2(m: Mmu, r: WalkResult, ipa: number, acc: number): boolean {
  const cp = m.core.cp15;
  const vtcr = cp.vtcr;
  const t0sz = ((vtcr & 0xf) << 28) >> 28; // signed 4-bit field
  const sl0 = (vtcr >>> 6) & 3;
  r.ipa = ipa;
  const inputSize = 32 - t0sz;
  // SL0 values that would need more than 16 concatenated tables, or less than one
  // index bit, are UNPREDICTABLE: they fault here.
  if (sl0 > 1 || (sl0 === 1 && t0sz > 1) || (sl0 === 0 && t0sz < -2) || ipa >= 2 ** inputSize) {
    return r.fail(F_TRANSLATION, 1);
  }
  const level = 2 - sl0;
  const align = 14 - t0sz - 9 * sl0; // lowest bit of the (possibly concatenated) first table
  const lo = cp.vttbr[0], hi = cp.vttbr[1];
  const base = (hi & 0xff) * TWO32 + (((lo >>> align) << align) >>> 0);
  if (walkTables(m, r, ipa, base, level, inputSize, false) < 0) return false;
  const dlo = r.descLo;
  r.attr = (dlo >>> 2) & 0xf;
  r.sh = (dlo >>> 8) & 3;
  r.ns = 1;
  if ((dlo & LO_AF) === 0) return r.fail(F_ACCESS_FLAG, r.level);
  const s2ap = (dlo >>> 6) & 3;
  if (acc & ACC_WRITE) {
    if ((s2ap & 2) === 0) return r.fail(F_PERMISSION, r.level);
  } else if ((s2ap & 1) === 0) {
    return r.fail(F_PERMISSION, r.level);
  }
  if ((acc & ACC_EXEC) && (r.descHi & HI_XN)) return r.fail(F_PERMISSION, r.level);
  return true;
}
