// A32 multiplies (A5.2.5, A5.2.7): every result is checked against a BigInt
// model of the ARM ARM pseudocode over edge values and seeded random values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE_BASE, runA32 } from '../helpers/a32.js';

const M32 = 0xffffffffn;
const FLAG_MASK = 0xf80f0000; // NZCVQ and GE
const N = 0x80000000, Z = 0x40000000, C = 0x20000000, V = 0x10000000, Q = 0x08000000;
const MODE_SVC = 0x13, MODE_UND = 0x1b;

const u32 = (v: number): bigint => BigInt(v >>> 0);
const s32 = (v: number): bigint => BigInt(v | 0);
const lo32 = (x: bigint): number => Number(x & M32);
const hi32 = (x: bigint): number => Number((x >> 32n) & M32);
/** Signed halfword of a register: top (1) or bottom (0). */
const half = (v: number, top: number): bigint => BigInt(top ? (v | 0) >> 16 : ((v << 16) >> 16));
const fits32 = (x: bigint): boolean => x >= -0x80000000n && x <= 0x7fffffffn;

// ------------------------------------------------------------ encoders (pinned to assembler output below)

/** Multiply group: bits 23:20 = op (including S), Rd/RdHi, Ra/RdLo, Rm, Rn. */
function encMul(op: number, d: number, a: number, m: number, n: number): number {
  return (0xe0000090 | (op << 20) | (d << 16) | (a << 12) | (m << 8) | n) >>> 0;
}
const MUL = 0, MLA = 2, UMAAL = 4, MLS = 6, UMULL = 8, UMLAL = 10, SMULL = 12, SMLAL = 14;

/** Halfword multiply group: op1 (bits 22:21), Rd/RdHi, Ra/RdLo, Rm, Rn, x (bit 5), y (bit 6). */
function encHalf(op1: number, d: number, a: number, m: number, n: number, x: number, y: number): number {
  return (0xe1000080 | (op1 << 21) | (d << 16) | (a << 12) | (m << 8) | (y << 6) | (x << 5) | n) >>> 0;
}

test('multiply encoders match the assembler', () => {
  const cases: [number, number][] = [
    [encMul(MUL, 0, 0, 2, 1), 0xe0000291], // mul r0, r1, r2
    [encMul(MUL | 1, 3, 0, 5, 4), 0xe0130594], // muls r3, r4, r5
    [encMul(MLA, 0, 3, 2, 1), 0xe0203291], // mla r0, r1, r2, r3
    [encMul(MLA | 1, 0, 3, 2, 1), 0xe0303291], // mlas r0, r1, r2, r3
    [encMul(UMAAL, 1, 0, 3, 2), 0xe0410392], // umaal r0, r1, r2, r3
    [encMul(MLS, 4, 7, 6, 5), 0xe0647695], // mls r4, r5, r6, r7
    [encMul(UMULL, 1, 0, 3, 2), 0xe0810392], // umull r0, r1, r2, r3
    [encMul(UMULL | 1, 1, 0, 3, 2), 0xe0910392], // umulls r0, r1, r2, r3
    [encMul(UMLAL, 1, 0, 3, 2), 0xe0a10392],
    [encMul(UMLAL | 1, 1, 0, 3, 2), 0xe0b10392],
    [encMul(SMULL, 1, 0, 3, 2), 0xe0c10392],
    [encMul(SMULL | 1, 1, 0, 3, 2), 0xe0d10392],
    [encMul(SMLAL, 1, 0, 3, 2), 0xe0e10392],
    [encMul(SMLAL | 1, 1, 0, 3, 2), 0xe0f10392],
    [encHalf(0, 0, 3, 2, 1, 0, 0), 0xe1003281], // smlabb r0, r1, r2, r3
    [encHalf(0, 0, 3, 2, 1, 0, 1), 0xe10032c1], // smlabt
    [encHalf(0, 0, 3, 2, 1, 1, 0), 0xe10032a1], // smlatb
    [encHalf(0, 0, 3, 2, 1, 1, 1), 0xe10032e1], // smlatt
    [encHalf(1, 0, 3, 2, 1, 0, 0), 0xe1203281], // smlawb r0, r1, r2, r3
    [encHalf(1, 0, 3, 2, 1, 0, 1), 0xe12032c1], // smlawt
    [encHalf(1, 0, 0, 2, 1, 1, 0), 0xe12002a1], // smulwb r0, r1, r2
    [encHalf(1, 0, 0, 2, 1, 1, 1), 0xe12002e1], // smulwt
    [encHalf(2, 1, 0, 3, 2, 0, 0), 0xe1410382], // smlalbb r0, r1, r2, r3
    [encHalf(2, 1, 0, 3, 2, 1, 0), 0xe14103a2], // smlaltb
    [encHalf(2, 1, 0, 3, 2, 0, 1), 0xe14103c2], // smlalbt
    [encHalf(3, 0, 0, 2, 1, 0, 0), 0xe1600281], // smulbb r0, r1, r2
    [encHalf(3, 0, 0, 2, 1, 1, 0), 0xe16002a1], // smultb
    [encHalf(3, 0, 0, 2, 1, 0, 1), 0xe16002c1], // smulbt
    [encHalf(3, 0, 0, 2, 1, 1, 1), 0xe16002e1], // smultt
  ];
  for (const [got, want] of cases) assert.equal(got.toString(16), want.toString(16));
});

