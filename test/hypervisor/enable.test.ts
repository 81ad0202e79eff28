// Enabling the hypervisor under a running root cell and disabling it again,
// on both boards: the root program keeps printing throughout, its hypercalls
// and PSCI calls reach the hypervisor, and afterwards the firmware again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CMD, LAYOUT, Rig, lines, systemBytes, systemConfig, type BoardName } from './harness.js';
import { HCR_CELL } from '../../src/hypervisor/hypervisor.js';
import { HypervisorError } from '../../src/hypervisor/driver.js';
import { STAT_VMEXITS_HYPERCALL, STAT_VMEXITS_PSCI } from '../../src/hypervisor/abi.js';
import { writeSystemConfig } from '../../src/config/index.js';

/** The root's tick lines are 1, 2, 3, ... with nothing lost or garbled. */
function assertTicksInOrder(root: string): number {
  const ticks = lines(root, 'root: tick').map((l) => Number(l.slice('root: tick '.length)));
  ticks.forEach((t, i) => assert.equal(t, i + 1, `tick line ${i}`));
  for (const l of root.split('\n').filter((x) => x !== '')) assert.match(l, /^root: /, `root output line ${JSON.stringify(l)}`);
  return ticks.length;
}

for (const board of ['qemu-arm', 'bananapi'] as BoardName[]) {
  test(`${board}: the root cell keeps running across enable and disable`, () => {
    const rig = new Rig(board, 2);
    rig.runTicks(2);
    rig.command(CMD.GIC_INIT);
    const before = rig.ticks;
    const hv = rig.driver.enable(systemBytes(systemConfig(board, [0, 1])), `${board}.cell`);
    assert.match(rig.hv, /^\nInitializing Jailhouse hypervisor \(jailhouse-ts\) on CPU 0\n/);
    assert.match(rig.hv, / CPU 0\.\.\. OK\n CPU 1\.\.\. OK\n/);
    assert.match(rig.hv, /Activating hypervisor\n$/);
    assert.equal(rig.root.includes('Initializing'), false, 'hypervisor messages are told apart from the root\'s');
    const core0 = rig.m.cores[0];
    assert.equal(core0.pl2, hv);
    assert.equal(core0.cp15.hcr, HCR_CELL);
    assert.equal(core0.cp15.vttbr[0], hv.root.stage2.root, 'VTTBR: the root cell\'s stage-2 tables, VMID 0');
    assert.equal(hv.root.stage2.lookup(LAYOUT[board].hv.start), null, 'hypervisor memory is not the root\'s');
    assert.equal(hv.root.stage2.lookup(LAYOUT[board].gic.gicd), null, 'the distributor traps');
    assert.equal(hv.root.stage2.lookup(LAYOUT[board].gic.gicc)!.pa, LAYOUT[board].gic.gicv, 'GICC shows GICV');
    rig.runTicks(3);
    assert.ok(rig.ticks >= before + 3);

    // The root's own hypercalls (HVC #0x4a48) and PSCI (SMC, trapped by HCR.TSC).
    const stats = hv.cpus[0].stats.counts;
    const hc = stats[STAT_VMEXITS_HYPERCALL], psci = stats[STAT_VMEXITS_PSCI];
    assert.equal(rig.command(CMD.HVC, 5, 4), 1, 'HYPERVISOR_GET_INFO(NUM_CELLS)');
    assert.equal(rig.command(CMD.HVC, 5, 0), hv.poolPages, 'HYPERVISOR_GET_INFO(MEM_POOL_SIZE)');
    assert.equal(rig.command(CMD.HVC, 5, 1), hv.pool.used, 'HYPERVISOR_GET_INFO(MEM_POOL_USED)');
    assert.equal(rig.command(CMD.HVC, 5, 9), -22, 'HYPERVISOR_GET_INFO(9): -EINVAL');
    assert.equal(rig.command(CMD.HVC, 7, 0, 0), 0, 'CPU_GET_INFO(0, STATE): running');
    assert.equal(rig.command(CMD.HVC, 7, 5, 0), -22, 'CPU_GET_INFO(5): -EINVAL');
    assert.equal(rig.command(CMD.HVC, 7, 0, 1003), hv.cpus[0].stats.reported(3), 'CPU_GET_INFO(0, hypercall count)');
    assert.equal(rig.command(CMD.HVC, 6, 0), 0, 'CELL_GET_STATE(root): running');
    assert.equal(rig.command(CMD.HVC, 6, 7), -2, 'CELL_GET_STATE(7): -ENOENT');
    assert.equal(rig.command(CMD.HVC, 2, 0), -22, 'CELL_START(root): -EINVAL');
    assert.equal(rig.command(CMD.HVC, 8, 0x41), -1, 'DEBUG_CONSOLE_PUTC without the virtual console flag: -EPERM');
    assert.equal(rig.command(CMD.HVC, 42), -38, 'unknown hypercall: -ENOSYS');
    assert.equal(stats[STAT_VMEXITS_HYPERCALL], hc + 12);
    assert.equal(rig.command(CMD.SMC, 0x84000000), 2, 'PSCI_VERSION: 0.2, as Jailhouse');
    assert.equal(rig.command(CMD.AFFINITY, 1), 1, 'CPU 1 is off');
    assert.equal(rig.command(CMD.CPU_ON, 1), 0);
    rig.runUntil(() => rig.alive(1) > 10, 5_000_000, 'CPU 1 running');
    assert.match(rig.root, /root: CPU 1 up, entered in svc\n/, 'under the hypervisor CPU_ON enters the root in SVC mode');
    assert.equal(rig.command(CMD.AFFINITY, 1), 0, 'CPU 1 is on');
    assert.equal(rig.command(CMD.CPU_ON, 1), -4, 'ALREADY_ON');
    assert.equal(rig.command(CMD.SMC, 0x84000008), -1, 'SYSTEM_OFF: NOT_SUPPORTED under the hypervisor');
    assert.equal(rig.command(CMD.SMC, 0x80000000), 0x10001, 'SMCCC_VERSION: 1.1');
    assert.equal(rig.command(CMD.SMC, 0x82000010), -1, 'silicon-provider calls are not passed on');
    rig.cpuOff(1);
    assert.equal(rig.command(CMD.AFFINITY, 1), 1, 'CPU 1 is off again');
    assert.ok(stats[STAT_VMEXITS_PSCI] >= psci + 6);

    // DISABLE from the root itself: every root CPU is handed back.
    assert.equal(rig.command(CMD.HVC, 0), 0);
    assert.match(rig.hv, /Shutting down hypervisor\n Releasing CPU 0\n Releasing CPU 1\n$/);
    assert.equal(core0.pl2, null);
    assert.equal(core0.cp15.hcr, 0);
    assert.equal(hv.enabled, false);
    const after = rig.ticks;
    rig.runTicks(2);
    assert.ok(rig.ticks >= after + 2);
    // The firmware answers PSCI again: CPU_ON enters the root in Hyp mode, as at boot.
    assert.equal(rig.command(CMD.AFFINITY, 1), 1);
    assert.equal(rig.command(CMD.CPU_ON, 1), 0);
    rig.runUntil(() => /root: CPU 1 up, entered in hyp/.test(rig.root), 5_000_000, 'CPU 1 up natively');
    assertTicksInOrder(rig.root);
  });
}

