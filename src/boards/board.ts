// Boards as data: a memory map and its wiring. buildBoard() turns a spec
// into a Machine with RAM and devices on the bus.

import { Machine } from '../machine/machine.js';
import type { CpuModel } from '../cpu/models.js';
import type { MmioDevice } from '../machine/bus.js';
import { Pl011 } from '../devices/uart-pl011.js';
import { Uart8250 } from '../devices/uart-8250.js';
import { SunxiPio } from '../devices/sunxi-pio.js';
import { SunxiCcu } from '../devices/sunxi-ccu.js';
import { GIC_400, GIC_QEMU, Gic, type GicFlavour } from '../devices/gic-v2.js';
import { GenericTimer, SystemCounter } from '../devices/generic-timer.js';

export interface UartSpec {
  name: string;
  kind: 'pl011' | '8250';
  base: number;
  size: number;
  /** Register distance as a shift (8250 only): 2 means 4-byte spacing. */
  regShift?: number;
  /** GIC interrupt ID (SPIs start at 32). */
  irq?: number;
}

export interface GicSpec {
  /** Which implementation: QEMU's arm_gic (virt board) or ARM's GIC-400. */
  kind: 'qemu' | 'gic-400';
  distributor: number;
  cpuInterface: number;
  /** GICH (virtual interface control) and GICV (virtual CPU interface) for the hypervisor. */
  hypInterface: number;
  virtualCpuInterface: number;
  /** The GICH of each CPU at hypAliases + 0x200 * cpu (GIC-400), if the board maps them. */
  hypAliases?: number;
  /** Number of interrupt IDs (a multiple of 32). */
  lines: number;
}

/** Sizes of the GIC register frames; the rest of each window is unmapped (an access aborts, as on QEMU). */
export const GIC_FRAME_SIZES = { distributor: 0x1000, cpuInterface: 0x2000, hypInterface: 0x1000, hypAliases: 0x1000,
  virtualCpuInterface: 0x2000 } as const;

const GIC_FLAVOURS: Record<GicSpec['kind'], GicFlavour> = { qemu: GIC_QEMU, 'gic-400': GIC_400 };

export interface LedSpec {
  name: string;
  /** A20 PIO port letter and pin. */
  port: string;
  pin: number;
}

export interface BoardSpec {
  name: string;
  description: string;
  model: CpuModel;
  /** Core clock (one instruction per cycle). */
  cpuHz: number;
  /** Generic timer counter frequency. */
  timerHz: number;
  maxCpus: number;
  defaultCpus: number;
  ram: { base: number; size: number };
  uarts: UartSpec[];
  /** The UART that the `run` command shows on stdout. */
  stdoutUart: string;
  gic?: GicSpec;
  /** Allwinner port controller and clock unit (bananapi). */
  pio?: { base: number; size: number };
  ccu?: { base: number; size: number };
  leds?: LedSpec[];
  hasSecurity: boolean;
  hasVirtualization: boolean;
}

export interface BoardOptions {
  cpus?: number;
  /** RAM size in bytes (default: the board's). */
  ramSize?: number;
  /** Receives every byte a UART transmits. */
  output?: (uart: string, byte: number) => void;
  /** Told about every LED change, with the virtual time in ns. */
  onLed?: (event: LedEvent) => void;
}

export interface LedEvent {
  led: string;
  on: boolean;
  /** Virtual time of the change in nanoseconds. */
  timeNs: number;
}

export type Uart = Pl011 | Uart8250;

export interface BoardInstance {
  spec: BoardSpec;
  machine: Machine;
  uarts: Map<string, Uart>;
  pio?: SunxiPio;
  gic?: Gic;
  /** The generic timer of each core (also installed as the core's CP15 c14 registers). */
  timers: GenericTimer[];
}

const instances = new WeakMap<Machine, BoardInstance>();

/** The board a machine was built for (firmware and tools find its devices through it). */
export function boardOf(machine: Machine): BoardInstance | undefined {
  return instances.get(machine);
}

export class BoardError extends Error {}

export function buildBoard(spec: BoardSpec, opts: BoardOptions = {}): BoardInstance {
  const cpus = opts.cpus ?? spec.defaultCpus;
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > spec.maxCpus) {
    throw new BoardError(`board ${spec.name} has 1 to ${spec.maxCpus} CPUs, not ${cpus}`);
  }
  const machine = new Machine({
    cpus, model: spec.model, cpuHz: spec.cpuHz, hasSecurity: spec.hasSecurity,
    hasVirtualization: spec.hasVirtualization,
  });
  machine.bus.addRam('ram', spec.ram.base, opts.ramSize ?? spec.ram.size);
  const gic = spec.gic ? addGic(machine, spec.gic, spec.hasSecurity) : undefined;
  const counter = new SystemCounter(spec.cpuHz, spec.timerHz);
  const timers = machine.cores.map((core) => {
    const t = new GenericTimer(core, counter, machine, (id, level) => gic?.setPpi(core.index, id, level), spec.timerHz);
    core.cp15.timer = t;
    return t;
  });
  const output = opts.output ?? (() => {});
  const uarts = new Map<string, Uart>();
  for (const u of spec.uarts) {
    const sink = (b: number): void => output(u.name, b);
    const irq = (level: boolean): void => { if (gic && u.irq !== undefined) gic.setSpi(u.irq, level); };
    const dev: Uart & MmioDevice = u.kind === 'pl011' ? new Pl011(u.name, sink, irq)
      : new Uart8250(u.name, sink, u.regShift ?? 0, irq);
    machine.bus.addDevice(u.base, u.size, dev);
    uarts.set(u.name, dev);
  }
  let pio: SunxiPio | undefined;
  if (spec.pio) {
    pio = new SunxiPio();
    machine.bus.addDevice(spec.pio.base, spec.pio.size, pio);
    for (const led of spec.leds ?? []) {
      pio.watch({
        port: led.port, pin: led.pin,
        onChange: (on) => {
          // The writing core's own clock is the time of the change (it runs ahead of machine.now in a quantum).
          const core = machine.cores[machine.bus.currentCpu];
          opts.onLed?.({ led: led.name, on, timeNs: core.cycles * 1e9 / spec.cpuHz });
        },
      });
    }
  }
  if (spec.ccu) machine.bus.addDevice(spec.ccu.base, spec.ccu.size, new SunxiCcu());
  const board: BoardInstance = { spec, machine, uarts, pio, gic, timers };
  instances.set(machine, board);
  return board;
}

function addGic(machine: Machine, g: GicSpec, security: boolean): Gic {
  const gic = new Gic({ lines: g.lines, flavour: GIC_FLAVOURS[g.kind], security }, machine.cores, machine.bus);
  const bus = machine.bus;
  bus.addDevice(g.distributor, GIC_FRAME_SIZES.distributor, gic.distributor);
  bus.addDevice(g.cpuInterface, GIC_FRAME_SIZES.cpuInterface, gic.cpuInterface);
  bus.addDevice(g.hypInterface, GIC_FRAME_SIZES.hypInterface, gic.virt.control);
  if (g.hypAliases !== undefined) bus.addDevice(g.hypAliases, GIC_FRAME_SIZES.hypAliases, gic.virt.controlAliases);
  bus.addDevice(g.virtualCpuInterface, GIC_FRAME_SIZES.virtualCpuInterface, gic.virt.cpuInterface);
  return gic;
}
