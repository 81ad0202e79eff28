// One ARMv7-A core: registers with mode banking, CPSR, memory access and the
// execution loop over a per-physical-page cache of decoded instructions.
// Exception entry and interrupt acceptance are in exceptions.ts.

import { Bus, Ram } from '../machine/bus.js';
import { ABORT, ACC_EXEC, ACC_USER, CoreMemory, FS_ALIGNMENT, FS_SYNC_EXTERNAL } from './memory.js';
import {
  BANK_FIQ, BANK_HYP, BANK_USR, MODE_HYP, MODE_MON, MODE_SVC, MODE_USR,
  PSR_A, PSR_E, PSR_F, PSR_I, PSR_IT_MASK, PSR_T, bankOf, isValidMode, modeName,
} from './psr.js';
import { Cp15 } from './cp15.js';
import { conditionPassed, decodeA32 } from './a32/decode.js';
import { decodeT32 } from './t32/decode.js';
import type { CpuModel } from './models.js';
import { Mmu, type Stage2Fault } from '../mmu/mmu.js';
import { VfpState } from './vfp/state.js';
import { trapWfx } from './hyp-traps.js';
import {
  dataAbortRaw, enterException, enterHyp, exceptionReturn, hypervisorCall, interruptRequested, prefetchAbortRaw,
  secureMonitorCall, secureMonitorCallInstr, supervisorCall, takePendingInterrupt, takeStage2Abort, undefinedInstruction,
} from './exceptions.js';

/** A decoded instruction, specialised for one core and one encoding. */
export type Op = () => void;

export { ABORT, FS_ALIGNMENT, FS_SYNC_EXTERNAL };

export interface CoreOptions {
  index: number;
  /** The part being modelled (identification registers). */
  model: CpuModel;
  /** MPIDR affinity bits (cluster/cpu). */
  mpidrAff: number;
  hasSecurity: boolean;
  hasVirtualization: boolean;
}

/**
 * The PL2 software written in TypeScript (the hypervisor). When installed on a
 * core, every entry into Hyp mode calls it instead of fetching from HVBAR: the
 * architectural entry has happened (HSR, HDFAR/HIFAR/HPFAR, SPSR_hyp, ELR_hyp,
 * Hyp mode); when the handler returns, the core performs ERET (CPSR from
 * SPSR_hyp, PC from ELR_hyp), so the handler resumes the guest by editing them.
 */
export interface Pl2Handler {
  /** `vector` is the Hyp vector offset: 0x08 HVC from Hyp, 0x14 trap, 0x18 IRQ, 0x1c FIQ, others from Hyp mode. */
  enterHyp(core: Core, vector: number): void;
}

/** Host hooks that stand beside the architecture (semihosting, firmware calls). */
export interface CoreHost {
  /** Handles a semihosting call (SVC 0x123456 / HLT 0xF000); returns true when handled. */
  semihosting?(core: Core): boolean;
  /** Firmware answering SMC in place of Monitor-mode code (PSCI); returns true when handled. */
  smc?(core: Core): boolean;
  /** Firmware answering HVC where no hypervisor runs (as QEMU's PSCI over HVC); true when handled. */
  hvc?(core: Core): boolean;
}

const FETCH_NONE = 1; // never a page address (pages are 4 KiB aligned)

/** Thrown by a debugger's op wrapper to stop before its instruction runs (it restores pc and ITSTATE first). */
export const DEBUG_HALT = { debugHalt: true } as const;

/** A debugger on the decode path: may wrap the op decoded for the instruction at `va` (breakpoints). */
export interface DecodeHook {
  decoded(core: Core, op: Op, va: number): Op;
}

interface ThumbPage {
  ops: (Op | undefined)[];
  opsIT: (Op | undefined)[];
  len: Uint8Array;
}

export class Core extends CoreMemory {
  readonly index: number;
  /** r0..r15 as seen in the current mode; slot 16 is a scratch slot for decoded ops. */
  readonly R = new Uint32Array(17);
  /** Address of the next instruction to execute (updated before each op runs; branches overwrite it). */
  pc = 0;

