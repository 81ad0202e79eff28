// Translation with the Long-descriptor format (LPAE; ARM ARM B3.6): the common
// table walk (levels 1-3, 4 KiB granule, 64-bit descriptors, up to 40-bit
// addresses) and the stage 1 regimes that use it: PL1&0 with TTBCR.EAE = 1
// (TTBR0/TTBR1 split by T0SZ/T1SZ, EPD0/EPD1) and the Hyp mode regime (HTTBR,
// HTCR). Blocks and pages carry AP[2:1], XN, PXN, AF, AttrIndx (MAIR), SH, NS
// and nG; table descriptors APTable, XNTable, PXNTable and NSTable. nG is
// ignored: the core's TLB is flushed on every context change.

import { ACC_EXEC, ACC_USER, ACC_WRITE } from '../cpu/memory.js';
import { F_ACCESS_FLAG, F_PERMISSION, F_TRANSLATION } from './faults.js';
import type { Mmu } from './mmu.js';
import type { WalkResult } from './walk-result.js';

/** 2^n for n = 0..40 (addresses above 32 bits are plain numbers). */
const POW2: number[] = [];
for (let i = 0; i <= 40; i++) POW2.push(2 ** i);

const TWO32 = 0x100000000;

// Table descriptor attributes, in the high word (descriptor bits 59-63).
const PXN_TABLE = 1 << 27, XN_TABLE = 1 << 28, AP_TABLE0 = 1 << 29, AP_TABLE1 = 1 << 30, NS_TABLE = 1 << 31;
// Block/page attributes in the high word (bits 53 and 54).
const HI_PXN = 1 << 21, HI_XN = 1 << 22;
// Lower attributes.
const LO_AF = 1 << 10, LO_NS = 1 << 5;

const SCTLR_WXN = 1 << 19, SCTLR_UWXN = 1 << 20;
const TTBCR_EPD0 = 1 << 7, TTBCR_EPD1 = 1 << 23;

/** Lowest input address bit resolved at each level (index 1..3). */
const LOW_BIT = [39, 30, 21, 12];

/**
 * Walks long-descriptor tables for input address `ia` from the table at `base`,
 * starting at `level` with an `inputSize`-bit input address. On success the final
 * block/page descriptor is in r.descLo/descHi, r.level its level, r.out the output
 * address, and the table attributes gathered on the way are returned in the high-word
 * positions of PXNTable..NSTable (0 when none). Returns -1 on a fault (recorded in r).
 * `stage1` selects whether descriptor reads go through stage 2 (Mmu.walkRead).
 */
export function walkTables(m: Mmu, r: WalkResult, ia: number, base: number, level: number, inputSize: number,
  stage1: boolean): number {
  let lowBit = LOW_BIT[level];
  let index = Math.floor(ia / POW2[lowBit]) % POW2[inputSize - lowBit];
  let tableAttrs = 0;
  for (;;) {
    const addr = base + index * 8;
    if (!(stage1 ? m.walkRead(r, addr, level, true) : m.readDescriptor(r, addr, level, true, m.s2Big))) return -1;
    const lo = m.dLo, hi = m.dHi;
    if ((lo & 1) === 0 || (level === 3 && (lo & 2) === 0)) { r.fail(F_TRANSLATION, level); return -1; }
    if (level < 3 && (lo & 2) !== 0) { // table
      base = (hi & 0xff) * TWO32 + ((lo & 0xfffff000) >>> 0);
      tableAttrs |= hi & (PXN_TABLE | XN_TABLE | AP_TABLE0 | AP_TABLE1 | NS_TABLE);
      level++;
      lowBit -= 9;
      index = Math.floor(ia / POW2[lowBit]) % 512;
      continue;
    }
    // Block (levels 1 and 2) or page (level 3).
    r.descLo = lo;
    r.descHi = hi;
    r.level = level;
    r.out = (hi & 0xff) * TWO32 + ((((lo >>> lowBit) << lowBit) >>> 0) + (ia % POW2[lowBit]));
    return tableAttrs >>> 0;
  }
}

/**
 * Stage 1 of the PL1&0 regime of bank `b` (0 Secure, 1 Non-secure) with TTBCR.EAE = 1:
 * walk, access flag and permission checks for `acc` (ACC_*). Returns false on a fault.
 */
