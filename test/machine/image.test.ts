// Image loading: ELF32 ARM executables and raw binaries, with errors that name
// the file, the offset and the field.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Bus } from '../../src/machine/bus.js';
import { ImageError, loadElf, loadRaw } from '../../src/machine/image.js';

const elfPath = new URL('../../../bench/kernels/intloop.elf', import.meta.url);
const good = (): Uint8Array => new Uint8Array(readFileSync(elfPath));
const bus = (): Bus => { const b = new Bus(); b.addRam('ram', 0x40000000, 0x100000); return b; };

test('an ELF executable loads at its physical addresses with its entry point', () => {
  const b = bus();
  const img = loadElf(b, good(), 'intloop.elf');
  assert.equal(img.entry, 0x40000000);
  assert.equal(b.read(0x40000000, 4), 0xe59f0060, 'first instruction (ldr r0, =20000000)');
});

test('ELF errors name the offset and the field', () => {
  const cases: [string, (d: Uint8Array) => Uint8Array, RegExp][] = [
    ['truncated', (d) => d.subarray(0, 20), /x\.elf: offset 0: ELF header: file is 20 bytes/],
    ['bad magic', (d) => { d[1] = 0; return d; }, /offset 0: e_ident\[EI_MAG\]: expected \\x7fELF/],
    ['64-bit', (d) => { d[4] = 2; return d; }, /offset 4: e_ident\[EI_CLASS\]: expected 1 \(ELF32\), found 2/],
    ['big-endian', (d) => { d[5] = 2; return d; }, /offset 5: e_ident\[EI_DATA\]/],
    ['not ARM', (d) => { d[18] = 62; return d; }, /offset 18: e_machine: expected 40 \(EM_ARM\), found 62/],
    ['relocatable', (d) => { d[16] = 1; return d; }, /offset 16: e_type: expected 2 \(ET_EXEC\), found 1/],
  ];
  for (const [what, mutate, re] of cases) {
    assert.throws(() => loadElf(bus(), mutate(good()), 'x.elf'), (e: unknown) => e instanceof ImageError && re.test(e.message), what);
  }
});

test('an ELF segment outside RAM is refused with the program header named', () => {
  const b = new Bus();
  b.addRam('ram', 0x80000000, 0x100000);
  assert.throws(() => loadElf(b, good(), 'x.elf'), /program header 0 p_paddr: segment 0x40000000\+.* is not in RAM/);
});

test('raw binaries load at the given address; outside RAM is an error', () => {
  const b = bus();
  const img = loadRaw(b, Uint8Array.of(1, 2, 3, 4), 0x40001000, 'r.bin');
  assert.equal(img.entry, 0x40001000);
  assert.equal(b.read(0x40001000, 4), 0x04030201);
  assert.throws(() => loadRaw(b, Uint8Array.of(1), 0x1000, 'r.bin'), /r\.bin: cannot load 1 bytes at 0x00001000/);
});