// ------------------------------------------------------------ operand values

const EDGE = [
  0, 1, 2, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
  0x12345678, 0xdeadbeef, 0x00018000, 0xffff8000,
];

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}
const rnd = prng(0x5eed1234);
const VALUES = [...EDGE, ...Array.from({ length: 12 }, () => rnd())];
const PAIRS: [number, number][] = [];
for (const a of VALUES) for (const b of VALUES) PAIRS.push([a, b]);
/** A third operand per pair, cycling through the values. */
const third = (i: number): number => VALUES[(i * 7 + 3) % VALUES.length];
const fourth = (i: number): number => VALUES[(i * 5 + 1) % VALUES.length];
/** Initial flags per case: varying C, V, Q and GE, which N/Z-setting multiplies must leave alone. */
const initFlags = (i: number): number => [0, C | V, Q | 0x50000, C | V | Q | 0xf0000, N | Z][i % 5] >>> 0;

const BASE_R = [0xa0a0a0a0, 0xa1a1a1a1, 0xa2a2a2a2, 0xa3a3a3a3, 0xa4a4a4a4, 0xa5a5a5a5, 0xa6a6a6a6,
  0xa7a7a7a7, 0xa8a8a8a8, 0xa9a9a9a9, 0xaaaaaaaa, 0xabababab, 0xacacacac];

/**
 * Runs one instruction with the given register values (others from BASE_R) and checks that
 * exactly the expected registers changed, to the expected values, and the flags.
 */
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

function nz64(x: bigint): number { return ((x >> 63n) & 1n ? N : 0) | ((x & ((1n << 64n) - 1n)) === 0n ? Z : 0); }
function nz32(x: bigint): number { return ((x >> 31n) & 1n ? N : 0) | ((x & M32) === 0n ? Z : 0); }
const keepCVQGE = (f: number): number => (f & (C | V | Q | 0xf0000)) >>> 0;
const fmt = (...v: number[]): string => v.map((x) => '0x' + (x >>> 0).toString(16)).join(',');

/** Checks that a word takes the Undefined Instruction exception. */
function assertUndefined(word: number, what: string): void {
  const res = runA32([word], { r: BASE_R });
  assert.equal(res.cpsr & 0x1f, MODE_UND, `${what}: should be UNDEFINED (${word.toString(16)})`);
  assert.equal(res.core.R[14], CODE_BASE + 4, `${what}: LR_und`);
  assert.deepEqual(res.r, BASE_R, `${what}: no register written`);
}

// ------------------------------------------------------------ A5.2.5

test('MUL / MULS: low 32 bits, N and Z only', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const p = u32(a) * u32(b);
    check(encMul(MUL, 0, 0, 3, 2), { 2: a, 3: b }, f, { 0: lo32(p) }, f, `mul ${fmt(a, b)}`);
    check(encMul(MUL | 1, 0, 0, 3, 2), { 2: a, 3: b }, f, { 0: lo32(p) }, nz32(p) | keepCVQGE(f), `muls ${fmt(a, b)}`);
  });
  // Hand-checked: 0xffffffff * 0xffffffff = 1 (mod 2^32); 0x10000 * 0x10000 = 0 sets Z.
  check(encMul(MUL | 1, 0, 0, 3, 2), { 2: 0x10000, 3: 0x10000 }, C, { 0: 0 }, Z | C, 'muls zero');
  check(encMul(MUL | 1, 0, 0, 3, 2), { 2: 0xffffffff, 3: 0xffffffff }, N | V, { 0: 1 }, V, 'muls -1*-1');
  check(encMul(MUL | 1, 0, 0, 3, 2), { 2: 0x40000000, 3: 2 }, 0, { 0: 0x80000000 }, N, 'muls negative');
  // Rd == Rn == Rm
  check(encMul(MUL, 5, 0, 5, 5), { 5: 0x10001 }, 0, { 5: 0x20001 }, 0, 'mul r5, r5, r5');
});

