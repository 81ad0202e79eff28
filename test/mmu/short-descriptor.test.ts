// Short-descriptor translation (TTBCR.EAE = 0): sections, supersections, small and
// large pages, TTBR0/TTBR1, domains, access permissions, XN/PXN, the access flag,
// walk aborts and the DFSR/DFAR/IFSR/IFAR values of each fault.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Core } from '../../src/cpu/core.js';
import { MODE_ABT, MODE_SVC, MODE_USR, bankOf } from '../../src/cpu/psr.js';
import {
  CODE, ENABLE_SHORT, I, L1, L2A, L2B, SCTLR_AFE, SCTLR_ON, SCTLR_WXN, largePage, makeMachine, pageTable, r32,
  run, section, setL1, setL2, shortTables, smallPage, supersection, w32,
} from './mmu-helpers.js';

const NS = 1; // the test core has no Security Extensions: the Non-secure CP15 bank
const ALL_CLIENT = 0x55555555;
/** Address of the first instruction after the 4-word prologue. */
const BODY = CODE + 16;

/** Registers for ENABLE_SHORT: TTBR0, TTBCR, DACR, SCTLR, then r4.. */
function regs(r4: number, opts: { ttbcr?: number; dacr?: number; sctlr?: number; r6?: number; rest?: number[] } = {}): number[] {
  return [L1, opts.ttbcr ?? 0, opts.dacr ?? ALL_CLIENT, opts.sctlr ?? SCTLR_ON, r4, 0, opts.r6 ?? 0, ...(opts.rest ?? [])];
}

function assertDataAbort(core: Core, insn: number, dfsr: number, dfar: number): void {
  assert.equal(core.mode, MODE_ABT, 'Abort mode');
  assert.equal(core.pc, 0x10, 'data abort vector');
  assert.equal(core.R[14], insn + 8, 'LR_abt = faulting instruction + 8');
  assert.equal(core.cp15.dfsrB[NS].toString(16), dfsr.toString(16), 'DFSR');
  assert.equal(core.cp15.dfarB[NS].toString(16), (dfar >>> 0).toString(16), 'DFAR');
}

function assertPrefetchAbort(core: Core, ifsr: number, va: number): void {
  assert.equal(core.mode, MODE_ABT, 'Abort mode');
  assert.equal(core.pc, 0x0c, 'prefetch abort vector');
  assert.equal(core.R[14], va + 4, 'LR_abt = faulting instruction + 4');
  assert.equal(core.cp15.ifsrB[NS].toString(16), ifsr.toString(16), 'IFSR');
  assert.equal(core.cp15.ifarB[NS].toString(16), va.toString(16), 'IFAR');
}

test('section: loads and stores through a 1 MiB section reach its physical address', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000));
  w32(m, 0x40301234, 0xcafef00d);
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.STR_R6_R4], { r: regs(0x10001234, { r6: 0x11223344 }) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0xcafef00d);
  assert.equal(r32(m, 0x40301234), 0x11223344);
  assert.equal(core.pc, BODY + 8);
});

test('supersection: 16 MiB mapping, offset bits [23:0] from the VA', () => {
  const m = makeMachine();
  shortTables(m);
  for (let i = 0; i < 16; i++) setL1(m, L1, 0x20000000 + (i << 20), supersection(0x41000000));
  w32(m, 0x41abcde0, 0x5a5a0001);
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.STR_R6_R4], { r: regs(0x20abcde0, { r6: 0x77 }) });
  assert.equal(core.R[5], 0x5a5a0001);
  assert.equal(r32(m, 0x41abcde0), 0x77);
});

test('small and large pages through a second-level table', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x30000000, pageTable(L2A));
  setL2(m, L2A, 0x30005000, smallPage(0x40305000));
  for (let i = 0; i < 16; i++) setL2(m, L2A, 0x30010000 + i * 0x1000, largePage(0x40320000));
  w32(m, 0x40305678, 0x12345678);
  w32(m, 0x4032abcc, 0x9abcdef0);
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.LDR_R9_R10],
    { r: regs(0x30005678, { rest: [0, 0, 0, 0x3001abcc] }) });
  assert.equal(core.R[5], 0x12345678, 'small page');
  assert.equal(core.R[9], 0x9abcdef0, 'large page: VA[15:0] kept');
});

