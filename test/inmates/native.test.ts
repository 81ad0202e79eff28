// The native builds of the inmates (inmates/bin/DEMO-BOARD-native.elf) on
// the emulated boards, entered in Hyp mode as U-Boot does (and in SVC mode
// where that shows something). Where QEMU 7.2 ran the same ELF
// (inmates/expected/, `make -C inmates record`), the UART bytes must match.
// Demos needing the GIC or the generic timer wait until the board has them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INMATES, INMATE_BOARDS, cellImage, features, runNative, type InmateRun } from './harness.js';

const F = Object.fromEntries(INMATE_BOARDS.map((b) => [b, features(b)]));
const needs = (board: string, what: ('timer' | 'gic')[]): string | false => {
  const missing = what.filter((w) => !F[board][w]);
  return missing.length ? `needs ${missing.join(' and ')} on ${board}` : false;
};
// Hyp entry programs CNTVOFF/CNTHCTL: the timer's registers must exist.
const HYP: ('timer' | 'gic')[] = ['timer'];
const IRQ: ('timer' | 'gic')[] = ['timer', 'gic'];

const recorded = (name: string): string => readFileSync(join(INMATES, 'expected', name), 'latin1');
const lines = (r: InmateRun): string[] => r.output.split('\n').filter((l) => l !== '');

