// The host-double fast paths of the floating-point operations against the
// exact (BigInt) implementation of the ARM ARM pseudocode, on random operands
// spread over all exponents and the special values, in every rounding mode
// with and without flush-to-zero: result bits and FPSCR flags must agree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VfpState } from '../../src/cpu/vfp/state.js';
import {
  addD, addS, cvtDS, cvtSD, divD, divS, fmaD, fmaS, intToS, mulD, mulS, rawD, rawS, setRawD, sqrtD, sqrtS, subD, subS, toInt,
} from '../../src/cpu/vfp/arith.js';
import {
  F32, F64, fixedToFp, fpAdd, fpConvert, fpDiv, fpMul, fpMulAdd, fpSqrt, fpSub, fpToFixed, type Fmt,
} from '../../src/cpu/vfp/softfloat.js';

// mulberry32
let seed = 0x464c5431;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

const SPECIAL32 = [0, 0x80000000, 1, 0x807fffff, 0x00800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
  0x3f800000, 0x3f7fffff, 0x33800000];

/** Random single: mostly ordinary exponents, some near the ends, some specials. */
function r32(): number {
  const k = rnd() % 8;
  if (k === 0) return SPECIAL32[rnd() % SPECIAL32.length];
  const e = k === 1 ? rnd() % 6 : k === 2 ? 250 + (rnd() % 6) : 100 + (rnd() % 56);
  const frac = k === 3 ? (rnd() & 1 ? 0x7fffff : 0) ^ (rnd() & 0xf) : rnd() & 0x7fffff;
  return (((rnd() & 1) << 31) | (e << 23) | frac) >>> 0;
}

function r64(): [number, number] {
  const k = rnd() % 8;
  if (k === 0) {
    const s = SPECIAL32[rnd() % SPECIAL32.length];
    const v = new VfpState();
    v.xw[0] = s;
    cvtDS(v, 1, 0, 0);
    return [v.xw[2], v.xw[3]];
  }
  const e = k === 1 ? rnd() % 40 : k === 2 ? 2010 + (rnd() % 37) : k === 3 ? 1023 - 30 + (rnd() % 60) : 700 + (rnd() % 650);
  return [rnd(), (((rnd() & 1) << 31) | (e << 20) | (rnd() & 0xfffff)) >>> 0];
}

const MODES = [0, 1 << 22, 2 << 22, 3 << 22];
const CTLS = [...MODES, ...MODES.map((m) => m | (1 << 24)), 1 << 25];
const N = 3000;

type Bin = (v: VfpState, d: number, n: number, m: number, ctl: number) => void;
type Slow = (a: bigint, b: bigint, f: Fmt, ctl: number, v: VfpState) => bigint;

function checkBinS(name: string, fast: Bin, slow: Slow): void {
  const v = new VfpState(), ref = new VfpState();
  for (let i = 0; i < N; i++) {
    const a = r32(), b = r32(), ctl = CTLS[i % CTLS.length];
    v.fpscr = 0; ref.fpscr = 0;
    v.xw[1] = a; v.xw[2] = b;
    fast(v, 0, 1, 2, ctl);
    const want = Number(slow(BigInt(a), BigInt(b), F32, ctl, ref));
    const ctx = `${name} ${a.toString(16)} ${b.toString(16)} ctl=${ctl.toString(16)}`;
    assert.equal(v.xw[0].toString(16), want.toString(16), ctx);
    assert.equal(v.fpscr.toString(16), ref.fpscr.toString(16), `${ctx} flags`);
  }
}

function checkBinD(name: string, fast: Bin, slow: Slow): void {
  const v = new VfpState(), ref = new VfpState();
  for (let i = 0; i < N; i++) {
    const [alo, ahi] = r64(), [blo, bhi] = r64(), ctl = CTLS[i % CTLS.length];
    v.fpscr = 0; ref.fpscr = 0;
    v.xw[2] = alo; v.xw[3] = ahi; v.xw[4] = blo; v.xw[5] = bhi;
    fast(v, 0, 1, 2, ctl);
    const want = slow(rawD(v, 1), rawD(v, 2), F64, ctl, ref);
    const ctx = `${name} ${rawD(v, 1).toString(16)} ${rawD(v, 2).toString(16)} ctl=${ctl.toString(16)}`;
    assert.equal(rawD(v, 0).toString(16), want.toString(16), ctx);
    assert.equal(v.fpscr.toString(16), ref.fpscr.toString(16), `${ctx} flags`);
  }
}

