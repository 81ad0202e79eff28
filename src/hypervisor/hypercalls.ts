// Jailhouse's hypercalls. Management calls come from the root cell only; those
// that change a running cell first ask it through its communication region
// (SHUTDOWN_REQUEST) unless it has a passive one, and the calling CPU waits in
// the hypervisor for the reply (checked once per machine round), as
// Jailhouse's cell_exchange_message spins on the reply.

import {
  EBUSY, EINVAL, ENOENT, ENOSYS, EPERM, JAILHOUSE_CELL_FAILED, JAILHOUSE_CELL_FAILED_COMM_REV,
  JAILHOUSE_CELL_RUNNING, JAILHOUSE_CELL_RUNNING_LOCKED, JAILHOUSE_CELL_SHUT_DOWN, JAILHOUSE_CPU_FAILED,
  JAILHOUSE_CPU_INFO_STATE, JAILHOUSE_CPU_INFO_STAT_BASE, JAILHOUSE_CPU_RUNNING, JAILHOUSE_HC_CELL_CREATE,
  JAILHOUSE_HC_CELL_DESTROY, JAILHOUSE_HC_CELL_GET_STATE, JAILHOUSE_HC_CELL_SET_LOADABLE, JAILHOUSE_HC_CELL_START,
  JAILHOUSE_HC_CPU_GET_INFO, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, JAILHOUSE_HC_DISABLE, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
  JAILHOUSE_INFO_MEM_POOL_SIZE, JAILHOUSE_INFO_MEM_POOL_USED, JAILHOUSE_INFO_NUM_CELLS,
  JAILHOUSE_INFO_REMAP_POOL_SIZE, JAILHOUSE_INFO_REMAP_POOL_USED, JAILHOUSE_MSG_NONE,
  JAILHOUSE_MSG_REQUEST_APPROVED, JAILHOUSE_MSG_SHUTDOWN_REQUEST, NUM_CPU_STATS, PSCI_INVALID_ADDRESS,
  STAT_VMEXITS_HYPERCALL,
} from './abi.js';
import {
  JAILHOUSE_CELL_PASSIVE_COMMREG, JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE, JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,
  JAILHOUSE_MEM_LOADABLE,
} from '../config/index.js';
import {
  commFlags, createCell, destroyCellInternal, findCell, refuse, remapToRoot, unmapFromRoot, type Cell,
} from './cell.js';
import type { Hypervisor, PerCpu } from './hypervisor.js';

/** A management request waiting for a cell's reply; its caller is blocked meanwhile. */
export class PendingOp {
  result: number | null = null;
  /** The hypercall and its first argument (for the trace of its completion). */
  code = -1;
  arg = 0;

  constructor(private readonly hv: Hypervisor, readonly caller: PerCpu, readonly fromGuest: boolean,
    readonly cell: Cell, private readonly proceed: () => number, private readonly deadline: number) {}

  /** Looks at the reply and the cell state; completes the request when they allow. */
  poll(): void {
    const comm = this.cell.comm!;
    const state = comm.cellState, reply = comm.replyFromCell;
    if (state === JAILHOUSE_CELL_SHUT_DOWN || state === JAILHOUSE_CELL_FAILED || reply === JAILHOUSE_MSG_REQUEST_APPROVED) {
      this.finish(true);
    } else if (reply !== JAILHOUSE_MSG_NONE) {
      this.finish(false);
    } else if (this.hv.machine.now >= this.deadline) {
      this.hv.console.print('Timeout expired while waiting for reply from target cell\n');
      for (const cpu of this.hv.cellCpus(this.cell)) this.hv.park(cpu);
      this.cell.setState(JAILHOUSE_CELL_FAILED);
      this.finish(true);
    }
  }

  private finish(approved: boolean): void {
    const hv = this.hv, caller = this.caller;
    hv.pendingOps.splice(hv.pendingOps.indexOf(this), 1);
    caller.blocked = null;
    const prev = hv.current;
    hv.current = caller;
    try {
      this.result = approved ? hv.onCpu(caller, this.proceed) : -EPERM;
    } finally {
      hv.current = prev;
    }
    if (hv.tracer !== null) hv.tracer.hypercall(caller.index, this.code, this.arg, 0, this.result, true);
    const core = caller.core;
    core.off = false;
    if (this.fromGuest) {
      core.R[0] = this.result >>> 0;
      core.exceptionReturn(core.elrHyp);
    }
  }
}