for (const board of INMATE_BOARDS) {
  const uart = board === 'bananapi' ? 'uart7' : 'uart0';

  test(`hello-${board}-native entered in SVC mode: console, comm region stand-in, printk`, () => {
    const r = runNative('hello', board, { bootMode: 'svc' });
    assert.equal(r.stopReason, 'poweroff', r.output);
    const gic = board === 'bananapi' ? 'GICD 0x01c81000 GICC 0x01c82000' : 'GICD 0x08000000 GICC 0x08010000';
    const con = board === 'bananapi' ? ['8250 at 0x01c29c00', 'type 2 flags 0x3 address 0x01c29c00'] : ['pl011 at 0x09000000', 'type 3 flags 0x1 address 0x09000000'];
    assert.deepEqual(lines(r), [
      `hello from an inmate on ${board} (native build)`,
      `console: ${con[0]}`,
      'CPU: MPIDR 0x80000000, mode 0x13',
      'comm region: JHCOMM revision 2, state running, flags 0x0',
      `comm console: ${con[1]}`,
      `GIC v2: ${gic}, vPCI IRQ base 0, PCI config 0x00000000`,
      'params: iterations 0 select 0 period 0 us console 0 arg 0x0',
      'printk: [   42] [42   ] [-0042] [+7] [beef] [0XBEEF] [10] [18446744073709551615] [-9000000000] [z] [abc] [   right] [l   ] [%]',
      'hello: done',
    ]);
    assert.deepEqual([...r.bySource.keys()], [uart], 'everything on the cell UART');
    assert.match(r.bySource.get(uart) ?? '', /\r\n$/, 'UART lines end in CR LF');
  });

  test(`hello-${board}-native entered in Hyp mode`, { skip: needs(board, HYP) }, () => {
    const r = runNative('hello', board);
    assert.equal(r.stopReason, 'poweroff', r.output);
    if (board === 'qemu-arm') assert.equal(r.bySource.get(uart), recorded('hello-qemu-arm.out'), 'same bytes as QEMU');
    else assert.match(r.output, /^console: 8250 at 0x01c29c00$/m);
  });

  test(`led-blink-${board}-native: ten toggles 500 ms apart from the timer interrupt`, { skip: needs(board, IRQ) }, () => {
    const r = runNative('led-blink', board);
    assert.equal(r.stopReason, 'poweroff', r.output);
    const toggles = lines(r).filter((l) => l.startsWith('led-blink: o'));
    assert.deepEqual(toggles, Array.from({ length: 10 }, (_, i) => `led-blink: ${i % 2 ? 'off' : 'on '} at ${(i + 1) * 500} ms`));
    if (board === 'qemu-arm') {
      assert.equal(r.bySource.get(uart), recorded('led-blink-qemu-arm.out'), 'same bytes as QEMU');
    } else {
      // Off at the start (no change reported), then on/off 10 times; the last is off.
      assert.equal(r.leds.length, 10, JSON.stringify(r.leds));
      r.leds.forEach((e, i) => assert.equal(e.on, i % 2 === 0, `LED event ${i}`));
      for (let i = 1; i < r.leds.length; i++) {
        const dt = r.leds[i].timeNs - r.leds[i - 1].timeNs;
        assert.ok(Math.abs(dt - 500e6) < 1e5, `LED events ${i - 1} and ${i} are ${dt} ns apart`);
      }
    }
  });

  test(`timer-latency-${board}-native: ten samples, small and deterministic latencies`, { skip: needs(board, IRQ) }, () => {
    const r = runNative('timer-latency', board);
    assert.equal(r.stopReason, 'poweroff', r.output);
    const samples = lines(r).filter((l) => /^timer-latency: +\d+ ns/.test(l));
    assert.equal(samples.length, 10, r.output);
    for (const s of samples) {
      const [cur, min, max] = [...s.matchAll(/(\d+) ns/g)].map((m) => Number(m[1]));
      assert.ok(min <= cur && cur <= max, s);
      assert.ok(cur < 100_000, `latency below 100 us in the emulator: ${s}`);
    }
    assert.match(r.output, /^timer-latency: 10 samples, min \d+ ns, avg \d+ ns, max \d+ ns$/m);
    assert.equal(runNative('timer-latency', board).output, r.output, 'the same output on every run');
  });

  test(`timer-latency-${board}-native: histogram mode and the physical timer`, { skip: needs(board, IRQ) }, () => {
    const r = runNative('timer-latency', board, { params: { select: 5, iterations: 10, arg: 1, periodUs: 10_000 } });
    assert.equal(r.stopReason, 'poweroff', r.output);
    assert.match(r.output, /physical timer \(IRQ 30\), period 10000 us/);
    assert.doesNotMatch(r.output, /^timer-latency: +\d+ ns/m, 'no per-period lines');
    const hists = [...r.output.matchAll(/histogram of (\d+) samples/g)].map((m) => Number(m[1]));
    assert.deepEqual(hists, [5, 10]);
    const last = r.output.slice(r.output.lastIndexOf('histogram of'));
    const counts = [...last.matchAll(/ns: (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(counts.reduce((a, b) => a + b, 0), 10, 'buckets add up to the samples');
  });

  test(`rtos-demo-${board}-native: the task trace QEMU recorded`, { skip: needs(board, IRQ) }, () => {
    const r = runNative('rtos-demo', board);
    assert.equal(r.stopReason, 'poweroff', r.output);
    assert.equal(r.bySource.get(uart), recorded('rtos-demo-qemu-arm.out'));
  });

  test(`cpuburn-${board}-native: work units per period, deterministic`, { skip: needs(board, HYP) }, () => {
    const params = { periodUs: 1000, iterations: 3 };
    const r = runNative('cpuburn', board, { params });
    assert.equal(r.stopReason, 'poweroff', r.output);
    const reports = [...r.output.matchAll(/^cpuburn: period (\d): (\d+) units \((\d+) per second\)/gm)];
    assert.deepEqual(reports.map((m) => Number(m[1])), [1, 2, 3]);
    for (const m of reports) {
      assert.ok(Number(m[2]) > 10, `some work done: ${m[0]}`);
      assert.equal(Number(m[3]), Number(m[2]) * 1000);
    }
    assert.equal(runNative('cpuburn', board, { params }).output, r.output, 'the same counts on every run');
  });

  test(`uart-echo-${board}-native: polling echoes the input until Ctrl-D`, () => {
    const r = runNative('uart-echo', board, { bootMode: 'svc', input: 'hello\rworld\r\x04', params: { select: 1 } });
    assert.equal(r.stopReason, 'poweroff', r.output);
    assert.match(r.output, /polling; Ctrl-D ends\nhello\nworld\n\nuart-echo: 12 characters echoed\n$/);
  });

  test(`uart-echo-${board}-native: receive interrupt`, { skip: needs(board, IRQ) }, () => {
    const r = runNative('uart-echo', board, { input: 'hello\rworld\r\x04' });
    assert.equal(r.stopReason, 'poweroff', r.output);
    if (board === 'qemu-arm') assert.equal(r.bySource.get(uart), recorded('uart-echo-qemu-arm.out'), 'same bytes as QEMU');
    else assert.match(r.output, /receive interrupt; Ctrl-D ends\nhello\nworld\n\nuart-echo: 12 characters echoed\n$/);
  });

  for (const mode of ['svc', 'hyp'] as const) {
    const skip = mode === 'hyp' && needs(board, HYP);
    test(`rogue-${board}-native (${mode} entry): without a hypervisor every attempt succeeds`, { skip }, () => {
      const menu = runNative('rogue', board, { bootMode: mode });
      assert.equal(menu.stopReason, 'poweroff');
      assert.equal(menu.output, recorded('rogue-qemu-arm.out').replace(/\r/g, ''));

      // Natively 0x40000000 is the image's own first word: the reset vector's branch.
      const first = readFileSync(cellImage('rogue', board)).readUInt32LE(0);
      const read = runNative('rogue', board, { bootMode: mode, params: { select: 1 } });
      assert.match(read.output, /attempt 1: read foreign RAM at 0x40000000\n/);
      assert.match(read.output, new RegExp(`rogue: read 0x${first.toString(16).padStart(8, '0')}\n`));
      assert.match(read.output, /still running after attempt 1 \(read-ram\), 0 data abort\(s\)/);

      const uartWrite = runNative('rogue', board, { bootMode: mode, params: { select: 2 } });
      if (board === 'bananapi') assert.equal(uartWrite.bySource.get('uart0'), '!', "'!' on the root cell's UART0");
      else assert.match(uartWrite.output, /\n!rogue: write done/);

      const smc = runNative('rogue', board, { bootMode: mode, params: { select: 5 } });
      assert.equal(smc.stopReason, 'poweroff', 'SYSTEM_OFF powered the board off');
      assert.doesNotMatch(smc.output, /SMC returned/);

      const hyp = runNative('rogue', board, { bootMode: mode, params: { select: 6 } });
      assert.match(hyp.output, /write 0xdeadbeef to hypervisor memory at 0x(7c000000|47c00000)\nrogue: wrote, read back 0xdeadbeef\n/);
    });
  }

  test(`rogue-${board}-native: GIC attempts succeed without a hypervisor`, { skip: needs(board, IRQ) }, () => {
    const irq = runNative('rogue', board, { params: { select: 3 } });
    assert.match(irq.output, /rogue: IRQ 33 is enabled\n/);
    const sgi = runNative('rogue', board, { params: { select: 4 } });
    assert.match(sgi.output, /send SGI 1 to all other CPUs \(GICD_SGIR target list filter 01\)\nrogue: SGI sent\n/);
  });

  test(`ivshmem-demo-${board}-native: no virtual PCI bus without the hypervisor`, () => {
    const r = runNative('ivshmem-demo', board, { bootMode: 'svc' });
    assert.equal(r.stopReason, 'poweroff');
    assert.match(r.output, /no virtual PCI bus in the comm region, nothing to do\n$/);
  });
}
