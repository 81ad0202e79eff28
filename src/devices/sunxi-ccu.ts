// Allwinner A20 clock control unit: a register file in which clock gates and
// dividers read back what was written, and enabled PLLs report "locked".

import type { AccessSize, MmioDevice } from '../machine/bus.js';

/** PLL configuration registers (PLL1..PLL7 at 0x00..0x30, 8 apart) have a lock bit. */
const PLL_OFFSETS = new Set([0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x40, 0x48]);
const PLL_ENABLE = 1 << 31, PLL_LOCK = 1 << 28;

/** Reset values after the boot ROM (A20 user manual, CCU register list). */
const RESET: [number, number][] = [
  [0x00, 0xa1005000], // PLL1 (CPU): enabled
  [0x20, 0xb1049291], // PLL5 (DDR)
  [0x28, 0x21009911], // PLL6 (peripherals)
  [0x54, 0x00010010], // CPU/AHB/APB0 ratio: CPU on PLL1
  [0x58, 0x00000000], // APB1: 24 MHz oscillator
];

export class SunxiCcu implements MmioDevice {
  readonly name = 'ccu';
  private readonly regs = new Uint32Array(0x400 / 4);

  constructor() {
    for (const [off, v] of RESET) this.regs[off >> 2] = v;
  }

  read(offset: number, _size: AccessSize): number {
    const v = this.regs[(offset & 0x3ff) >> 2];
    if (PLL_OFFSETS.has(offset & 0x3fc) && (v & PLL_ENABLE)) return (v | PLL_LOCK) >>> 0;
    return v;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    this.regs[(offset & 0x3ff) >> 2] = value;
  }
}
