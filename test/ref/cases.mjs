// A32 reference test cases.
//
// Each case is a short straight-line A32 snippet plus its initial state.
// gen.mjs assembles all of them into a single bare-metal image, runs it under
// QEMU and records what the CPU did.  Plain Node.js ES module, no
// dependencies.
//
// Case fields produced here:
//   group  one of dp shift mul div misc sat parallel ext bitfield cond mem ldm
//          excl psr
//   asm    the snippet; statements separated by "; " (GAS accepts ';' as a
//          statement separator for ARM)
//   r      r0..r12 initial values (13 numbers)
//   flags  initial NZCVQ (bits 31..27) and GE (bits 19..16)
//   sp     (optional) initial SP; only for snippets that use SP
//   mem    true when the snippet accesses the data window (window recorded)
//   pc     true when the snippet reads PC (result depends on its address)

import { P, u32, mulberry32, N, Z, C, V, Q, GE_ALL, ALL, coreCaseList } from './lib.mjs';

export { WINDOW_BASE, WINDOW_SIZE, P } from './lib.mjs';

const rnd = mulberry32(0x4a41494c); // "JAIL"

const { add, build } = coreCaseList(['pc']);

// ---------------------------------------------------------------------------
// Value pools

const EDGE = [
  0x00000000, 0x00000001, 0x00000002, 0x7fffffff, 0x80000000, 0xffffffff,
  0x80000001, 0xfffffffe, 0x7ffffffe, 0x00008000, 0x0000ffff, 0xffff8000,
  0x12345678, 0xdeadbeef,
];

const PAIRS = [
  [0x00000000, 0x00000000],
  [0x00000001, 0x00000001],
  [0x7fffffff, 0x00000001],
  [0x80000000, 0x00000001],
  [0x80000000, 0x80000000],
  [0xffffffff, 0x00000001],
  [0xffffffff, 0xffffffff],
  [0x00000000, 0x00000001],
  [0x00000001, 0x00000000],
  [0x80000000, 0x7fffffff],
  [0x7fffffff, 0x80000000],
  [0x80000001, 0xfffffffe],
  [0x7fffffff, 0xffffffff],
  [0x12345678, 0x87654321],
  [rnd(), rnd()],
  [rnd(), rnd()],
];

// ---------------------------------------------------------------------------
// dp: data-processing, register and immediate operands

{
  const three = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'orr', 'bic'];
  const two = ['mov', 'mvn'];
  const cmp = ['tst', 'teq', 'cmp', 'cmn'];
  const usesC = new Set(['adc', 'sbc', 'rsc']);

  for (const op of [...three, ...two, ...cmp]) {
    const flagSets = usesC.has(op) ? [0, C, ALL, u32(ALL & ~C)] : [0, ALL];
    for (const [a, b] of PAIRS) {
      for (const f of flagSets) {
        if (three.includes(op)) add('dp', `${op}s r0, r1, r2`, { 1: a, 2: b }, f);
        else if (two.includes(op)) add('dp', `${op}s r0, r2`, { 2: b ^ a }, f);
        else add('dp', `${op} r1, r2`, { 1: a, 2: b }, f);
      }
    }
    // non-flag-setting forms must leave the flags alone
    if (!cmp.includes(op)) {
      for (const [a, b] of [PAIRS[2], PAIRS[5], PAIRS[11], PAIRS[14]]) {
        for (const f of usesC.has(op) ? [0, ALL] : [ALL]) {
          if (three.includes(op)) add('dp', `${op} r0, r1, r2`, { 1: a, 2: b }, f);
          else add('dp', `${op} r0, r2`, { 2: b }, f);
        }
      }
    }
  }
  // register aliasing
  for (const op of ['adds', 'subs', 'rsbs', 'adcs', 'sbcs', 'eors', 'bics', 'orrs', 'ands']) {
    add('dp', `${op} r5, r5, r5`, { 5: 0x80000001 }, C);
    add('dp', `${op} r12, r11, r12`, { 11: 0x7fffffff, 12: 0xc0000000 }, 0);
  }

  // Immediate operands.  Logical ops take the shifter carry from the rotation
  // when the rotation is non-zero; otherwise C is preserved.
  const logicalImms = [
    '#0', '#0xff', '#0x3fc', '#0x80000000', '#0xff000000', '#0xf000000f',
    '#0x00ff0000', '#0xc000003f', '#0, #2', '#1, #2', '#0x7f, #30', '#0x80, #2',
  ];
  for (const op of ['ands', 'orrs', 'eors', 'bics', 'movs', 'mvns', 'tst', 'teq']) {
    for (const imm of logicalImms) {
      for (const [v, f] of [[0x80000000, 0], [0x7fffffff, ALL]]) {
        if (op === 'movs' || op === 'mvns') add('dp', `${op} r0, ${imm}`, { 0: v }, f);
        else if (op === 'tst' || op === 'teq') add('dp', `${op} r1, ${imm}`, { 1: v }, f);
        else add('dp', `${op} r0, r1, ${imm}`, { 1: v }, f);
      }
    }
  }
  const arithImms = ['#0', '#1', '#0xff', '#0x80000000', '#0xff000000', '#0x7f000000', '#0x3fc'];
  const arithVals = [[0x7fffffff, 0], [0x80000000, C], [0xffffffff, ALL], [0x00000000, C]];
  for (const op of ['adds', 'subs', 'rsbs', 'adcs', 'sbcs', 'rscs', 'cmp', 'cmn']) {
    for (const imm of arithImms) {
      for (const [v, f] of arithVals) {
        if (op === 'cmp' || op === 'cmn') add('dp', `${op} r1, ${imm}`, { 1: v }, f);
        else add('dp', `${op} r0, r1, ${imm}`, { 1: v }, f);
      }
    }
  }
  // non-S immediate forms and MOV/MVN with flags preserved
  for (const imm of ['#0xff', '#0x80000000', '#0xf000000f']) {
    for (const op of ['add', 'sub', 'rsb', 'and', 'orr', 'eor', 'bic', 'adc', 'sbc', 'rsc']) {
      add('dp', `${op} r0, r1, ${imm}`, { 1: 0x12345678 }, ALL);
    }
    add('dp', `mov r0, ${imm}`, {}, ALL);
    add('dp', `mvn r0, ${imm}`, {}, 0);
  }
}

