// Tracing: the text and JSON formats of each event kind, and the events a
// running system produces (firmware and per-cell PSCI, hypercalls from the
// driver and from guests, trapped GICD and sub-page accesses, violations,
// interrupt injection through list registers and the maintenance interrupt),
// each with its CPU, cell and virtual time; and that a tracer taken away is
// never called again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CMD, LAYOUT, Rig, cellBytes, inmateConfig, inmateImage, systemBytes, systemConfig } from './harness.js';
import { firmwareOf } from '../../src/firmware/psci.js';
import {
  TRACE_KINDS, TraceWriter, ecName, formatJson, formatPlain, formatSeconds, machineContext, psciResultText,
  type IrqEvent, type MmioEvent, type PsciEvent, type TraceEvent, type Tracer,
} from '../../src/hypervisor/trace.js';

const base = { ns: 12_345_678, cpu: 1, cell: 'led-blink' };

test('text lines: time, CPU, cell, kind and the facts of each kind', () => {
  assert.equal(formatSeconds(0), '0.000000000');
  assert.equal(formatSeconds(12_000_000_001), '12.000000001');
  assert.equal(formatPlain({ ...base, kind: 'mmio', address: 0x01c20810, size: 4, write: true, value: 0x01000000, by: 'subpage' }),
    '[  0.012345678] cpu1 led-blink mmio write 0x01c20810 4 = 0x01000000 (subpage)');
  assert.equal(formatPlain({ ...base, ns: 123_000_000_000, kind: 'mmio', address: 0x01c81004, size: 1, write: false, value: 7, by: 'gicd' }),
    '[123.000000000] cpu1 led-blink mmio read 0x01c81004 1 = 0x07 (gicd)');
  assert.equal(formatPlain({ ...base, kind: 'mmio', address: 0x01c28000, size: 4, write: false, value: null, by: 'violation' }),
    '[  0.012345678] cpu1 led-blink mmio read 0x01c28000 4 (violation)');
  assert.equal(formatPlain({ ...base, cpu: 0, cell: 'Banana-Pi', kind: 'hypercall', code: 1, name: 'CELL_CREATE', args: [0x7bf70000, 0], result: -22, resumed: false }),
    '[  0.012345678] cpu0 Banana-Pi hypercall CELL_CREATE(0x7bf70000, 0x0) = -EINVAL');
  assert.equal(formatPlain({ ...base, kind: 'hypercall', code: 4, name: 'CELL_DESTROY', args: [1, 0], result: null, resumed: false }),
    '[  0.012345678] cpu1 led-blink hypercall CELL_DESTROY(0x1, 0x0) waits for the cell\'s reply');
  assert.equal(formatPlain({ ...base, kind: 'hypercall', code: 4, name: 'CELL_DESTROY', args: [1, 0], result: 0, resumed: true }),
    '[  0.012345678] cpu1 led-blink hypercall CELL_DESTROY(0x1, 0x0) = 0 (after the cell\'s reply)');
  assert.equal(formatPlain({ ...base, kind: 'trap', ec: 0x12, name: ecName(0x12), iss: 0x4a48, pc: 0x1234 }),
    '[  0.012345678] cpu1 led-blink trap HVC iss 0x0004a48 pc 0x00001234');
  assert.equal(formatPlain({ ...base, kind: 'irq', action: 'inject', irq: 27, toCpu: 1, toCell: 'led-blink', lr: 0 }),
    '[  0.012345678] cpu1 led-blink irq 27 inject -> led-blink cpu1 lr0');
  assert.equal(formatPlain({ ...base, kind: 'irq', action: 'queue', irq: 3, toCpu: 2, toCell: 'x', lr: null }),
    '[  0.012345678] cpu1 led-blink irq 3 queue -> x cpu2');
  assert.equal(formatPlain({ ...base, kind: 'irq', action: 'maintenance', irq: 25, toCpu: null, toCell: null, lr: null }),
    '[  0.012345678] cpu1 led-blink irq 25 maintenance');
  assert.equal(formatPlain({ ...base, cell: 'root', kind: 'psci', by: 'firmware', fn: 0x84000003, name: 'CPU_ON', args: [1, 0x40000040, 0], result: 0 }),
    '[  0.012345678] cpu1 root psci CPU_ON(0x1, 0x40000040, 0x0) = SUCCESS (firmware)');
  assert.equal(ecName(0x24), 'DABT_LOWER');
  assert.equal(ecName(0x3f), 'EC_0x3f');
  assert.equal(psciResultText(0x84000000, 0x10001), '1.1');
  assert.equal(psciResultText(0x84000000, 2), '0.2');
  assert.equal(psciResultText(0x84000004, 1), 'OFF');
  assert.equal(psciResultText(0xc4000003, -4), 'ALREADY_ON');
  assert.equal(psciResultText(0x84000003, -3), 'DENIED');
});