test('enable is refused while a root CPU runs in Hyp mode, or with a system config that does not fit the machine', () => {
  const rig = new Rig('qemu-arm', 2);
  const sys = systemConfig('qemu-arm', [0, 1]);
  // At entry CPU 0 is still in Hyp mode, where U-Boot left it.
  assert.throws(() => rig.driver.enable(systemBytes(sys)), (e: Error) => e instanceof HypervisorError &&
    /CPU 0 runs in Hyp mode: the root cell must run at PL1/.test(e.message));
  rig.runTicks(1);
  assert.throws(() => rig.driver.enable(systemBytes({ ...sys, hypervisorMemory: { ...sys.hypervisorMemory, physStart: 0x60000000 } })),
    /hypervisor_memory at 0x60000000 is not RAM/);
  assert.throws(() => rig.driver.enable(systemBytes({ ...sys, rootCell: { ...sys.rootCell, cpus: [0, 1, 2] } })),
    /root cell CPU 2 does not exist \(the machine has 2\)/);
  const bytes = writeSystemConfig(sys);
  assert.throws(() => rig.driver.enable(bytes.subarray(0, 100), 'short.cell'), /short\.cell: offset 0x/);
  for (const core of rig.m.cores) {
    assert.equal(core.pl2, null, 'nothing was installed');
    assert.equal(core.cp15.hcr, 0);
  }
  rig.runTicks(1);
  rig.driver.enable(bytes);
  rig.runTicks(1);
  assert.throws(() => rig.driver.enable(bytes), /already enabled/);
});
