// The hypervisor: the PL2 software of the emulated SoC. It is installed on
// every CPU of the root cell (core.pl2) while the root keeps running, takes
// every Hyp-mode entry (traps, IRQs), keeps per-CPU state, and owns the cells.
// Cores stop and start only the way the architecture lets Hyp software do it:
// registers written in Hyp mode, then ERET; a parked CPU stays in Hyp mode
// without executing (core.off) until it is reset.

import type { Core, Pl2Handler } from '../cpu/core.js';
import type { Machine } from '../machine/machine.js';
import type { Bus } from '../machine/bus.js';
import { HCR_FMO, HCR_IMO, HCR_TAC, HCR_TSC, HCR_TSW, HCR_VM } from '../cpu/hyp-traps.js';
import { BANK_HYP, MODE_HYP, MODE_SVC, PSR_A, PSR_F, PSR_I } from '../cpu/psr.js';
import type { SystemConfig } from '../config/index.js';
import { PagePool, PagingError, PAGE_SIZE } from './paging.js';
import { HypervisorConsole } from './console.js';
import { CpuStats } from './stats.js';
import { Irqchip, PendingIrqs } from './irqchip.js';
import { VirtualPci } from './pci.js';
import { Cell, buildRootCell, releaseCellMemory } from './cell.js';
import { handleTrap } from './traps.js';
import type { DataAbortInfo, MmioAccess } from './mmio.js';
import { JAILHOUSE_CELL_FAILED, PSCI_INVALID_ADDRESS, STAT_VMEXITS_TOTAL } from './abi.js';
import type { PendingOp } from './hypercalls.js';
import type { Tracer } from './trace.js';

/** Traps the hypervisor sets for every cell, as Jailhouse on ARMv7 does. */
export const HCR_CELL = HCR_VM | HCR_IMO | HCR_FMO | HCR_TSC | HCR_TAC | HCR_TSW;
/** VTCR: T0SZ 0 (4 GiB IPA space), SL0 1 (start at level 1), inner-shareable write-back walks, RES1 bit 31. */
export const VTCR_CELL = 0x80000000 | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6);
/** CPSR of a CPU reset for a cell: SVC mode, A32, asynchronous exceptions masked. */
const RESET_PSR = MODE_SVC | PSR_A | PSR_I | PSR_F;
const NS = 1;

export class HypervisorError extends Error {}

export class PerCpu {
  readonly stats = new CpuStats();
  readonly pendingIrqs = new PendingIrqs();
  /** Decoded data abort and the access built from it (reused at every MMIO trap). */
  readonly abort: DataAbortInfo = { ipa: 0, size: 4, isWrite: false, isv: false, signExtend: false, reg: 0, reflect: false };
  readonly access: MmioAccess = { address: 0, size: 4, isWrite: false, value: 0 };
  cell: Cell;
  /** The CPU number the cell sees (MPIDR.Aff0 through VMPIDR; PSCI target IDs). */
  virtId: number;
  /** Parked after a violation; reported by CPU_GET_INFO until the CPU is reset. */
  failed = false;
  /** Off from the cell's view: parked in Hyp mode until PSCI CPU_ON (or a cell start) resets it. */
  waitForPoweron = false;
  cpuOnEntry = PSCI_INVALID_ADDRESS;
  cpuOnContext = 0;
  /** This CPU's bit in GIC target lists. */
  gicTarget = 0;
  /** A management hypercall of this CPU waiting for a cell's reply. */
  blocked: PendingOp | null = null;

  constructor(readonly index: number, readonly core: Core, cell: Cell) {
    this.cell = cell;
    this.virtId = index;
  }
}

export interface HypervisorOptions {
  /** Refuse to enable without a GICv2 (default true). */
  requireIrqchip?: boolean;
}

export class Hypervisor implements Pl2Handler {
  readonly bus: Bus;
  readonly console: HypervisorConsole;
  readonly pool: PagePool;
  readonly irqchip: Irqchip;
  /** The virtual PCI host and its ivshmem links. */
  readonly pci: VirtualPci;
  /** Indexed by core number; undefined for cores outside the root cell's CPU set. */
  readonly cpus: PerCpu[] = [];
  readonly cells: Cell[] = [];
  root!: Cell;
  enabled = false;
  /** The CPU whose Hyp entry is being handled. */
  current: PerCpu | null = null;
  /** Reason of the last refused request, for the driver's error messages. */
  lastError = '';
  readonly pendingOps: PendingOp[] = [];
  /** Receives trace events; called only behind a null check. */
  tracer: Tracer | null = null;
  private readonly pollHook = (): void => this.pollPending();
  /** Pages at the start of hypervisor memory that hold the hypervisor and its config. */
  readonly imagePages: number;

