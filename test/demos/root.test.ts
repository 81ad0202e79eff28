// The demo root program (inmates/root/, root-BOARD.elf): on its own, against
// what QEMU 7.2 printed for the same ELF, and with the hypervisor enabled
// beneath it while a cell takes CPU 1 away and gives it back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSession } from '../../src/boards/session.js';
import { BOARDS, CELL, DemoSystem, PARAMS_OFFSET, REPO, heartbeatNumbers, rootElf, upTo, type BoardName } from './harness.js';

const recorded = (name: string): string => readFileSync(`${REPO}inmates/root/expected/${name}`, 'latin1');
const FREQ: Record<BoardName, number> = { bananapi: 24_000_000, 'qemu-arm': 62_500_000 };
/** root_params.iterations: the parameter block at 0x20 of the image, loaded at 0x40000000. */
const ROOT_ITERATIONS = 0x40000000 + PARAMS_OFFSET + 8;

/** The root program without a hypervisor: UART bytes (raw) after `ns` of virtual time. */
function rootAlone(board: BoardName, mode: 'hyp' | 'svc', ns: number, iterations = 0): { raw: string; stop: string | null } {
  let raw = '';
  const s = startSession(rootElf(board), null, {
    board, cpus: 2, bootMode: mode, onOutput: (b) => { raw += Buffer.from(b).toString('latin1'); },
  });
  const m = s.board.machine;
  if (iterations) m.bus.write(ROOT_ITERATIONS, 4, iterations);
  const r = m.run({ untilCycles: m.cyclesFromNs(ns) });
  return { raw, stop: r === 'time' ? null : r };
}

for (const board of BOARDS) {
  test(`root-${board}: banner, CPU 1 started, a heartbeat every virtual second`, () => {
    const { raw, stop } = rootAlone(board, 'hyp', 3.5e9);
    assert.equal(stop, null, 'still running');
    const banner = [
      `root: demo root cell on ${board}, entered in Hyp mode`,
      'root: CPU 1 online',
      `root: 2 CPU(s) online, counter ${FREQ[board]} Hz, heartbeat every 1000000 us`,
      '[    1.000000] root: heartbeat 1',
      '[    2.000000] root: heartbeat 2',
      '[    3.000000] root: heartbeat 3',
    ].join('\r\n') + '\r\n';
    assert.equal(raw, banner);
    if (board === 'qemu-arm') assert.equal(raw, recorded('root-qemu-arm.out'), 'the bytes QEMU printed');
  });

  test(`root-${board}: entered in SVC mode it uses PSCI through HVC; iterations powers off`, () => {
    const { raw, stop } = rootAlone(board, 'svc', 10e9, 2);
    assert.equal(stop, 'poweroff');
    assert.match(raw, /^root: demo root cell on [a-z-]+, entered in SVC mode\r\nroot: CPU 1 online\r\n/);
    assert.match(raw, /\[ {4}2\.000000\] root: heartbeat 2\r\nroot: 2 heartbeats, powering off\r\n$/);
    if (board === 'qemu-arm') {
      assert.equal(raw.slice(0, raw.indexOf('root: 2 heartbeats')), recorded('root-qemu-arm-svc.out').split('[    3.')[0]);
    }
  });

  test(`root-${board}: heartbeats go on while the hypervisor takes CPU 1 for a cell and gives it back`, () => {
    // The same program without any of this, for comparison.
    const alone = rootAlone(board, 'hyp', 4.5e9).raw.replace(/\r/g, '');
    const s = new DemoSystem(board);
    s.run(0.5e9);
    s.enable();
    assert.equal(s.driver.hv!.cells[0].cpus.join(), '0,1');
    s.run(0.5e9);
    const id = s.startDemo('hello', { iterations: 1 });
    assert.deepEqual(s.driver.hv!.root.cpus, [0], 'CPU 1 left the root cell');
    s.run(1e9);
    assert.equal(s.driver.cellState(id), CELL.SHUT_DOWN, 'hello stopped by itself');
    s.driver.destroyCell(id);
    assert.deepEqual(s.driver.hv!.root.cpus, [0, 1], 'CPU 1 is back');
    s.run(1e9);
    s.driver.disable();
    assert.equal(s.driver.hv!.enabled, false);
    s.run(1.5e9);
    assert.deepEqual(s.heartbeats(), upTo(4));
    assert.deepEqual(s.heartbeats(), s.expectedHeartbeats(1e6));
    assert.equal(s.root, alone, 'exactly what it prints without a hypervisor');
    assert.equal(heartbeatNumbers(alone).length, 4);
    assert.match(s.hv, /Shutting down hypervisor\n/);
  });
}