test('remapping a page: after TLBIALL the same VA reads another physical page', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, L1, section(L1)); // the tables themselves, identity mapped
  setL1(m, L1, 0x30000000, pageTable(L2A));
  setL2(m, L2A, 0x30005000, smallPage(0x40305000));
  w32(m, 0x40305010, 0xaaaa);
  w32(m, 0x40306010, 0xbbbb);
  const entry = L2A + 5 * 4;
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.STR_R8_R7, I.TLBIALL, I.LDR_R9_R4],
    { r: regs(0x30005010, { rest: [entry, smallPage(0x40306000)] }) });
  assert.equal(core.R[5], 0xaaaa);
  assert.equal(core.R[9], 0xbbbb);
  assert.equal(r32(m, entry), smallPage(0x40306000));
});

test('TTBCR.N = 2: VAs below 1 GiB walk TTBR0 (4 KiB table), the rest TTBR1', () => {
  const m = makeMachine();
  const T0 = 0x40208000;
  shortTables(m); // TTBR1 table: code
  setL1(m, L1, 0x80000000, section(0x40400000));
  // TTBR0 table indexed by VA[29:20].
  w32(m, T0 + (0x10000000 >>> 20) * 4, section(0x40300000));
  w32(m, 0x40300040, 0x1000);
  w32(m, 0x40400040, 0x2000);
  // The table at L1 would map VA 0x10000000 differently if it were (wrongly) used for it.
  setL1(m, L1, 0x10000000, section(0x40500000));
  const core = run(m, [I.TTBR1_R8, ...ENABLE_SHORT, I.LDR_R5_R4, I.LDR_R9_R10], {
    r: [T0, 2, ALL_CLIENT, SCTLR_ON, 0x10000040, 0, 0, 0, L1, 0, 0x80000040],
  });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0x1000, 'TTBR0');
  assert.equal(core.R[9], 0x2000, 'TTBR1');
});

test('TTBCR.PD1: a walk through TTBR1 is a section translation fault', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x80000000, section(0x40400000));
  const core = run(m, [I.TTBR1_R8, ...ENABLE_SHORT, I.LDR_R5_R4],
    { r: [L1, 1 | (1 << 5), ALL_CLIENT, SCTLR_ON, 0x80000000, 0, 0, 0, L1] });
  assertDataAbort(core, BODY + 4, 0x005, 0x80000000);
});

test('domains: no access is a domain fault (section and page), manager skips the permission checks', () => {
  let m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { domain: 3 }));
  let core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4], { r: regs(0x10000010, { dacr: 0x1 }) });
  assertDataAbort(core, BODY, 0x039, 0x10000010); // FS 0x09, Domain 3

  m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x30000000, pageTable(L2A, 5));
  setL2(m, L2A, 0x30001000, smallPage(0x40301000));
  core = run(m, [...ENABLE_SHORT, I.STR_R6_R4], { r: regs(0x30001ffc, { dacr: 0x1 }) });
  assertDataAbort(core, BODY, 0x85b, 0x30001ffc); // FS 0x0B, Domain 5, WnR

  // AP = 000 (no access): permission fault for a client, allowed for a manager.
  m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { domain: 3, ap: 0 }));
  w32(m, 0x40300020, 0x4242);
  core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.STR_R6_R4], { r: regs(0x10000020, { dacr: 0x1 | (3 << 6), r6: 9 }) });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 0x4242);
  assert.equal(r32(m, 0x40300020), 9);
  core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4], { r: regs(0x10000020, { dacr: 0x1 | (1 << 6) }) });
  assertDataAbort(core, BODY, 0x03d, 0x10000020); // permission, section, Domain 3
});

test('manager domain: execute-never is not checked', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x50000000, section(0x40400000, { xn: true, domain: 2 }));
  w32(m, 0x40400000, 0xe3a05001); // mov r5, #1
  const core = run(m, [...ENABLE_SHORT, I.BLX_R4], { r: regs(0x50000000, { dacr: 0x1 | (3 << 4) }), count: 6 });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 1);
  assert.equal(core.pc, 0x50000004);
});

