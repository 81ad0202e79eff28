// Who may use the floating-point unit: FPEXC.EN, CPACR (per privilege level,
// ASEDIS, D32DIS), NSACR in Non-secure state, HCPTR traps to Hyp mode (HSR
// EC 0x07), HCR.TID0/TID3 traps of the ID registers (EC 0x08), and the
// short-vector check (ARM ARM B1.14, B3.13.6).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bus } from '../../src/machine/bus.js';
import { Core } from '../../src/cpu/core.js';
import { CORTEX_A15 } from '../../src/cpu/models.js';
import { MODE_HYP, MODE_SVC, MODE_UND, MODE_USR } from '../../src/cpu/psr.js';
import { HCR_TID0, HCR_TID3 } from '../../src/cpu/hyp-traps.js';

const CODE = 0x40000000;
const VADD_F32 = 0xee300a81; // vadd.f32 s0, s1, s2
const VADDEQ_F32 = 0x0e300a81; // vaddeq.f32 s0, s1, s2
const VMRS_FPEXC = 0xeef80a10; // vmrs r0, fpexc
const VMSR_FPEXC = 0xeee81a10; // vmsr fpexc, r1
const VMRS_FPSCR = 0xeef12a10; // vmrs r2, fpscr
const VADD_I32 = 0xf2210802; // vadd.i32 d0, d1, d2
const VADD_F64_HIGH = 0xee710ba2; // vadd.f64 d16, d17, d18
const VADD_F64 = 0xee310b02; // vadd.f64 d0, d1, d2
const VMRS_FPSID = 0xeef03a10; // vmrs r3, fpsid
const VMRS_MVFR0 = 0xeef74a10; // vmrs r4, mvfr0
const VCMP_F32 = 0xeeb40a60; // vcmp.f32 s0, s1
const VMOV_IMM = 0xeeb70a00; // vmov.f32 s0, #1.0

interface Opts { secure?: boolean; security?: boolean; mode?: number }

/** A core in SVC mode (Non-secure unless asked) with the FPU fully enabled, running `words`. */
function setup(words: number[], o: Opts = {}): Core {
  const bus = new Bus();
  bus.addRam('ram', 0x40000000, 1 << 20);
  const core = new Core(bus, { index: 0, model: CORTEX_A15, mpidrAff: 0, hasSecurity: o.security ?? false, hasVirtualization: true });
  const code = Buffer.alloc(words.length * 4);
  words.forEach((x, i) => code.writeUInt32LE(x >>> 0, i * 4));
  bus.load(CODE, code);
  core.reset(CODE, o.mode ?? MODE_SVC);
  if (o.security) core.cp15.scr = o.secure ? 0 : 1;
  core.cp15.cpacr = 0x00f00000;
  core.cp15.nsacr = 0x00000c00;
  core.cp15.hvbar = 0x40080000;
  core.vfp.fpexc = 0x40000000;
  core.vfp.s[1] = 1.5;
  core.vfp.s[2] = 2.25;
  return core;
}

function step(core: Core, n = 1): void { core.run(core.cycles + n); }

function assertUndefined(core: Core, what: string): void {
  assert.equal(core.mode, MODE_UND, `${what}: Undefined Instruction exception`);
  assert.equal(core.pc, 0x00000004, `${what}: at the Undefined vector`);
  assert.equal(core.R[14], CODE + 4, `${what}: LR is the next instruction`);
}

