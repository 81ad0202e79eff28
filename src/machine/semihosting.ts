// ARM semihosting (the subset a bare-metal program needs for output and exit),
// as QEMU's -semihosting provides it. Calls arrive as SVC 0x123456 (ARM state)
// or HLT 0xF000; r0 holds the operation, r1 the parameter (block). Deterministic:
// time comes from the virtual clock and no host file is opened.

import type { Core } from '../cpu/core.js';
import type { Machine } from './machine.js';

const SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05, SYS_READ = 0x06,
  SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09, SYS_SEEK = 0x0a, SYS_FLEN = 0x0c, SYS_CLOCK = 0x10,
  SYS_TIME = 0x11, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15, SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31;

const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

type Stream = 'stdin' | 'stdout' | 'stderr';

export interface SemihostingIo {
  stdout(bytes: Uint8Array): void;
  /** Also the semihosting console (SYS_WRITEC, SYS_WRITE0), as on QEMU. */
  stderr(bytes: Uint8Array): void;
  /** Next input byte, or -1 at end of input. */
  readByte(): number;
  cmdline: string;
}

export class Semihosting {
  private errno = 0;
  /** Open ":tt" handles: numbered from 1 in order of opening (as QEMU does); the mode picks the stream. */
  private readonly handles = new Map<number, Stream>();
  private nextHandle = 1;

  constructor(private readonly machine: Machine, private readonly io: SemihostingIo) {}

  /** Handles one call; always returns true (unknown operations return -1 in r0). */
  handle(core: Core): boolean {
    const R = core.R;
    const op = R[0];
    const arg = R[1];
    const word = (i: number): number => core.ld32((arg + 4 * i) >>> 0);
    switch (op) {
      case SYS_WRITEC:
        this.io.stderr(Uint8Array.of(core.ld8(arg)));
        return true;
      case SYS_WRITE0: {
        const out: number[] = [];
        for (let a = arg; ; a = (a + 1) >>> 0) {
          const b = core.ld8(a);
          if (b === 0) break;
          out.push(b);
        }
        this.io.stderr(Uint8Array.from(out));
        return true;
      }
      case SYS_OPEN: {
        const name = this.readString(core, word(0), word(2));
        const mode = word(1);
        if (name !== ':tt') { this.errno = 2; R[0] = -1 >>> 0; return true; } // ENOENT: no host files
        const h = this.nextHandle++;
        this.handles.set(h, mode < 4 ? 'stdin' : mode < 8 ? 'stdout' : 'stderr');
        R[0] = h;
        return true;
      }
      case SYS_CLOSE: {
        const ok = this.handles.delete(word(0));
        if (!ok) this.errno = 9;
        R[0] = ok ? 0 : -1 >>> 0;
        return true;
      }
      case SYS_WRITE: {
        const h = word(0), buf = word(1), len = word(2);
        const stream = this.handles.get(h);
        if (stream === undefined || stream === 'stdin') { this.errno = 9; R[0] = len; return true; } // EBADF
        const bytes = new Uint8Array(len);
        for (let i = 0; i < len; i++) bytes[i] = core.ld8((buf + i) >>> 0);
        if (stream === 'stdout') this.io.stdout(bytes); else this.io.stderr(bytes);
        R[0] = 0;
        return true;
      }
      case SYS_READ: {
        const h = word(0), buf = word(1), len = word(2);
        if (this.handles.get(h) !== 'stdin') { this.errno = 9; R[0] = -1 >>> 0; return true; }
        let n = 0;
        while (n < len) {
          const b = this.io.readByte();
          if (b < 0) break;
          core.st8((buf + n) >>> 0, b);
          n++;
          if (b === 10) break;
        }
        R[0] = len - n;
        return true;
      }
      case SYS_READC: { const b = this.io.readByte(); R[0] = b < 0 ? -1 >>> 0 : b; return true; }
      case SYS_ISERROR: R[0] = (arg | 0) < 0 ? 1 : 0; return true;
      case SYS_ISTTY: R[0] = this.handles.has(word(0)) ? 1 : 0; return true;
      case SYS_SEEK: R[0] = -1 >>> 0; return true;
      case SYS_FLEN: R[0] = -1 >>> 0; return true;
      case SYS_CLOCK: R[0] = Math.floor(this.machine.now * 100 / this.machine.cpuHz) >>> 0; return true;
      case SYS_TIME: R[0] = 0; return true; // a fixed epoch keeps runs identical
      case SYS_ERRNO: R[0] = this.errno; return true;
      case SYS_GET_CMDLINE: {
        const buf = word(0), size = word(1);
        const bytes = new TextEncoder().encode(this.io.cmdline);
        if (bytes.length + 1 > size) { R[0] = -1 >>> 0; return true; }
        for (let i = 0; i < bytes.length; i++) core.st8((buf + i) >>> 0, bytes[i]);
        core.st8((buf + bytes.length) >>> 0, 0);
        core.st32((arg + 4) >>> 0, bytes.length);
        R[0] = 0;
        return true;
      }
      case SYS_HEAPINFO: {
        // Zeros tell the C library to use its own (linker-script) heap and stack.
        const block = word(0);
        for (let i = 0; i < 4; i++) core.st32((block + 4 * i) >>> 0, 0);
        return true;
      }
      case SYS_EXIT:
        // In AArch32 r1 holds the reason itself; only ApplicationExit is a success.
        this.machine.stop('exit', arg === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1);
        return true;
      case SYS_EXIT_EXTENDED: {
        const reason = word(0), code = word(1);
        this.machine.stop('exit', reason === ADP_STOPPED_APPLICATION_EXIT ? code | 0 : 1);
        return true;
      }
      case SYS_ELAPSED: {
        const t = this.machine.now;
        core.st32(arg, t >>> 0);
        core.st32((arg + 4) >>> 0, Math.floor(t / 0x100000000) >>> 0);
        R[0] = 0;
        return true;
      }
      case SYS_TICKFREQ: R[0] = this.machine.cpuHz >>> 0; return true;
      default:
        R[0] = -1 >>> 0;
        return true;
    }
  }

  private readString(core: Core, addr: number, len: number): string {
    const bytes = new Uint8Array(Math.min(len, 4096));
    for (let i = 0; i < bytes.length; i++) bytes[i] = core.ld8((addr + i) >>> 0);
    return new TextDecoder().decode(bytes);
  }
}
