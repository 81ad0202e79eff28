// A cell's communication region: one page of hypervisor memory mapped into
// the cell at the COMM_REGION memory region, in Jailhouse's layout. The cell
// reads the platform facts and messages there and writes its state and
// replies; the hypervisor reads and writes it through the bus.

import type { Bus } from '../machine/bus.js';
import { CommOff, COMM_REGION_ABI_REVISION, COMM_REGION_MAGIC, JAILHOUSE_MSG_NONE } from './abi.js';
import { PAGE_SIZE } from './paging.js';
import type { Console } from '../config/index.js';

export interface CommRegionPlatform {
  gicdBase: number;
  giccBase: number;
  gicrBase: number;
  vpciIrqBase: number;
  /** The system's pci_mmconfig_base (0: no PCI). */
  pciMmconfigBase?: number;
  flags: number;
  console: Console;
}

export class CommRegion {
  constructor(private readonly bus: Bus, readonly pa: number) {}

  private u32(off: number): number { return this.bus.read(this.pa + off, 4) >>> 0; }
  private set32(off: number, v: number): void { this.bus.write(this.pa + off, 4, v >>> 0); }
  private set64(off: number, v: number): void {
    this.set32(off, v % 0x100000000);
    this.set32(off + 4, Math.floor(v / 0x100000000));
  }

  get cellState(): number { return this.u32(CommOff.cellState); }
  set cellState(v: number) { this.set32(CommOff.cellState, v); }
  get msgToCell(): number { return this.u32(CommOff.msgToCell); }
  get replyFromCell(): number { return this.u32(CommOff.replyFromCell); }

  /** Zeroes the page and writes the header a starting cell finds (state RUNNING = 0, no message). */
  reset(p: CommRegionPlatform): void {
    this.bus.load(this.pa, new Uint8Array(PAGE_SIZE));
    for (let i = 0; i < COMM_REGION_MAGIC.length; i++) this.bus.write(this.pa + i, 1, COMM_REGION_MAGIC.charCodeAt(i));
    this.bus.write(this.pa + CommOff.revision, 2, COMM_REGION_ABI_REVISION);
    this.set32(CommOff.flags, p.flags);
    const c = CommOff.console;
    this.set64(c, p.console.address);
    this.set32(c + 8, p.console.size);
    this.bus.write(this.pa + c + 12, 2, p.console.type);
    this.bus.write(this.pa + c + 14, 2, p.console.flags);
    this.set32(c + 16, p.console.divider);
    this.set32(c + 20, p.console.gateNr);
    this.set64(c + 24, p.console.clockReg);
    this.set64(CommOff.pciMmconfigBase, p.pciMmconfigBase ?? 0);
    this.bus.write(this.pa + CommOff.gicVersion, 1, 2);
    this.set64(CommOff.gicdBase, p.gicdBase);
    this.set64(CommOff.giccBase, p.giccBase);
    this.set64(CommOff.gicrBase, p.gicrBase);
    this.set32(CommOff.vpciIrqBase, p.vpciIrqBase);
  }

  /** jailhouse_send_msg_to_cell: clear the reply first, then post the message. */
  sendMessage(msg: number): void {
    this.set32(CommOff.replyFromCell, JAILHOUSE_MSG_NONE);
    this.set32(CommOff.msgToCell, msg);
  }
}
