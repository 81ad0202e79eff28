// The debug target on the machine, without a socket: breakpoints (ARM and
// Thumb), watchpoints, stepping within the schedule, and determinism: a run
// with stops, steps and watchpoints ends in exactly the state of a run without.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSession } from '../../src/boards/session.js';
import { DebugTarget, type EndEvent, type StopEvent } from '../../src/gdb/target.js';
import type { Machine } from '../../src/machine/machine.js';
import { PagePool, Stage2Tables } from '../../src/hypervisor/paging.js';
import { elfSymbols, guest } from './helpers.js';

/**
 * Both cores: r0 = CPU number; loop { counter += r0 + 1 (plain load/store);
 * slot[r0] = r2++; LDREX/STREX increment of a shared word }.
 * counter at 0x40001000, slots at 0x40001004, the exclusive word at 0x40001010.
 */
const SHARED_LOOP = [
  0xee100fb0, 0xe2000003, 0xe3011000, 0xe3441000, 0xe2817010, 0xe3a02000, // 00: mrc mpidr; and; movw/movt r1; add r7; mov r2
  0xe5913000, 0xe0833000, 0xe2833001, 0xe5813000, // 18 loop: ldr r3,[r1]; add r3,r0; add r3,#1; str r3,[r1]
  0xe0814100, 0xe5842004, 0xe2822001, //             28: add r4,r1,r0,lsl#2; str r2,[r4,#4]; add r2,#1
  0xe1975f9f, 0xe2855001, 0xe1876f95, 0xe3560000, 0x1afffffa, 0xeafffff2, // 34 retry: ldrex; add; strex r6; cmp; bne retry; b loop
];
const BASE = 0x40000000;
const LOOP = BASE + 0x18, STR_COUNTER = BASE + 0x24, STR_SLOT = BASE + 0x2c, STREX = BASE + 0x3c;
const COUNTER = 0x40001000, EXCL = 0x40001010;
/** Small enough that the whole run is debugged, including the last rounds that the budget shortens. */
const BUDGET = 20_000;

function sharedLoop(quantum?: number): Machine {
  const image = new Uint8Array(Uint32Array.from(SHARED_LOOP).buffer);
  const s = startSession('shared-loop.bin', image, { board: 'qemu-arm', cpus: 2, loadAddr: BASE });
  const m = s.board.machine;
  if (quantum !== undefined) (m as { quantum: number }).quantum = quantum;
  m.cores[1].off = false; // both cores start at the entry
  return m;
}

function state(m: Machine): unknown {
  const ram = m.bus.rams[0];
  return {
    shared: Array.from(ram.u32.subarray((COUNTER - ram.base) >>> 2, ((COUNTER - ram.base) >>> 2) + 5)),
    cores: m.cores.map((c) => ({ r: Array.from(c.R.subarray(0, 15)), pc: c.pc, cpsr: c.cpsr, cycles: c.cycles, excl: c.exclAddr })),
    now: m.now,
    instructions: m.instructions,
  };
}

/** Runs until the next stop or end. */
function runToStop(t: DebugTarget, step = -1): StopEvent | EndEvent {
  t.resume(step);
  for (let i = 0; i < 100_000; i++) {
    const ev = t.runSome(50);
    if (ev !== null) return ev;
  }
  throw new Error('no stop');
}

test('a debugged run of two cores sharing memory ends exactly as an undebugged one', () => {
  const plain = sharedLoop();
  assert.equal(plain.run({ maxInsns: BUDGET }), 'budget');
  const expected = state(plain);

  const m = sharedLoop();
  const t = new DebugTarget(m, { maxInsns: BUDGET });
  t.attach();
  let stops = 0, watchStops = 0, breakStops = 0, steps = 0;
  let ev: StopEvent | EndEvent = t.lastStop;
  for (let round = 0; ev.kind !== 'budget' && stops < 20_000; round++) {
    assert.notEqual(ev.kind, 'end');
    stops++;
    const phase = round % 12;
    // A changing mix of breakpoints, watchpoints (one on the STREX target) and steps of either core.
    // Something to stop at is always set, so that a continue stops soon.
    if (phase === 0) { t.removeBreakpoint(false, STREX); t.insertBreakpoint(false, LOOP); }
    if (phase === 2) { t.removeBreakpoint(false, LOOP); t.insertBreakpoint(true, STR_SLOT); }
    if (phase === 4) { t.removeBreakpoint(true, STR_SLOT); t.insertWatchpoint(2, COUNTER, 4); }
    if (phase === 6) { t.removeWatchpoint(2, COUNTER, 4); t.insertWatchpoint(2, EXCL, 4); }
    if (phase === 9) { t.removeWatchpoint(2, EXCL, 4); t.insertWatchpoint(4, COUNTER + 4, 8); }
    if (phase === 11) { t.removeWatchpoint(4, COUNTER + 4, 8); t.insertBreakpoint(false, STREX); }
    const step = phase === 1 || phase === 5 || phase === 10 ? 0 : phase === 3 || phase === 8 ? 1 : -1;
    if (step >= 0) {
      const before = m.cores[step].cycles - m.cores[step].idleCycles;
      ev = runToStop(t, step);
      if (ev.kind === 'step') {
        steps++;
        assert.equal(ev.core, step);
        assert.equal(m.cores[step].cycles - m.cores[step].idleCycles, before + 1, 'exactly one instruction');
      }
    } else ev = runToStop(t);
    if (ev.kind === 'watchpoint') watchStops++;
    if (ev.kind === 'breakpoint') breakStops++;
  }
  t.detach(); // and run to the end of the budget without the debugger
  if (ev.kind !== 'budget') ev = runToStop(t);
  assert.equal(ev.kind, 'budget');
  assert.ok(breakStops > 100 && watchStops > 100 && steps > 100,
    `${breakStops} breakpoint, ${watchStops} watchpoint stops, ${steps} steps`);
  assert.deepEqual(state(m), expected);
});

