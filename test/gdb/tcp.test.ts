// `jailhouse-ts run --gdb` over TCP, driven by a raw remote-protocol client:
// breakpoint at a symbol, registers and memory, single step, watchpoint,
// Ctrl-C, detach, kill, and the run's end reported to the debugger.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { elfBytes, elfSymbols, fromHexLE32, guest, hexLE32, RspClient, startRun, withTimeout } from './helpers.js';

const T = { timeout: 30_000 };

/** A raw binary from words, in a fresh temporary directory. */
function rawImage(name: string, words: number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jhts-gdb-'));
  const path = join(dir, name);
  const b = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => b.writeUInt32LE(w >>> 0, i * 4));
  writeFileSync(path, b);
  return path;
}

test('hello.elf under a raw RSP client: break at main, registers, memory, step, watchpoint, run to the end', T, async () => {
  const elf = guest('hello.elf');
  const main = elfSymbols(elf).get('main')!;
  const run = await startRun(['--board', 'qemu-arm', '--semihosting', elf]);
  const gdb = await RspClient.connect(run.port);
  try {
    // Handshake as gdb does it: acks until no-ack mode is agreed.
    const sup = await gdb.command('qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;xmlRegisters=arm');
    assert.match(sup, /PacketSize=4000/);
    assert.match(sup, /qXfer:features:read\+/);
    assert.ok(gdb.acks >= 1, 'the stub acked');
    assert.equal(await gdb.command('QStartNoAckMode'), 'OK');
    gdb.noAck = true;
    assert.match(await gdb.command('qXfer:features:read:target.xml:0,ffb'), /^[ml]<\?xml/);
    assert.equal(await gdb.command('?'), 'T05thread:1;core:0;');
    assert.equal(await gdb.command('qfThreadInfo'), 'm1');
    assert.equal(await gdb.command('qAttached'), '1');
    const entry = fromHexLE32(await gdb.command('pf'));
    assert.equal(entry, 0x40000000, 'stopped at the entry point before anything ran');

    // Breakpoint at main.
    assert.equal(await gdb.command(`Z0,${main.toString(16)},4`), 'OK');
    assert.equal(await gdb.command('vCont?'), 'vCont;c;C;s;S');
    assert.equal(await gdb.command('vCont;c'), 'T05thread:1;core:0;');
    const regs = await gdb.command('g');
    assert.equal(regs.length, 2 * (17 * 4 + 32 * 8 + 4));
    assert.equal(fromHexLE32(regs.slice(15 * 8, 16 * 8)), main, 'pc is main');
    const cpsr = fromHexLE32(regs.slice(16 * 8, 17 * 8));
    assert.equal(cpsr & 0x1f, 0x13, 'SVC mode');
    assert.equal(cpsr & 0x20, 0, 'ARM state');
    const sp = fromHexLE32(regs.slice(13 * 8, 14 * 8));
    const lr = fromHexLE32(await gdb.command('pe'));
    assert.ok(lr > 0x40000000 && lr < main, 'lr is in the start-up code that called main');
    assert.equal(await gdb.command(`m${main.toString(16)},8`), elfBytes(elf, main, 8).toString('hex'), 'main\'s code');

    // One instruction: main+4, nothing else moved.
    assert.equal(await gdb.command('vCont;s:1'), 'T05thread:1;core:0;');
    assert.equal(fromHexLE32(await gdb.command('pf')), main + 4);
    assert.equal(fromHexLE32(await gdb.command('pd')), sp, 'the first instruction (movw r0) leaves sp alone');
    assert.equal(await gdb.command(`z0,${main.toString(16)},4`), 'OK');

    // main's prologue pushes 12 bytes and reserves 28: open_args[3] sits at sp-40, its last word at sp-32 (= 3).
    const slot = sp - 32;
    assert.equal(await gdb.command(`m${slot.toString(16)},4`), '00000000');
    assert.equal(await gdb.command(`Z2,${slot.toString(16)},4`), 'OK');
    const stop = await gdb.command('vCont;c');
    assert.equal(stop, `T05watch:${slot.toString(16)};thread:1;core:0;`);
    const pc = fromHexLE32(await gdb.command('pf'));
    assert.equal(await gdb.command(`m${slot.toString(16)},4`), '00000000', 'stopped before the store');
    // gdb's way on: remove the watchpoint, step over the store, look again.
    assert.equal(await gdb.command(`z2,${slot.toString(16)},4`), 'OK');
    assert.equal(await gdb.command('vCont;s:1;c'), 'T05thread:1;core:0;');
    assert.equal(fromHexLE32(await gdb.command('pf')), pc + 4);
    assert.equal(await gdb.command(`m${slot.toString(16)},4`), hexLE32(3));

    // Writing memory and a register through the stub, then to the end of the program.
    assert.equal(await gdb.command(`M${slot.toString(16)},4:${hexLE32(0x12345678)}`), 'OK');
    assert.equal(await gdb.command(`m${slot.toString(16)},4`), hexLE32(0x12345678));
    assert.equal(await gdb.command('vCont;c'), 'W00', 'the guest exited with 0');
    await gdb.waitClosed();
    assert.equal(await withTimeout(run.exited, 10_000, 'run exit'), 0);
    assert.match(run.stdout(), /Hello, world! \(PL011 UART\)\n[^]*Goodbye/);
  } finally {
    gdb.close();
    run.child.kill();
  }
});