test('FPEXC.EN = 0 makes VFP instructions UNDEFINED, but not VMRS/VMSR of FPEXC at PL1', () => {
  let core = setup([VADD_F32]);
  core.vfp.fpexc = 0;
  step(core);
  assertUndefined(core, 'vadd with FPEXC.EN clear');
  assert.equal(core.vfp.s[0], 0, 'no result written');

  core = setup([VMRS_FPSCR]);
  core.vfp.fpexc = 0;
  step(core);
  assertUndefined(core, 'vmrs fpscr with FPEXC.EN clear');

  core = setup([VMRS_FPEXC, VMSR_FPEXC, VADD_F32]);
  core.vfp.fpexc = 0;
  core.R[0] = 0xdead;
  core.R[1] = 0xffffffff;
  step(core, 3);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[0], 0, 'FPEXC read with the unit disabled');
  assert.equal(core.vfp.fpexc, 0x40000000, 'only EN is writable');
  assert.equal(core.vfp.s[0], 3.75, 'enabled by the VMSR');
});

test('CPACR: no access, PL1-only access, full access', () => {
  let core = setup([VADD_F32]);
  core.cp15.cpacr = 0;
  step(core);
  assertUndefined(core, 'cp10/cp11 = 00');

  core = setup([VADD_F32]);
  core.cp15.cpacr = 0x00500000; // PL1 only
  step(core);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.vfp.s[0], 3.75);

  core = setup([VADD_F32], { mode: MODE_USR });
  core.cp15.cpacr = 0x00500000;
  step(core);
  assertUndefined(core, 'PL1-only access from User mode');

  core = setup([VADD_F32, VMRS_FPSCR, VMRS_FPEXC], { mode: MODE_USR });
  step(core, 2);
  assert.equal(core.mode, MODE_USR, 'full access: User mode computes and reads FPSCR');
  assert.equal(core.vfp.s[0], 3.75);
  step(core);
  assert.equal(core.mode, MODE_UND, 'FPEXC is not accessible from User mode');
});

test('CPACR.ASEDIS disables Advanced SIMD only; CPACR.D32DIS disables D16-D31', () => {
  let core = setup([VADD_I32]);
  core.cp15.cpacr = 0x80f00000;
  step(core);
  assertUndefined(core, 'vadd.i32 with ASEDIS');
  core = setup([VADD_F32]);
  core.cp15.cpacr = 0x80f00000;
  step(core);
  assert.equal(core.vfp.s[0], 3.75, 'VFP still usable with ASEDIS');

  core = setup([VADD_F64_HIGH]);
  core.cp15.cpacr = 0x40f00000;
  step(core);
  assertUndefined(core, 'vadd.f64 d16 with D32DIS');
  core = setup([VADD_F64]);
  core.cp15.cpacr = 0x40f00000;
  core.vfp.d[1] = 1; core.vfp.d[2] = 2;
  step(core);
  assert.equal(core.vfp.d[0], 3, 'D0-D15 usable with D32DIS');
});

test('HCPTR.TCP10/TCP11 trap Non-secure PL1 and PL0 accesses to Hyp mode with EC 0x07', () => {
  const core = setup([VADDEQ_F32]);
  core.cp15.hcptr = 0x0c00;
  core.vfp.fpexc = 0; // the trap takes priority over FPEXC.EN
  core.zf = 1;
  const seen: number[] = [];
  core.pl2 = { enterHyp(c, vector) { seen.push(vector, c.cp15.hsr, c.elrHyp); c.elrHyp += 4; } };
  step(core);
  assert.deepEqual(seen, [0x14, ((0x07 << 26) | (1 << 25) | (1 << 24) | (0x0 << 20) | 0xa) >>> 0, CODE]);
  assert.equal(core.mode, MODE_SVC, 'back in the guest');

  const user = setup([VADD_F32], { mode: MODE_USR });
  user.cp15.hcptr = 0x0c00;
  user.pl2 = { enterHyp(c) { seen.push(c.cp15.hsr); c.elrHyp += 4; } };
  step(user);
  assert.equal(seen[3], ((0x07 << 26) | (1 << 25) | (1 << 24) | (0xe << 20) | 0xa) >>> 0, 'COND 0xE for AL');
});

