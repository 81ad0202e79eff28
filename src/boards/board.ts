// Boards as data: a memory map and its wiring. buildBoard() turns a spec
// into a Machine with RAM and devices on the bus.

import { Machine } from '../machine/machine.js';
import type { CpuModel } from '../cpu/models.js';
import type { MmioDevice } from '../machine/bus.js';
import { Pl011 } from '../devices/uart-pl011.js';
import { Uart8250 } from '../devices/uart-8250.js';
import { SunxiPio } from '../devices/sunxi-pio.js';
import { SunxiCcu } from '../devices/sunxi-ccu.js';

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
  distributor: number;
  cpuInterface: number;
  /** GICH (virtual interface control) and GICV (virtual CPU interface) for the hypervisor. */
  hypInterface: number;
  virtualCpuInterface: number;
  /** Number of interrupt IDs (a multiple of 32). */
  lines: number;
}

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
  const output = opts.output ?? (() => {});
  const uarts = new Map<string, Uart>();
  for (const u of spec.uarts) {
    const sink = (b: number): void => output(u.name, b);
    const dev: Uart & MmioDevice = u.kind === 'pl011' ? new Pl011(u.name, sink) : new Uart8250(u.name, sink, u.regShift ?? 0);
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
  return { spec, machine, uarts, pio };
}