/**
 * The cell named by `id` for a management call: root caller, existing non-root
 * cell, and the cell agrees to stop. Returns the result, or null when the
 * caller now waits for the cell's reply.
 */
function manage(hv: Hypervisor, caller: PerCpu, id: number, fromGuest: boolean, isDestroy: boolean,
  proceed: (cell: Cell) => number): number | null {
  if (caller.cell !== hv.root) return -EPERM;
  const cell = findCell(hv, id);
  if (cell === undefined) return -ENOENT;
  if (cell.isRoot) return -EINVAL;
  if (isDestroy && hv.cells.some((c) => c !== cell && !c.isRoot && c.state === JAILHOUSE_CELL_RUNNING_LOCKED)) {
    return -EPERM;
  }
  if (cell.config.flags & JAILHOUSE_CELL_PASSIVE_COMMREG) return proceed(cell);
  const comm = cell.comm!;
  comm.sendMessage(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
  const state = comm.cellState;
  if (state === JAILHOUSE_CELL_SHUT_DOWN || state === JAILHOUSE_CELL_FAILED) return proceed(cell);
  const timeout = cell.config.msgReplyTimeout;
  const op = new PendingOp(hv, caller, fromGuest, cell, () => proceed(cell),
    timeout > 0 ? hv.machine.now + timeout : Infinity);
  hv.pendingOps.push(op);
  caller.blocked = op;
  caller.core.off = true;
  caller.core.breakLoop();
  return null;
}

function startNow(hv: Hypervisor, cell: Cell): number {
  if (cell.loadable) {
    for (const mem of cell.config.memoryRegions) if (mem.flags & JAILHOUSE_MEM_LOADABLE) unmapFromRoot(hv, mem);
    hv.flushCellTlbs(hv.root);
    cell.loadable = false;
  }
  const arm = hv.system.platformInfo.arm;
  cell.comm!.reset({
    gicdBase: arm.gicdBase, giccBase: arm.giccBase, gicrBase: arm.gicrBase, vpciIrqBase: cell.config.vpciIrqBase,
    flags: commFlags(cell.config), console: cell.config.console,
    pciMmconfigBase: hv.system.platformInfo.pciMmconfigBase,
  });
  hv.pci.cellReset(cell);
  hv.irqchip.cellReset(cell);
  const cpus = hv.cellCpus(cell);
  cpus.forEach((cpu, pos) => {
    cpu.cpuOnEntry = pos === 0 ? cell.config.cpuResetAddress : PSCI_INVALID_ADDRESS;
    cpu.cpuOnContext = 0;
  });
  for (const cpu of cpus) {
    if (cpu.cpuOnEntry !== PSCI_INVALID_ADDRESS) hv.startCpu(cpu, cpu.cpuOnEntry, 0);
    else { cpu.failed = false; hv.park(cpu); }
  }
  hv.console.print(`Started cell "${cell.name}"\n`);
  return 0;
}

function setLoadableNow(hv: Hypervisor, cell: Cell): number {
  for (const cpu of hv.cellCpus(cell)) {
    cpu.failed = false;
    hv.park(cpu);
  }
  if (cell.loadable) return 0;
  cell.setState(JAILHOUSE_CELL_SHUT_DOWN);
  cell.loadable = true;
  hv.pci.cellReset(cell);
  for (const mem of cell.config.memoryRegions) {
    if (mem.flags & JAILHOUSE_MEM_LOADABLE) remapToRoot(hv, mem.physStart, mem.size, cell);
  }
  hv.flushCellTlbs(hv.root);
  hv.console.print(`Cell "${cell.name}" can be loaded\n`);
  return 0;
}

function destroyNow(hv: Hypervisor, cell: Cell): number {
  hv.console.print(`Closing cell "${cell.name}"\n`);
  destroyCellInternal(hv, cell);
  hv.printPoolUsage('after cell destruction');
  return 0;
}

function cellGetState(hv: Hypervisor, caller: PerCpu, id: number): number {
  if (caller.cell !== hv.root) return -EPERM;
  const cell = findCell(hv, id);
  if (cell === undefined) return -ENOENT;
  const s = cell.state;
  switch (s) {
    case JAILHOUSE_CELL_RUNNING: case JAILHOUSE_CELL_RUNNING_LOCKED: case JAILHOUSE_CELL_SHUT_DOWN:
    case JAILHOUSE_CELL_FAILED: case JAILHOUSE_CELL_FAILED_COMM_REV:
      return s;
    default:
      return -EINVAL;
  }
}

function hypervisorGetInfo(hv: Hypervisor, type: number): number {
  switch (type) {
    case JAILHOUSE_INFO_MEM_POOL_SIZE: return hv.poolPages;
    case JAILHOUSE_INFO_MEM_POOL_USED: return hv.pool.used;
    case JAILHOUSE_INFO_REMAP_POOL_SIZE: return 0;
    case JAILHOUSE_INFO_REMAP_POOL_USED: return 0;
    case JAILHOUSE_INFO_NUM_CELLS: return hv.cells.length;
    default: return -EINVAL;
  }
}

function cpuGetInfo(hv: Hypervisor, caller: PerCpu, cpuId: number, type: number): number {
  if (!hv.system.rootCell.cpus.includes(cpuId) || hv.cpus[cpuId] === undefined) return -EINVAL;
  if (caller.cell !== hv.root && !caller.cell.cpus.includes(cpuId)) return -EPERM;
  const target = hv.cpus[cpuId];
  if (type === JAILHOUSE_CPU_INFO_STATE) return target.failed ? JAILHOUSE_CPU_FAILED : JAILHOUSE_CPU_RUNNING;
  if (type >= JAILHOUSE_CPU_INFO_STAT_BASE && type - JAILHOUSE_CPU_INFO_STAT_BASE < NUM_CPU_STATS) {
    return target.stats.reported(type - JAILHOUSE_CPU_INFO_STAT_BASE);
  }
  return -EINVAL;
}

/**
 * Handles hypercall `code` issued on `cpu` (by the guest's HVC, or by the
 * driver on that CPU); returns r0's value, or null when the CPU now waits
 * for a cell (cpu.blocked tells when it is done).
 */
export function hypercall(hv: Hypervisor, cpu: PerCpu, code: number, arg1: number, arg2: number,
  fromGuest: boolean): number | null {
  const r = dispatchHypercall(hv, cpu, code, arg1, arg2, fromGuest);
  if (r === null && cpu.blocked !== null) { cpu.blocked.code = code; cpu.blocked.arg = arg1; }
  if (hv.tracer !== null) hv.tracer.hypercall(cpu.index, code, arg1, arg2, r, false);
  return r;
}

function dispatchHypercall(hv: Hypervisor, cpu: PerCpu, code: number, arg1: number, arg2: number,
  fromGuest: boolean): number | null {
  cpu.stats.counts[STAT_VMEXITS_HYPERCALL]++;
  switch (code) {
    case JAILHOUSE_HC_DISABLE:
      if (cpu.cell !== hv.root) return -EPERM;
      if (hv.cells.length !== 1) {
        return refuse(hv, 'Disable refused', EBUSY, `${hv.cells.length - 1} cell(s) besides the root cell exist`);
      }
      hv.shutdown();
      return 0;
    case JAILHOUSE_HC_CELL_CREATE:
      return createCell(hv, cpu, arg1);
    case JAILHOUSE_HC_CELL_START:
      return manage(hv, cpu, arg1, fromGuest, false, (c) => startNow(hv, c));
    case JAILHOUSE_HC_CELL_SET_LOADABLE:
      return manage(hv, cpu, arg1, fromGuest, false, (c) => setLoadableNow(hv, c));
    case JAILHOUSE_HC_CELL_DESTROY:
      return manage(hv, cpu, arg1, fromGuest, true, (c) => destroyNow(hv, c));
    case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
      return hypervisorGetInfo(hv, arg1);
    case JAILHOUSE_HC_CELL_GET_STATE:
      return cellGetState(hv, cpu, arg1);
    case JAILHOUSE_HC_CPU_GET_INFO:
      return cpuGetInfo(hv, cpu, arg1, arg2);
    case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC:
      if ((cpu.cell.config.flags & (JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED | JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)) === 0) {
        return -EPERM;
      }
      hv.console.printFor(cpu.cell.name, String.fromCharCode(arg1 & 0xff));
      return 0;
    default:
      return -ENOSYS;
  }
}
