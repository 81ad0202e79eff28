// Floating-point (VFPv3-D32 / Advanced SIMD) register state of one core.
// D registers as Float64, S registers as Float32 views of the same bytes
// (S2n is the low half of Dn on a little-endian host), raw words for moves.

export class VfpState {
  readonly buf = new ArrayBuffer(32 * 8);
  readonly d = new Float64Array(this.buf);
  readonly s = new Float32Array(this.buf);
  readonly w = new Uint32Array(this.buf);
  fpscr = 0;
  fpexc = 0;

  reset(): void {
    this.w.fill(0);
    this.fpscr = 0;
    this.fpexc = 0;
  }
}
