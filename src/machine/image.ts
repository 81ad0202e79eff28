// Guest image loading: ELF32 little-endian ARM executables (PT_LOAD segments
// at their physical addresses) and raw binaries at a given address.

import type { Bus } from './bus.js';

export class ImageError extends Error {}

export interface LoadedImage {
  entry: number;
  /** [physical address, size in memory] of each loaded segment. */
  segments: [number, number][];
}

const PT_LOAD = 1;
const EM_ARM = 40;

function hex(n: number): string { return '0x' + (n >>> 0).toString(16).padStart(8, '0'); }

/** Parses and loads an ELF image; errors name the file, the offset and the field. */
export function loadElf(bus: Bus, data: Uint8Array, file: string): LoadedImage {
  const fail = (off: number, field: string, what: string): never => {
    throw new ImageError(`${file}: offset ${off}: ${field}: ${what}`);
  };
  if (data.length < 52) fail(0, 'ELF header', `file is ${data.length} bytes, an ELF32 header needs 52`);
  if (data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) {
    fail(0, 'e_ident[EI_MAG]', 'expected \\x7fELF (not an ELF file; use --load-addr for a raw binary)');
  }
  if (data[4] !== 1) fail(4, 'e_ident[EI_CLASS]', `expected 1 (ELF32), found ${data[4]}`);
  if (data[5] !== 1) fail(5, 'e_ident[EI_DATA]', `expected 1 (little-endian), found ${data[5]}`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const type = dv.getUint16(16, true);
  if (type !== 2) fail(16, 'e_type', `expected 2 (ET_EXEC), found ${type}`);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_ARM) fail(18, 'e_machine', `expected 40 (EM_ARM), found ${machine}`);
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  if (phnum === 0) fail(44, 'e_phnum', 'no program headers');
  if (phentsize < 32) fail(42, 'e_phentsize', `expected at least 32, found ${phentsize}`);
  if (phoff + phnum * phentsize > data.length) {
    fail(28, 'e_phoff', `program headers (${phnum} x ${phentsize} bytes at ${phoff}) run past the end of the file`);
  }
  const segments: [number, number][] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== PT_LOAD) continue;
    const offset = dv.getUint32(ph + 4, true);
    const paddr = dv.getUint32(ph + 12, true);
    const filesz = dv.getUint32(ph + 16, true);
    const memsz = dv.getUint32(ph + 20, true);
    if (offset + filesz > data.length) {
      fail(ph + 4, `program header ${i} p_offset/p_filesz`, `segment runs past the end of the file`);
    }
    if (memsz < filesz) fail(ph + 20, `program header ${i} p_memsz`, `smaller than p_filesz`);
    const bytes = new Uint8Array(memsz);
    bytes.set(data.subarray(offset, offset + filesz));
    try {
      bus.load(paddr, bytes);
    } catch (e) {
      fail(ph + 12, `program header ${i} p_paddr`, `segment ${hex(paddr)}+${hex(memsz)} is not in RAM (${(e as Error).message})`);
    }
    if (memsz > 0) segments.push([paddr, memsz]);
  }
  if (segments.length === 0) fail(phoff, 'program headers', 'no PT_LOAD segment');
  return { entry, segments };
}

/** Loads a raw binary at a physical address; the entry is that address. */
export function loadRaw(bus: Bus, data: Uint8Array, addr: number, file: string): LoadedImage {
  try {
    bus.load(addr, data);
  } catch (e) {
    throw new ImageError(`${file}: cannot load ${data.length} bytes at ${hex(addr)}: ${(e as Error).message}`);
  }
  return { entry: addr >>> 0, segments: [[addr >>> 0, data.length]] };
}

/** True when the data starts with the ELF magic. */
export function isElf(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}