test('MLA / MLAS and MLS', () => {
  PAIRS.forEach(([a, b], i) => {
    const c = third(i), f = initFlags(i);
    const sum = u32(a) * u32(b) + u32(c);
    const dif = u32(c) - u32(a) * u32(b);
    check(encMul(MLA, 0, 4, 3, 2), { 2: a, 3: b, 4: c }, f, { 0: lo32(sum) }, f, `mla ${fmt(a, b, c)}`);
    check(encMul(MLA | 1, 0, 4, 3, 2), { 2: a, 3: b, 4: c }, f, { 0: lo32(sum) }, nz32(sum) | keepCVQGE(f),
      `mlas ${fmt(a, b, c)}`);
    check(encMul(MLS, 0, 4, 3, 2), { 2: a, 3: b, 4: c }, f, { 0: lo32(dif) }, f, `mls ${fmt(a, b, c)}`);
  });
  check(encMul(MLA | 1, 0, 4, 3, 2), { 2: 0xffffffff, 3: 1, 4: 1 }, N, { 0: 0 }, Z, 'mlas -1*1+1');
  check(encMul(MLS, 0, 4, 3, 2), { 2: 3, 3: 4, 4: 10 }, 0, { 0: 0xfffffffe }, 0, 'mls 10-12');
});

test('UMULL / UMULLS and SMULL / SMULLS: exact 64-bit products', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const pu = u32(a) * u32(b), ps = s32(a) * s32(b);
    const set = { 2: a, 3: b };
    check(encMul(UMULL, 1, 0, 3, 2), set, f, { 0: lo32(pu), 1: hi32(pu) }, f, `umull ${fmt(a, b)}`);
    check(encMul(UMULL | 1, 1, 0, 3, 2), set, f, { 0: lo32(pu), 1: hi32(pu) }, nz64(pu) | keepCVQGE(f), `umulls ${fmt(a, b)}`);
    check(encMul(SMULL, 1, 0, 3, 2), set, f, { 0: lo32(ps), 1: hi32(ps) }, f, `smull ${fmt(a, b)}`);
    check(encMul(SMULL | 1, 1, 0, 3, 2), set, f, { 0: lo32(ps), 1: hi32(ps) }, nz64(ps) | keepCVQGE(f), `smulls ${fmt(a, b)}`);
  });
  // Hand-checked constants.
  check(encMul(UMULL, 1, 0, 3, 2), { 2: 0xffffffff, 3: 0xffffffff }, 0, { 0: 1, 1: 0xfffffffe }, 0, 'umull max');
  check(encMul(SMULL | 1, 1, 0, 3, 2), { 2: 0x80000000, 3: 0x80000000 }, 0, { 0: 0, 1: 0x40000000 }, 0, 'smulls min*min');
  check(encMul(SMULL | 1, 1, 0, 3, 2), { 2: 0xffffffff, 3: 1 }, 0, { 0: 0xffffffff, 1: 0xffffffff }, N, 'smulls -1');
  check(encMul(UMULL | 1, 1, 0, 3, 2), { 2: 0x80000000, 3: 2 }, N, { 0: 0, 1: 1 }, 0, 'umulls Z needs both words');
  check(encMul(UMULL | 1, 1, 0, 3, 2), { 2: 0, 3: 0xffffffff }, C | V, { 0: 0, 1: 0 }, Z | C | V, 'umulls zero');
  // Destinations overlapping the sources: the operands are read first.
  check(encMul(UMULL, 3, 2, 3, 2), { 2: 0x89abcdef, 3: 0xfedcba98 }, 0,
    { 2: lo32(0x89abcdefn * 0xfedcba98n), 3: hi32(0x89abcdefn * 0xfedcba98n) }, 0, 'umull r2, r3, r2, r3');
});