  // CPSR, split for speed: flags as 0/1 numbers, the rest in `psrCtl`.
  nf = 0; zf = 0; cf = 0; vf = 0; qf = 0;
  ge = 0;
  /** ITSTATE (Thumb IT blocks): kept apart from psrCtl; 0 outside IT blocks. */
  it = 0;
  /** ITSTATE of the instruction being executed (before it advanced), for exceptions taken on it. */
  itCur = 0;
  /** Shifter carry-out of the operand being computed (scratch for decoded ops). */
  sc = 0;
  /** CPSR bits other than NZCVQ and GE: mode, T, F, I, A, E, IT, J. */
  psrCtl = MODE_SVC | PSR_A | PSR_I | PSR_F;
  mode = MODE_SVC;

  /** Banked r13/r14 per bank index, r8..r12 for usr and fiq. */
  readonly bankR13 = new Uint32Array(8);
  readonly bankR14 = new Uint32Array(8);
  readonly usrR8_12 = new Uint32Array(5);
  readonly fiqR8_12 = new Uint32Array(5);
  readonly spsr = new Uint32Array(8);
  elrHyp = 0;

  readonly cp15: Cp15;
  readonly mmu: Mmu;
  readonly vfp = new VfpState();
  readonly hasSecurity: boolean;
  readonly hasVirtualization: boolean;
  host: CoreHost = {};
  /** The hypervisor taking Hyp-mode entries, or null to run real Hyp code from HVBAR. */
  pl2: Pl2Handler | null = null;
  /** Debugger hook called when an instruction is decoded (not per execution), or null. */
  decodeHook: DecodeHook | null = null;

  /** Virtual time in core cycles (one instruction = one cycle). */
  cycles = 0;
  /** Cycles spent idle (WFI/WFE, powered off): instructions = cycles - idleCycles. */
  idleCycles = 0;
  /** The execution loop runs while cycles < limit; breakLoop() ends it early. */
  limit = 0;
  /** Set by the machine to make run() return at the next instruction boundary. */
  yieldRequested = false;
  /** Waiting in WFI/WFE for an event or interrupt. */
  sleeping = false;
  /** The sleep is a WFE's: only those end on an event (SEV); a WFI waits for an interrupt. */
  private inWfe = false;
  /** Powered off (PSCI CPU_OFF or never started). */
  off = false;
  /** WFE event register. */
  eventReg = false;

  /** Interrupt request inputs, driven by the interrupt controller. */
  irqLine = false;
  fiqLine = false;
  /** Virtual interrupt requests from the GIC virtual CPU interface (ORed with HCR.VI/VF). */
  virqLine = false;
  vfiqLine = false;

  // Fetch state: the page being executed and its decoded ops.
  private fetchVA = FETCH_NONE;
  private fetchOps: (Op | undefined)[] = [];
  private fetchRam: Ram | null = null;
  private fetchOff = 0;
  private readonly armPages = new Map<number, (Op | undefined)[]>();
  /** Thumb pages: ops outside and inside IT blocks (16-bit encodings differ), and lengths. */
  private fetchOpsIT: (Op | undefined)[] = [];
  private fetchLen: Uint8Array = new Uint8Array(0);
  private readonly thumbPages = new Map<number, ThumbPage>();

  constructor(bus: Bus, opts: CoreOptions) {
    super(bus);
    this.index = opts.index;
    this.hasSecurity = opts.hasSecurity;
    this.hasVirtualization = opts.hasVirtualization;
    this.cp15 = new Cp15(this, opts.model, opts.mpidrAff);
    this.mmu = new Mmu(this);
    this.mmu.onStage2Fault = (core, f) => core.takeStage2Abort(f);
    bus.onCodeWrite((pa, len) => this.invalidateCode(pa, len));
  }

  // ---------------------------------------------------------------- state

