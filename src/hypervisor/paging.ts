// Stage-2 translation tables as the hardware reads them: LPAE long
// descriptors (ARM ARM B3.6) in pages taken from the hypervisor's memory,
// written through the bus. A cell's guest-physical (IPA) space of 4 GiB starts
// at level 1 (VTCR.T0SZ = 0, SL0 = 1): one 4-entry level-1 table, level-2
// tables of 2 MiB blocks, level-3 tables of 4 KiB pages. Mappings use the
// largest blocks that alignment allows; unmapping splits blocks as needed.

import type { Bus } from '../machine/bus.js';

export const PAGE_SIZE = 0x1000;
const BLOCK_L1 = 0x40000000, BLOCK_L2 = 0x200000;

/** Descriptor bits (low word). */
const DESC_VALID = 1, DESC_TABLE = 3, DESC_BLOCK = 1, DESC_PAGE = 3;
const S2_AF = 1 << 10;
const S2_SH_INNER = 3 << 8;
const S2AP_READ = 1 << 6, S2AP_WRITE = 1 << 7;
/** MemAttr[3:0] at bits 5:2: Normal write-back, or Device (nGnRE). */
const S2_MEMATTR_NORMAL = 0xf << 2, S2_MEMATTR_DEVICE = 0x1 << 2;
/** XN is bit 54: bit 22 of the high word. */
const S2_XN_HI = 1 << 22;

export interface Stage2Flags {
  read: boolean;
  write: boolean;
  exec: boolean;
  /** Device memory (MMIO passed through to the cell). */
  device: boolean;
}

export class PagingError extends Error {}

/** Hands out zeroed 4 KiB pages of physical memory from a fixed pool (the hypervisor's memory). */
export class PagePool {
  private readonly free: number[] = [];
  private next: number;
  private readonly end: number;

  constructor(private readonly bus: Bus, base: number, size: number) {
    if (base % PAGE_SIZE || size % PAGE_SIZE) throw new PagingError('page pool must be page aligned');
    this.next = base;
    this.end = base + size;
  }

  /** Pages currently handed out. */
  used = 0;

  alloc(): number {
    let pa = this.free.pop();
    if (pa === undefined) {
      if (this.next >= this.end) throw new PagingError('out of hypervisor memory for page tables');
      pa = this.next;
      this.next += PAGE_SIZE;
    }
    this.bus.load(pa, new Uint8Array(PAGE_SIZE));
    this.used++;
    return pa;
  }

  release(pa: number): void {
    this.free.push(pa);
    this.used--;
  }
}

function lowAttrs(f: Stage2Flags): number {
  return S2_AF | S2_SH_INNER | (f.read ? S2AP_READ : 0) | (f.write ? S2AP_WRITE : 0) |
    (f.device ? S2_MEMATTR_DEVICE : S2_MEMATTR_NORMAL);
}

export class Stage2Tables {
  /** Physical address of the level-1 table (what VTTBR.BADDR holds). */
  readonly root: number;

  constructor(private readonly bus: Bus, private readonly pool: PagePool) {
    this.root = pool.alloc();
  }

  private readDesc(pa: number): [number, number] {
    return [this.bus.read(pa, 4), this.bus.read(pa + 4, 4)];
  }

  private writeDesc(pa: number, lo: number, hi: number): void {
    this.bus.write(pa, 4, lo >>> 0);
    this.bus.write(pa + 4, 4, hi >>> 0);
  }

  /** Maps [ipa, ipa + size) to [pa, pa + size) with the given permissions. */
  map(ipa: number, pa: number, size: number, flags: Stage2Flags): void {
    if ((ipa | pa | size) % PAGE_SIZE) {
      throw new PagingError(`stage-2 map 0x${ipa.toString(16)} -> 0x${pa.toString(16)} size 0x${size.toString(16)}: not page aligned`);
    }
    let off = 0;
    while (off < size) {
      const va = ipa + off, pha = pa + off, left = size - off;
      if (va % BLOCK_L1 === 0 && pha % BLOCK_L1 === 0 && left >= BLOCK_L1) {
        this.setEntry(1, va, pha, flags);
        off += BLOCK_L1;
      } else if (va % BLOCK_L2 === 0 && pha % BLOCK_L2 === 0 && left >= BLOCK_L2) {
        this.setEntry(2, va, pha, flags);
        off += BLOCK_L2;
      } else {
        this.setEntry(3, va, pha, flags);
        off += PAGE_SIZE;
      }
    }
  }

  /** Removes every mapping in [ipa, ipa + size). */
  unmap(ipa: number, size: number): void {
    if ((ipa | size) % PAGE_SIZE) throw new PagingError('stage-2 unmap: not page aligned');
    let off = 0;
    while (off < size) {
      const va = ipa + off, left = size - off;
      const level = va % BLOCK_L1 === 0 && left >= BLOCK_L1 ? 1 : va % BLOCK_L2 === 0 && left >= BLOCK_L2 ? 2 : 3;
      this.clearEntry(level, va);
      off += level === 1 ? BLOCK_L1 : level === 2 ? BLOCK_L2 : PAGE_SIZE;
    }
  }

