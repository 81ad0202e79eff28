// Dispatch of Hyp traps by HSR exception class: hypercalls (HVC #0x4a48),
// PSCI (SMC), stage-2 data aborts (MMIO emulation or a violation), stage-2
// prefetch aborts (always a violation), and the CP15 accesses HCR.TAC/TSW trap.
// Whatever is not handled parks the CPU with Jailhouse's report.

import { EC_CP15_32, EC_CP15_64, EC_DABT_LOWER, EC_HVC, EC_PABT_LOWER, EC_SMC } from '../cpu/hyp-traps.js';
import { JAILHOUSE_HVC_CODE, STAT_VMEXITS_CP15, STAT_VMEXITS_MMIO } from './abi.js';
import {
  dumpGuestRegs, failedCondition, readGuestReg, skipInstruction, writeGuestReg,
} from './guest-context.js';
import {
  MMIO_ERROR, MMIO_HANDLED, MMIO_UNHANDLED, completeAccess, decodeDataAbort, injectDataAbort, loadWriteValue,
  type MmioResult,
} from './mmio.js';
import { GICD_SIZE } from './irqchip.js';
import { smcDispatch } from './psci.js';
import { hypercall } from './hypercalls.js';
import type { Hypervisor, PerCpu } from './hypervisor.js';

const TRAP_HANDLED = 0, TRAP_UNHANDLED = 1, TRAP_FORBIDDEN = 2;
type TrapResult = typeof TRAP_HANDLED | typeof TRAP_UNHANDLED | typeof TRAP_FORBIDDEN;
const NS = 1;

export function handleTrap(hv: Hypervisor, cpu: PerCpu): void {
  const core = cpu.core;
  if (hv.tracer !== null) hv.tracer.trap(cpu.index, core.cp15.hsr, core.elrHyp);
  if (failedCondition(core)) {
    skipInstruction(core);
    return;
  }
  const ec = core.cp15.hsr >>> 26;
  let ret: TrapResult;
  switch (ec) {
    case EC_HVC: ret = handleHvc(hv, cpu); break;
    case EC_SMC: ret = handleSmc(hv, cpu); break;
    case EC_DABT_LOWER: ret = handleDataAbort(hv, cpu); break;
    case EC_PABT_LOWER: ret = handleInstructionAbort(hv, cpu); break;
    case EC_CP15_32: ret = handleCp15(cpu); break;
    case EC_CP15_64: cpu.stats.counts[STAT_VMEXITS_CP15]++; ret = TRAP_UNHANDLED; break;
    default: ret = TRAP_UNHANDLED;
  }
  if (ret === TRAP_HANDLED) return;
  hv.console.print(`FATAL: ${ret === TRAP_UNHANDLED ? 'unhandled trap' : 'forbidden access'} ` +
    `(exception class 0x${ec.toString(16).padStart(2, '0')})\n`);
  hv.console.print(dumpGuestRegs(core));
  hv.panicPark(cpu);
}

/** HVC: only Jailhouse's immediate is a hypercall; the result goes to r0 (HVC returns past itself). */
function handleHvc(hv: Hypervisor, cpu: PerCpu): TrapResult {
  const core = cpu.core;
  if ((core.cp15.hsr & 0xffff) !== JAILHOUSE_HVC_CODE) return TRAP_FORBIDDEN;
  const r = hypercall(hv, cpu, core.R[0] >>> 0, core.R[1] >>> 0, core.R[2] >>> 0, true);
  if (r !== null) core.R[0] = r >>> 0;
  return TRAP_HANDLED;
}

function handleSmc(hv: Hypervisor, cpu: PerCpu): TrapResult {
  const core = cpu.core;
  const r = smcDispatch(hv, cpu);
  if (r === null) return TRAP_UNHANDLED;
  if (core.off) return TRAP_HANDLED; // CPU_OFF parked it
  core.R[0] = r >>> 0;
  skipInstruction(core);
  return TRAP_HANDLED;
}

function handleDataAbort(hv: Hypervisor, cpu: PerCpu): TrapResult {
  const core = cpu.core;
  const info = cpu.abort, access = cpu.access;
  cpu.stats.counts[STAT_VMEXITS_MMIO]++;
  decodeDataAbort(core, info);
  if (info.reflect) {
    injectDataAbort(core, core.cp15.hdfar);
    return TRAP_HANDLED;
  }
  if (info.isv) {
    loadWriteValue(core, info, access);
    const r = cpu.cell.mmio.dispatch(access);
    if (hv.tracer !== null) traceMmio(hv, cpu, r);
    if (r === MMIO_ERROR) return TRAP_FORBIDDEN;
    if (r !== MMIO_UNHANDLED) {
      completeAccess(core, info, access);
      return TRAP_HANDLED;
    }
  } else if (hv.tracer !== null) traceMmio(hv, cpu, MMIO_UNHANDLED);
  hv.console.print(`Unhandled data ${info.isWrite ? 'write' : 'read'} at 0x${info.ipa.toString(16)}(${info.size})\n`);
  return TRAP_UNHANDLED;
}

/** Traces a trapped access before it completes (a written value is still in its source register). */
function traceMmio(hv: Hypervisor, cpu: PerCpu, r: MmioResult): void {
  const info = cpu.abort;
  let value: number | null = null;
  if (info.isv && info.isWrite) value = readGuestReg(cpu.core, info.reg) & (info.size === 4 ? 0xffffffff : (1 << (info.size * 8)) - 1);
  else if (r === MMIO_HANDLED) value = cpu.access.value;
  let by = 'violation';
  if (r === MMIO_HANDLED) {
    by = cpu.cell.mmio.nameAt(info.ipa, info.size) ?? '';
    const gicd = hv.system.platformInfo.arm.gicdBase;
    if (by === '') by = info.ipa >= gicd && info.ipa < gicd + GICD_SIZE ? 'gicd' : 'emulated';
  }
  hv.tracer!.mmio(cpu.index, info.ipa, info.size, info.isWrite, value, by);
}

function handleInstructionAbort(hv: Hypervisor, cpu: PerCpu): TrapResult {
  const cp = cpu.core.cp15;
  const ipa = ((cp.hpfar >>> 4) * 0x1000 + (cp.hifar & 0xfff)) >>> 0;
  hv.console.print(`FATAL: instruction abort at 0x${ipa.toString(16)}\n`);
  return TRAP_FORBIDDEN;
}

/**
 * MCR/MRC trapped by HCR.TAC (ACTLR: reads see the real value, writes are
 * ignored so the cell cannot turn off coherency) and HCR.TSW (data cache
 * maintenance by set/way: nothing to do, no caches are modelled).
 */
function handleCp15(cpu: PerCpu): TrapResult {
  const core = cpu.core;
  const hsr = core.cp15.hsr;
  cpu.stats.counts[STAT_VMEXITS_CP15]++;
  const opc2 = (hsr >>> 17) & 7, opc1 = (hsr >>> 14) & 7, crn = (hsr >>> 10) & 0xf;
  const rt = (hsr >>> 5) & 0xf, crm = (hsr >>> 1) & 0xf, read = (hsr & 1) !== 0;
  if (opc1 === 0 && crn === 1 && crm === 0 && opc2 === 1) {
    if (read) writeGuestReg(core, rt, core.cp15.actlrB[NS]);
    else readGuestReg(core, rt);
  } else if (!read && opc1 === 0 && crn === 7 && opc2 === 2 && (crm === 6 || crm === 10 || crm === 14)) {
    // DCISW, DCCSW, DCCISW
  } else {
    return TRAP_UNHANDLED;
  }
  skipInstruction(core);
  return TRAP_HANDLED;
}
