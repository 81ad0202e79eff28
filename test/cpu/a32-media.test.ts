// A32 media instructions (A5.4), saturating add/subtract (A5.2.6) and CLZ:
// results checked against models of the ARM ARM pseudocode (BigInt where
// products or shifts exceed 32 bits) over edge and seeded random values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE_BASE, runA32 } from '../helpers/a32.js';

const M32 = 0xffffffffn;
const FLAG_MASK = 0xf80f0000;
const N = 0x80000000, C = 0x20000000, V = 0x10000000, Q = 0x08000000;
const GE_SHIFT = 16;
const MODE_SVC = 0x13, MODE_UND = 0x1b;

const u32 = (v: number): bigint => BigInt(v >>> 0);
const s32 = (v: number): bigint => BigInt(v | 0);
const lo32 = (x: bigint): number => Number(x & M32);
const hi32 = (x: bigint): number => Number((x >> 32n) & M32);
const fits32 = (x: bigint): boolean => x >= -0x80000000n && x <= 0x7fffffffn;
const sh16 = (v: number, top: number): bigint => BigInt(top ? (v | 0) >> 16 : (v << 16) >> 16);
const fmt = (...v: number[]): string => v.map((x) => '0x' + (x >>> 0).toString(16)).join(',');

// ------------------------------------------------------------ encoders (pinned to assembler output below)

const encPar = (u: number, kind: number, op2: number, d: number, n: number, m: number): number =>
  (0xe6000f10 | (u << 22) | (kind << 20) | (n << 16) | (d << 12) | (op2 << 5) | m) >>> 0;
const encPkh = (tb: number, d: number, n: number, m: number, imm: number): number =>
  (0xe6800010 | (n << 16) | (d << 12) | (imm << 7) | (tb << 6) | m) >>> 0;
/** SSAT (u = 0, field = sat - 1) and USAT (u = 1, field = sat). */
const encSat = (u: number, field: number, d: number, n: number, asr: number, imm: number): number =>
  (0xe6a00010 | (u << 22) | (field << 16) | (d << 12) | (imm << 7) | (asr << 6) | n) >>> 0;
const encSat16 = (u: number, field: number, d: number, n: number): number =>
  (0xe6a00f30 | (u << 22) | (field << 16) | (d << 12) | n) >>> 0;
const encSel = (d: number, n: number, m: number): number => (0xe6800fb0 | (n << 16) | (d << 12) | m) >>> 0;
/** REV (op1 3, op2 1), REV16 (3, 5), RBIT (7, 1), REVSH (7, 5). */
const encRev = (op1: number, op2: number, d: number, m: number): number =>
  (0xe68f0f10 | (op1 << 20) | (d << 12) | (op2 << 5) | m) >>> 0;
/** Extends: op1 0 SXTAB16, 2 SXTAB, 3 SXTAH, 4 UXTAB16, 6 UXTAB, 7 UXTAH; n = 15 for the plain forms. */
const encExt = (op1: number, d: number, n: number, m: number, rot: number): number =>
  (0xe6800070 | (op1 << 20) | (n << 16) | (d << 12) | (rot << 10) | m) >>> 0;
const encSmul = (op1: number, op2: number, d: number, a: number, m: number, n: number): number =>
  (0xe7000010 | (op1 << 20) | (d << 16) | (a << 12) | (m << 8) | (op2 << 5) | n) >>> 0;
const encUsad = (d: number, a: number, m: number, n: number): number =>
  (0xe7800010 | (d << 16) | (a << 12) | (m << 8) | n) >>> 0;
const encBfx = (u: number, d: number, n: number, lsb: number, width: number): number =>
  (0xe7a00050 | (u << 22) | ((width - 1) << 16) | (d << 12) | (lsb << 7) | n) >>> 0;
const encBfi = (d: number, n: number, lsb: number, msb: number): number =>
  (0xe7c00010 | (msb << 16) | (d << 12) | (lsb << 7) | n) >>> 0;
const encQ = (op: number, d: number, m: number, n: number): number =>
  (0xe1000050 | (op << 21) | (n << 16) | (d << 12) | m) >>> 0;
const encClz = (d: number, m: number): number => (0xe16f0f10 | (d << 12) | m) >>> 0;

