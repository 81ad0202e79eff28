// VFP reference test cases (see cases-vfp-lib.mjs for the case fields and
// test/ref/README.md for the data format). Plain Node.js ES module.

import {
  add, allCases, F32, F64, F32_R, F64_R, MODES, RN, RP, RM, RZ, FZ, DN, AHP, rnd, rndF32, rndF64, u32,
} from './cases-vfp-lib.mjs';
import { simdCases } from './cases-vfp-simd.mjs';

export { DEFAULT_D, DEFAULT_R, WINDOW_BASE, WINDOW_SIZE, P, FPEXC_EN } from './cases-vfp-lib.mjs';

// ---------------------------------------------------------------------------
// arith: VADD VSUB VMUL VDIV VNMUL, single and double

const BIN = ['vadd', 'vsub', 'vmul', 'vdiv', 'vnmul'];
for (const op of BIN) {
  // every pair of edge values for VADD, VMUL, VDIV; a third of them for VSUB, VNMUL
  const keep = (i, j) => op === 'vadd' || op === 'vmul' || op === 'vdiv' || (i + j) % 5 === 0;
  F32.forEach((a, i) => F32.forEach((b, j) => { if (keep(i, j)) add('arith', `${op}.f32 s0, s1, s2`, { s: { 1: a, 2: b } }); }));
  F64.forEach((a, i) => F64.forEach((b, j) => { if (keep(i, j)) add('arith', `${op}.f64 d0, d1, d2`, { d: { 1: a, 2: b } }); }));
}
// rounding modes, flush-to-zero, default NaN on a smaller value set
for (const op of ['vadd', 'vsub', 'vmul', 'vdiv']) {
  for (const [mode] of MODES) {
    for (const extra of [0, FZ | DN]) {
      if (mode === RN && extra === 0) continue;
      const fpscr = mode | extra;
      const keep = (i, j) => (i * 5 + j * 3 + (mode >>> 22) + extra % 7) % 11 === 0;
      F32_R.forEach((a, i) => F32_R.forEach((b, j) => {
        if (keep(i, j)) add('arith', `${op}.f32 s0, s1, s2`, { s: { 1: a, 2: b }, fpscr });
      }));
      F64_R.forEach((a, i) => F64_R.forEach((b, j) => {
        if (keep(j, i)) add('arith', `${op}.f64 d0, d1, d2`, { d: { 1: a, 2: b }, fpscr });
      }));
    }
  }
}
// ties and near-ties, overflow and underflow boundaries
{
  const f32pairs = [
    [0x3f800000, 0x33800000], [0x3f800001, 0x33800000], [0x3f800000, 0xb3800000], [0x3f800000, 0x33800001],
    [0x3f800000, 0xb3000000], [0x7f7fffff, 0x73000000], [0x7f7fffff, 0x73000001], [0x7f7fffff, 0x72ffffff],
    [0x00800000, 0x80000001], [0x00800001, 0x80800000], [0x4b7fffff, 0x3f000000], [0xcb7fffff, 0xbf000000],
  ];
  const f64pairs = [
    ['3ff0000000000000', '3ca0000000000000'], ['3ff0000000000001', '3ca0000000000000'],
    ['3ff0000000000000', 'bca0000000000000'], ['3ff0000000000000', '3ca0000000000001'],
    ['7fefffffffffffff', '7c90000000000000'], ['7fefffffffffffff', '7c90000000000001'],
    ['7fefffffffffffff', '7c8fffffffffffff'], ['0010000000000000', '8000000000000001'],
    ['0010000000000001', '8010000000000000'], ['433fffffffffffff', '3fe0000000000000'],
  ];
  const mulF32 = [
    [0x00800000, 0x3f000000], [0x00800000, 0x3f7fffff], [0x00800001, 0x3f000000], [0x00ffffff, 0x3f000000],
    [0x00800000, 0x3effffff], [0x1f800000, 0x1f800000], [0x20000000, 0x1f7fffff], [0x5f800000, 0x5f800000],
    [0x5f7fffff, 0x5f800000], [0x3fffffff, 0x3fffffff], [0x00000001, 0x3f000000], [0x00000003, 0x3f000000],
    [0x7f000000, 0x40000000], [0x7effffff, 0x40000000],
  ];
  const mulF64 = [
    ['0010000000000000', '3fe0000000000000'], ['0010000000000000', '3fefffffffffffff'],
    ['0010000000000001', '3fe0000000000000'], ['001fffffffffffff', '3fe0000000000000'],
    ['1ff0000000000000', '1ff0000000000000'], ['2000000000000000', '1fefffffffffffff'],
    ['5ff0000000000000', '5ff0000000000000'], ['3fffffffffffffff', '3fffffffffffffff'],
    ['0000000000000001', '3fe0000000000000'], ['0000000000000003', '3fe0000000000000'],
    ['7fe0000000000000', '4000000000000000'], ['000fffffffffffff', '4000000000000001'],
    ['3ff0000000000001', '3ff0000000000001'], ['0000000080000001', '3e00000000000001'],
  ];
  for (const [mode, mn] of MODES) {
    for (const fz of [0, FZ]) {
      const fpscr = mode | fz;
      for (const [a, b] of f32pairs) add('arith', 'vadd.f32 s0, s1, s2', { s: { 1: a, 2: b }, fpscr });
      for (const [a, b] of f64pairs) add('arith', 'vadd.f64 d0, d1, d2', { d: { 1: a, 2: b }, fpscr });
      for (const [a, b] of mulF32) add('arith', 'vmul.f32 s0, s1, s2', { s: { 1: a, 2: b }, fpscr });
      for (const [a, b] of mulF64) add('arith', 'vmul.f64 d0, d1, d2', { d: { 1: a, 2: b }, fpscr });
      for (const [a, b] of mulF32) add('arith', 'vdiv.f32 s0, s1, s2', { s: { 1: a, 2: b ^ 0x3f800000 }, fpscr });
      for (const [a, b] of mulF64) {
        const bb = (parseInt(b.slice(0, 8), 16) ^ 0x3ff00000) >>> 0;
        add('arith', 'vdiv.f64 d0, d1, d2', { d: { 1: a, 2: bb.toString(16).padStart(8, '0') + b.slice(8) }, fpscr });
      }
      void mn;
    }
  }
}
// random operands in every rounding mode
for (let i = 0; i < 24; i++) {
  for (const [mode] of MODES) {
    const op = BIN[i % 4];
    add('arith', `${op}.f32 s0, s1, s2`, { s: { 1: rndF32(), 2: rndF32() }, fpscr: mode });
    add('arith', `${op}.f64 d0, d1, d2`, { d: { 1: rndF64(), 2: rndF64() }, fpscr: mode });
  }
}
// cumulative flags stay set; register aliasing; high registers
add('arith', 'vadd.f32 s0, s1, s2', { s: { 1: 0x3f800000, 2: 0x3f800000 }, fpscr: 0x9f });
add('arith', 'vadd.f32 s31, s31, s31', { s: { 31: 0x3fc00000 } });
add('arith', 'vmul.f64 d31, d16, d31', { d: { 16: '4000000000000000', 31: 'c008000000000000' } });
add('arith', 'vsub.f64 d17, d17, d17', { d: { 17: '7ff0000000000000' } });
add('arith', 'vdiv.f32 s17, s30, s3', { s: { 30: 0x3f800000, 3: 0x40400000 } });


