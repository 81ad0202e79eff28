// Multiply and divide instructions (A5.2.5, A5.2.7, A5.4.4).
import type { Core, Op } from '../core.js';
import { undef } from './system.js';

/** MUL, MLA, UMAAL, MLS, UMULL, UMLAL, SMULL, SMLAL (bits 27:24 = 0000, bits 7:4 = 1001). */
export function decodeMultiply(core: Core, _w: number): Op { return undef(core); }

/** SMLAxy, SMLAWy, SMULWy, SMLALxy, SMULxy (bits 27:23 = 00010, bit 20 = 0, bits 7,4 = 1,0). */
export function decodeHalfwordMultiply(core: Core, _w: number): Op { return undef(core); }