test('media encoders match the assembler', () => {
  const cases: [number, number][] = [
    [encPar(0, 1, 0, 0, 1, 2), 0xe6110f12], // sadd16 r0, r1, r2
    [encPar(1, 3, 7, 3, 4, 5), 0xe6743ff5], // uhsub8 r3, r4, r5
    [encPar(0, 2, 1, 6, 7, 8), 0xe6276f38], // qasx r6, r7, r8
    [encPar(1, 1, 2, 9, 10, 11), 0xe65a9f5b], // usax r9, r10, r11
    [encPkh(0, 0, 1, 2, 5), 0xe6810292], // pkhbt r0, r1, r2, lsl #5
    [encPkh(1, 0, 1, 2, 0), 0xe6810052], // pkhtb r0, r1, r2, asr #32
    [encPkh(1, 0, 1, 2, 7), 0xe68103d2], // pkhtb r0, r1, r2, asr #7
    [encSat(0, 7, 0, 1, 0, 3), 0xe6a70191], // ssat r0, #8, r1, lsl #3
    [encSat(0, 31, 0, 1, 1, 0), 0xe6bf0051], // ssat r0, #32, r1, asr #32
    [encSat(1, 0, 0, 1, 0, 0), 0xe6e00011], // usat r0, #0, r1
    [encSat(1, 31, 0, 1, 1, 4), 0xe6ff0251], // usat r0, #31, r1, asr #4
    [encSat16(0, 15, 0, 1), 0xe6af0f31], // ssat16 r0, #16, r1
    [encSat16(1, 15, 0, 1), 0xe6ef0f31], // usat16 r0, #15, r1
    [encSel(0, 1, 2), 0xe6810fb2], // sel r0, r1, r2
    [encRev(3, 1, 0, 1), 0xe6bf0f31], // rev r0, r1
    [encRev(3, 5, 0, 1), 0xe6bf0fb1], // rev16
    [encRev(7, 1, 0, 1), 0xe6ff0f31], // rbit
    [encRev(7, 5, 0, 1), 0xe6ff0fb1], // revsh
    [encExt(0, 0, 1, 2, 1), 0xe6810472], // sxtab16 r0, r1, r2, ror #8
    [encExt(0, 0, 15, 2, 3), 0xe68f0c72], // sxtb16 r0, r2, ror #24
    [encExt(2, 0, 1, 2, 0), 0xe6a10072], // sxtab r0, r1, r2
    [encExt(2, 0, 15, 2, 2), 0xe6af0872], // sxtb r0, r2, ror #16
    [encExt(3, 0, 1, 2, 0), 0xe6b10072], // sxtah
    [encExt(3, 0, 15, 2, 0), 0xe6bf0072], // sxth
    [encExt(4, 0, 1, 2, 0), 0xe6c10072], // uxtab16
    [encExt(4, 0, 15, 2, 0), 0xe6cf0072], // uxtb16
    [encExt(6, 0, 1, 2, 0), 0xe6e10072], // uxtab
    [encExt(6, 0, 15, 2, 0), 0xe6ef0072], // uxtb
    [encExt(7, 0, 1, 2, 3), 0xe6f10c72], // uxtah r0, r1, r2, ror #24
    [encExt(7, 0, 15, 2, 0), 0xe6ff0072], // uxth
    [encSmul(0, 0, 0, 3, 2, 1), 0xe7003211], // smlad r0, r1, r2, r3
    [encSmul(0, 1, 0, 3, 2, 1), 0xe7003231], // smladx
    [encSmul(0, 0, 0, 15, 2, 1), 0xe700f211], // smuad r0, r1, r2
    [encSmul(0, 3, 0, 15, 2, 1), 0xe700f271], // smusdx
    [encSmul(0, 2, 0, 3, 2, 1), 0xe7003251], // smlsd
    [encSmul(1, 0, 0, 15, 2, 1), 0xe710f211], // sdiv r0, r1, r2
    [encSmul(3, 0, 0, 15, 2, 1), 0xe730f211], // udiv r0, r1, r2
    [encSmul(4, 0, 1, 0, 3, 2), 0xe7410312], // smlald r0, r1, r2, r3
    [encSmul(4, 3, 1, 0, 3, 2), 0xe7410372], // smlsldx
    [encSmul(5, 0, 0, 3, 2, 1), 0xe7503211], // smmla r0, r1, r2, r3
    [encSmul(5, 1, 0, 15, 2, 1), 0xe750f231], // smmulr r0, r1, r2
    [encSmul(5, 6, 0, 3, 2, 1), 0xe75032d1], // smmls
    [encSmul(5, 7, 0, 3, 2, 1), 0xe75032f1], // smmlsr
    [encUsad(0, 15, 2, 1), 0xe780f211], // usad8 r0, r1, r2
    [encUsad(0, 3, 2, 1), 0xe7803211], // usada8 r0, r1, r2, r3
    [encBfx(0, 0, 1, 3, 5), 0xe7a401d1], // sbfx r0, r1, #3, #5
    [encBfx(1, 0, 1, 0, 32), 0xe7ff0051], // ubfx r0, r1, #0, #32
    [encBfi(0, 15, 4, 11), 0xe7cb021f], // bfc r0, #4, #8
    [encBfi(0, 1, 31, 31), 0xe7df0f91], // bfi r0, r1, #31, #1
    [encQ(0, 0, 1, 2), 0xe1020051], // qadd r0, r1, r2
    [encQ(1, 0, 1, 2), 0xe1220051], // qsub
    [encQ(2, 0, 1, 2), 0xe1420051], // qdadd
    [encQ(3, 0, 1, 2), 0xe1620051], // qdsub
    [encClz(0, 1), 0xe16f0f11], // clz r0, r1
  ];
  for (const [got, want] of cases) assert.equal(got.toString(16), want.toString(16));
});

// ------------------------------------------------------------ harness

const EDGE = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
  0xffffffff, 0x80808080, 0x7f7f7f7f, 0x01ff80fe, 0x12345678, 0xdeadbeef, 0x7fff8000, 0x8000ffff,
];
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}
const rnd = prng(0x0badcafe);
const VALUES = [...EDGE, ...Array.from({ length: 10 }, () => rnd())];
const PAIRS: [number, number][] = [];
for (const a of VALUES) for (const b of VALUES) PAIRS.push([a, b]);
const third = (i: number): number => VALUES[(i * 7 + 3) % VALUES.length];
const fourth = (i: number): number => VALUES[(i * 5 + 1) % VALUES.length];
/** Initial flags: NZCV, Q and GE vary; instructions must leave alone what they do not define. */
const initFlags = (i: number): number => [0, N | C, Q | (0x5 << GE_SHIFT), V | Q | (0xf << GE_SHIFT), 0xa << GE_SHIFT][i % 5] >>> 0;

const BASE_R = [0xa0a0a0a0, 0xa1a1a1a1, 0xa2a2a2a2, 0xa3a3a3a3, 0xa4a4a4a4, 0xa5a5a5a5, 0xa6a6a6a6,
  0xa7a7a7a7, 0xa8a8a8a8, 0xa9a9a9a9, 0xaaaaaaaa, 0xabababab, 0xacacacac];

function check(word: number, set: Record<number, number>, flags: number, expect: Record<number, number>,
  expFlags: number, what: string): void {
  const r = BASE_R.slice();
  for (const k of Object.keys(set)) r[+k] = set[+k] >>> 0;
  const res = runA32([word], { r, flags });
  const want = r.slice();
  for (const k of Object.keys(expect)) want[+k] = expect[+k] >>> 0;
  const hex = (a: number[]): string => a.map((v) => v.toString(16)).join(' ');
  assert.equal(hex(res.r), hex(want), `${what}: registers`);
  assert.equal(((res.cpsr & FLAG_MASK) >>> 0).toString(16), ((expFlags & FLAG_MASK) >>> 0).toString(16), `${what}: flags`);
  assert.equal(res.cpsr & 0x1f, MODE_SVC, `${what}: mode`);
}

