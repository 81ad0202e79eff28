// Boots a board with a guest image: the programmatic form of `jailhouse-ts run`.

import { readFileSync } from 'node:fs';
import { BOARDS } from './index.js';
import { BoardError, buildBoard, type BoardInstance, type LedEvent } from './board.js';
import { ImageError, isElf, loadElf, loadRaw, type LoadedImage } from '../machine/image.js';
import { Semihosting } from '../machine/semihosting.js';
import type { RunLimits, StopReason } from '../machine/machine.js';
import type { CoreHost } from '../cpu/core.js';
import { boot, BootError, type BootMode } from '../firmware/boot.js';

/** Output source name of the semihosting console and stderr (the CLI shows it on stderr). */
export const STDERR_SOURCE = 'semihosting-stderr';

export interface SessionOptions {
  board: string;
  cpus?: number;
  semihosting?: boolean;
  /** Raw binary load address; ELF files ignore it. */
  loadAddr?: number;
  /** Called with every byte the guest writes to its console (UART or semihosting). */
  onOutput?: (bytes: Uint8Array, source: string) => void;
  /** Guest input for semihosting reads. */
  input?: Uint8Array;
  cmdline?: string;
  /** Mode the image is entered in (default svc, as QEMU without virtualization). */
  bootMode?: BootMode;
  /** Told about every LED change with its virtual time. */
  onLed?: (event: LedEvent) => void;
}

export interface Session {
  board: BoardInstance;
  image: LoadedImage;
}

export { BoardError, BootError, ImageError };

/** Builds the board, loads the image and enters it on the boot CPU (SVC mode unless bootMode says hyp). */
export function startSession(imagePath: string, imageData: Uint8Array | null, opts: SessionOptions): Session {
  const spec = BOARDS[opts.board];
  if (!spec) throw new BoardError(`unknown board '${opts.board}' (known: ${Object.keys(BOARDS).join(', ')})`);
  const out = opts.onOutput ?? (() => {});
  const board = buildBoard(spec, { cpus: opts.cpus, output: (uart, b) => out(Uint8Array.of(b), uart), onLed: opts.onLed });
  let data = imageData;
  if (data === null) {
    try {
      data = readFileSync(imagePath);
    } catch (e) {
      throw new ImageError(`${imagePath}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  let image: LoadedImage;
  if (isElf(data)) image = loadElf(board.machine.bus, data, imagePath);
  else if (opts.loadAddr !== undefined) image = loadRaw(board.machine.bus, data, opts.loadAddr, imagePath);
  else throw new ImageError(`${imagePath}: not an ELF file; give --load-addr to load it as a raw binary`);

  const m = board.machine;
  const host: CoreHost = {};
  if (opts.semihosting) {
    let inPos = 0;
    const input = opts.input ?? new Uint8Array(0);
    const sh = new Semihosting(m, {
      stdout: (b) => out(b, 'semihosting'),
      stderr: (b) => out(b, STDERR_SOURCE),
      readByte: () => (inPos < input.length ? input[inPos++] : -1),
      cmdline: opts.cmdline ?? imagePath,
    });
    host.semihosting = (core) => sh.handle(core);
  }
  boot(m, { mode: opts.bootMode ?? 'svc', entry: image.entry, host });
  return { board, image };
}

export interface RunResult {
  stopReason: StopReason;
  exitCode: number;
  instructions: number;
  /** What the guest wrote to stdout (UART, semihosting files). */
  output: string;
  /** What went to stderr (semihosting console and stderr). */
  errOutput: string;
  cycles: number;
}

/** Runs an image to completion and returns its console output (tests, benchmarks). */
export function runImage(imagePath: string, opts: SessionOptions & RunLimits): RunResult {
  const chunks: Uint8Array[] = [];
  const errChunks: Uint8Array[] = [];
  const s = startSession(imagePath, null, {
    ...opts, onOutput: (b, source) => (source === STDERR_SOURCE ? errChunks : chunks).push(b),
  });
  const m = s.board.machine;
  const reason = m.run({ maxInsns: opts.maxInsns, untilCycles: opts.untilCycles });
  return {
    stopReason: reason,
    exitCode: m.exitCode,
    instructions: m.instructions,
    cycles: m.now,
    output: Buffer.concat(chunks).toString('latin1'),
    errOutput: Buffer.concat(errChunks).toString('latin1'),
  };
}
