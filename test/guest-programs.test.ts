// The bare-metal guest programs of test/guest/ print byte for byte what QEMU
// printed for them (recorded in test/guest/expected/) and exit with the same code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runImage } from '../src/boards/session.js';

const dir = fileURLToPath(new URL('../../test/guest/', import.meta.url));

interface Program { name: string; elf: string; exit: number; board?: string; cpus?: number; bootMode?: 'hyp' | 'svc' }

const programs = JSON.parse(readFileSync(join(dir, 'programs.json'), 'utf8')) as Program[];

/** Programs that need emulator features still being built, with the feature; they run once it lands. */
const PENDING = new Map<string, string>([]);

for (const p of programs) {
  const pending = PENDING.get(p.name);
  test(`${p.name}: same output and exit code as QEMU`, { skip: pending && `needs ${pending}` }, () => {
    const expected = readFileSync(join(dir, 'expected', `${p.name}.out`)).toString('latin1');
    const expectedErr = readFileSync(join(dir, 'expected', `${p.name}.err`)).toString('latin1');
    const r = runImage(join(dir, p.elf), {
      board: p.board ?? 'qemu-arm', cpus: p.cpus, bootMode: p.bootMode, semihosting: true, maxInsns: 2_000_000_000,
    });
    assert.equal(r.stopReason, 'exit', `stopped by ${r.stopReason}; output so far:\n${r.output}`);
    assert.equal(r.output, expected, 'stdout');
    assert.equal(r.errOutput, expectedErr, 'stderr (semihosting console)');
    assert.equal(r.exitCode, p.exit);
  });
}

test('every program has its recorded QEMU output', () => {
  for (const p of programs) {
    for (const ext of ['out', 'err', 'exit']) assert.ok(existsSync(join(dir, 'expected', `${p.name}.${ext}`)), `${p.name}.${ext}`);
    const exit = Number(readFileSync(join(dir, 'expected', `${p.name}.exit`), 'utf8').trim());
    assert.equal(exit, p.exit, `${p.name}: programs.json agrees with the recorded exit code`);
  }
});