function assertUndefined(word: number, what: string): void {
  const res = runA32([word], { r: BASE_R });
  assert.equal(res.cpsr & 0x1f, MODE_UND, `${what}: should be UNDEFINED (${word.toString(16)})`);
  assert.equal(res.core.R[14], CODE_BASE + 4, `${what}: LR_und`);
  assert.deepEqual(res.r, BASE_R, `${what}: no register written`);
}

const withGe = (flags: number, ge: number): number => ((flags & ~(0xf << GE_SHIFT)) | (ge << GE_SHIFT)) >>> 0;

// ------------------------------------------------------------ parallel add/subtract

/** Per result lane i: which lane of Rm is combined with lane i of Rn, and the sign. */
const PAR_OPS: { name: string; op2: number; width: number; lanes: [number, number][] }[] = [
  { name: 'ADD16', op2: 0, width: 16, lanes: [[0, 1], [1, 1]] },
  { name: 'ASX', op2: 1, width: 16, lanes: [[1, -1], [0, 1]] },
  { name: 'SAX', op2: 2, width: 16, lanes: [[1, 1], [0, -1]] },
  { name: 'SUB16', op2: 3, width: 16, lanes: [[0, -1], [1, -1]] },
  { name: 'ADD8', op2: 4, width: 8, lanes: [[0, 1], [1, 1], [2, 1], [3, 1]] },
  { name: 'SUB8', op2: 7, width: 8, lanes: [[0, -1], [1, -1], [2, -1], [3, -1]] },
];
/** [prefix, U bit, op1 bits 21:20] */
const PAR_KINDS: [string, number, number][] = [['S', 0, 1], ['Q', 0, 2], ['SH', 0, 3], ['U', 1, 1], ['UQ', 1, 2], ['UH', 1, 3]];

function lane(v: number, i: number, width: number, signed: boolean): number {
  const raw = Math.floor((v >>> 0) / 2 ** (i * width)) % 2 ** width;
  return signed && raw >= 2 ** (width - 1) ? raw - 2 ** width : raw;
}

/** Model of one parallel instruction: result and GE (null when GE is not written). */
function parModel(kind: string, width: number, lanes: [number, number][], a: number, b: number): [number, number | null] {
  const signed = kind[0] !== 'U';
  const base = kind.replace(/^U/, '') || 'S';
  let res = 0, ge = 0;
  const geBits = width / 8;
  lanes.forEach(([j, sg], i) => {
    const v = lane(a, i, width, signed) + sg * lane(b, j, width, signed);
    let r: number;
    if (base === 'S') {
      r = v;
      const set = signed ? v >= 0 : sg > 0 ? v >= 2 ** width : v >= 0;
      if (set) ge |= ((1 << geBits) - 1) << (i * geBits);
    } else if (base === 'Q') {
      const lo = signed ? -(2 ** (width - 1)) : 0, hi = signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
      r = Math.min(hi, Math.max(lo, v));
    } else {
      r = Math.floor(v / 2);
    }
    res += (((r % 2 ** width) + 2 ** width) % 2 ** width) * 2 ** (i * width);
  });
  return [res, base === 'S' ? ge : null];
}

test('parallel add/subtract: all 36 instructions, results and GE', () => {
  for (const [prefix, u, kind] of PAR_KINDS) {
    for (const op of PAR_OPS) {
      const word = encPar(u, kind, op.op2, 0, 1, 2);
      PAIRS.forEach(([a, b], i) => {
        const f = initFlags(i);
        const [r, ge] = parModel(prefix, op.width, op.lanes, a, b);
        check(word, { 1: a, 2: b }, f, { 0: r }, ge === null ? f : withGe(f, ge), `${prefix}${op.name} ${fmt(a, b)}`);
      });
    }
  }
});

test('parallel add/subtract: hand-checked values', () => {
  const f = Q | C;
  // sadd16: lanes 2 (GE 11) and -32769 -> 0x7fff (GE 00)
  check(encPar(0, 1, 0, 0, 1, 2), { 1: 0x80000001, 2: 0xffff0001 }, f, { 0: 0x7fff0002 }, withGe(f, 0x3), 'sadd16');
  // qadd16 saturates the top lane to 0x8000
  check(encPar(0, 2, 0, 0, 1, 2), { 1: 0x80000001, 2: 0xffff0001 }, f, { 0: 0x80000002 }, f, 'qadd16');
  // uadd16: top lane carries out (GE 11), bottom does not
  check(encPar(1, 1, 0, 0, 1, 2), { 1: 0x80000001, 2: 0xffff0001 }, f, { 0: 0x7fff0002 }, withGe(f, 0xc), 'uadd16');
  // uqadd16 saturates the top lane to 0xffff
  check(encPar(1, 2, 0, 0, 1, 2), { 1: 0x80000001, 2: 0xffff0001 }, f, { 0: 0xffff0002 }, f, 'uqadd16');
  // usub8: 1-2 borrows (GE0 = 0), others not
  check(encPar(1, 1, 7, 0, 1, 2), { 1: 0x05050501, 2: 0x01020302 }, 0, { 0: 0x040302ff }, withGe(0, 0xe), 'usub8');
  // ssub8: 0x80 - 1 = -129 -> 0x7f with GE 0
  check(encPar(0, 1, 7, 0, 1, 2), { 1: 0x00000080, 2: 0x00000001 }, 0, { 0: 0x0000007f }, withGe(0, 0xe), 'ssub8');
  // qsub8 saturates it to 0x80
  check(encPar(0, 2, 7, 0, 1, 2), { 1: 0x00000080, 2: 0x00000001 }, 0, { 0: 0x00000080 }, 0, 'qsub8');
  // shadd8: (-128 + -128) / 2 = -128; (127 + 127) / 2 = 127; (-1 + 0) / 2 = -1 (floor)
  check(encPar(0, 3, 4, 0, 1, 2), { 1: 0x807fff00, 2: 0x807f0000 }, 0, { 0: 0x807fff00 }, 0, 'shadd8');
  // uhsub16: (0 - 1) >> 1 = 0xffff (bits 16:1 of -1); (0x10 - 0x8) >> 1 = 4
  check(encPar(1, 3, 3, 0, 1, 2), { 1: 0x00000010, 2: 0x00010008 }, 0, { 0: 0xffff0004 }, 0, 'uhsub16');
  // sasx: lo = 5 - hi(1) = 4, hi = 0x7fff + lo(1) = 0x8000 (GE 11 either way: 32768 >= 0)
  check(encPar(0, 1, 1, 0, 1, 2), { 1: 0x7fff0005, 2: 0x00010001 }, 0, { 0: 0x80000004 }, withGe(0, 0xf), 'sasx');
  // uasx: lo = 0 - 1 borrows (GE 00), hi = 0xffff + 1 carries (GE 11)
  check(encPar(1, 1, 1, 0, 1, 2), { 1: 0xffff0000, 2: 0x00010001 }, 0, { 0: 0x0000ffff }, withGe(0, 0xc), 'uasx');
  // usax: lo = 0xffff + hi(1) carries (GE 11), hi = 0 - 1 borrows (GE 00)
  check(encPar(1, 1, 2, 0, 1, 2), { 1: 0x0000ffff, 2: 0x00010001 }, 0, { 0: 0xffff0000 }, withGe(0, 0x3), 'usax');
});