// ---------------------------------------------------------------------------
// mac: VMLA VMLS VNMLA VNMLS (two roundings), VFMA VFMS VFNMA VFNMS (fused)

const f32bits = (x) => new Uint32Array(new Float32Array([x]).buffer)[0];
const s3 = (a, b, c) => ({ 0: a, 1: b, 2: c });
const d3 = (a, b, c) => ({ 0: a, 1: b, 2: c });
{
  const ops = ['vmla', 'vmls', 'vnmla', 'vnmls', 'vfma', 'vfms', 'vfnma', 'vfnms'];
  const pick32 = () => F32[rnd() % F32.length];
  const pick64 = () => F64[rnd() % F64.length];
  // NaN priority and the (inf, 0, qNaN) rule: operands from {sNaN, -qNaN, inf, 0, 1}
  const n32 = [0x7f800011, 0xffc00022, 0x7f800000, 0x00000000, 0x3f800000];
  const n64 = ['7ff0000000000011', 'fff8000000000022', '7ff0000000000000', '0000000000000000', '3ff0000000000000'];
  for (const op of ops) {
    for (let i = 0; i < 125; i++) {
      const a = i % 5, b = Math.floor(i / 5) % 5, c = Math.floor(i / 25);
      if ((a + b + c) % 2 && !(a === 1 && ((b === 2 && c === 3) || (b === 3 && c === 2)))) continue;
      add('mac', `${op}.f32 s0, s1, s2`, { s: s3(n32[a], n32[b], n32[c]) });
      if (i % 3 === 0) add('mac', `${op}.f64 d0, d1, d2`, { d: d3(n64[a], n64[b], n64[c]) });
    }
    for (let i = 0; i < 24; i++) add('mac', `${op}.f32 s0, s1, s2`, { s: s3(pick32(), pick32(), pick32()) });
    for (let i = 0; i < 24; i++) add('mac', `${op}.f64 d0, d1, d2`, { d: d3(pick64(), pick64(), pick64()) });
    // products that need more than the target precision, in every rounding mode
    for (const [mode] of MODES) {
      for (const fz of [0, FZ]) {
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0xbf800000, 0x3f800001, 0x3f7ffffe), fpscr: mode | fz });
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x3f800000, 0x33800000, 0x3f800001), fpscr: mode | fz });
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x00800000, 0x00800000, 0x7f000000), fpscr: mode | fz });
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x80000001, 0x3f000000, 0x3f000000), fpscr: mode | fz });
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x7f7fffff, 0x7f000000, 0x40000000), fpscr: mode | fz });
        add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x3f800000, 0xbf800000, 0x3f800000), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3('bff0000000000000', '3ff0000000000001', '3feffffffffffffe'), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3('3ff0000000000000', '3ca0000000000000', '3ff0000000000001'), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3('0010000000000000', '0010000000000000', '7fe0000000000000'), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3('8000000000000001', '3fe0000000000000', '3fe0000000000000'), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3('3ff0000000000000', 'bff0000000000000', '3ff0000000000000'), fpscr: mode | fz });
        add('mac', `${op}.f64 d0, d1, d2`, { d: d3(rndF64(), rndF64(), rndF64()), fpscr: mode | fz });
      }
    }
    add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x7f800001, 0x3f800000, 0x7fc00000), fpscr: DN });
    add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x7f800011, 0x7f800000, 0x00000000) });
    // the double sum of product and addend is a single-precision midpoint; the exact value is not
    add('mac', `${op}.f32 s0, s1, s2`, { s: s3(f32bits(1 + 2 ** -23), f32bits(1 + 2 ** -15), f32bits(2 ** -24 * (1 - 2 ** -15))) });
    add('mac', `${op}.f64 d0, d1, d2`, { d: d3('7ff0000000000011', '0000000000000000', 'fff0000000000000') });
    add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0xffc00022, 0x80000000, 0xff800000) });
    add('mac', `${op}.f64 d0, d1, d2`, { d: d3('7ff0000000000001', '3ff0000000000000', '7ff8000000000000'), fpscr: DN });
    add('mac', `${op}.f32 s0, s0, s0`, { s: { 0: 0x40000000 } });
    add('mac', `${op}.f64 d5, d5, d20`, { d: { 5: '4000000000000000', 20: 'c008000000000000' } });
    add('mac', `${op}.f32 s0, s1, s2`, { s: s3(0x3f800000, 0x40000000, 0x40400000), fpscr: 0x00010000 });
  }
}