  constructor(readonly machine: Machine, readonly system: SystemConfig, configSize: number,
    readonly options: HypervisorOptions = {}) {
    this.bus = machine.bus;
    this.console = new HypervisorConsole(this.bus, system.debugConsole);
    const hv = system.hypervisorMemory;
    this.imagePages = Math.ceil(configSize / PAGE_SIZE) + 1;
    if (hv.size < (this.imagePages + 8) * PAGE_SIZE) {
      throw new HypervisorError(`hypervisor memory of 0x${hv.size.toString(16)} bytes is too small (need at least ` +
        `0x${((this.imagePages + 8) * PAGE_SIZE).toString(16)})`);
    }
    this.pool = new PagePool(this.bus, hv.physStart + this.imagePages * PAGE_SIZE, hv.size - this.imagePages * PAGE_SIZE);
    this.irqchip = new Irqchip(this);
    this.pci = new VirtualPci(this);
  }

  get cores(): Core[] { return this.machine.cores; }

  /** Pages in the hypervisor's page pool. */
  get poolPages(): number { return this.system.hypervisorMemory.size / PAGE_SIZE - this.imagePages; }

  /** Runs fn with the bus's banked registers (GIC CPU interface, GICH) those of `cpu`. */
  onCpu<T>(cpu: PerCpu, fn: () => T): T {
    const bus = this.bus;
    const prev = bus.currentCpu;
    bus.currentCpu = cpu.index;
    try {
      return fn();
    } finally {
      bus.currentCpu = prev;
    }
  }

  /** Every CPU of a cell. */
  cellCpus(cell: Cell): PerCpu[] {
    return cell.cpus.map((i) => this.cpus[i]);
  }

  // ------------------------------------------------------------ enable / disable

  /** Takes over the machine: the root cell's stage 2 and the traps on every root CPU. */
  enable(): void {
    const sys = this.system;
    const rootCpus = sys.rootCell.cpus;
    if (rootCpus.length === 0) throw new HypervisorError('the root cell has no CPUs');
    for (const c of rootCpus) {
      if (c >= this.cores.length) {
        throw new HypervisorError(`root cell CPU ${c} does not exist (the machine has ${this.cores.length})`);
      }
      const core = this.cores[c];
      if (!core.hasVirtualization) throw new HypervisorError(`CPU ${c} has no Virtualization Extensions`);
      if (!core.off && core.mode === MODE_HYP) {
        throw new HypervisorError(`CPU ${c} runs in Hyp mode: the root cell must run at PL1 (leave Hyp mode first)`);
      }
      if (core.pl2 !== null) throw new HypervisorError(`CPU ${c} already has a hypervisor`);
    }
    const hvMem = sys.hypervisorMemory;
    for (const pa of [hvMem.physStart, hvMem.physStart + hvMem.size - 1]) {
      if (!this.bus.ramAt(pa)) throw new HypervisorError(`hypervisor memory 0x${hvMem.physStart.toString(16)}` +
        `+0x${hvMem.size.toString(16)} is not RAM`);
    }
    const gicError = this.irqchip.init();
    if (gicError !== null && this.options.requireIrqchip !== false) throw new HypervisorError(gicError);

    this.console.print('\nInitializing Jailhouse hypervisor (jailhouse-ts) on CPU ' + this.bus.currentCpu + '\n');
    this.console.print(`Code location: 0x${hvMem.physStart.toString(16)}\n`);
    this.printPoolUsage('after early setup');
    try {
      this.root = buildRootCell(this);
    } catch (e) {
      if (e instanceof PagingError) throw new HypervisorError(`root cell: ${e.message}`);
      throw e;
    }
    this.cells.push(this.root);
    this.console.print('Initializing processors:\n');
    for (const c of rootCpus) {
      const cpu = new PerCpu(c, this.cores[c], this.root);
      this.cpus[c] = cpu;
      this.console.print(` CPU ${c}... `);
      this.onCpu(cpu, () => this.irqchip.cpuInit(cpu));
      this.console.print('OK\n');
    }
    if (gicError !== null) this.console.print(`WARNING: ${gicError}: interrupts are not virtualized\n`);
    this.printPoolUsage('after late setup');
    this.console.print('Activating hypervisor\n');
    for (const c of rootCpus) this.activateCpu(this.cpus[c]);
    this.machine.roundHooks.push(this.pollHook);
    this.enabled = true;
  }