test('parallel add/subtract UNDEFINED and UNPREDICTABLE encodings', () => {
  assertUndefined(encPar(0, 0, 0, 0, 1, 2), 'op1 00');
  assertUndefined(encPar(1, 0, 0, 0, 1, 2), 'op1 100');
  assertUndefined(encPar(0, 1, 5, 0, 1, 2), 'op2 101');
  assertUndefined(encPar(1, 1, 6, 0, 1, 2), 'op2 110');
  assertUndefined(encPar(0, 1, 0, 15, 1, 2), 'sadd16 pc');
  assertUndefined(encPar(1, 2, 0, 0, 15, 2), 'uqadd16 rn=pc');
  assertUndefined(encPar(0, 3, 4, 0, 1, 15), 'shadd8 rm=pc');
});

// ------------------------------------------------------------ pack, saturate, select, reverse, extend

test('PKHBT and PKHTB', () => {
  PAIRS.forEach(([a, b], i) => {
    const imm = i % 32;
    const bt = lo32((u32(b) << BigInt(imm)) & M32);
    check(encPkh(0, 0, 1, 2, imm), { 1: a, 2: b }, 0, { 0: ((bt & 0xffff0000) | (a & 0xffff)) >>> 0 }, 0,
      `pkhbt lsl ${imm} ${fmt(a, b)}`);
    const sh = imm === 0 ? 32 : imm;
    const tb = lo32(s32(b) >> BigInt(sh));
    check(encPkh(1, 0, 1, 2, imm), { 1: a, 2: b }, 0, { 0: ((a & 0xffff0000) | (tb & 0xffff)) >>> 0 }, 0,
      `pkhtb asr ${sh} ${fmt(a, b)}`);
  });
  check(encPkh(1, 0, 1, 2, 0), { 1: 0x12345678, 2: 0x80000000 }, 0, { 0: 0x1234ffff }, 0, 'pkhtb asr #32');
  check(encPkh(0, 0, 1, 2, 16), { 1: 0x12345678, 2: 0x0000abcd }, 0, { 0: 0xabcd5678 }, 0, 'pkhbt lsl #16');
});

function satModel(v: bigint, bits: number, signed: boolean): [bigint, boolean] {
  const hi = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
  if (v > hi) return [hi, true];
  if (v < lo) return [lo, true];
  return [v, false];
}

test('SSAT and USAT with shifts; Q sticky', () => {
  VALUES.forEach((a, i) => {
    for (let bits = 1; bits <= 32; bits++) {
      for (const [asr, imm] of [[0, 0], [0, (bits * 3) % 32], [1, 0], [1, (bits * 5) % 32 || 1]]) {
        const f = initFlags(i + bits);
        const operand = asr ? s32(a) >> BigInt(imm === 0 ? 32 : imm) : s32(lo32(u32(a) << BigInt(imm)));
        const [r, sat] = satModel(operand, bits, true);
        check(encSat(0, bits - 1, 0, 1, asr, imm), { 1: a }, f, { 0: lo32(r) }, sat ? f | Q : f,
          `ssat #${bits} ${asr ? 'asr' : 'lsl'} ${imm} ${fmt(a)}`);
        const ubits = bits - 1;
        const [ur, usat] = satModel(operand, ubits, false);
        check(encSat(1, ubits, 0, 1, asr, imm), { 1: a }, f, { 0: lo32(ur) }, usat ? f | Q : f,
          `usat #${ubits} ${asr ? 'asr' : 'lsl'} ${imm} ${fmt(a)}`);
      }
    }
  });
  check(encSat(0, 7, 0, 1, 0, 0), { 1: 0x80 }, 0, { 0: 0x7f }, Q, 'ssat #8 128');
  check(encSat(0, 7, 0, 1, 0, 0), { 1: 0xffffff80 }, 0, { 0: 0xffffff80 }, 0, 'ssat #8 -128');
  check(encSat(1, 8, 0, 1, 0, 0), { 1: 0xffffffff }, 0, { 0: 0 }, Q, 'usat #8 -1');
  check(encSat(1, 8, 0, 1, 0, 4), { 1: 0x10 }, 0, { 0: 0xff }, Q, 'usat #8 lsl 4 of 0x10 = 0x100');
  check(encSat(0, 31, 0, 1, 1, 0), { 1: 0x80000000 }, 0, { 0: 0xffffffff }, 0, 'ssat #32 asr #32');
});

