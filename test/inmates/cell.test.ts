// The cell images (inmates/bin/DEMO-BOARD.bin, linked at 0) in a cell-like
// machine without a hypervisor (harness.ts runFakeCell): RAM at guest-
// physical 0, the comm region at 0x80000000, entry at 0 in SVC mode, the
// debug-console hypercall answered by the host. This checks what the images
// expect of the hypervisor: console selection from the comm region, the
// message protocol, the cell state, the image parameters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMM, FOREVER, INMATE_BOARDS, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, features, runFakeCell } from './harness.js';

const CON_8250 = 2, CON_PL011 = 3, MMIO = 1, REGDIST_4 = 2;
const DBG_PUTC_PERMITTED = 1, DBG_PUTC_ACTIVE = 2;
const CELL_SHUT_DOWN = 2;
const MSG_SHUTDOWN_REQUEST = 1, MSG_RECONFIG_COMPLETED = 2, MSG_REQUEST_APPROVED = 3, MSG_RECEIVED = 4;

test('the debug-console hypercall when the comm region says DBG_PUTC_ACTIVE', () => {
  for (const board of INMATE_BOARDS) {
    const r = runFakeCell('hello', board, { commFlags: DBG_PUTC_PERMITTED | DBG_PUTC_ACTIVE, params: { iterations: 1 } });
    assert.equal(r.stopReason, 'halted', r.output);
    assert.deepEqual([...r.bySource.keys()], ['hypercall'], `${board}: nothing on the UARTs`);
    assert.ok(r.hypercalls.every((c) => c === JAILHOUSE_HC_DEBUG_CONSOLE_PUTC));
    assert.equal(r.bySource.get('hypercall'), r.output, 'no "\\r" added: the hypervisor console does that');
    assert.match(r.output, new RegExp(`^hello from an inmate on ${board} \\(cell build\\)\nconsole: hypercall`));
    assert.match(r.output, /comm region: JHCOMM revision 2, state running, flags 0x3\n/);
    assert.match(r.output, /params: iterations 1 select 0/);
    assert.match(r.output, /hello: done\n$/);
    assert.equal(r.comm(COMM.cellState), CELL_SHUT_DOWN, 'the cell says it has shut down when it stops');
  }
});

test("the comm region's UART: Banana Pi UART7 (8250, 4-byte registers), QEMU's PL011", () => {
  const bpi = runFakeCell('hello', 'bananapi', { commConsole: [CON_8250, MMIO | REGDIST_4, 0x01c29c00], params: { iterations: 1 } });
  assert.deepEqual([...bpi.bySource.keys()], ['uart7']);
  assert.match(bpi.output, /^console: 8250 at 0x01c29c00$/m);
  assert.match(bpi.bySource.get('uart7') ?? '', /^hello from an inmate on bananapi \(cell build\)\r\n/);
  const qemu = runFakeCell('hello', 'qemu-arm', { commConsole: [CON_PL011, MMIO, 0x09000000], params: { iterations: 1 } });
  assert.deepEqual([...qemu.bySource.keys()], ['uart0']);
  assert.match(qemu.output, /^console: pl011 at 0x09000000$/m);
});

test("without a comm region: the board's default console, and no state written", () => {
  const bpi = runFakeCell('hello', 'bananapi', { comm: false, params: { iterations: 1 } });
  assert.deepEqual([...bpi.bySource.keys()], ['uart7']);
  assert.match(bpi.output, /comm region: not found/);
  assert.equal(bpi.comm(COMM.signature), 0);
  const qemu = runFakeCell('hello', 'qemu-arm', { comm: false, params: { iterations: 1 } });
  assert.deepEqual([...qemu.bySource.keys()], ['hypercall'], 'qemu-arm cells print through the hypervisor by default');
});

test('the console parameter overrides the comm region', () => {
  const r = runFakeCell('hello', 'bananapi', {
    commConsole: [CON_8250, MMIO | REGDIST_4, 0x01c29c00], params: { iterations: 1, console: 0xffff },
  });
  assert.deepEqual([...r.bySource.keys()], ['hypercall']);
});

test('a shutdown request is approved; the cell then stops and says so', () => {
  const r = runFakeCell('hello', 'bananapi', {
    commConsole: [CON_8250, MMIO | REGDIST_4, 0x01c29c00], message: MSG_SHUTDOWN_REQUEST, params: { iterations: FOREVER },
  });
  assert.equal(r.stopReason, 'halted');
  assert.match(r.output, /hello: shutdown requested, approved\nhello: done\n$/);
  assert.equal(r.comm(COMM.replyFromCell), MSG_REQUEST_APPROVED);
  assert.equal(r.comm(COMM.msgToCell), 0, 'message cleared before the reply');
  assert.equal(r.comm(COMM.cellState), CELL_SHUT_DOWN);
});

test('RECONFIG_COMPLETED is acknowledged with RECEIVED', () => {
  const r = runFakeCell('hello', 'qemu-arm', { commFlags: DBG_PUTC_ACTIVE, message: MSG_RECONFIG_COMPLETED, params: { iterations: 3 } });
  assert.equal(r.comm(COMM.replyFromCell), MSG_RECEIVED);
  assert.equal(r.comm(COMM.msgToCell), 0);
});

test('a cell without an iteration count polls until it is shut down', () => {
  const r = runFakeCell('hello', 'qemu-arm', { commFlags: DBG_PUTC_ACTIVE, maxInsns: 3_000_000 });
  assert.equal(r.stopReason, 'budget');
  assert.doesNotMatch(r.output, /hello: done/);
  assert.equal(r.comm(COMM.cellState), 0, 'still running');
});

test('rogue in a cell: a data abort is reported and the access skipped', () => {
  // Nothing is mapped at the hypervisor's memory in this machine: the write
  // and the read back abort, as a stage-2 fault would if the hypervisor let
  // the cell see it (Jailhouse parks the CPU instead).
  const r = runFakeCell('rogue', 'bananapi', {
    commConsole: [CON_8250, MMIO | REGDIST_4, 0x01c29c00], params: { select: 6, iterations: FOREVER }, maxInsns: 2_000_000,
  });
  assert.match(r.output, /attempt 6: write 0xdeadbeef to hypervisor memory at 0x7c000000\n/);
  assert.match(r.output, /rogue: data abort at 0x[0-9a-f]{8}: DFSR 0x[0-9a-f]{8} DFAR 0x7c000000, skipping the access\n/);
  assert.match(r.output, /still running after attempt 6 \(write-hyp\), 2 data abort\(s\)\n/);
});

const F = Object.fromEntries(INMATE_BOARDS.map((b) => [b, features(b)]));

for (const board of INMATE_BOARDS) {
  const skip = !(F[board].gic && F[board].timer) && `needs the GIC and the generic timer on ${board}`;
  test(`timer-latency-${board}.bin in a cell-like machine`, { skip }, () => {
    const r = runFakeCell('timer-latency', board, {
      commFlags: DBG_PUTC_ACTIVE, params: { iterations: 3, periodUs: 1000 }, maxInsns: 50_000_000,
    });
    assert.match(r.output, /virtual timer \(IRQ 27\), period 1000 us/);
    assert.match(r.output, /timer-latency: 3 samples, min \d+ ns/, r.output);
  });
}