test('single precision add/sub/mul/div fast paths agree with the exact implementation', () => {
  checkBinS('add', addS, fpAdd);
  checkBinS('sub', subS, fpSub);
  checkBinS('mul', mulS, fpMul);
  checkBinS('div', divS, fpDiv);
});

test('double precision add/sub/mul/div fast paths agree with the exact implementation', () => {
  checkBinD('add', addD, fpAdd);
  checkBinD('sub', subD, fpSub);
  checkBinD('mul', mulD, fpMul);
  checkBinD('div', divD, fpDiv);
});

test('square root, fused multiply-add and conversions agree with the exact implementation', () => {
  const v = new VfpState(), ref = new VfpState();
  for (let i = 0; i < N; i++) {
    const ctl = CTLS[i % CTLS.length];
    const a = r32() & 0x7fffffff, b = r32(), c = r32();
    const reset = (): void => { v.fpscr = 0; ref.fpscr = 0; };
    reset();
    v.xw[1] = a; sqrtS(v, 0, 1, ctl);
    assert.equal(v.xw[0], Number(fpSqrt(BigInt(a), F32, ctl, ref)), `sqrtS ${a.toString(16)}`);
    assert.equal(v.fpscr, ref.fpscr);
    reset();
    v.xw[1] = a; v.xw[2] = b; v.xw[3] = c; fmaS(v, 0, 3, 1, 2, ctl);
    assert.equal(v.xw[0], Number(fpMulAdd(BigInt(c), BigInt(a), BigInt(b), F32, ctl, ref)),
      `fmaS ${c.toString(16)} + ${a.toString(16)} * ${b.toString(16)} ctl=${ctl.toString(16)}`);
    assert.equal(v.fpscr, ref.fpscr);
    // products that nearly cancel the addend exercise the midpoint correction
    reset();
    const p = Math.fround(v.xs[1] * v.xs[2]);
    v.xs[3] = -p; fmaS(v, 0, 3, 1, 2, ctl);
    assert.equal(v.xw[0], Number(fpMulAdd(rawS(v, 3), BigInt(a), BigInt(b), F32, ctl, ref)), 'fmaS cancel');
    assert.equal(v.fpscr, ref.fpscr);

    const [lo, hi] = r64();
    reset();
    v.xw[2] = lo; v.xw[3] = hi & 0x7fffffff; sqrtD(v, 0, 1, ctl);
    assert.equal(rawD(v, 0), fpSqrt(rawD(v, 1), F64, ctl, ref), `sqrtD ${rawD(v, 1).toString(16)}`);
    assert.equal(v.fpscr, ref.fpscr);
    reset();
    v.xw[2] = lo; v.xw[3] = hi; cvtSD(v, 0, 1, ctl);
    assert.equal(v.xw[0], Number(fpConvert(rawD(v, 1), F64, F32, ctl, ref)), `cvtSD ${rawD(v, 1).toString(16)}`);
    assert.equal(v.fpscr, ref.fpscr);
    reset();
    v.xw[0] = a ^ (b & 0x80000000); cvtDS(v, 1, 0, ctl);
    assert.equal(rawD(v, 1), fpConvert(BigInt(v.xw[0]), F32, F64, ctl, ref));
    assert.equal(v.fpscr, ref.fpscr);
    for (const unsigned of [false, true]) {
      for (const rz of [false, true]) {
        reset();
        setRawD(v, 1, (BigInt(hi) << 32n) | BigInt(lo));
        const x = ((rnd() % 4) === 0) ? (rnd() % 2 ? 2 ** 31 : -(2 ** 31)) + (rnd() % 5) - 2.5 : v.xd[1];
        v.xd[1] = Number.isNaN(x) ? v.xd[1] : x;
        const got = toInt(v, v.xd[1], true, 1, unsigned, rz, ctl);
        assert.equal(got, fpToFixed(rawD(v, 1), F64, 0, 32, unsigned, rz, ctl, ref), `toInt ${v.xd[1]} u=${unsigned} rz=${rz}`);
        assert.equal(v.fpscr, ref.fpscr);
      }
      reset();
      const bits = rnd();
      intToS(v, 0, bits, unsigned, ctl);
      assert.equal(v.xw[0], Number(fixedToFp(BigInt(unsigned ? bits : bits | 0), 0, F32, false, ctl, ref)));
      assert.equal(v.fpscr, ref.fpscr);
    }
  }
});

