// 16550-compatible UART (8250 family) with a configurable register distance
// (the Allwinner A20 uses 4 bytes, 32-bit accesses) and the DesignWare USR
// register at 0x7c that the A20's UART also has.

import type { AccessSize, MmioDevice } from '../machine/bus.js';

const LSR_DR = 1 << 0, LSR_THRE = 1 << 5, LSR_TEMT = 1 << 6;
const IER_RDI = 1 << 0, IER_THRI = 1 << 1;

export class Uart8250 implements MmioDevice {
  private rx: number[] = [];
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  private fcr = 0;
  /** THR-empty interrupt pending (cleared by reading IIR or writing THR). */
  private thriPending = true;

  constructor(readonly name: string, private readonly output: (byte: number) => void,
    private readonly regShift = 2, private readonly irq: (level: boolean) => void = () => {}) {}

  input(bytes: Uint8Array | number[]): void {
    for (const b of bytes) if (this.rx.length < 64) this.rx.push(b & 0xff);
    this.update();
  }

  private iir(): number {
    const fifo = (this.fcr & 1) ? 0xc0 : 0;
    if ((this.ier & IER_RDI) && this.rx.length > 0) return fifo | 0x04;
    if ((this.ier & IER_THRI) && this.thriPending) return fifo | 0x02;
    return fifo | 0x01;
  }

  private update(): void {
    this.irq((this.iir() & 1) === 0);
  }

  read(offset: number, _size: AccessSize): number {
    if (offset === 0x7c) return 0x06; // USR: TX FIFO not full and empty, not busy
    const reg = offset >>> this.regShift;
    const dlab = (this.lcr & 0x80) !== 0;
    switch (reg) {
      case 0: {
        if (dlab) return this.dll;
        const v = this.rx.length > 0 ? this.rx.shift()! : 0;
        this.update();
        return v;
      }
      case 1: return dlab ? this.dlm : this.ier;
      case 2: {
        const v = this.iir();
        if ((v & 0x0f) === 0x02) { this.thriPending = false; this.update(); }
        return v;
      }
      case 3: return this.lcr;
      case 4: return this.mcr;
      case 5: return LSR_THRE | LSR_TEMT | (this.rx.length > 0 ? LSR_DR : 0);
      case 6: return 0xb0; // MSR: DCD, DSR, CTS asserted
      case 7: return this.scr;
      default: return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const reg = offset >>> this.regShift;
    const dlab = (this.lcr & 0x80) !== 0;
    value &= 0xff;
    switch (reg) {
      case 0:
        if (dlab) { this.dll = value; return; }
        this.output(value);
        this.thriPending = true;
        this.update();
        return;
      case 1:
        if (dlab) { this.dlm = value; return; }
        this.ier = value & 0x0f;
        if (value & IER_THRI) this.thriPending = true;
        this.update();
        return;
      case 2: this.fcr = value; if (value & 2) this.rx = []; this.update(); return;
      case 3: this.lcr = value; return;
      case 4: this.mcr = value & 0x1f; return;
      case 7: this.scr = value; return;
      default: return;
    }
  }
}
