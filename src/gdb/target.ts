// The machine as a debugger sees it: registers and memory of each CPU,
// breakpoints, watchpoints, single step and continue. One gdb thread per CPU.
//
// Nothing here runs per instruction while the program runs:
// - Breakpoints live on the decode path. Ops decoded at a page offset that some
//   breakpoint has are wrapped; the wrapper compares the executing address with
//   the breakpoints and stops before the instruction (DEBUG_HALT). Inserting or
//   removing a breakpoint drops the decode caches so that ops are decoded again.
// - Watched pages are kept out of the cores' software TLBs, so their accesses
//   take the slow path, which reports them here; the stop comes after the
//   instruction that made the access, as on QEMU.
// - A step runs one CPU one instruction at a time within the machine's normal
//   schedule (Machine.stepCore).
//
// Determinism: a debugged run executes the same instructions in the same order
// as an undebugged one; stops only pause it. A stop in the middle of a
// scheduling round resumes that round where it stopped. So a step of CPU k runs
// only CPU k, unless CPU k has used up its turn in the current round: then the
// CPUs scheduled before its next instruction (the rest of the round, and those
// before k in the next round) run first, exactly as they would without a
// debugger, and can hit breakpoints or watchpoints of their own.

import type { Machine, RunLimits, StopReason } from '../machine/machine.js';
import { DEBUG_HALT, type Core, type CoreHost, type DecodeHook, type Op } from '../cpu/core.js';
import { ACC_EXEC, ACC_READ, type MemoryWatch } from '../cpu/memory.js';
import { MODE_HYP, modeName } from '../cpu/psr.js';
import { G_LAYOUT, G_PACKET_BYTES, REG_CPSR, REG_D0, REG_FPSCR, REG_PC } from './target-xml.js';

export const SIGINT = 2, SIGTRAP = 5, SIGXCPU = 24;

/** Z2, Z3, Z4: write, read and access watchpoints, named as in stop replies. */
export type WatchKind = 'watch' | 'rwatch' | 'awatch';

/** Why the machine is stopped, as gdb is told. */
export interface StopEvent {
  kind: 'entry' | 'breakpoint' | 'watchpoint' | 'step' | 'interrupt' | 'budget';
  /** The CPU that stopped (thread = core + 1). */
  core: number;
  signal: number;
  /** Watchpoints: kind and the data address that triggered. */
  watch?: { kind: WatchKind; addr: number };
}

/** The run ended (guest exit, power-off, halt, host signal): gdb is told it exited. */
export interface EndEvent {
  kind: 'end';
  reason: StopReason;
  exitCode: number;
}

interface Watchpoint { kind: WatchKind; addr: number; len: number }

const TWO32 = 0x100000000;
const WATCH_KINDS: Record<number, WatchKind> = { 2: 'watch', 3: 'rwatch', 4: 'awatch' };

/** Installed on a core while watchpoints exist. */
class CoreWatch implements MemoryWatch {
  constructor(private readonly target: DebugTarget, private readonly core: Core) {}
  watchesPage(vpn: number): boolean { return this.target.watchedPages.has(vpn); }
  access(va: number, size: number, write: boolean): void { this.target.checkWatch(this.core, va, size, write); }
}

export class DebugTarget implements DecodeHook {
  readonly cores: Core[];
  /** Z0 and Z1 addresses (bit 0 clear). */
  private readonly swBreaks = new Set<number>();
  private readonly hwBreaks = new Set<number>();
  /** Page offsets (low 12 bits) of all breakpoints, with how many share each: the decode-time filter. */
  private readonly breakOffsets = new Map<number, number>();
  private readonly watchpoints: Watchpoint[] = [];
  /** VA page numbers holding watched bytes, with how many watchpoints touch each. */
  readonly watchedPages = new Map<number, number>();
  private readonly coreWatches: CoreWatch[];
  /** The stop recorded by a breakpoint or watchpoint while running; null: none yet. */
  private pending: StopEvent | null = null;
  /** Per core: a breakpoint at skipPc is not reported while cycles still equal skipCycles (resuming from it). */
  private readonly skipCycles: Float64Array;
  private readonly skipPc: Float64Array;
  private stepping = -1;
  private attached = false;
  /** Inside a host call (semihosting, firmware): its memory accesses are not watched, as on QEMU. */
  private hostCalls = 0;
  /** The cores' own host hooks, and the wrappers put in their place while attached. */
  private savedHosts: CoreHost[] = [];
  private wrappedHosts: CoreHost[] = [];
  /** The last stop reported (where the machine now is). */
  lastStop: StopEvent = { kind: 'entry', core: 0, signal: SIGTRAP };

