// `jailhouse-ts run` as a person uses it: output, exit codes, one-line errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const intloop = join(root, 'bench/kernels/intloop.elf');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('runs an ELF to its semihosting exit and prints the UART output', () => {
  const r = run('run', '--board', 'qemu-arm', '--semihosting', intloop);
  assert.equal(r.stdout, 'ca41b400\n');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

test('an exhausted instruction budget exits 124 with a message naming where the CPU was', () => {
  const r = run('run', '--board', 'qemu-arm', '--semihosting', '--max-insns', '5000', intloop);
  assert.equal(r.code, 124);
  assert.match(r.stderr, /^jailhouse-ts run: instruction budget of 5000 exhausted at core 0 pc=0x4000/);
});

test('a raw binary runs from --load-addr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jhts-'));
  const bin = join(dir, 'exit3.bin');
  // mov r0, #0x20; adr r1, blk; svc 0x123456; blk: .word 0x20026, 3  (SYS_EXIT_EXTENDED, code 3)
  const words = [0xe3a00020, 0xe28f1000, 0xef123456, 0x00020026, 0x00000003];
  const b = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  writeFileSync(bin, b);
  const r = run('run', '--board', 'qemu-arm', '--semihosting', '--load-addr', '0x40000000', bin);
  assert.equal(r.code, 3);
});

test('user mistakes give one clear line on stderr and exit 2, never a stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jhts-'));
  const junk = join(dir, 'junk.bin');
  writeFileSync(junk, 'not an image');
  const cases: [string[], RegExp][] = [
    [['run', '--board', 'nosuch', intloop], /unknown board 'nosuch' \(known: qemu-arm/],
    [['run', '--board', 'qemu-arm', join(dir, 'missing.elf')], /missing\.elf: cannot read: ENOENT/],
    [['run', '--board', 'qemu-arm', junk], /junk\.bin: not an ELF file; give --load-addr/],
    [['run', '--board', 'qemu-arm', '--cpus', 'two', intloop], /--cpus: expected a number, got 'two'/],
    [['run', '--board', 'qemu-arm', '--cpus', '9', intloop], /board qemu-arm has 1 to 8 CPUs, not 9/],
    [['run', intloop], /--board is required/],
    [['run', '--board', 'qemu-arm', '--bogus', intloop], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