// ---------------------------------------------------------------------------
// unary: VMOV (register), VABS, VNEG, VSQRT

for (const op of ['vmov', 'vabs', 'vneg', 'vsqrt']) {
  F32.forEach((a) => add('unary', `${op}.f32 s0, s1`, { s: { 1: a } }));
  F64.forEach((a) => add('unary', `${op}.f64 d0, d1`, { d: { 1: a } }));
  add('unary', `${op}.f32 s0, s1`, { s: { 1: 0x80000001 }, fpscr: FZ });
  add('unary', `${op}.f64 d31, d16`, { d: { 16: '800fffffffffffff' }, fpscr: FZ | DN });
  add('unary', `${op}.f32 s0, s1`, { s: { 1: 0xff812345 }, fpscr: DN });
}
for (const [mode] of MODES) {
  for (const a of [0x40000000, 0x3f800001, 0x00000002, 0x00000001, 0x00800000, 0x7f7fffff, 0x40490fdb, 0x3fffffff]) {
    add('unary', 'vsqrt.f32 s0, s1', { s: { 1: a }, fpscr: mode });
  }
  for (const a of ['4000000000000000', '3ff0000000000001', '0000000000000002', '0000000000000001',
    '0010000000000000', '7fefffffffffffff', '400921fb54442d18', '3fffffffffffffff']) {
    add('unary', 'vsqrt.f64 d0, d1', { d: { 1: a }, fpscr: mode });
  }
  for (let i = 0; i < 6; i++) {
    add('unary', 'vsqrt.f32 s0, s1', { s: { 1: rndF32() & 0x7fffffff }, fpscr: mode });
    add('unary', 'vsqrt.f64 d0, d1', { d: { 1: (parseInt(rndF64().slice(0, 1), 16) & 7).toString(16) + rndF64().slice(1) }, fpscr: mode });
  }
}
add('unary', 'vsqrt.f32 s0, s1', { s: { 1: 0x00000001 }, fpscr: FZ });
add('unary', 'vsqrt.f64 d0, d1', { d: { 1: '0000000000000001' }, fpscr: FZ });

