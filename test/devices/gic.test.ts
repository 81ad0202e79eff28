// GICv2 Distributor and CPU interface: interrupt state transitions, priorities
// and preemption, masking, SGIs with their sources, banked private interrupts,
// targets, EOI/DIR split, and the Security Extensions' two views (bananapi).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBoard, type BoardSpec } from '../../src/boards/board.js';
import { QEMU_ARM } from '../../src/boards/qemu-arm.js';
import { BANANAPI } from '../../src/boards/bananapi.js';

const D = 0x08000000, C = 0x08010000; // QEMU virt
const BD = 0x01c81000, BC = 0x01c82000; // bananapi (GIC-400)

function gicEnv(spec: BoardSpec = QEMU_ARM, cpus = 2) {
  const board = buildBoard(spec, { cpus });
  const { machine } = board;
  const bus = machine.bus;
  const rd = (cpu: number, addr: number, size: 1 | 2 | 4 = 4): number => {
    bus.currentCpu = cpu;
    const v = bus.read(addr, size);
    assert.equal(bus.faulted, false, `read 0x${addr.toString(16)} answered`);
    return v;
  };
  const wr = (cpu: number, addr: number, v: number, size: 1 | 2 | 4 = 4): void => {
    bus.currentCpu = cpu;
    bus.write(addr, size, v >>> 0);
    assert.equal(bus.faulted, false, `write 0x${addr.toString(16)} answered`);
  };
  return { board, machine, gic: board.gic!, cores: machine.cores, bus, rd, wr };
}

/** Distributor and both CPU interfaces on (Group 0), mask open, no preemption grouping beyond BPR 0. */
function enableAll(e: ReturnType<typeof gicEnv>, d = D, c = C): void {
  e.wr(0, d, 1);
  for (let cpu = 0; cpu < e.cores.length; cpu++) {
    e.wr(cpu, c + 0x00, 1);
    e.wr(cpu, c + 0x04, 0xff);
  }
}

test('identification: TYPER from lines, CPUs and security; IIDRs and ID registers of QEMU and of the GIC-400', () => {
  const q = gicEnv(QEMU_ARM, 1);
  assert.equal(q.rd(0, D + 4), 0x00000008, 'QEMU: 288 lines, 1 CPU');
  assert.equal(gicEnv(QEMU_ARM, 2).rd(0, D + 4), 0x00000028);
  assert.equal(q.rd(0, D + 8), 0x0000043b);
  assert.equal(q.rd(0, C + 0xfc), 0x0002043b);
  assert.equal(q.rd(0, D + 0xfe8), 0x2b, 'PIDR2: GICv2');
  const b = gicEnv(BANANAPI, 2);
  assert.equal(b.rd(0, BD + 4), 0x0000fc24, 'GIC-400: 160 lines, 2 CPUs, SecurityExtn, LSPI 31');
  assert.equal(b.rd(0, BD + 8), 0x0200143b);
  assert.equal(b.rd(0, BC + 0xfc), 0x0202143b);
  assert.equal(b.rd(0, BD + 0xc04), 0x55540000, 'GIC-400 PPI configuration is fixed');
});

test('register frames end where QEMU\'s do: the rest of the 64 KiB windows aborts', () => {
  const e = gicEnv();
  for (const addr of [D + 0x1000, C + 0x2000, 0x08030000 + 0x1000, 0x08040000 + 0x2000]) {
    e.bus.read(addr, 4);
    assert.equal(e.bus.faulted, true, `0x${addr.toString(16)}`);
    e.bus.faulted = false;
  }
  assert.equal(e.rd(0, D + 0x124), 0, 'ISENABLER beyond the implemented lines: RAZ');
  e.wr(0, D + 0x124, 0xffffffff);
  assert.equal(e.rd(0, D + 0x124), 0, '... and WI');
  assert.equal(e.rd(0, D + 0x00c), 0, 'reserved: RAZ');
});