test('HCPTR.TASE traps Advanced SIMD with the TA bit; VFP is not affected', () => {
  const core = setup([VADD_I32, VADD_F32]);
  core.cp15.hcptr = 1 << 15;
  const hsrs: number[] = [];
  core.pl2 = { enterHyp(c) { hsrs.push(c.cp15.hsr); c.elrHyp += 4; } };
  step(core, 2);
  assert.deepEqual(hsrs, [((0x07 << 26) | (1 << 25) | (1 << 24) | (0xe << 20) | (1 << 5)) >>> 0]);
  assert.equal(core.vfp.s[0], 3.75);
});

test('without a PL2 handler the HCPTR trap enters Hyp code at HVBAR + 0x14; in Hyp mode it is UNDEFINED', () => {
  let core = setup([VADD_F32]);
  core.cp15.hcptr = 0x0c00;
  step(core);
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.pc, 0x40080014);
  assert.equal(core.elrHyp, CODE);
  assert.equal(core.cp15.hsr >>> 26, 0x07);

  core = setup([VADD_F32], { mode: MODE_HYP });
  core.cp15.hcptr = 0x0c00;
  core.cp15.cpacr = 0; // CPACR does not apply in Hyp mode
  step(core);
  assert.equal(core.mode, MODE_HYP);
  assert.equal(core.pc, 0x40080004, 'Undefined Instruction vector of the Hyp table');

  core = setup([VADD_F32], { mode: MODE_HYP });
  core.cp15.cpacr = 0;
  step(core);
  assert.equal(core.vfp.s[0], 3.75, 'Hyp mode ignores CPACR');
});

test('HCR.TID0 traps VMRS FPSID and HCR.TID3 traps VMRS MVFR0 with EC 0x08', () => {
  const core = setup([VMRS_FPSID, VMRS_MVFR0]);
  core.cp15.hcr = HCR_TID0 | HCR_TID3;
  const hsrs: number[] = [];
  core.pl2 = { enterHyp(c) { hsrs.push(c.cp15.hsr); c.R[hsrs.length === 1 ? 3 : 4] = 0x1234; c.elrHyp += 4; } };
  step(core, 2);
  const iss = (reg: number, rt: number): number => ((0x08 << 26) | (1 << 25) | (1 << 24) | (0xe << 20) | (7 << 14) |
    (reg << 10) | (rt << 5) | 1) >>> 0;
  assert.deepEqual(hsrs, [iss(0, 3), iss(7, 4)]);

  const plain = setup([VMRS_FPSID, VMRS_MVFR0]);
  step(plain, 2);
  assert.equal(plain.R[3], 0x410430f0, 'FPSID of the Cortex-A15 (as QEMU reports it)');
  assert.equal(plain.R[4], 0x10110222, 'MVFR0');
});

test('NSACR: Non-secure use needs cp10/cp11 set; Secure state ignores NSACR', () => {
  let core = setup([VADD_F32], { security: true, secure: false });
  core.cp15.nsacr = 0;
  step(core);
  assertUndefined(core, 'Non-secure with NSACR.cp10/cp11 clear');

  core = setup([VADD_F32], { security: true, secure: true });
  core.cp15.nsacr = 0;
  step(core);
  assert.equal(core.vfp.s[0], 3.75, 'Secure state');

  core = setup([VADD_I32], { security: true, secure: false });
  core.cp15.nsacr = 0x8c00; // NSASEDIS
  step(core);
  assertUndefined(core, 'Advanced SIMD with NSACR.NSASEDIS');
});

test('FPSCR.LEN/STRIDE nonzero: vector-capable operations are UNDEFINED, VCMP is not', () => {
  let core = setup([VMOV_IMM]);
  core.vfp.fpscr = 0x00010000;
  step(core);
  assertUndefined(core, 'vmov immediate with LEN = 1');
  core = setup([VCMP_F32]);
  core.vfp.fpscr = 0x00300000;
  step(core);
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.vfp.fpscr >>> 28, 0x8, 'compared: 0 < 1.5');
});
