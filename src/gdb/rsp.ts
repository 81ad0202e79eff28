// GDB remote serial protocol framing: `$payload#cs` packets with a modulo-256
// checksum, `+`/`-` acknowledgements, the 0x03 interrupt byte, and the binary
// escape (`}` followed by the byte XOR 0x20) used by X packets and qXfer replies.

const DOLLAR = 0x24, HASH = 0x23, ESCAPE = 0x7d, STAR = 0x2a, PLUS = 0x2b, MINUS = 0x2d;
/** The interrupt request gdb sends out of band (Ctrl-C). */
export const INTERRUPT = 0x03;

/** Longest packet accepted; longer input is dropped (and nacked). */
const MAX_PACKET = 1 << 20;

/** Sum of the bytes modulo 256. */
export function checksum(data: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s = (s + data[i]) & 0xff;
  return s;
}

/** Escapes the bytes that may not appear raw in a packet: `$`, `#`, `}` and `*`. */
export function escapeBinary(data: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of data) if (b === DOLLAR || b === HASH || b === ESCAPE || b === STAR) extra++;
  if (extra === 0) return data;
  const out = new Uint8Array(data.length + extra);
  let j = 0;
  for (const b of data) {
    if (b === DOLLAR || b === HASH || b === ESCAPE || b === STAR) { out[j++] = ESCAPE; out[j++] = b ^ 0x20; } else out[j++] = b;
  }
  return out;
}

/** Undoes escapeBinary; null when the data ends inside an escape. */
export function unescapeBinary(data: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(data.length);
  let j = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === ESCAPE) {
      if (++i >= data.length) return null;
      out[j++] = data[i] ^ 0x20;
    } else out[j++] = data[i];
  }
  return out.subarray(0, j);
}

/** Frames a payload (already escaped where needed) as `$payload#cs`. */
export function encodePacket(payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const out = Buffer.alloc(body.length + 4);
  out[0] = DOLLAR;
  out.set(body, 1);
  out[body.length + 1] = HASH;
  out.write(checksum(body).toString(16).padStart(2, '0'), body.length + 2, 'latin1');
  return out;
}

/** What arrives on the wire, in order. */
export interface RspEvents {
  /** A packet with a good checksum (payload still escaped, as the command decides). */
  packet(payload: Uint8Array): void;
  /** A packet whose checksum did not match. */
  badPacket?(): void;
  /** `+` (true) or `-` (false). */
  ack?(ok: boolean): void;
  /** The 0x03 byte outside a packet. */
  interrupt?(): void;
}

const ST_IDLE = 0, ST_BODY = 1, ST_CS1 = 2, ST_CS2 = 3;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Splits a byte stream into packets, acks and interrupts. */
export class PacketReader {
  private state = ST_IDLE;
  private body: number[] = [];
  private cs = 0;
  private overflow = false;

  constructor(private readonly events: RspEvents) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.state) {
        case ST_IDLE:
          if (b === DOLLAR) { this.state = ST_BODY; this.body = []; this.overflow = false; }
          else if (b === PLUS) this.events.ack?.(true);
          else if (b === MINUS) this.events.ack?.(false);
          else if (b === INTERRUPT) this.events.interrupt?.();
          break; // anything else between packets is noise
        case ST_BODY:
          if (b === HASH) this.state = ST_CS1;
          else if (b === DOLLAR) this.body = []; // a new start: the previous packet was cut short
          else if (this.body.length < MAX_PACKET) this.body.push(b);
          else this.overflow = true;
          break;
        case ST_CS1:
          this.cs = hexDigit(b) << 4;
          this.state = hexDigit(b) < 0 ? ST_IDLE : ST_CS2;
          if (this.state === ST_IDLE) this.events.badPacket?.();
          break;
        case ST_CS2: {
          this.state = ST_IDLE;
          const d = hexDigit(b);
          const payload = Uint8Array.from(this.body);
          this.body = [];
          if (d < 0 || this.overflow || (this.cs | d) !== checksum(payload)) this.events.badPacket?.();
          else this.events.packet(payload);
          break;
        }
      }
    }
  }
}

// ---------------------------------------------------------------- hex

const HEX = '0123456789abcdef';

export function toHex(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += HEX[b >>> 4] + HEX[b & 15];
  return s;
}

/** Hex string to bytes; null when it is not an even number of hex digits. */
export function fromHex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
}

/** A hex number as gdb writes addresses, lengths and thread ids; NaN when malformed. */
export function parseHexNumber(s: string): number {
  return /^[0-9a-fA-F]{1,16}$/.test(s) ? parseInt(s, 16) : NaN;
}

/** Text as hex (qThreadExtraInfo, qRcmd output). */
export function textToHex(s: string): string {
  return toHex(Buffer.from(s, 'latin1'));
}