test('edge SPI: set pending, acknowledge (active), pending again while active, EOI (inactive, then taken again)', () => {
  const e = gicEnv();
  enableAll(e);
  const [c0] = e.cores;
  e.wr(0, D + 0xc08, 0x2); // SPI 32 edge-triggered
  e.wr(0, D + 0x820, 0x01, 1); // to CPU 0
  e.wr(0, D + 0x104, 1); // enable
  assert.equal(c0.irqLine, false);
  e.wr(0, D + 0x204, 1); // ISPENDR1
  assert.equal(c0.irqLine, true, 'pending and enabled: IRQ');
  assert.equal(e.rd(0, C + 0x18), 32, 'HPPIR');
  assert.equal(e.rd(0, C + 0x0c), 32, 'IAR');
  assert.equal(c0.irqLine, false, 'active: no longer signalled');
  assert.equal(e.rd(0, D + 0x304), 1, 'ISACTIVER1');
  assert.equal(e.rd(0, D + 0x204), 0, 'edge: pending cleared by the acknowledge');
  e.wr(0, D + 0x204, 1);
  assert.equal(e.rd(0, D + 0x204), 1, 'active and pending');
  assert.equal(c0.irqLine, false, 'active and pending is not signalled');
  assert.equal(e.rd(0, C + 0x0c), 1023, 'nor acknowledged');
  e.wr(0, C + 0x10, 32);
  assert.equal(e.rd(0, D + 0x304), 0, 'EOI deactivates');
  assert.equal(c0.irqLine, true, 'the pending edge comes back');
  assert.equal(e.rd(0, C + 0x0c), 32);
  e.wr(0, C + 0x10, 32);
  e.wr(0, D + 0x184, 1); // disable
  e.wr(0, D + 0x204, 1);
  assert.equal(c0.irqLine, false, 'disabled: pending but not signalled');
  assert.equal(e.rd(0, C + 0x0c), 1023);
  assert.equal(e.rd(0, D + 0x204), 1);
  e.wr(0, D + 0x284, 1);
  assert.equal(e.rd(0, D + 0x204), 0, 'ICPENDR');
});

test('level SPI (a UART line): pending follows the line, ICPENDR cannot clear it while high', () => {
  const e = gicEnv(QEMU_ARM, 1);
  enableAll(e);
  const c0 = e.cores[0];
  e.wr(0, D + 0x104, 1 << 1); // SPI 33: the PL011
  e.gic.setSpi(33, true);
  assert.equal(e.rd(0, D + 0x204), 2);
  assert.equal(c0.irqLine, true);
  e.wr(0, D + 0x284, 2);
  assert.equal(e.rd(0, D + 0x204), 2, 'level still high');
  assert.equal(e.rd(0, C + 0x0c), 33);
  assert.equal(e.rd(0, D + 0x204), 2, 'active and pending: the line is still high');
  e.gic.setSpi(33, false);
  assert.equal(e.rd(0, D + 0x204), 0);
  assert.equal(e.rd(0, D + 0x304), 2, 'active');
  e.wr(0, C + 0x10, 33);
  assert.equal(e.rd(0, D + 0x304), 0);
  e.wr(0, D + 0x204, 2); // software pending of a level interrupt latches
  assert.equal(c0.irqLine, true);
  assert.equal(e.rd(0, C + 0x0c), 33);
  assert.equal(e.rd(0, D + 0x204), 0, 'latch cleared by the acknowledge, line low');
});

test('the PL011 of the qemu-arm board raises SPI 33 through its interrupt mask', () => {
  const e = gicEnv(QEMU_ARM, 1);
  enableAll(e);
  e.wr(0, D + 0x104, 1 << 1);
  e.wr(0, 0x09000038, 1 << 5); // UARTIMSC: TX interrupt (TX is idle: raised)
  assert.equal(e.cores[0].irqLine, true);
  assert.equal(e.rd(0, C + 0x0c), 33);
  e.wr(0, 0x09000044, 1 << 5); // UARTICR
  e.wr(0, C + 0x10, 33);
  assert.equal(e.cores[0].irqLine, false);
});

