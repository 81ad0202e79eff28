// Demo cells whose console says it all: hello, rtos-demo and uart-echo, each
// created from configs/demos/BOARD-DEMO.cell beside the root program on both
// boards. The Banana Pi's cells print on UART7; qemu-arm's through the
// hypervisor's debug console (their configs set virtual_console_active).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STAT_VMEXITS_VIRQ } from '../../src/hypervisor/abi.js';
import { BOARDS, CELL, DemoSystem, REPO, type BoardName } from './harness.js';

const PRINTK = 'printk: [   42] [42   ] [-0042] [+7] [beef] [0XBEEF] [10] [18446744073709551615] [-9000000000] [z] [abc] [   right] [l   ] [%]';
/** What the comm region tells each board's cells (platform_info of configs/BOARD.yaml, the cell's console). */
const COMM: Record<BoardName, { console: string; flags: string; commConsole: string; gic: string; pci: string }> = {
  bananapi: {
    console: '8250 at 0x01c29c00', flags: '0x0', commConsole: 'type 2 flags 0x3 address 0x01c29c00',
    gic: 'GICD 0x01c81000 GICC 0x01c82000', pci: '0x02000000',
  },
  'qemu-arm': {
    console: 'hypercall at 0x09000000', flags: '0x3', commConsole: 'type 0 flags 0x0 address 0x00000000',
    gic: 'GICD 0x08000000 GICC 0x08010000', pci: '0x00000000',
  },
};

function helloText(board: BoardName, iterations: number): string {
  const c = COMM[board];
  return [
    `hello from an inmate on ${board} (cell build)`,
    `console: ${c.console}`,
    'CPU: MPIDR 0x80000000, mode 0x13',
    `comm region: JHCOMM revision 2, state running, flags ${c.flags}`,
    `comm console: ${c.commConsole}`,
    `GIC v2: ${c.gic}, vPCI IRQ base 0, PCI config ${c.pci}`,
    `params: iterations ${iterations} select 0 period 0 us console 0 arg 0x0`,
    PRINTK,
    'hello: done',
    '',
  ].join('\n');
}

/** The comm region's PCI config field (pci_mmconfig_base) is checked on its own, below. */
const withoutPci = (s: string): string => s.replace(/PCI config 0x[0-9a-f]{8}/, 'PCI config *');

/** Boots the root program with a short heartbeat, enables the hypervisor, starts a demo cell. */
function demoSystem(board: BoardName, heartbeatUs: number): DemoSystem {
  const s = new DemoSystem(board, { root: { periodUs: heartbeatUs } });
  s.run(1.5e6);
  s.enable();
  return s;
}

