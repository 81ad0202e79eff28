// What runs before the OS on a real board, done by the host: put secondary
// CPUs in PSCI's "off" state, install the PSCI firmware, and enter the image
// on the boot CPU in Hyp mode (non-secure, as U-Boot does for Jailhouse and
// KVM) or in SVC mode. On a board with the Security Extensions this includes
// U-Boot's switch to Non-secure state: SCR, NSACR, CNTFRQ, and the GIC's
// interrupts in Group 1 so that Non-secure software can use them.

import type { Machine } from '../machine/machine.js';
import type { CoreHost } from '../cpu/core.js';
import { MODE_HYP, MODE_SVC, PSR_A, PSR_F, PSR_I, PSR_T } from '../cpu/psr.js';
import { PsciFirmware, type PsciLog } from './psci.js';
import { boardOf } from '../boards/board.js';

export type BootMode = 'hyp' | 'svc';

export interface BootOptions {
  mode: BootMode;
  entry: number;
  /** r0..r2 at entry (Linux: 0, machine ID, DTB address). */
  args?: [number, number, number];
  /** Extra host hooks (semihosting). */
  host?: CoreHost;
  psciLog?: PsciLog;
}

export class BootError extends Error {}

/** NSACR as U-Boot's _nonsec_init leaves it: CP0-CP13 usable from Non-secure state, ACTLR.SMP writable (NS_SMP). */
export const NSACR_NONSEC = 0x00043fff;

/** Resets all cores, starts the boot CPU at the entry point; returns the firmware. */
export function boot(machine: Machine, opts: BootOptions): PsciFirmware {
  const board = boardOf(machine);
  const psci = new PsciFirmware(machine, opts.psciLog, board);
  const primary = machine.cores[0];
  if (opts.mode === 'hyp' && !primary.hasVirtualization) {
    throw new BootError('this board has no Virtualization Extensions: boot mode hyp is not possible (use svc)');
  }
  const mode = opts.mode === 'hyp' ? MODE_HYP : MODE_SVC;
  psci.bootMode = mode;
  const host: CoreHost = {
    ...opts.host,
    smc: (core) => psci.call(core),
    // Without a hypervisor in the picture, PSCI is also reachable by HVC (QEMU's conduit without EL2).
    ...(opts.mode === 'svc' ? { hvc: (core) => psci.call(core) } : {}),
  };
  machine.setHost(host);
  board?.gic?.reset();
  for (const c of machine.cores) {
    c.reset(opts.entry & ~1, mode);
    board?.timers[c.index]?.reset();
    // Leave the Secure state as U-Boot's non-secure switch does: NS, FIQ/abort maskable from NS, HVC enabled,
    // coprocessors usable from Non-secure state.
    if (c.hasSecurity) { c.cp15.scr = 0x131; c.cp15.nsacr = NSACR_NONSEC; c.translationChanged(); }
    c.off = c !== primary;
  }
  if (primary.hasSecurity) board?.gic?.firmwareNonsecInit();
  let cpsr = mode | PSR_A | PSR_I | PSR_F;
  if (opts.entry & 1) cpsr |= PSR_T;
  primary.setCpsr(cpsr);
  const [a0, a1, a2] = opts.args ?? [0, 0, 0];
  primary.R[0] = a0 >>> 0; primary.R[1] = a1 >>> 0; primary.R[2] = a2 >>> 0;
  return psci;
}