  /** Walks like the hardware does; for checks and debugging. */
  lookup(ipa: number): { pa: number; lo: number; hi: number } | null {
    let table = this.root;
    for (let level = 1; level <= 3; level++) {
      const entry = table + this.index(level, ipa) * 8;
      const [lo, hi] = this.readDesc(entry);
      if ((lo & DESC_VALID) === 0) return null;
      const addr = (lo & 0xfffff000) >>> 0;
      if (level < 3 && (lo & 3) === DESC_TABLE) { table = addr; continue; }
      if (level === 3 && (lo & 3) !== DESC_PAGE) return null;
      const span = level === 1 ? BLOCK_L1 : level === 2 ? BLOCK_L2 : PAGE_SIZE;
      const base = level === 1 ? addr & ~(BLOCK_L1 - 1) : level === 2 ? addr & ~(BLOCK_L2 - 1) : addr;
      return { pa: ((base >>> 0) + (ipa % span)) >>> 0, lo, hi };
    }
    return null;
  }

  private index(level: number, ipa: number): number {
    if (level === 1) return Math.floor(ipa / BLOCK_L1) & 3;
    if (level === 2) return Math.floor(ipa / BLOCK_L2) & 511;
    return Math.floor(ipa / PAGE_SIZE) & 511;
  }

  /** Returns the table of `level` covering ipa, creating (or splitting into) tables on the way. */
  private tableFor(level: number, ipa: number): number {
    let table = this.root;
    for (let l = 1; l < level; l++) {
      const entry = table + this.index(l, ipa) * 8;
      const [lo, hi] = this.readDesc(entry);
      if ((lo & DESC_VALID) === 0) {
        const next = this.pool.alloc();
        this.writeDesc(entry, next | DESC_TABLE, 0);
        table = next;
      } else if ((lo & 3) === DESC_TABLE) {
        table = (lo & 0xfffff000) >>> 0;
      } else {
        table = this.splitBlock(l, entry, lo, hi);
      }
    }
    return table;
  }

  /** Replaces a block descriptor with a table of the next level mapping the same range. */
  private splitBlock(level: number, entry: number, lo: number, hi: number): number {
    const next = this.pool.alloc();
    const span = level === 1 ? BLOCK_L2 : PAGE_SIZE;
    const base = (lo & 0xfffff000) >>> 0;
    const attrs = lo & 0xffc;
    const type = level + 1 === 3 ? DESC_PAGE : DESC_BLOCK;
    for (let i = 0; i < 512; i++) this.writeDesc(next + i * 8, (base + i * span) | attrs | type, hi);
    this.writeDesc(entry, next | DESC_TABLE, 0);
    return next;
  }

  private setEntry(level: number, ipa: number, pa: number, f: Stage2Flags): void {
    const table = this.tableFor(level, ipa);
    const entry = table + this.index(level, ipa) * 8;
    const [old] = this.readDesc(entry);
    if (level < 3 && (old & 3) === DESC_TABLE) this.freeTable(level + 1, (old & 0xfffff000) >>> 0);
    this.writeDesc(entry, pa | lowAttrs(f) | (level === 3 ? DESC_PAGE : DESC_BLOCK), f.exec ? 0 : S2_XN_HI);
  }

  private clearEntry(level: number, ipa: number): void {
    // Walk without creating tables: nothing to clear under an invalid entry.
    let table = this.root;
    for (let l = 1; l < level; l++) {
      const entry = table + this.index(l, ipa) * 8;
      const [lo, hi] = this.readDesc(entry);
      if ((lo & DESC_VALID) === 0) return;
      table = (lo & 3) === DESC_TABLE ? (lo & 0xfffff000) >>> 0 : this.splitBlock(l, entry, lo, hi);
    }
    const entry = table + this.index(level, ipa) * 8;
    const [old] = this.readDesc(entry);
    if (level < 3 && (old & 3) === DESC_TABLE) this.freeTable(level + 1, (old & 0xfffff000) >>> 0);
    this.writeDesc(entry, 0, 0);
  }

  /** Returns a table (and the tables below it) to the pool. */
  private freeTable(level: number, table: number): void {
    if (level < 3) {
      for (let i = 0; i < 512; i++) {
        const [lo] = this.readDesc(table + i * 8);
        if ((lo & 3) === DESC_TABLE) this.freeTable(level + 1, (lo & 0xfffff000) >>> 0);
      }
    }
    this.pool.release(table);
  }

  /** Releases every table. */
  destroy(): void {
    for (let i = 0; i < 4; i++) {
      const [lo] = this.readDesc(this.root + i * 8);
      if ((lo & 3) === DESC_TABLE) this.freeTable(2, (lo & 0xfffff000) >>> 0);
    }
    this.pool.release(this.root);
  }
}
