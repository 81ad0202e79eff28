// VFP (CP10/CP11) and Advanced SIMD instruction decoding (ARM ARM A7).
// Encodings are given in their A32 form; the T32 decoder converts its
// coprocessor and Advanced SIMD encodings to A32 words before calling in.

import type { Core, Op } from '../core.js';
import { undef } from '../a32/system.js';

/** CP10/CP11 instructions: VFP data processing, VLDR/VSTR/VLDM/VSTM, VMOV core<->FP, VMRS/VMSR. */
export function decodeVfp(core: Core, _w: number): Op { return undef(core); }

/** Advanced SIMD: A32 1111 001x (data processing) and 1111 0100 xxx0 (element/structure loads and stores). */
export function decodeAdvancedSimd(core: Core, _w: number): Op { return undef(core); }
