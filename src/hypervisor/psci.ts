// PSCI as each cell sees it (SMC trapped by HCR.TSC): CPU_ON, CPU_OFF and
// AFFINITY_INFO act on the caller's own cell only, addressed by the virtual
// CPU IDs the cell sees in MPIDR; CPU_SUSPEND waits for an interrupt. The
// firmware's PSCI is never reached from a cell.

import {
  PSCI_AFFINITY_INFO, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_CPU_SUSPEND, PSCI_DENIED, PSCI_NOT_SUPPORTED, PSCI_SUCCESS,
  PSCI_ALREADY_ON, PSCI_VERSION,
} from '../firmware/psci.js';
import { STAT_VMEXITS_PSCI, STAT_VMEXITS_SMCCC } from './abi.js';
import type { Hypervisor, PerCpu } from './hypervisor.js';

/** SMC64 function IDs of the same calls (bit 30 set), accepted with 32-bit arguments. */
const SMC64 = 0x40000000;
const PSCI_CPU_IS_ON = 0, PSCI_CPU_IS_OFF = 1;
/** SMCCC_VERSION, and the architecture call range. */
const SMCCC_VERSION = 0x80000000;
/** The version Jailhouse reports: PSCI 0.2. */
const PSCI_VERSION_0_2 = 0x00000002;

/** Whether an SMC function ID is one the hypervisor answers (PSCI, SMCCC architecture calls). */
export function isHandledSmc(fn: number): boolean {
  const base = (fn & ~SMC64) >>> 0;
  return (base & 0xffffffe0) >>> 0 === 0x84000000 || (fn & 0xffff0000) >>> 0 === SMCCC_VERSION;
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

/** Handles the SMC in r0..r3 of `cpu`; returns the value for r0 (ignored when the CPU parked). */
export function psciDispatch(hv: Hypervisor, cpu: PerCpu): number {
  const R = cpu.core.R;
  const fn = R[0] >>> 0;
  if ((fn & 0xffff0000) >>> 0 === SMCCC_VERSION) {
    cpu.stats.counts[STAT_VMEXITS_SMCCC]++;
    return fn === SMCCC_VERSION ? 0x10001 : PSCI_NOT_SUPPORTED;
  }
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