test('AP: PL1 read-only section faults on a store (WnR), loads work', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { ap: 0b101, domain: 1 }));
  w32(m, 0x40300100, 0x31);
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.STR_R6_R4], { r: regs(0x10000100) });
  assert.equal(core.R[5], 0x31);
  assertDataAbort(core, BODY + 4, 0x81d, 0x10000100); // FS 0x0D, Domain 1, WnR
});

test('AP: PL1-only memory refuses LDRT and User mode; PL0 read-only refuses STRT', () => {
  let m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { ap: 0b001 }));
  w32(m, 0x40300000, 0x77);
  let core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.LDRT_R5_R4], { r: regs(0x10000000) });
  assertDataAbort(core, BODY + 4, 0x00d, 0x10000000);
  assert.equal(core.R[5], 0x77, 'the privileged load worked');

  // A User-mode load from the same section.
  core = run(m, [...ENABLE_SHORT, I.CPS_USR, I.LDR_R5_R4], { r: regs(0x10000000) });
  assertDataAbort(core, BODY + 4, 0x00d, 0x10000000);
  assert.equal(core.spsr[bankOf(MODE_ABT)] & 0x1f, MODE_USR);

  // Page with AP = 010: PL0 may read, not write.
  m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x30000000, pageTable(L2B, 4));
  setL2(m, L2B, 0x30002000, smallPage(0x40302000, { ap: 0b010 }));
  w32(m, 0x40302008, 0x66);
  core = run(m, [...ENABLE_SHORT, I.LDRT_R5_R4, I.STRT_R6_R4], { r: regs(0x30002008) });
  assert.equal(core.R[5], 0x66);
  assertDataAbort(core, BODY + 4, 0x84f, 0x30002008); // FS 0x0F (page), Domain 4, WnR

  // Page with AP = 011: full access for PL0.
  core = run(m, [...ENABLE_SHORT, I.STRT_R6_R4], { r: regs(0x30002008, { r6: 5 }), setup: () => {
    setL2(m, L2B, 0x30002000, smallPage(0x40302000, { ap: 0b011 }));
  } });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(r32(m, 0x40302008), 5);
});

test('XN: fetching from an execute-never section is a Prefetch Abort (IFSR/IFAR)', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x50000000, section(0x40400000, { xn: true, domain: 7 }));
  w32(m, 0x40400000, 0xe3a05001);
  const core = run(m, [...ENABLE_SHORT, I.BLX_R4], { r: regs(0x50000000), count: 6 });
  assertPrefetchAbort(core, 0x00d, 0x50000000); // IFSR has no Domain field
  assert.equal(core.R[5], 0);
  assert.equal(core.getBanked(14, MODE_SVC), BODY + 4, 'BLX had set LR_svc');
});

test('PXN (section and page table): privileged fetches fault, User-mode fetches do not', () => {
  let m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x50000000, section(0x40400000, { pxn: true }));
  let core = run(m, [...ENABLE_SHORT, I.BLX_R4], { r: regs(0x50000000), count: 6 });
  assertPrefetchAbort(core, 0x00d, 0x50000000);

  m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x50000000, pageTable(L2A, 0, true));
  setL2(m, L2A, 0x50000000, smallPage(0x40400000));
  w32(m, 0x40400000, 0xe3a05001); // mov r5, #1
  core = run(m, [...ENABLE_SHORT, I.BLX_R4], { r: regs(0x50000000), count: 6 });
  assertPrefetchAbort(core, 0x00f, 0x50000000);
  core = run(m, [...ENABLE_SHORT, I.CPS_USR, I.BLX_R4], { r: regs(0x50000000), count: 7 });
  assert.equal(core.mode, MODE_USR);
  assert.equal(core.R[5], 1);
});