// ---------------------------------------------------------------------------
// cmp: VCMP, VCMPE (register and #0), then VMRS APSR_nzcv, fpscr

{
  const c32 = [0x00000000, 0x80000000, 0x00000001, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7f800001, 0x3f800001];
  const c64 = ['0000000000000000', '8000000000000000', '0000000000000001', '3ff0000000000000', 'bff0000000000000',
    '7ff0000000000000', 'fff0000000000000', '7ff8000000000000', '7ff0000000000001', '3ff0000000000001'];
  for (const e of ['', 'e']) {
    c32.forEach((a, i) => c32.forEach((b, j) => {
      if ((i + j) % 2 === 0) add('cmp', `vcmp${e}.f32 s1, s2; vmrs APSR_nzcv, fpscr`, { s: { 1: a, 2: b } });
    }));
    c64.forEach((a, i) => c64.forEach((b, j) => {
      if ((i + j) % 2 === 1) add('cmp', `vcmp${e}.f64 d1, d2; vmrs APSR_nzcv, fpscr`, { d: { 1: a, 2: b } });
    }));
    c32.forEach((a) => add('cmp', `vcmp${e}.f32 s3, #0; vmrs APSR_nzcv, fpscr`, { s: { 3: a }, flags: 0xf8000000 }));
    c64.forEach((a) => add('cmp', `vcmp${e}.f64 d17, #0; vmrs APSR_nzcv, fpscr`, { d: { 17: a } }));
    add('cmp', `vcmp${e}.f32 s1, s2`, { s: { 1: 0x00000001, 2: 0x80000000 }, fpscr: FZ });
    add('cmp', `vcmp${e}.f64 d1, d2`, { d: { 1: '8000000000000001', 2: '0000000000000000' }, fpscr: FZ | 0x9f });
    add('cmp', `vcmp${e}.f32 s1, s2`, { s: { 1: 0x3f800000, 2: 0x3f800000 }, fpscr: 0xf0000000 });
  }
  add('cmp', 'vmrs APSR_nzcv, fpscr', { fpscr: 0xa0000000, flags: 0x580f0000 });
  add('cmp', 'vmrs r0, fpscr', { fpscr: 0x5000009f });
}

// ---------------------------------------------------------------------------
// cvt: between single and double precision, and to and from 32-bit integers

