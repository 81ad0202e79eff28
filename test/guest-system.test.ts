// Consistency of the system guest programs in test/guest/ (their runs on the
// emulator are in guest-programs.test.ts): the Thumb and hard-float builds
// recorded exactly what the A32 builds recorded, each ELF is the flavour its
// name says, programs.json describes how QEMU ran them, and the recorded
// outputs say what the programs are meant to show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../../test/guest/', import.meta.url));

interface Program { name: string; elf: string; exit: number; board?: string; cpus?: number; bootMode?: 'hyp' | 'svc' }

const programs = JSON.parse(readFileSync(join(dir, 'programs.json'), 'utf8')) as Program[];
const byName = new Map(programs.map((p) => [p.name, p]));

const FOUNDATION = ['hello', 'crc32', 'qsort', 'matmul', 'div64', 'printf'];
const VARIANTS = FOUNDATION.flatMap((b) => [`${b}-thumb`, `${b}-hf`]);
const SYSTEM = [...VARIANTS, 'float', 'float-thumb', 'hello-hyp', 'mmu', 'timer', 'smp', 'led'];

const expected = (name: string, ext: 'out' | 'err' | 'exit') => readFileSync(join(dir, 'expected', `${name}.${ext}`), 'latin1');

/** The bits of an ELF32 little-endian ARM file these tests look at. */
function readElf(path: string): { entry: number; flags: number; symbols: Map<string, number> } {
  const b = readFileSync(path);
  assert.equal(b.readUInt32BE(0), 0x7f454c46, `${path}: ELF magic`);
  assert.equal(b[4], 1, `${path}: ELFCLASS32`);
  assert.equal(b[5], 1, `${path}: little endian`);
  assert.equal(b.readUInt16LE(18), 40, `${path}: EM_ARM`);
  const entry = b.readUInt32LE(24), shoff = b.readUInt32LE(32), flags = b.readUInt32LE(36);
  const shentsize = b.readUInt16LE(46), shnum = b.readUInt16LE(48);
  const sections = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    return { type: b.readUInt32LE(o + 4), offset: b.readUInt32LE(o + 16), size: b.readUInt32LE(o + 20), link: b.readUInt32LE(o + 24) };
  });
  const symbols = new Map<string, number>();
  for (const s of sections.filter((x) => x.type === 2 /* SHT_SYMTAB */)) {
    const str = sections[s.link];
    for (let o = s.offset; o + 16 <= s.offset + s.size; o += 16) {
      const nameOff = b.readUInt32LE(o);
      const end = b.indexOf(0, str.offset + nameOff);
      const name = b.toString('latin1', str.offset + nameOff, end);
      if (name) symbols.set(name, b.readUInt32LE(o + 4));
    }
  }
  return { entry, flags, symbols };
}

const EF_ARM_ABI_FLOAT_SOFT = 0x200, EF_ARM_ABI_FLOAT_HARD = 0x400;

test('Thumb and hard-float builds recorded the same output as the A32 builds', () => {
  for (const base of FOUNDATION) {
    for (const v of [`${base}-thumb`, `${base}-hf`]) {
      for (const ext of ['out', 'err', 'exit'] as const) assert.equal(expected(v, ext), expected(base, ext), `${v}.${ext}`);
    }
  }
  for (const ext of ['out', 'err', 'exit'] as const) assert.equal(expected('float-thumb', ext), expected('float', ext), `float-thumb.${ext}`);
});

test('every system program is listed with the board, CPUs and boot mode QEMU ran it with', () => {
  for (const name of SYSTEM) {
    const p = byName.get(name);
    assert.ok(p, `${name} in programs.json`);
    assert.equal(p.elf, `bin/${name}.elf`);
    assert.equal(p.bootMode, 'hyp', `${name}: entered in Hyp mode (QEMU -M virt,virtualization=on)`);
    assert.equal(p.board, name === 'led' ? 'bananapi' : 'qemu-arm', `${name}: board`);
    assert.equal(p.cpus, name === 'smp' ? 2 : undefined, `${name}: cpus`);
    assert.equal(p.exit, 0, `${name}: exit code`);
  }
  const listed = new Set(programs.map((p) => p.elf));
  for (const f of readdirSync(join(dir, 'bin')).filter((f) => f.endsWith('.elf'))) assert.ok(listed.has(`bin/${f}`), `bin/${f} is listed`);
  for (const p of programs) assert.ok(existsSync(join(dir, p.elf)), `${p.elf} exists`);
});

