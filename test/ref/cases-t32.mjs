// T32 (Thumb-2) reference test cases.
//
// Each case is a short Thumb snippet plus its initial state. gen-t32.mjs
// assembles all of them into one bare-metal image whose A32 harness enters
// each snippet with BX (Thumb bit set), runs QEMU and records what the CPU
// did. Plain Node.js ES module, no dependencies; the PRNG is seeded so the
// list is deterministic.
//
// Case fields produced here:
//   group  dp16 it dp32 shift mul div misc sat parallel ext bitfield branch
//          mem ldm excl psr vfp simd exc
//   asm    the snippet; statements separated by "; " (labels such as "1:" are
//          statements too)
//   r      r0..r12 initial values (13 numbers)
//   flags  initial NZCVQ (bits 31..27) and GE (bits 19..16)
//   sp     (optional) initial SP; only for snippets that use SP
//   mem    true when the snippet accesses the data window (window recorded)
//   exc    true when the snippet ends in an exception: the harness then
//          records r11 = LR and r12 = SPSR of the exception mode, r10 = IFSR
//          (prefetch abort) or DFSR (data abort) and r9 = DFAR (data abort),
//          and returns to SVC mode before saving the state

import { P, u32, mulberry32, N, Z, C, V, Q, GE_ALL, ALL, coreCaseList } from './lib.mjs';

export { WINDOW_BASE, WINDOW_SIZE, P } from './lib.mjs';

const rnd = mulberry32(0x54333221); // "T32!"

const { add, build } = coreCaseList(['exc']);

const PAIRS = [
  [0x00000000, 0x00000000],
  [0x00000001, 0x00000001],
  [0x7fffffff, 0x00000001],
  [0x80000000, 0x00000001],
  [0x80000000, 0x80000000],
  [0xffffffff, 0x00000001],
  [0xffffffff, 0xffffffff],
  [0x00000000, 0x00000001],
  [0x80000000, 0x7fffffff],
  [0x7fffffff, 0x80000000],
  [0x12345678, 0x87654321],
  [rnd(), rnd()],
];

// ---------------------------------------------------------------------------
// dp16: 16-bit encodings outside IT blocks (they set the flags)

{
  const low = ['ands', 'eors', 'adcs', 'sbcs', 'orrs', 'bics'];
  const usesC = new Set(['adcs', 'sbcs']);
  for (const op of low) {
    for (const [a, b] of PAIRS) {
      for (const f of usesC.has(op) ? [0, C, ALL] : [0, ALL]) add('dp16', `${op} r0, r1`, { 0: a, 1: b }, f);
    }
  }
  for (const op of ['tst', 'cmp', 'cmn']) {
    for (const [a, b] of PAIRS) for (const f of [0, ALL]) add('dp16', `${op} r0, r1`, { 0: a, 1: b }, f);
  }
  for (const [a, b] of PAIRS) {
    add('dp16', 'mvns r0, r1', { 1: a ^ b }, ALL);
    add('dp16', 'negs r0, r1', { 1: a }, 0);
    add('dp16', 'negs r0, r1', { 1: b }, ALL);
    add('dp16', 'muls r0, r1, r0', { 0: a, 1: b }, ALL);
    add('dp16', 'muls r2, r3, r2', { 2: b, 3: a }, 0);
    add('dp16', 'adds r0, r1, r2', { 1: a, 2: b }, 0);
    add('dp16', 'subs r0, r1, r2', { 1: a, 2: b }, ALL);
    add('dp16', 'movs r0, r1', { 1: a }, ALL);
  }
  // register-controlled shifts: bottom byte of Rm, carry rules for 0, 32, >32
  const amounts = [0, 1, 4, 31, 32, 33, 255, 256, 0xffffff20, 0x3f, 16];
  for (const k of ['lsls', 'lsrs', 'asrs', 'rors']) {
    for (const a of amounts) {
      add('dp16', `${k} r0, r1`, { 0: 0x80000001, 1: a }, 0);
      add('dp16', `${k} r0, r1`, { 0: 0xc0000003, 1: a }, ALL);
    }
  }
  // immediate shifts
  for (const [k, lo, hi] of [['lsls', 0, 31], ['lsrs', 1, 32], ['asrs', 1, 32]]) {
    for (let n = lo; n <= hi; n++) {
      add('dp16', `${k} r0, r1, #${n}`, { 1: 0x80000001 }, 0);
      add('dp16', `${k} r0, r1, #${n}`, { 1: n & 1 ? 0x7ffffffe : 0xdeadbeef }, ALL);
    }
  }
  // immediates
  for (const [v, f] of [[0, 0], [1, C], [0x7fffffff, 0], [0xffffffff, ALL], [0x80000000, C], [200, 0]]) {
    for (const imm of [0, 1, 7]) {
      add('dp16', `adds r0, r1, #${imm}`, { 1: v }, f);
      add('dp16', `subs r0, r1, #${imm}`, { 1: v }, f);
    }
    for (const imm of [0, 1, 200, 255]) {
      add('dp16', `adds r3, #${imm}`, { 3: v }, f);
      add('dp16', `subs r3, #${imm}`, { 3: v }, f);
      add('dp16', `cmp r4, #${imm}`, { 4: v }, f);
    }
  }
  for (const imm of [0, 1, 0x80, 255]) {
    add('dp16', `movs r5, #${imm}`, {}, ALL);
    add('dp16', `movs r5, #${imm}`, {}, 0);
  }
  // high registers: no flags
  add('dp16', 'add r0, r8', { 0: 0xffffffff, 8: 2 }, 0);
  add('dp16', 'add r8, r1', { 8: 0x7fffffff, 1: 1 }, ALL);
  add('dp16', 'add r9, r9', { 9: 0x80000000 }, 0);
  add('dp16', 'mov r8, r0', { 0: 0x12345678 }, ALL);
  add('dp16', 'mov r2, r12', { 12: 0x87654321 }, 0);
  add('dp16', 'mov r10, r11', { 11: 0 }, ALL);
  for (const [a, b] of PAIRS.slice(0, 8)) add('dp16', 'cmp r8, r1', { 8: a, 1: b }, 0);
  add('dp16', 'cmp r2, r12', { 2: 5, 12: 7 }, ALL);
  // SP forms
  const S = { sp: P };
  add('dp16', 'add sp, #508', {}, 0, S);
  add('dp16', 'sub sp, #508', {}, ALL, S);
  add('dp16', 'add r0, sp, #1020', {}, 0, S);
  add('dp16', 'add r1, sp, #4', {}, 0, S);
  add('dp16', 'add r2, sp', { 2: 0x10 }, 0, S);
  add('dp16', 'add sp, r3', { 3: 0xfffffff0 }, 0, S);
  add('dp16', 'mov r4, sp', {}, 0, S);
  add('dp16', 'mov sp, r5', { 5: P + 0x40 }, 0, S);
  // extends and reverses (16-bit forms)
  const vals = [0x80ff7f01, 0x12348678, 0x7f80807f, 0x000000ff, rnd()];
  for (const op of ['sxtb', 'sxth', 'uxtb', 'uxth', 'rev', 'rev16', 'revsh']) {
    for (const v of vals) add('dp16', `${op} r0, r1`, { 1: v }, ALL);
  }
}

