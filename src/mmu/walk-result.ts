// The outcome of one translation stage, filled in place by the table walkers
// (one instance per stage and per Mmu, so that walks allocate nothing).

import { F_NONE } from './faults.js';

export class WalkResult {
  /** F_* fault kind; F_NONE when the translation succeeded. */
  fault = F_NONE;
  /** Lookup level of the fault, or of the descriptor that gave the output address (0: no walk). */
  level = 0;
  /** Short-descriptor domain (DFSR.Domain); 0 when not known. */
  domain = 0;
  /** Output address (PA, or IPA for a stage 1 followed by stage 2): up to 40 bits. */
  out = 0;
  /** The final descriptor (high word 0 for short descriptors); 0 when translation is off. */
  descLo = 0;
  descHi = 0;
  /** Short: TEX[2:0]:C:B. Long stage 1: AttrIndx. Stage 2: MemAttr[3:0]. */
  attr = 0;
  /** Short: the S bit. Long: SH[1:0]. */
  sh = 0;
  /** Output NS attribute (1 for Non-secure translation regimes). */
  ns = 1;
  /** Short descriptors: the output is a 16 MiB supersection. */
  supersection = false;
  /** Stage 2 faults: the IPA that faulted, and whether it was a stage 1 walk's descriptor read. */
  ipa = 0;
  s1ptw = false;

  /** Starts a new translation of this stage. */
  reset(): void {
    this.fault = F_NONE;
    this.level = 0;
    this.domain = 0;
    this.descLo = 0;
    this.descHi = 0;
    this.attr = 0;
    this.sh = 0;
    this.supersection = false;
    this.s1ptw = false;
  }

  /** Records a fault; returns false so that walkers can `return r.fail(...)`. */
  fail(kind: number, level: number): false {
    this.fault = kind;
    this.level = level;
    return false;
  }
}