test('UMLAL / UMLALS and SMLAL / SMLALS: exact 64-bit accumulate', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const accLo = third(i), accHi = fourth(i);
    const acc = (u32(accHi) << 32n) | u32(accLo);
    const su = u32(a) * u32(b) + acc;
    const ss = s32(a) * s32(b) + acc;
    const set = { 0: accLo, 1: accHi, 2: a, 3: b };
    check(encMul(UMLAL, 1, 0, 3, 2), set, f, { 0: lo32(su), 1: hi32(su) }, f, `umlal ${fmt(a, b, accHi, accLo)}`);
    check(encMul(UMLAL | 1, 1, 0, 3, 2), set, f, { 0: lo32(su), 1: hi32(su) }, nz64(su) | keepCVQGE(f),
      `umlals ${fmt(a, b, accHi, accLo)}`);
    check(encMul(SMLAL, 1, 0, 3, 2), set, f, { 0: lo32(ss), 1: hi32(ss) }, f, `smlal ${fmt(a, b, accHi, accLo)}`);
    check(encMul(SMLAL | 1, 1, 0, 3, 2), set, f, { 0: lo32(ss), 1: hi32(ss) }, nz64(ss) | keepCVQGE(f),
      `smlals ${fmt(a, b, accHi, accLo)}`);
  });
  // Carry from the low word into the high word; wrap of the whole 64-bit sum.
  check(encMul(UMLAL, 1, 0, 3, 2), { 0: 0xffffffff, 1: 0, 2: 1, 3: 1 }, 0, { 0: 0, 1: 1 }, 0, 'umlal carry');
  check(encMul(UMLAL | 1, 1, 0, 3, 2), { 0: 1, 1: 0, 2: 0xffffffff, 3: 0xffffffff }, 0, { 0: 2, 1: 0xfffffffe }, N,
    'umlal max product');
  check(encMul(SMLAL | 1, 1, 0, 3, 2), { 0: 1, 1: 0, 2: 0xffffffff, 3: 1 }, N | C, { 0: 0, 1: 0 }, Z | C, 'smlal -1 + 1');
});

test('UMAAL: product plus two 32-bit addends, never overflows', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const lo = third(i), hi = fourth(i);
    const r = u32(a) * u32(b) + u32(lo) + u32(hi);
    check(encMul(UMAAL, 1, 0, 3, 2), { 0: lo, 1: hi, 2: a, 3: b }, f, { 0: lo32(r), 1: hi32(r) }, f,
      `umaal ${fmt(a, b, hi, lo)}`);
  });
  check(encMul(UMAAL, 1, 0, 3, 2), { 0: 0xffffffff, 1: 0xffffffff, 2: 0xffffffff, 3: 0xffffffff }, 0,
    { 0: 0xffffffff, 1: 0xffffffff }, 0, 'umaal all ones = 2^64-1');
});

test('multiply UNPREDICTABLE and UNDEFINED encodings are undefined', () => {
  assertUndefined(encMul(MUL, 15, 0, 3, 2), 'mul pc');
  assertUndefined(encMul(MUL, 0, 0, 15, 2), 'mul rm=pc');
  assertUndefined(encMul(MUL | 1, 0, 0, 3, 15), 'muls rn=pc');
  assertUndefined(encMul(MLA, 0, 15, 3, 2), 'mla ra=pc');
  assertUndefined(encMul(MLS, 0, 15, 3, 2), 'mls ra=pc');
  assertUndefined(encMul(UMAAL, 1, 1, 3, 2), 'umaal rdhi=rdlo');
  assertUndefined(encMul(UMAAL | 1, 1, 0, 3, 2), 'op 0101');
  assertUndefined(encMul(MLS | 1, 0, 4, 3, 2), 'op 0111');
  for (const op of [UMULL, UMLAL, SMULL, SMLAL]) {
    assertUndefined(encMul(op, 1, 1, 3, 2), `op ${op} rdhi=rdlo`);
    assertUndefined(encMul(op | 1, 15, 0, 3, 2), `op ${op} rdhi=pc`);
    assertUndefined(encMul(op, 1, 15, 3, 2), `op ${op} rdlo=pc`);
    assertUndefined(encMul(op, 1, 0, 15, 2), `op ${op} rm=pc`);
    assertUndefined(encMul(op, 1, 0, 3, 15), `op ${op} rn=pc`);
  }
});

// ------------------------------------------------------------ A5.2.7

test('SMULxy and SMLAxy (Q on accumulate overflow, sticky)', () => {
  PAIRS.forEach(([a, b], i) => {
    const c = third(i), f = initFlags(i);
    for (let x = 0; x < 2; x++) {
      for (let y = 0; y < 2; y++) {
        const p = half(a, x) * half(b, y);
        check(encHalf(3, 0, 0, 3, 2, x, y), { 2: a, 3: b }, f, { 0: lo32(p) }, f, `smul${x}${y} ${fmt(a, b)}`);
        const r = p + s32(c);
        check(encHalf(0, 0, 4, 3, 2, x, y), { 2: a, 3: b, 4: c }, f, { 0: lo32(r) }, fits32(r) ? f : f | Q,
          `smla${x}${y} ${fmt(a, b, c)}`);
      }
    }
  });
  // 0x8000 * 0x8000 = 0x40000000; + 0x40000000 overflows to 0x80000000 with Q.
  check(encHalf(0, 0, 4, 3, 2, 0, 0), { 2: 0x8000, 3: 0x8000, 4: 0x40000000 }, 0, { 0: 0x80000000 }, Q, 'smlabb overflow');
  check(encHalf(0, 0, 4, 3, 2, 1, 1), { 2: 0x80000000, 3: 0x7fff0000, 4: 0x80000000 }, C,
    { 0: (0x80000000 - 0x3fff8000) >>> 0 }, C | Q, 'smlatt negative overflow');
  check(encHalf(3, 0, 0, 3, 2, 1, 0), { 2: 0xffff0000, 3: 0x7fff }, 0, { 0: 0xffff8001 }, 0, 'smultb -1*0x7fff');
});

