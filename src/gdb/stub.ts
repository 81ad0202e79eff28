// The gdb side of one connection: the remote serial protocol commands on top of
// a DebugTarget (all-stop mode, one thread per CPU, thread id = CPU index + 1).
// While the machine runs, it runs in slices so that Ctrl-C and the socket are
// served in between.

import type { StopReason } from '../machine/machine.js';
import {
  PacketReader, encodePacket, escapeBinary, fromHex, parseHexNumber, textToHex, toHex, unescapeBinary,
} from './rsp.js';
import { DebugTarget, type EndEvent, type StopEvent } from './target.js';
import { TARGET_XML } from './target-xml.js';

/** How a debugging session ended. */
export type SessionEnd =
  /** D, or the connection went away: the run goes on without the debugger. */
  | { kind: 'detached' }
  /** k or vKill: the run ends now. */
  | { kind: 'killed' }
  /** The guest run ended while debugged (gdb was told with W or X). */
  | { kind: 'ended'; reason: StopReason };

export interface StubOptions {
  /** Writes bytes to the debugger. */
  send(data: Uint8Array): void;
  /** Called after each slice of running (console output). */
  afterSlice?(): void;
  /** Scheduling rounds per slice between checks for Ctrl-C (default 200). */
  sliceRounds?: number;
}

const PACKET_SIZE = 0x4000;
/** Longest memory read answered at once (hex doubles it). */
const MAX_READ = (PACKET_SIZE - 16) >>> 1;
const SUPPORTED = `PacketSize=${PACKET_SIZE.toString(16)};qXfer:features:read+;qXfer:threads:read+;` +
  'QStartNoAckMode+;vContSupported+';

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

export class GdbStub {
  private readonly reader: PacketReader;
  private ackMode = true;
  private lastSent: Buffer | null = null;
  /** Threads selected by Hg (registers, memory) and Hc (legacy s/c); ids as gdb sees them. */
  private gThread = 1;
  private cThread = 1;
  private running = false;
  private interruptRequested = false;
  private closed = false;
  private ended = false;
  /** Packets that arrived while running (gdb sends none in all-stop mode, but order is kept). */
  private readonly queue: Uint8Array[] = [];
  readonly done: Promise<SessionEnd>;
  private resolveDone!: (e: SessionEnd) => void;
  private rejectDone!: (e: unknown) => void;
  private readonly sliceRounds: number;

  constructor(readonly target: DebugTarget, private readonly opts: StubOptions) {
    this.sliceRounds = opts.sliceRounds ?? 200;
    this.done = new Promise<SessionEnd>((res, rej) => { this.resolveDone = res; this.rejectDone = rej; });
    this.reader = new PacketReader({
      packet: (p) => this.onPacket(p),
      badPacket: () => { if (this.ackMode) this.opts.send(Buffer.from('-')); },
      ack: (ok) => { if (!ok && this.lastSent !== null) this.opts.send(this.lastSent); },
      interrupt: () => { if (this.running) this.interruptRequested = true; },
    });
    target.attach();
  }

  /** Bytes from the debugger. */
  receive(chunk: Uint8Array): void {
    if (!this.ended) this.reader.push(chunk);
  }

  /** The connection is gone: the machine runs on without the debugger. */
  connectionClosed(): void {
    if (this.ended) return;
    this.closed = true;
    if (!this.running) this.finish({ kind: 'detached' });
  }

  private finish(e: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.target.detach();
    this.resolveDone(e);
  }

  private onPacket(payload: Uint8Array): void {
    if (this.ackMode) this.opts.send(Buffer.from('+'));
    if (this.running) { this.queue.push(payload); return; }
    this.dispatch(payload);
  }

  private reply(payload: string | Uint8Array): void {
    const pkt = encodePacket(payload);
    this.lastSent = pkt;
    this.opts.send(pkt);
  }

  private get gCore(): number { return this.gThread - 1; }

  // ---------------------------------------------------------------- commands

  private dispatch(payload: Uint8Array): void {
    const text = latin1(payload);
    switch (text[0]) {
      case '?': this.reply(this.stopReply(this.target.lastStop)); return;
      case 'q': case 'Q': this.query(text); return;
      case 'H': this.setThread(text); return;
      case 'T': this.reply(this.threadId(text.slice(1)) > 0 ? 'OK' : 'E01'); return;
      case 'g': this.reply(toHex(this.target.readAll(this.target.cores[this.gCore]))); return;
      case 'G': {
        const data = fromHex(text.slice(1));
        this.reply(data !== null && this.target.writeAll(this.target.cores[this.gCore], data) ? 'OK' : 'E01');
        return;
      }
      case 'p': {
        const v = this.target.readRegister(this.target.cores[this.gCore], parseHexNumber(text.slice(1)));
        this.reply(v === null ? 'E01' : toHex(v));
        return;
      }
      case 'P': {
        const m = /^P([0-9a-fA-F]+)=([0-9a-fA-F]*)$/.exec(text);
        const bytes = m ? fromHex(m[2]) : null;
        const ok = m !== null && bytes !== null &&
          this.target.writeRegister(this.target.cores[this.gCore], parseInt(m[1], 16), bytes);
        this.reply(ok ? 'OK' : 'E01');
        return;
      }
      case 'm': this.readMemory(text); return;
      case 'M': this.writeMemoryHex(text); return;
      case 'X': this.writeMemoryBinary(payload); return;
      case 'Z': case 'z': this.breakpoint(text); return;
      case 'c': case 's': case 'C': case 'S': this.legacyResume(text); return;
      case 'v': this.vPacket(text); return;
      case 'D': this.reply('OK'); this.finish({ kind: 'detached' }); return;
      case 'k': this.finish({ kind: 'killed' }); return;
      default: this.reply(''); // not supported
    }
  }

