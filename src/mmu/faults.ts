// MMU fault kinds and their encodings (ARM ARM B3.12, B4.1.52 DFSR, B4.1.86 IFSR,
// B4.1.112 PAR, B3.13.6 HSR): short-descriptor FS[4:0], long-descriptor
// STATUS[5:0], PAR fault and success words, and the Hyp Syndrome for aborts
// taken to Hyp mode (exception classes from ../cpu/hyp-traps.ts).

/** Fault kinds recorded by the table walkers (WalkResult.fault). */
export const F_NONE = 0;
export const F_TRANSLATION = 1;
export const F_ACCESS_FLAG = 2;
/** Short-descriptor format only. */
export const F_DOMAIN = 3;
export const F_PERMISSION = 4;
/** Synchronous external abort on a translation table walk (nothing answered the descriptor read). */
export const F_WALK_EXTERNAL = 5;
/** Synchronous external abort on the access itself: the output address is beyond the 32-bit bus. */
export const F_EXTERNAL = 6;
/** A stage 1 walk's descriptor read faulted at stage 2 (the details are in the stage 2 result). */
export const F_STAGE2 = 7;

/** Short-descriptor FS[4:0] for a fault kind found at `level` (1: section/first level, 2: page/second level). */
export function shortFs(kind: number, level: number): number {
  const page = level >= 2;
  switch (kind) {
    case F_TRANSLATION: return page ? 0x07 : 0x05;
    case F_ACCESS_FLAG: return page ? 0x06 : 0x03;
    case F_DOMAIN: return page ? 0x0b : 0x09;
    case F_PERMISSION: return page ? 0x0f : 0x0d;
    case F_WALK_EXTERNAL: return page ? 0x0e : 0x0c;
    default: return 0x08; // synchronous external abort
  }
}

/** Long-descriptor STATUS[5:0] (DFSR/IFSR with LPAE = 1, HSR DFSC/IFSC, PAR FST) for a fault kind at `level`. */
export function longStatus(kind: number, level: number): number {
  const ll = level & 3;
  switch (kind) {
    case F_TRANSLATION: return 0x04 | ll;
    case F_ACCESS_FLAG: return 0x08 | ll;
    case F_PERMISSION: return 0x0c | ll;
    case F_WALK_EXTERNAL: return 0x14 | ll;
    case F_DOMAIN: return 0x3c | ll; // not produced by long-descriptor walks
    default: return 0x10; // synchronous external abort
  }
}

/** DFSR/IFSR bits. */
export const FSR_LPAE = 1 << 9;
export const FSR_WNR = 1 << 11;

/**
 * Short-descriptor DFSR value: FS[3:0] in [3:0], FS[4] in bit 10, Domain in [7:4], WnR.
 * (The IFSR has no Domain field: pass domain 0 for prefetch aborts.)
 */
export function shortFsr(kind: number, level: number, domain: number, write: boolean): number {
  const fs = shortFs(kind, level);
  return ((fs & 0xf) | ((fs & 0x10) << 6) | ((domain & 0xf) << 4) | (write ? FSR_WNR : 0)) >>> 0;
}

/** Long-descriptor DFSR/IFSR value: STATUS, LPAE = 1, WnR. */
export function longFsr(kind: number, level: number, write: boolean): number {
  return (longStatus(kind, level) | FSR_LPAE | (write ? FSR_WNR : 0)) >>> 0;
}

/** Short-descriptor fault status (FS[4:0], as core.dataAbort takes) converted to the long-descriptor STATUS. */
export function shortFsToLongStatus(fs: number): number {
  switch (fs) {
    case 0x01: return 0x21; // alignment
    case 0x02: return 0x22; // debug event
    case 0x08: return 0x10; // synchronous external abort
    case 0x19: return 0x18; // synchronous parity error
    default: return 0x10;
  }
}

// ------------------------------------------------------------------ PAR

/** PAR.LPAE: the 64-bit (long-descriptor) format. */
export const PAR_LPAE = 1 << 11;

