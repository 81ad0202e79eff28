// A scripted session of Debian's gdb-multiarch against `jailhouse-ts run --gdb`.
// Skipped, saying so, where gdb-multiarch is not installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { elfBytes, elfSymbols, guest, startRun, withTimeout } from './helpers.js';

const GDB = 'gdb-multiarch';
const haveGdb = spawnSync(GDB, ['--version'], { stdio: 'ignore' }).status === 0;
const skip = haveGdb ? false : `${GDB} is not installed: the scripted gdb session is skipped`;

function runGdb(args: string[], ms: number): Promise<{ code: number | null; out: string }> {
  return withTimeout(new Promise((resolve) => {
    const p = spawn(GDB, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), ms);
    p.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
  }), ms + 5000, 'gdb-multiarch');
}

test('gdb-multiarch: break main, continue, registers, memory, stepi, threads, a hardware watchpoint, run to the exit',
  { skip, timeout: 60_000 }, async () => {
    const elf = guest('hello.elf');
    const main = elfSymbols(elf).get('main')!;
    // Where main stores open_args[2] = 3 (str r2, [sp, #8]): the watchpoint reports the instruction after it.
    const code = elfBytes(elf, main, 0x100);
    const strAt = main + code.findIndex((_, i) => i % 4 === 0 && code.readUInt32LE(i) === 0xe58d2008);
    assert.ok(strAt > main);
    const run = await startRun(['--board', 'qemu-arm', '--semihosting', elf]);
    try {
      const hex = (v: number): string => `0x${v.toString(16)}`;
      const words = [0, 4, 8, 12].map((o) => '0x' + elfBytes(elf, main + o, 4).readUInt32LE(0).toString(16).padStart(8, '0'));
      const { code: rc, out } = await runGdb([
        '-batch', '-nx', elf,
        '-ex', 'set confirm off',
        '-ex', `target remote 127.0.0.1:${run.port}`,
        '-ex', 'break main',
        '-ex', 'continue',
        '-ex', 'info registers',
        '-ex', 'x/4wx main',
        '-ex', 'stepi',
        '-ex', 'printf "pc after stepi: %#x\\n", $pc',
        '-ex', 'info threads',
        '-ex', 'set $d1 = 2.5',
        '-ex', 'printf "d1: %f\\n", $d1',
        // open_args[2] of main (sp - 32 before the prologue runs), at a fixed address: a hardware watchpoint.
        '-ex', 'eval "watch *(int *)%#x", $sp - 32',
        '-ex', 'continue',
        '-ex', 'printf "pc after watch: %#x\\n", $pc',
        '-ex', 'delete',
        '-ex', 'continue',
      ], 40_000);
      // Breakpoint and registers.
      assert.match(out, new RegExp(`Breakpoint 1, ${hex(main)} in main \\(\\)`));
      assert.match(out, new RegExp(`^pc\\s+${hex(main)}\\s+${hex(main)} <main>`, 'm'));
      assert.match(out, /^cpsr\s+0x[0-9a-f]*d3\s/m, 'SVC mode, ARM state, interrupts masked');
      assert.match(out, /^sp\s+0x4001[0-9a-f]{4}\s/m);
      assert.match(out, /^fpscr\s+0x0\s/m, 'the VFP feature is there');
      // Memory: main's first words as in the ELF file.
      assert.match(out, new RegExp(`${hex(main)} <main>:\\s+${words.join('\\s+')}`));
      assert.match(out, new RegExp(`pc after stepi: ${hex(main + 4)}`));
      assert.match(out, /\* 1\s+Thread 1 "cpu0" \(cpu0 svc running\)/);
      assert.match(out, /d1: 2\.500000/);
      // The watchpoint: gdb set it as a hardware one, saw the old and new value, and stopped after the store.
      const sp = Number(/^sp\s+(0x[0-9a-f]+)/m.exec(out)![1]);
      assert.match(out, new RegExp(`Hardware watchpoint 2: \\*\\(int \\*\\)${hex(sp - 32)}`));
      assert.match(out, /Old value = 0\s+New value = 3/);
      assert.match(out, new RegExp(`pc after watch: ${hex(strAt + 4)}`));
      assert.match(out, /\[Inferior 1 \(Remote target\) exited normally\]/);
      assert.equal(rc, 0, out);
      assert.equal(await withTimeout(run.exited, 10_000, 'run exit'), 0);
      assert.match(run.stdout(), /Goodbye \(exit 0 through HLT 0xF000\)/);
    } finally {
      run.child.kill();
    }
  });
