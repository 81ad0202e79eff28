// Wrappers that put the enable checks (and the short-vector check) in front
// of a decoded floating-point or Advanced SIMD operation. The common case —
// unit enabled, full CPACR access, no HCPTR trap — is tested inline with the
// instruction's masks captured as constants; anything else takes the full
// check in access.ts.

import type { Core, Op } from '../core.js';
import { accessMasks, vfpAccess } from './access.js';
import { FPSCR_LEN, FPSCR_STRIDE } from './state.js';

const CP10_11 = 0x00f00000, NS_CP10_11 = 0x0c00;

/** Runs `body` when the unit may be used (`use`: USE_* flags); cond is the A32 condition field. */
export function guarded(core: Core, w: number, use: number, body: Op): Op {
  const k = accessMasks(use);
  const cond = w >>> 28;
  const v = core.vfp, cp = core.cp15, sec = core.hasSecurity;
  const fpexcMask = k.fpexcMask, cpacrMask = k.cpacrMask, hcptrMask = k.hcptrMask, nsacrMask = k.nsacrMask;
  return () => {
    if (((v.fpexc & fpexcMask) === fpexcMask && (cp.cpacr & cpacrMask) === CP10_11 && (cp.hcptr & hcptrMask) === 0 &&
      (!sec || (cp.nsacr & nsacrMask) === NS_CP10_11)) || vfpAccess(core, k, cond)) body();
  };
}

/**
 * As guarded, for the VFP operations that FPSCR.LEN/STRIDE would make short
 * vector operations: a core without short vectors treats them as UNDEFINED
 * when either field is nonzero (as QEMU's cortex-a15 does).
 */
export function guardedScalar(core: Core, w: number, use: number, body: Op): Op {
  const k = accessMasks(use);
  const cond = w >>> 28;
  const v = core.vfp, cp = core.cp15, sec = core.hasSecurity;
  const fpexcMask = k.fpexcMask, cpacrMask = k.cpacrMask, hcptrMask = k.hcptrMask, nsacrMask = k.nsacrMask;
  return () => {
    if ((v.fpscr & (FPSCR_LEN | FPSCR_STRIDE)) !== 0) { core.undefinedInstruction(); return; }
    if (((v.fpexc & fpexcMask) === fpexcMask && (cp.cpacr & cpacrMask) === CP10_11 && (cp.hcptr & hcptrMask) === 0 &&
      (!sec || (cp.nsacr & nsacrMask) === NS_CP10_11)) || vfpAccess(core, k, cond)) body();
  };
}