test('double precision fused multiply-add agrees with the exact implementation, also under cancellation', () => {
  const v = new VfpState(), ref = new VfpState();
  const iters = Number(process.env.VFP_FUZZ ?? 1) * 3 * N;
  for (let i = 0; i < iters; i++) {
    const ctl = i % 3 === 0 ? CTLS[i % CTLS.length] : 0;
    const [alo, ahi] = r64(), [blo, bhi] = r64(), [clo, chi] = r64();
    v.xw[2] = alo; v.xw[3] = ahi; v.xw[4] = blo; v.xw[5] = bhi; v.xw[6] = clo; v.xw[7] = chi;
    const k = i % 4;
    if (k === 1) v.xd[3] = -(v.xd[1] * v.xd[2]); // the rounded product cancels: the result is the product's error
    if (k === 2) v.xd[3] = -(v.xd[1] * v.xd[2]) * (1 + 2 ** -30 * ((rnd() % 64) - 32));
    if (k === 3) { v.xd[1] = 1 + (rnd() % 4096) * 2 ** -52; v.xd[2] = 1 - (rnd() % 4096) * 2 ** -52; v.xd[3] = -1 - (rnd() % 8) * 2 ** -52; }
    v.fpscr = 0; ref.fpscr = 0;
    fmaD(v, 0, 3, 1, 2, ctl);
    const want = fpMulAdd(rawD(v, 3), rawD(v, 1), rawD(v, 2), F64, ctl, ref);
    const ctx = `fmaD ${rawD(v, 3).toString(16)} + ${rawD(v, 1).toString(16)} * ${rawD(v, 2).toString(16)} ctl=${ctl.toString(16)}`;
    assert.equal(rawD(v, 0).toString(16), want.toString(16), ctx);
    assert.equal(v.fpscr.toString(16), ref.fpscr.toString(16), `${ctx} flags`);
  }
});

test('double fused multiply-add needs the sticky bits below the sum (rounding to odd)', () => {
  const v = new VfpState(), ref = new VfpState();
  // 2^53 + (1 + 2^-26)(1 - 2^-26 + 2^-52) = 2^53 + 1 + 2^-78: just above a tie, so 2^53 + 2.
  const a = 1 + 2 ** -26, b = 1 - 2 ** -26 + 2 ** -52;
  for (const [c, x, y] of [[2 ** 53, a, b], [-(2 ** 53), -a, b], [2 ** 53 + 4, a, b], [2 ** 54, 2 * a, b]]) {
    v.fpscr = 0; ref.fpscr = 0;
    v.xd[1] = x; v.xd[2] = y; v.xd[3] = c;
    fmaD(v, 0, 3, 1, 2, 0);
    assert.equal(rawD(v, 0), fpMulAdd(rawD(v, 3), rawD(v, 1), rawD(v, 2), F64, 0, ref), `${c} + ${x} * ${y}`);
    assert.equal(v.fpscr, ref.fpscr);
  }
  v.xd[1] = a; v.xd[2] = b; v.xd[3] = 2 ** 53;
  fmaD(v, 0, 3, 1, 2, 0);
  assert.equal(v.xd[0], 2 ** 53 + 2);
});

