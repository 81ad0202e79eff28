// Same input, same output: console bytes, instruction counts and virtual time
// are identical across runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runImage } from '../../src/boards/session.js';

const memloop = fileURLToPath(new URL('../../../bench/kernels/memloop.elf', import.meta.url));

test('two runs of the same image give identical output, instruction counts and virtual time', () => {
  const a = runImage(memloop, { board: 'qemu-arm', semihosting: true });
  const b = runImage(memloop, { board: 'qemu-arm', semihosting: true, cpus: 2 });
  const c = runImage(memloop, { board: 'qemu-arm', semihosting: true });
  assert.equal(a.output, '8f28b9c1\n');
  assert.equal(a.stopReason, 'exit');
  assert.deepEqual([b.output, b.instructions, b.cycles], [a.output, a.instructions, a.cycles],
    'a powered-off second core changes nothing');
  assert.deepEqual([c.output, c.instructions, c.cycles], [a.output, a.instructions, a.cycles]);
});

test('two cores contending for a spinlock interleave the same way every run', () => {
  const smp = fileURLToPath(new URL('../../../test/guest/bin/smp.elf', import.meta.url));
  const run = () => runImage(smp, { board: 'qemu-arm', cpus: 2, bootMode: 'hyp', semihosting: true });
  const a = run(), b = run();
  assert.equal(a.stopReason, 'exit');
  assert.match(a.output + a.errOutput, /1000000/);
  assert.deepEqual([b.output, b.errOutput, b.instructions, b.cycles], [a.output, a.errOutput, a.instructions, a.cycles]);
});
