// Stage 1 translation with the Short-descriptor format (TTBCR.EAE = 0; ARM ARM
// B3.5): TTBR0/TTBR1 split by TTBCR.N, first-level sections, 16 MiB
// supersections and page tables, second-level 64 KiB large and 4 KiB small
// pages, domains (DACR), the AP[2:0] permission model (simplified with
// SCTLR.AFE, AP[0] then being the access flag), XN and PXN, SCTLR.WXN/UWXN.
// TEX remap and cacheability only matter for the PAR; the NS bit only for the
// PAR of Secure translations (there is one physical address space).

import { ACC_EXEC, ACC_USER, ACC_WRITE } from '../cpu/memory.js';
import { F_ACCESS_FLAG, F_DOMAIN, F_PERMISSION, F_TRANSLATION } from './faults.js';
import type { Mmu } from './mmu.js';
import type { WalkResult } from './walk-result.js';

const SCTLR_AFE = 1 << 29;
const SCTLR_WXN = 1 << 19;
const SCTLR_UWXN = 1 << 20;

/** TTBCR (short format): PD0 and PD1 disable walks through TTBR0/TTBR1. */
const TTBCR_PD0 = 1 << 4, TTBCR_PD1 = 1 << 5;

// Access permissions per AP[2:0]: bit 0 PL1 read, 1 PL1 write, 2 PL0 read, 3 PL0 write.
const P_R = 1, P_W = 2, U_R = 4, U_W = 8;
const AP_PERMS = [
  0, // 000: no access
  P_R | P_W, // 001: PL1 read/write
  P_R | P_W | U_R, // 010: PL1 read/write, PL0 read-only
  P_R | P_W | U_R | U_W, // 011: full access
  0, // 100: reserved
  P_R, // 101: PL1 read-only
  P_R | U_R, // 110: read-only (deprecated encoding)
  P_R | U_R, // 111: read-only
];

/**
 * Walks the short-descriptor tables of security bank `b` (0 Secure, 1 Non-secure) for
 * `va` and checks the access `acc` (ACC_*). Fills `r`; returns false on a fault.
 */
export function walkShort(m: Mmu, r: WalkResult, va: number, acc: number, b: number): boolean {
  const cp = m.core.cp15;
  const ttbcr = cp.ttbcrB[b];
  const n = ttbcr & 7;
  let l1addr: number;
  if (n === 0 || (va >>> (32 - n)) === 0) {
    if (ttbcr & TTBCR_PD0) return r.fail(F_TRANSLATION, 1);
    const base = cp.ttbr0B[b * 2] & ~((1 << (14 - n)) - 1);
    l1addr = (base | (((va << n) >>> (n + 20)) << 2)) >>> 0;
  } else {
    if (ttbcr & TTBCR_PD1) return r.fail(F_TRANSLATION, 1);
    l1addr = ((cp.ttbr1B[b * 2] & 0xffffc000) | ((va >>> 20) << 2)) >>> 0;
  }
  if (!m.walkRead(r, l1addr, 1, false)) return false;
  const d1 = m.dLo;
  const secure = b === 0;

  let desc: number, level: number, domain: number, ap: number, xn: number, pxn: number, texcb: number, s: number;
  let ns = 1;
  let out: number;
  switch (d1 & 3) {
    case 0:
      return r.fail(F_TRANSLATION, 1);
    case 1: { // page table
      domain = (d1 >>> 5) & 0xf;
      r.domain = domain;
      pxn = (d1 >>> 2) & 1;
      if (secure) ns = (d1 >>> 3) & 1;
      const l2addr = ((d1 & 0xfffffc00) | (((va >>> 12) & 0xff) << 2)) >>> 0;
      if (!m.walkRead(r, l2addr, 2, false)) return false;
      desc = m.dLo;
      level = 2;
      if ((desc & 3) === 0) return r.fail(F_TRANSLATION, 2);
      if ((desc & 2) === 0) { // large page (64 KiB)
        out = ((desc & 0xffff0000) | (va & 0xffff)) >>> 0;
        xn = (desc >>> 15) & 1;
        texcb = (((desc >>> 12) & 7) << 2) | ((desc >>> 2) & 3);
      } else { // small page (4 KiB)
        out = ((desc & 0xfffff000) | (va & 0xfff)) >>> 0;
        xn = desc & 1;
        texcb = (((desc >>> 6) & 7) << 2) | ((desc >>> 2) & 3);
      }
      ap = ((desc >>> 7) & 4) | ((desc >>> 4) & 3);
      s = (desc >>> 10) & 1;
      break;
    }
    default: { // section or supersection; bit 0 is PXN
      desc = d1;
      level = 1;
      pxn = d1 & 1;
      xn = (d1 >>> 4) & 1;
      ap = ((d1 >>> 13) & 4) | ((d1 >>> 10) & 3);
      texcb = (((d1 >>> 12) & 7) << 2) | ((d1 >>> 2) & 3);
      s = (d1 >>> 16) & 1;
      if (secure) ns = (d1 >>> 19) & 1;
      if ((d1 & (1 << 18)) === 0) {
        domain = (d1 >>> 5) & 0xf;
        out = ((d1 & 0xfff00000) | (va & 0xfffff)) >>> 0;
      } else {
        // Supersection: domain 0; PA[35:32] in bits 23:20, PA[39:36] in bits 8:5.
        domain = 0;
        const hi = ((d1 >>> 20) & 0xf) | (((d1 >>> 5) & 0xf) << 4);
        out = hi * 0x100000000 + (((d1 & 0xff000000) | (va & 0xffffff)) >>> 0);
        r.supersection = true;
      }
      r.domain = domain;
      break;
    }
  }
  r.descLo = desc;
  r.attr = texcb;
  r.sh = s;
  r.ns = ns;
  r.out = out;
  r.level = level;

  const sctlr = cp.sctlrB[b];
  if (sctlr & SCTLR_AFE) {
    if ((ap & 1) === 0) return r.fail(F_ACCESS_FLAG, level);
    ap |= 1; // simplified model: AP[2:1] only
  }

  switch ((cp.dacrB[b] >>> (2 * domain)) & 3) {
    case 1: break; // client: check the permissions
    case 3: return true; // manager: no permission (nor execute-never) checks
    default: return r.fail(F_DOMAIN, level); // no access (and the reserved encoding)
  }

  const perms = AP_PERMS[ap];
  const user = (acc & ACC_USER) !== 0;
  if (acc & ACC_EXEC) {
    if ((perms & (user ? U_R : P_R)) === 0 || xn) return r.fail(F_PERMISSION, level);
    if (!user) {
      if (pxn) return r.fail(F_PERMISSION, level);
      if ((sctlr & SCTLR_UWXN) && (perms & U_W)) return r.fail(F_PERMISSION, level);
    }
    if ((sctlr & SCTLR_WXN) && (perms & (user ? U_W : P_W))) return r.fail(F_PERMISSION, level);
    return true;
  }
  const need = user ? ((acc & ACC_WRITE) ? U_W : U_R) : ((acc & ACC_WRITE) ? P_W : P_R);
  if ((perms & need) === 0) return r.fail(F_PERMISSION, level);
  return true;
}