test('fused multiply-add where the double sum lands on a single-precision midpoint', () => {
  const v = new VfpState(), ref = new VfpState();
  // c + a * b = (1 + 2^-23) + 2^-24 - 2^-54: the double sum is the midpoint 1 + 2^-23 + 2^-24,
  // the exact value lies below it, so the result is 1 + 2^-23 (not the even neighbour).
  const cases: [number, number, number][] = [
    [1 + 2 ** -15, 2 ** -24 * (1 - 2 ** -15), 1 + 2 ** -23],
    [1 - 2 ** -15, 2 ** -24 * (1 + 2 ** -15), 1 + 2 ** -23],
    [-(1 + 2 ** -15), 2 ** -24 * (1 - 2 ** -15), -(1 + 2 ** -23)],
    [1 + 2 ** -15, 2 ** -24 * (1 + 2 ** -15), 1 + 2 ** -22],
  ];
  for (const [a, b, c] of cases) {
    v.fpscr = 0; ref.fpscr = 0;
    v.xs[1] = a; v.xs[2] = b; v.xs[3] = c;
    assert.equal(v.xs[1], a); assert.equal(v.xs[2], b); assert.equal(v.xs[3], c);
    fmaS(v, 0, 3, 1, 2, 0);
    assert.equal(v.xw[0], Number(fpMulAdd(rawS(v, 3), rawS(v, 1), rawS(v, 2), F32, 0, ref)), `${c} + ${a} * ${b}`);
    assert.equal(v.fpscr, ref.fpscr);
  }
  v.xs[1] = 1 + 2 ** -15; v.xs[2] = 2 ** -24 * (1 - 2 ** -15); v.xs[3] = 1 + 2 ** -23;
  fmaS(v, 0, 3, 1, 2, 0);
  assert.equal(v.xs[0], 1 + 2 ** -23);
});

test('the exact implementation: ties to even, directed rounding, overflow to infinity or the largest normal', () => {
  const v = new VfpState();
  const add32 = (a: number, b: number, ctl: number): string => { v.fpscr = 0; return Number(fpAdd(BigInt(a), BigInt(b), F32, ctl, v)).toString(16) + '/' + v.fpscr.toString(16); };
  assert.equal(add32(0x3f800000, 0x33800000, 0), '3f800000/10', '1 + 2^-24: tie to even (down)');
  assert.equal(add32(0x3f800001, 0x33800000, 0), '3f800002/10', '(1+ulp) + 2^-24: tie to even (up)');
  assert.equal(add32(0x3f800000, 0x33800000, 1 << 22), '3f800001/10', 'RP rounds up');
  assert.equal(add32(0xbf800000, 0xb3800000, 2 << 22), 'bf800001/10', 'RM rounds away from zero for negatives');
  assert.equal(add32(0x7f7fffff, 0x7f7fffff, 0), '7f800000/14', 'overflow: infinity, OFC and IXC');
  assert.equal(add32(0x7f7fffff, 0x7f7fffff, 3 << 22), '7f7fffff/14', 'overflow in RZ: largest normal');
  assert.equal(add32(0x3f800000, 0xbf800000, 2 << 22), '80000000/0', 'x - x is -0 in RM');
  assert.equal(add32(0x00800000, 0x80000001, 0), '7fffff/0', 'exact denormal result: no underflow');
  assert.equal(add32(0x00800001, 0x80800000, 1 << 24), '0/8', 'FZ flushes a tiny result: UFC only');
  assert.equal(add32(0x00000001, 0x3f800000, 1 << 24), '3f800000/80', 'FZ flushes a denormal input: IDC');
  assert.equal(add32(0x7f800001, 0xffc00001, 0), '7fc00001/1', 'signalling NaN first, quieted, IOC');
  assert.equal(add32(0x7fc00002, 0xff800001, 1 << 25), '7fc00000/1', 'default NaN mode');
  v.fpscr = 0;
  assert.equal(fpMul(BigInt(0x00800000), BigInt(0x3f7fffff), F32, 0, v), BigInt(0x00800000));
  assert.equal(v.fpscr, 0x18, 'rounded up to the smallest normal: tiny before rounding, UFC');
});