test('SCTLR.WXN: a writable region cannot be executed', () => {
  const m = makeMachine();
  setL1(m, L1, CODE, section(CODE, { ap: 0b101 })); // the code itself must not be writable
  setL1(m, L1, 0x50000000, section(0x40400000));
  setL1(m, L1, 0x60000000, section(0x40400000, { ap: 0b111 }));
  const words = [...ENABLE_SHORT, I.BLX_R4];
  let core = run(m, words, { r: regs(0x50000000, { sctlr: SCTLR_ON | SCTLR_WXN }), count: 6 });
  assertPrefetchAbort(core, 0x00d, 0x50000000);
  w32(m, 0x40400000, 0xe3a05001);
  core = run(m, words, { r: regs(0x60000000, { sctlr: SCTLR_ON | SCTLR_WXN }), count: 6 });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.R[5], 1, 'read-only region executes');
});

test('access flag (SCTLR.AFE): AP[0] = 0 is an access flag fault, section and page', () => {
  let m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { ap: 0b010, domain: 2 }));
  let core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4], { r: regs(0x10000004, { sctlr: SCTLR_ON | SCTLR_AFE }) });
  assertDataAbort(core, BODY, 0x023, 0x10000004); // FS 0x03, Domain 2

  m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x30000000, pageTable(L2A, 6));
  setL2(m, L2A, 0x30003000, smallPage(0x40303000, { ap: 0b110 }));
  core = run(m, [...ENABLE_SHORT, I.STR_R6_R4], { r: regs(0x30003000, { sctlr: SCTLR_ON | SCTLR_AFE }) });
  assertDataAbort(core, BODY, 0x866, 0x30003000); // FS 0x06, Domain 6, WnR

  // With the flag set, AP[2:1] = 11 is read-only for everyone.
  setL2(m, L2A, 0x30003000, smallPage(0x40303000, { ap: 0b111 }));
  w32(m, 0x40303000, 0xabc);
  core = run(m, [...ENABLE_SHORT, I.LDRT_R5_R4, I.STR_R6_R4], { r: regs(0x30003000, { sctlr: SCTLR_ON | SCTLR_AFE }) });
  assert.equal(core.R[5], 0xabc);
  assertDataAbort(core, BODY + 4, 0x86f, 0x30003000);
});

test('translation faults: first level (no Domain) and second level (Domain of the page table)', () => {
  const m = makeMachine();
  shortTables(m);
  let core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4], { r: regs(0x60000abc) });
  assertDataAbort(core, BODY, 0x005, 0x60000abc);
  setL1(m, L1, 0x30000000, pageTable(L2A, 2));
  core = run(m, [...ENABLE_SHORT, I.STR_R6_R4], { r: regs(0x30007000) });
  assertDataAbort(core, BODY, 0x827, 0x30007000);
  // Fetch from an unmapped page.
  core = run(m, [...ENABLE_SHORT, I.BLX_R4], { r: regs(0x30007000), count: 6 });
  assertPrefetchAbort(core, 0x007, 0x30007000);
});

test('external abort on the translation table walk: first and second level', () => {
  const m = makeMachine();
  shortTables(m);
  // Second level: the page table is where nothing answers.
  setL1(m, L1, 0x30000000, pageTable(0x00100000, 1));
  let core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4], { r: regs(0x30000000) });
  assertDataAbort(core, BODY, 0x01e, 0x30000000); // FS 0x0E, Domain 1
  // First level: TTBCR.N = 1 and TTBR1 points nowhere; the code stays in TTBR0's half.
  core = run(m, [I.TTBR1_R8, ...ENABLE_SHORT, I.LDR_R5_R4],
    { r: [L1, 1, ALL_CLIENT, SCTLR_ON, 0x90000000, 0, 0, 0, 0x00004000] });
  assertDataAbort(core, BODY + 4, 0x00c, 0x90000000);
});