test('a breakpoint stops before its instruction, on whichever core reaches it, also in code already decoded', () => {
  const m = sharedLoop();
  const t = new DebugTarget(m);
  t.attach();
  let ev = runToStop(t, 0);
  assert.equal(ev.kind, 'step');
  t.resume(-1);
  assert.equal(t.runSome(3), null); // the loop's ops are in the decode cache now
  t.insertBreakpoint(false, STR_COUNTER);
  const seen = new Set<number>();
  for (let i = 0; i < 400 && seen.size < 2; i++) {
    ev = runToStop(t);
    assert.equal(ev.kind, 'breakpoint');
    const c = m.cores[ev.core];
    assert.equal(c.pc, STR_COUNTER, 'pc is the breakpoint: the str has not run');
    const ram = m.bus.rams[0];
    assert.notEqual(ram.u32[(COUNTER - ram.base) >>> 2], c.R[3], 'the counter is not yet stored');
    seen.add(ev.core);
  }
  assert.deepEqual([...seen].sort(), [0, 1], 'both cores hit it');
  t.removeBreakpoint(false, STR_COUNTER);
  const c0 = m.cores[0].cycles;
  t.insertBreakpoint(false, STREX);
  t.removeBreakpoint(false, STREX);
  ev = runToStop(t, 0);
  assert.equal(ev.kind, 'step');
  assert.equal(m.cores[0].cycles, c0 + 1);
});

test('a step runs only the stepped core within its turn; past its turn the cores scheduled before it run first', () => {
  const m = sharedLoop(100);
  const t = new DebugTarget(m);
  t.attach();
  t.insertBreakpoint(false, LOOP);
  let ev = runToStop(t);
  assert.deepEqual([ev.kind, ev.kind !== 'end' && ev.core], ['breakpoint', 0]);
  t.removeBreakpoint(false, LOOP);
  const [a, b] = m.cores;
  const a0 = a.cycles, b0 = b.cycles;
  ev = runToStop(t, 0);
  assert.equal(ev.kind, 'step');
  assert.deepEqual([a.cycles, b.cycles], [a0 + 1, b0], 'only cpu0 ran, one instruction');
  // cpu1 has not had its turn in this round: cpu0 finishes its turn first, then cpu1 steps.
  ev = runToStop(t, 1);
  assert.deepEqual([ev.kind, ev.kind !== 'end' && ev.core], ['step', 1]);
  assert.equal(a.cycles % 100, 0, 'cpu0 ran to the end of its turn');
  assert.equal(b.cycles, b0 + 1);
  // Step cpu1 to the end of its turn, then once more: cpu0 runs its next turn first.
  while (b.cycles < a.cycles) runToStop(t, 1);
  const aBefore = a.cycles;
  runToStop(t, 1);
  assert.equal(a.cycles, aBefore + 100);
  assert.equal(b.cycles, aBefore + 1);
});

test('a watchpoint stops before the access with the instruction not yet done; read, write and access kinds', () => {
  const m = sharedLoop();
  m.cores[1].off = true;
  const t = new DebugTarget(m);
  t.attach();
  const c = m.cores[0];
  t.insertWatchpoint(2, COUNTER, 4);
  let ev = runToStop(t);
  assert.equal(ev.kind, 'watchpoint');
  assert.deepEqual(ev.kind === 'watchpoint' && ev.watch, { kind: 'watch', addr: COUNTER });
  assert.equal(c.pc, STR_COUNTER, 'stopped at the str');
  const ram = m.bus.rams[0];
  const idx = (COUNTER - ram.base) >>> 2;
  assert.equal(ram.u32[idx], 0, 'not stored yet');
  ev = runToStop(t, 0); // the step executes the store (the watchpoint is not reported again)
  assert.equal(ev.kind, 'step');
  assert.equal(ram.u32[idx], 1);
  t.removeWatchpoint(2, COUNTER, 4);
  t.insertWatchpoint(3, COUNTER, 1); // read of the first byte: the ldr of the next iteration
  ev = runToStop(t);
  assert.deepEqual(ev.kind === 'watchpoint' && ev.watch, { kind: 'rwatch', addr: COUNTER });
  assert.equal(c.pc, LOOP);
  t.removeWatchpoint(3, COUNTER, 1);
  t.insertWatchpoint(4, COUNTER + 6, 2); // inside slot[0] (written at 0x2c): an access watchpoint at its upper half
  ev = runToStop(t);
  assert.deepEqual(ev.kind === 'watchpoint' && ev.watch, { kind: 'awatch', addr: COUNTER + 6 });
  assert.equal(c.pc, STR_SLOT);
  assert.equal(t.removeWatchpoint(4, COUNTER + 6, 4), false, 'removal needs the same length');
  assert.equal(t.removeWatchpoint(4, COUNTER + 6, 2), true);
  t.insertWatchpoint(2, 0x40002000, 4); // never written
  t.insertBreakpoint(false, STREX);
  ev = runToStop(t);
  assert.equal(ev.kind, 'breakpoint');
});