// ---------------------------------------------------------------------------
// it: IT blocks (conditions, masks, flag setting inside and outside)

{
  const conds = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
  const inv = { eq: 'ne', ne: 'eq', cs: 'cc', cc: 'cs', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs', hi: 'ls', ls: 'hi', ge: 'lt', lt: 'ge', gt: 'le', le: 'gt' };
  for (const cc of conds) {
    for (let nzcv = 0; nzcv < 16; nzcv++) {
      add('it', `ite ${cc}; mov${cc} r0, #1; mov${inv[cc]} r0, #2`, { 0: 0 }, u32(nzcv << 28));
    }
  }
  // inside an IT block the 16-bit data-processing encodings do not set flags
  for (const f of [0, Z, u32(N | C), ALL]) {
    add('it', 'ite eq; addeq r0, r1, r2; subne r3, r4, #1', { 1: 0x7fffffff, 2: 1, 4: 0 }, f);
    add('it', 'it eq; addeq r0, r1', { 0: 0xffffffff, 1: 1 }, f);
    add('it', 'itt ne; lslne r0, r1, #1; rorne r2, r3', { 1: 0x80000001, 2: 0x80000001, 3: 1 }, f);
    add('it', 'ittt eq; moveq r0, #0; negeq r1, r2; muleq r3, r4, r3', { 2: 1, 3: 0x10000, 4: 0x10000 }, f);
    add('it', 'itte cs; andcs r0, r1; mvncs r2, r3; eorcc r4, r5', { 0: 0xff, 1: 0xf0, 3: 0, 4: 1, 5: 3 }, f);
    // 32-bit flag-setting forms inside IT change the condition of the following instructions
    add('it', 'ittet eq; addseq.w r0, r1, r2; moveq r3, #1; movne r4, #1; moveq r5, #1', { 1: 0xffffffff, 2: 1 }, f);
    add('it', 'ittee mi; cmpmi r1, r2; movmi r3, #1; movpl r4, #1; movpl r5, #1', { 1: 1, 2: 2 }, f);
    add('it', 'cmp r1, r2; itete gt; movgt r0, #1; movle r3, #1; movgt r4, #1; movle r5, #1', { 1: 0xffffffff, 2: 1 }, f);
    add('it', 'cmp r1, r2; iteet hi; movhi r0, #1; movls r3, #1; movls r4, #1; movhi r5, #1', { 1: 0xffffffff, 2: 1 }, f);
    add('it', 'subs r1, r1, #1; ittt ne; addne r0, r0, #1; subne r6, r6, #1; addsne.w r7, r7, #1', { 0: 10, 1: 1, 6: 0, 7: 0xffffffff }, f);
    add('it', 'it vs; ldrvs r0, [r1]', { 1: P }, f, { mem: true });
    add('it', 'itt pl; strpl r2, [r1, #4]; strhpl r2, [r1, #8]', { 1: P, 2: 0x11223344 }, f, { mem: true });
    add('it', 'it hi; qaddhi r0, r1, r2', { 1: 0x7fffffff, 2: 1 }, f);
  }
  for (const mask of ['t', 'e', 'tt', 'te', 'et', 'ee', 'ttt', 'tte', 'tet', 'tee', 'ett', 'ete', 'eet', 'eee']) {
    const body = ['1', '2', '3', '4'].slice(0, mask.length + 1).map((n, i) =>
      `mov${i === 0 || mask[i - 1] === 't' ? 'lt' : 'ge'} r${n}, #${n}`).join('; ');
    add('it', `it${mask} lt; ${body}`, {}, N);
    add('it', `it${mask} lt; ${body}`, {}, u32(N | V));
  }
}

// ---------------------------------------------------------------------------
// dp32: 32-bit data processing with modified immediates and shifted registers

{
  // ThumbExpandImm: the four replication patterns and rotations (carry out = bit 31 when rotated)
  const imms = [
    '#0', '#0xff', '#0x00ab00ab', '#0xab00ab00', '#0xabababab', '#0x80000000', '#0xff000000',
    '#0x1fe', '#0x3fc00', '#0x7f800000', '#0x00ff0000', '#0x8000', '#0x40000000',
  ];
  for (const op of ['ands', 'orrs', 'eors', 'bics', 'orns']) {
    for (const imm of imms) {
      add('dp32', `${op} r0, r1, ${imm}`, { 1: 0x80000000 }, 0);
      add('dp32', `${op} r0, r1, ${imm}`, { 1: 0x7fffffff }, ALL);
    }
  }
  for (const op of ['movs', 'mvns', 'tst', 'teq']) {
    for (const imm of imms) {
      add('dp32', `${op}.w r${op.startsWith('t') ? 1 : 0}, ${imm}`, { 0: 0x5a5a5a5a, 1: 0xc3c3c3c3 }, 0);
      add('dp32', `${op}.w r${op.startsWith('t') ? 1 : 0}, ${imm}`, { 0: 0x5a5a5a5a, 1: 0x3c3c3c3c }, ALL);
    }
  }
  const arith = ['#0', '#1', '#0xff', '#0x80000000', '#0xff000000', '#0x7f000000', '#0x00010001', '#0xffffffff'];
  const vals = [[0x7fffffff, 0], [0x80000000, C], [0xffffffff, ALL], [0x00000000, C]];
  for (const op of ['adds', 'subs', 'rsbs', 'adcs', 'sbcs', 'cmp', 'cmn']) {
    for (const imm of arith) {
      for (const [v, f] of vals) {
        if (op === 'cmp' || op === 'cmn') add('dp32', `${op}.w r1, ${imm}`, { 1: v }, f);
        else add('dp32', `${op}.w r0, r1, ${imm}`, { 1: v }, f);
      }
    }
  }
  for (const imm of ['#0xff', '#0x80000000', '#0x00ab00ab']) {
    for (const op of ['add', 'sub', 'rsb', 'and', 'orr', 'orn', 'eor', 'bic', 'adc', 'sbc']) {
      add('dp32', `${op}.w r0, r1, ${imm}`, { 1: 0x12345678 }, ALL);
    }
    add('dp32', `mov.w r0, ${imm}`, {}, ALL);
    add('dp32', `mvn.w r0, ${imm}`, {}, 0);
  }
  // plain 12-bit and 16-bit immediates
  for (const [v, imm] of [[0x12345678, 0], [0xffffffff, 1], [0x7fffffff, 4095], [0, 0x800]]) {
    add('dp32', `addw r0, r1, #${imm}`, { 1: v }, ALL);
    add('dp32', `subw r0, r1, #${imm}`, { 1: v }, 0);
  }
  add('dp32', 'addw r0, sp, #0x123', {}, 0, { sp: P });
  add('dp32', 'subw sp, sp, #0x124', {}, 0, { sp: P });
  for (const imm of [0, 1, 0x8000, 0xffff, 0x1234]) {
    add('dp32', `movw r0, #${imm}`, { 0: 0xdeadbeef }, ALL);
    add('dp32', `movt r0, #${imm}`, { 0: 0xdeadbeef }, 0);
  }
  add('dp32', 'movw r3, #0x5678; movt r3, #0x1234', {}, 0);
  // shifted register operands
  for (const op of ['ands', 'orrs', 'eors', 'bics', 'orns', 'adds', 'subs', 'rsbs', 'adcs', 'sbcs']) {
    for (const sh of ['', ', lsl #1', ', lsl #31', ', lsr #1', ', lsr #32', ', asr #31', ', asr #32', ', ror #16', ', rrx']) {
      add('dp32', `${op}.w r0, r1, r2${sh}`, { 1: 0xffff0000, 2: 0x80008001 }, 0);
      add('dp32', `${op}.w r0, r1, r2${sh}`, { 1: 0x0000ffff, 2: 0x7fff7ffe }, C);
    }
  }
  for (const op of ['tst', 'teq', 'cmp', 'cmn']) {
    for (const sh of ['', ', lsl #4', ', lsr #32', ', asr #1', ', ror #31', ', rrx']) {
      add('dp32', `${op}.w r1, r2${sh}`, { 1: 0x40000000, 2: 0x80000001 }, C);
      add('dp32', `${op}.w r1, r2${sh}`, { 1: 0x80000001, 2: 0x7fffffff }, u32(N | Z));
    }
  }
  for (const op of ['add', 'sub', 'and', 'orr', 'orn', 'eor', 'bic', 'adc', 'sbc', 'rsb']) {
    add('dp32', `${op}.w r0, r1, r2, lsl #3`, { 1: 0x12345678, 2: 0x9abcdef0 }, ALL);
  }
  add('dp32', 'add.w r0, sp, r1, lsl #2', { 1: 4 }, 0, { sp: P });
  add('dp32', 'sub.w sp, sp, r1', { 1: 16 }, 0, { sp: P });
  add('dp32', 'adds.w r8, r9, r10', { 9: 0x7fffffff, 10: 1 }, 0);
  add('dp32', 'mov.w r11, r12', { 12: 0x12345678 }, ALL);
  add('dp32', 'movs.w r11, r12', { 12: 0 }, N);
}

// ---------------------------------------------------------------------------
// shift: 32-bit shifts (MOV with shifted register, and by register)

{
  for (const [k, lo, hi] of [['lsl', 1, 31], ['lsr', 1, 32], ['asr', 1, 32], ['ror', 1, 31]]) {
    for (let n = lo; n <= hi; n += n < 4 || n > 28 ? 1 : 5) {
      add('shift', `${k}s.w r8, r9, #${n}`, { 9: 0x80000001 }, 0);
      add('shift', `${k}s.w r8, r9, #${n}`, { 9: n & 1 ? 0x7ffffffe : 0xdeadbeef }, ALL);
      add('shift', `${k}.w r8, r9, #${n}`, { 9: 0x80000001 }, ALL);
    }
  }
  for (const v of [0x00000001, 0x80000000, 0xffffffff, 0]) {
    add('shift', 'rrxs r0, r1', { 1: v }, 0);
    add('shift', 'rrxs r0, r1', { 1: v }, C);
  }
  add('shift', 'rrx r0, r1', { 1: 1 }, C);
  const amounts = [0, 1, 4, 31, 32, 33, 255, 257, 0x100, 0xffffff20, 0x80000001, 0x3f, 16];
  for (const k of ['lsl', 'lsr', 'asr', 'ror']) {
    for (const a of amounts) {
      add('shift', `${k}s.w r0, r1, r2`, { 1: 0x80000001, 2: a }, 0);
      add('shift', `${k}s.w r0, r1, r2`, { 1: 0xc0000003, 2: a }, ALL);
    }
    add('shift', `${k}.w r0, r1, r2`, { 1: 0x80000001, 2: 33 }, ALL);
    add('shift', `${k}s.w r3, r3, r3`, { 3: 0x8000001f }, 0);
  }
}

// ---------------------------------------------------------------------------
// mul, div

{
  const tuples = [
    [0x00000000, 0x00000000, 0x00000000, 0x00000000],
    [0x00000001, 0xffffffff, 0x00000001, 0x00000000],
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0x80000000, 0x80000000, 0x7fffffff, 0x80000000],
    [0x7fffffff, 0x7fffffff, 0x00000001, 0x7fffffff],
    [0x80008000, 0x80008000, 0x7fffffff, 0x00000000],
    [0x7fff7fff, 0x80018000, 0x80000000, 0xffffffff],
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
  emit('mul.w r0, r1, r2', { 1: 0, 2: 1 });
  emit('mla r0, r1, r2, r3', { 1: 0, 2: 1, 3: 2 });
  emit('mls r0, r1, r2, r3', { 1: 0, 2: 1, 3: 2 });
  for (const op of ['umull', 'smull', 'umlal', 'smlal', 'umaal']) emit(`${op} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  emit('umull r8, r9, r10, r11', { 8: 2, 9: 3, 10: 0, 11: 1 });
  for (const xy of ['bb', 'bt', 'tb', 'tt']) {
    emit(`smul${xy} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smla${xy} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlal${xy} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  }
  for (const y of ['b', 't']) {
    emit(`smulw${y} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smlaw${y} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
  }
  for (const x of ['', 'x']) {
    emit(`smuad${x} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smusd${x} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smlad${x} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlsd${x} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smlald${x} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
    emit(`smlsld${x} r0, r1, r2, r3`, { 0: 2, 1: 3, 2: 0, 3: 1 });
  }
  for (const r of ['', 'r']) {
    emit(`smmul${r} r0, r1, r2`, { 1: 0, 2: 1 });
    emit(`smmla${r} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
    emit(`smmls${r} r0, r1, r2, r3`, { 1: 0, 2: 1, 3: 2 });
  }
  add('mul', 'smlabb r0, r1, r2, r3', { 1: 0x7fff, 2: 0x7fff, 3: 0x7fffffff }, 0);
  add('mul', 'smuad r0, r1, r2', { 1: 0x80008000, 2: 0x80008000 }, 0);
  add('mul', 'smlawt r0, r1, r2, r3', { 1: 0x7fffffff, 2: 0x7fff0000, 3: 0x7fffffff }, 0);

  const pairs = [
    [7, 2], [-7, 2], [7, -2], [-7, -2], [0x80000000, 0xffffffff], [0x80000000, 1],
    [12345, 0], [0, 0], [0xffffffff, 0], [0xffffffff, 1], [0xffffffff, 0xffffffff],
    [1, 0xffffffff], [0x7fffffff, 0x7fffffff], [0x12345678, 0x1234], [rnd(), rnd() >>> 12], [rnd(), rnd()],
  ];
  pairs.forEach(([a, b], i) => {
    add('div', 'sdiv r0, r1, r2', { 1: a, 2: b }, i & 1 ? ALL : 0);
    add('div', 'udiv r0, r1, r2', { 1: a, 2: b }, i & 1 ? 0 : ALL);
  });
  add('div', 'sdiv r8, r9, r10', { 9: 100, 10: 7 }, 0);
}

// ---------------------------------------------------------------------------
// misc: CLZ REV REV16 REVSH RBIT (32-bit), PC reads, hints

{
  const vals = [0x00000000, 0x00000001, 0x80000000, 0xffffffff, 0x00010000, 0x12345678, 0x0000ff80, rnd(), rnd()];
  for (const op of ['clz', 'rev.w', 'rev16.w', 'revsh.w', 'rbit']) {
    vals.forEach((v, i) => add('misc', `${op} r8, r9`, { 9: v }, i & 1 ? ALL : 0));
  }
  add('misc', 'nop', {}, ALL);
  add('misc', 'nop.w', {}, 0);
  add('misc', 'yield', {}, ALL);
  add('misc', 'sev; nop', {}, 0);
  add('misc', 'dmb; dsb; isb', {}, ALL);
  // PC reads: ADR, ADD Rd, PC; MOV Rd, PC; ADDW/SUBW from PC; word-aligned and not
  for (const pre of ['', 'nop; ']) {
    add('misc', `${pre}add r0, pc, #8`, {}, 0);
    add('misc', `${pre}addw r0, pc, #5`, {}, 0);
    add('misc', `${pre}subw r0, pc, #5`, {}, 0);
    add('misc', `${pre}mov r0, pc`, {}, 0);
    add('misc', `${pre}add r1, pc`, { 1: 0x100 }, 0);
    add('misc', `${pre}adr r2, 1f; nop; nop; .balign 4; 1: nop`, {}, 0);
    add('misc', `${pre}adr.w r2, 1f; nop.w; 1: nop`, {}, 0);
    add('misc', `${pre}b 2f; .balign 4; 1: .word 0x89abcdef; 2: adr.w r3, 1b`, {}, 0);
  }
}

// ---------------------------------------------------------------------------
// sat, parallel, ext, bitfield

{
  const pairs = [
    [1, 2], [0x7fffffff, 1], [0x80000000, 0xffffffff], [0x80000000, 1], [0x40000000, 0x40000000],
    [0x7fffffff, 0x7fffffff], [0, 0x80000000], [0xc0000000, 0xc0000000], [rnd(), rnd()],
  ];
  for (const op of ['qadd', 'qsub', 'qdadd', 'qdsub']) {
    pairs.forEach(([a, b], i) => add('sat', `${op} r0, r1, r2`, { 1: a, 2: b }, i === 1 ? Q : i & 1 ? u32(ALL & ~Q) : 0));
  }
  const shifts = ['', ', lsl #4', ', asr #1', ', asr #31', ', lsl #31'];
  const vals = [0x7fffffff, 0x80000000, 0x0000007f, 0xffffff80, 0x00012345, 0xfffffffe];
  for (const sat of [1, 8, 16, 32]) {
    shifts.forEach((sh, si) => {
      for (let k = 0; k < 3; k++) add('sat', `ssat r0, #${sat}, r1${sh}`, { 1: vals[(si + k * 2 + sat) % vals.length] }, k === 2 ? Q : 0);
    });
  }
  for (const sat of [0, 8, 16, 31]) {
    shifts.forEach((sh, si) => {
      for (let k = 0; k < 3; k++) add('sat', `usat r0, #${sat}, r1${sh}`, { 1: vals[(si + k * 2 + sat + 1) % vals.length] }, k === 2 ? Q : 0);
    });
  }
  const v16 = [0x7fff8000, 0x00ff0100, 0xff80007f, 0x80007fff, rnd()];
  for (const sat of [1, 8, 16]) v16.forEach((v) => add('sat', `ssat16 r0, #${sat}, r1`, { 1: v }, 0));
  for (const sat of [0, 8, 15]) v16.forEach((v) => add('sat', `usat16 r0, #${sat}, r1`, { 1: v }, 0));
}

{
  const pairs = [
    [0x00000000, 0x00000000], [0x7fff7fff, 0x00010001], [0x80008000, 0xffffffff], [0x7f80ff01, 0x01ff01ff],
    [0x12345678, 0x87654321], [0x80017ffe, 0x7fff8002], [rnd(), rnd()],
  ];
  const geInit = [0, 0x000a0000, GE_ALL, 0x00050000, u32(N | C | 0x00030000)];
  let n = 0;
  for (const pre of ['s', 'q', 'sh', 'u', 'uq', 'uh']) {
    for (const op of ['add16', 'sub16', 'add8', 'sub8', 'asx', 'sax']) {
      for (const [a, b] of pairs) add('parallel', `${pre}${op} r0, r1, r2`, { 1: a, 2: b }, geInit[n++ % geInit.length]);
    }
  }
  for (let ge = 0; ge < 16; ge += 3) add('parallel', 'sel r0, r1, r2', { 1: 0x11223344, 2: 0xaabbccdd }, ge << 16);
  add('parallel', 'sadd8 r0, r1, r2; sel r3, r4, r5', { 1: 0x7f80ff01, 2: 0x01ff01ff, 4: 0x11223344, 5: 0xaabbccdd }, 0);
  for (const [a, b, c] of [[0, 0, 0], [0xffffffff, 0, 5], [0x01020304, 0x04030201, 0xffffffff], [rnd(), rnd(), rnd()]]) {
    add('parallel', 'usad8 r0, r1, r2', { 1: a, 2: b }, 0);
    add('parallel', 'usada8 r0, r1, r2, r3', { 1: a, 2: b, 3: c }, ALL);
  }
  for (const sh of ['', ', lsl #1', ', lsl #16', ', lsl #31']) add('parallel', `pkhbt r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x8000c001 }, 0);
  for (const sh of [', asr #1', ', asr #16', ', asr #31', ', asr #32']) {
    add('parallel', `pkhtb r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x8000c001 }, 0);
    add('parallel', `pkhtb r0, r1, r2${sh}`, { 1: 0x11112222, 2: 0x4000c001 }, ALL);
  }
}

{
  const vals = [0x80ff7f01, 0x12348678, 0x7f80807f];
  for (const op of ['sxtb.w', 'sxth.w', 'uxtb.w', 'uxth.w', 'sxtb16', 'uxtb16']) {
    for (const rot of [0, 8, 16, 24]) {
      const sh = rot ? `, ror #${rot}` : '';
      for (const v of vals) add('ext', `${op} r8, r9${sh}`, { 9: v }, rot === 8 ? ALL : 0);
    }
  }
  for (const op of ['sxtab', 'sxtah', 'uxtab', 'uxtah', 'sxtab16', 'uxtab16']) {
    for (const rot of [0, 8, 16, 24]) {
      const sh = rot ? `, ror #${rot}` : '';
      add('ext', `${op} r0, r1, r2${sh}`, { 1: 0x7fff80ff, 2: vals[rot / 8] ?? 0x80808080 }, 0);
      add('ext', `${op} r0, r1, r2${sh}`, { 1: 0xffffffff, 2: 0x80808080 }, ALL);
    }
  }
  const fields = [[0, 1], [0, 32], [31, 1], [4, 8], [16, 16], [8, 24], [1, 31], [13, 7]];
  const bv = [0xffffffff, 0x12345678, 0x80000001, 0x5a5a5a5a];
  fields.forEach(([lsb, w], i) => {
    add('bitfield', `bfi r0, r1, #${lsb}, #${w}`, { 0: bv[i % 4], 1: bv[(i + 1) % 4] ^ 0x0f0f0f0f }, 0);
    add('bitfield', `bfc r0, #${lsb}, #${w}`, { 0: 0xffffffff }, ALL);
    for (const v of [0x80000001 ^ bv[i % 4], 0xfedcba98]) {
      add('bitfield', `ubfx r0, r1, #${lsb}, #${w}`, { 1: v }, ALL);
      add('bitfield', `sbfx r0, r1, #${lsb}, #${w}`, { 1: v }, 0);
    }
  });
}

// ---------------------------------------------------------------------------
// branch: B (16/32, conditional), CBZ/CBNZ, TBB/TBH, BL, BLX, BX, PC writes, interworking

{
  const skip = 'movs r1, #1; 1: movs r2, #2';
  add('branch', `b 1f; ${skip}`, {}, 0);
  add('branch', `b.w 1f; ${skip}`, {}, ALL);
  add('branch', 'b 2f; 1: movs r1, #1; b 3f; 2: b 1b; 3: movs r2, #2', {}, 0);
  for (const cc of ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le']) {
    for (const f of [0, Z, u32(N | C), u32(N | Z | C | V)]) {
      add('branch', `b${cc} 1f; ${skip}`, {}, f);
      add('branch', `b${cc}.w 1f; ${skip}`, {}, f);
    }
  }
  add('branch', 'b.w 2f; .space 2048; 2: movs r0, #7', {}, 0);
  add('branch', 'b 2f; 1: movs r0, #9; b.w 3f; .space 2048; 2: beq.w 1b; 3: nop', {}, Z);
  for (const v of [0, 1, 0x80000000]) {
    add('branch', `cbz r3, 1f; ${skip}`, { 3: v }, 0);
    add('branch', `cbnz r3, 1f; ${skip}`, { 3: v }, ALL);
  }
  add('branch', 'cbz r7, 2f; movs r1, #1; .rept 30; nop; .endr; 2: movs r2, #2', { 7: 0 }, 0);
  // table branches (PC-relative tables as compilers emit them, and a table in a register)
  for (const idx of [0, 1, 2, 3]) {
    add('branch', 'tbb [pc, r0]; 1: .byte (2f-1b)/2, (3f-1b)/2, (4f-1b)/2, (5f-1b)/2; 2: movs r1, #1; b 6f; ' +
      '3: movs r1, #2; b 6f; 4: movs r1, #3; b 6f; 5: movs r1, #4; 6: nop', { 0: idx }, 0);
    add('branch', 'tbh [pc, r0, lsl #1]; 1: .hword (2f-1b)/2, (3f-1b)/2, (4f-1b)/2, (5f-1b)/2; 2: movs r1, #1; b 6f; ' +
      '3: movs r1, #2; b 6f; 4: movs r1, #3; b.w 6f; 5: movs r1, #4; .space 600; 6: nop', { 0: idx }, 0);
  }
  for (const idx of [0, 1, 2]) {
    add('branch', 'adr r4, 1f; tbb [r4, r0]; 2: movs r1, #1; 3: movs r2, #2; 4: movs r3, #3; b 5f; .balign 4; ' +
      '1: .byte 0, (3b-2b)/2, (4b-2b)/2, 0; 5: nop', { 0: idx }, 0);
  }
  // BL and BLX: LR holds the return address with bit 0 set
  add('branch', 'bl 1f; movs r1, #1; b 2f; 1: mov r5, lr; bx lr; 2: nop', {}, 0);
  add('branch', 'nop; bl 1f; movs r1, #1; b 2f; 1: mov r5, lr; add r0, r0, #3; bx lr; 2: nop', { 0: 1 }, ALL);
  add('branch', 'blx 1f; mov r6, lr; b 2f; .arm; .balign 4; 1: mov r5, lr; add r0, r0, #5; bx lr; .thumb; 2: nop', { 0: 1 }, 0);
  add('branch', 'nop; blx 1f; b 2f; .arm; .balign 4; 1: mrs r7, cpsr; mov r5, lr; bx lr; .thumb; 2: nop', {}, ALL);
  add('branch', 'adr r4, 1f; blx r4; b 2f; .arm; .balign 4; 1: mov r5, lr; add r0, r0, #5; bx lr; .thumb; 2: nop', { 0: 1 }, 0);
  add('branch', 'adr r4, 1f; adds r4, #1; blx r4; b 2f; .balign 4; 1: mov r5, lr; adds r0, #5; bx lr; 2: nop', { 0: 1 }, 0);
  add('branch', 'adr r4, 1f; bx r4; .arm; .balign 4; 1: mrs r7, cpsr; adr r3, 2f + 1; bx r3; .thumb; 2: nop', {}, 0);
  // writes to PC: MOV/ADD PC branch (Thumb kept); LDR/POP/LDM PC interwork
  add('branch', 'adr r4, 1f; adds r4, #1; mov pc, r4; movs r1, #1; .balign 4; 1: movs r2, #2', {}, 0);
  add('branch', 'movs r4, #4; add pc, r4; movs r1, #1; movs r1, #2; movs r1, #3; movs r2, #2', {}, 0);
  const M = { mem: true };
  add('branch', 'adr r4, 1f; adds r4, #1; str r4, [r0]; ldr pc, [r0]; movs r1, #1; .balign 4; 1: movs r2, #2', { 0: P }, 0, M);
  add('branch', 'adr r4, 1f; str r4, [r0, #4]; ldr.w pc, [r0, #4]; .arm; .balign 4; 1: mrs r7, cpsr; adr r3, 2f + 1; bx r3; .thumb; 2: nop',
    { 0: P }, 0, M);
  add('branch', 'adr r4, 1f; adds r4, #1; push {r4}; pop {pc}; movs r1, #1; .balign 4; 1: movs r2, #2', {}, 0, { sp: P, mem: true });
  add('branch', 'adr r5, 1f; adds r5, #1; movs r4, #9; push {r4, r5}; pop.w {r6, pc}; movs r1, #1; .balign 4; 1: movs r2, #2', {}, 0,
    { sp: P, mem: true });
  add('branch', 'adr r4, 1f; str r4, [r0, #8]; ldmia r0!, {r1, r2, pc}; .arm; .balign 4; 1: mrs r7, cpsr; adr r3, 2f + 1; bx r3; .thumb; 2: nop',
    { 0: P, 1: 0, 2: 0 }, 0, M);
  add('branch', 'adr r4, 1f; adds r4, #1; str r4, [r0, #-4]; ldmdb r0, {r2, r3, pc}; movs r1, #1; .balign 4; 1: movs r2, #2',
    { 0: P }, 0, M);
  // branch as the last instruction of an IT block
  for (const f of [0, Z]) {
    add('branch', 'it eq; beq 1f; movs r1, #1; 1: movs r2, #2', {}, f);
    add('branch', 'ite ne; movne r0, #5; beq.w 1f; movs r1, #1; 1: movs r2, #2', {}, f);
    add('branch', 'adr r4, 1f; adds r4, #1; it eq; bxeq r4; movs r1, #1; .balign 4; 1: movs r2, #2', {}, f);
    add('branch', 'itt ne; movne r0, #1; blne 1f; movs r1, #1; b 2f; 1: mov r5, lr; bx lr; 2: nop', {}, f);
  }
}

// ---------------------------------------------------------------------------
// mem: loads and stores of all sizes and addressing forms

{
  const M = { mem: true };
  const fM = [0, ALL];
  let k = 0;
  const fl = () => fM[k++ & 1];
  const rv = 0x8899aabb;
  const modes = [
    ['[r1]', {}], ['[r1, #4]', {}], ['[r1, #124]', {}], ['[r1, #4095]', { 1: P - 4000 }], ['[r1, #-4]', {}],
    ['[r1, #-255]', { 1: P + 0x7f }], ['[r1, #5]', {}], ['[r1, #4]!', {}], ['[r1, #-8]!', {}], ['[r1], #4', {}],
    ['[r1], #-12', {}], ['[r1, r2]', { 2: 8 }], ['[r1, r2, lsl #1]', { 2: 3 }], ['[r1, r2, lsl #2]', { 2: 0xfffffffd }],
    ['[r1, r2, lsl #3]', { 2: 5 }],
  ];
  for (const op of ['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh']) {
    for (const [am, regs] of modes) add('mem', `${op}.w r0, ${am}`, { 0: rv, 1: P, ...regs }, fl(), M);
  }
  // unprivileged forms (SVC mode, MMU off: ordinary accesses)
  for (const op of ['ldrt', 'ldrbt', 'ldrht', 'ldrsbt', 'ldrsht', 'strt', 'strbt', 'strht']) {
    add('mem', `${op} r0, [r1, #3]`, { 0: rv, 1: P }, 0, M);
  }
  // 16-bit forms
  for (const [op, imms] of [['ldr', [0, 4, 124]], ['str', [0, 4, 124]], ['ldrb', [0, 1, 31]], ['strb', [0, 1, 31]],
    ['ldrh', [0, 2, 62]], ['strh', [0, 2, 62]]]) {
    for (const imm of imms) add('mem', `${op} r0, [r1, #${imm}]`, { 0: rv, 1: P - 64 }, fl(), M);
  }
  for (const op of ['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh']) {
    add('mem', `${op} r0, [r1, r2]`, { 0: rv, 1: P, 2: 0xfffffff1 }, fl(), M);
    add('mem', `${op} r3, [r4, r5]`, { 3: rv, 4: P - 20, 5: 22 }, fl(), M);
  }
  const S = { mem: true, sp: P - 0x40 };
  add('mem', 'ldr r0, [sp, #0]', {}, 0, S);
  add('mem', 'ldr r7, [sp, #188]', {}, 0, S);
  add('mem', 'str r0, [sp, #8]', { 0: rv }, 0, S);
  add('mem', 'str r7, [sp, #124]', { 7: rv }, 0, S);
  // literal loads (the data is in the snippet)
  add('mem', 'ldr r0, [pc, #4]; b 1f; nop; .balign 4; .word 0x11223344; .word 0x55667788; 1: nop', {}, 0);
  add('mem', 'nop; ldr r0, [pc, #4]; b 1f; .balign 4; .word 0x11223344; .word 0x55667788; 1: nop', {}, 0);
  add('mem', 'b 1f; .balign 4; 2: .word 0xcafef00d; .word 0x8081ff7f; 1: ldr.w r0, 2b; ldrb.w r1, 2b; ldrsh.w r2, 2b + 6; ldrsb.w r3, 2b + 5; ldrh.w r4, 2b + 2', {}, 0);
  add('mem', 'ldr.w r0, 2f; ldrsh.w r1, 2f + 2; ldrb.w r2, 2f + 3; b 1f; .balign 4; 2: .word 0xf00dcafe; 1: nop', {}, 0);
  add('mem', 'ldr r5, =0x12345678; ldr r6, =0xfedcba98', {}, 0);
  add('mem', 'b 1f; .balign 4; 2: .word 0x01234567, 0x89abcdef; 1: ldrd r0, r1, 2b', {}, 0);
  add('mem', 'ldrd r2, r3, 2f; b 1f; .balign 4; 2: .word 0x01234567, 0x89abcdef; 1: nop', {}, 0);
  // doubleword
  const dModes = [['[r1]', {}], ['[r1, #8]', {}], ['[r1, #-16]', {}], ['[r1, #1020]', { 1: P - 1020 }], ['[r1, #8]!', {}],
    ['[r1, #-24]!', {}], ['[r1], #16', {}], ['[r1], #-8', {}], ['[r1, #4]', {}]];
  for (const op of ['ldrd', 'strd']) {
    for (const [am, regs] of dModes) add('mem', `${op} r4, r5, ${am}`, { 1: P, 4: 0x01234567, 5: 0x89abcdef, ...regs }, fl(), M);
    add('mem', `${op} r7, r3, [r1, #8]`, { 1: P, 7: 0x01234567, 3: 0x89abcdef }, 0, M);
  }
  add('mem', 'ldrd r0, r1, [r1]', { 1: P }, 0, M);
  // unaligned single accesses are allowed (SCTLR.A = 0)
  for (const off of [1, 2, 3, -1]) {
    add('mem', `ldr.w r0, [r1, #${off}]`, { 1: P }, 0, M);
    add('mem', `str.w r0, [r1, #${off}]`, { 0: rv, 1: P }, 0, M);
    add('mem', `ldrh.w r0, [r1, #${off}]`, { 1: P }, 0, M);
    add('mem', `strh.w r0, [r1, #${off}]`, { 0: rv, 1: P }, 0, M);
  }
  add('mem', 'ldr r0, [r1, #1]; ldrsh r2, [r1, r3]', { 1: P - 1, 3: 7 }, 0, M);
  // preload hints do nothing visible
  add('mem', 'pld [r1]; pld [r1, #-4]; pld [r1, r2, lsl #2]; pli [r1, #8]; pldw [r1]', { 1: P, 2: 1 }, 0, M);
  // sequences
  add('mem', 'ldr r0, [r1]; adds r0, #1; str r0, [r1, #4]', { 1: P }, 0, M);
  add('mem', 'ldrb r0, [r1, #0]; ldrb r2, [r1, #1]; orr.w r0, r0, r2, lsl #8; strh r0, [r1, #8]', { 1: P }, 0, M);
  add('mem', 'strb r0, [r1, #-1]!; strb r0, [r1, #-1]!; ldrh r2, [r1]', { 0: 0x12345680, 1: P }, 0, M);
}

// ---------------------------------------------------------------------------
// ldm: LDM/STM (16 and 32-bit), PUSH/POP

{
  const M = { mem: true };
  const vals = {};
  for (let i = 1; i <= 12; i++) vals[i] = u32(0x11111111 * (i & 0xf) ^ 0x80000000 ^ (i << 8));
  for (const list of ['{r1-r4}', '{r1, r3, r5}', '{r2}', '{r1-r7}']) {
    add('ldm', `ldmia r0!, ${list}`, { ...vals, 0: P }, 0, M);
    add('ldm', `stmia r0!, ${list}`, { ...vals, 0: P }, ALL, M);
    add('ldm', `ldmia r0, ${list}`, { ...vals, 0: P }, 0, M);
  }
  add('ldm', 'ldmia r2, {r1, r2, r3}', { ...vals, 2: P }, 0, M); // base in list: no writeback
  add('ldm', 'stmia r1!, {r1, r2, r3}', { ...vals, 1: P }, 0, M); // base lowest: original value stored
  for (const list of ['{r1-r4}', '{r1, r3, r8, r12}', '{r2, r9}', '{r1-r12}', '{r1, lr}']) {
    for (const mode of ['ia', 'db']) {
      add('ldm', `ldm${mode}.w r0, ${list}`, { ...vals, 0: P }, 0, M);
      add('ldm', `ldm${mode}.w r0!, ${list}`, { ...vals, 0: P }, ALL, M);
      add('ldm', `stm${mode}.w r0, ${list}`, { ...vals, 0: P }, 0, M);
      add('ldm', `stm${mode}.w r0!, ${list}`, { ...vals, 0: P }, ALL, M);
    }
  }
  add('ldm', 'ldmia.w r5, {r2, r5, r9}', { ...vals, 5: P }, 0, M);
  add('ldm', 'ldmdb.w r5, {r2, r5, r9}', { ...vals, 5: P }, 0, M);
  add('ldm', 'stmdb r0!, {r1-r4}; ldmia r0!, {r5-r8}', { ...vals, 0: P }, 0, M);
  const S = { mem: true, sp: P };
  for (const list of ['{r0-r3}', '{r4, r7}', '{r1}', '{r0-r7}', '{r1, lr}', '{r0-r12}', '{r8}', '{r2, r8, r11}']) {
    add('ldm', `push ${list}`, { ...vals, }, 0, S);
    add('ldm', `pop ${list.replace('lr', 'r12')}`, vals, 0, S);
  }
  add('ldm', 'push {r1, r2}; pop {r3, r4}', vals, 0, S);
  add('ldm', 'push.w {r1}; pop.w {r9}', vals, 0, S);
  add('ldm', 'push {r1}; push {r2}; pop {r3, r4}', vals, 0, S);
  add('ldm', 'stmdb sp!, {r1-r3}; ldmia sp, {r4-r6}', vals, 0, S);
  add('ldm', 'ldr r0, [sp, #4]; str r1, [sp, #-4]!', vals, 0, S);
}

// ---------------------------------------------------------------------------
// excl: LDREX/STREX family (the harness clears the monitor before each case)

{
  const M = { mem: true };
  const rs = { 1: P, 3: 0xcafef00d, 4: 0x01234567, 5: 0x89abcdef };
  add('excl', 'ldrex r0, [r1]; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1, #8]; strex r2, r3, [r1, #8]', rs, 0, M);
  add('excl', 'ldrex r0, [r1, #1020]; strex r2, r3, [r1, #1020]', { ...rs, 1: P - 1020 }, 0, M);
  add('excl', 'ldrex r0, [r1, #4]; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1]; clrex; strex r2, r3, [r1]', rs, 0, M);
  add('excl', 'ldrex r0, [r1]; strex r2, r3, [r1]; strex r6, r4, [r1]', rs, ALL, M);
  add('excl', 'ldrex r0, [r1]; adds r0, #1; strex r2, r0, [r1]', rs, 0, M);
  add('excl', 'ldrexb r0, [r1]; strexb r2, r3, [r1]', { ...rs, 1: P + 3 }, 0, M);
  add('excl', 'strexb r2, r3, [r1]', { ...rs, 1: P + 3 }, 0, M);
  add('excl', 'ldrexh r0, [r1]; strexh r2, r3, [r1]', { ...rs, 1: P + 2 }, 0, M);
  add('excl', 'ldrexd r6, r7, [r1]; strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'ldrexd r6, r9, [r1]; strexd r2, r5, r4, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'ldrexd r6, r7, [r1]; clrex; strexd r2, r4, r5, [r1]', { ...rs, 1: P + 8 }, 0, M);
  add('excl', 'ldrexh r0, [r1]', { ...rs, 1: P - 2 }, ALL, M);
  add('excl', 'ldrexb r0, [r1]', { ...rs, 1: P - 1 }, ALL, M);
}

// ---------------------------------------------------------------------------
// psr: MRS / MSR (register only in Thumb), CPS

{
  for (const f of [0, ALL, N, Z, C, V, Q, 0x00050000, u32(N | V | 0x000a0000)]) add('psr', 'mrs r0, apsr', {}, f);
  const vals = [0xffffffff, 0x00000000, 0xa8000000, 0x0800001f, 0x000f0000, 0x5005a000, rnd()];
  for (const fld of ['APSR_nzcvq', 'APSR_g', 'APSR_nzcvqg', 'CPSR_f', 'CPSR_s', 'CPSR_fs']) {
    vals.forEach((v, i) => add('psr', `msr ${fld}, r1`, { 1: v }, i & 1 ? ALL : 0));
  }
  add('psr', 'msr APSR_nzcvq, r1; mrs r0, apsr', { 1: 0x30000000 }, 0);
  add('psr', 'qadd r0, r1, r1; mrs r2, apsr', { 1: 0x7fffffff }, 0);
  add('psr', 'cpsie f; mrs r0, cpsr; cpsid f; mrs r1, cpsr', {}, 0);
  add('psr', 'cpsie.w a; mrs r0, cpsr; cpsid.w a; mrs r1, cpsr', {}, ALL);
  add('psr', 'msr SPSR_fsxc, r4; mrs r5, spsr', { 4: 0x600001d3 }, 0);
}

// ---------------------------------------------------------------------------
// vfp: coprocessor, floating-point and Advanced SIMD encodings in their T32 forms
// (the harness enables CP10/CP11 and FPEXC.EN; registers are set by each snippet)

{
  const M = { mem: true };
  const f = [[0x3fc00000, 0x40200000], [0xbf800000, 0x3f800000], [0x7f800000, 0xff800000], [0x00000001, 0x80000000]];
  for (const [a, b] of f) {
    add('vfp', 'vmov s0, r1; vmov s1, r2; vadd.f32 s2, s0, s1; vmov r0, s2', { 1: a, 2: b }, 0);
    add('vfp', 'vmov s0, r1; vmov s1, r2; vmul.f32 s2, s0, s1; vmov r0, s2', { 1: a, 2: b }, ALL);
    add('vfp', 'vmsr fpscr, r3; vmov s0, r1; vmov s1, r2; vcmp.f32 s0, s1; vmrs APSR_nzcv, fpscr; vmrs r4, fpscr',
      { 1: a, 2: b, 3: 0 }, 0);
  }
  add('vfp', 'vmov d0, r1, r2; vmov r3, r4, d0', { 1: 0x01234567, 2: 0x89abcdef }, 0);
  add('vfp', 'vmov s0, r1; vcvt.f64.f32 d1, s0; vmov r2, r3, d1', { 1: 0x3fc00000 }, 0);
  add('vfp', 'vmov s0, s1, r1, r2; vmov r3, r4, s0, s1', { 1: 0x11111111, 2: 0x22222222 }, 0);
  add('vfp', 'vmsr fpscr, r1; vmrs r0, fpscr', { 1: 0x03c00000 }, 0);
  add('vfp', 'vldr d0, [r1]; vmov r2, r3, d0', { 1: P }, 0, M);
  add('vfp', 'vldr s3, [r1, #-8]; vmov r2, s3', { 1: P }, 0, M);
  add('vfp', 'vmov d0, r2, r3; vstr d0, [r1, #8]; vstr s1, [r1, #-4]', { 1: P, 2: 0xcafef00d, 3: 0x01020304 }, 0, M);
  add('vfp', 'vldmia r1!, {d0-d1}; vmov r2, r3, d1', { 1: P }, 0, M);
  add('vfp', 'vmov d0, r2, r3; vmov d1, r3, r2; vstmdb r1!, {d0-d1}', { 1: P, 2: 0x11223344, 3: 0x55667788 }, 0, M);
  add('vfp', 'vmov d8, r2, r3; vpush {d8}; vpop {d9}; vmov r4, r5, d9', { 2: 0x11223344, 3: 0x55667788 }, 0, { mem: true, sp: P });
  add('vfp', 'vldr d0, 2f; vmov r0, r1, d0; b 1f; .balign 4; 2: .word 0x89abcdef, 0x01234567; 1: nop', {}, 0);
  add('vfp', 'nop; vldr s2, 2f; vmov r0, s2; b 1f; .balign 4; 2: .word 0x5a5a1234; 1: nop', {}, 0);
  for (const fl of [0, Z]) {
    add('vfp', 'vmov s0, r1; vmov s1, r2; ite ne; vaddne.f32 s2, s0, s1; vsubeq.f32 s2, s0, s1; vmov r0, s2',
      { 1: 0x3f800000, 2: 0x40000000 }, fl);
    add('vfp', 'vmov s4, r1; it eq; vmoveq r0, s4', { 0: 7, 1: 0x12345678 }, fl);
  }
}

// ---------------------------------------------------------------------------
// simd: Advanced SIMD data processing (111U 1111) and element/structure loads and stores (1111 1001)

{
  const M = { mem: true };
  add('simd', 'vmov d0, r1, r2; vadd.i32 d1, d0, d0; vmov r3, r4, d1', { 1: 0x7fffffff, 2: 0x80000001 }, 0);
  add('simd', 'vmov d0, r1, r2; vmov d1, r3, r4; vsub.i8 d2, d0, d1; vmov r5, r6, d2',
    { 1: 0x01020304, 2: 0x80ff7f00, 3: 0x02020202, 4: 0x01010101 }, 0);
  add('simd', 'vmov d0, r1, r2; vshr.u32 d1, d0, #3; vmov r3, r4, d1', { 1: 0x80000000, 2: 0xfffffff8 }, 0);
  add('simd', 'vmov d0, r1, r2; vmov d1, r3, r4; vqadd.u8 d2, d0, d1; vmov r5, r6, d2',
    { 1: 0xf0f0f0f0, 2: 0x01020304, 3: 0x20202020, 4: 0xff000001 }, 0);
  add('simd', 'vmov.i32 q1, #0x12; vmov r0, r1, d2; vmov r2, r3, d3', {}, 0);
  add('simd', 'vld1.32 {d0}, [r1]; vmov r2, r3, d0', { 1: P }, 0, M);
  add('simd', 'vld1.8 {d0, d1}, [r1]!; vmov r2, r3, d1', { 1: P }, 0, M);
  add('simd', 'vmov d0, r2, r3; vst1.16 {d0}, [r1]!', { 1: P, 2: 0xa1a2a3a4, 3: 0xb1b2b3b4 }, 0, M);
  add('simd', 'vmov d0, r2, r3; vld1.32 {d0[1]}, [r1]; vmov r4, r5, d0', { 1: P + 4, 2: 0x11111111, 3: 0x22222222 }, 0, M);
  add('simd', 'vld2.16 {d0, d1}, [r1]; vmov r2, r3, d0; vmov r4, r5, d1', { 1: P }, 0, M);
}

// ---------------------------------------------------------------------------
// exc: exceptions taken from Thumb state (LR, SPSR with T and ITSTATE, fault status)

{
  const E = { exc: true };
  add('exc', 'svc #5', {}, 0, E);
  add('exc', 'nop; svc #0xff', {}, ALL, E);
  add('exc', 'movs r0, #1; ittt ne; addne r0, #1; svcne #1; addne r0, #4', {}, 0, E);
  add('exc', 'cmp r0, r0; itet eq; moveq r1, #1; svcne #2; svceq #3', {}, 0, E);
  add('exc', 'udf #1', {}, 0, E);
  add('exc', 'udf.w #1', {}, ALL, E);
  add('exc', 'nop; udf.w #0x1234', {}, 0, E);
  add('exc', 'itt eq; moveq r0, #1; udfeq #0', {}, Z, E);
  add('exc', 'ite eq; udfeq.w #9; movne r1, #1', {}, Z, E);
  add('exc', 'bkpt #0x12', {}, 0, E);
  add('exc', 'nop; bkpt #0', {}, ALL, E);
  add('exc', 'ldrex r0, [r1]', { 1: P + 2 }, 0, { ...E, mem: true });
  add('exc', 'nop; ldrd r2, r3, [r1]', { 1: P + 2 }, 0, { ...E, mem: true });
  add('exc', 'ldm r1!, {r2, r3}', { 1: P + 2 }, 0, { ...E, mem: true });
  add('exc', 'movs r2, #0; it eq; ldrdeq r2, r3, [r1, #4]', { 1: P + 1 }, 0, { ...E, mem: true });
}

// ---------------------------------------------------------------------------

/** Case names: group/index plus the inputs the snippet mentions. */
export const buildCases = build;