test('SMULWy and SMLAWy (bits 47:16 of a 48-bit product, Q on overflow)', () => {
  PAIRS.forEach(([a, b], i) => {
    const c = third(i), f = initFlags(i);
    for (let y = 0; y < 2; y++) {
      const p = s32(a) * half(b, y);
      check(encHalf(1, 0, 0, 3, 2, 1, y), { 2: a, 3: b }, f, { 0: lo32(p >> 16n) }, f, `smulw${y} ${fmt(a, b)}`);
      const r = p + (s32(c) << 16n);
      check(encHalf(1, 0, 4, 3, 2, 0, y), { 2: a, 3: b, 4: c }, f, { 0: lo32(r >> 16n) },
        fits32(r >> 16n) ? f : f | Q, `smlaw${y} ${fmt(a, b, c)}`);
    }
  });
  // -1 * 1 = -1: bits 47:16 of 0xffff...ffff are all ones (arithmetic shift, not truncation toward zero).
  check(encHalf(1, 0, 0, 3, 2, 1, 0), { 2: 0xffffffff, 3: 1 }, 0, { 0: 0xffffffff }, 0, 'smulwb -1*1');
  check(encHalf(1, 0, 0, 3, 2, 1, 1), { 2: 0x80000000, 3: 0x80000000 }, 0, { 0: 0x40000000 }, 0, 'smulwt min*min');
  check(encHalf(1, 0, 4, 3, 2, 0, 0), { 2: 0x80000000, 3: 0x8000, 4: 0x40000000 }, 0, { 0: 0x80000000 }, Q,
    'smlawb overflow');
});

test('SMLALxy: 16x16 product added to a 64-bit accumulator', () => {
  PAIRS.forEach(([a, b], i) => {
    const f = initFlags(i);
    const accLo = third(i), accHi = fourth(i);
    for (let x = 0; x < 2; x++) {
      for (let y = 0; y < 2; y++) {
        const r = ((u32(accHi) << 32n) | u32(accLo)) + half(a, x) * half(b, y);
        check(encHalf(2, 1, 0, 3, 2, x, y), { 0: accLo, 1: accHi, 2: a, 3: b }, f, { 0: lo32(r), 1: hi32(r) }, f,
          `smlal${x}${y} ${fmt(a, b, accHi, accLo)}`);
      }
    }
  });
  // Borrow from the high word: 0:0 + (-1 * 1) = 0xffffffff:ffffffff.
  check(encHalf(2, 1, 0, 3, 2, 0, 0), { 0: 0, 1: 0, 2: 0xffff, 3: 1 }, 0, { 0: 0xffffffff, 1: 0xffffffff }, 0,
    'smlalbb borrow');
  check(encHalf(2, 1, 0, 3, 2, 0, 0), { 0: 0xffffffff, 1: 0x7fffffff, 2: 1, 3: 1 }, 0, { 0: 0, 1: 0x80000000 }, 0,
    'smlalbb carry, no Q');
});

test('halfword multiply UNPREDICTABLE encodings are undefined', () => {
  assertUndefined(encHalf(0, 15, 4, 3, 2, 0, 0), 'smlabb rd=pc');
  assertUndefined(encHalf(0, 0, 15, 3, 2, 0, 0), 'smlabb ra=pc');
  assertUndefined(encHalf(1, 0, 15, 3, 2, 0, 0), 'smlawb ra=pc');
  assertUndefined(encHalf(1, 0, 0, 3, 15, 1, 0), 'smulwb rn=pc');
  assertUndefined(encHalf(2, 1, 1, 3, 2, 0, 0), 'smlalbb rdhi=rdlo');
  assertUndefined(encHalf(2, 1, 15, 3, 2, 0, 0), 'smlalbb rdlo=pc');
  assertUndefined(encHalf(3, 0, 0, 15, 2, 0, 0), 'smulbb rm=pc');
});
