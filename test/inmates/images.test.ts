// The committed inmate images (inmates/bin/): every demo for every board as a
// cell image linked at 0 and as a native ELF linked at the RAM base, with the
// exception vectors first and the parameter block at offset 0x20.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMOS, INMATE_BOARDS, INMATES, PARAMS_MAGIC, PARAMS_OFFSET, cellImage, nativeImage } from './harness.js';

/** A32 "B <label>" (cond AL). */
const isBranch = (w: number): boolean => (w >>> 24) === 0xea;
const branchTarget = (at: number, w: number): number => (at + 8 + (((w & 0xffffff) << 8) >> 6)) >>> 0;

function elfInfo(path: string): { entry: number; loads: { vaddr: number; offset: number; filesz: number }[]; symbols: Map<string, number> } {
  const b = readFileSync(path);
  assert.equal(b.readUInt32BE(0), 0x7f454c46, `${path}: ELF magic`);
  assert.equal(b.readUInt16LE(18), 40, `${path}: EM_ARM`);
  const entry = b.readUInt32LE(24), phoff = b.readUInt32LE(28), shoff = b.readUInt32LE(32);
  const phnum = b.readUInt16LE(44), shentsize = b.readUInt16LE(46), shnum = b.readUInt16LE(48);
  const loads = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    if (b.readUInt32LE(o) === 1) loads.push({ offset: b.readUInt32LE(o + 4), vaddr: b.readUInt32LE(o + 8), filesz: b.readUInt32LE(o + 16) });
  }
  const sections = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    return { type: b.readUInt32LE(o + 4), offset: b.readUInt32LE(o + 16), size: b.readUInt32LE(o + 20), link: b.readUInt32LE(o + 24) };
  });
  const symbols = new Map<string, number>();
  for (const s of sections.filter((x) => x.type === 2)) {
    const str = sections[s.link];
    for (let o = s.offset; o + 16 <= s.offset + s.size; o += 16) {
      const nameOff = b.readUInt32LE(o);
      const name = b.toString('latin1', str.offset + nameOff, b.indexOf(0, str.offset + nameOff));
      if (name) symbols.set(name, b.readUInt32LE(o + 4));
    }
  }
  return { entry, loads, symbols };
}

test('every demo is built for every board, and nothing else is in bin/', () => {
  const expected = new Set<string>();
  for (const d of DEMOS) {
    for (const b of INMATE_BOARDS) {
      assert.ok(existsSync(cellImage(d, b)), `${d}-${b}.bin`);
      assert.ok(existsSync(nativeImage(d, b)), `${d}-${b}-native.elf`);
      expected.add(`${d}-${b}.bin`).add(`${d}-${b}-native.elf`);
    }
  }
  assert.deepEqual(readdirSync(join(INMATES, 'bin')).sort(), [...expected].sort());
});

test('cell images: vectors at 0 (reset branches into the image), parameter block at 0x20', () => {
  for (const d of DEMOS) {
    for (const b of INMATE_BOARDS) {
      const img = readFileSync(cellImage(d, b));
      for (let v = 0; v < 8; v++) {
        const w = img.readUInt32LE(v * 4);
        assert.ok(isBranch(w), `${d}-${b}.bin: vector ${v} is a branch (0x${w.toString(16)})`);
        assert.ok(branchTarget(v * 4, w) < img.length, `${d}-${b}.bin: vector ${v} stays in the image`);
      }
      assert.equal(img.readUInt32LE(PARAMS_OFFSET), PARAMS_MAGIC, `${d}-${b}.bin: params magic`);
      assert.equal(img.readUInt32LE(PARAMS_OFFSET + 4), 1, `${d}-${b}.bin: params version`);
      for (let o = 8; o < 32; o += 4) assert.equal(img.readUInt32LE(PARAMS_OFFSET + o), 0, `${d}-${b}.bin: param +${o} defaults to 0`);
      assert.ok(img.length < 64 * 1024, `${d}-${b}.bin is small (${img.length} bytes)`);
    }
  }
});

test('native ELFs: linked at 0x40000000, entered at native_entry, same layout as the cell image', () => {
  for (const d of DEMOS) {
    for (const b of INMATE_BOARDS) {
      const elf = elfInfo(nativeImage(d, b));
      assert.equal(elf.loads.length, 1, `${d}-${b}-native.elf: one PT_LOAD`);
      assert.equal(elf.loads[0].vaddr, 0x40000000, `${d}-${b}-native.elf: load address`);
      assert.equal(elf.entry, elf.symbols.get('native_entry'), `${d}-${b}-native.elf: entry`);
      assert.equal(elf.symbols.get('vectors'), 0x40000000);
      assert.equal(elf.symbols.get('inmate_params'), 0x40000000 + PARAMS_OFFSET);
      const bytes = readFileSync(nativeImage(d, b));
      assert.equal(bytes.readUInt32LE(elf.loads[0].offset + PARAMS_OFFSET), PARAMS_MAGIC);
      assert.ok(!elf.symbols.has('$t'), `${d}-${b}-native.elf: no Thumb code`);
    }
  }
});