test('priorities: preemption needs a higher group priority (BPR); RPR, APR and nested EOIs', () => {
  const e = gicEnv(QEMU_ARM, 1);
  enableAll(e);
  const c0 = e.cores[0];
  e.wr(0, D + 0x400 + 1, 0x40, 1);
  e.wr(0, D + 0x400 + 2, 0x80, 1);
  e.wr(0, D + 0xf20 + 2, 0x01, 1); // SGI 2 pending from CPU 0
  assert.equal(e.rd(0, C + 0x0c), 2);
  assert.equal(e.rd(0, C + 0x14), 0x80, 'RPR: group priority of SGI 2');
  assert.equal(e.rd(0, C + 0xd8), 1, 'APR2 bit 0: level 0x80 >> 1 = 64');
  e.wr(0, D + 0xf20 + 1, 0x01, 1);
  assert.equal(c0.irqLine, true, 'higher priority preempts');
  assert.equal(e.rd(0, C + 0x0c), 1);
  assert.equal(e.rd(0, C + 0x14), 0x40);
  e.wr(0, C + 0x10, 1);
  assert.equal(e.rd(0, C + 0x14), 0x80, 'back to the preempted one');
  e.wr(0, C + 0x10, 2);
  assert.equal(e.rd(0, C + 0x14), 0xff, 'idle');

  e.wr(0, C + 0x08, 7); // BPR 7: everything in one group priority
  e.wr(0, D + 0xf20 + 2, 0x01, 1);
  assert.equal(e.rd(0, C + 0x0c), 2);
  assert.equal(e.rd(0, C + 0x14), 0, 'group priority 0');
  e.wr(0, D + 0xf20 + 1, 0x01, 1);
  assert.equal(c0.irqLine, false, 'no preemption at BPR 7');
  assert.equal(e.rd(0, C + 0x0c), 1023);
  assert.equal(e.rd(0, C + 0x18), 1, 'HPPIR still names it');
  e.wr(0, C + 0x10, 2);
  assert.equal(e.rd(0, C + 0x0c), 1);
  e.wr(0, C + 0x10, 1);
  e.wr(0, C + 0x08, 0);
  assert.equal(e.rd(0, C + 0x08), 0, 'BPR minimum 0 with 8 priority bits');
  e.wr(0, C + 0x1c, 0);
  assert.equal(e.rd(0, C + 0x1c), 1, 'ABPR minimum 1');
});

test('PMR masks interrupts at or below its priority; a disabled CPU interface or distributor signals nothing', () => {
  const e = gicEnv(QEMU_ARM, 1);
  enableAll(e);
  const c0 = e.cores[0];
  e.wr(0, D + 0x400 + 3, 0x40, 1);
  e.wr(0, C + 0x04, 0x40);
  e.wr(0, D + 0xf20 + 3, 0x01, 1);
  assert.equal(c0.irqLine, false);
  assert.equal(e.rd(0, C + 0x0c), 1023, 'spurious');
  assert.equal(e.rd(0, C + 0x18), 1023);
  e.wr(0, C + 0x04, 0x41);
  assert.equal(c0.irqLine, true);
  e.wr(0, C + 0x00, 0);
  assert.equal(c0.irqLine, false, 'CPU interface off');
  assert.equal(e.rd(0, C + 0x0c), 1023);
  e.wr(0, C + 0x00, 1);
  e.wr(0, D, 0);
  assert.equal(c0.irqLine, false, 'distributor off');
  e.wr(0, D, 1);
  assert.equal(e.rd(0, C + 0x0c), 3);
  assert.equal(e.rd(0, C + 0x04), 0x41, 'PMR keeps all 8 bits on QEMU');
});