// ---------------------------------------------------------------------------
// shift: shifted register operands

{
  // immediate shift amounts through MOVS (the architectural shifter)
  const kinds = [
    ['lsl', 0, 31],
    ['lsr', 1, 32],
    ['asr', 1, 32],
    ['ror', 1, 31],
  ];
  for (const [k, lo, hi] of kinds) {
    for (let n = lo; n <= hi; n++) {
      const sh = n === 0 ? '' : `, ${k} #${n}`;
      add('shift', `movs r0, r1${sh}`, { 1: 0x80000001 }, 0);
      add('shift', `movs r0, r1${sh}`, { 1: (n & 1) ? 0x7ffffffe : 0xdeadbeef }, ALL);
    }
  }
  for (const v of [0x00000001, 0x80000000, 0xffffffff, 0x00000000]) {
    add('shift', 'movs r0, r1, rrx', { 1: v }, 0);
    add('shift', 'movs r0, r1, rrx', { 1: v }, C);
  }
  add('shift', 'mov r0, r1, rrx', { 1: 0x00000001 }, C);
  // non-S shifts leave C alone
  for (const sh of ['lsl #1', 'lsr #32', 'asr #32', 'ror #1']) {
    add('shift', `mov r0, r1, ${sh}`, { 1: 0x80000001 }, 0);
    add('shift', `mov r0, r1, ${sh}`, { 1: 0x80000001 }, ALL);
  }
  // shifter carry with other data-processing ops
  for (const op of ['ands', 'orrs', 'eors', 'bics', 'tst', 'teq', 'mvns']) {
    for (const sh of ['lsl #1', 'lsr #1', 'asr #31', 'ror #16', 'lsr #32', 'rrx']) {
      const asm = op === 'tst' || op === 'teq' ? `${op} r1, r2, ${sh}`
        : op === 'mvns' ? `${op} r0, r2, ${sh}` : `${op} r0, r1, r2, ${sh}`;
      add('shift', asm, { 1: 0xffff0000, 2: 0x80008001 }, 0);
      add('shift', asm, { 1: 0x0000ffff, 2: 0x7fff7ffe }, C);
    }
  }
  for (const op of ['adds', 'subs', 'rsbs', 'adcs', 'sbcs', 'rscs', 'cmp', 'cmn']) {
    for (const sh of ['lsl #31', 'lsr #1', 'asr #32', 'ror #4', 'rrx']) {
      const asm = op === 'cmp' || op === 'cmn' ? `${op} r1, r2, ${sh}` : `${op} r0, r1, r2, ${sh}`;
      add('shift', asm, { 1: 0x7fffffff, 2: 0x80000003 }, C);
    }
  }

  // shift by register: only the bottom byte of Rs counts
  const amounts = [0, 1, 4, 31, 32, 33, 255, 256 + 1, 0x100, 0xffffff20, 0x80000001, 0x3f, 16];
  for (const k of ['lsl', 'lsr', 'asr', 'ror']) {
    for (const a of amounts) {
      add('shift', `movs r0, r1, ${k} r2`, { 1: 0x80000001, 2: a }, 0);
      add('shift', `movs r0, r1, ${k} r2`, { 1: 0xc0000003, 2: a }, ALL);
    }
    add('shift', `mov r0, r1, ${k} r2`, { 1: 0x80000001, 2: 33 }, ALL);
    add('shift', `movs r3, r3, ${k} r3`, { 3: 0x8000001f }, 0);
  }
  for (const op of ['ands', 'adds', 'subs', 'eors', 'cmp', 'tst', 'rsbs', 'adcs']) {
    for (const [k, a] of [['lsl', 32], ['lsr', 32], ['asr', 40], ['ror', 32], ['lsl', 0], ['ror', 0x1f]]) {
      const asm = op === 'cmp' || op === 'tst' ? `${op} r1, r2, ${k} r3` : `${op} r0, r1, r2, ${k} r3`;
      add('shift', asm, { 1: 0x40000000, 2: 0x80000001, 3: a }, C);
    }
  }
}