test('SSAT16 and USAT16', () => {
  PAIRS.forEach(([a], i) => {
    const bitsS = (i % 16) + 1, bitsU = i % 16, f = initFlags(i);
    const [l, sl] = satModel(sh16(a, 0), bitsS, true), [h, sh] = satModel(sh16(a, 1), bitsS, true);
    check(encSat16(0, bitsS - 1, 0, 1), { 1: a }, f, { 0: ((lo32(h) << 16) | (lo32(l) & 0xffff)) >>> 0 },
      sl || sh ? f | Q : f, `ssat16 #${bitsS} ${fmt(a)}`);
    const [ul, usl] = satModel(sh16(a, 0), bitsU, false), [uh, ush] = satModel(sh16(a, 1), bitsU, false);
    check(encSat16(1, bitsU, 0, 1), { 1: a }, f, { 0: ((lo32(uh) << 16) | lo32(ul)) >>> 0 },
      usl || ush ? f | Q : f, `usat16 #${bitsU} ${fmt(a)}`);
  });
  check(encSat16(0, 7, 0, 1), { 1: 0x8000007f }, 0, { 0: 0xff80007f }, Q, 'ssat16 #8');
  check(encSat16(1, 8, 0, 1), { 1: 0xffff0100 }, 0, { 0: 0x000000ff }, Q, 'usat16 #8');
});

test('SEL picks bytes by GE', () => {
  for (let ge = 0; ge < 16; ge++) {
    const a = 0x11223344, b = 0xaabbccdd;
    let r = 0;
    for (let i = 0; i < 4; i++) r += ((ge >> i) & 1 ? lane(a, i, 8, false) : lane(b, i, 8, false)) * 2 ** (8 * i);
    const f = withGe(Q | N, ge);
    check(encSel(0, 1, 2), { 1: a, 2: b }, f, { 0: r }, f, `sel ge=${ge}`);
  }
  check(encSel(0, 1, 2), { 1: 0x11223344, 2: 0xaabbccdd }, withGe(0, 0x5), { 0: 0xaa22cc44 }, withGe(0, 0x5), 'sel 0101');
});

test('REV, REV16, REVSH, RBIT', () => {
  for (const a of VALUES) {
    const bytes = [0, 1, 2, 3].map((i) => lane(a, i, 8, false));
    const rev = ((bytes[0] * 2 ** 24) + (bytes[1] << 16) + (bytes[2] << 8) + bytes[3]);
    const rev16 = ((bytes[2] * 2 ** 24) + (bytes[3] << 16) + (bytes[0] << 8) + bytes[1]);
    const revsh = lo32(BigInt(lane((bytes[0] << 8) | bytes[1], 0, 16, true)));
    const rbit = parseInt((a >>> 0).toString(2).padStart(32, '0').split('').reverse().join(''), 2);
    check(encRev(3, 1, 0, 1), { 1: a }, 0, { 0: rev }, 0, `rev ${fmt(a)}`);
    check(encRev(3, 5, 0, 1), { 1: a }, 0, { 0: rev16 }, 0, `rev16 ${fmt(a)}`);
    check(encRev(7, 5, 0, 1), { 1: a }, 0, { 0: revsh }, 0, `revsh ${fmt(a)}`);
    check(encRev(7, 1, 0, 1), { 1: a }, 0, { 0: rbit }, 0, `rbit ${fmt(a)}`);
  }
  check(encRev(3, 1, 0, 1), { 1: 0x12345678 }, 0, { 0: 0x78563412 }, 0, 'rev');
  check(encRev(3, 5, 0, 1), { 1: 0x12345678 }, 0, { 0: 0x34127856 }, 0, 'rev16');
  check(encRev(7, 5, 0, 1), { 1: 0x12345680 }, 0, { 0: 0xffff8056 }, 0, 'revsh');
  check(encRev(7, 1, 0, 1), { 1: 0x00000001 }, 0, { 0: 0x80000000 }, 0, 'rbit 1');
  check(encRev(7, 1, 0, 0), { 0: 0x12345678 }, 0, { 0: 0x1e6a2c48 }, 0, 'rbit in place');
});

test('extend and extend-accumulate, all rotations', () => {
  PAIRS.forEach(([a, b], i) => {
    const rot = i % 4;
    const v = lo32(((u32(b) >> BigInt(8 * rot)) | (u32(b) << BigInt(32 - 8 * rot))) & M32);
    const b0s = lane(v, 0, 8, true), b2s = lane(v, 2, 8, true), h0s = lane(v, 0, 16, true);
    const b0u = lane(v, 0, 8, false), b2u = lane(v, 2, 8, false), h0u = lane(v, 0, 16, false);
    const w = (x: number): number => lo32(BigInt(x));
    const pair = (lo: number, hi: number): number => ((w(hi) & 0xffff) * 65536) + (w(lo) & 0xffff);
    const al = lane(a, 0, 16, false), ah = lane(a, 1, 16, false);
    const cases: [string, number, number, number][] = [
      ['sxtb16', 0, 15, pair(b0s, b2s)], ['sxtab16', 0, 1, pair(al + b0s, ah + b2s)],
      ['sxtb', 2, 15, w(b0s)], ['sxtab', 2, 1, w(a + b0s)],
      ['sxth', 3, 15, w(h0s)], ['sxtah', 3, 1, w(a + h0s)],
      ['uxtb16', 4, 15, pair(b0u, b2u)], ['uxtab16', 4, 1, pair(al + b0u, ah + b2u)],
      ['uxtb', 6, 15, b0u], ['uxtab', 6, 1, w(a + b0u)],
      ['uxth', 7, 15, h0u], ['uxtah', 7, 1, w(a + h0u)],
    ];
    for (const [name, op1, n, r] of cases) {
      check(encExt(op1, 0, n, 2, rot), { 1: a, 2: b }, initFlags(i), { 0: r }, initFlags(i),
        `${name} ror ${8 * rot} ${fmt(a, b)}`);
    }
  });
  check(encExt(2, 0, 15, 2, 1), { 2: 0x00008000 }, 0, { 0: 0xffffff80 }, 0, 'sxtb ror 8');
  check(encExt(0, 0, 1, 2, 0), { 1: 0x7fff0001, 2: 0x00010080 }, 0, { 0: 0x8000ff81 }, 0, 'sxtab16');
  check(encExt(4, 0, 1, 2, 3), { 1: 0xffff0001, 2: 0x80ff01ff }, 0, { 0: 0x00000081 }, 0, 'uxtab16 ror 24, lanes wrap');
});