  constructor(readonly machine: Machine, private readonly limits: RunLimits = {}) {
    this.cores = machine.cores;
    this.coreWatches = this.cores.map((c) => new CoreWatch(this, c));
    this.skipCycles = new Float64Array(this.cores.length).fill(-1);
    this.skipPc = new Float64Array(this.cores.length);
  }

  /** Puts the hooks on the cores; the machine stays where it is. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.savedHosts = this.cores.map((c) => c.host);
    this.wrappedHosts = this.savedHosts.map((h) => this.unwatchedHost(h));
    this.cores.forEach((c, i) => {
      c.decodeHook = this;
      c.host = this.wrappedHosts[i];
    });
  }

  /** The same host hooks (all of them), with their memory accesses kept out of watchpoints. */
  private unwatchedHost(host: CoreHost): CoreHost {
    const out: Record<string, unknown> = { ...host };
    for (const [name, f] of Object.entries(host)) {
      if (typeof f !== 'function') continue;
      out[name] = (...args: unknown[]): unknown => {
        this.hostCalls++;
        try { return (f as (...a: unknown[]) => unknown).apply(host, args); } finally { this.hostCalls--; }
      };
    }
    return out as CoreHost;
  }

  /** Removes breakpoints, watchpoints and hooks; the machine can run on undebugged. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    const hadBreaks = this.breakOffsets.size !== 0;
    this.swBreaks.clear(); this.hwBreaks.clear(); this.breakOffsets.clear();
    this.watchpoints.length = 0; this.watchedPages.clear();
    // Hooks installed by someone else meanwhile stay.
    this.cores.forEach((c, i) => { if (c.host === this.wrappedHosts[i]) c.host = this.savedHosts[i]; });
    for (const c of this.cores) {
      c.decodeHook = null;
      c.watch = null;
      if (hadBreaks) c.flushDecodeCache();
    }
    this.machine.stepCore = -1;
    this.stepping = -1;
    this.pending = null;
    if (this.machine.stopReason === 'debug') this.machine.stopReason = null;
  }

  // ---------------------------------------------------------------- registers

  /** A register's bytes (target order, little-endian), or null for a number that does not exist. */
  readRegister(core: Core, regnum: number): Uint8Array | null {
    const size = regnum === REG_CPSR || regnum === REG_FPSCR || regnum <= REG_PC ? 4
      : regnum >= REG_D0 && regnum < REG_D0 + 32 ? 8 : 0;
    if (size === 0) return null;
    const out = new Uint8Array(size);
    const dv = new DataView(out.buffer);
    if (size === 8) {
      const i = regnum - REG_D0;
      dv.setUint32(0, core.vfp.w[2 * i], true);
      dv.setUint32(4, core.vfp.w[2 * i + 1], true);
    } else dv.setUint32(0, this.reg32(core, regnum), true);
    return out;
  }

  private reg32(core: Core, regnum: number): number {
    if (regnum < REG_PC) return core.R[regnum];
    if (regnum === REG_PC) return core.pc;
    if (regnum === REG_CPSR) return core.cpsr;
    return core.vfp.fpscr >>> 0;
  }

  /** Writes a register from its bytes; false for a wrong number or size. */
  writeRegister(core: Core, regnum: number, bytes: Uint8Array): boolean {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (regnum >= REG_D0 && regnum < REG_D0 + 32) {
      if (bytes.length !== 8) return false;
      const i = regnum - REG_D0;
      core.vfp.w[2 * i] = dv.getUint32(0, true);
      core.vfp.w[2 * i + 1] = dv.getUint32(4, true);
      return true;
    }
    if (bytes.length !== 4) return false;
    const v = dv.getUint32(0, true);
    if (regnum < REG_PC) core.R[regnum] = v;
    else if (regnum === REG_PC) core.pc = (v & (core.thumb ? ~1 : ~3)) >>> 0;
    else if (regnum === REG_CPSR) core.setCpsr(v);
    else if (regnum === REG_FPSCR) core.vfp.fpscr = v;
    else return false;
    return true;
  }

