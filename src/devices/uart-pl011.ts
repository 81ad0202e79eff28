// ARM PrimeCell PL011 UART (ARM DDI 0183): transmit to a host sink, receive
// from host input into a 32-entry FIFO, interrupt output as a level.

import type { AccessSize, MmioDevice } from '../machine/bus.js';

const FR_RXFE = 1 << 4, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7;
const INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6;
const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements MmioDevice {
  private rx: number[] = [];
  private cr = 0x300;
  private lcrh = 0;
  private ibrd = 0;
  private fbrd = 0;
  private ifls = 0x12;
  private imsc = 0;
  private ris = INT_TX;
  private dmacr = 0;
  private ilpr = 0;

  /**
   * @param output receives each transmitted byte
   * @param irq drives the interrupt line (level)
   */
  constructor(readonly name: string, private readonly output: (byte: number) => void,
    private readonly irq: (level: boolean) => void = () => {}) {}

  /** Host input: bytes arriving on the receive line. */
  input(bytes: Uint8Array | number[]): void {
    for (const b of bytes) if (this.rx.length < 32) this.rx.push(b & 0xff);
    this.ris |= INT_RX | INT_RT;
    this.update();
  }

  private update(): void {
    this.irq((this.ris & this.imsc) !== 0);
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset & 0xffc) {
      case 0x00: {
        const v = this.rx.length > 0 ? this.rx.shift()! : 0;
        if (this.rx.length === 0) { this.ris &= ~(INT_RX | INT_RT); this.update(); }
        return v;
      }
      case 0x04: return 0;
      case 0x18: return FR_TXFE | (this.rx.length === 0 ? FR_RXFE : 0) | (this.rx.length >= 32 ? FR_RXFF : 0);
      case 0x20: return this.ilpr;
      case 0x24: return this.ibrd;
      case 0x28: return this.fbrd;
      case 0x2c: return this.lcrh;
      case 0x30: return this.cr;
      case 0x34: return this.ifls;
      case 0x38: return this.imsc;
      case 0x3c: return this.ris;
      case 0x40: return this.ris & this.imsc;
      case 0x48: return this.dmacr;
      default:
        if (offset >= 0xfe0 && offset < 0x1000) return ID[(offset - 0xfe0) >> 2];
        return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset & 0xffc) {
      case 0x00:
        // Transmission does not wait for UARTCR.TXE: software that skips enabling still prints (as on QEMU).
        this.output(value & 0xff);
        this.ris |= INT_TX;
        this.update();
        return;
      case 0x04: return;
      case 0x20: this.ilpr = value & 0xff; return;
      case 0x24: this.ibrd = value & 0xffff; return;
      case 0x28: this.fbrd = value & 0x3f; return;
      case 0x2c: this.lcrh = value & 0xff; return;
      case 0x30: this.cr = value & 0xffff; return;
      case 0x34: this.ifls = value & 0x3f; return;
      case 0x38: this.imsc = value & 0x7ff; this.update(); return;
      case 0x44: this.ris &= ~value; this.update(); return;
      case 0x48: this.dmacr = value & 7; return;
      default: return;
    }
  }
}