  /** Hyp configuration of a root CPU that keeps running its guest state. */
  private activateCpu(cpu: PerCpu): void {
    const core = cpu.core;
    this.loadCellContext(cpu);
    core.pl2 = this;
    if (core.off) {
      // Never started or switched off before the hypervisor came: off for the root too.
      cpu.waitForPoweron = true;
      if (core.mode !== MODE_HYP) core.switchMode(MODE_HYP);
    }
  }

  /** HCR, stage 2 and the virtual IDs of the CPU's cell. */
  private loadCellContext(cpu: PerCpu): void {
    const cp = cpu.core.cp15;
    cp.hcr = HCR_CELL;
    cp.vtcr = VTCR_CELL;
    cp.vttbr[0] = cpu.cell.stage2.root;
    cp.vttbr[1] = (cpu.cell.id & 0xff) << 16;
    cp.vmpidr = (0x80000000 | (cpu.virtId & 0xff)) >>> 0;
    cp.vpidr = cp.model.midr;
    cpu.core.translationChanged();
    cpu.core.interruptChanged();
  }

  /** DISABLE: hands every root CPU back to the root cell running natively. */
  shutdown(): void {
    this.console.print('Shutting down hypervisor\n');
    for (const c of this.root.cpus) {
      const cpu = this.cpus[c];
      const core = cpu.core;
      if (!cpu.waitForPoweron) this.onCpu(cpu, () => this.irqchip.cpuReset(cpu, true));
      const cp = core.cp15;
      cp.hcr = 0;
      cp.vttbr[0] = 0; cp.vttbr[1] = 0;
      cp.vtcr = 0;
      cp.vmpidr = cp.mpidr;
      cp.vpidr = cp.model.midr;
      core.pl2 = null;
      core.translationChanged();
      core.interruptChanged();
      this.console.print(` Releasing CPU ${c}\n`);
    }
    releaseCellMemory(this, this.root);
    this.cells.length = 0;
    const hooks = this.machine.roundHooks;
    const i = hooks.indexOf(this.pollHook);
    if (i >= 0) hooks.splice(i, 1);
    this.enabled = false;
  }

  printPoolUsage(when: string): void {
    this.console.print(`Page pool usage ${when}: mem ${this.pool.used}/${this.poolPages}, remap 0/0\n`);
  }

  // ------------------------------------------------------------ Hyp entries

  enterHyp(core: Core, vector: number): void {
    const cpu = this.cpus[core.index];
    if (cpu === undefined) throw new Error(`hypervisor entered on CPU ${core.index}, which it does not manage`);
    const prev = this.current;
    this.current = cpu;
    cpu.stats.counts[STAT_VMEXITS_TOTAL]++;
    try {
      if (vector === 0x14) handleTrap(this, cpu);
      else if (vector === 0x18) this.irqchip.handleIrq(cpu);
      else this.unexpectedExit(cpu, vector);
    } finally {
      this.current = prev;
    }
  }

  private unexpectedExit(cpu: PerCpu, vector: number): void {
    const names: Record<number, string> = { 0x00: 'reset', 0x04: 'undef', 0x08: 'hvc', 0x0c: 'prefetch abort', 0x10: 'data abort', 0x1c: 'fiq' };
    this.console.print(`Unhandled HYP ${names[vector] ?? 'unknown'} exit at 0x${cpu.core.elrHyp.toString(16)}\n`);
    this.console.print(`Stopping CPU ${cpu.index} (Cell: "${cpu.cell.name}")\n`);
    cpu.failed = true;
    cpu.core.off = true;
    cpu.core.breakLoop();
  }

  // ------------------------------------------------------------ CPU control