  /** All registers in g-packet order. */
  readAll(core: Core): Uint8Array {
    const out = new Uint8Array(G_PACKET_BYTES);
    let off = 0;
    for (const r of G_LAYOUT) { out.set(this.readRegister(core, r.regnum)!, off); off += r.size; }
    return out;
  }

  /** G packet: as many registers as the data covers, in g-packet order (cpsr before pc, so pc keeps its alignment). */
  writeAll(core: Core, data: Uint8Array): boolean {
    if (data.length > G_PACKET_BYTES) return false;
    const parts: { regnum: number; bytes: Uint8Array }[] = [];
    let off = 0;
    for (const r of G_LAYOUT) {
      if (off + r.size > data.length) break;
      parts.push({ regnum: r.regnum, bytes: data.subarray(off, off + r.size) });
      off += r.size;
    }
    const cpsr = parts.find((p) => p.regnum === REG_CPSR);
    if (cpsr) this.writeRegister(core, REG_CPSR, cpsr.bytes);
    for (const p of parts) if (p !== cpsr) this.writeRegister(core, p.regnum, p.bytes);
    return true;
  }

  // ---------------------------------------------------------------- memory

  /**
   * Reads through the core's current translation (stage 1 and 2) without touching
   * its TLB or fault registers. RAM only: device registers have side effects. Stops
   * at the first byte that does not translate to RAM; null when that is the first.
   */
  readMemory(core: Core, addr: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const chunk = this.ramChunk(core, (addr + done) >>> 0, len - done);
      if (chunk === null) break;
      out.set(chunk, done);
      done += chunk.length;
    }
    return done === 0 && len !== 0 ? null : out.subarray(0, done);
  }

  /** Writes all of data or nothing; decoded code of written pages is dropped as for any store. */
  writeMemory(core: Core, addr: number, data: Uint8Array): boolean {
    const chunks: Uint8Array[] = [];
    let done = 0;
    while (done < data.length) {
      const chunk = this.ramChunk(core, (addr + done) >>> 0, data.length - done);
      if (chunk === null) return false;
      chunks.push(chunk);
      done += chunk.length;
    }
    done = 0;
    for (const chunk of chunks) {
      chunk.set(data.subarray(done, done + chunk.length));
      done += chunk.length;
    }
    // Decoded ops of the pages written are stale now (the same hook a store uses).
    done = 0;
    while (done < data.length) {
      const va = (addr + done) >>> 0;
      const pa = core.mmu.peek(va, ACC_READ);
      const ram = core.bus.ramAt(pa)!;
      const page = (pa - ram.base) >>> 12;
      if (ram.codePages[page] !== 0) ram.onCodeWrite(ram.base + page * 4096, 4096);
      done += Math.min(data.length - done, 4096 - (va & 0xfff));
    }
    return true;
  }

  /** A view of RAM at va, up to len bytes and not past its page; null when va does not reach RAM. */
  private ramChunk(core: Core, va: number, len: number): Uint8Array | null {
    const pa = core.mmu.peek(va, ACC_READ);
    if (pa < 0 || pa >= TWO32) return null;
    const ram = core.bus.ramAt(pa);
    if (ram === undefined) return null;
    const off = pa - ram.base;
    const n = Math.min(len, 4096 - (va & 0xfff), ram.size - off);
    return ram.u8.subarray(off, off + n);
  }

  // ---------------------------------------------------------------- breakpoints

  /** Z0 (software) and Z1 (hardware) breakpoints behave the same here: neither touches guest memory. */
  insertBreakpoint(hardware: boolean, addr: number): void {
    addr = (addr & ~1) >>> 0;
    const set = hardware ? this.hwBreaks : this.swBreaks;
    if (set.has(addr)) return;
    set.add(addr);
    const off = addr & 0xfff;
    this.breakOffsets.set(off, (this.breakOffsets.get(off) ?? 0) + 1);
    this.codeChanged();
  }

  removeBreakpoint(hardware: boolean, addr: number): void {
    addr = (addr & ~1) >>> 0;
    const set = hardware ? this.hwBreaks : this.swBreaks;
    if (!set.delete(addr)) return;
    const off = addr & 0xfff;
    const n = this.breakOffsets.get(off)! - 1;
    if (n === 0) this.breakOffsets.delete(off); else this.breakOffsets.set(off, n);
    this.codeChanged();
  }

  private codeChanged(): void {
    for (const c of this.cores) c.flushDecodeCache();
  }

  /** DecodeHook: wraps ops at the page offset of a breakpoint (decode time only). */
  decoded(core: Core, op: Op, va: number): Op {
    if (!this.breakOffsets.has(va & 0xfff)) return op;
    return () => {
      const at = core.currentPc;
      if (this.breakHere(core, at)) {
        core.pc = at;
        core.it = core.itCur;
        throw DEBUG_HALT;
      }
      op();
    };
  }

  private breakHere(core: Core, at: number): boolean {
    if (!this.swBreaks.has(at) && !this.hwBreaks.has(at)) return false;
    const i = core.index;
    if (this.skipCycles[i] === core.cycles && this.skipPc[i] === at) return false;
    if (this.pending === null) this.pending = { kind: 'breakpoint', core: i, signal: SIGTRAP };
    this.machine.stop('debug');
    return true;
  }

  // ---------------------------------------------------------------- watchpoints

  insertWatchpoint(type: number, addr: number, len: number): boolean {
    const kind = WATCH_KINDS[type];
    if (kind === undefined || len <= 0 || addr + len > TWO32) return false;
    this.watchpoints.push({ kind, addr, len });
    for (let p = addr >>> 12; p <= (addr + len - 1) >>> 12; p++) this.watchedPages.set(p, (this.watchedPages.get(p) ?? 0) + 1);
    for (let i = 0; i < this.cores.length; i++) {
      this.cores[i].watch = this.coreWatches[i];
      this.cores[i].tlbFlush(); // cached translations of the watched pages would bypass the check
    }
    return true;
  }

  removeWatchpoint(type: number, addr: number, len: number): boolean {
    const kind = WATCH_KINDS[type];
    const i = this.watchpoints.findIndex((w) => w.kind === kind && w.addr === addr && w.len === len);
    if (i < 0) return false;
    this.watchpoints.splice(i, 1);
    for (let p = addr >>> 12; p <= (addr + len - 1) >>> 12; p++) {
      const n = this.watchedPages.get(p)! - 1;
      if (n === 0) this.watchedPages.delete(p); else this.watchedPages.set(p, n);
    }
    if (this.watchpoints.length === 0) for (const c of this.cores) c.watch = null;
    return true;
  }

  /**
   * A slow-path data access of a core. When it touches a watchpoint, the machine
   * stops before the instruction that makes it, as on QEMU (gdb then steps over it
   * with the watchpoint removed and compares the old and new values). The
   * instruction is abandoned like an aborted one: the cores write registers only
   * after their accesses, so it restarts cleanly.
   */
  checkWatch(core: Core, va: number, size: number, write: boolean): void {
    // Accesses by host calls and by a TypeScript hypervisor (Hyp mode with a Pl2Handler) are not the guest's.
    if (this.hostCalls !== 0 || (core.pl2 !== null && core.mode === MODE_HYP)) return;
    const i = core.index;
    const at = core.currentPc;
    if (this.skipCycles[i] === core.cycles && this.skipPc[i] === at) return;
    for (const w of this.watchpoints) {
      if (w.kind === 'watch' ? !write : w.kind === 'rwatch' ? write : false) continue;
      if (va >= w.addr + w.len || w.addr >= va + size) continue;
      if (this.pending === null) {
        this.pending = { kind: 'watchpoint', core: i, signal: SIGTRAP, watch: { kind: w.kind, addr: Math.max(va, w.addr) } };
      }
      this.machine.stop('debug');
      if (write) rearmExclusive(core, at);
      core.pc = at;
      core.it = core.itCur;
      throw DEBUG_HALT;
    }
  }

  // ---------------------------------------------------------------- running

  /**
   * Lets the machine go on from the last stop: `step` is the core to step by one
   * instruction, or -1 to continue. A core resuming on a breakpoint it stopped at
   * (or is being stepped from) executes that instruction instead of stopping again.
   */
  resume(step: number): void {
    const last = this.lastStop;
    for (let i = 0; i < this.cores.length; i++) {
      const c = this.cores[i];
      const fromBreak = i === step || ((last.kind === 'breakpoint' || last.kind === 'watchpoint') && last.core === i);
      this.skipCycles[i] = fromBreak ? c.cycles : -1;
      this.skipPc[i] = c.pc;
    }
    this.pending = null;
    this.stepping = step;
    this.machine.stepCore = step;
    if (this.machine.stopReason === 'debug') this.machine.stopReason = null;
  }

  /** Runs up to `rounds` scheduling rounds; the stop or end reached, or null to go on. */
  runSome(rounds: number): StopEvent | EndEvent | null {
    const reason = this.machine.runSlice(this.limits, rounds);
    if (reason === null) return null;
    if (reason === 'debug') {
      const ev = this.pending ?? { kind: 'step', core: this.stepping < 0 ? 0 : this.stepping, signal: SIGTRAP };
      return this.stopped(ev);
    }
    if (reason === 'budget') return this.stopped({ kind: 'budget', core: this.lastStop.core, signal: SIGXCPU });
    this.machine.stepCore = -1;
    return { kind: 'end', reason, exitCode: this.machine.exitCode };
  }

  /** Stops between rounds at the debugger's request (Ctrl-C); `core` is the thread to report. */
  interrupt(core: number): StopEvent {
    return this.stopped({ kind: 'interrupt', core, signal: SIGINT });
  }

  private stopped(ev: StopEvent): StopEvent {
    this.pending = null;
    this.stepping = -1;
    this.machine.stepCore = -1;
    this.lastStop = ev;
    return ev;
  }

  /** What a thread is doing, for thread lists. */
  describeCore(i: number): string {
    const c = this.cores[i];
    const state = c.off ? 'powered off' : c.sleeping ? 'waiting (WFI/WFE)' : 'running';
    return `cpu${i} ${modeName(c.mode)} ${state}`;
  }
}