test('JSON lines: one object per event with the time in seconds and every fact', () => {
  const mmio = JSON.parse(formatJson({ ...base, kind: 'mmio', address: 0x01c20810, size: 4, write: true, value: 0x01000000, by: 'subpage' }));
  assert.deepEqual(mmio, { t: 0.012345678, cpu: 1, cell: 'led-blink', kind: 'mmio', access: 'write', address: '0x01c20810', size: 4, value: '0x01000000', by: 'subpage' });
  assert.match(formatJson({ ...base, kind: 'trap', ec: 0x13, name: 'SMC', iss: 0, pc: 0x40 }), /^\{"t":0\.012345678,"cpu":1,/);
  assert.deepEqual(JSON.parse(formatJson({ ...base, kind: 'hypercall', code: 1, name: 'CELL_CREATE', args: [0x1000, 0], result: -1, resumed: false })),
    { t: 0.012345678, cpu: 1, cell: 'led-blink', kind: 'hypercall', code: 1, name: 'CELL_CREATE', args: ['0x1000', '0x0'], result: -1, error: 'EPERM' });
  assert.deepEqual(JSON.parse(formatJson({ ...base, kind: 'hypercall', code: 4, name: 'CELL_DESTROY', args: [1, 0], result: null, resumed: false })).waiting, true);
  assert.deepEqual(JSON.parse(formatJson({ ...base, kind: 'irq', action: 'inject', irq: 27, toCpu: 1, toCell: 'c', lr: 2 })),
    { t: 0.012345678, cpu: 1, cell: 'led-blink', kind: 'irq', action: 'inject', irq: 27, toCpu: 1, toCell: 'c', lr: 2 });
  assert.deepEqual(JSON.parse(formatJson({ ...base, kind: 'psci', by: 'hypervisor', fn: 0x84000000, name: 'VERSION', args: [], result: 2 })),
    { t: 0.012345678, cpu: 1, cell: 'led-blink', kind: 'psci', by: 'hypervisor', fn: '0x84000000', name: 'VERSION', args: [], result: 2, text: '0.2' });
});

function traced(board: 'qemu-arm' | 'bananapi', cpus: number): { rig: Rig; events: TraceEvent[]; tracer: TraceWriter } {
  const rig = new Rig(board, cpus);
  const events: TraceEvent[] = [];
  const tracer = new TraceWriter(TRACE_KINDS, machineContext(rig.m, () => rig.driver.hv), (e) => events.push(e));
  firmwareOf(rig.m)!.tracer = tracer;
  rig.driver.tracer = tracer;
  return { rig, events, tracer };
}

function startInmate(rig: Rig, cpus: number[], p: Parameters<typeof inmateImage>[1]): number {
  const id = rig.driver.createCell(cellBytes(inmateConfig(rig.boardName, { cpus })));
  rig.driver.loadCell(id, [{ data: inmateImage(rig.boardName, p) }]);
  rig.driver.startCell(id);
  return id;
}

const psciOf = (events: TraceEvent[]): PsciEvent[] => events.filter((e): e is PsciEvent => e.kind === 'psci');

test('a partitioned system traces PSCI, hypercalls, GICD accesses and SGIs with CPU, cell and time', () => {
  const { rig, events } = traced('qemu-arm', 3);
  rig.runTicks(1);
  // Before the hypervisor: the firmware answers, and the cell is 'root'.
  assert.equal(rig.command(CMD.CPU_ON, 1), 0);
  rig.cpuOff(1);
  rig.command(CMD.GIC_INIT);
  assert.deepEqual(psciOf(events).map((e) => [e.cpu, e.cell, e.by, e.name, e.args[0], e.result]),
    [[0, 'root', 'firmware', 'CPU_ON', 1, 0], [1, 'root', 'firmware', 'CPU_OFF', undefined, 0]]);
  assert.equal(events.filter((e) => e.kind === 'mmio' || e.kind === 'trap').length, 0, 'nothing traps without the hypervisor');
  rig.driver.enable(systemBytes(systemConfig('qemu-arm', [0, 1, 2])));
  assert.equal(rig.hypervisor.tracer !== null, true);
  const before = events.length;
  startInmate(rig, [1, 2], { select: 5 });
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 30_000_000, 'PSCI run');
  const ev = events.slice(before);

  const create = ev.find((e) => e.kind === 'hypercall' && e.name === 'CELL_CREATE');
  assert.deepEqual(create && { cpu: create.cpu, cell: create.cell, result: create.kind === 'hypercall' && create.result },
    { cpu: 0, cell: 'qemu-arm-root', result: 0 });
  const putc = ev.filter((e) => e.kind === 'hypercall' && e.name === 'DEBUG_CONSOLE_PUTC');
  assert.ok(putc.length > 100 && putc.every((e) => e.cell === 'inmate' && e.kind === 'hypercall' && e.result === 0),
    'the inmate prints through the debug-console hypercall');
  assert.ok(ev.some((e) => e.kind === 'trap' && e.name === 'HVC' && e.iss === 0x4a48 && e.cell === 'inmate'));
  assert.deepEqual(psciOf(ev).filter((e) => e.name !== 'AFFINITY_INFO').map((e) => [e.cpu, e.cell, e.by, e.name, e.args[0], e.result]), [
    [1, 'inmate', 'hypervisor', 'VERSION', undefined, 2],
    [1, 'inmate', 'hypervisor', 'CPU_ON', 1, 0],
    [1, 'inmate', 'hypervisor', 'CPU_ON', 1, -4],
    [1, 'inmate', 'hypervisor', 'CPU_ON', 2, -3],
    [2, 'inmate', 'hypervisor', 'CPU_OFF', undefined, 0],
    [1, 'inmate', 'hypervisor', 'SYSTEM_OFF', undefined, -1],
  ]);
  assert.ok(ev.some((e) => e.kind === 'trap' && e.name === 'SMC' && e.cpu === 1));
  // The SGI from virtual CPU 0 to virtual CPU 1: a GICD_SGIR write, queued for CPU 2, injected there.
  const gicd = LAYOUT['qemu-arm'].gic.gicd;
  const sgir = ev.find((e): e is MmioEvent => e.kind === 'mmio' && e.address === gicd + 0xf00 && e.write && (e.value! & 0xf) === 3);
  assert.ok(sgir, 'the SGIR write');
  assert.equal(sgir.by, 'gicd');
  assert.equal(sgir.cpu, 1);
  const irqs = ev.filter((e): e is IrqEvent => e.kind === 'irq');
  const queued = irqs.find((e) => e.action === 'queue' && e.irq === 3);
  assert.deepEqual(queued && [queued.cpu, queued.toCpu, queued.toCell], [1, 2, 'inmate']);
  const injected = irqs.find((e) => e.action === 'inject' && e.irq === 3);
  assert.deepEqual(injected && [injected.cpu, injected.toCpu, injected.lr], [2, 2, 0]);
  assert.ok(irqs.some((e) => e.action === 'taken' && e.irq === 0 && e.cpu === 2), 'CPU 2 took the hypervisor\'s SGI');
  assert.ok(ev.some((e) => e.kind === 'mmio' && e.cpu === 2 && !e.write && e.address === gicd + 0x800 && e.value === 0x04040404),
    'CPU 2 read its own target bits from ITARGETSR0');
  // Each CPU's events are in the order of its own virtual time.
  for (const cpu of [0, 1, 2]) {
    const ts = events.filter((e) => e.cpu === cpu).map((e) => e.ns);
    assert.deepEqual(ts, [...ts].sort((a, b) => a - b), `cpu${cpu} times`);
  }
  // The root cannot reach the cell's CPUs: the hypervisor answers for the root cell now.
  assert.equal(rig.command(CMD.CPU_ON, 2), -3);
  assert.deepEqual(psciOf(events).slice(-1).map((e) => [e.cpu, e.cell, e.by, e.name, e.result]),
    [[0, 'qemu-arm-root', 'hypervisor', 'CPU_ON', -3]]);
});