test('SGIs carry their source CPU; the lowest source is acknowledged first; target list filters', () => {
  const e = gicEnv(QEMU_ARM, 2);
  enableAll(e);
  const [c0, c1] = e.cores;
  e.wr(0, D + 0xf00, (2 << 24) | 7); // self
  e.wr(1, D + 0xf00, (0 << 24) | (1 << 16) | 7); // list: CPU 0
  e.wr(1, D + 0xf00, (1 << 24) | 6); // all but self
  assert.equal(c1.irqLine, false, 'nothing for CPU 1');
  assert.equal(e.rd(0, D + 0x200) & 0xffff, 0xc0);
  assert.equal(e.rd(0, D + 0xf24), 0x03020000, 'SPENDSGIR1: SGI 6 from CPU 1, SGI 7 from CPUs 0 and 1');
  assert.equal(e.rd(0, C + 0x18), 0x406, 'HPPIR with source');
  assert.equal(e.rd(0, C + 0x0c), 0x406);
  e.wr(0, C + 0x10, 0x406);
  assert.equal(e.rd(0, C + 0x0c), 0x007);
  assert.equal(e.rd(0, D + 0x200) & 0x80, 0x80, 'still pending from CPU 1 while active');
  e.wr(0, C + 0x10, 0x007);
  assert.equal(e.rd(0, C + 0x0c), 0x407);
  e.wr(0, C + 0x10, 0x407);
  assert.equal(e.rd(0, C + 0x0c), 1023);
  assert.equal(c0.irqLine, false);
  e.wr(0, D + 0xf00, (0 << 24) | (2 << 16) | 1);
  assert.equal(c1.irqLine, true);
  assert.equal(e.rd(1, C + 0x0c), 0x001, 'CPU 1 sees SGI 1 from CPU 0');
  e.wr(0, D + 0xf00, (3 << 24) | 2); // reserved filter: nothing
  assert.equal(e.rd(0, D + 0x200) | e.rd(1, D + 0x200), 0);
  e.wr(0, D + 0xf20 + 4, 0x03, 1);
  e.wr(0, D + 0xf10 + 4, 0x01, 1);
  assert.equal(e.rd(0, D + 0xf24) & 0xff, 0x02, 'CPENDSGIR clears one source');
  assert.equal(e.rd(0, D + 0x100) & 0xffff, 0xffff, 'SGIs are always enabled');
  e.wr(0, D + 0x180, 0xffffffff);
  assert.equal(e.rd(0, D + 0x100) & 0xffff, 0xffff);
});

test('PPIs and their enables are banked per CPU; ITARGETSR0-7 read as the reading CPU', () => {
  const e = gicEnv(QEMU_ARM, 2);
  enableAll(e);
  const [c0, c1] = e.cores;
  e.wr(1, D + 0x100, 1 << 27);
  e.gic.setPpi(0, 27, true);
  assert.equal(c0.irqLine, false, 'CPU 0 has not enabled its PPI 27');
  assert.equal(c1.irqLine, false, "CPU 0's line is not CPU 1's");
  e.gic.setPpi(1, 27, true);
  assert.equal(c1.irqLine, true);
  assert.equal(e.rd(0, D + 0x100) >>> 16, 0);
  assert.equal(e.rd(1, D + 0x100) >>> 16, 0x0800);
  assert.equal(e.rd(1, C + 0x0c), 27);
  assert.equal(e.rd(0, D + 0x800), 0x01010101);
  assert.equal(e.rd(1, D + 0x81c), 0x02020202);
  e.wr(0, D + 0x400 + 27, 0x60, 1);
  assert.equal(e.rd(1, D + 0x400 + 27, 1), 0, 'priorities of PPIs are banked too');
  assert.equal(gicEnv(QEMU_ARM, 1).rd(0, D + 0x800), 0, 'uniprocessor: ITARGETSR is RAZ');
});