test('Ctrl-C stops a running guest with SIGINT; a second debugger is refused; k ends the run (exit 137)', T, async () => {
  const loop = rawImage('loop.bin', [0xe2800001, 0xeafffffd]); // 1: add r0, r0, #1; b 1b
  const run = await startRun(['--board', 'qemu-arm', '--load-addr', '0x40000000', loop]);
  const gdb = await RspClient.connect(run.port);
  try {
    const other = connect(run.port, '127.0.0.1');
    await withTimeout(new Promise<void>((resolve) => { other.on('close', () => resolve()); other.on('error', () => resolve()); }),
      5000, 'second connection refused');
    gdb.send('c');
    await new Promise((r) => setTimeout(r, 200));
    gdb.socket.write(Buffer.of(0x03));
    assert.equal(await gdb.next(), 'T02thread:1;core:0;');
    const r0 = fromHexLE32(await gdb.command('p0'));
    assert.ok(r0 > 1000, `the loop ran (r0 = ${r0})`);
    const pc = fromHexLE32(await gdb.command('pf'));
    assert.ok(pc === 0x40000000 || pc === 0x40000004);
    gdb.send('k');
    assert.equal(await withTimeout(run.exited, 10_000, 'run exit'), 137);
  } finally {
    gdb.close();
    run.child.kill();
  }
});

test('an exhausted instruction budget stops with SIGXCPU; after detach the run ends with 124', T, async () => {
  const loop = rawImage('loop.bin', [0xe2800001, 0xeafffffd]);
  const run = await startRun(['--board', 'qemu-arm', '--max-insns', '5000', '--load-addr', '0x40000000', loop]);
  const gdb = await RspClient.connect(run.port);
  try {
    assert.equal(await gdb.command('c'), 'T18thread:1;core:0;');
    assert.equal(fromHexLE32(await gdb.command('p0')), 2500, 'half of the 5000 instructions were adds');
    assert.equal(await gdb.command('c'), 'T18thread:1;core:0;', 'it stays exhausted');
    assert.equal(await gdb.command('D'), 'OK');
    assert.equal(await withTimeout(run.exited, 10_000, 'run exit'), 124);
    assert.match(run.stderr(), /instruction budget of 5000 exhausted/);
  } finally {
    gdb.close();
    run.child.kill();
  }
});

test('threads for every CPU, a hardware breakpoint, and detach lets the run go on to its own exit code', T, async () => {
  // mov r0, #0x20; adr r1, blk; svc 0x123456; blk: .word 0x20026, 3 (SYS_EXIT_EXTENDED, code 3)
  const exit3 = rawImage('exit3.bin', [0xe3a00020, 0xe28f1000, 0xef123456, 0x00020026, 0x00000003]);
  const run = await startRun(['--board', 'qemu-arm', '--semihosting', '--cpus', '2', '--load-addr', '0x40000000', exit3]);
  const gdb = await RspClient.connect(run.port);
  try {
    assert.equal(await gdb.command('qfThreadInfo'), 'm1,2');
    assert.equal(await gdb.command('Hg2'), 'OK');
    assert.equal(await gdb.command('qThreadExtraInfo,2'), Buffer.from('cpu1 svc powered off').toString('hex'));
    assert.equal(await gdb.command('Hg1'), 'OK');
    assert.equal(await gdb.command('Z1,40000008,4'), 'OK', 'hardware breakpoint at the svc');
    assert.equal(await gdb.command('c'), 'T05thread:1;core:0;');
    assert.equal(fromHexLE32(await gdb.command('p0')), 0x20);
    assert.equal(await gdb.command('D'), 'OK');
    assert.equal(await withTimeout(run.exited, 10_000, 'run exit'), 3);
  } finally {
    gdb.close();
    run.child.kill();
  }
});