test('more SGIs than list registers: queued, then injected after maintenance interrupts', () => {
  const { rig, events } = traced('qemu-arm', 2);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig('qemu-arm', [0, 1])));
  startInmate(rig, [1], { select: 10 });
  rig.runUntil(() => rig.hv.includes('cell: done\n'), 20_000_000, 'SGI burst');
  const irqs = events.filter((e): e is IrqEvent => e.kind === 'irq' && e.cpu === 1);
  const injected = irqs.filter((e) => e.action === 'inject').map((e) => e.irq);
  assert.deepEqual([...injected].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(irqs.some((e) => e.action === 'queue' && e.toCpu === 1), 'some waited for a list register');
  assert.ok(irqs.some((e) => e.action === 'maintenance' && e.irq === 25));
  assert.ok(irqs.filter((e) => e.action === 'inject').every((e) => e.lr !== null && e.lr >= 0 && e.lr < rig.hypervisor.irqchip.numLr));
});

test('sub-page device accesses and a violation on the Banana Pi', () => {
  const { rig, events } = traced('bananapi', 2);
  rig.runTicks(1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig('bananapi', [0, 1])));
  const uart0 = LAYOUT.bananapi.uart0;
  startInmate(rig, [1], { select: 3, arg: uart0 });
  rig.runUntil(() => rig.hv.includes('Parking CPU 1'), 20_000_000, 'the violation');
  const mmio = events.filter((e): e is MmioEvent => e.kind === 'mmio');
  const uart7 = mmio.filter((e) => e.address >= 0x01c29c00 && e.address < 0x01c2a000);
  assert.ok(uart7.length > 10 && uart7.every((e) => e.by === 'subpage' && e.cell === 'inmate' && e.cpu === 1));
  assert.ok(uart7.some((e) => e.write && e.address === 0x01c29c00 && e.value === 'c'.charCodeAt(0)), 'the first character printed');
  const last = mmio[mmio.length - 1];
  assert.deepEqual([last.address, last.write, last.value, last.by, last.cell], [uart0, true, 0x5a, 'violation', 'inmate']);
  assert.equal(formatPlain(last).replace(/^\[[ 0-9.]+\] /, ''), `cpu1 inmate mmio write 0x01c28000 4 = 0x0000005a (violation)`);
  const trap = events.filter((e) => e.kind === 'trap').pop();
  assert.equal(trap?.kind === 'trap' && trap.name, 'DABT_LOWER');
});

