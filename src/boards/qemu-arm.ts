// QEMU's `virt` machine for 32-bit ARM (hw/arm/virt.c memory map), so that the
// same ELF runs here and under qemu-system-arm -M virt.

import type { BoardSpec } from './board.js';
import { CORTEX_A15_QEMU } from '../cpu/models.js';

export const QEMU_ARM: BoardSpec = {
  name: 'qemu-arm',
  description: "QEMU 'virt' machine layout (Cortex-A15, virtualization=on), PL011 UART at 0x09000000",
  model: CORTEX_A15_QEMU,
  cpuHz: 1_000_000_000,
  timerHz: 62_500_000,
  maxCpus: 8,
  defaultCpus: 1,
  ram: { base: 0x40000000, size: 128 * 1024 * 1024 },
  uarts: [{ name: 'uart0', kind: 'pl011', base: 0x09000000, size: 0x1000, irq: 33 }],
  stdoutUart: 'uart0',
  gic: {
    kind: 'qemu',
    distributor: 0x08000000, cpuInterface: 0x08010000, hypInterface: 0x08030000, virtualCpuInterface: 0x08040000,
    lines: 288,
  },
  hasSecurity: false,
  hasVirtualization: true,
};
