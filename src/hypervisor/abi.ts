// The hypervisor side of Jailhouse's ABI on 32-bit ARM (v0.12): hypercall
// codes and their results, cell and CPU states, messages exchanged through the
// communication region and its layout, per-CPU statistics. The config file
// layout lives in src/config/.

/** Immediate of the HVC instruction that carries a Jailhouse hypercall (r0 code, r1/r2 arguments, r0 result). */
export const JAILHOUSE_HVC_CODE = 0x4a48;

export const JAILHOUSE_HC_DISABLE = 0;
export const JAILHOUSE_HC_CELL_CREATE = 1;
export const JAILHOUSE_HC_CELL_START = 2;
export const JAILHOUSE_HC_CELL_SET_LOADABLE = 3;
export const JAILHOUSE_HC_CELL_DESTROY = 4;
export const JAILHOUSE_HC_HYPERVISOR_GET_INFO = 5;
export const JAILHOUSE_HC_CELL_GET_STATE = 6;
export const JAILHOUSE_HC_CPU_GET_INFO = 7;
export const JAILHOUSE_HC_DEBUG_CONSOLE_PUTC = 8;

export const HYPERCALL_NAMES: Record<number, string> = {
  0: 'DISABLE', 1: 'CELL_CREATE', 2: 'CELL_START', 3: 'CELL_SET_LOADABLE', 4: 'CELL_DESTROY',
  5: 'HYPERVISOR_GET_INFO', 6: 'CELL_GET_STATE', 7: 'CPU_GET_INFO', 8: 'DEBUG_CONSOLE_PUTC',
};

/** HYPERVISOR_GET_INFO types. */
export const JAILHOUSE_INFO_MEM_POOL_SIZE = 0;
export const JAILHOUSE_INFO_MEM_POOL_USED = 1;
export const JAILHOUSE_INFO_REMAP_POOL_SIZE = 2;
export const JAILHOUSE_INFO_REMAP_POOL_USED = 3;
export const JAILHOUSE_INFO_NUM_CELLS = 4;

/** CPU_GET_INFO types: the state, or JAILHOUSE_CPU_INFO_STAT_BASE + a statistics index. */
export const JAILHOUSE_CPU_INFO_STATE = 0;
export const JAILHOUSE_CPU_INFO_STAT_BASE = 1000;

export const JAILHOUSE_CPU_RUNNING = 0;
export const JAILHOUSE_CPU_FAILED = 2;

/** Per-CPU statistics (generic part, then the ARM part). */
export const STAT_VMEXITS_TOTAL = 0;
export const STAT_VMEXITS_MMIO = 1;
export const STAT_VMEXITS_MANAGEMENT = 2;
export const STAT_VMEXITS_HYPERCALL = 3;
export const STAT_VMEXITS_MAINTENANCE = 4;
export const STAT_VMEXITS_VIRQ = 5;
export const STAT_VMEXITS_VSGI = 6;
export const STAT_VMEXITS_PSCI = 7;
export const STAT_VMEXITS_SMCCC = 8;
export const STAT_VMEXITS_CP15 = 9;
export const NUM_CPU_STATS = 10;

/** Names as `jailhouse cell stats` shows them. */
export const STAT_NAMES = [
  'vmexits_total', 'vmexits_mmio', 'vmexits_management', 'vmexits_hypercall', 'vmexits_maintenance',
  'vmexits_virq', 'vmexits_vsgi', 'vmexits_psci', 'vmexits_smccc', 'vmexits_cp15',
] as const;

/** Cell states (comm region cell_state). */
export const JAILHOUSE_CELL_RUNNING = 0;
export const JAILHOUSE_CELL_RUNNING_LOCKED = 1;
export const JAILHOUSE_CELL_SHUT_DOWN = 2;
export const JAILHOUSE_CELL_FAILED = 3;
export const JAILHOUSE_CELL_FAILED_COMM_REV = 4;

export const CELL_STATE_NAMES: Record<number, string> = {
  0: 'running', 1: 'running/locked', 2: 'shut down', 3: 'failed', 4: 'failed (comm revision)',
};

/** Messages to a cell, and a cell's replies. */
export const JAILHOUSE_MSG_NONE = 0;
export const JAILHOUSE_MSG_SHUTDOWN_REQUEST = 1;
export const JAILHOUSE_MSG_RECONFIG_COMPLETED = 2;
export const JAILHOUSE_MSG_UNKNOWN = 1;
export const JAILHOUSE_MSG_REQUEST_DENIED = 2;
export const JAILHOUSE_MSG_REQUEST_APPROVED = 3;
export const JAILHOUSE_MSG_RECEIVED = 4;

/** Communication region flags. */
export const JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED = 0x0001;
export const JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE = 0x0002;

export const COMM_REGION_MAGIC = 'JHCOMM';
export const COMM_REGION_ABI_REVISION = 2;

/** Byte offsets in struct jailhouse_comm_region (revision 2: generic header, then the ARM platform part). */
export const CommOff = {
  signature: 0,
  revision: 6,
  cellState: 8,
  msgToCell: 12,
  replyFromCell: 16,
  flags: 20,
  /** struct jailhouse_console, 32 bytes */
  console: 24,
  pciMmconfigBase: 56,
  gicVersion: 64,
  gicdBase: 72,
  giccBase: 80,
  gicrBase: 88,
  vpciIrqBase: 96,
} as const;

/** Bytes of the region that carry information (the rest of the page is zero). */
export const COMM_REGION_SIZE = 100;

/** Linux errno values the hypercalls return negated. */
export const EPERM = 1, ENOENT = 2, E2BIG = 7, ENOMEM = 12, EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22,
  ENOSYS = 38;

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
