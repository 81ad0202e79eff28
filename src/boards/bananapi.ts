// LeMaker Banana Pi: Allwinner A20, two Cortex-A7 cores, 1 GiB DRAM, as
// Jailhouse's bananapi configuration sees it (A20 user manual memory map).

import type { BoardSpec } from './board.js';
import { CORTEX_A7 } from '../cpu/models.js';

export const BANANAPI: BoardSpec = {
  name: 'bananapi',
  description: 'Banana Pi (Allwinner A20, 2x Cortex-A7 at 960 MHz, 1 GiB), UART0 at 0x01c28000, green LED on PH24',
  model: CORTEX_A7,
  cpuHz: 960_000_000,
  timerHz: 24_000_000,
  maxCpus: 2,
  defaultCpus: 2,
  ram: { base: 0x40000000, size: 1024 * 1024 * 1024 },
  uarts: [
    { name: 'uart0', kind: '8250', base: 0x01c28000, size: 0x400, regShift: 2, irq: 33 },
    { name: 'uart7', kind: '8250', base: 0x01c29c00, size: 0x400, regShift: 2, irq: 52 },
  ],
  stdoutUart: 'uart0',
  // GIC-400 at 0x01c80000 (its first 4 KiB are reserved): GICH per CPU at 0x01c85000 + 0x200 * n.
  gic: {
    kind: 'gic-400',
    distributor: 0x01c81000, cpuInterface: 0x01c82000, hypInterface: 0x01c84000, hypAliases: 0x01c85000,
    virtualCpuInterface: 0x01c86000, lines: 160,
  },
  pio: { base: 0x01c20800, size: 0x400 },
  ccu: { base: 0x01c20000, size: 0x400 },
  leds: [{ name: 'green', port: 'H', pin: 24 }],
  hasSecurity: true,
  hasVirtualization: true,
};