{
  F32.forEach((a) => add('cvt', 'vcvt.f64.f32 d0, s3', { s: { 3: a } }));
  F64.forEach((a) => add('cvt', 'vcvt.f32.f64 s0, d1', { d: { 1: a } }));
  for (const [mode] of MODES) {
    for (const fz of [0, FZ | DN]) {
      for (const a of ['36a0000000000000', '36a0000000000001', '380fffffffffffff', '380ffffff0000000', '380ffffff0000001',
        '3810000000000000', '47efffffe0000000', '47efffffefffffff', '47efffff00000001', '3ff0000010000000',
        'bff0000010000001', '0000000000000001', '7ff4000000000001', 'c7efffffe0000000', '36980000000000001'.slice(0, 16)]) {
        add('cvt', 'vcvt.f32.f64 s0, d1', { d: { 1: a }, fpscr: mode | fz });
      }
      add('cvt', 'vcvt.f64.f32 d0, s3', { s: { 3: 0x807fffff }, fpscr: mode | fz });
      add('cvt', 'vcvt.f64.f32 d0, s3', { s: { 3: 0xff812345 }, fpscr: mode | fz });
    }
  }
  const f32ints = [0x00000000, 0x80000000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000,
    0x3f800001, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000, 0xbf7fffff, 0x7f800000,
    0xff800000, 0x7fc00000, 0x7f800001, 0x00000001, 0x80800000, 0x4b000001, 0x3f7fffff];
  const f64ints = ['0000000000000000', '8000000000000000', '3fe0000000000000', 'bfe0000000000000', '3ff8000000000000',
    'bff8000000000000', '4004000000000000', 'c004000000000000', '41dfffffffc00000', '41dfffffffe00000',
    '41e0000000000000', 'c1e0000000000000', 'c1e0000000100000', 'c1e0000000200000', '41efffffffe00000',
    '41efffffffe00001', '41f0000000000000', 'bfefffffffffffff', '7ff0000000000000', 'fff0000000000000',
    '7ff8000000000000', '7ff0000000000001', '0000000000000001', '4330000000000001'];
  for (const [mode] of MODES) {
    for (const dt of ['s32', 'u32']) {
      for (const r of mode === RN ? ['', 'r'] : ['r']) {
        f32ints.forEach((a, i) => { if (mode === RN || i % 2 === 0) add('cvt', `vcvt${r}.${dt}.f32 s0, s1`, { s: { 1: a }, fpscr: mode }); });
        f64ints.forEach((a, i) => { if (mode === RN || i % 2 === 1) add('cvt', `vcvt${r}.${dt}.f64 s0, d1`, { d: { 1: a }, fpscr: mode }); });
      }
    }
  }
  add('cvt', 'vcvt.s32.f32 s0, s1', { s: { 1: 0x00000001 }, fpscr: FZ });
  add('cvt', 'vcvt.u32.f64 s0, d1', { d: { 1: '8000000000000001' }, fpscr: FZ });
  add('cvt', 'vcvt.s32.f64 s31, d31', { d: { 31: 'c0934a4000000000' } });
  const ints = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0x01000003, 0x7fffffc0, 0x7fffffbf, 0xfefffffe,
    0x00ffffff, 0x80000081, 0x12345678];
  for (const [mode] of MODES) {
    for (const dt of ['s32', 'u32']) {
      ints.forEach((x) => add('cvt', `vcvt.f32.${dt} s0, s1`, { s: { 1: x }, fpscr: mode }));
      if (mode === RN) ints.forEach((x) => add('cvt', `vcvt.f64.${dt} d0, s3`, { s: { 3: x }, fpscr: mode }));
    }
  }
  add('cvt', 'vcvt.f64.s32 d16, s0', { s: { 0: 0x80000000 } });
  add('cvt', 'vcvt.f32.s32 s5, s5', { s: { 5: 0x00000007 }, fpscr: FZ });
}

// ---------------------------------------------------------------------------
// fixed: VCVT between floating point and fixed point

