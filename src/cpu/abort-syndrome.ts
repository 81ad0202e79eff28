// The instruction syndrome of a Data Abort taken to Hyp mode (HSR ISS bits
// 24:16: ISV, SAS, SSE, SRT). It is valid only for single-register loads and
// stores without base writeback and without the PC as the transfer register;
// the hypervisor needs it to emulate a trapped MMIO access. Computed from the
// faulting instruction when the abort happens, so loads and stores pay nothing.

const ISV = 1 << 24;
const SAS_BYTE = 0, SAS_HALF = 1, SAS_WORD = 2;

function syndrome(size: number, signed: boolean, rt: number): number {
  if (rt === 15) return 0;
  return ISV | (size << 22) | (signed ? 1 << 21 : 0) | (rt << 16);
}

/** ISS bits 24:16 for an A32 instruction word (0 when not valid). */
export function a32LoadStoreSyndrome(w: number): number {
  const op1 = (w >>> 25) & 7;
  const p = (w >>> 24) & 1, wb = (w >>> 21) & 1;
  const rt = (w >>> 12) & 0xf;
  if (op1 === 2 || (op1 === 3 && (w & 0x10) === 0)) {
    // LDR/STR/LDRB/STRB (immediate or register offset)
    if (p === 0 || wb === 1) return 0;
    return syndrome((w & (1 << 22)) ? SAS_BYTE : SAS_WORD, false, rt);
  }
  if (op1 === 0 && (w & 0x90) === 0x90 && (w & 0x60) !== 0) {
    // Extra loads/stores: STRH/LDRH (01), LDRSB (10, L=1), LDRSH (11, L=1); LDRD/STRD are not single-register.
    if (p === 0 || wb === 1) return 0;
    const l = (w >>> 20) & 1, op2 = (w >>> 5) & 3;
    if (op2 === 1) return syndrome(SAS_HALF, false, rt);
    if (!l) return 0;
    return syndrome(op2 === 2 ? SAS_BYTE : SAS_HALF, true, rt);
  }
  return 0;
}

/** ISS bits 24:16 for a T32 instruction (hw2 is unused for 16-bit encodings). */
export function t32LoadStoreSyndrome(hw1: number, hw2: number): number {
  if ((hw1 & 0xf800) < 0xe800) {
    // 16-bit: register offset (0101 ooo), immediate word/byte (011B L), halfword (1000 L), SP-relative, literal
    const top = hw1 >>> 12;
    const rt3 = hw1 & 7;
    if (top === 5) {
      const opB = (hw1 >>> 9) & 7;
      const sizes = [SAS_WORD, SAS_HALF, SAS_BYTE, SAS_BYTE, SAS_WORD, SAS_HALF, SAS_BYTE, SAS_HALF];
      const signed = opB === 3 || opB === 7;
      return syndrome(sizes[opB], signed, rt3);
    }
    if (top === 6) return syndrome(SAS_WORD, false, rt3);
    if (top === 7) return syndrome(SAS_BYTE, false, rt3);
    if (top === 8) return syndrome(SAS_HALF, false, rt3);
    if (top === 9) return syndrome(SAS_WORD, false, (hw1 >>> 8) & 7);
    if ((hw1 & 0xf800) === 0x4800) return syndrome(SAS_WORD, false, (hw1 >>> 8) & 7);
    return 0;
  }
  // 32-bit loads/stores of one register: 1111 100x xxxx
  if ((hw1 & 0xfe00) !== 0xf800) return 0;
  const size = (hw1 >>> 5) & 3;
  const signed = (hw1 & (1 << 8)) !== 0;
  const rt = hw2 >>> 12;
  if (size === 3) return 0;
  const rn = hw1 & 0xf;
  const imm12 = (hw1 & (1 << 7)) !== 0;
  if (!imm12 && rn !== 15 && (hw2 & 0x800) !== 0) {
    // imm8 forms: P U W in hw2[10:8]; 1110 is the unprivileged form (no writeback)
    const puw = (hw2 >>> 8) & 7;
    const writeback = (puw & 1) === 1;
    if (writeback || (puw & 4) === 0) return 0;
  }
  return syndrome(size === 0 ? SAS_BYTE : size === 1 ? SAS_HALF : SAS_WORD, signed, rt);
}