  /**
   * Puts the CPU's guest state into the reset state of its cell (registers
   * cleared, MMU and caches off, vectors at 0, timers stopped, virtual GIC
   * interface reset) with SPSR_hyp/ELR_hyp set to enter `entry` in SVC mode.
   * The core is left in Hyp mode; resume() enters the guest.
   */
  private resetGuest(cpu: PerCpu, entry: number, context: number): void {
    const core = cpu.core;
    if (core.mode !== MODE_HYP) core.switchMode(MODE_HYP);
    core.R.fill(0, 0, 13);
    core.R[14] = 0;
    core.bankR13.fill(0);
    core.bankR14.fill(0);
    core.usrR8_12.fill(0);
    core.fiqR8_12.fill(0);
    core.spsr.fill(0);
    const cp = core.cp15;
    cp.sctlrB[NS] = cp.model.sctlrReset;
    for (const b of [cp.vbarB, cp.dfsrB, cp.ifsrB, cp.dfarB, cp.ifarB, cp.contextidrB, cp.tpidrurwB, cp.tpidruroB,
      cp.tpidrprwB, cp.csselrB, cp.dacrB, cp.ttbcrB, cp.prrrB, cp.nmrrB]) b[NS] = 0;
    for (const b of [cp.ttbr0B, cp.ttbr1B, cp.parB]) { b[NS * 2] = 0; b[NS * 2 + 1] = 0; }
    cp.cpacr = 0;
    core.vfp.reset();
    core.clearExclusive();
    core.eventReg = false;
    this.resetTimers(core);
    core.spsr[BANK_HYP] = RESET_PSR;
    core.elrHyp = entry >>> 0;
    core.R[0] = context >>> 0;
    this.loadCellContext(cpu);
    this.onCpu(cpu, () => this.irqchip.cpuReset(cpu, false));
  }

  /**
   * Stops the guest timers of the CPU (CNTKCTL, CNTP/CNTV control and compare
   * values) and gives PL1 the physical counter and timer with a zero virtual
   * offset, as the boot stub of the root's CPUs does; from Hyp mode.
   */
  private resetTimers(core: Core): void {
    const t = core.cp15.timer;
    if (t === null) return;
    t.write(4, 14, 1, 0, 3); // CNTHCTL: PL1PCTEN | PL1PCEN
    t.write64(4, 14, 0, 0); // CNTVOFF
    t.write(0, 14, 1, 0, 0); // CNTKCTL
    t.write(0, 14, 2, 1, 0); // CNTP_CTL
    t.write(0, 14, 3, 1, 0); // CNTV_CTL
    t.write64(2, 14, 0, 0); // CNTP_CVAL
    t.write64(3, 14, 0, 0); // CNTV_CVAL
  }

  /** Enters the guest of a reset CPU, unless it is the CPU in a trap (whose exit ends with ERET anyway). */
  private resume(cpu: PerCpu): void {
    const core = cpu.core;
    core.off = false;
    core.sleeping = false;
    if (cpu === this.current) return;
    const now = this.current !== null ? this.current.core.cycles : this.machine.now;
    if (core.cycles < now) {
      core.idleCycles += now - core.cycles;
      core.cycles = now;
    }
    core.exceptionReturn(core.elrHyp);
  }

  /**
   * Parks the CPU (PSCI CPU_OFF, given to or taken from a cell, violation): it
   * stays in Hyp mode and runs nothing until CPU_ON or a cell start resets it.
   */
  park(cpu: PerCpu): void {
    this.resetGuest(cpu, 0, 0);
    cpu.waitForPoweron = true;
    cpu.core.off = true;
    cpu.core.sleeping = false;
    cpu.core.breakLoop();
  }

  /** Starts the CPU's guest at `entry` (cell start, PSCI CPU_ON). */
  startCpu(cpu: PerCpu, entry: number, context: number): void {
    cpu.waitForPoweron = false;
    cpu.failed = false;
    this.resetGuest(cpu, entry, context);
    this.resume(cpu);
  }

  /**
   * After a violation: report, mark the CPU failed, the cell FAILED when all its
   * CPUs failed, and park the CPU. Other CPUs and cells run on.
   */
  panicPark(cpu: PerCpu): void {
    const cell = cpu.cell;
    this.console.print(`Parking CPU ${cpu.index} (Cell: "${cell.name}")\n`);
    cpu.failed = true;
    if (this.cellCpus(cell).every((c) => c.failed)) cell.setState(JAILHOUSE_CELL_FAILED);
    this.park(cpu);
  }

  /** Switches the TLBs of a cell's CPUs after its stage-2 tables changed. */
  flushCellTlbs(cell: Cell): void {
    for (const c of cell.cpus) this.cores[c].translationChanged();
  }

  // ------------------------------------------------------------ waiting for cells

  /** Checks the comm regions that management requests wait on (once per machine round). */
  private pollPending(): void {
    if (this.pendingOps.length === 0) return;
    for (const op of [...this.pendingOps]) op.poll();
  }
}