test('ATS1CPR/CPW/CUR: PAR holds the PA and attributes, or the fault status with F set', () => {
  const m = makeMachine();
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { texcb: 0b00111, s: true })); // Normal WBWA, shareable
  setL1(m, L1, 0x20000000, section(0x40400000, { ap: 0b101 })); // PL1 read-only, strongly-ordered
  for (let i = 0; i < 16; i++) setL1(m, L1, 0x21000000 + (i << 20), supersection(0x41000000));
  const ats = (op: number, va: number): number => {
    const core = run(m, [...ENABLE_SHORT, op, I.PAR_R5], { r: regs(va) });
    assert.equal(core.mode, MODE_SVC, 'no abort');
    return core.R[5];
  };
  // PA | NS | SH | Inner 101 (WBWA) | Outer 01 (WBWA)
  assert.equal(ats(I.ATS1CPR_R4, 0x10001234).toString(16), (0x40301000 | 0x200 | 0x80 | 0x50 | 0x4).toString(16));
  // Strongly-ordered: Inner 001, shareable.
  assert.equal(ats(I.ATS1CPR_R4, 0x20000010).toString(16), (0x40400000 | 0x200 | 0x80 | 0x10).toString(16));
  assert.equal(ats(I.ATS1CPW_R4, 0x20000010), (0x0d << 1) | 1, 'permission fault, section');
  assert.equal(ats(I.ATS1CUR_R4, 0x20000010), (0x0d << 1) | 1, 'no PL0 access');
  assert.equal(ats(I.ATS1CPR_R4, 0x70000000), (0x05 << 1) | 1, 'translation fault, section');
  assert.equal(ats(I.ATS1CPR_R4, 0x21345678) & 0xfffff003, 0x41345002, 'supersection: SS');
  // The 64-bit view of a 32-bit result has a zero high word.
  const core = run(m, [...ENABLE_SHORT, I.ATS1CPR_R4, I.PAR64_R5_R6], { r: regs(0x10001234, { r6: 0xffff }) });
  assert.equal(core.R[5] & 0xfffff800, 0x40301000);
  assert.equal(core.R[6], 0);
});

test('MMU off: identity, and the core keeps running from the same addresses', () => {
  const m = makeMachine();
  w32(m, 0x40300000, 0x5150);
  const core = run(m, [I.LDR_R5_R4], { r: [0, 0, 0, 0, 0x40300000] });
  assert.equal(core.R[5], 0x5150);
  assert.equal(core.mmu.translate(0x12345678, 0), 0x12345678);
});

test('Secure state walks the Secure TTBR0 (NS bit in PAR); ATS12NSOPR translates with the Non-secure tables', () => {
  const m = makeMachine(true);
  shortTables(m);
  setL1(m, L1, 0x10000000, section(0x40300000, { ns: true }));
  // The Non-secure tables map the same VA elsewhere.
  const NST = 0x40210000; // 16 KiB aligned
  w32(m, NST + (0x10000000 >>> 20) * 4, section(0x40400000));
  w32(m, 0x40300000, 0x5ec);
  const core = run(m, [...ENABLE_SHORT, I.LDR_R5_R4, I.ATS1CPR_R4, I.PAR_R5, I.LDR_R9_R4, I.ATS12NSOPR_R4, I.PAR64_R5_R6], {
    r: regs(0x10000000),
    setup: (c) => {
      assert.equal(c.isSecure(), true);
      c.cp15.ttbr0B[2] = NST;
      c.cp15.sctlrB[1] = SCTLR_ON;
      c.cp15.dacrB[1] = ALL_CLIENT;
    },
  });
  assert.equal(core.mode, MODE_SVC);
  assert.equal(core.cp15.sctlrB[0] & 1, 1, 'the MCR wrote the Secure SCTLR');
  assert.equal(core.R[9], 0x5ec);
  assert.equal(core.R[5].toString(16), (0x40400000 | 0x200 | 0x80 | 0x10).toString(16), 'Non-secure result');
  assert.equal(core.cp15.parB[0] & 0xfffff000, 0x40400000, 'in the Secure PAR');
  // The Secure ATS1CPR result had NS = 1 from the section descriptor.
  const c2 = run(m, [...ENABLE_SHORT, I.ATS1CPR_R4, I.PAR_R5], { r: regs(0x10000000) });
  assert.equal(c2.R[5] & 0xfffff200, 0x40300200);
  const c3 = run(m, [...ENABLE_SHORT, I.ATS1CPR_R4, I.PAR_R5], { r: regs(CODE) });
  assert.equal(c3.R[5] & 0xfffff200, CODE, 'Secure section without NS');
});
