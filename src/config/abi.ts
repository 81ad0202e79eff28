// The rest of Jailhouse v0.12's guest-visible ABI on 32-bit ARM: hypercalls,
// their results, the communication region and the inmate conventions.
// docs/jailhouse-abi.md explains each value.

/** Immediate of the HVC instruction that issues a Jailhouse hypercall (`hvc #0x4a48`, "JH"). */
export const JAILHOUSE_HVC_CODE = 0x4a48;

/* Hypercall codes, passed in r0; arguments in r1 and r2; the result returns in r0. */
export const JAILHOUSE_HC_DISABLE = 0;
export const JAILHOUSE_HC_CELL_CREATE = 1;
export const JAILHOUSE_HC_CELL_START = 2;
export const JAILHOUSE_HC_CELL_SET_LOADABLE = 3;
export const JAILHOUSE_HC_CELL_DESTROY = 4;
export const JAILHOUSE_HC_HYPERVISOR_GET_INFO = 5;
export const JAILHOUSE_HC_CELL_GET_STATE = 6;
export const JAILHOUSE_HC_CPU_GET_INFO = 7;
export const JAILHOUSE_HC_DEBUG_CONSOLE_PUTC = 8;

/* JAILHOUSE_HC_HYPERVISOR_GET_INFO types (r1). */
export const JAILHOUSE_INFO_MEM_POOL_SIZE = 0;
export const JAILHOUSE_INFO_MEM_POOL_USED = 1;
export const JAILHOUSE_INFO_REMAP_POOL_SIZE = 2;
export const JAILHOUSE_INFO_REMAP_POOL_USED = 3;
export const JAILHOUSE_INFO_NUM_CELLS = 4;

/* JAILHOUSE_HC_CPU_GET_INFO types (r2). */
export const JAILHOUSE_CPU_INFO_STATE = 0;
export const JAILHOUSE_CPU_INFO_STAT_BASE = 1000;

/* CPU states. */
export const JAILHOUSE_CPU_RUNNING = 0;
export const JAILHOUSE_CPU_FAILED = 2;

/* CPU statistics (JAILHOUSE_CPU_INFO_STAT_BASE + n). */
export const JAILHOUSE_CPU_STAT_VMEXITS_TOTAL = 0;
export const JAILHOUSE_CPU_STAT_VMEXITS_MMIO = 1;
export const JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT = 2;
export const JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL = 3;
export const JAILHOUSE_GENERIC_CPU_STATS = 4;
export const JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE = 4;
export const JAILHOUSE_CPU_STAT_VMEXITS_VIRQ = 5;
export const JAILHOUSE_CPU_STAT_VMEXITS_VSGI = 6;
export const JAILHOUSE_CPU_STAT_VMEXITS_PSCI = 7;
export const JAILHOUSE_CPU_STAT_VMEXITS_SMCCC = 8;
export const JAILHOUSE_CPU_STAT_VMEXITS_CP15 = 9;
export const JAILHOUSE_NUM_CPU_STATS = 10;

/* Messages to a cell (comm region msg_to_cell). */
export const JAILHOUSE_MSG_NONE = 0;
export const JAILHOUSE_MSG_SHUTDOWN_REQUEST = 1;
export const JAILHOUSE_MSG_RECONFIG_COMPLETED = 2;

/* Replies from a cell (comm region reply_from_cell). */
export const JAILHOUSE_MSG_UNKNOWN = 1;
export const JAILHOUSE_MSG_REQUEST_DENIED = 2;
export const JAILHOUSE_MSG_REQUEST_APPROVED = 3;
export const JAILHOUSE_MSG_RECEIVED = 4;

/* Cell states (comm region cell_state, JAILHOUSE_HC_CELL_GET_STATE). */
export const JAILHOUSE_CELL_RUNNING = 0;
export const JAILHOUSE_CELL_RUNNING_LOCKED = 1;
export const JAILHOUSE_CELL_SHUT_DOWN = 2;
export const JAILHOUSE_CELL_FAILED = 3;
export const JAILHOUSE_CELL_FAILED_COMM_REV = 4;

/* Comm region flags. */
export const JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED = 0x0001;
export const JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE = 0x0002;

export const COMM_REGION_MAGIC = 'JHCOMM';
export const COMM_REGION_ABI_REVISION = 2;

/**
 * Offsets in struct jailhouse_comm_region on ARM: the generic header (ending
 * with pci_mmconfig_base), then the ARM part with gicd_base 8-byte aligned.
 * 100 bytes of fields.
 */
export const CommOff = {
  signature: 0,
  revision: 6,
  cellState: 8,
  msgToCell: 12,
  replyFromCell: 16,
  flags: 20,
  console: 24,
  pciMmconfigBase: 56,
  gicVersion: 64,
  gicdBase: 72,
  giccBase: 80,
  gicrBase: 88,
  vpciIrqBase: 96,
} as const;
export const COMM_REGION_SIZE = 100;

/** Where the ARM inmate library expects the comm region (guest-physical). */
export const INMATE_COMM_REGION_BASE = 0x80000000;

/* Hypercall error results: negative Linux errno values in r0. */
export const EPERM = 1;
export const ENOENT = 2;
export const EIO = 5;
export const E2BIG = 7;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ERANGE = 34;
export const ENOSYS = 38;

/* ivshmem 2.0 virtual PCI device. */
export const IVSHMEM_VENDOR_ID = 0x110a;
export const IVSHMEM_DEVICE_ID = 0x4106;
/** Register offsets in BAR 0. */
export const IVSHMEM_REG_ID = 0x00;
export const IVSHMEM_REG_MAX_PEERS = 0x04;
export const IVSHMEM_REG_INT_CTRL = 0x08;
export const IVSHMEM_REG_DOORBELL = 0x0c;
export const IVSHMEM_REG_STATE = 0x10;
export const IVSHMEM_INT_ENABLE = 0x1;
export const IVSHMEM_MAX_PEERS = 12;
/** Config-space offset of the vendor capability and its fields. */
export const IVSHMEM_CFG_VNDR_CAP = 0x40;
export const IVSHMEM_CFG_VNDR_LEN = 0x20;
export const IVSHMEM_CFG_MSIX_CAP = 0x60;
export const IVSHMEM_CFG_SHMEM_STATE_TAB_SZ = 0x44;
export const IVSHMEM_CFG_SHMEM_RW_SZ = 0x48;
export const IVSHMEM_CFG_SHMEM_OUTPUT_SZ = 0x50;
export const IVSHMEM_CFG_SHMEM_ADDR = 0x58;
export const IVSHMEM_CFG_ONESHOT_INT = 1 << 24;