test('pack/saturate/reverse/extend UNDEFINED and UNPREDICTABLE encodings', () => {
  assertUndefined(encExt(1, 0, 1, 2, 0), 'extend op1 001');
  assertUndefined(encExt(5, 0, 1, 2, 0), 'extend op1 101');
  assertUndefined(encExt(2, 15, 1, 2, 0), 'sxtab rd=pc');
  assertUndefined(encExt(6, 0, 15, 15, 0), 'uxtb rm=pc');
  assertUndefined(encRev(3, 1, 15, 1), 'rev rd=pc');
  assertUndefined(encRev(7, 1, 0, 15), 'rbit rm=pc');
  assertUndefined(encRev(1, 1, 0, 1), 'op1 001 op2 001');
  assertUndefined(encRev(3, 7, 0, 1), 'op1 011 op2 111');
  assertUndefined(encSel(0, 15, 2), 'sel rn=pc');
  assertUndefined((encSel(0, 1, 2) & ~0xe0 | (7 << 5)) >>> 0, 'op1 000 op2 111');
  assertUndefined(encPkh(0, 0, 15, 2, 0), 'pkhbt rn=pc');
  assertUndefined(encSat(0, 7, 15, 1, 0, 0), 'ssat rd=pc');
  assertUndefined(encSat(1, 7, 0, 15, 0, 0), 'usat rn=pc');
  assertUndefined(encSat16(0, 7, 0, 15), 'ssat16 rn=pc');
});

// ------------------------------------------------------------ signed multiplies, divide

test('SMLAD/SMUAD/SMLSD/SMUSD with and without X (Q on overflow)', () => {
  PAIRS.forEach(([a, b], i) => {
    const c = third(i), f = initFlags(i);
    for (let x = 0; x < 2; x++) {
      const p1 = sh16(a, 0) * sh16(b, x), p2 = sh16(a, 1) * sh16(b, 1 - x);
      const sum = p1 + p2, dif = p1 - p2;
      const set = { 1: a, 2: b, 3: c };
      check(encSmul(0, x, 0, 15, 2, 1), set, f, { 0: lo32(sum) }, fits32(sum) ? f : f | Q, `smuad${x} ${fmt(a, b)}`);
      check(encSmul(0, 2 | x, 0, 15, 2, 1), set, f, { 0: lo32(dif) }, f, `smusd${x} ${fmt(a, b)}`);
      const r1 = sum + s32(c), r2 = dif + s32(c);
      check(encSmul(0, x, 0, 3, 2, 1), set, f, { 0: lo32(r1) }, fits32(r1) ? f : f | Q, `smlad${x} ${fmt(a, b, c)}`);
      check(encSmul(0, 2 | x, 0, 3, 2, 1), set, f, { 0: lo32(r2) }, fits32(r2) ? f : f | Q, `smlsd${x} ${fmt(a, b, c)}`);
    }
  });
  check(encSmul(0, 0, 0, 15, 2, 1), { 1: 0x80008000, 2: 0x80008000 }, 0, { 0: 0x80000000 }, Q, 'smuad overflow');
  check(encSmul(0, 2, 0, 15, 2, 1), { 1: 0x80008000, 2: 0x7fff8000 }, 0, { 0: 0x7fff8000 }, 0, 'smusd');
  check(encSmul(0, 1, 0, 3, 2, 1), { 1: 0x00020003, 2: 0x00050007, 3: 1 }, 0, { 0: 3 * 5 + 2 * 7 + 1 }, 0, 'smladx');
});

test('SMLALD/SMLSLD with and without X: 64-bit accumulate', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i), lo = third(i), hi = fourth(i);
    const acc = (u32(hi) << 32n) | u32(lo);
    for (let x = 0; x < 2; x++) {
      const p1 = sh16(a, 0) * sh16(b, x), p2 = sh16(a, 1) * sh16(b, 1 - x);
      const set = { 0: lo, 1: hi, 2: a, 3: b };
      const r1 = acc + p1 + p2, r2 = acc + p1 - p2;
      check(encSmul(4, x, 1, 0, 3, 2), set, f, { 0: lo32(r1), 1: hi32(r1) }, f, `smlald${x} ${fmt(a, b, hi, lo)}`);
      check(encSmul(4, 2 | x, 1, 0, 3, 2), set, f, { 0: lo32(r2), 1: hi32(r2) }, f, `smlsld${x} ${fmt(a, b, hi, lo)}`);
    }
  });
  check(encSmul(4, 0, 1, 0, 3, 2), { 0: 0, 1: 0x7fffffff, 2: 0x80008000, 3: 0x80008000 }, 0,
    { 0: 0x80000000, 1: 0x7fffffff }, 0, 'smlald no Q');
  check(encSmul(4, 2, 1, 0, 3, 2), { 0: 0, 1: 0, 2: 0x00010000, 3: 0x00010000 }, 0,
    { 0: 0xffffffff, 1: 0xffffffff }, 0, 'smlsld borrow');
});

test('SMMUL/SMMLA/SMMLS with and without rounding', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i), c = third(i);
    const p = s32(a) * s32(b);
    for (let r = 0; r < 2; r++) {
      const rnd = r ? 0x80000000n : 0n;
      const set = { 1: a, 2: b, 3: c };
      check(encSmul(5, r, 0, 15, 2, 1), set, f, { 0: hi32(p + rnd) }, f, `smmul${r} ${fmt(a, b)}`);
      check(encSmul(5, r, 0, 3, 2, 1), set, f, { 0: hi32((s32(c) << 32n) + p + rnd) }, f, `smmla${r} ${fmt(a, b, c)}`);
      check(encSmul(5, 6 | r, 0, 3, 2, 1), set, f, { 0: hi32((s32(c) << 32n) - p + rnd) }, f, `smmls${r} ${fmt(a, b, c)}`);
    }
  });
  // 0x40000000 * 2 = 2^31: high word 0, rounding carries it to 1.
  check(encSmul(5, 0, 0, 15, 2, 1), { 1: 0x40000000, 2: 2 }, 0, { 0: 0 }, 0, 'smmul');
  check(encSmul(5, 1, 0, 15, 2, 1), { 1: 0x40000000, 2: 2 }, 0, { 0: 1 }, 0, 'smmulr');
  // 0 - 1: 0xffffffff:ffffffff, high word -1; rounding gives 0.
  check(encSmul(5, 6, 0, 3, 2, 1), { 1: 1, 2: 1, 3: 0 }, 0, { 0: 0xffffffff }, 0, 'smmls');
  check(encSmul(5, 7, 0, 3, 2, 1), { 1: 1, 2: 1, 3: 0 }, 0, { 0: 0 }, 0, 'smmlsr');
  check(encSmul(5, 6, 0, 3, 2, 1), { 1: 0, 2: 5, 3: 7 }, 0, { 0: 7 }, 0, 'smmls zero product');
});

