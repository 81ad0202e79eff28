// SMCs of the cells (trapped by HCR.TSC), as Jailhouse answers them: PSCI
// per cell, where CPU_ON, CPU_OFF and AFFINITY_INFO act on the caller's own
// cell only, addressed by the virtual CPU IDs the cell sees in MPIDR, and
// CPU_SUSPEND waits for an interrupt; the SMCCC architecture calls; nothing
// for silicon-provider calls. The firmware is never reached from a cell.

import {
  PSCI_AFFINITY_INFO, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_CPU_SUSPEND, PSCI_DENIED, PSCI_NOT_SUPPORTED, PSCI_SUCCESS,
  PSCI_ALREADY_ON, PSCI_VERSION,
} from '../firmware/psci.js';
import { STAT_VMEXITS_PSCI, STAT_VMEXITS_SMCCC } from './abi.js';
import type { Hypervisor, PerCpu } from './hypervisor.js';

/** SMC64 function IDs of the same calls (bit 30 set), accepted with 32-bit arguments. */
const SMC64 = 0x40000000;
const PSCI_CPU_IS_ON = 0, PSCI_CPU_IS_OFF = 1;
/** SMC Calling Convention owners (function ID bits 29:24) and the architecture calls. */
const OWNER_ARCH = 0, OWNER_SIP = 2, OWNER_STANDARD = 4;
const SMCCC_VERSION = 0x80000000, SMCCC_ARCH_FEATURES = 0x80000001;
const SMCCC_VERSION_1_1 = 0x10001;
/** The version Jailhouse reports: PSCI 0.2. */
const PSCI_VERSION_0_2 = 0x00000002;

/**
 * An SMC of a cell: architecture calls (SMCCC 1.1), silicon-provider calls
 * (not supported), PSCI (the standard service). Returns r0's value, or null
 * for calls nobody handles (the CPU is parked).
 */
export function smcDispatch(hv: Hypervisor, cpu: PerCpu): number | null {
  const fn = cpu.core.R[0] >>> 0;
  switch ((fn >>> 24) & 0x3f) {
    case OWNER_ARCH:
      cpu.stats.counts[STAT_VMEXITS_SMCCC]++;
      if (fn === SMCCC_VERSION) return SMCCC_VERSION_1_1;
      if (fn === SMCCC_ARCH_FEATURES) return (cpu.core.R[1] >>> 0) === SMCCC_ARCH_FEATURES ? 0 : PSCI_NOT_SUPPORTED;
      hv.console.print(`Unhandled SMC arch trap ${fn.toString(16)}\n`);
      return null;
    case OWNER_SIP:
      cpu.stats.counts[STAT_VMEXITS_SMCCC]++;
      return PSCI_NOT_SUPPORTED;
    case OWNER_STANDARD:
      return hv.tracer !== null ? tracedPsci(hv, cpu) : psciDispatch(hv, cpu);
    default:
      return null;
  }
}

/** PSCI with its trace (arguments read first: CPU_OFF clears the caller's registers). */
function tracedPsci(hv: Hypervisor, cpu: PerCpu): number {
  const R = cpu.core.R;
  const fn = R[0] >>> 0, a1 = R[1] >>> 0, a2 = R[2] >>> 0, a3 = R[3] >>> 0;
  const r = psciDispatch(hv, cpu);
  hv.tracer!.psci(cpu.index, 'hypervisor', fn, a1, a2, a3, r);
  return r;
}

/** The cell's CPU with virtual ID `mpidr` (Aff0; higher affinity levels must be 0). */
function cpuByMpidr(hv: Hypervisor, caller: PerCpu, mpidr: number): PerCpu | null {
  if ((mpidr & 0x00ffff00) !== 0) return null;
  for (const c of caller.cell.cpus) {
    const cpu = hv.cpus[c];
    if (cpu.virtId === (mpidr & 0xff)) return cpu;
  }
  return null;
}

/** PSCI (SMC32 or SMC64 function IDs) for `cpu`; returns r0's value (ignored when the CPU parked). */
export function psciDispatch(hv: Hypervisor, cpu: PerCpu): number {
  const R = cpu.core.R;
  const fn = R[0] >>> 0;
  cpu.stats.counts[STAT_VMEXITS_PSCI]++;
  switch ((fn & ~SMC64) >>> 0) {
    case PSCI_VERSION:
      return PSCI_VERSION_0_2;
    case PSCI_CPU_SUSPEND:
      // Standby: the guest resumes after the SMC once an interrupt is pending.
      if (!hv.irqchip.hasPendingIrqs(cpu)) {
        cpu.core.sleeping = true;
        cpu.core.breakLoop();
      }
      return PSCI_SUCCESS;
    case PSCI_CPU_OFF:
      hv.park(cpu);
      return PSCI_SUCCESS;
    case PSCI_CPU_ON: {
      const target = cpuByMpidr(hv, cpu, R[1]);
      if (target === null) return PSCI_DENIED;
      if (!target.waitForPoweron) return PSCI_ALREADY_ON;
      target.cpuOnEntry = R[2] >>> 0;
      target.cpuOnContext = R[3] >>> 0;
      hv.startCpu(target, target.cpuOnEntry, target.cpuOnContext);
      return PSCI_SUCCESS;
    }
    case PSCI_AFFINITY_INFO: {
      const target = cpuByMpidr(hv, cpu, R[1]);
      if (target === null) return PSCI_DENIED;
      return target.waitForPoweron ? PSCI_CPU_IS_OFF : PSCI_CPU_IS_ON;
    }
    default:
      return PSCI_NOT_SUPPORTED;
  }
}