// ---------------------------------------------------------------------------
// mul: multiplies

{
  const tuples = [
    [0x00000000, 0x00000000, 0x00000000, 0x00000000],
    [0x00000001, 0xffffffff, 0x00000001, 0x00000000],
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0x80000000, 0x80000000, 0x7fffffff, 0x80000000],
    [0x7fffffff, 0x7fffffff, 0x00000001, 0x7fffffff],
    [0x80008000, 0x80008000, 0x7fffffff, 0x00000000],
    [0x7fff7fff, 0x80018000, 0x80000000, 0xffffffff],
    [0xffff0001, 0x0001ffff, 0x12345678, 0x9abcdef0],
    [rnd(), rnd(), rnd(), rnd()],
    [rnd(), rnd(), rnd(), rnd()],
  ];
  const flagCycle = [0, ALL, C | V, N | Z, u32(ALL & ~Q), Q];
  const emit = (asm, map) => {
    tuples.forEach((t, i) => {
      const regs = {};
      for (const [reg, ti] of Object.entries(map)) regs[reg] = t[ti];
      add('mul', asm, regs, flagCycle[i % flagCycle.length]);
    });
  };
  // 32-bit: Rd, Rn, Rm[, Ra]
  for (const op of ['mul', 'muls']) emit(`${op} r0, r1, r2`, { 1: 0, 2: 1 });
  for (const op of ['mla', 'mlas', 'mls']) emit(`${op} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
  add('mul', 'muls r1, r1, r1', { 1: 0x00010000 }, ALL);
  add('mul', 'mla r2, r2, r2, r2', { 2: 0xffffffff }, 0);
  // 64-bit: RdLo, RdHi, Rn, Rm
  for (const op of ['umull', 'umulls', 'smull', 'smulls', 'umlal', 'umlals', 'smlal', 'smlals', 'umaal']) {
    emit(`${op} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  }
  add('mul', 'umull r0, r1, r0, r1', { 0: 0xffffffff, 1: 0xffffffff }, 0);
  add('mul', 'smlal r2, r3, r2, r3', { 2: 0x80000000, 3: 0x7fffffff }, 0);
  // halfword multiplies
  for (const xy of ['bb', 'bt', 'tb', 'tt']) {
    emit(`smul${xy} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smla${xy} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlal${xy} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  }
  for (const y of ['b', 't']) {
    emit(`smulw${y} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smlaw${y} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
  }
  // dual 16-bit multiplies
  for (const x of ['', 'x']) {
    emit(`smuad${x} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smusd${x} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smlad${x} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlsd${x} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlald${x} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
    emit(`smlsld${x} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  }
  // saturating corner cases for the Q flag
  add('mul', 'smlabb r0, r1, r2, r3', { 1: 0x7fff, 2: 0x7fff, 3: 0x7fffffff }, 0);
  add('mul', 'smlabb r0, r1, r2, r3', { 1: 0x8000, 2: 0x8000, 3: 0x80000000 }, 0);
  add('mul', 'smlawt r0, r1, r2, r3', { 1: 0x7fffffff, 2: 0x7fff0000, 3: 0x7fffffff }, 0);
  add('mul', 'smuad r0, r1, r2', { 1: 0x80008000, 2: 0x80008000 }, 0);
  add('mul', 'smlad r0, r1, r2, r3', { 1: 0x7fff7fff, 2: 0x7fff7fff, 3: 0x7fffffff }, 0);
  add('mul', 'smlsd r0, r1, r2, r3', { 1: 0x80007fff, 2: 0x7fff7fff, 3: 0x80000000 }, 0);
  // most-significant-word multiplies
  for (const r of ['', 'r']) {
    emit(`smmul${r} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smmla${r} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smmls${r} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
  }
  add('mul', 'smmulr r0, r1, r2', { 1: 0x00008000, 2: 0x00010000 }, 0);
  add('mul', 'smmlsr r0, r1, r2, r3', { 1: 0x00000001, 2: 0x00000001, 3: 0x00000000 }, 0);
}

// ---------------------------------------------------------------------------
// div

{
  const pairs = [
    [7, 2], [-7, 2], [7, -2], [-7, -2], [0x80000000, 0xffffffff], [0x80000000, 1],
    [12345, 0], [0, 0], [0xffffffff, 0], [0xffffffff, 1], [0xffffffff, 0xffffffff],
    [1, 0xffffffff], [0xffffffff, 2], [0x7fffffff, 0x7fffffff], [0x80000000, 2],
    [0x12345678, 0x1234], [rnd(), rnd() >>> 12], [rnd(), rnd()],
  ];
  pairs.forEach(([a, b], i) => {
    add('div', 'sdiv r0, r1, r2', { 1: a, 2: b }, i & 1 ? ALL : 0);
    add('div', 'udiv r0, r1, r2', { 1: a, 2: b }, i & 1 ? 0 : ALL);
  });
  add('div', 'sdiv r3, r3, r3', { 3: 0x80000000 }, 0);
  add('div', 'udiv r4, r5, r4', { 4: 3, 5: 0xfffffffe }, 0);
}

// ---------------------------------------------------------------------------
// misc: CLZ REV REV16 REVSH RBIT, MOVW/MOVT, PC reads

{
  const vals = [
    0x00000000, 0x00000001, 0x80000000, 0xffffffff, 0x00010000, 0x12345678,
    0x0000ff80, 0x000080ff, 0x00f00000, 0x7fffffff, rnd(), rnd(),
  ];
  for (const op of ['clz', 'rev', 'rev16', 'revsh', 'rbit']) {
    vals.forEach((v, i) => add('misc', `${op} r0, r1`, { 1: v }, i & 1 ? ALL : 0));
  }
  add('misc', 'rev r2, r2', { 2: 0x11223344 }, 0);
  for (const imm of [0, 1, 0x8000, 0xffff, 0x1234]) {
    add('misc', `movw r0, #${imm}`, { 0: 0xdeadbeef }, ALL);
    add('misc', `movt r0, #${imm}`, { 0: 0xdeadbeef }, 0);
  }
  add('misc', 'movw r3, #0x5678; movt r3, #0x1234', {}, 0);
  add('misc', 'nop', {}, ALL);
  add('misc', 'mov r0, r0', {}, 0);
  // PC reads: recorded address goes into the case ("addr")
  add('misc', 'add r0, pc, #0', {}, 0, { pc: true });
  add('misc', 'mov r0, pc', {}, 0, { pc: true });
  add('misc', 'sub r1, pc, #8', {}, 0, { pc: true });
  add('misc', 'add r0, pc, r1', { 1: 0x100 }, 0, { pc: true });
  add('misc', 'nop; adds r0, pc, r1, lsl #2', { 1: 0xfffffff0 }, 0, { pc: true });
}

// ---------------------------------------------------------------------------
// bitfield

{
  const fields = [[0, 1], [0, 32], [31, 1], [4, 8], [16, 16], [8, 24], [1, 31], [13, 7], [0, 16], [30, 2]];
  const vals = [0xffffffff, 0x12345678, 0x80000001, 0x5a5a5a5a];
  fields.forEach(([lsb, w], i) => {
    add('bitfield', `bfi r0, r1, #${lsb}, #${w}`, { 0: vals[i % 4], 1: vals[(i + 1) % 4] ^ 0x0f0f0f0f }, 0);
    add('bitfield', `bfi r0, r1, #${lsb}, #${w}`, { 0: 0, 1: 0xffffffff }, ALL);
    add('bitfield', `bfc r0, #${lsb}, #${w}`, { 0: 0xffffffff }, 0);
    for (const v of [0x80000001 ^ vals[i % 4], 0xfedcba98]) {
      add('bitfield', `ubfx r0, r1, #${lsb}, #${w}`, { 1: v }, ALL);
      add('bitfield', `sbfx r0, r1, #${lsb}, #${w}`, { 1: v }, 0);
    }
  });
}

// ---------------------------------------------------------------------------
// ext: sign/zero extension

{
  const vals = [0x80ff7f01, 0x12348678, 0x7f80807f, rnd()];
  for (const op of ['sxtb', 'sxth', 'uxtb', 'uxth', 'sxtb16', 'uxtb16']) {
    for (const rot of [0, 8, 16, 24]) {
      const sh = rot ? `, ror #${rot}` : '';
      for (const v of vals.slice(0, 3)) add('ext', `${op} r0, r1${sh}`, { 1: v }, rot === 8 ? ALL : 0);
    }
  }
  for (const op of ['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16']) {
    for (const rot of [0, 8, 16, 24]) {
      const sh = rot ? `, ror #${rot}` : '';
      add('ext', `${op} r0, r1, r2${sh}`, { 1: 0x7fff80ff, 2: vals[rot / 8] }, 0);
      add('ext', `${op} r0, r1, r2${sh}`, { 1: 0xffffffff, 2: 0x80808080 }, ALL);
    }
  }
}

// ---------------------------------------------------------------------------
// sat: saturating arithmetic, Q flag

{
  const pairs = [
    [1, 2], [0x7fffffff, 1], [0x80000000, 0xffffffff], [0x80000000, 1],
    [0x40000000, 0x40000000], [0x7fffffff, 0x7fffffff], [0, 0x80000000],
    [0xc0000000, 0xc0000000], [0x3fffffff, 0x20000000], [rnd(), rnd()],
  ];
  for (const op of ['qadd', 'qsub', 'qdadd', 'qdsub']) {
    pairs.forEach(([a, b], i) => add('sat', `${op} r0, r1, r2`, { 1: a, 2: b }, i === 1 ? Q : i & 1 ? u32(ALL & ~Q) : 0));
  }
  const shifts = ['', ', lsl #4', ', asr #1', ', asr #32', ', lsl #31'];
  const vals = [0x7fffffff, 0x80000000, 0x0000007f, 0xffffff80, 0x00012345, 0xfffffffe];
  for (const sat of [1, 8, 16, 32]) {
    shifts.forEach((sh, si) => {
      for (let k = 0; k < 3; k++) {
        add('sat', `ssat r0, #${sat}, r1${sh}`, { 1: vals[(si + k * 2 + sat) % vals.length] }, k === 2 ? Q : 0);
      }
    });
  }
  for (const sat of [0, 8, 16, 31]) {
    shifts.forEach((sh, si) => {
      for (let k = 0; k < 3; k++) {
        add('sat', `usat r0, #${sat}, r1${sh}`, { 1: vals[(si + k * 2 + sat + 1) % vals.length] }, k === 2 ? Q : 0);
      }
    });
  }
  const v16 = [0x7fff8000, 0x00ff0100, 0xff80007f, 0x00010001, 0x80007fff, rnd()];
  for (const sat of [1, 8, 16]) v16.forEach((v) => add('sat', `ssat16 r0, #${sat}, r1`, { 1: v }, 0));
  for (const sat of [0, 8, 15]) v16.forEach((v) => add('sat', `usat16 r0, #${sat}, r1`, { 1: v }, 0));
  add('sat', 'ssat r0, #8, r1', { 1: 0x7f }, Q);
  add('sat', 'usat16 r0, #4, r1', { 1: 0x000f000f }, 0);
}

// ---------------------------------------------------------------------------
// parallel: SIMD add/sub, GE flags, SEL, USAD8, PKH

{
  const pairs = [
    [0x00000000, 0x00000000],
    [0x7fff7fff, 0x00010001],
    [0x80008000, 0xffffffff],
    [0x7f80ff01, 0x01ff01ff],
    [0x12345678, 0x87654321],
    [0xffffffff, 0xffffffff],
    [0x80017ffe, 0x7fff8002],
    [rnd(), rnd()],
  ];
  const geInit = [0, 0x000a0000, GE_ALL, 0x00050000, u32(N | C | 0x00030000)];
  let n = 0;
  for (const pre of ['s', 'q', 'sh', 'u', 'uq', 'uh']) {
    for (const op of ['add16', 'sub16', 'add8', 'sub8', 'asx', 'sax']) {
      for (const [a, b] of pairs) add('parallel', `${pre}${op} r0, r1, r2`, { 1: a, 2: b }, geInit[n++ % geInit.length]);
    }
  }
  for (let ge = 0; ge < 16; ge++) add('parallel', 'sel r0, r1, r2', { 1: 0x11223344, 2: 0xaabbccdd }, ge << 16);
  add('parallel', 'sadd8 r0, r1, r2; sel r3, r4, r5', { 1: 0x7f80ff01, 2: 0x01ff01ff, 4: 0x11223344, 5: 0xaabbccdd }, 0);
  add('parallel', 'usub16 r0, r1, r2; sel r3, r1, r2', { 1: 0x12345678, 2: 0x23450001 }, 0);
  const sadv = [[0, 0, 0], [0xffffffff, 0, 5], [0x01020304, 0x04030201, 0xffffffff], [0x80ff0010, 0x7f00ff01, 0x10], [rnd(), rnd(), rnd()]];
  for (const [a, b, c] of sadv) {
    add('parallel', 'usad8 r0, r1, r2', { 1: a, 2: b }, 0);
    add('parallel', 'usada8 r0, r1, r2, r3', { 1: a, 2: b, 3: c }, ALL);
  }
  for (const sh of ['', ', lsl #1', ', lsl #16', ', lsl #31']) {
    add('parallel', `pkhbt r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x8000c001 }, 0);
  }
  for (const sh of [', asr #1', ', asr #16', ', asr #31', ', asr #32']) {
    add('parallel', `pkhtb r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x8000c001 }, 0);
    add('parallel', `pkhtb r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x4000c001 }, ALL);
  }
}

// ---------------------------------------------------------------------------
// cond: every condition code against every NZCV combination

{
  const conds = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al'];
  for (const cc of conds) {
    for (let nzcv = 0; nzcv < 16; nzcv++) {
      const cond = cc === 'al' ? '' : cc;
      add('cond', `mov${cond} r0, #1`, { 0: 0 }, u32(nzcv << 28));
    }
  }
  for (const cc of ['eq', 'ne', 'hi', 'lt']) {
    for (const f of [0, Z, u32(N | C), u32(N | Z | C | V)]) {
      add('cond', `adds${cc} r0, r1, r2`, { 1: 0x7fffffff, 2: 1 }, f);
      add('cond', `mul${cc} r0, r1, r2`, { 1: 3, 2: 5 }, f);
    }
  }
  add('cond', 'cmp r1, r2; movgt r0, #1; movle r0, #2', { 1: 0xffffffff, 2: 1 }, 0);
  add('cond', 'cmp r1, r2; movhi r0, #1; movls r0, #2', { 1: 0xffffffff, 2: 1 }, 0);
  add('cond', 'subs r1, r1, #1; addne r0, r0, #1; subeq r0, r0, #1', { 0: 10, 1: 1 }, 0);
  add('cond', 'teq r1, r2; eorseq r0, r1, r2; movne r0, #7', { 1: 0x5a5a5a5a, 2: 0x5a5a5a5a }, ALL);
}

// ---------------------------------------------------------------------------
// psr: MRS / MSR

{
  for (const f of [0, ALL, N, Z, C, V, Q, 0x00050000, u32(N | V | 0x000a0000), u32(rnd() & 0xf80f0000)]) {
    add('psr', 'mrs r0, apsr', {}, f);
  }
  const vals = [0xffffffff, 0x00000000, 0xa8000000, 0x0800001f, 0x000f0000, 0x5005a000, rnd()];
  for (const fld of ['APSR_nzcvq', 'APSR_g', 'APSR_nzcvqg', 'CPSR_f', 'CPSR_s', 'CPSR_fs']) {
    vals.forEach((v, i) => add('psr', `msr ${fld}, r1`, { 1: v }, i & 1 ? ALL : 0));
  }
  for (const [fld, imm] of [
    ['APSR_nzcvq', '#0xf8000000'], ['APSR_nzcvq', '#0x40000000'], ['APSR_nzcvq', '#0'],
    ['APSR_g', '#0x000f0000'], ['APSR_g', '#0x00050000'], ['APSR_nzcvqg', '#0x80000000'],
    ['CPSR_f', '#0xff000000'], ['CPSR_s', '#0x00ff0000'], ['CPSR_fs', '#0x00030000'],
  ]) {
    add('psr', `msr ${fld}, ${imm}`, {}, ALL);
    add('psr', `msr ${fld}, ${imm}`, {}, 0);
  }
  add('psr', 'msr APSR_nzcvq, r1; mrs r0, apsr', { 1: 0x30000000 }, 0);
  add('psr', 'qadd r0, r1, r1; mrs r2, apsr; msr APSR_nzcvq, #0; mrs r3, apsr', { 1: 0x7fffffff }, 0);
  add('psr', 'sadd8 r0, r1, r1; mrs r2, apsr', { 1: 0x80ff7f01 }, 0);
}

// ---------------------------------------------------------------------------
// mem: single loads/stores, every addressing mode

{
  const M = { mem: true };
  const fM = [0, ALL];
  let k = 0;
  const fl = () => fM[k++ & 1];
  const rv = 0x8899aabb; // value register for stores (r0)

  // word and byte: full addressing modes
  const wbModes = [
    ['[r1]', {}],
    ['[r1, #4]', {}],
    ['[r1, #-4]', {}],
    ['[r1, #124]', {}],
    ['[r1, #-128]', {}],
    ['[r1, #5]', {}],
    ['[r1, #4]!', {}],
    ['[r1, #-8]!', {}],
    ['[r1], #4', {}],
    ['[r1], #-12', {}],
    ['[r1, r2]', { 2: 8 }],
    ['[r1, -r2]', { 2: 8 }],
    ['[r1, r2, lsl #2]', { 2: 3 }],
    ['[r1, -r2, lsl #3]', { 2: 5 }],
    ['[r1, r2, lsr #1]', { 2: 0x21 }],
    ['[r1, r2, lsr #32]', { 2: 0xffffffff }],
    ['[r1, r2, asr #2]', { 2: 0xffffffc0 }],
    ['[r1, r2, asr #32]', { 2: 0x80000000 }],
    ['[r1, r2, ror #28]', { 2: 0x00000001 }],
    ['[r1, r2, rrx]', { 2: 0x00000021 }],
    ['[r1, r2]!', { 2: 0xfffffff0 }],
    ['[r1, -r2]!', { 2: 16 }],
    ['[r1, r2, lsl #1]!', { 2: 6 }],
    ['[r1], r2', { 2: 20 }],
    ['[r1], -r2, lsl #2', { 2: 3 }],
  ];
  for (const op of ['ldr', 'ldrb', 'str', 'strb']) {
    for (const [am, regs] of wbModes) {
      // RRX with C set would leave the window, so C stays clear there
      const f = am.includes('rrx') ? u32(N | Z | V) : fl();
      add('mem', `${op} r0, ${am}`, { 0: rv, 1: P, ...regs }, f, M);
    }
  }
  // halfword / signed / doubleword: immediate and plain register offsets
  const hModes = [
    ['[r1]', {}],
    ['[r1, #2]', {}],
    ['[r1, #-6]', {}],
    ['[r1, #125]', {}],
    ['[r1, #-128]', {}],
    ['[r1, #-127]', {}],
    ['[r1, #10]!', {}],
    ['[r1, #-2]!', {}],
    ['[r1], #4', {}],
    ['[r1], #-20', {}],
    ['[r1, r2]', { 2: 14 }],
    ['[r1, -r2]', { 2: 14 }],
    ['[r1, r2]!', { 2: 0xfffffffa }],
    ['[r1, -r2]!', { 2: 30 }],
    ['[r1], r2', { 2: 2 }],
    ['[r1], -r2', { 2: 40 }],
  ];
  for (const op of ['ldrh', 'ldrsh', 'ldrsb', 'strh']) {
    for (const [am, regs] of hModes) add('mem', `${op} r0, ${am}`, { 0: rv, 1: P, ...regs }, fl(), M);
  }
  const dModes = [
    ['[r1]', {}],
    ['[r1, #8]', {}],
    ['[r1, #-16]', {}],
    ['[r1, #248]', { 1: P - 128 }],
    ['[r1, #8]!', {}],
    ['[r1, #-24]!', {}],
    ['[r1], #16', {}],
    ['[r1], #-8', {}],
    ['[r1, r2]', { 2: 32 }],
    ['[r1, -r2]', { 2: 32 }],
    ['[r1, r2]!', { 2: 0xfffffff8 }],
    ['[r1], -r2', { 2: 8 }],
    ['[r1, #4]', {}],
  ];
  for (const op of ['ldrd', 'strd']) {
    for (const [am, regs] of dModes) {
      add('mem', `${op} r4, r5, ${am}`, { 1: P, 4: 0x01234567, 5: 0x89abcdef, ...regs }, fl(), M);
    }
  }
  // load into the base register (no writeback) is well defined
  add('mem', 'ldr r1, [r1, #4]', { 1: P }, 0, M);
  add('mem', 'ldrb r1, [r1, r2]', { 1: P, 2: 3 }, 0, M);
  add('mem', 'ldrd r0, r1, [r1]', { 1: P }, 0, M);
  add('mem', 'str r1, [r1, #-4]', { 1: P }, 0, M);
  add('mem', 'str r1, [r2, r1]', { 1: 0x10, 2: P }, 0, M);
  // unaligned word/halfword accesses (SCTLR.A = 0)
  for (const off of [1, 2, 3, -1, -3]) {
    add('mem', `ldr r0, [r1, #${off}]`, { 1: P }, 0, M);
    add('mem', `str r0, [r1, #${off}]`, { 0: rv, 1: P }, 0, M);
  }
  for (const off of [1, 3, -1]) {
    add('mem', `ldrh r0, [r1, #${off}]`, { 1: P }, 0, M);
    add('mem', `ldrsh r0, [r1, #${off}]`, { 1: P }, 0, M);
    add('mem', `strh r0, [r1, #${off}]`, { 0: rv, 1: P }, 0, M);
  }
  add('mem', 'ldr r0, [r1], #4', { 1: P + 2 }, 0, M);
  add('mem', 'str r0, [r1, #1]!', { 0: rv, 1: P }, 0, M);
  add('mem', 'ldr r0, [r1, r2]', { 1: P, 2: 7 }, 0, M);
  // conditional memory ops
  for (const f of [0, Z]) {
    add('mem', 'ldreq r0, [r1, #4]!', { 1: P }, f, M);
    add('mem', 'strne r0, [r1], #-4', { 0: rv, 1: P }, f, M);
    add('mem', 'ldrbeq r0, [r1, #-1]', { 1: P }, f, M);
    add('mem', 'strhne r0, [r1, #2]', { 0: rv, 1: P }, f, M);
  }
  // short sequences
  add('mem', 'ldr r0, [r1]; add r0, r0, #1; str r0, [r1, #4]', { 1: P }, 0, M);
  add('mem', 'ldrb r0, [r1], #1; ldrb r2, [r1], #1; orr r0, r0, r2, lsl #8; strh r0, [r1, #-8]', { 1: P }, 0, M);
  add('mem', 'strb r0, [r1, #-1]!; strb r0, [r1, #-1]!; ldrh r2, [r1]', { 0: 0x12345680, 1: P }, 0, M);
  add('mem', 'ldrsb r0, [r1, #7]; ldrsh r2, [r1, #-66]; adds r3, r0, r2', { 1: P }, 0, M);
}

// ---------------------------------------------------------------------------
// ldm: LDM/STM, PUSH/POP

{
  const M = { mem: true };
  const vals = {};
  for (let i = 1; i <= 12; i++) vals[i] = u32(0x11111111 * (i & 0xf) ^ 0x80000000 ^ (i << 8));
  const lists = ['{r1-r4}', '{r1, r3, r5, r12}', '{r2}', '{r1-r12}'];
  for (const op of ['ldm', 'stm']) {
    for (const mode of ['ia', 'ib', 'da', 'db']) {
      for (const list of lists) {
        add('ldm', `${op}${mode} r0, ${list}`, { ...vals, 0: P }, 0, M);
        add('ldm', `${op}${mode} r0!, ${list}`, { ...vals, 0: P }, ALL, M);
      }
    }
  }
  // base in list
  for (const mode of ['ia', 'ib', 'da', 'db']) {
    add('ldm', `ldm${mode} r0, {r0-r3}`, { ...vals, 0: P }, 0, M);
    add('ldm', `ldm${mode} r5, {r2, r5, r9}`, { ...vals, 5: P }, 0, M);
    add('ldm', `stm${mode} r5, {r2, r5, r9}`, { ...vals, 5: P }, 0, M);
    // STM with writeback and base the lowest register: original base stored
    add('ldm', `stm${mode} r0!, {r0-r3}`, { ...vals, 0: P }, 0, M);
    add('ldm', `stm${mode} r4!, {r4, r8}`, { ...vals, 4: P }, 0, M);
  }
  add('ldm', 'ldm r0, {r0-r12}', { 0: P }, 0, M);
  add('ldm', 'stm r0, {r0-r12}', { ...vals, 0: P }, 0, M);
  add('ldm', 'stmdb r0!, {r1-r4}; ldmia r0!, {r5-r8}', { ...vals, 0: P }, 0, M);
  add('ldm', 'ldm r0!, {r1}; ldm r0!, {r2}', { 0: P + 1 - 1 }, 0, M);

  // SP-based: PUSH/POP and friends (SP recorded)
  const S = { mem: true, sp: P };
  add('ldm', 'push {r0-r3}', vals, 0, S);
  add('ldm', 'push {r4, r12}', vals, 0, S);
  add('ldm', 'push {r1}', vals, 0, S);
  add('ldm', 'push {r0-r12}', vals, 0, S);
  add('ldm', 'pop {r0-r3}', vals, 0, S);
  add('ldm', 'pop {r5}', vals, 0, S);
  add('ldm', 'pop {r0-r12}', vals, 0, S);
  add('ldm', 'push {r1, r2}; pop {r3, r4}', vals, 0, S);
  add('ldm', 'push {r1}; push {r2}; pop {r3, r4}', vals, 0, S);
  add('ldm', 'stmdb sp!, {r1-r3}; ldmia sp, {r4-r6}', vals, 0, S);
  add('ldm', 'ldr r0, [sp, #4]; str r1, [sp, #-4]!', vals, 0, S);
  add('ldm', 'ldmib sp!, {r1, r2}', vals, 0, S);
  add('ldm', 'add r0, sp, #8; sub r1, sp, r2', { ...vals, 2: 0x20 }, 0, { sp: P });
}

// ---------------------------------------------------------------------------
// excl: LDREX/STREX family (the harness clears the monitor before each case)

{
  const M = { mem: true };
  const rs = { 1: P, 3: 0xcafef00d, 4: 0x01234567, 5: 0x89abcdef };
  add('excl', 'ldrex r0, [r1]; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1]; clrex; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1]; strex r2, r3, [r1]; strex r6, r4, [r1]', rs, ALL, M);
  add('excl', 'ldrex r0, [r1]; add r0, r0, #1; strex r2, r0, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1]; ldrex r6, [r1]; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrexb r0, [r1]; strexb r2, r3, [r1]', { ...rs, 1: P + 3 }, 0, M);
  add('excl', 'strexb r2, r3, [r1]', { ...rs, 1: P + 3 }, 0, M);
  add('excl', 'ldrexh r0, [r1]; strexh r2, r3, [r1]', { ...rs, 1: P + 2 }, 0, M);
  add('excl', 'strexh r2, r3, [r1]', { ...rs, 1: P + 2 }, 0, M);
  add('excl', 'ldrexd r6, r7, [r1]; strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'ldrexd r6, r7, [r1]; clrex; strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'ldrexh r0, [r1]', { ...rs, 1: P - 2 }, ALL, M);
  add('excl', 'ldrexb r0, [r1]', { ...rs, 1: P - 1 }, ALL, M);
  add('excl', 'ldrex r0, [r1]; strex r2, r3, [r1]; ldr r6, [r1]', rs, 0, M);
}

// ---------------------------------------------------------------------------

/** Case names: group/index plus the inputs the snippet mentions. */
export const buildCases = build;