test('SDIV and UDIV: truncation, divide by zero gives 0, INT_MIN / -1', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const sq = (b | 0) === 0 ? 0n : s32(a) / s32(b); // BigInt division truncates toward zero
    const uq = b === 0 ? 0n : u32(a) / u32(b);
    check(encSmul(1, 0, 0, 15, 2, 1), { 1: a, 2: b }, f, { 0: lo32(sq) }, f, `sdiv ${fmt(a, b)}`);
    check(encSmul(3, 0, 0, 15, 2, 1), { 1: a, 2: b }, f, { 0: lo32(uq) }, f, `udiv ${fmt(a, b)}`);
  });
  check(encSmul(1, 0, 0, 15, 2, 1), { 1: 0x80000000, 2: 0xffffffff }, 0, { 0: 0x80000000 }, 0, 'sdiv min/-1');
  check(encSmul(1, 0, 0, 15, 2, 1), { 1: 7, 2: 0 }, 0, { 0: 0 }, 0, 'sdiv by 0');
  check(encSmul(3, 0, 0, 15, 2, 1), { 1: 0xffffffff, 2: 0 }, 0, { 0: 0 }, 0, 'udiv by 0');
  check(encSmul(1, 0, 0, 15, 2, 1), { 1: 0xfffffff9, 2: 2 }, 0, { 0: 0xfffffffd }, 0, 'sdiv -7/2 = -3');
  check(encSmul(3, 0, 0, 15, 2, 1), { 1: 0xffffffff, 2: 0xfffffffe }, 0, { 0: 1 }, 0, 'udiv big');
  check(encSmul(3, 0, 0, 15, 2, 1), { 1: 0xfffffffe, 2: 0xffffffff }, 0, { 0: 0 }, 0, 'udiv just below');
});

test('USAD8 and USADA8', () => {
  PAIRS.forEach(([a, b], i) => {
    const c = third(i);
    let s = 0;
    for (let k = 0; k < 4; k++) s += Math.abs(lane(a, k, 8, false) - lane(b, k, 8, false));
    check(encUsad(0, 15, 2, 1), { 1: a, 2: b }, initFlags(i), { 0: s }, initFlags(i), `usad8 ${fmt(a, b)}`);
    check(encUsad(0, 3, 2, 1), { 1: a, 2: b, 3: c }, 0, { 0: lo32(BigInt(s) + u32(c)) }, 0, `usada8 ${fmt(a, b, c)}`);
  });
  check(encUsad(0, 15, 2, 1), { 1: 0x00ff10ff, 2: 0xff000120 }, 0, { 0: 0xff + 0xff + 0x0f + 0xdf }, 0, 'usad8');
  check(encUsad(0, 3, 2, 1), { 1: 0xff, 2: 0, 3: 0xffffff01 }, 0, { 0: 0 }, 0, 'usada8 wraps');
});

test('signed multiply group UNDEFINED and UNPREDICTABLE encodings', () => {
  assertUndefined(encSmul(0, 4, 0, 3, 2, 1), 'op1 000 op2 100');
  assertUndefined(encSmul(1, 1, 0, 15, 2, 1), 'sdiv op2 001');
  assertUndefined(encSmul(2, 0, 0, 15, 2, 1), 'op1 010');
  assertUndefined(encSmul(6, 0, 0, 15, 2, 1), 'op1 110');
  assertUndefined(encSmul(7, 0, 0, 15, 2, 1), 'op1 111');
  assertUndefined(encSmul(5, 2, 0, 3, 2, 1), 'op1 101 op2 010');
  assertUndefined(encSmul(5, 6, 0, 15, 2, 1), 'smmls ra=pc');
  assertUndefined(encSmul(4, 0, 1, 1, 3, 2), 'smlald rdhi=rdlo');
  assertUndefined(encSmul(4, 0, 15, 0, 3, 2), 'smlald rdhi=pc');
  assertUndefined(encSmul(1, 0, 15, 15, 2, 1), 'sdiv rd=pc');
  assertUndefined(encSmul(3, 0, 0, 15, 15, 1), 'udiv rm=pc');
  assertUndefined(encSmul(0, 0, 0, 3, 2, 15), 'smlad rn=pc');
  assertUndefined(encUsad(15, 3, 2, 1), 'usada8 rd=pc');
  assertUndefined((encUsad(0, 15, 2, 1) | 0x20) >>> 0, 'op1 11000 op2 001');
});

// ------------------------------------------------------------ bitfield, UDF

