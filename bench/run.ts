// `npm run bench`: runs fixed guest kernels and reports guest instructions,
// wall seconds and MIPS per kernel; writes the same to bench/results.json.
// Speed is measured here only, never in tests.

import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runImage } from '../src/boards/session.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Kernel {
  name: string;
  image: string;
  board: string;
  /** What the kernel prints when it computed the right thing. */
  expect?: string;
}

const KERNELS: Kernel[] = [
  { name: 'intloop', image: 'bench/kernels/intloop.elf', board: 'qemu-arm', expect: 'ca41b400\n' },
  { name: 'memloop', image: 'bench/kernels/memloop.elf', board: 'qemu-arm', expect: '8f28b9c1\n' },
  { name: 'thumbloop', image: 'bench/kernels/thumbloop.elf', board: 'qemu-arm', expect: '334cda8d\n' },
  { name: 'mmuloop', image: 'bench/kernels/mmuloop.elf', board: 'qemu-arm', expect: '8f28b9c1\n' },
  { name: 'crc32', image: 'test/guest/bin/crc32.elf', board: 'qemu-arm' },
  { name: 'qsort', image: 'test/guest/bin/qsort.elf', board: 'qemu-arm' },
  { name: 'matmul', image: 'test/guest/bin/matmul.elf', board: 'qemu-arm' },
];

interface Result {
  kernel: string;
  board: string;
  instructions: number;
  seconds: number;
  mips: number;
}

const results: Result[] = [];
const only = process.argv.slice(2);
for (const k of KERNELS) {
  if (only.length > 0 && !only.includes(k.name)) continue;
  const image = root + k.image;
  if (!existsSync(image)) { console.log(`${k.name.padEnd(10)} (missing ${k.image}, skipped)`); continue; }
  // One warm-up run so that the measured run sees optimised code, as a long-running session would.
  runImage(image, { board: k.board, semihosting: true, maxInsns: 5_000_000 });
  const t0 = performance.now();
  const r = runImage(image, { board: k.board, semihosting: true });
  const seconds = (performance.now() - t0) / 1000;
  if (r.stopReason !== 'exit' || r.exitCode !== 0 || (k.expect !== undefined && r.output !== k.expect)) {
    console.error(`${k.name}: wrong result (stop ${r.stopReason}, exit ${r.exitCode}, output ${JSON.stringify(r.output.slice(0, 80))})`);
    process.exitCode = 1;
    continue;
  }
  const mips = r.instructions / seconds / 1e6;
  results.push({ kernel: k.name, board: k.board, instructions: r.instructions, seconds: +seconds.toFixed(3), mips: +mips.toFixed(1) });
  console.log(`${k.name.padEnd(10)} ${String(r.instructions).padStart(12)} insns ${seconds.toFixed(3).padStart(8)} s ${mips.toFixed(1).padStart(8)} MIPS`);
}
const out = { node: process.version, date: new Date().toISOString(), results };
writeFileSync(root + 'bench/results.json', JSON.stringify(out, null, 2) + '\n');
console.log('written bench/results.json');