{
  const v32 = [0x00000000, 0x3f800000, 0xbf800000, 0x3e800001, 0x46fffe00, 0x47000000, 0xc7000000, 0xc7000080,
    0x477fff00, 0x47800000, 0x4f000000, 0x7fc00000, 0xff800000, 0x3f400000, 0x00000001, 0x7f800001];
  const v64 = ['0000000000000000', '3ff0000000000000', 'bff0000000000000', '3fd0000000000001', '40dfffc000000000',
    '40e0000000000000', 'c0e0000000000000', 'c0e0001000000000', '40efffe000000000', '40f0000000000000',
    '41e0000000000000', '7ff8000000000000', 'fff0000000000000', '3fe8000000000000', '0000000000000001', '41dfffffffc00000'];
  for (const dt of ['s16', 'u16', 's32', 'u32']) {
    const size = dt.endsWith('16') ? 16 : 32;
    for (const fb of size === 16 ? [1, 8, 16] : [1, 16, 32]) {
      v32.forEach((a, i) => { if ((i + fb) % 2 === 0) add('fixed', `vcvt.${dt}.f32 s3, s3, #${fb}`, { s: { 3: a } }); });
      v64.forEach((a, i) => { if ((i + fb) % 2 === 1) add('fixed', `vcvt.${dt}.f64 d3, d3, #${fb}`, { d: { 3: a } }); });
      for (const x of [0, 1, 0xffff, 0x8000, 0x7fff, 0xffff8000, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678]) {
        if (size === 16 && x > 0xffff && x !== 0xffff8000) continue;
        add('fixed', `vcvt.f32.${dt} s4, s4, #${fb}`, { s: { 4: x, 5: 0xcafef00d } });
        add('fixed', `vcvt.f64.${dt} d4, d4, #${fb}`, { d: { 4: 'deadbeef' + (x >>> 0).toString(16).padStart(8, '0') } });
      }
    }
  }
  for (const [mode] of MODES) {
    add('fixed', 'vcvt.f32.u32 s4, s4, #1', { s: { 4: 0xffffffff }, fpscr: mode });
    add('fixed', 'vcvt.f32.s32 s4, s4, #32', { s: { 4: 0x80000081 }, fpscr: mode });
    add('fixed', 'vcvt.s32.f32 s4, s4, #4', { s: { 4: 0xbf8ccccd }, fpscr: mode });
    add('fixed', 'vcvt.s16.f64 d4, d4, #4', { d: { 4: 'bff199999999999a' }, fpscr: mode });
  }
  add('fixed', 'vcvt.f32.s32 s4, s4, #32', { s: { 4: 0x00000001 }, fpscr: FZ });
  add('fixed', 'vcvt.u32.f32 s4, s4, #16', { s: { 4: 0x00000001 }, fpscr: FZ });
}

// ---------------------------------------------------------------------------
// half: VCVTB / VCVTT between half and single precision

{
  const h = [0x0000, 0x8000, 0x0001, 0x83ff, 0x0400, 0x3c00, 0xbc01, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0xfe12,
    0x7c01, 0xfd23, 0x3555];
  for (const ahp of [0, AHP, DN]) {
    h.forEach((x, i) => {
      add('half', 'vcvtb.f32.f16 s0, s1', { s: { 1: 0xabcd0000 | x }, fpscr: ahp });
      if (i % 2 === 0) add('half', 'vcvtt.f32.f16 s0, s1', { s: { 1: (x << 16) | 0x1234 }, fpscr: ahp });
    });
  }
  const f = [0x00000000, 0x80000000, 0x33800000, 0x33000000, 0x33000001, 0x387fc000, 0x387fe000, 0x38800000, 0x3f800000,
    0x3f801000, 0x3f801001, 0x3f803000, 0x477fe000, 0x477ff000, 0x477fefff, 0x47800000, 0xc7800000, 0x7f800000,
    0xff800000, 0x7fc00000, 0xffc12345, 0x7f812345, 0x00000001, 0x0000ffff];
  for (const [mode] of MODES) {
    for (const extra of mode === RN ? [0, AHP, DN, FZ] : [0]) {
      f.forEach((x, i) => {
        add('half', 'vcvtb.f16.f32 s0, s1', { s: { 0: 0x55556666, 1: x }, fpscr: mode | extra });
        if (i % 3 === 0) add('half', 'vcvtt.f16.f32 s0, s1', { s: { 0: 0x55556666, 1: x }, fpscr: mode | extra });
      });
    }
  }
}

// ---------------------------------------------------------------------------
// move: VMOV immediate, core <-> single/double/scalar, VDUP (core register)

