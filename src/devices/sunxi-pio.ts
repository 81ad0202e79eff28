// Allwinner A20 port controller (PIO): ports A..I, each with four
// configuration registers (3-bit function per pin, 4 bits apart), a data
// register, drive and pull registers, 0x24 bytes apart. Pins configured as
// outputs drive their data bit; changes of watched pins are reported (the LED).

import type { AccessSize, MmioDevice } from '../machine/bus.js';

const PORTS = 9;
const PORT_STRIDE = 0x24;
const FUNC_OUTPUT = 1;

export interface PinWatch {
  /** Port letter 'A'..'I'. */
  port: string;
  pin: number;
  /** Called with the new output level whenever it changes. */
  onChange: (level: boolean) => void;
}

export class SunxiPio implements MmioDevice {
  readonly name = 'pio';
  private readonly regs = new Uint32Array(PORTS * PORT_STRIDE / 4);
  private readonly intRegs = new Uint32Array(0x40 / 4);
  private readonly watches: { port: number; pin: number; level: boolean; onChange: (l: boolean) => void }[] = [];

  watch(w: PinWatch): void {
    const port = w.port.toUpperCase().charCodeAt(0) - 65;
    if (port < 0 || port >= PORTS || w.pin < 0 || w.pin > 31) throw new Error(`no pin P${w.port}${w.pin} on the A20`);
    this.watches.push({ port, pin: w.pin, level: false, onChange: w.onChange });
  }

  /** Output level of a pin: high only when it is configured as an output and its data bit is set. */
  outputLevel(port: number, pin: number): boolean {
    const cfg = this.regs[(port * PORT_STRIDE >> 2) + (pin >> 3)];
    const func = (cfg >>> ((pin & 7) * 4)) & 7;
    const dat = this.regs[(port * PORT_STRIDE + 0x10) >> 2];
    return func === FUNC_OUTPUT && ((dat >>> pin) & 1) === 1;
  }

  read(offset: number, _size: AccessSize): number {
    if (offset < PORTS * PORT_STRIDE) return this.regs[offset >> 2];
    if (offset >= 0x200 && offset < 0x240) return this.intRegs[(offset - 0x200) >> 2];
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset < PORTS * PORT_STRIDE) {
      this.regs[offset >> 2] = value;
      this.update();
    } else if (offset >= 0x200 && offset < 0x240) {
      this.intRegs[(offset - 0x200) >> 2] = value;
    }
  }

  private update(): void {
    for (const w of this.watches) {
      const level = this.outputLevel(w.port, w.pin);
      if (level !== w.level) { w.level = level; w.onChange(level); }
    }
  }
}
