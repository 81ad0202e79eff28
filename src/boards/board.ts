// Boards as data: a memory map and its wiring. buildBoard() turns a spec
// into a Machine with RAM and devices on the bus.

import { Machine } from '../machine/machine.js';
import type { CpuModel } from '../cpu/models.js';
import type { MmioDevice } from '../machine/bus.js';
import { Pl011 } from '../devices/uart-pl011.js';
import { Uart8250 } from '../devices/uart-8250.js';

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
  hasSecurity: boolean;
  hasVirtualization: boolean;
}

export interface BoardOptions {
  cpus?: number;
  /** RAM size in bytes (default: the board's). */
  ramSize?: number;
  /** Receives every byte a UART transmits. */
  output?: (uart: string, byte: number) => void;
}

export type Uart = Pl011 | Uart8250;

export interface BoardInstance {
  spec: BoardSpec;
  machine: Machine;
  uarts: Map<string, Uart>;
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
  return { spec, machine, uarts };
}
