// The probe program (test/firmware/qemu-probe/) reads identification
// registers, generic timer and GICv2 state on QEMU 7.2's virt board with
// virtualization=on; its output there is recorded for 1 and 2 CPUs. On the
// qemu-arm board it must print the same, line for line, except where QEMU
// departs from the architecture and this model follows the architecture
// (listed below with the reason) or where a register is not modelled yet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runImage } from '../../src/boards/session.js';

const dir = fileURLToPath(new URL('../../../test/firmware/qemu-probe/', import.meta.url));

interface Deviation {
  /** The line QEMU printed ... */
  qemu: string;
  /** ... when the line before it starts with this (for lines that recur). */
  after?: string;
  /** What this model prints instead, and why. */
  ours: string;
  why: string;
}

const COMMON: Deviation[] = [
  { qemu: 'entry CPSR: 400001da', ours: 'entry CPSR: 000001da',
    why: "QEMU's boot code happens to leave Z set; the flags are not defined at entry" },
  { qemu: 'entry HSCTLR: 00000000', ours: 'entry HSCTLR: 30c50818',
    why: 'HSCTLR resets with its RES1 bits set (ARM ARM B4.1.66)' },
  { qemu: 'REVIDR: 414fc0f0', ours: 'REVIDR: 00000000',
    why: 'QEMU aliases the unallocated c0,c0 encodings to MIDR; REVIDR reads 0 here' },
  { qemu: 'CNTKCTL <- ffffffff: ffffffff', ours: 'CNTKCTL <- ffffffff: 000003ff',
    why: 'bits 31:10 of CNTKCTL are reserved; QEMU keeps whatever is written' },
  { qemu: 'GICV_ABPR <- 0: 00000001', ours: 'GICV_ABPR <- 0: 00000003',
    why: 'with 5 priority bits the smallest virtual ABPR is 3 (the GIC-400 resets it to 3); QEMU allows 1' },
  { qemu: '  GICH_VMCR: f8440000', ours: '  GICH_VMCR: f84c0000', why: 'the same: VMCR.VMABP is at least 3' },
  { qemu: 'GICV_CTLR <- EOImode|Grp0: VMCR: f8440201', ours: 'GICV_CTLR <- EOImode|Grp0: VMCR: f84c0201',
    why: 'the same: VMCR.VMABP is at least 3' },
];

const SMP2: Deviation[] = [
  { qemu: 'GICD_ITARGETSR8 <- ffffffff: ffffffff', ours: 'GICD_ITARGETSR8 <- ffffffff: 03030303',
    why: 'target bits of absent CPU interfaces are RAZ/WI; QEMU stores all 8' },
  { qemu: 'GICD_ITARGETSR8 byte 1 <- 02: ffff02ff', ours: 'GICD_ITARGETSR8 byte 1 <- 02: 03030203', why: 'the same' },
  { qemu: 'ISPENDR0 <- bit 27 (line low): ISPENDR0: 00000000', ours: 'ISPENDR0 <- bit 27 (line low): ISPENDR0: 08000000',
    why: 'GICD_ISPENDR0 sets a PPI pending on the writing CPU; QEMU with several CPUs drops the write' },
  { qemu: '  IAR: 000003ff', after: 'ISPENDR0 <- bit 27 (line low)', ours: '  IAR: 0000001b',
    why: 'the same: the pending PPI 27 is then acknowledged' },
];

function compare(cpus: number, deviations: Deviation[]): void {
  const expected = readFileSync(join(dir, `probe-smp${cpus}.out`), 'latin1').split('\n');
  const r = runImage(join(dir, 'probe.elf'), {
    board: 'qemu-arm', cpus, bootMode: 'hyp', semihosting: true, maxInsns: 100_000_000,
  });
  assert.equal(r.stopReason, 'exit', r.output);
  assert.equal(r.exitCode, 0);
  const got = (r.output + r.errOutput).split('\n');
  assert.equal(got.length, expected.length, 'as many lines as QEMU printed');
  const seen = new Set<Deviation>();
  for (let i = 0; i < expected.length; i++) {
    const dev = deviations.find((d) => d.qemu === expected[i] && (d.after === undefined || expected[i - 1].startsWith(d.after)));
    if (dev) seen.add(dev);
    assert.equal(got[i], dev ? dev.ours : expected[i], `line ${i + 1}${dev ? ` (${dev.why})` : ''}`);
  }
  assert.equal(seen.size, deviations.length, 'every listed difference still exists in the recording');
}

test('ID registers, generic timer and GIC as QEMU shows them: one CPU', () => {
  compare(1, COMMON);
});

test('the same with two CPUs: banked registers, SGIs between cores, CPU_ON', () => {
  compare(2, [...COMMON, ...SMP2]);
});