test('SPI targets: only targeted CPUs see it; with two targets the first to acknowledge takes it', () => {
  const e = gicEnv(QEMU_ARM, 2);
  enableAll(e);
  const [c0, c1] = e.cores;
  e.wr(0, D + 0x104, 1 << 8); // SPI 40
  e.wr(0, D + 0x828, 0x02, 1);
  e.gic.setSpi(40, true);
  assert.equal(c0.irqLine, false);
  assert.equal(c1.irqLine, true);
  e.wr(0, D + 0x828, 0xff, 1);
  assert.equal(e.rd(0, D + 0x828, 1), 0x03, 'targets of absent CPU interfaces are RAZ/WI');
  assert.equal(c0.irqLine, true);
  assert.equal(e.rd(1, C + 0x0c), 40);
  assert.equal(c0.irqLine, false, 'active now: CPU 0 no longer signalled');
  assert.equal(e.rd(0, C + 0x0c), 1023);
});

test('EOImode: EOIR only drops the priority, DIR deactivates', () => {
  const e = gicEnv(QEMU_ARM, 1);
  enableAll(e);
  e.wr(0, C + 0x00, 1 | (1 << 9));
  assert.equal(e.rd(0, C + 0x00), 0x201);
  e.wr(0, D + 0xf20 + 1, 0x01, 1);
  assert.equal(e.rd(0, C + 0x0c), 1);
  e.wr(0, C + 0x10, 1);
  assert.equal(e.rd(0, C + 0x14), 0xff, 'priority dropped');
  assert.equal(e.rd(0, D + 0x300), 2, 'still active');
  e.wr(0, D + 0xf20 + 1, 0x01, 1);
  assert.equal(e.rd(0, C + 0x0c), 1023, 'active and pending: not acknowledged again yet');
  e.wr(0, C + 0x1000, 1);
  assert.equal(e.rd(0, D + 0x300), 0, 'DIR deactivated it');
  assert.equal(e.rd(0, C + 0x0c), 1);
  e.wr(0, C + 0x10, 7); // EOI of something else: drops the running priority anyway
  assert.equal(e.rd(0, C + 0x14), 0xff);
});

test('groups without Security Extensions: Group 1 reads as 1022 without AckCtl, FIQEn sends Group 0 to FIQ', () => {
  const e = gicEnv(QEMU_ARM, 1);
  const c0 = e.cores[0];
  e.wr(0, D, 3);
  e.wr(0, C + 0x04, 0xff);
  e.wr(0, D + 0x080, 1 << 1); // SGI 1 in Group 1
  e.wr(0, C + 0x00, 3);
  e.wr(0, D + 0xf20 + 1, 0x01, 1);
  assert.equal(c0.irqLine, true);
  assert.equal(e.rd(0, C + 0x0c), 1022);
  e.wr(0, C + 0x00, 7);
  assert.equal(e.rd(0, C + 0x0c), 1, 'AckCtl');
  e.wr(0, C + 0x10, 1);
  e.wr(0, C + 0x00, 1 | (1 << 3)); // Group 0 only, FIQEn
  e.wr(0, D + 0xf20 + 2, 0x01, 1);
  assert.equal(c0.fiqLine, true);
  assert.equal(c0.irqLine, false);
  assert.equal(e.rd(0, C + 0x0c), 2);
  assert.equal(c0.fiqLine, false);
});

