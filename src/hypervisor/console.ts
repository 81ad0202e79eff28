// The hypervisor's debug console: the UART named by the system config's
// debug_console, driven through its registers on the bus by polling (an 8250
// with 1- or 4-byte register distance, or a PL011), as Jailhouse's printk
// does. Everything printed is also kept in `text` for tools and tests.

import type { Bus } from '../machine/bus.js';
import {
  JAILHOUSE_CON_ACCESS_MMIO, JAILHOUSE_CON_REGDIST_4, JAILHOUSE_CON_TYPE_8250, JAILHOUSE_CON_TYPE_PL011,
  type Console,
} from '../config/index.js';

const UART8250_THR = 0, UART8250_LSR = 5, LSR_THRE = 0x20;
const PL011_DR = 0x00, PL011_FR = 0x18, FR_TXFF = 0x20;
/** Polls of a busy transmitter before a character is dropped (the model's UARTs are never busy). */
const MAX_POLLS = 1000;

export class HypervisorConsole {
  /** Everything printed so far. */
  text = '';
  /** True while this console drives the UART (lets a board's output sink tell its bytes apart). */
  writing = false;
  /** The cell whose debug-console hypercall is being printed, or null for the hypervisor's own messages. */
  speaker: string | null = null;
  /** Called with every character printed (after it went to the UART). */
  onChar: ((ch: string) => void) | null = null;
  private readonly kind: 'none' | '8250' | 'pl011';
  private readonly shift: number;

  constructor(private readonly bus: Bus, readonly config: Console) {
    const mmio = (config.flags & JAILHOUSE_CON_ACCESS_MMIO) !== 0;
    if (config.address === 0 || !mmio) this.kind = 'none';
    else if (config.type === JAILHOUSE_CON_TYPE_8250) this.kind = '8250';
    else if (config.type === JAILHOUSE_CON_TYPE_PL011) this.kind = 'pl011';
    else this.kind = 'none';
    this.shift = (config.flags & JAILHOUSE_CON_REGDIST_4) !== 0 ? 2 : 0;
  }

  /** Prints text; "\n" goes out as "\r\n" on the UART, as Jailhouse's console does. */
  print(s: string): void {
    this.writing = true;
    try {
      for (let i = 0; i < s.length; i++) this.putc(s.charCodeAt(i));
    } finally {
      this.writing = false;
    }
  }

  /** Prints what a cell passed to the debug-console hypercall. */
  printFor(cell: string, s: string): void {
    this.speaker = cell;
    try {
      this.print(s);
    } finally {
      this.speaker = null;
    }
  }

  private putc(c: number): void {
    const ch = String.fromCharCode(c);
    this.text += ch;
    if (c === 10) this.emit(13);
    this.emit(c);
    this.onChar?.(ch);
  }

  private emit(c: number): void {
    const bus = this.bus, base = this.config.address;
    if (this.kind === '8250') {
      const size = this.shift === 2 ? 4 : 1;
      for (let n = 0; n < MAX_POLLS && (bus.read(base + (UART8250_LSR << this.shift), size) & LSR_THRE) === 0; n++);
      bus.write(base + (UART8250_THR << this.shift), size, c);
    } else if (this.kind === 'pl011') {
      for (let n = 0; n < MAX_POLLS && (bus.read(base + PL011_FR, 4) & FR_TXFF) !== 0; n++);
      bus.write(base + PL011_DR, 4, c);
    }
    bus.faulted = false;
  }
}