test('each ELF is the flavour its name says: A32 or Thumb main, soft- or hard-float ABI, A32 entry', () => {
  for (const name of [...FOUNDATION, ...SYSTEM]) {
    const elf = readElf(join(dir, 'bin', `${name}.elf`));
    const thumb = name.endsWith('-thumb');
    const hard = name.endsWith('-hf') || name.startsWith('float');
    assert.equal(elf.entry & 3, 0, `${name}: the entry point is A32`);
    const main = elf.symbols.get('main');
    assert.ok(main !== undefined, `${name}: has main`);
    assert.equal(main & 1, thumb ? 1 : 0, `${name}: main is ${thumb ? 'Thumb' : 'A32'}`);
    assert.equal(elf.flags & (EF_ARM_ABI_FLOAT_SOFT | EF_ARM_ABI_FLOAT_HARD), hard ? EF_ARM_ABI_FLOAT_HARD : EF_ARM_ABI_FLOAT_SOFT,
      `${name}: ${hard ? 'hard' : 'soft'}-float ABI`);
    const system = SYSTEM.includes(name);
    assert.equal(elf.symbols.has('secondary_entry'), system, `${name}: ${system ? 'sysstart.S' : 'start.S'}`);
  }
});

test('recorded outputs show what the system programs are about', () => {
  const hyp = expected('hello-hyp', 'out');
  assert.match(hyp, /^entry: CPSR\[9:0\]=1da mode=hyp /m, 'QEMU enters in Hyp mode');
  assert.match(hyp, /^main : CPSR\[9:0\]=1d3 mode=svc /m, 'sysstart.S drops to SVC');
  assert.match(hyp, /HSR=4a000042/, 'HVC #0x42 from SVC: EC 0x12');
  assert.match(hyp, /PSCI_VERSION = 0x0001000/, 'PSCI through SMC');

  const mmu = expected('mmu', 'out');
  assert.match(mmu, /read page a \(remapped\) +VA [0-9a-f]+: "this is page b"/);
  assert.match(mmu, /write page ro: data abort, DFSR=0000080f .*page permission fault/);
  assert.match(mmu, /write page ro: data abort, DFSR=00000a0f .*long format: permission fault, level 3, write/);

  const timer = expected('timer', 'out');
  assert.match(timer, /^virtual timer \(PPI 27\): 100 interrupts$/m);
  assert.match(timer, /^physical timer \(PPI 30\): 100 interrupts$/m);
  assert.match(timer, /^timer: CNTFRQ=62500000 Hz/m);

  const smp = expected('smp', 'out');
  assert.match(smp, /^core 0 count: 500000$/m);
  assert.match(smp, /^core 1 count: 500000$/m);
  assert.match(smp, /^shared counter \(spinlock\): 1000000$/m);
  assert.match(smp, /^PSCI_CPU_ON\(core 1, .*\) = 0$/m);

  const float = expected('float', 'out');
  assert.match(float, /^ {2}sqrt +1\.4142135623730951 +3ff6a09e667f3bcd$/m);
  assert.match(float, /^float: done$/m);

  const led = expected('led', 'out').split('\n');
  assert.match(led[0], /^led: Banana Pi green LED on PH24, CNTFRQ=24000000 Hz/);
  assert.deepEqual(led.slice(1, 11), Array.from({ length: 10 }, (_, i) => (i % 2 ? 'LED off' : 'LED on')));
  assert.deepEqual(led.slice(11), ['led: done', '']);
  assert.equal(expected('led', 'err'), '');
  assert.equal(expected('led', 'exit').trim(), '0');
});