test('Thumb: a breakpoint at a Thumb function stops there in Thumb state, and a step advances by its encoding', () => {
  const elf = guest('hello-thumb.elf');
  const main = elfSymbols(elf).get('main')!;
  assert.equal(main & 1, 1, 'main is Thumb code');
  const s = startSession(elf, null, { board: 'qemu-arm', semihosting: true, onOutput: () => {} });
  const m = s.board.machine;
  const t = new DebugTarget(m);
  t.attach();
  t.insertBreakpoint(false, main & ~1);
  let ev = runToStop(t);
  assert.equal(ev.kind, 'breakpoint');
  const c = m.cores[0];
  assert.equal(c.pc, main & ~1);
  assert.ok(c.thumb);
  const mem = t.readMemory(c, main & ~1, 4)!;
  const hw1 = mem[0] | (mem[1] << 8);
  const size = (hw1 & 0xf800) >= 0xe800 ? 4 : 2;
  ev = runToStop(t, 0);
  assert.equal(ev.kind, 'step');
  assert.equal(c.pc, (main & ~1) + size);
  t.removeBreakpoint(false, main & ~1);
  ev = runToStop(t);
  assert.deepEqual(ev, { kind: 'end', reason: 'exit', exitCode: 0 });
});

test('memory goes through the CPU\'s stage 1 and stage 2 translation, and a failed translation records no fault', () => {
  const s = startSession(guest('hello.elf'), null, { board: 'qemu-arm', semihosting: true });
  const m = s.board.machine;
  const c = m.cores[0];
  const t = new DebugTarget(m);
  t.attach();
  const bus = m.bus;
  for (let i = 0; i < 16; i++) bus.write(0x40200000 + 4 * i, 4, 0xa0000000 + i);
  // Stage 1 (short descriptors): a 1 MiB section VA 0x90000000 -> IPA 0x80000000; the table at 0x40004000.
  const l1 = 0x40004000;
  bus.write(l1 + (0x900 << 2), 4, 0x80000000 | (3 << 10) | 2);
  c.cp15Write(0, 2, 0, 0, l1); // TTBR0
  c.cp15Write(0, 3, 0, 0, 1); // DACR: domain 0 client
  c.cp15Write(0, 1, 0, 0, c.cp15.sctlr | 1); // SCTLR.M
  assert.equal(t.readMemory(c, 0x90000000, 4), null, 'IPA 0x80000000 has no RAM without stage 2');
  // Stage 2: IPA 0x80000000 -> PA 0x40200000, and the first 2 MiB (the stage 1 table) identity-mapped.
  const pool = new PagePool(bus, 0x40400000, 0x10000);
  const s2 = new Stage2Tables(bus, pool);
  const rw = { read: true, write: true, exec: true, device: false };
  s2.map(0x80000000, 0x40200000, 0x200000, rw);
  s2.map(0x40000000, 0x40000000, 0x200000, rw);
  c.cp15.vtcr = 0x80000040; // T0SZ 0, SL0 1: 4 GiB IPA space from level 1
  c.cp15.vttbr[0] = s2.root; c.cp15.vttbr[1] = 0;
  c.cp15.hcr = 1; // HCR.VM (written as the hypervisor would, from Hyp mode)
  c.translationChanged();
  const dfsr = c.cp15.dfsrB.slice(), dfar = c.cp15.dfarB.slice();
  assert.deepEqual([...t.readMemory(c, 0x90000008, 8)!], [2, 0, 0, 0xa0, 3, 0, 0, 0xa0], 'VA -> IPA -> PA');
  assert.equal(t.readMemory(c, 0x90100000, 4), null, 'no stage 1 mapping');
  assert.ok(t.writeMemory(c, 0x90000000, Uint8Array.of(1, 2, 3, 4)));
  assert.equal(bus.read(0x40200000, 4), 0x04030201);
  assert.equal(t.writeMemory(c, 0x900ffffe, Uint8Array.of(1, 2, 3, 4)), false, 'partly unmapped: nothing written');
  assert.deepEqual([c.cp15.dfsrB.slice(), c.cp15.dfarB.slice()], [dfsr, dfar], 'no fault was recorded');
  assert.equal(c.mode, 0x13, 'no exception was taken');
});