test('a tracer taken away is not called any more; none is installed by default', () => {
  const plain = new Rig('bananapi', 2);
  assert.equal(firmwareOf(plain.m)!.tracer, null);
  plain.runTicks(1);
  plain.driver.enable(systemBytes(systemConfig('bananapi', [0, 1])));
  assert.equal(plain.hypervisor.tracer, null);

  const rig = new Rig('bananapi', 2);
  let calls = 0;
  const count = (): void => { calls++; };
  const counting: Tracer = { hypercall: count, trap: count, mmio: count, irq: count, psci: count };
  firmwareOf(rig.m)!.tracer = counting;
  rig.driver.tracer = counting;
  rig.runTicks(1);
  rig.command(CMD.AFFINITY, 1);
  rig.command(CMD.GIC_INIT);
  rig.driver.enable(systemBytes(systemConfig('bananapi', [0, 1])));
  const activity = (): void => {
    rig.command(CMD.AFFINITY, 1);
    rig.command(CMD.READ, LAYOUT.bananapi.gic.gicd + 4);
    rig.command(CMD.SGI, (2 << 24) | 3);
    rig.driver.cellState(0);
  };
  activity();
  const withTracer = calls;
  assert.ok(withTracer >= 6, `calls: ${withTracer}`);
  rig.driver.tracer = null;
  firmwareOf(rig.m)!.tracer = null;
  assert.equal(rig.hypervisor.tracer, null);
  activity();
  rig.runTicks(2);
  assert.equal(calls, withTracer);
});