test('SBFX, UBFX, BFC, BFI', () => {
  VALUES.forEach((a, i) => {
    const c = third(i);
    for (let lsb = 0; lsb < 32; lsb += 3) {
      for (const width of [1, 2, 7, 8, 16, 31, 32]) {
        if (lsb + width > 32) continue;
        const field = (u32(a) >> BigInt(lsb)) & ((1n << BigInt(width)) - 1n);
        const signedField = field >= 1n << BigInt(width - 1) ? field - (1n << BigInt(width)) : field;
        check(encBfx(1, 0, 1, lsb, width), { 1: a }, 0, { 0: Number(field) }, 0, `ubfx ${lsb},${width} ${fmt(a)}`);
        check(encBfx(0, 0, 1, lsb, width), { 1: a }, 0, { 0: lo32(signedField) }, 0, `sbfx ${lsb},${width} ${fmt(a)}`);
        const mask = ((1n << BigInt(width)) - 1n) << BigInt(lsb);
        const bfc = u32(c) & ~mask & M32;
        const bfi = bfc | ((u32(a) << BigInt(lsb)) & mask);
        const msb = lsb + width - 1;
        check(encBfi(0, 15, lsb, msb), { 0: c }, 0, { 0: lo32(bfc) }, 0, `bfc ${lsb},${width} ${fmt(c)}`);
        check(encBfi(0, 1, lsb, msb), { 0: c, 1: a }, 0, { 0: lo32(bfi) }, 0, `bfi ${lsb},${width} ${fmt(c, a)}`);
      }
    }
  });
  check(encBfx(0, 0, 1, 4, 4), { 1: 0x000000f0 }, 0, { 0: 0xffffffff }, 0, 'sbfx -1');
  check(encBfx(0, 0, 1, 4, 4), { 1: 0x00000070 }, 0, { 0: 7 }, 0, 'sbfx 7');
  check(encBfi(0, 1, 8, 15), { 0: 0x12345678, 1: 0xffffffab }, 0, { 0: 0x1234ab78 }, 0, 'bfi byte');
  check(encBfi(0, 15, 0, 31), { 0: 0x12345678 }, 0, { 0: 0 }, 0, 'bfc all');
});

test('bitfield and UDF UNDEFINED and UNPREDICTABLE encodings', () => {
  assertUndefined(0xe7f000f0, 'udf #0');
  assertUndefined(0xe7f123f4, 'udf #0x1234');
  assertUndefined(0xe7fabcfe, 'udf #0xabce');
  assertUndefined(encBfx(0, 0, 1, 16, 17), 'sbfx msb > 31');
  assertUndefined(encBfx(1, 0, 1, 31, 2), 'ubfx msb > 31');
  assertUndefined(encBfx(0, 15, 1, 0, 8), 'sbfx rd=pc');
  assertUndefined(encBfx(1, 0, 15, 0, 8), 'ubfx rn=pc');
  assertUndefined(encBfi(0, 1, 8, 7), 'bfi msb < lsb');
  assertUndefined(encBfi(0, 15, 31, 0), 'bfc msb < lsb');
  assertUndefined(encBfi(15, 1, 0, 7), 'bfi rd=pc');
  assertUndefined(0xe7900010, 'op1 11001');
  assertUndefined(0xe7a00010, 'op1 11010 op2 000');
});

// ------------------------------------------------------------ QADD family, CLZ

test('QADD, QSUB, QDADD, QDSUB (Q on any saturation, sticky)', () => {
  const sat = (v: bigint): [bigint, boolean] => satModel(v, 32, true);
  PAIRS.forEach(([m, n], i) => {
    const f = initFlags(i);
    const set = { 1: m, 2: n };
    const [add, qa] = sat(s32(m) + s32(n));
    const [sub, qs] = sat(s32(m) - s32(n));
    const [dbl, qd] = sat(2n * s32(n));
    const [dadd, qda] = sat(s32(m) + dbl);
    const [dsub, qds] = sat(s32(m) - dbl);
    check(encQ(0, 0, 1, 2), set, f, { 0: lo32(add) }, qa ? f | Q : f, `qadd ${fmt(m, n)}`);
    check(encQ(1, 0, 1, 2), set, f, { 0: lo32(sub) }, qs ? f | Q : f, `qsub ${fmt(m, n)}`);
    check(encQ(2, 0, 1, 2), set, f, { 0: lo32(dadd) }, qd || qda ? f | Q : f, `qdadd ${fmt(m, n)}`);
    check(encQ(3, 0, 1, 2), set, f, { 0: lo32(dsub) }, qd || qds ? f | Q : f, `qdsub ${fmt(m, n)}`);
  });
  check(encQ(0, 0, 1, 2), { 1: 0x7fffffff, 2: 1 }, C, { 0: 0x7fffffff }, C | Q, 'qadd max+1');
  check(encQ(1, 0, 1, 2), { 1: 0x80000000, 2: 1 }, 0, { 0: 0x80000000 }, Q, 'qsub min-1');
  check(encQ(1, 0, 1, 2), { 1: 0, 2: 0x80000000 }, 0, { 0: 0x7fffffff }, Q, 'qsub 0-min');
  // QDADD: 2 * 0x40000000 saturates (Q) even though the final sum is in range.
  check(encQ(2, 0, 1, 2), { 1: 0xffffffff, 2: 0x40000000 }, 0, { 0: 0x7ffffffe }, Q, 'qdadd doubling saturates');
  check(encQ(3, 0, 1, 2), { 1: 0xffffffff, 2: 0xc0000000 }, 0, { 0: 0x7fffffff }, 0, 'qdsub -1 - (-2^31)');
  check(encQ(0, 0, 1, 2), { 1: 3, 2: 4 }, Q, { 0: 7 }, Q, 'qadd keeps Q');
  assertUndefined(encQ(0, 15, 1, 2), 'qadd rd=pc');
  assertUndefined(encQ(2, 0, 15, 2), 'qdadd rm=pc');
  assertUndefined(encQ(3, 0, 1, 15), 'qdsub rn=pc');
});

test('CLZ', () => {
  for (const a of VALUES) {
    const s = (a >>> 0).toString(2).padStart(32, '0');
    const lz = s.indexOf('1') < 0 ? 32 : s.indexOf('1');
    check(encClz(0, 1), { 1: a }, Q | N, { 0: lz }, Q | N, `clz ${fmt(a)}`);
  }
  check(encClz(0, 1), { 1: 0 }, 0, { 0: 32 }, 0, 'clz 0');
  check(encClz(0, 1), { 1: 0x80000000 }, 0, { 0: 0 }, 0, 'clz msb');
  check(encClz(0, 1), { 1: 0x00010000 }, 0, { 0: 15 }, 0, 'clz 0x10000');
  assertUndefined(encClz(15, 1), 'clz rd=pc');
  assertUndefined(encClz(0, 15), 'clz rm=pc');
});