  get cpsr(): number {
    const it = this.it;
    return ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.qf << 27) |
      ((it & 3) << 25) | ((it >>> 2) << 10) | (this.ge << 16) | this.psrCtl) >>> 0;
  }

  /** Writes the whole CPSR (exception return, reset): switches bank if the mode changes. */
  setCpsr(value: number): void {
    const mode = value & 0x1f;
    if (mode !== this.mode) this.switchMode(isValidMode(mode) ? mode : this.mode);
    const wasThumb = (this.psrCtl & PSR_T) !== 0;
    this.setFlags(value);
    const wasBig = (this.psrCtl & PSR_E) !== 0;
    this.psrCtl = (value & 0x07ffffe0 & ~(0xf << 16) & ~(1 << 27) & ~PSR_IT_MASK) | this.mode;
    this.it = ((value >>> 25) & 3) | (((value >>> 10) & 0x3f) << 2);
    if (wasThumb !== ((value & PSR_T) !== 0)) this.stateChanged();
    if (wasBig !== ((value & PSR_E) !== 0)) this.dataViewChanged();
    this.breakLoop(); // interrupt masks may have changed
  }

  setFlags(value: number): void {
    this.nf = value >>> 31; this.zf = (value >>> 30) & 1; this.cf = (value >>> 29) & 1;
    this.vf = (value >>> 28) & 1; this.qf = (value >>> 27) & 1; this.ge = (value >>> 16) & 0xf;
  }

  get thumb(): boolean { return (this.psrCtl & PSR_T) !== 0; }

  /** True in Secure state (Monitor mode, or SCR.NS = 0). */
  isSecure(): boolean {
    return this.hasSecurity && (this.mode === MODE_MON || (this.cp15.scr & 1) === 0);
  }

  /** PL1 or higher. */
  isPrivileged(): boolean { return this.mode !== MODE_USR; }

  /** Changes mode and banks registers; CPSR.M is updated too. */
  switchMode(newMode: number): void {
    const R = this.R;
    const old = this.mode;
    if (old === newMode) return;
    const ob = bankOf(old), nb = bankOf(newMode);
    if (ob === BANK_FIQ && nb !== BANK_FIQ) {
      for (let i = 0; i < 5; i++) { this.fiqR8_12[i] = R[8 + i]; R[8 + i] = this.usrR8_12[i]; }
    } else if (nb === BANK_FIQ && ob !== BANK_FIQ) {
      for (let i = 0; i < 5; i++) { this.usrR8_12[i] = R[8 + i]; R[8 + i] = this.fiqR8_12[i]; }
    }
    this.bankR13[ob] = R[13];
    this.bankR14[ob === BANK_HYP ? BANK_USR : ob] = R[14];
    R[13] = this.bankR13[nb];
    R[14] = this.bankR14[nb === BANK_HYP ? BANK_USR : nb];
    this.mode = newMode;
    this.psrCtl = (this.psrCtl & ~0x1f) | newMode;
    // Hyp mode and (from Non-secure state) Monitor mode have translation regimes of their own.
    if ((old === MODE_HYP) !== (newMode === MODE_HYP) ||
      (this.hasSecurity && (this.cp15.scr & 1) !== 0 && (old === MODE_MON) !== (newMode === MODE_MON))) {
      this.translationChanged();
    } else if ((old === MODE_USR) !== (newMode === MODE_USR)) {
      this.stateChanged(); // fetch permissions differ between PL0 and PL1
    }
    if ((old === MODE_USR) !== (newMode === MODE_USR)) this.dataViewChanged();
  }

  /** Reads a register of another mode (banked-register MRS, debugger). */
  getBanked(reg: number, mode: number): number {
    const b = bankOf(mode);
    const cur = bankOf(this.mode);
    if (reg < 8 || reg === 15) return this.R[reg];
    if (reg <= 12) {
      if ((b === BANK_FIQ) === (cur === BANK_FIQ)) return this.R[reg];
      return b === BANK_FIQ ? this.fiqR8_12[reg - 8] : this.usrR8_12[reg - 8];
    }
    const bank = reg === 14 && b === BANK_HYP ? BANK_USR : b;
    const curBank = reg === 14 && cur === BANK_HYP ? BANK_USR : cur;
    if (bank === curBank) return this.R[reg];
    return reg === 13 ? this.bankR13[bank] : this.bankR14[bank];
  }

  setBanked(reg: number, mode: number, value: number): void {
    const b = bankOf(mode);
    const cur = bankOf(this.mode);
    if (reg < 8 || reg === 15) { this.R[reg] = value; return; }
    if (reg <= 12) {
      if ((b === BANK_FIQ) === (cur === BANK_FIQ)) this.R[reg] = value;
      else if (b === BANK_FIQ) this.fiqR8_12[reg - 8] = value;
      else this.usrR8_12[reg - 8] = value;
      return;
    }
    const bank = reg === 14 && b === BANK_HYP ? BANK_USR : b;
    const curBank = reg === 14 && cur === BANK_HYP ? BANK_USR : cur;
    if (bank === curBank) this.R[reg] = value;
    else if (reg === 13) this.bankR13[bank] = value;
    else this.bankR14[bank] = value;
  }

  /** Resets the core: SVC (or the given mode), interrupts masked, MMU off, pc at entry. */
  reset(entry: number, mode = MODE_SVC): void {
    this.R.fill(0);
    this.bankR13.fill(0); this.bankR14.fill(0); this.usrR8_12.fill(0); this.fiqR8_12.fill(0); this.spsr.fill(0);
    this.mode = MODE_SVC;
    this.psrCtl = MODE_SVC | PSR_A | PSR_I | PSR_F;
    this.nf = this.zf = this.cf = this.vf = this.qf = 0; this.ge = 0;
    this.switchMode(mode);
    this.cp15.reset();
    this.vfp.reset();
    this.clearExclusive();
    this.sleeping = false;
    this.off = false;
    this.eventReg = false;
    this.pc = entry >>> 0;
    this.translationChanged();
    this.dataViewChanged();
  }

  // ---------------------------------------------------------------- execution

  /** Ends the current execution loop after the running instruction. */
  breakLoop(): void { this.limit = 0; }

  /** Makes run() return to its caller after the running instruction. */
  yieldToMachine(): void { this.yieldRequested = true; this.limit = 0; }

  /** Forgets the fetch page (translation regime, state or code changed). */
  stateChanged(): void {
    this.fetchVA = FETCH_NONE;
    this.limit = 0;
  }

  /**
   * Runs until `until` cycles (absolute virtual time), taking interrupts at
   * instruction boundaries. Idle cores skip ahead.
   */
  run(until: number): void {
    this.yieldRequested = false;
    while (this.cycles < until && !this.yieldRequested) {
      if (this.off) { this.idleCycles += until - this.cycles; this.cycles = until; return; }
      // An interrupt taken to a TypeScript hypervisor may inject another (a virtual IRQ for the guest):
      // look again before running, a few times at most so that a source nobody clears cannot hang us.
      for (let n = 0; n < 4 && this.takePendingInterrupt(); n++) { this.sleeping = false; this.inWfe = false; }
      if (this.sleeping) { this.idleCycles += until - this.cycles; this.cycles = until; return; }
      this.limit = until;
      if (this.thumb) this.runThumb();
      else this.runArm();
    }
  }

  private runArm(): void {
    const R = this.R;
    this.itCur = 0;
    for (;;) {
      try {
        while (this.cycles < this.limit) {
          const pc = this.pc;
          if ((pc & ~0xfff) !== this.fetchVA) this.refill(pc);
          const i = (pc >>> 2) & 1023;
          let op = this.fetchOps[i];
          if (op === undefined) op = this.decodeAt(i);
          R[15] = pc + 8;
          this.pc = pc + 4;
          op();
          this.cycles++;
        }
        return;
      } catch (e) {
        if (e !== ABORT) {
          if (e === DEBUG_HALT) return;
          throw e;
        }
        this.cycles++;
      }
    }
  }

  private runThumb(): void {
    const R = this.R;
    for (;;) {
      try {
        while (this.cycles < this.limit) {
          const pc = this.pc;
          if ((pc & ~0xfff) !== this.fetchVA) this.refill(pc);
          const i = (pc >>> 1) & 2047;
          const it = this.it;
          R[15] = pc + 4;
          if (it === 0) {
            let op = this.fetchOps[i];
            if (op === undefined) op = this.decodeThumbAt(pc, i, false);
            this.pc = pc + this.fetchLen[i];
            this.itCur = 0;
            op();
          } else {
            let op = this.fetchOpsIT[i];
            if (op === undefined) op = this.decodeThumbAt(pc, i, true);
            this.pc = pc + this.fetchLen[i];
            // ITAdvance happens before execution so that an IT block's last op leaves ITSTATE 0;
            // exceptions taken on the instruction restore itCur.
            this.itCur = it;
            this.it = (it & 7) === 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
            if (conditionPassed(this, it >>> 4)) op();
          }
          this.cycles++;
        }
        return;
      } catch (e) {
        if (e !== ABORT) {
          if (e === DEBUG_HALT) return;
          throw e;
        }
        this.cycles++;
      }
    }
  }

  /** Sets up fetching from the page holding pc (translation, decode cache). */
  private refill(pc: number): void {
    const va = pc & ~0xfff;
    const pa = this.translate(pc, ACC_EXEC | (this.mode === MODE_USR ? ACC_USER : 0)) & ~0xfff;
    const ram = this.bus.ramAt(pa);
    if (!ram) { this.prefetchAbort(pc, FS_SYNC_EXTERNAL); throw ABORT; }
    const page = pa >>> 12;
    if (this.thumb) {
      let tp = this.thumbPages.get(page);
      if (tp === undefined) {
        tp = {
          ops: new Array<Op | undefined>(2048).fill(undefined),
          opsIT: new Array<Op | undefined>(2048).fill(undefined),
          len: new Uint8Array(2048),
        };
        this.thumbPages.set(page, tp);
      }
      this.fetchOps = tp.ops;
      this.fetchOpsIT = tp.opsIT;
      this.fetchLen = tp.len;
    } else {
      let ops = this.armPages.get(page);
      if (ops === undefined) {
        ops = new Array<Op | undefined>(1024).fill(undefined);
        this.armPages.set(page, ops);
      }
      this.fetchOps = ops;
    }
    ram.codePages[(pa - ram.base) >>> 12] = 1;
    this.fetchRam = ram;
    this.fetchOff = pa - ram.base;
    this.fetchVA = va;
  }

  private decodeAt(i: number): Op {
    const word = this.fetchRam!.u32[(this.fetchOff >>> 2) + i];
    const op = this.debugOp(decodeA32(this, word), this.pc);
    this.fetchOps[i] = op;
    return op;
  }

  /**
   * Decodes the Thumb instruction at pc (slot i of the current page). A 32-bit
   * instruction whose second halfword lies on the next page is decoded but not cached.
   */
  private decodeThumbAt(pc: number, i: number, inIT: boolean): Op {
    const u16 = this.fetchRam!.u16;
    const hw1 = u16[(this.fetchOff >>> 1) + i];
    const wide = (hw1 & 0xf800) >= 0xe800;
    if (!wide) {
      const op = this.debugOp(decodeT32(this, hw1, 0, inIT), pc);
      (inIT ? this.fetchOpsIT : this.fetchOps)[i] = op;
      this.fetchLen[i] = 2;
      return op;
    }
    if (i < 2047) {
      const op = this.debugOp(decodeT32(this, hw1, u16[(this.fetchOff >>> 1) + i + 1], inIT), pc);
      (inIT ? this.fetchOpsIT : this.fetchOps)[i] = op;
      this.fetchLen[i] = 4;
      return op;
    }
    const next = (pc + 2) >>> 0;
    // A fault on the second halfword reports its address (IFAR) but returns to the instruction (LR).
    this.splitFetchPc = pc;
    let hw2: number;
    try {
      const pa2 = this.translate(next, ACC_EXEC | (this.mode === MODE_USR ? ACC_USER : 0));
      hw2 = this.bus.read(pa2, 2);
      if (this.bus.faulted) { this.bus.faulted = false; this.prefetchAbort(next, FS_SYNC_EXTERNAL); throw ABORT; }
    } finally {
      this.splitFetchPc = -1;
    }
    this.fetchLen[i] = 4;
    return this.debugOp(decodeT32(this, hw1, hw2, inIT), pc);
  }

  /** Lets an attached debugger wrap a freshly decoded op (pc is the instruction's address). */
  private debugOp(op: Op, pc: number): Op {
    return this.decodeHook === null ? op : this.decodeHook.decoded(this, op, pc);
  }

  /**
   * Drops the cached ops that decode bytes [pa, pa+len) of one page, so that
   * data stored next to code does not throw away the page's other decodes.
   * A Thumb op starting one halfword earlier may include the first bytes.
   */
  invalidateCode(pa: number, len: number): void {
    const page = pa >>> 12;
    const first = pa & 0xfff;
    const last = Math.min(first + len, 4096) - 1;
    const ops = this.armPages.get(page);
    if (ops !== undefined) ops.fill(undefined, first >>> 2, (last >>> 2) + 1);
    const tp = this.thumbPages.get(page);
    if (tp !== undefined) {
      const from = Math.max(0, (first >>> 1) - 1), to = (last >>> 1) + 1;
      tp.ops.fill(undefined, from, to);
      tp.opsIT.fill(undefined, from, to);
    }
  }

  /** Drops the whole decode cache. */
  flushDecodeCache(): void {
    for (const ops of this.armPages.values()) ops.fill(undefined);
    for (const tp of this.thumbPages.values()) { tp.ops.fill(undefined); tp.opsIT.fill(undefined); }
  }

  /** Address of the instruction being executed (valid inside an op). */
  get currentPc(): number { return (this.R[15] - (this.thumb ? 4 : 8)) >>> 0; }

  // ---------------------------------------------------------------- branches

  /** BranchWritePC: ARM state keeps word alignment. */
  branchTo(target: number): void {
    this.pc = (target & ~3) >>> 0;
  }

  /** BXWritePC: interworking on bit 0. */
  bxWritePC(target: number): void {
    if (target & 1) {
      this.pc = (target & ~1) >>> 0;
      this.psrCtl |= PSR_T;
      this.stateChanged();
    } else if ((target & 2) === 0 || this.thumb) {
      this.pc = (target & ~(this.thumb ? 1 : 3)) >>> 0;
      if (this.thumb) { this.psrCtl &= ~PSR_T; this.stateChanged(); }
    } else {
      // ARM state with bit 1 set is UNPREDICTABLE; keep word alignment.
      this.pc = (target & ~3) >>> 0;
    }
  }

  /** ALUWritePC: interworking in ARM state, plain branch in Thumb state. */
  aluWritePC(target: number): void {
    if (this.thumb) this.pc = (target & ~1) >>> 0;
    else this.bxWritePC(target);
  }

  /** Exception return: CPSR from SPSR of the current mode, then branch. */
  exceptionReturn(target: number): void { exceptionReturn(this, target); }

  // ---------------------------------------------------------------- exceptions (bodies in exceptions.ts)

  /** Enters a PL1 exception mode (ARM ARM B1.8.3). */
  enterException(mode: number, offset: number, lr: number, maskF: boolean, maskA: boolean): void {
    enterException(this, mode, offset, lr, maskF, maskA);
  }

  /** EnterHypMode: SPSR_hyp, ELR_hyp, vector HVBAR + offset (or the PL2 handler, then ERET). */
  enterHyp(offset: number, returnAddr: number): void { enterHyp(this, offset, returnAddr); }

  /** Undefined Instruction exception for the instruction being executed. */
  undefinedInstruction(): void { undefinedInstruction(this); }

  supervisorCall(): void { supervisorCall(this); }

  /** Secure monitor call (caller checked that SMC is permitted). */
  secureMonitorCall(): void { secureMonitorCall(this); }

  /** SMC instruction: UNDEFINED without Security Extensions, in User mode, or when SCR.SCD disables it. */
  secureMonitorCallInstr(): void { secureMonitorCallInstr(this); }

  /** HVC instruction: a Hypervisor Call exception, or UNDEFINED where HVC is not enabled. */
  hypervisorCall(imm16: number): void { hypervisorCall(this, imm16); }

  /** The other cores of the machine (SEV). */
  peers: Core[] = [];

  /** SEV: signals an event to every core, this one included. */
  sendEvent(): void {
    for (const p of this.peers) p.signalEvent();
    this.eventReg = true;
  }

  // CP15 accesses go through the core so that Hyp traps can be applied in one place.
  cp15Read(opc1: number, crn: number, crm: number, opc2: number): number | undefined {
    return this.cp15.read(opc1, crn, crm, opc2);
  }

  cp15Write(opc1: number, crn: number, crm: number, opc2: number, v: number): boolean {
    return this.cp15.write(opc1, crn, crm, opc2, v);
  }

  cp15Read64(opc1: number, crm: number): [number, number] | undefined {
    return this.cp15.read64(opc1, crm);
  }

  cp15Write64(opc1: number, crm: number, lo: number, hi: number): boolean {
    return this.cp15.write64(opc1, crm, lo, hi);
  }

  /**
   * Prefetch Abort found outside the translation tables (external abort on a fetch, debug
   * event) with a short-descriptor FS[4:0]; the MMU gives it the current regime's format.
   */
  prefetchAbort(va: number, fs: number): void {
    this.mmu.raiseAbort(va, fs, false, true);
  }

  /** Address of a Thumb instruction whose second halfword is being fetched from the next page, or -1. */
  private splitFetchPc = -1;

  /** Prefetch Abort with a complete IFSR value; `insn` is the aborted instruction (LR = insn + 4). */
  prefetchAbortRaw(va: number, ifsr: number, insn = this.splitFetchPc >= 0 ? this.splitFetchPc : va): void {
    prefetchAbortRaw(this, va, ifsr, insn);
  }

  /** Data Abort found outside the translation tables (alignment, external abort) with FS[4:0]. */
  dataAbort(va: number, fs: number, write: boolean): void {
    this.mmu.raiseAbort(va, fs, write, false);
  }

  /** Data Abort with a complete DFSR value (short- or long-descriptor format, WnR included). */
  dataAbortRaw(va: number, dfsr: number): void { dataAbortRaw(this, va, dfsr); }

  /** A stage 2 fault: a Hyp Trap with the MMU's syndrome and the load/store's instruction syndrome. */
  takeStage2Abort(f: Stage2Fault): void { takeStage2Abort(this, f); }

  /** Takes a pending, unmasked interrupt (physical, or virtual per HCR); true if one was taken. */
  takePendingInterrupt(): boolean { return takePendingInterrupt(this); }

  /** Any interrupt request, physical or virtual, masked or not: what wakes WFI. */
  interruptRequested(): boolean { return interruptRequested(this); }

  /** An interrupt line changed: wake up and re-check at the next boundary. */
  interruptChanged(): void {
    if (this.interruptRequested()) this.sleeping = false;
    this.breakLoop();
  }

  wfi(): void {
    if (this.cp15.hcr !== 0 && trapWfx(this, false)) return;
    if (this.interruptRequested()) return;
    this.sleeping = true;
    this.inWfe = false;
    this.breakLoop();
  }

  wfe(): void {
    if (this.cp15.hcr !== 0 && trapWfx(this, true)) return;
    if (this.eventReg) { this.eventReg = false; return; }
    if (this.interruptRequested()) return;
    this.sleeping = true;
    this.inWfe = true;
    this.breakLoop();
  }

  /** SEV from any core (or an exclusive monitor clear event) sets the event register. */
  signalEvent(): void {
    this.eventReg = true;
    if (this.sleeping && this.inWfe) { this.sleeping = false; this.inWfe = false; this.eventReg = false; }
  }

  describe(): string {
    return `core ${this.index} pc=0x${this.pc.toString(16).padStart(8, '0')} mode=${modeName(this.mode)}`;
  }

  // ---------------------------------------------------------------- memory

  /** Translates va for an access (ACC_*) through the MMU. */
  translate(va: number, acc: number): number { return this.mmu.translate(va, acc); }

  strictAlignment(): boolean {
    return ((this.mode === MODE_HYP ? this.cp15.hsctlr : this.cp15.sctlr) & 2) !== 0;
  }

  /** Translation regime, privilege or endianness changed: re-pick the TLB tags (also used by exceptions.ts). */
  dataViewChanged(): void {
    this.selectTlb(this.mode === MODE_USR, (this.psrCtl & PSR_E) !== 0);
  }

  /** Translation tables or controls changed: drop cached translations and the fetch page. */
  translationChanged(): void {
    this.tlbFlush();
    this.stateChanged();
  }
}