{
  for (const imm of ['1.0', '-2.0', '0.125', '31.0', '-0.1875', '1.9375', '0.5', '16.0']) {
    add('move', `vmov.f32 s7, #${imm}`);
    add('move', `vmov.f64 d9, #${imm}`);
  }
  add('move', 'vmov.f64 d30, #-1.5');
  add('move', 'vmov s0, r1', { r: { 1: 0x7f800001 } });
  add('move', 'vmov s31, r12', { r: { 12: 0x12345678 } });
  add('move', 'vmov r3, s17', { s: { 17: 0xfedcba98 } });
  add('move', 'vmov d3, r4, r5', { r: { 4: 0x11111111, 5: 0x7ff00001 } });
  add('move', 'vmov d31, r0, r0', { r: { 0: 0x89abcdef } });
  add('move', 'vmov r6, r7, d19', { d: { 19: '0123456789abcdef' } });
  add('move', 'vmov s2, s3, r8, r9', { r: { 8: 1, 9: 2 } });
  add('move', 'vmov s30, s31, r8, r9', { r: { 8: 0xaaaaaaaa, 9: 0xbbbbbbbb } });
  add('move', 'vmov r10, r11, s5, s6', { s: { 5: 0x3f800000, 6: 0xff800000 } });
  add('move', 'vmov.32 d0[1], r2', { r: { 2: 0xcafebabe } });
  add('move', 'vmov.32 d17[0], r2', { r: { 2: 0xcafebabe } });
  add('move', 'vmov.32 r4, d17[1]', { d: { 17: '8000000100000002' } });
  for (let i = 0; i < 8; i++) {
    add('move', `vmov.8 d5[${i}], r2`, { r: { 2: 0x123456f0 + i } });
    add('move', `vmov.u8 r2, d21[${i}]`, { d: { 21: '8091a2b3c4d5e6f7' } });
    add('move', `vmov.s8 r2, d21[${i}]`, { d: { 21: '8091a2b3c4d5e6f7' } });
  }
  for (let i = 0; i < 4; i++) {
    add('move', `vmov.16 d6[${i}], r3`, { r: { 3: 0x1234f00d } });
    add('move', `vmov.u16 r1, d6[${i}]`, { d: { 6: '80017fff0000ffff' } });
    add('move', `vmov.s16 r1, d6[${i}]`, { d: { 6: '80017fff0000ffff' } });
  }
  for (const dt of ['8', '16', '32']) {
    add('move', `vdup.${dt} d2, r0`, { r: { 0: 0x89abcdef } });
    add('move', `vdup.${dt} q8, r1`, { r: { 1: 0x01234567 } });
  }
}

// ---------------------------------------------------------------------------
// sysreg: VMRS/VMSR, FPEXC.EN, FPSCR.LEN/STRIDE

{
  for (const reg of ['fpsid', 'fpscr', 'mvfr0', 'mvfr1', 'fpexc']) add('sysreg', `vmrs r0, ${reg}`, { fpscr: 0x12345 & 0x9f });
  for (const x of [0xffffffff, 0x00000000, 0x0370009f, 0xf8c00000, 0x00080000, 0x0000ff00, 0x07000060]) {
    add('sysreg', 'vmsr fpscr, r1; vmrs r2, fpscr', { r: { 1: x } });
  }
  add('sysreg', 'vmsr fpexc, r1; vmrs r2, fpexc', { r: { 1: 0xffffffff } });
  add('sysreg', 'vmsr fpexc, r1; vmrs r2, fpexc', { r: { 1: 0x80000000 } });
  add('sysreg', 'vmsr fpsid, r1; vmrs r2, fpsid', { r: { 1: 0 } });
  // FPEXC.EN = 0: everything but the system registers is UNDEFINED
  for (const asm of ['vadd.f32 s0, s1, s2', 'vmrs r0, fpscr', 'vmsr fpscr, r0', 'vmov s0, r1', 'vldr d0, [r0]',
    'vmov r0, r1, d0', 'vcmp.f32 s0, s1']) {
    add('sysreg', `${asm}; mov r5, #1`, { fpexc: 0, r: { 0: 0x40100080 } });
  }
  add('sysreg', 'vmrs r0, fpexc; vmrs r1, fpsid; vmrs r2, mvfr0; vmrs r3, mvfr1', { fpexc: 0 });
  add('sysreg', 'vmsr fpexc, r4; vadd.f32 s0, s1, s2', { fpexc: 0, r: { 4: 0x40000000 } });
  // short vectors: UNDEFINED for the vector-capable operations
  for (const len of [0x00010000, 0x00100000, 0x00300000, 0x00070000]) {
    for (const asm of ['vadd.f32 s0, s1, s2', 'vmul.f64 d0, d1, d2', 'vmla.f32 s0, s1, s2', 'vfma.f64 d0, d1, d2',
      'vmov.f32 s0, #1.0', 'vmov.f64 d0, d1', 'vneg.f32 s0, s1', 'vsqrt.f64 d0, d1', 'vabs.f32 s0, s1',
      'vdiv.f32 s0, s1, s2', 'vnmul.f64 d0, d1, d2', 'vcmp.f32 s0, s1', 'vcvt.f64.f32 d0, s1', 'vcvt.s32.f32 s0, s1',
      'vcvt.f32.u32 s0, s1', 'vcvtb.f16.f32 s0, s1', 'vcvt.s16.f32 s0, s0, #1', 'vmov s0, r1', 'vldr s0, [r0]']) {
      if (len !== 0x00010000 && !/vadd|vmov.f64|vcmp|vcvt.f64/.test(asm)) continue;
      add('sysreg', `${asm}; mov r5, #1`, { fpscr: len, r: { 0: 0x40100080 } });
    }
  }
}