/** 32-bit PAR after a fault: F = 1, FS[3:0] in [4:1], FS[4] in bit 5 (ExT in bit 6 is 0). */
export function shortParFault(kind: number, level: number): number {
  const fs = shortFs(kind, level);
  return (1 | ((fs & 0xf) << 1) | ((fs & 0x10) << 1)) >>> 0;
}

/** 64-bit PAR (low word; the high word is 0) after a fault: F, FST, S1PTW (bit 8), FSTAGE (bit 9), LPAE. */
export function longParFault(kind: number, level: number, stage2: boolean, s1ptw: boolean): number {
  return (1 | (longStatus(kind, level) << 1) | (s1ptw ? 1 << 8 : 0) | (stage2 ? 1 << 9 : 0) | PAR_LPAE) >>> 0;
}

/** Inner attribute field of the 32-bit PAR for a normal-memory cacheability code (00 NC, 01 WBWA, 10 WT, 11 WB). */
const PAR_INNER = [0b000, 0b101, 0b110, 0b111];

/**
 * Memory attributes of a short descriptor for the 32-bit PAR: NOS (bit 10), SH (bit 7),
 * Inner[2:0] (bits 6:4), Outer[1:0] (bits 3:2). `texcb` is TEX[2:0]:C:B, `s` the S bit;
 * with SCTLR.TRE = 1 the PRRR/NMRR remap applies.
 */
export function shortParAttrs(texcb: number, s: number, tre: boolean, prrr: number, nmrr: number): number {
  let type: number; // 0 strongly-ordered, 1 device, 2 normal
  let inner = 0, outer = 0, sh = 1, nos = 0;
  if (tre) {
    const n = texcb & 7;
    const tr = (prrr >>> (2 * n)) & 3;
    type = tr === 0 ? 0 : tr === 1 ? 1 : 2;
    if (type === 2) {
      inner = (nmrr >>> (2 * n)) & 3;
      outer = (nmrr >>> (16 + 2 * n)) & 3;
      sh = (prrr >>> (s ? 19 : 18)) & 1;
      nos = (prrr >>> (24 + n)) & 1;
    }
  } else {
    switch (texcb) {
      case 0b00000: type = 0; break;
      case 0b00001: case 0b01000: type = 1; sh = texcb === 1 ? 1 : 0; break;
      case 0b00010: type = 2; inner = outer = 2; sh = s; break;
      case 0b00011: type = 2; inner = outer = 3; sh = s; break;
      case 0b00111: type = 2; inner = outer = 1; sh = s; break;
      default:
        type = 2; sh = s;
        if (texcb & 0x10) { inner = texcb & 3; outer = (texcb >>> 2) & 3; }
        break;
    }
  }
  const innerField = type === 0 ? 0b001 : type === 1 ? 0b011 : PAR_INNER[inner];
  return ((nos << 10) | (sh << 7) | (innerField << 4) | ((type === 2 ? outer : 0) << 2)) >>> 0;
}

// ------------------------------------------------------------------ HSR

/**
 * HSR for a Data Abort (EC 0x24 from a lower mode, 0x25 from Hyp mode) without
 * instruction syndrome (ISV = 0): S1PTW (bit 7), WnR (bit 6), DFSC (bits 5:0).
 * IL reads as 1 as the syndrome does not describe the instruction.
 */
export function hsrDataAbort(ec: number, status: number, write: boolean, s1ptw: boolean): number {
  return ((ec << 26) | (1 << 25) | (s1ptw ? 1 << 7 : 0) | (write ? 1 << 6 : 0) | (status & 0x3f)) >>> 0;
}

/** HSR for a Prefetch Abort (EC 0x20 from a lower mode, 0x21 from Hyp mode): S1PTW (bit 7), IFSC. */
export function hsrPrefetchAbort(ec: number, status: number, s1ptw: boolean): number {
  return ((ec << 26) | (1 << 25) | (s1ptw ? 1 << 7 : 0) | (status & 0x3f)) >>> 0;
}

/** HPFAR for a stage 2 fault: IPA[39:12] in bits [31:4]. */
export function hpfarFor(ipa: number): number {
  return ((Math.floor(ipa / 4096) << 4) & 0xfffffff0) >>> 0;
}
