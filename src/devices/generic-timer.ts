// The ARM Generic Timer (ARM ARM B8) as seen through CP15: one system
// counter shared by all cores, and per core the physical timer (banked
// Secure/Non-secure with the Security Extensions), the virtual timer with
// CNTVOFF, and the Hyp timer. Each timer drives a level-sensitive PPI of the
// GIC and schedules an event at its compare time, so that the interrupt
// arrives (and WFI ends) exactly when the counter reaches the compare value.

import type { Core } from '../cpu/core.js';
import type { Cp15Extension } from '../cpu/cp15.js';
import type { TimedEvent } from '../machine/events.js';
import { ABORT, ACC_EXEC } from '../cpu/memory.js';
import { EC_CP15_32, EC_CP15_64, takeHypTrap } from '../cpu/hyp-traps.js';
import { MODE_HYP, MODE_MON, MODE_USR } from '../cpu/psr.js';

/** The system counter: a count at `timerHz` derived from virtual time in cycles at `cpuHz`. */
export class SystemCounter {
  /** Counter ticks per `den` cycles, in lowest terms. */
  readonly num: number;
  readonly den: number;

  constructor(readonly cpuHz: number, readonly timerHz: number) {
    if (!Number.isInteger(cpuHz) || !Number.isInteger(timerHz) || cpuHz <= 0 || timerHz <= 0) {
      throw new Error('the clock frequencies must be positive integers');
    }
    const g = gcd(cpuHz, timerHz);
    this.num = timerHz / g;
    this.den = cpuHz / g;
  }

  /** The count at a virtual time (exact integer arithmetic). */
  countAt(cycles: number): number {
    const q = Math.floor(cycles / this.den);
    return q * this.num + Math.floor((cycles - q * this.den) * this.num / this.den);
  }

