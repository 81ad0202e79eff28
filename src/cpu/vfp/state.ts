// Floating-point (VFPv3-D32 / Advanced SIMD) register state of one core.
// D registers as Float64, S registers as Float32 views of the same bytes
// (S2n is the low half of Dn on a little-endian host), raw words for moves.
// Behind the 32 architectural D registers sit a few scratch D registers that
// compound operations (VMLA, VFMS, ...) use for intermediate results; the
// `x*` views reach them, the public views do not.

/** Architectural D registers. */
export const NUM_D = 32;
/** Scratch D registers after the architectural ones (indices 32..35, S64..S71). */
export const SCRATCH_D = 32;
const TOTAL_D = 36;

// FPSCR fields (ARM ARM B6.1.6 / A2.7.x).
export const FPSCR_N = 1 << 31, FPSCR_Z = 1 << 30, FPSCR_C = 1 << 29, FPSCR_V = 1 << 28;
export const FPSCR_QC = 1 << 27;
export const FPSCR_AHP = 1 << 26;
export const FPSCR_DN = 1 << 25;
export const FPSCR_FZ = 1 << 24;
export const FPSCR_RMODE_SHIFT = 22;
export const FPSCR_RMODE = 3 << 22;
export const FPSCR_STRIDE = 3 << 20;
export const FPSCR_LEN = 7 << 16;
export const FPSCR_IDC = 1 << 7;
export const FPSCR_IXC = 1 << 4;
export const FPSCR_UFC = 1 << 3;
export const FPSCR_OFC = 1 << 2;
export const FPSCR_DZC = 1 << 1;
export const FPSCR_IOC = 1 << 0;
/** Bits that hold state on a core without exception trapping (as QEMU's cortex-a15 reads them back). */
export const FPSCR_WRITABLE = 0xfff7009f;

export const RMODE_RN = 0, RMODE_RP = 1, RMODE_RM = 2, RMODE_RZ = 3;

/** FPEXC.EN: the floating-point and Advanced SIMD unit is enabled. */
export const FPEXC_EN = 1 << 30;
/** FPEXC bits that hold state (no asynchronous exceptions: EX, DEX, ... are RAZ/WI). */
export const FPEXC_WRITABLE = FPEXC_EN;

export class VfpState {
  readonly buf = new ArrayBuffer(TOTAL_D * 8);
  /** D0-D31. */
  readonly d = new Float64Array(this.buf, 0, NUM_D);
  /** S0-S63 (S32 and up alias D16-D31 halves; only S0-S31 are architectural names). */
  readonly s = new Float32Array(this.buf, 0, NUM_D * 2);
  /** Raw 32-bit words: Dn is w[2n] (low) and w[2n+1] (high). */
  readonly w = new Uint32Array(this.buf, 0, NUM_D * 2);
  /** Views including the scratch registers, for the operations. */
  readonly xd = new Float64Array(this.buf);
  readonly xs = new Float32Array(this.buf);
  readonly xw = new Uint32Array(this.buf);
  /** Element views for Advanced SIMD (unsigned and signed 8/16/32-bit lanes). */
  readonly xb = new Uint8Array(this.buf);
  readonly xh = new Uint16Array(this.buf);
  readonly xsb = new Int8Array(this.buf);
  readonly xsh = new Int16Array(this.buf);
  readonly xsw = new Int32Array(this.buf);
  /** 64-bit lanes (BigInt: only for the rarely used 64-bit element forms). */
  readonly xq = new BigUint64Array(this.buf);
  readonly xsq = new BigInt64Array(this.buf);
  fpscr = 0;
  fpexc = 0;

  reset(): void {
    this.xw.fill(0);
    this.fpscr = 0;
    this.fpexc = 0;
  }

  /** Dn as an unsigned 64-bit value (debugger, tests). */
  getD(n: number): bigint {
    return (BigInt(this.w[2 * n + 1]) << 32n) | BigInt(this.w[2 * n]);
  }

  setD(n: number, v: bigint): void {
    this.w[2 * n] = Number(v & 0xffffffffn);
    this.w[2 * n + 1] = Number((v >> 32n) & 0xffffffffn);
  }
}
