// A32 instruction semantics against reference results recorded on QEMU 7.2
// (test/ref/gen.mjs): registers, full CPSR and the data window after each snippet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runA32 } from '../helpers/a32.js';

interface RefCase {
  name: string;
  group: string;
  asm: string;
  words: number[];
  addr?: number;
  init: { r: number[]; cpsr_flags: number; sp?: number };
  expect: { r: number[]; cpsr: number; sp?: number; window?: string };
}

const ref = JSON.parse(readFileSync(new URL('../../../test/data/a32-ref.json', import.meta.url), 'utf8')) as {
  window: { base: number; size: number };
  cases: RefCase[];
};

const WINDOW = new Uint8Array(ref.window.size).map((_, i) => (i * 37 + 11) & 0xff);
const hex = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function check(c: RefCase): string | null {
  const res = runA32(c.words, {
    r: c.init.r, flags: c.init.cpsr_flags, sp: c.init.sp, addr: c.addr, data: WINDOW, dataAt: ref.window.base,
  });
  const diffs: string[] = [];
  for (let i = 0; i < 13; i++) {
    if (res.r[i] !== c.expect.r[i]) diffs.push(`r${i}=${hex(res.r[i])} want ${hex(c.expect.r[i])}`);
  }
  if (res.cpsr !== c.expect.cpsr) diffs.push(`cpsr=${hex(res.cpsr)} want ${hex(c.expect.cpsr)}`);
  if (c.expect.sp !== undefined && res.core.R[13] !== c.expect.sp) {
    diffs.push(`sp=${hex(res.core.R[13])} want ${hex(c.expect.sp)}`);
  }
  if (c.expect.window !== undefined) {
    const got = toHex(res.readData(ref.window.base, ref.window.size));
    if (got !== c.expect.window) {
      const at = [...got].findIndex((ch, i) => ch !== c.expect.window![i]) >> 1;
      diffs.push(`window differs from byte ${at}`);
    }
  }
  return diffs.length ? `${c.name}: ${diffs.join(', ')}` : null;
}

const groups = [...new Set(ref.cases.map((c) => c.group))];
for (const g of groups) {
  const cases = ref.cases.filter((c) => c.group === g);
  test(`A32 ${g}: ${cases.length} cases match QEMU`, () => {
    const failures = cases.map(check).filter((f): f is string => f !== null);
    assert.equal(failures.length, 0, `${failures.length} of ${cases.length} differ:\n` + failures.slice(0, 15).join('\n'));
  });
}
