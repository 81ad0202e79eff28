// The physical bus: RAM regions and MMIO devices at physical addresses.
// Lookups go through a 4 KiB page map; pages shared by several small devices
// (the A20 puts eight UARTs 1 KiB apart) are resolved by a short list search.

export type AccessSize = 1 | 2 | 4;

/** A memory-mapped device. Offsets are relative to the device's base. */
export interface MmioDevice {
  readonly name: string;
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
}

const PAGE_SHIFT = 12;
const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('jailhouse-ts needs a little-endian host');
}

/** A RAM region: one ArrayBuffer with 8/16/32-bit views over it. */
export class Ram {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  /** One byte per 4 KiB page: non-zero when decoded instructions are cached for it. */
  readonly codePages: Uint8Array;
  /** Called when a store hits a page with cached code (set by the bus). */
  onCodeWrite: (pa: number, len: number) => void = () => {};

  constructor(readonly name: string, readonly base: number, readonly size: number) {
    if (size % 4096 !== 0 || base % 4096 !== 0) {
      throw new Error(`RAM region ${name}: base and size must be 4 KiB aligned`);
    }
    const buf = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.u32 = new Uint32Array(buf);
    this.codePages = new Uint8Array(size >>> PAGE_SHIFT);
  }

  contains(pa: number): boolean {
    return pa >= this.base && pa - this.base < this.size;
  }

  read(off: number, size: AccessSize): number {
    if (size === 4) {
      return (off & 3) === 0 ? this.u32[off >>> 2]
        : (this.u8[off] | (this.u8[off + 1] << 8) | (this.u8[off + 2] << 16) | (this.u8[off + 3] << 24)) >>> 0;
    }
    if (size === 2) return (off & 1) === 0 ? this.u16[off >>> 1] : this.u8[off] | (this.u8[off + 1] << 8);
    return this.u8[off];
  }

  write(off: number, size: AccessSize, value: number): void {
    if (size === 4) {
      if ((off & 3) === 0) this.u32[off >>> 2] = value;
      else {
        this.u8[off] = value; this.u8[off + 1] = value >>> 8;
        this.u8[off + 2] = value >>> 16; this.u8[off + 3] = value >>> 24;
      }
    } else if (size === 2) {
      if ((off & 1) === 0) this.u16[off >>> 1] = value;
      else { this.u8[off] = value; this.u8[off + 1] = value >>> 8; }
    } else {
      this.u8[off] = value;
    }
    const page = off >>> PAGE_SHIFT;
    if (this.codePages[page] !== 0) this.onCodeWrite(this.base + off, size);
  }
}

interface DeviceMapping {
  base: number;
  size: number;
  device: MmioDevice;
}

/** Entry of the page map: a RAM region, one device, or several devices sharing the page. */
type PageTarget = Ram | DeviceMapping | DeviceMapping[];

export class Bus {
  private readonly pageIndex = new Int32Array(PAGE_COUNT).fill(-1);
  private readonly targets: PageTarget[] = [];
  readonly rams: Ram[] = [];
  readonly devices: DeviceMapping[] = [];
  /** Set by read/write when nothing answers at the address (an external abort for the CPU). */
  faulted = false;
  /** Index of the core whose accesses are being made (for per-CPU banked device registers). */
  currentCpu = 0;
  /** Listeners told about stores into pages holding cached code (the cores' decode caches). */
  private readonly codeWriteListeners: ((pa: number, len: number) => void)[] = [];

  addRam(name: string, base: number, size: number): Ram {
    const ram = new Ram(name, base >>> 0, size >>> 0);
    ram.onCodeWrite = (pa, len) => { for (const l of this.codeWriteListeners) l(pa, len); };
    this.checkFree(ram.base, ram.size, name);
    const idx = this.targets.push(ram) - 1;
    for (let p = ram.base >>> PAGE_SHIFT; p < (ram.base + ram.size) / 4096; p++) this.pageIndex[p] = idx;
    this.rams.push(ram);
    return ram;
  }

  addDevice(base: number, size: number, device: MmioDevice): void {
    base >>>= 0;
    this.checkFree(base, size, device.name);
    const m: DeviceMapping = { base, size, device };
    this.devices.push(m);
    const first = base >>> PAGE_SHIFT;
    const last = (base + size - 1) >>> PAGE_SHIFT;
    for (let p = first; p <= last; p++) {
      const cur = this.pageIndex[p];
      const pageStart = p * 4096;
      const coversPage = base <= pageStart && base + size >= pageStart + 4096;
      if (cur < 0) {
        this.pageIndex[p] = this.targets.push(coversPage ? m : [m]) - 1;
      } else {
        const t = this.targets[cur];
        if (Array.isArray(t)) t.push(m);
        else throw new Error(`bus: ${device.name} overlaps another region at page 0x${pageStart.toString(16)}`);
      }
    }
  }

  onCodeWrite(listener: (pa: number, len: number) => void): void {
    this.codeWriteListeners.push(listener);
  }

  /** The RAM region holding pa, or undefined. */
  ramAt(pa: number): Ram | undefined {
    const i = this.pageIndex[pa >>> PAGE_SHIFT];
    if (i < 0) return undefined;
    const t = this.targets[i];
    return t instanceof Ram ? t : undefined;
  }

  private checkFree(base: number, size: number, name: string): void {
    for (const r of this.rams) {
      if (base < r.base + r.size && r.base < base + size) throw new Error(`bus: ${name} overlaps RAM ${r.name}`);
    }
    for (const d of this.devices) {
      if (base < d.base + d.size && d.base < base + size) {
        throw new Error(`bus: ${name} overlaps device ${d.device.name}`);
      }
    }
  }

  private find(pa: number): Ram | DeviceMapping | undefined {
    const i = this.pageIndex[pa >>> PAGE_SHIFT];
    if (i < 0) return undefined;
    const t = this.targets[i];
    if (!Array.isArray(t)) return t;
    for (const m of t) if (pa >= m.base && pa - m.base < m.size) return m;
    return undefined;
  }

  read(pa: number, size: AccessSize): number {
    pa >>>= 0;
    const t = this.find(pa);
    if (t === undefined) { this.faulted = true; return 0; }
    if (t instanceof Ram) {
      if (pa - t.base + size > t.size) { this.faulted = true; return 0; }
      return t.read(pa - t.base, size);
    }
    return t.device.read(pa - t.base, size) >>> 0;
  }

  write(pa: number, size: AccessSize, value: number): void {
    pa >>>= 0;
    const t = this.find(pa);
    if (t === undefined) { this.faulted = true; return; }
    if (t instanceof Ram) {
      if (pa - t.base + size > t.size) { this.faulted = true; return; }
      t.write(pa - t.base, size, value);
      return;
    }
    t.device.write(pa - t.base, size, value >>> 0);
  }

  /** Host-side copy into RAM (image loading); throws for addresses outside RAM. */
  load(pa: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const addr = (pa + done) >>> 0;
      const ram = this.ramAt(addr);
      if (!ram) throw new Error(`no RAM at physical address 0x${addr.toString(16).padStart(8, '0')}`);
      const off = addr - ram.base;
      const n = Math.min(data.length - done, ram.size - off);
      ram.u8.set(data.subarray(done, done + n), off);
      for (let page = off >>> PAGE_SHIFT; page <= (off + n - 1) >>> PAGE_SHIFT; page++) {
        if (ram.codePages[page] !== 0) ram.onCodeWrite(ram.base + page * 4096, 4096);
      }
      done += n;
    }
  }
}
