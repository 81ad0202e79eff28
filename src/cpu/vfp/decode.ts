// VFP (CP10/CP11) and Advanced SIMD instruction decoding (ARM ARM A7).
// Encodings are given in their A32 form; the T32 decoder converts its
// coprocessor and Advanced SIMD encodings to A32 words before calling in.
// The condition of conditional encodings is applied by the caller.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';
import { decodeVfpDataProc } from './dataproc.js';
import { decodeVfp64Transfer, decodeVfpTransfer } from './moves.js';
import { decodeVfpLoadStore } from './loadstore.js';
import { decodeSimdDataProc } from './simd.js';
import { decodeSimdLoadStore } from './simd-ls.js';

/** CP10/CP11 instructions: VFP data processing, VLDR/VSTR/VLDM/VSTM, VMOV core<->FP, VMRS/VMSR. */
export function decodeVfp(core: Core, w: number): Op {
  if (((w >>> 24) & 0xf) === 0xe) return (w & 0x10) ? decodeVfpTransfer(core, w) : decodeVfpDataProc(core, w);
  if (((w >>> 21) & 0x7f) === 0x62) return decodeVfp64Transfer(core, w);
  if (((w >>> 25) & 7) === 6) return decodeVfpLoadStore(core, w);
  return undef(core);
}

/** Advanced SIMD: A32 1111 001x (data processing) and 1111 0100 xxx0 (element/structure loads and stores). */
export function decodeAdvancedSimd(core: Core, w: number): Op {
  if (((w >>> 25) & 0x7f) === 0x79) return decodeSimdDataProc(core, w);
  if (((w >>> 24) & 0xff) === 0xf4 && ((w >>> 20) & 1) === 0) return decodeSimdLoadStore(core, w);
  return undef(core);
}
