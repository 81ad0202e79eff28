// PSCI firmware (Arm Power State Coordination Interface 1.1 as QEMU 7.2
// reports it, SMC32 calling convention), answering SMC (or HVC on a board
// without EL2 firmware, as QEMU does) in place of secure monitor code.
// Function ID in r0, arguments in r1-r3, result in r0.

import type { Core } from '../cpu/core.js';
import type { Machine } from '../machine/machine.js';
import { MODE_SVC, PSR_A, PSR_F, PSR_I, PSR_T } from '../cpu/psr.js';
import type { BoardInstance } from '../boards/board.js';

export const PSCI_VERSION = 0x84000000;
export const PSCI_CPU_SUSPEND = 0x84000001;
export const PSCI_CPU_OFF = 0x84000002;
export const PSCI_CPU_ON = 0x84000003;
export const PSCI_AFFINITY_INFO = 0x84000004;
export const PSCI_MIGRATE = 0x84000005;
export const PSCI_MIGRATE_INFO_TYPE = 0x84000006;
export const PSCI_MIGRATE_INFO_UP_CPU = 0x84000007;
export const PSCI_SYSTEM_OFF = 0x84000008;
export const PSCI_SYSTEM_RESET = 0x84000009;
export const PSCI_FEATURES = 0x8400000a;

/** PSCI_VERSION's answer: 1.1. */
export const PSCI_VERSION_1_1 = 0x00010001;

export const PSCI_SUCCESS = 0;
export const PSCI_NOT_SUPPORTED = -1;
export const PSCI_INVALID_PARAMETERS = -2;
export const PSCI_DENIED = -3;
export const PSCI_ALREADY_ON = -4;

const AFFINITY_ON = 0, AFFINITY_OFF = 1;
/** MIGRATE_INFO_TYPE: no Trusted OS that needs migration. */
const TOS_NOT_PRESENT = 2;

const SUPPORTED = new Set([PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_AFFINITY_INFO,
  PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES]);

export interface PsciLog {
  (core: Core, what: string): void;
}

/** Told about every PSCI call (function ID, arguments r1-r3, result) by whoever answers it. */
export interface PsciTracer {
  psci(cpu: number, by: 'firmware' | 'hypervisor', fn: number, a1: number, a2: number, a3: number, result: number): void;
}

const firmwareOfMachine = new WeakMap<Machine, PsciFirmware>();

/** The PSCI firmware installed on a machine (by boot()). */
export function firmwareOf(machine: Machine): PsciFirmware | undefined {
  return firmwareOfMachine.get(machine);
}

export class PsciFirmware {
  /** Mode in which CPU_ON starts a core: the mode the boot CPU was given (Hyp or SVC). */
  bootMode = MODE_SVC;
  tracer: PsciTracer | null = null;

  /** `board` gives the per-core devices a started core gets from the firmware (timer, GIC CPU interface). */
  constructor(private readonly machine: Machine, private readonly log: PsciLog = () => {},
    private readonly board?: BoardInstance) {
    firmwareOfMachine.set(machine, this);
  }

  /** Handles a PSCI call; returns false for function IDs outside PSCI (the caller decides). */
  call(core: Core): boolean {
    if (this.tracer === null) return this.dispatch(core);
    const R = core.R;
    const fn = R[0] >>> 0, a1 = R[1] >>> 0, a2 = R[2] >>> 0, a3 = R[3] >>> 0;
    const handled = this.dispatch(core);
    if (handled) this.tracer.psci(core.index, 'firmware', fn, a1, a2, a3, R[0] | 0);
    return handled;
  }

  private dispatch(core: Core): boolean {
    const R = core.R;
    const fn = R[0] >>> 0;
    if ((fn & 0xffffffe0) >>> 0 !== 0x84000000) return false;
    const ret = (v: number): true => { R[0] = v >>> 0; return true; };
    switch (fn) {
      case PSCI_VERSION: return ret(PSCI_VERSION_1_1);
      case PSCI_CPU_SUSPEND:
        // Standby is all this machine has: wait for an interrupt, return success.
        core.wfi();
        return ret(PSCI_SUCCESS);
      case PSCI_CPU_OFF:
        this.log(core, 'CPU_OFF');
        core.off = true;
        core.breakLoop();
        return ret(PSCI_SUCCESS);
      case PSCI_CPU_ON: return ret(this.cpuOn(core, R[1], R[2], R[3]));
      case PSCI_AFFINITY_INFO: {
        const level = R[2];
        if (level !== 0) return ret(PSCI_INVALID_PARAMETERS);
        const target = this.coreByMpidr(R[1]);
        if (!target) return ret(PSCI_INVALID_PARAMETERS);
        return ret(target.off ? AFFINITY_OFF : AFFINITY_ON);
      }
      case PSCI_MIGRATE_INFO_TYPE: return ret(TOS_NOT_PRESENT);
      case PSCI_SYSTEM_OFF:
        this.log(core, 'SYSTEM_OFF');
        this.machine.stop('poweroff');
        return ret(PSCI_SUCCESS);
      case PSCI_SYSTEM_RESET:
        this.log(core, 'SYSTEM_RESET');
        this.machine.stop('reset');
        return ret(PSCI_SUCCESS);
      case PSCI_FEATURES: return ret(SUPPORTED.has(R[1] >>> 0) ? 0 : PSCI_NOT_SUPPORTED);
      default: return ret(PSCI_NOT_SUPPORTED);
    }
  }

  private coreByMpidr(mpidr: number): Core | undefined {
    const aff = mpidr & 0x00ffffff;
    return this.machine.cores.find((c) => (c.cp15.mpidr & 0x00ffffff) === aff);
  }

  private cpuOn(caller: Core, mpidr: number, entry: number, context: number): number {
    const target = this.coreByMpidr(mpidr);
    if (!target) return PSCI_INVALID_PARAMETERS;
    if (!target.off) return PSCI_ALREADY_ON;
    this.log(caller, `CPU_ON cpu ${target.index} entry 0x${(entry >>> 0).toString(16)}`);
    // The target starts like the boot CPU: same mode, MMU and caches off, r0 = context ID.
    if (target.cycles < caller.cycles) {
      target.idleCycles += caller.cycles - target.cycles;
      target.cycles = caller.cycles;
    }
    // (In Hyp mode when the machine was entered in Hyp mode: QEMU's virt board with virtualization=on does so.)
    target.reset(entry & ~1, this.bootMode);
    let cpsr = this.bootMode | PSR_A | PSR_I | PSR_F;
    if (entry & 1) cpsr |= PSR_T;
    target.setCpsr(cpsr);
    target.R[0] = context >>> 0;
    target.cp15.scr = caller.cp15.scr;
    target.cp15.nsacr = caller.cp15.nsacr;
    target.translationChanged();
    // A powered-up core's timer comes out of reset; the firmware programs CNTFRQ and, on the way to
    // Non-secure state, the core's banked GIC registers.
    this.board?.timers[target.index]?.reset();
    if (target.hasSecurity) this.board?.gic?.firmwareNonsecInitCpu(target.index);
    return PSCI_SUCCESS;
  }
}

