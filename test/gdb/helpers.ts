// Shared by the gdb stub tests: ELF symbols, the `run --gdb` child process, and
// a small remote-protocol client with a timeout on every wait.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { encodePacket, PacketReader } from '../../src/gdb/rsp.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const cli = join(root, 'dist/src/cli/main.js');
export const guest = (name: string): string => join(root, 'test/guest/bin', name);

/** Symbol values of an ELF32 little-endian file (Thumb functions keep bit 0). */
export function elfSymbols(path: string): Map<string, number> {
  const b = readFileSync(path);
  const shoff = b.readUInt32LE(32), shentsize = b.readUInt16LE(46), shnum = b.readUInt16LE(48);
  const sec = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      type: b.readUInt32LE(o + 4), offset: b.readUInt32LE(o + 16), size: b.readUInt32LE(o + 20), link: b.readUInt32LE(o + 24),
    };
  };
  const symbols = new Map<string, number>();
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (s.type !== 2) continue; // SHT_SYMTAB
    const str = sec(s.link);
    for (let o = s.offset; o + 16 <= s.offset + s.size; o += 16) {
      const nameOff = str.offset + b.readUInt32LE(o);
      const name = b.toString('latin1', nameOff, b.indexOf(0, nameOff));
      if (name) symbols.set(name, b.readUInt32LE(o + 4));
    }
  }
  return symbols;
}

/** Bytes of the loaded image at a virtual address (from the section that holds it). */
export function elfBytes(path: string, addr: number, len: number): Buffer {
  const b = readFileSync(path);
  const shoff = b.readUInt32LE(32), shentsize = b.readUInt16LE(46), shnum = b.readUInt16LE(48);
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    const type = b.readUInt32LE(o + 4), vaddr = b.readUInt32LE(o + 12), off = b.readUInt32LE(o + 16), size = b.readUInt32LE(o + 20);
    if (type === 1 && addr >= vaddr && addr + len <= vaddr + size) return b.subarray(off + addr - vaddr, off + addr - vaddr + len);
  }
  throw new Error(`${path}: nothing at 0x${addr.toString(16)}`);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export interface RunUnderGdb {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Exit code of the run command. */
  exited: Promise<number | null>;
}

/** Starts `jailhouse-ts run --gdb 0 ...` and waits until it listens. */
export async function startRun(args: string[]): Promise<RunUnderGdb> {
  const child = spawn(process.execPath, [cli, 'run', '--gdb', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString('latin1'); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await withTimeout(new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString('latin1');
      const m = /waiting for gdb on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`run exited early: ${err}`)));
  }), 10_000, 'run --gdb to listen');
  return { child, port, stdout: () => out, stderr: () => err, exited };
}

/** A remote-protocol client as gdb would be, without gdb. */
export class RspClient {
  private readonly packets: string[] = [];
  private waiter: (() => void) | null = null;
  private readonly reader: PacketReader;
  acks = 0;
  noAck = false;
  closed = false;

  private constructor(readonly socket: Socket) {
    this.reader = new PacketReader({
      packet: (p) => {
        if (!this.noAck) socket.write('+');
        this.packets.push(Buffer.from(p).toString('latin1'));
        this.waiter?.();
      },
      ack: (ok) => { if (ok) this.acks++; },
    });
    socket.on('data', (d) => this.reader.push(d));
    socket.on('close', () => { this.closed = true; this.waiter?.(); });
  }

  static async connect(port: number): Promise<RspClient> {
    const socket = connect(port, '127.0.0.1');
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }), 5000, 'connect');
    socket.on('error', () => {});
    return new RspClient(socket);
  }

  send(payload: string): void { this.socket.write(encodePacket(payload)); }

  /** The next packet from the stub. */
  async next(ms = 10_000): Promise<string> {
    const deadline = Date.now() + ms;
    while (this.packets.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a packet');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(t); resolve(); };
      });
      this.waiter = null;
    }
    return this.packets.shift()!;
  }

  async command(payload: string, ms?: number): Promise<string> {
    this.send(payload);
    return this.next(ms);
  }

  /** Waits until the stub closes the connection. */
  async waitClosed(ms = 10_000): Promise<void> {
    await withTimeout(new Promise<void>((resolve) => {
      if (this.closed) resolve(); else this.socket.once('close', () => resolve());
    }), ms, 'connection close');
  }

  close(): void { this.socket.destroy(); }
}

/** A little-endian 32-bit value as the stub writes it in hex. */
export function hexLE32(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b.toString('hex');
}

export function fromHexLE32(s: string): number {
  return Buffer.from(s, 'hex').readUInt32LE(0);
}
