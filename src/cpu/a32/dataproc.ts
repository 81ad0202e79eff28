// Data-processing instructions (A5.2.1-A5.2.3) and MOVW/MOVT.
// Each encoding becomes a closure specialised for its operand form: an
// immediate, a plain register, or a shifted register (a shifter closure).

import type { Core, Op } from '../core.js';
import { expandImm, shiftImmCarry, shiftImmValue, shiftRegCarry, shiftRegValue, SHIFT_LSL } from './shifter.js';
import { undef } from './system.js';

export const AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6, RSC = 7;
export const TST = 8, TEQ = 9, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15;

/** AddWithCarry, setting NZCV. */
export function addWithCarry(core: Core, a: number, b: number, c: number): number {
  const sum = a + b + c;
  const r = sum >>> 0;
  core.nf = r >>> 31;
  core.zf = r === 0 ? 1 : 0;
  core.cf = sum > 0xffffffff ? 1 : 0;
  core.vf = ((a ^ r) & (b ^ r)) >>> 31;
  return r;
}

/** a - b - !c as AddWithCarry(a, NOT b, c), setting NZCV. */
export function subWithCarry(core: Core, a: number, b: number, c: number): number {
  return addWithCarry(core, a, (~b) >>> 0, c);
}

export function setNZ(core: Core, r: number): number {
  core.nf = r >>> 31;
  core.zf = r === 0 ? 1 : 0;
  return r;
}

/** Operand forms of build(): immediate, plain register, shifted register (through `get`). */
export const FORM_IMM = 0, FORM_REG = 1, FORM_SHIFTED = 2;

export function decodeDataProcessing(core: Core, w: number): Op {
  const op = (w >>> 21) & 0xf;
  const s = (w >>> 20) & 1;
  const n = (w >>> 16) & 0xf;
  const d = (w >>> 12) & 0xf;
  const isTest = op >= TST && op <= CMN;
  if (isTest && !s) return undef(core); // other instructions live here; the caller routed them away
  const logical = op <= EOR || op === TST || op === TEQ || op >= ORR;
  const needCarry = s === 1 && logical;

  let form = FORM_SHIFTED;
  let k = 0, kCarry = -1, m = 0;
  let get: () => number = () => 0;
  const R = core.R;
  if (w & (1 << 25)) {
    form = FORM_IMM;
    k = expandImm(w & 0xfff);
    if ((w & 0xf00) !== 0) kCarry = k >>> 31;
  } else if ((w & 0x10) === 0) {
    m = w & 0xf;
    const type = (w >>> 5) & 3, amt = (w >>> 7) & 0x1f;
    if (type === SHIFT_LSL && amt === 0) form = FORM_REG;
    else if (needCarry) get = () => shiftImmCarry(core, R[m], type, amt);
    else get = () => shiftImmValue(core, R[m], type, amt);
  } else {
    if ((w & 0x80) !== 0) return undef(core);
    m = w & 0xf;
    const type = (w >>> 5) & 3, rs = (w >>> 8) & 0xf;
    if (m === 15 || rs === 15 || n === 15 || d === 15) return undef(core); // UNPREDICTABLE
    if (needCarry) get = () => shiftRegCarry(core, R[m], type, R[rs]);
    else get = () => shiftRegValue(core, R[m], type, R[rs]);
  }

  if (d !== 15 || isTest) return build(core, op, s, d, n, form, k, kCarry, m, get);
  // Rd = PC: compute into the scratch slot, then branch (S: exception return).
  const inner = build(core, op, 0, 16, n, form, k, kCarry, m, get);
  if (s) return () => { inner(); core.exceptionReturn(R[16]); };
  return () => { inner(); core.aluWritePC(R[16]); };
}

