// Media instructions (A5.4), saturating add/subtract (A5.2.6) and CLZ.
import type { Core, Op } from '../core.js';
import { undef } from './system.js';

/** Bits 27:25 = 011 and bit 4 = 1: parallel add/sub, pack/unpack/saturate/reverse, signed multiplies, USAD8, bitfield, UDF. */
export function decodeMedia(core: Core, _w: number): Op { return undef(core); }

/** QADD, QSUB, QDADD, QDSUB. */
export function decodeSaturatingAddSub(core: Core, _w: number): Op { return undef(core); }

/** CLZ. */
export function decodeClz(core: Core, _w: number): Op { return undef(core); }