/**
 * A store exclusive abandoned at a watchpoint has already passed its monitor check
 * (which cleared the local monitor): re-arm the monitor as it was, so that the
 * restarted instruction succeeds as it would have without the debugger.
 */
function rearmExclusive(core: Core, at: number): void {
  const pa = core.mmu.peek(at, ACC_EXEC);
  if (pa < 0 || pa >= TWO32) return;
  let base = -1, offset = 0, size = 0;
  if (!core.thumb) {
    const w = core.bus.read(pa, 4);
    // STREX/STREXD/STREXB/STREXH: cond 0001 1oo0 Rn Rd 1111 1001 Rt
    if (((w >>> 23) & 0x1f) === 0x03 && ((w >>> 20) & 1) === 0 && (w & 0xff0) === 0xf90) {
      base = (w >>> 16) & 0xf;
      size = [4, 8, 1, 2][(w >>> 21) & 3];
    }
  } else {
    const hw1 = core.bus.read(pa, 2);
    const pa2 = core.mmu.peek((at + 2) >>> 0, ACC_EXEC);
    const hw2 = pa2 < 0 || pa2 >= TWO32 ? 0 : core.bus.read(pa2, 2);
    if ((hw1 & 0xfff0) === 0xe840) { base = hw1 & 0xf; offset = (hw2 & 0xff) * 4; size = 4; } // STREX
    else if ((hw1 & 0xfff0) === 0xe8c0) { // STREXB/H/D
      const op = (hw2 >>> 4) & 0xf;
      if (op === 4 || op === 5 || op === 7) { base = hw1 & 0xf; size = op === 4 ? 1 : op === 5 ? 2 : 8; }
    }
  }
  core.bus.faulted = false;
  if (base < 0) return;
  const addr = core.mmu.peek((core.R[base] + offset) >>> 0, ACC_READ);
  if (addr < 0) return;
  if (core.exclAddr < 0) core.monitors.armed++;
  core.exclAddr = addr;
  core.exclSize = size;
}
