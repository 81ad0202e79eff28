// Pieces shared by the T32 decoders.

import type { Core, Op } from '../core.js';

export const nop: Op = () => {};

/** The operand getter handed to build() for forms that do not use it. */
export const noGet = (): number => 0;

/** NOP, YIELD, WFE, WFI, SEV (16-bit opA or 32-bit op2); DBG and unallocated hints are NOPs. */
export function hint(core: Core, op: number): Op {
  switch (op) {
    case 2: return () => core.wfe();
    case 3: return () => core.wfi();
    case 4: return () => core.sendEvent();
    default: return nop;
  }
}

/** Concatenated instruction word (hw1:hw2), for encodings shared with A32. */
export function word(hw1: number, hw2: number): number {
  return ((hw1 << 16) | hw2) >>> 0;
}
