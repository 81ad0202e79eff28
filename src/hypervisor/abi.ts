// The hypervisor side of Jailhouse's ABI on 32-bit ARM (v0.12). The values
// themselves are defined once, in src/config/abi.ts (docs/jailhouse-abi.md
// explains them); this module re-exports them under the names the hypervisor
// uses and adds what only the hypervisor and its tools need: names for
// messages and traces, and the statistics table.

import {
  JAILHOUSE_CPU_STAT_VMEXITS_CP15, JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL, JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE,
  JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT, JAILHOUSE_CPU_STAT_VMEXITS_MMIO, JAILHOUSE_CPU_STAT_VMEXITS_PSCI,
  JAILHOUSE_CPU_STAT_VMEXITS_SMCCC, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, JAILHOUSE_CPU_STAT_VMEXITS_VIRQ,
  JAILHOUSE_CPU_STAT_VMEXITS_VSGI, JAILHOUSE_NUM_CPU_STATS,
  E2BIG, EBUSY, EEXIST, EINVAL, ENODEV, ENOENT, ENOMEM, ENOSYS, EPERM,
} from '../config/abi.js';

export {
  JAILHOUSE_HVC_CODE,
  JAILHOUSE_HC_DISABLE, JAILHOUSE_HC_CELL_CREATE, JAILHOUSE_HC_CELL_START, JAILHOUSE_HC_CELL_SET_LOADABLE,
  JAILHOUSE_HC_CELL_DESTROY, JAILHOUSE_HC_HYPERVISOR_GET_INFO, JAILHOUSE_HC_CELL_GET_STATE, JAILHOUSE_HC_CPU_GET_INFO,
  JAILHOUSE_HC_DEBUG_CONSOLE_PUTC,
  JAILHOUSE_INFO_MEM_POOL_SIZE, JAILHOUSE_INFO_MEM_POOL_USED, JAILHOUSE_INFO_REMAP_POOL_SIZE,
  JAILHOUSE_INFO_REMAP_POOL_USED, JAILHOUSE_INFO_NUM_CELLS,
  JAILHOUSE_CPU_INFO_STATE, JAILHOUSE_CPU_INFO_STAT_BASE, JAILHOUSE_CPU_RUNNING, JAILHOUSE_CPU_FAILED,
  JAILHOUSE_CELL_RUNNING, JAILHOUSE_CELL_RUNNING_LOCKED, JAILHOUSE_CELL_SHUT_DOWN, JAILHOUSE_CELL_FAILED,
  JAILHOUSE_CELL_FAILED_COMM_REV,
  JAILHOUSE_MSG_NONE, JAILHOUSE_MSG_SHUTDOWN_REQUEST, JAILHOUSE_MSG_RECONFIG_COMPLETED, JAILHOUSE_MSG_UNKNOWN,
  JAILHOUSE_MSG_REQUEST_DENIED, JAILHOUSE_MSG_REQUEST_APPROVED, JAILHOUSE_MSG_RECEIVED,
  JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED, JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE,
  COMM_REGION_MAGIC, COMM_REGION_ABI_REVISION, CommOff, COMM_REGION_SIZE,
  EPERM, ENOENT, E2BIG, ENOMEM, EBUSY, EEXIST, ENODEV, EINVAL, ENOSYS,
} from '../config/abi.js';

export const HYPERCALL_NAMES: Record<number, string> = {
  0: 'DISABLE', 1: 'CELL_CREATE', 2: 'CELL_START', 3: 'CELL_SET_LOADABLE', 4: 'CELL_DESTROY',
  5: 'HYPERVISOR_GET_INFO', 6: 'CELL_GET_STATE', 7: 'CPU_GET_INFO', 8: 'DEBUG_CONSOLE_PUTC',
};

/** Per-CPU statistics (generic part, then the ARM part): indexes into CpuStats.counts. */
export const STAT_VMEXITS_TOTAL = JAILHOUSE_CPU_STAT_VMEXITS_TOTAL;
export const STAT_VMEXITS_MMIO = JAILHOUSE_CPU_STAT_VMEXITS_MMIO;
export const STAT_VMEXITS_MANAGEMENT = JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT;
export const STAT_VMEXITS_HYPERCALL = JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL;
export const STAT_VMEXITS_MAINTENANCE = JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE;
export const STAT_VMEXITS_VIRQ = JAILHOUSE_CPU_STAT_VMEXITS_VIRQ;
export const STAT_VMEXITS_VSGI = JAILHOUSE_CPU_STAT_VMEXITS_VSGI;
export const STAT_VMEXITS_PSCI = JAILHOUSE_CPU_STAT_VMEXITS_PSCI;
export const STAT_VMEXITS_SMCCC = JAILHOUSE_CPU_STAT_VMEXITS_SMCCC;
export const STAT_VMEXITS_CP15 = JAILHOUSE_CPU_STAT_VMEXITS_CP15;
export const NUM_CPU_STATS = JAILHOUSE_NUM_CPU_STATS;

/** Names as `jailhouse cell stats` shows them, by statistics index. */
export const STAT_NAMES = [
  'vmexits_total', 'vmexits_mmio', 'vmexits_management', 'vmexits_hypercall', 'vmexits_maintenance',
  'vmexits_virq', 'vmexits_vsgi', 'vmexits_psci', 'vmexits_smccc', 'vmexits_cp15',
] as const;

/** Cell states as the driver's sysfs shows them. */
export const CELL_STATE_NAMES: Record<number, string> = {
  0: 'running', 1: 'running/locked', 2: 'shut down', 3: 'failed', 4: 'failed (comm revision)',
};

const ERRNO_NAMES: Record<number, string> = {
  [EPERM]: 'EPERM', [ENOENT]: 'ENOENT', [E2BIG]: 'E2BIG', [ENOMEM]: 'ENOMEM', [EBUSY]: 'EBUSY',
  [EEXIST]: 'EEXIST', [ENODEV]: 'ENODEV', [EINVAL]: 'EINVAL', [ENOSYS]: 'ENOSYS',
};

/** "-EBUSY" for -16, the number itself for anything else. */
export function errnoName(result: number): string {
  const name = result < 0 ? ERRNO_NAMES[-result] : undefined;
  return name !== undefined ? `-${name}` : String(result);
}

/** PSCI CPU_ON entry of a CPU that waits to be switched on. */
export const PSCI_INVALID_ADDRESS = -1;