/** One data-processing op for a given operand form (also used by the T32 decoder). */
export function build(core: Core, op: number, s: number, d: number, n: number, form: number, k: number, kCarry: number,
  m: number, get: () => number): Op {
  const R = core.R;
  const imm = form === FORM_IMM, reg = form === FORM_REG;
  // Carry for logical ops with S: from the rotation (imm), unchanged (plain reg), or the shifter.
  const setC = (): void => {
    if (imm) { if (kCarry >= 0) core.cf = kCarry; } else if (!reg) core.cf = core.sc;
  };
  switch (op) {
    case AND:
      if (!s) return imm ? () => { R[d] = R[n] & k; } : reg ? () => { R[d] = R[n] & R[m]; } : () => { R[d] = R[n] & get(); };
      return imm ? () => { R[d] = setNZ(core, (R[n] & k) >>> 0); setC(); }
        : reg ? () => { R[d] = setNZ(core, (R[n] & R[m]) >>> 0); }
          : () => { const b = get(); R[d] = setNZ(core, (R[n] & b) >>> 0); core.cf = core.sc; };
    case EOR:
      if (!s) return imm ? () => { R[d] = R[n] ^ k; } : reg ? () => { R[d] = R[n] ^ R[m]; } : () => { R[d] = R[n] ^ get(); };
      return imm ? () => { R[d] = setNZ(core, (R[n] ^ k) >>> 0); setC(); }
        : reg ? () => { R[d] = setNZ(core, (R[n] ^ R[m]) >>> 0); }
          : () => { const b = get(); R[d] = setNZ(core, (R[n] ^ b) >>> 0); core.cf = core.sc; };
    case ORR:
      if (!s) return imm ? () => { R[d] = R[n] | k; } : reg ? () => { R[d] = R[n] | R[m]; } : () => { R[d] = R[n] | get(); };
      return imm ? () => { R[d] = setNZ(core, (R[n] | k) >>> 0); setC(); }
        : reg ? () => { R[d] = setNZ(core, (R[n] | R[m]) >>> 0); }
          : () => { const b = get(); R[d] = setNZ(core, (R[n] | b) >>> 0); core.cf = core.sc; };
    case BIC:
      if (!s) return imm ? () => { R[d] = R[n] & ~k; } : reg ? () => { R[d] = R[n] & ~R[m]; } : () => { R[d] = R[n] & ~get(); };
      return imm ? () => { R[d] = setNZ(core, (R[n] & ~k) >>> 0); setC(); }
        : reg ? () => { R[d] = setNZ(core, (R[n] & ~R[m]) >>> 0); }
          : () => { const b = get(); R[d] = setNZ(core, (R[n] & ~b) >>> 0); core.cf = core.sc; };
    case MOV:
      if (!s) return imm ? () => { R[d] = k; } : reg ? () => { R[d] = R[m]; } : () => { R[d] = get(); };
      return imm ? () => { R[d] = setNZ(core, k); setC(); }
        : reg ? () => { R[d] = setNZ(core, R[m]); }
          : () => { R[d] = setNZ(core, get()); core.cf = core.sc; };
    case MVN:
      if (!s) return imm ? () => { R[d] = ~k; } : reg ? () => { R[d] = ~R[m]; } : () => { R[d] = ~get(); };
      return imm ? () => { R[d] = setNZ(core, (~k) >>> 0); setC(); }
        : reg ? () => { R[d] = setNZ(core, (~R[m]) >>> 0); }
          : () => { R[d] = setNZ(core, (~get()) >>> 0); core.cf = core.sc; };
    case TST:
      return imm ? () => { setNZ(core, (R[n] & k) >>> 0); setC(); }
        : reg ? () => { setNZ(core, (R[n] & R[m]) >>> 0); }
          : () => { const b = get(); setNZ(core, (R[n] & b) >>> 0); core.cf = core.sc; };
    case TEQ:
      return imm ? () => { setNZ(core, (R[n] ^ k) >>> 0); setC(); }
        : reg ? () => { setNZ(core, (R[n] ^ R[m]) >>> 0); }
          : () => { const b = get(); setNZ(core, (R[n] ^ b) >>> 0); core.cf = core.sc; };
    case ADD:
      if (!s) return imm ? () => { R[d] = R[n] + k; } : reg ? () => { R[d] = R[n] + R[m]; } : () => { R[d] = R[n] + get(); };
      return imm ? () => { R[d] = addWithCarry(core, R[n], k, 0); }
        : reg ? () => { R[d] = addWithCarry(core, R[n], R[m], 0); }
          : () => { R[d] = addWithCarry(core, R[n], get(), 0); };
    case ADC:
      if (!s) {
        return imm ? () => { R[d] = R[n] + k + core.cf; } : reg ? () => { R[d] = R[n] + R[m] + core.cf; }
          : () => { R[d] = R[n] + get() + core.cf; };
      }
      return imm ? () => { R[d] = addWithCarry(core, R[n], k, core.cf); }
        : reg ? () => { R[d] = addWithCarry(core, R[n], R[m], core.cf); }
          : () => { R[d] = addWithCarry(core, R[n], get(), core.cf); };
    case SUB:
      if (!s) return imm ? () => { R[d] = R[n] - k; } : reg ? () => { R[d] = R[n] - R[m]; } : () => { R[d] = R[n] - get(); };
      return imm ? () => { R[d] = subWithCarry(core, R[n], k, 1); }
        : reg ? () => { R[d] = subWithCarry(core, R[n], R[m], 1); }
          : () => { R[d] = subWithCarry(core, R[n], get(), 1); };
    case SBC:
      if (!s) {
        return imm ? () => { R[d] = R[n] - k - 1 + core.cf; } : reg ? () => { R[d] = R[n] - R[m] - 1 + core.cf; }
          : () => { R[d] = R[n] - get() - 1 + core.cf; };
      }
      return imm ? () => { R[d] = subWithCarry(core, R[n], k, core.cf); }
        : reg ? () => { R[d] = subWithCarry(core, R[n], R[m], core.cf); }
          : () => { R[d] = subWithCarry(core, R[n], get(), core.cf); };
    case RSB:
      if (!s) return imm ? () => { R[d] = k - R[n]; } : reg ? () => { R[d] = R[m] - R[n]; } : () => { R[d] = get() - R[n]; };
      return imm ? () => { R[d] = subWithCarry(core, k, R[n], 1); }
        : reg ? () => { R[d] = subWithCarry(core, R[m], R[n], 1); }
          : () => { R[d] = subWithCarry(core, get(), R[n], 1); };
    case RSC:
      if (!s) {
        return imm ? () => { R[d] = k - R[n] - 1 + core.cf; } : reg ? () => { R[d] = R[m] - R[n] - 1 + core.cf; }
          : () => { R[d] = get() - R[n] - 1 + core.cf; };
      }
      return imm ? () => { R[d] = subWithCarry(core, k, R[n], core.cf); }
        : reg ? () => { R[d] = subWithCarry(core, R[m], R[n], core.cf); }
          : () => { R[d] = subWithCarry(core, get(), R[n], core.cf); };
    case CMP:
      return imm ? () => { subWithCarry(core, R[n], k, 1); }
        : reg ? () => { subWithCarry(core, R[n], R[m], 1); }
          : () => { subWithCarry(core, R[n], get(), 1); };
    default: // CMN
      return imm ? () => { addWithCarry(core, R[n], k, 0); }
        : reg ? () => { addWithCarry(core, R[n], R[m], 0); }
          : () => { addWithCarry(core, R[n], get(), 0); };
  }
}

/** MOVW (op1 10000) and MOVT (op1 10100). */
export function decodeMovWide(core: Core, w: number): Op {
  const R = core.R;
  const d = (w >>> 12) & 0xf;
  const imm16 = ((w >>> 4) & 0xf000) | (w & 0xfff);
  if (d === 15) return undef(core);
  if (w & (1 << 22)) return () => { R[d] = (R[d] & 0xffff) | (imm16 << 16); };
  return () => { R[d] = imm16; };
}