// ---------------------------------------------------------------------------
// ldst: VLDR VSTR VLDM VSTM VPUSH VPOP

{
  const mem = true;
  const base = 0x40100080;
  for (const off of [0, 4, 8, 252, -4, -128]) {
    const o = off < 0 ? `#-${-off}` : `#${off}`;
    if (Math.abs(off) <= 124) {
      add('ldst', `vldr s3, [r0, ${o}]`, { r: { 0: base }, mem });
      add('ldst', `vldr d18, [r0, ${o}]`, { r: { 0: base }, mem });
      add('ldst', `vstr s3, [r0, ${o}]`, { r: { 0: base }, s: { 3: 0x01020304 }, mem });
      add('ldst', `vstr d18, [r0, ${o}]`, { r: { 0: base }, d: { 18: '1112131415161718' }, mem });
    }
  }
  add('ldst', 'vldr d0, [r0, #-128]', { r: { 0: base }, mem });
  add('ldst', 'vstr s0, [r1, #124]', { r: { 1: base }, mem });
  for (const [asm, r0] of [
    ['vldmia r0, {s0-s3}', base], ['vldmia r0!, {s5-s9}', base], ['vldmdb r0!, {s20-s31}', base],
    ['vldmia r0, {d0-d3}', base - 64], ['vldmia r0!, {d14-d17}', base], ['vldmdb r0!, {d16-d31}', base + 0x40],
    ['vldmia r0, {d31}', base], ['vldmia r0!, {s31}', base],
    ['vstmia r0, {s0-s3}', base], ['vstmia r0!, {s5-s9}', base], ['vstmdb r0!, {s20-s31}', base],
    ['vstmia r0, {d0-d3}', base - 64], ['vstmia r0!, {d14-d17}', base], ['vstmdb r0!, {d16-d31}', base + 0x40],
    ['vldmia r0, {d0-d15}', base - 128], ['vstmia r0!, {d0-d15}', base - 128],
    // alignment faults
    ['vldr s0, [r0]', base + 2], ['vldr d0, [r0]', base + 4], ['vstr d1, [r0]', base + 1], ['vldmia r0!, {d0-d1}', base + 2],
    ['vstmdb r0!, {s0-s2}', base + 3], ['vldmia r0, {d0-d2}', base + 0xfe],
  ]) {
    add('ldst', asm, { r: { 0: r0 }, mem });
  }
  add('ldst', 'vpush {d8-d11}', { sp: base, mem });
  add('ldst', 'vpush {s1-s4}', { sp: base, mem });
  add('ldst', 'vpop {d8-d9}', { sp: base, mem });
  add('ldst', 'vpop {s16-s19}', { sp: base, mem });
  add('ldst', 'vpush {d0, d1}; vpop {d2, d3}', { sp: base, mem });
  add('ldst', 'setend be; vldr d0, [r0]; vldr s2, [r0]; setend le', { r: { 0: base }, mem });
  add('ldst', 'setend be; vstr d5, [r0]; vstmia r0, {d6, d7}; setend le', { r: { 0: base - 32 }, mem });
}

let built = false;
export function buildCases() {
  if (!built) { simdCases(); built = true; }
  return allCases();
}