export function walkLongPl1(m: Mmu, r: WalkResult, va: number, acc: number, b: number): boolean {
  const cp = m.core.cp15;
  const ttbcr = cp.ttbcrB[b];
  const t0sz = ttbcr & 7, t1sz = (ttbcr >>> 16) & 7;
  let size = -1, lo = 0, hi = 0, disabled = false;
  if (t0sz === 0 || (va >>> (32 - t0sz)) === 0) {
    size = t0sz; lo = cp.ttbr0B[b * 2]; hi = cp.ttbr0B[b * 2 + 1]; disabled = (ttbcr & TTBCR_EPD0) !== 0;
  }
  // TTBR1 covers the top of the address space; with T1SZ = 0 everything TTBR0 does not.
  if ((t1sz === 0 && size < 0) || (t1sz !== 0 && ((va >>> (32 - t1sz)) ^ ((1 << t1sz) - 1)) === 0)) {
    size = t1sz; lo = cp.ttbr1B[b * 2]; hi = cp.ttbr1B[b * 2 + 1]; disabled = (ttbcr & TTBCR_EPD1) !== 0;
  }
  if (size < 0 || disabled) return r.fail(F_TRANSLATION, 1);
  const tableAttrs = walkFrom(m, r, va, size, lo, hi);
  if (tableAttrs < 0) return false;
  const dlo = r.descLo, dhi = r.descHi;
  r.attr = (dlo >>> 2) & 7;
  r.sh = (dlo >>> 8) & 3;
  r.ns = b === 0 ? ((dlo & LO_NS) !== 0 || (tableAttrs & NS_TABLE) !== 0 ? 1 : 0) : 1;
  if ((dlo & LO_AF) === 0) return r.fail(F_ACCESS_FLAG, r.level);

  // AP[2] (bit 7): read-only; AP[1] (bit 6): PL0 access. APTable[1]/[0] take away write/PL0 access.
  const readOnly = (dlo & 0x80) !== 0 || (tableAttrs & AP_TABLE1) !== 0;
  const userOk = (dlo & 0x40) !== 0 && (tableAttrs & AP_TABLE0) === 0;
  const user = (acc & ACC_USER) !== 0;
  if (user && !userOk) return r.fail(F_PERMISSION, r.level);
  if (acc & ACC_EXEC) {
    const sctlr = cp.sctlrB[b];
    if ((dhi & HI_XN) || (tableAttrs & XN_TABLE)) return r.fail(F_PERMISSION, r.level);
    if (!user) {
      if ((dhi & HI_PXN) || (tableAttrs & PXN_TABLE)) return r.fail(F_PERMISSION, r.level);
      if ((sctlr & SCTLR_UWXN) && userOk && !readOnly) return r.fail(F_PERMISSION, r.level);
    }
    if ((sctlr & SCTLR_WXN) && !readOnly) return r.fail(F_PERMISSION, r.level);
    return true;
  }
  if ((acc & ACC_WRITE) && readOnly) return r.fail(F_PERMISSION, r.level);
  return true;
}

/**
 * Stage 1 of the Hyp mode regime (HSCTLR.M = 1): HTTBR with HTCR.T0SZ, AP[2] read-only
 * (AP[1] and PXN are not used), XN and XNTable, HSCTLR.WXN. Returns false on a fault.
 */
export function walkLongHyp(m: Mmu, r: WalkResult, va: number, acc: number): boolean {
  const cp = m.core.cp15;
  const t0sz = cp.htcr & 7;
  if (t0sz !== 0 && (va >>> (32 - t0sz)) !== 0) return r.fail(F_TRANSLATION, 1);
  const tableAttrs = walkFrom(m, r, va, t0sz, cp.httbr[0], cp.httbr[1]);
  if (tableAttrs < 0) return false;
  const dlo = r.descLo, dhi = r.descHi;
  r.attr = (dlo >>> 2) & 7;
  r.sh = (dlo >>> 8) & 3;
  r.ns = 1;
  if ((dlo & LO_AF) === 0) return r.fail(F_ACCESS_FLAG, r.level);
  const readOnly = (dlo & 0x80) !== 0 || (tableAttrs & AP_TABLE1) !== 0;
  if (acc & ACC_EXEC) {
    if ((dhi & HI_XN) || (tableAttrs & XN_TABLE)) return r.fail(F_PERMISSION, r.level);
    if ((cp.hsctlr & SCTLR_WXN) && !readOnly) return r.fail(F_PERMISSION, r.level);
    return true;
  }
  if ((acc & ACC_WRITE) && readOnly) return r.fail(F_PERMISSION, r.level);
  return true;
}

/**
 * A stage 1 walk of a 32-bit VA from a 64-bit TTBR value (lo, hi) for TxSZ = `txsz`: the
 * walk starts at level 1 for TxSZ 0-1, else at level 2; the table is aligned to its size.
 */
function walkFrom(m: Mmu, r: WalkResult, va: number, txsz: number, lo: number, hi: number): number {
  const level = txsz <= 1 ? 1 : 2;
  const align = level === 1 ? 5 - txsz : 14 - txsz; // lowest bit of the table address
  const base = (hi & 0xff) * TWO32 + ((((lo >>> align) << align) >>> 0));
  return walkTables(m, r, va, base, level, 32 - txsz, true);
}

/** MAIR attribute byte `index` (0-7) from MAIR0/MAIR1. */
export function mairAttr(mair0: number, mair1: number, index: number): number {
  return ((index < 4 ? mair0 : mair1) >>> (8 * (index & 3))) & 0xff;
}