  private query(text: string): void {
    const [name] = text.split(/[:,;]/, 1);
    switch (name) {
      case 'qSupported': this.reply(SUPPORTED); return;
      case 'QStartNoAckMode': this.reply('OK'); this.ackMode = false; return;
      case 'qAttached': this.reply('1'); return; // quitting gdb detaches; the run goes on
      case 'qC': this.reply(`QC${(this.target.lastStop.core + 1).toString(16)}`); return;
      case 'qfThreadInfo': this.reply('m' + this.target.cores.map((_, i) => (i + 1).toString(16)).join(',')); return;
      case 'qsThreadInfo': this.reply('l'); return;
      case 'qThreadExtraInfo': {
        const t = this.threadId(text.slice('qThreadExtraInfo,'.length));
        this.reply(t > 0 ? textToHex(this.target.describeCore(t - 1)) : 'E01');
        return;
      }
      case 'qSymbol': this.reply('OK'); return;
      case 'qXfer': this.xfer(text); return;
      default: this.reply('');
    }
  }

  /** qXfer:features:read:target.xml:off,len and qXfer:threads:read::off,len. */
  private xfer(text: string): void {
    const m = /^qXfer:(features|threads):read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(text);
    if (!m) { this.reply(''); return; }
    let doc: string;
    if (m[1] === 'features') {
      if (m[2] !== 'target.xml') { this.reply('E00'); return; }
      doc = TARGET_XML;
    } else doc = this.threadsXml();
    const off = parseInt(m[3], 16), len = Math.min(parseInt(m[4], 16), PACKET_SIZE - 16);
    const part = Buffer.from(doc, 'latin1').subarray(off, off + len);
    const more = off + part.length < doc.length;
    this.reply(Buffer.concat([Buffer.from(more ? 'm' : 'l'), escapeBinary(part)]));
  }

  private threadsXml(): string {
    const rows = this.target.cores.map((_, i) =>
      `<thread id="${(i + 1).toString(16)}" core="${i}" name="cpu${i}">${this.target.describeCore(i)}</thread>`);
    return `<?xml version="1.0"?>\n<threads>\n${rows.join('\n')}\n</threads>\n`;
  }

  /**
   * A thread id as gdb writes it (hex, or p<pid>.<tid>): the id, 0 for "any",
   * -1 for "all", or -2 when it names no thread.
   */
  private threadId(s: string): number {
    const tid = s.startsWith('p') ? s.slice(s.indexOf('.') + 1) : s;
    if (tid === '-1') return -1;
    const n = parseHexNumber(tid);
    if (n === 0) return 0;
    return n >= 1 && n <= this.target.cores.length ? n : -2;
  }

  private setThread(text: string): void {
    const t = this.threadId(text.slice(2));
    if (t === -2 || (text[1] !== 'g' && text[1] !== 'c')) { this.reply('E01'); return; }
    // 0 (any) and -1 (all) keep the current choice for registers; for Hc they mean every thread.
    if (text[1] === 'g') { if (t > 0) this.gThread = t; } else this.cThread = t > 0 ? t : 0;
    this.reply('OK');
  }

