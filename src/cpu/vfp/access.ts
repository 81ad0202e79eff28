// Who may use the floating-point and Advanced SIMD unit (ARM ARM B1.14,
// CheckAdvSIMDOrVFPEnabled): NSACR in Non-secure state, CPACR outside Hyp
// mode, HCPTR in Non-secure state (a Hyp Trap with EC 0x07 from PL0/PL1, an
// Undefined Instruction in Hyp mode), and FPEXC.EN. Checked when an
// instruction executes, since all of these change without re-decoding.

import type { Core } from '../core.js';
import { MODE_HYP, MODE_USR } from '../psr.js';
import { takeHypTrap } from '../hyp-traps.js';
import { FPEXC_EN } from './state.js';

/** HSR exception class: CP10/CP11 (and Advanced SIMD) access trapped by HCPTR. */
export const EC_HCPTR = 0x07;

const CPACR_CP10_11 = 0x00f00000;
const CPACR_ASEDIS = 1 << 31;
const CPACR_D32DIS = 1 << 30;
const NSACR_CP10_11 = 0x0c00;
const NSACR_NSD32DIS = 1 << 14;
const NSACR_NSASEDIS = 1 << 15;
const HCPTR_TCP10_11 = 0x0c00;
const HCPTR_TASE = 1 << 15;

/** What an instruction uses: Advanced SIMD, D16-D31, and whether FPEXC.EN matters. */
export const USE_SIMD = 1, USE_HIGH = 2, NO_FPEXC = 4;

/** Decode-time masks for the fast check. */
export interface AccessMasks {
  readonly cpacrMask: number;
  readonly hcptrMask: number;
  readonly nsacrMask: number;
  readonly fpexcMask: number;
  readonly use: number;
}

export function accessMasks(use: number): AccessMasks {
  return {
    cpacrMask: CPACR_CP10_11 | ((use & USE_SIMD) ? CPACR_ASEDIS : 0) | ((use & USE_HIGH) ? CPACR_D32DIS : 0),
    hcptrMask: HCPTR_TCP10_11 | ((use & USE_SIMD) ? HCPTR_TASE : 0),
    nsacrMask: NSACR_CP10_11 | ((use & USE_SIMD) ? NSACR_NSASEDIS : 0) | ((use & USE_HIGH) ? NSACR_NSD32DIS : 0),
    fpexcMask: (use & NO_FPEXC) ? 0 : FPEXC_EN,
    use,
  };
}

/**
 * True when the instruction may execute; otherwise takes the Undefined
 * Instruction exception or the Hyp Trap and returns false. `cond` is the
 * A32 condition field (0xF for the unconditional Advanced SIMD space).
 */
export function vfpAccess(core: Core, k: AccessMasks, cond: number): boolean {
  const cp = core.cp15;
  if ((core.vfp.fpexc & k.fpexcMask) === k.fpexcMask && (cp.cpacr & k.cpacrMask) === CPACR_CP10_11 &&
    (cp.hcptr & k.hcptrMask) === 0 && (!core.hasSecurity || (cp.nsacr & k.nsacrMask) === NSACR_CP10_11)) {
    return true;
  }
  return slowAccess(core, k, cond);
}

function slowAccess(core: Core, k: AccessMasks, cond: number): boolean {
  const cp = core.cp15;
  const simd = (k.use & USE_SIMD) !== 0, high = (k.use & USE_HIGH) !== 0;
  const secure = core.isSecure();
  const hyp = core.mode === MODE_HYP;
  if (core.hasSecurity && !secure) {
    if ((cp.nsacr & NSACR_CP10_11) !== NSACR_CP10_11 || (simd && (cp.nsacr & NSACR_NSASEDIS)) ||
      (high && (cp.nsacr & NSACR_NSD32DIS))) return undefinedInsn(core);
  }
  if (!hyp) {
    const acc = (cp.cpacr >>> 20) & 0xf;
    if (acc !== 0xf && !(acc === 0x5 && core.mode !== MODE_USR)) return undefinedInsn(core);
    if ((simd && (cp.cpacr & CPACR_ASEDIS)) || (high && (cp.cpacr & CPACR_D32DIS))) return undefinedInsn(core);
  }
  if (core.hasVirtualization && !secure) {
    const tase = simd && (cp.hcptr & HCPTR_TASE) !== 0;
    if (tase || (cp.hcptr & HCPTR_TCP10_11) !== 0) {
      if (hyp) return undefinedInsn(core);
      const c = core.thumb ? (core.itCur !== 0 ? core.itCur >>> 4 : 0xe) : cond === 0xf ? 0xe : cond;
      takeHypTrap(core, EC_HCPTR, (1 << 24) | (c << 20) | (tase ? 1 << 5 : 0xa));
      return false;
    }
  }
  if ((core.vfp.fpexc & k.fpexcMask) !== k.fpexcMask) return undefinedInsn(core);
  return true;
}

function undefinedInsn(core: Core): false {
  core.undefinedInstruction();
  return false;
}