for (const board of BOARDS) {
  test(`hello-${board}: the cell's report, then it stops itself and says so in the comm region`, () => {
    const s = demoSystem(board, 2000);
    const id = s.startDemo('hello', { iterations: 2 });
    s.run(13e6);
    assert.equal(withoutPci(s.cellOutput('hello')), withoutPci(helloText(board, 2)));
    if (board === 'bananapi') assert.match(s.uart7Raw, /^hello from an inmate on bananapi \(cell build\)\r\n/, 'CR LF on the UART');
    else {
      assert.match(s.hvRaw, /\nhello from an inmate on qemu-arm \(cell build\)\r\n/, 'the hypervisor console adds the CR');
      assert.equal(s.uart7, '', 'nothing on other UARTs');
    }
    assert.equal(s.driver.cellState(id), CELL.SHUT_DOWN, 'the cell wrote SHUT_DOWN into its comm region');
    assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(2000), 'the root kept its heartbeat');
    assert.doesNotMatch(s.root, /unexpected|FATAL/);
  });

  test(`hello-${board}: the comm region carries the system's pci_mmconfig_base (PCI config ${COMM[board].pci})`, () => {
    const s = demoSystem(board, 2000);
    s.startDemo('hello', { iterations: 1 });
    s.run(10e6);
    assert.match(s.cellOutput('hello'), new RegExp(`, PCI config ${COMM[board].pci}\n`));
  });

  test(`hello-${board}: destroying the running cell asks it first; it approves and CPU 1 returns to the root`, () => {
    const s = demoSystem(board, 2000);
    const id = s.startDemo('hello');
    s.run(8e6);
    assert.equal(s.driver.cellState(id), CELL.RUNNING);
    assert.doesNotMatch(s.cellOutput('hello'), /hello: (done|shutdown)/, 'polling until shut down');
    s.driver.destroyCell(id);
    // The hypervisor acts on the approval at once, as Jailhouse does: what the
    // inmate prints after its reply may be cut short.
    const after = (s.cellOutput('hello').split(`${PRINTK}\n`)[1] ?? '').replace(/Closing cell[^]*$/, '');
    assert.ok(after.length > 0 && 'hello: shutdown requested, approved\n'.startsWith(after), JSON.stringify(after));
    assert.match(s.hv, /Closing cell "hello"\n/);
    assert.deepEqual(s.driver.hv!.root.cpus, [0, 1]);
    s.runUntil(30.5e6);
    assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(2000));
  });

  test(`rtos-demo-${board}: the task trace QEMU recorded for the native build, then the cell stops`, () => {
    const s = demoSystem(board, 100_000);
    const id = s.startDemo('rtos-demo', { iterations: 40 });
    s.run(0.5e9);
    const expected = readFileSync(`${REPO}inmates/expected/rtos-demo-qemu-arm.out`, 'latin1').replace(/\r/g, '');
    assert.equal(s.cellOutput('rtos-demo'), expected);
    assert.equal(s.driver.cellState(id), CELL.SHUT_DOWN);
    assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(100_000));
    // The same trace on every run.
    const again = demoSystem(board, 100_000);
    again.startDemo('rtos-demo', { iterations: 40 });
    again.run(0.5e9);
    assert.equal(again.cellOutput('rtos-demo'), expected);
  });
}

const BANNER_8250 = 'uart-echo: 8250 UART at 0x01c29c00, receive interrupt; Ctrl-D ends\r\n';

test('uart-echo-bananapi: input on UART7 comes back through the receive interrupt (SPI 52)', () => {
  const s = demoSystem('bananapi', 2000);
  const id = s.startDemo('uart-echo');
  s.run(1e6);
  assert.equal(s.uart7Raw, BANNER_8250);
  s.board.uarts.get('uart7')!.input(Buffer.from('hello\rworld\r'));
  s.run(2e6);
  assert.equal(s.uart7Raw, BANNER_8250 + 'hello\r\nworld\r\n');
  assert.ok(s.driver.cpuStats(1)[STAT_VMEXITS_VIRQ] >= 1, 'the interrupt reached the cell through the hypervisor (VIRQ exits)');
  assert.equal(s.driver.cellState(id), CELL.RUNNING);
  assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(2000));
  assert.doesNotMatch(s.root, /unexpected/, 'SPI 52 went to the cell only');
});

test('uart-echo-bananapi: Ctrl-D ends the echo with a summary and the cell stops', () => {
  const s = demoSystem('bananapi', 2000);
  const id = s.startDemo('uart-echo');
  s.run(1e6);
  s.board.uarts.get('uart7')!.input(Buffer.from('hello\rworld\r\x04'));
  s.run(2e6);
  assert.equal(s.uart7Raw, BANNER_8250 + 'hello\r\nworld\r\n\r\nuart-echo: 12 characters echoed\r\n');
  assert.equal(s.driver.cellState(id), CELL.SHUT_DOWN);
});

test('uart-echo-qemu-arm: the cell prints through the hypervisor and has no UART to read', () => {
  const s = demoSystem('qemu-arm', 2000);
  const id = s.startDemo('uart-echo');
  s.run(3e6);
  assert.equal(s.cellOutput('uart-echo'), "uart-echo: the console is the hypervisor's, no UART to read; idle\n");
  assert.equal(s.driver.cellState(id), CELL.RUNNING);
  s.driver.destroyCell(id);
  assert.match(s.hv, /Closing cell "uart-echo"\n/, 'a passive comm region: destroyed without asking');
  s.run(2e6);
  assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(2000));
});