test('Security Extensions (bananapi): Secure and Non-secure views of the Distributor and CPU interface', () => {
  const e = gicEnv(BANANAPI, 2);
  const [c0] = e.cores;
  const ns = (on: boolean): void => { c0.cp15.scr = on ? 1 : 0; };
  ns(false);
  assert.equal(c0.isSecure(), true);
  e.wr(0, BD, 3);
  e.wr(0, BD + 0x080, 0xffff0000); // PPIs Group 1, SGIs Group 0
  e.wr(0, BC + 0x00, 3);
  e.wr(0, BC + 0x04, 0xff);
  assert.equal(e.rd(0, BC + 0x04), 0xf8, 'GIC-400: 5 priority bits');
  ns(true);
  assert.equal(e.rd(0, BD), 1, 'Non-secure GICD_CTLR: EnableGrp1');
  assert.equal(e.rd(0, BD + 0x080), 0, 'IGROUPR is RAZ for Non-secure');
  e.wr(0, BD + 0x080, 0);
  e.wr(0, BD + 0x100, 0xffffffff);
  assert.equal(e.rd(0, BD + 0x100), 0xffff0000, 'Non-secure sees its Group 1 enables only');
  e.wr(0, BD + 0x400 + 27, 0xa0, 1);
  assert.equal(e.rd(0, BD + 0x400 + 27, 1), 0xa0, 'Non-secure view of a priority');
  ns(false);
  assert.equal(e.rd(0, BD + 0x400 + 27, 1), 0xd0, 'stored as (v >> 1) | 0x80');
  assert.equal(e.rd(0, BD + 0x080), 0xffff0000, 'groups untouched by the Non-secure write');
  // A Group 1 PPI: Non-secure IAR takes it; a Secure IAR says 1022.
  e.gic.setPpi(0, 27, true);
  assert.equal(c0.irqLine, true);
  assert.equal(e.rd(0, BC + 0x0c), 1022);
  assert.equal(e.rd(0, BC + 0x28), 27, 'AHPPIR: the Group 1 alias');
  ns(true);
  assert.equal(e.rd(0, BC + 0x04), 0xf0, 'Non-secure view of PMR 0xf8');
  assert.equal(e.rd(0, BC + 0x0c), 27);
  assert.equal(e.rd(0, BC + 0x14), 0xa0, 'RPR in the Non-secure view');
  e.wr(0, BC + 0x10, 27);
  e.gic.setPpi(0, 27, false);
  // A Group 0 SGI: FIQ with FIQEn; invisible to Non-secure IAR; Non-secure SGIR cannot raise it.
  ns(false);
  e.wr(0, BC + 0x00, 3 | (1 << 3));
  ns(true);
  e.wr(0, BD + 0xf00, (2 << 24) | 3);
  assert.equal(e.rd(0, BD + 0x200) & 0xffff, 0, 'Non-secure SGIR does not raise a Group 0 SGI');
  ns(false);
  e.wr(0, BD + 0xf00, (2 << 24) | 3);
  assert.equal(c0.fiqLine, true, 'Group 0 with FIQEn: FIQ');
  ns(true);
  assert.equal(e.rd(0, BC + 0x0c), 1023, 'Non-secure IAR does not acknowledge Group 0');
  ns(false);
  assert.equal(e.rd(0, BC + 0x0c), 3);
  e.wr(0, BC + 0x10, 3);
  assert.equal(c0.fiqLine, false);
});

test("the boot firmware's Non-secure switch puts every interrupt in Group 1, as U-Boot does", async () => {
  const { boot } = await import('../../src/firmware/boot.js');
  const e = gicEnv(BANANAPI, 2);
  boot(e.machine, { mode: 'hyp', entry: 0x40000000 });
  const [c0] = e.cores;
  assert.equal(c0.isSecure(), false);
  assert.equal(e.rd(0, BD), 1, 'Group 1 enabled (Non-secure view)');
  // What led.c does from Non-secure state: PPI 27 at 0xa0, PMR 0xf0.
  e.wr(0, BD + 0x400 + 27, 0xa0, 1);
  e.wr(0, BD + 0x100, 1 << 27);
  e.wr(0, BC + 0x04, 0xf0);
  e.wr(0, BC + 0x00, 1);
  e.gic.setPpi(0, 27, true);
  assert.equal(c0.irqLine, true);
  e.gic.setPpi(1, 27, true);
  assert.equal(e.cores[1].irqLine, false, 'CPU 1 has not enabled it');
  assert.equal(e.gic.groupOf(1, 27), 1, "CPU 1's private interrupts are in Group 1 too");
  assert.equal(e.gic.groupOf(0, 100), 1);
});