  /** The first virtual time at which the count is at least `count`. */
  cycleAt(count: number): number {
    const q = Math.floor(count / this.num);
    return q * this.den + Math.ceil((count - q * this.num) * this.den / this.num);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The machine's timed events, as far as a timer needs them. */
export interface TimerScheduler {
  /** Virtual time in cycles (the time events fire at). */
  readonly now: number;
  schedule(atCycles: number, fire: () => void): TimedEvent;
}

/** Drives a PPI of this core's GIC CPU interface. */
export type PpiOutput = (id: number, level: boolean) => void;

/** Timer indices. */
export const TIMER_PHYS_NS = 0, TIMER_PHYS_S = 1, TIMER_VIRT = 2, TIMER_HYP = 3;
/** Their PPIs: non-secure physical 30, secure physical 29, virtual 27, Hyp 26. */
export const TIMER_PPIS = [30, 29, 27, 26] as const;

// CNTx_CTL
export const CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;
// CNTKCTL
const PL0PCTEN = 1 << 0, PL0VCTEN = 1 << 1, PL0VTEN = 1 << 8, PL0PTEN = 1 << 9;
// CNTHCTL
const PL1PCTEN = 1 << 0, PL1PCEN = 1 << 1;

const TWO32 = 4294967296;
/** Compare values further away than this never fire in a run (and the arithmetic stays exact below it). */
const FAR = 2 ** 50, FAR_CYCLES = 2 ** 52;

/** The kind of access check a register needs. */
const enum Check { Frequency, Kernel, PhysCounter, VirtCounter, PhysTimer, VirtTimer, Hyp }

export class GenericTimer implements Cp15Extension {
  cntfrq: number;
  cntkctl = 0;
  cnthctl = PL1PCTEN | PL1PCEN;
  voffLo = 0;
  voffHi = 0;
  readonly ctl = new Uint8Array(4);
  readonly cvalLo = new Uint32Array(4);
  readonly cvalHi = new Uint32Array(4);
  /** Current output level of each timer. */
  private readonly level = new Uint8Array(4);
  private readonly pendingEvent: (TimedEvent | null)[] = [null, null, null, null];
  private readonly fire: (() => void)[];
  // Scratch results of count(): the 64-bit count of a timer.
  private cHi = 0;
  private cLo = 0;

  /**
   * @param resetFrequency CNTFRQ after reset (the board's counter frequency, which firmware programs)
   */
  constructor(private readonly core: Core, readonly counter: SystemCounter, private readonly scheduler: TimerScheduler,
    private readonly ppi: PpiOutput, private readonly resetFrequency: number) {
    this.cntfrq = resetFrequency;
    this.fire = [0, 1, 2, 3].map((t) => () => {
      this.pendingEvent[t] = null;
      this.evaluate(t, this.scheduler.now);
    });
  }

  /** Power-on reset of this core's timer registers (CNTFRQ back to the firmware's value). */
  reset(): void {
    this.cntfrq = this.resetFrequency;
    this.cntkctl = 0;
    this.cnthctl = PL1PCTEN | PL1PCEN;
    this.voffLo = this.voffHi = 0;
    this.ctl.fill(0);
    this.cvalLo.fill(0);
    this.cvalHi.fill(0);
    for (let t = 0; t < 4; t++) this.evaluate(t, this.core.cycles);
  }

  /** The core's view of the physical count now. */
  physicalCount(): number { return this.counter.countAt(this.core.cycles); }

  /** Sets cHi:cLo to a timer's counter (virtual timer: physical - CNTVOFF) at physical count p. */
  private count(t: number, p: number): void {
    let lo = p >>> 0, hi = Math.floor(p / TWO32) >>> 0;
    if (t === TIMER_VIRT) {
      const borrow = lo < this.voffLo ? 1 : 0;
      lo = (lo - this.voffLo) >>> 0;
      hi = (hi - this.voffHi - borrow) >>> 0;
    }
    this.cHi = hi;
    this.cLo = lo;
  }

  /** Timer condition: count >= CVAL (unsigned 64-bit), for the count left in cHi:cLo. */
  private conditionMet(t: number): boolean {
    const h = this.cvalHi[t];
    return this.cHi > h || (this.cHi === h && this.cLo >= this.cvalLo[t]);
  }

  /** Recomputes a timer's output at a virtual time and schedules the event of its next firing. */
  private evaluate(t: number, cycles: number): void {
    const ev = this.pendingEvent[t];
    if (ev !== null) { ev.cancelled = true; this.pendingEvent[t] = null; }
    const ctl = this.ctl[t];
    let met = false;
    if (ctl & CTL_ENABLE) {
      const p = this.counter.countAt(cycles);
      this.count(t, p);
      met = this.conditionMet(t);
      if (!met) {
        const borrow = this.cvalLo[t] < this.cLo ? 1 : 0;
        const dLo = (this.cvalLo[t] - this.cLo) >>> 0;
        const dHi = (this.cvalHi[t] - this.cHi - borrow) >>> 0;
        const ticks = dHi * TWO32 + dLo;
        if (ticks < FAR) {
          const at = this.counter.cycleAt(p + ticks);
          if (at < FAR_CYCLES) this.pendingEvent[t] = this.scheduler.schedule(at, this.fire[t]);
        }
      }
    }
    const out = met && (ctl & CTL_IMASK) === 0 ? 1 : 0;
    if (out !== this.level[t]) {
      this.level[t] = out;
      this.ppi(TIMER_PPIS[t], out === 1);
    }
  }

  /** Output level of a timer (what its PPI sees). */
  output(t: number): boolean { return this.level[t] === 1; }

  // ---------------------------------------------------------------- access control

  /** The physical timer an access reaches: the Secure one from Secure state. */
  private physTimer(): number {
    const core = this.core;
    if (!core.hasSecurity) return TIMER_PHYS_NS;
    const secure = core.mode === MODE_MON ? (core.cp15.scr & 1) === 0 : core.isSecure();
    return secure ? TIMER_PHYS_S : TIMER_PHYS_NS;
  }

  /** False when the access is UNDEFINED; takes the Hyp trap (and ends the instruction) when trapped. */
  private allowed(check: Check, write: boolean, is64: boolean): boolean {
    const core = this.core;
    const mode = core.mode;
    const pl0 = mode === MODE_USR;
    const k = this.cntkctl;
    switch (check) {
      case Check.Frequency:
        if (!write) return !pl0 || (k & (PL0PCTEN | PL0VCTEN)) !== 0;
        // Writable only at the highest implemented privilege level.
        if (core.hasSecurity) return !pl0 && core.isSecure();
        if (core.hasVirtualization) return mode === MODE_HYP;
        return !pl0;
      case Check.Kernel: return !pl0;
      case Check.VirtCounter: return !write && (!pl0 || (k & PL0VCTEN) !== 0);
      case Check.VirtTimer: return !pl0 || (k & PL0VTEN) !== 0;
      case Check.Hyp:
        return core.hasVirtualization && (mode === MODE_HYP || (mode === MODE_MON && (core.cp15.scr & 1) !== 0));
      case Check.PhysCounter:
        if (write || (pl0 && (k & PL0PCTEN) === 0)) return false;
        if (this.trappedToHyp() && (this.cnthctl & PL1PCTEN) === 0) this.trap(is64);
        return true;
      case Check.PhysTimer:
        if (pl0 && (k & PL0PTEN) === 0) return false;
        if (this.trappedToHyp() && (this.cnthctl & PL1PCEN) === 0) this.trap(is64);
        return true;
    }
  }

  /** Non-secure PL0/PL1 accesses are subject to CNTHCTL. */
  private trappedToHyp(): boolean {
    const core = this.core;
    return core.hasVirtualization && core.mode !== MODE_HYP && !core.isSecure();
  }

  /** Hyp Trap with the MCR/MRC (EC 0x03) or MCRR/MRRC (EC 0x04) syndrome of the executing instruction. */
  private trap(is64: boolean): never {
    const core = this.core;
    const w = currentInstruction(core);
    const cond = core.thumb ? (core.itCur !== 0 ? core.itCur >>> 4 : 0xe) : w >>> 28;
    const read = (w >>> 20) & 1, rt = (w >>> 12) & 0xf, crm = w & 0xf;
    const iss = is64
      ? (1 << 24) | (cond << 20) | (((w >>> 4) & 0xf) << 16) | (((w >>> 16) & 0xf) << 10) | (rt << 5) | (crm << 1) | read
      : (1 << 24) | (cond << 20) | (((w >>> 5) & 7) << 17) | (((w >>> 21) & 7) << 14) | (((w >>> 16) & 0xf) << 10) |
        (rt << 5) | (crm << 1) | read;
    takeHypTrap(core, is64 ? EC_CP15_64 : EC_CP15_32, iss);
    throw ABORT;
  }

  // ---------------------------------------------------------------- CP15 interface

  read(opc1: number, _crn: number, crm: number, opc2: number): number | undefined {
    switch ((opc1 << 8) | (crm << 4) | opc2) {
      case 0x000: return this.allowed(Check.Frequency, false, false) ? this.cntfrq : undefined;
      case 0x010: return this.allowed(Check.Kernel, false, false) ? this.cntkctl : undefined;
      case 0x020: return this.allowed(Check.PhysTimer, false, false) ? this.readTval(this.physTimer()) : undefined;
      case 0x021: return this.allowed(Check.PhysTimer, false, false) ? this.readCtl(this.physTimer()) : undefined;
      case 0x030: return this.allowed(Check.VirtTimer, false, false) ? this.readTval(TIMER_VIRT) : undefined;
      case 0x031: return this.allowed(Check.VirtTimer, false, false) ? this.readCtl(TIMER_VIRT) : undefined;
      case 0x410: return this.allowed(Check.Hyp, false, false) ? this.cnthctl : undefined;
      case 0x420: return this.allowed(Check.Hyp, false, false) ? this.readTval(TIMER_HYP) : undefined;
      case 0x421: return this.allowed(Check.Hyp, false, false) ? this.readCtl(TIMER_HYP) : undefined;
    }
    return undefined;
  }

  write(opc1: number, _crn: number, crm: number, opc2: number, v: number): boolean {
    switch ((opc1 << 8) | (crm << 4) | opc2) {
      case 0x000:
        if (!this.allowed(Check.Frequency, true, false)) return false;
        this.cntfrq = v >>> 0;
        return true;
      case 0x010:
        if (!this.allowed(Check.Kernel, true, false)) return false;
        this.cntkctl = v & 0x3ff;
        return true;
      case 0x020:
        if (!this.allowed(Check.PhysTimer, true, false)) return false;
        this.writeTval(this.physTimer(), v);
        return true;
      case 0x021:
        if (!this.allowed(Check.PhysTimer, true, false)) return false;
        this.writeCtl(this.physTimer(), v);
        return true;
      case 0x030:
        if (!this.allowed(Check.VirtTimer, true, false)) return false;
        this.writeTval(TIMER_VIRT, v);
        return true;
      case 0x031:
        if (!this.allowed(Check.VirtTimer, true, false)) return false;
        this.writeCtl(TIMER_VIRT, v);
        return true;
      case 0x410:
        if (!this.allowed(Check.Hyp, true, false)) return false;
        this.cnthctl = v & 0xff;
        return true;
      case 0x420:
        if (!this.allowed(Check.Hyp, true, false)) return false;
        this.writeTval(TIMER_HYP, v);
        return true;
      case 0x421:
        if (!this.allowed(Check.Hyp, true, false)) return false;
        this.writeCtl(TIMER_HYP, v);
        return true;
    }
    return false;
  }

  /** The result of the last 64-bit read, reused so that MRRC allocates nothing. */
  private readonly out64: [number, number] = [0, 0];

  private pair64(lo: number, hi: number): [number, number] {
    this.out64[0] = lo; this.out64[1] = hi;
    return this.out64;
  }

  read64(opc1: number, _crm: number): [number, number] | undefined {
    switch (opc1) {
      case 0: {
        if (!this.allowed(Check.PhysCounter, false, true)) return undefined;
        const p = this.physicalCount();
        return this.pair64(p >>> 0, Math.floor(p / TWO32) >>> 0);
      }
      case 1:
        if (!this.allowed(Check.VirtCounter, false, true)) return undefined;
        this.count(TIMER_VIRT, this.physicalCount());
        return this.pair64(this.cLo, this.cHi);
      case 2: {
        if (!this.allowed(Check.PhysTimer, false, true)) return undefined;
        const t = this.physTimer();
        return this.pair64(this.cvalLo[t], this.cvalHi[t]);
      }
      case 3:
        if (!this.allowed(Check.VirtTimer, false, true)) return undefined;
        return this.pair64(this.cvalLo[TIMER_VIRT], this.cvalHi[TIMER_VIRT]);
      case 4:
        if (!this.allowed(Check.Hyp, false, true)) return undefined;
        return this.pair64(this.voffLo, this.voffHi);
      case 6:
        if (!this.allowed(Check.Hyp, false, true)) return undefined;
        return this.pair64(this.cvalLo[TIMER_HYP], this.cvalHi[TIMER_HYP]);
    }
    return undefined;
  }

  write64(opc1: number, _crm: number, lo: number, hi: number): boolean {
    switch (opc1) {
      case 2:
        if (!this.allowed(Check.PhysTimer, true, true)) return false;
        this.writeCval(this.physTimer(), lo, hi);
        return true;
      case 3:
        if (!this.allowed(Check.VirtTimer, true, true)) return false;
        this.writeCval(TIMER_VIRT, lo, hi);
        return true;
      case 4:
        if (!this.allowed(Check.Hyp, true, true)) return false;
        this.voffLo = lo >>> 0;
        this.voffHi = hi >>> 0;
        this.evaluate(TIMER_VIRT, this.core.cycles);
        return true;
      case 6:
        if (!this.allowed(Check.Hyp, true, true)) return false;
        this.writeCval(TIMER_HYP, lo, hi);
        return true;
    }
    return false; // CNTPCT and CNTVCT are read-only
  }

  // ---------------------------------------------------------------- timer registers

  /** CNTx_CTL: ENABLE, IMASK, and ISTATUS (0 while disabled). */
  readCtl(t: number): number {
    const ctl = this.ctl[t];
    if ((ctl & CTL_ENABLE) === 0) return ctl;
    this.count(t, this.physicalCount());
    return this.conditionMet(t) ? ctl | CTL_ISTATUS : ctl;
  }

  writeCtl(t: number, v: number): void {
    this.ctl[t] = v & (CTL_ENABLE | CTL_IMASK);
    this.evaluate(t, this.core.cycles);
  }

  /** CNTx_TVAL: CVAL - count, the low 32 bits (a signed down-counter). */
  readTval(t: number): number {
    this.count(t, this.physicalCount());
    return (this.cvalLo[t] - this.cLo) >>> 0;
  }

  /** Writing TVAL sets CVAL = count + TVAL, TVAL sign-extended. */
  writeTval(t: number, v: number): void {
    this.count(t, this.physicalCount());
    const sum = this.cLo + (v >>> 0);
    const carry = sum >= TWO32 ? 1 : 0;
    this.cvalLo[t] = sum >>> 0;
    this.cvalHi[t] = (this.cHi + ((v & 0x80000000) !== 0 ? 0xffffffff : 0) + carry) >>> 0;
    this.evaluate(t, this.core.cycles);
  }

  writeCval(t: number, lo: number, hi: number): void {
    this.cvalLo[t] = lo >>> 0;
    this.cvalHi[t] = hi >>> 0;
    this.evaluate(t, this.core.cycles);
  }
}

/** The executing instruction, in the A32 bit layout (a 32-bit Thumb encoding as hw1:hw2); 0 if unreadable. */
function currentInstruction(core: Core): number {
  const at = core.currentPc;
  const pa = core.mmu.peek(at, ACC_EXEC);
  if (pa < 0) return 0;
  if (!core.thumb) return core.bus.read(pa, 4) >>> 0;
  const pa2 = core.mmu.peek((at + 2) >>> 0, ACC_EXEC);
  return ((core.bus.read(pa, 2) << 16) | (pa2 < 0 ? 0 : core.bus.read(pa2, 2))) >>> 0;
}