  private parseAddrLen(s: string): [number, number] | null {
    const m = /^([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(s);
    if (!m) return null;
    const addr = parseInt(m[1], 16), len = parseInt(m[2], 16);
    return addr < 0x100000000 ? [addr, len] : null;
  }

  private readMemory(text: string): void {
    const al = this.parseAddrLen(text.slice(1));
    if (al === null) { this.reply('E01'); return; }
    const data = this.target.readMemory(this.target.cores[this.gCore], al[0], Math.min(al[1], MAX_READ));
    this.reply(data === null ? 'E14' : toHex(data));
  }

  private writeMemoryHex(text: string): void {
    const colon = text.indexOf(':');
    const al = colon < 0 ? null : this.parseAddrLen(text.slice(1, colon));
    const data = colon < 0 ? null : fromHex(text.slice(colon + 1));
    if (al === null || data === null || data.length !== al[1]) { this.reply('E01'); return; }
    this.reply(this.target.writeMemory(this.target.cores[this.gCore], al[0], data) ? 'OK' : 'E14');
  }

  private writeMemoryBinary(payload: Uint8Array): void {
    const colon = payload.indexOf(0x3a);
    const al = colon < 0 ? null : this.parseAddrLen(latin1(payload.subarray(1, colon)));
    const data = colon < 0 ? null : unescapeBinary(payload.subarray(colon + 1));
    if (al === null || data === null || data.length !== al[1]) { this.reply('E01'); return; }
    this.reply(this.target.writeMemory(this.target.cores[this.gCore], al[0], data) ? 'OK' : 'E14');
  }

  /** Z/z type,addr,kind: 0 software and 1 hardware breakpoints, 2 write, 3 read and 4 access watchpoints. */
  private breakpoint(text: string): void {
    const m = /^([Zz])([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)(;.*)?$/.exec(text);
    if (!m) { this.reply('E01'); return; }
    const insert = m[1] === 'Z', type = Number(m[2]);
    const addr = parseInt(m[3], 16), kind = parseInt(m[4], 16);
    if (addr >= 0x100000000) { this.reply('E01'); return; }
    if (type <= 1) {
      if (insert) this.target.insertBreakpoint(type === 1, addr); else this.target.removeBreakpoint(type === 1, addr);
      this.reply('OK');
      return;
    }
    const ok = insert ? this.target.insertWatchpoint(type, addr, kind) : this.target.removeWatchpoint(type, addr, kind);
    this.reply(ok ? 'OK' : 'E01');
  }

  /** c [addr], s [addr], C sig[;addr], S sig[;addr]: the signal is not delivered (there are none to deliver). */
  private legacyResume(text: string): void {
    const step = text[0] === 's' || text[0] === 'S';
    const rest = text[0] === 'c' || text[0] === 's' ? text.slice(1) : text.slice(text.indexOf(';') + 1 || text.length);
    const core = this.cThread > 0 ? this.cThread - 1 : this.target.lastStop.core;
    if (rest !== '') {
      const addr = parseHexNumber(rest);
      if (Number.isNaN(addr)) { this.reply('E01'); return; }
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, addr >>> 0, true);
      this.target.writeRegister(this.target.cores[core], 15, b);
    }
    this.startRunning(step ? core : -1);
  }

  private vPacket(text: string): void {
    if (text === 'vCont?') { this.reply('vCont;c;C;s;S'); return; }
    if (text.startsWith('vCont;')) { this.vCont(text.slice(6)); return; }
    if (text.startsWith('vKill')) { this.reply('OK'); this.finish({ kind: 'killed' }); return; }
    this.reply(''); // vMustReplyEmpty and everything else
  }

  /** vCont;action[:thread]...: one thread may step (the others continue, or stay stopped when not named). */
  private vCont(actions: string): void {
    let step = -2;
    for (const a of actions.split(';')) {
      const [act, tid] = a.split(':');
      if (!/^([cs]|[CS][0-9a-fA-F]{2})$/.test(act)) { this.reply('E01'); return; }
      if (act[0] === 's' || act[0] === 'S') {
        const t = tid === undefined ? 0 : this.threadId(tid);
        if (t === -2) { this.reply('E01'); return; }
        if (step === -2) step = t > 0 ? t - 1 : this.gCore;
      }
    }
    this.startRunning(step === -2 ? -1 : step);
  }

  // ---------------------------------------------------------------- running

  private startRunning(step: number): void {
    this.target.resume(step);
    this.running = true;
    this.interruptRequested = false;
    setImmediate(() => this.runLoop());
  }

  /** One slice, then yield to the event loop (Ctrl-C, socket) and go on until a stop. */
  private runLoop(): void {
    if (this.ended) return;
    if (this.closed) { this.running = false; this.finish({ kind: 'detached' }); return; }
    let ev: StopEvent | EndEvent | null;
    try {
      ev = this.interruptRequested ? this.target.interrupt(this.target.lastStop.core) : this.target.runSome(this.sliceRounds);
      this.opts.afterSlice?.();
    } catch (e) {
      this.running = false;
      this.ended = true;
      this.rejectDone(e);
      return;
    }
    if (ev === null) { setImmediate(() => this.runLoop()); return; }
    this.running = false;
    if (ev.kind === 'end') {
      this.reply(this.endReply(ev));
      this.finish({ kind: 'ended', reason: ev.reason });
      return;
    }
    this.gThread = this.cThread = ev.core + 1;
    this.reply(this.stopReply(ev));
    while (this.queue.length > 0 && !this.running && !this.ended) this.dispatch(this.queue.shift()!);
  }

  private stopReply(ev: StopEvent): string {
    let s = `T${hex2(ev.signal)}`;
    if (ev.watch) s += `${ev.watch.kind}:${ev.watch.addr.toString(16)};`;
    return s + `thread:${(ev.core + 1).toString(16)};core:${ev.core.toString(16)};`;
  }

  private endReply(ev: EndEvent): string {
    if (ev.reason === 'exit') return `W${hex2(ev.exitCode)}`;
    if (ev.reason === 'signal') return 'X02';
    return 'W00';
  }
}
