// T32 (Thumb-2) decoder: maps a 16-bit instruction (hw2 unused) or a 32-bit
// instruction (hw1, hw2) to an Op specialised for one core (ARM ARM A6).
// `inIT` says the instruction sits inside an IT block: 16-bit data-processing
// encodings then do not set flags, and conditions come from ITSTATE (the core
// checks them before calling the op).

import type { Core, Op } from '../core.js';

export function decodeT32(core: Core, hw1: number, hw2: number, inIT: boolean): Op {
  void hw1; void hw2; void inIT;
  return () => {
    const at = (core.currentPc >>> 0).toString(16).padStart(8, '0');
    throw new Error(`core ${core.index}: Thumb instruction at 0x${at} is not implemented yet`);
  };
}
