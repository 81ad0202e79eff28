// The remote serial protocol: framing, checksums, acks, escapes, and the stub's
// answers to packets fed to it directly (no socket).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checksum, encodePacket, escapeBinary, fromHex, PacketReader, parseHexNumber, toHex, unescapeBinary,
} from '../../src/gdb/rsp.js';
import { GdbStub } from '../../src/gdb/stub.js';
import { DebugTarget } from '../../src/gdb/target.js';
import { G_PACKET_BYTES, TARGET_XML } from '../../src/gdb/target-xml.js';
import { startSession } from '../../src/boards/session.js';
import { guest } from './helpers.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

test('packets are framed as $payload#checksum with the sum of the payload bytes modulo 256', () => {
  assert.equal(checksum(bytes('')), 0);
  assert.equal(checksum(bytes('OK')), 0x9a);
  assert.equal(text(encodePacket('OK')), '$OK#9a');
  assert.equal(text(encodePacket('qSupported')), '$qSupported#37');
  assert.equal(text(encodePacket(Uint8Array.of(0xff, 0xff))), '$\xff\xff#fe');
});

test('binary data escapes $ # } * as } and the byte XOR 0x20, and comes back unchanged', () => {
  const raw = Uint8Array.of(0x24, 0x23, 0x7d, 0x2a, 0x00, 0x41, 0xff);
  const esc = escapeBinary(raw);
  assert.deepEqual([...esc], [0x7d, 0x04, 0x7d, 0x03, 0x7d, 0x5d, 0x7d, 0x0a, 0x00, 0x41, 0xff]);
  assert.deepEqual([...unescapeBinary(esc)!], [...raw]);
  assert.equal(unescapeBinary(Uint8Array.of(0x41, 0x7d)), null, 'an escape cut off at the end');
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual([...unescapeBinary(escapeBinary(all))!], [...all]);
});

test('the reader splits a stream into packets, acks and interrupts, across any chunking, and rejects bad checksums', () => {
  const seen: string[] = [];
  const r = new PacketReader({
    packet: (p) => seen.push(`pkt:${text(p)}`),
    badPacket: () => seen.push('bad'),
    ack: (ok) => seen.push(ok ? '+' : '-'),
    interrupt: () => seen.push('int'),
  });
  const stream = bytes('+$m40000000,4#51-\x03$g#00noise$X0,1:}\x03#');
  const withCs = Buffer.concat([stream, bytes(checksum(bytes('X0,1:}\x03')).toString(16).padStart(2, '0'))]);
  for (const b of withCs) r.push(Uint8Array.of(b)); // one byte at a time
  assert.deepEqual(seen, ['+', 'pkt:m40000000,4', '-', 'int', 'bad', 'pkt:X0,1:}\x03']);
  seen.length = 0;
  r.push(bytes('$OK#9A$OK#9a')); // checksum digits in either case
  assert.deepEqual(seen, ['pkt:OK', 'pkt:OK']);
});

test('hex helpers', () => {
  assert.equal(toHex(Uint8Array.of(0, 0xab, 0x10)), '00ab10');
  assert.deepEqual([...fromHex('00AB10')!], [0, 0xab, 0x10]);
  assert.equal(fromHex('abc'), null);
  assert.equal(fromHex('zz'), null);
  assert.equal(parseHexNumber('40000290'), 0x40000290);
  assert.ok(Number.isNaN(parseHexNumber('')));
  assert.ok(Number.isNaN(parseHexNumber('-1')));
});

/** A stub on hello.elf, fed packets directly; returns what it sent. */
function makeStub(): { stub: GdbStub; target: DebugTarget; feed(s: string): string[]; raw(s: string | Uint8Array): string[] } {
  const s = startSession(guest('hello.elf'), null, { board: 'qemu-arm', semihosting: true });
  const target = new DebugTarget(s.board.machine);
  let out: string[] = [];
  const stub = new GdbStub(target, { send: (b) => out.push(text(b)) });
  const raw = (d: string | Uint8Array): string[] => {
    out = [];
    stub.receive(typeof d === 'string' ? bytes(d) : d);
    return out;
  };
  return { stub, target, raw, feed: (p) => raw(encodePacket(p)) };
}

test('the stub acks each packet, answers qSupported, and stops acking after QStartNoAckMode', () => {
  const { feed, raw } = makeStub();
  const sup = feed('qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=arm');
  assert.equal(sup[0], '+');
  const feats = /^\$(.*)#[0-9a-f]{2}$/.exec(sup[1])![1].split(';');
  for (const f of ['PacketSize=4000', 'qXfer:features:read+', 'QStartNoAckMode+', 'vContSupported+']) {
    assert.ok(feats.includes(f), f);
  }
  assert.ok(!feats.includes('multiprocess+'), 'plain thread ids');
  assert.deepEqual(raw('$g#00'), ['-'], 'a bad checksum is nacked');
  assert.deepEqual(raw('-'), [sup[1]], 'a nack makes the stub send its last packet again');
  assert.deepEqual(feed('QStartNoAckMode'), ['+', encodeReply('OK')]);
  assert.deepEqual(feed('qAttached'), [encodeReply('1')], 'no ack any more');
  assert.deepEqual(feed('vMustReplyEmpty'), [encodeReply('')]);
  assert.deepEqual(feed('qTStatus'), [encodeReply('')], 'unknown queries get the empty reply');
});

test('the target description comes in pieces with m/l and names the core and VFP features', () => {
  const { feed } = makeStub();
  feed('QStartNoAckMode');
  let xml = '';
  for (let off = 0; ; off += 0x100) {
    const [pkt] = feed(`qXfer:features:read:target.xml:${off.toString(16)},100`);
    const body = unescapeBinary(bytes(/^\$(.*)#[0-9a-f]{2}$/s.exec(pkt)![1]))!;
    xml += text(body.subarray(1));
    if (body[0] === 0x6c) break; // 'l': last piece
    assert.equal(body[0], 0x6d); // 'm': more
  }
  assert.equal(xml, TARGET_XML);
  assert.match(xml, /<feature name="org.gnu.gdb.arm.core">/);
  assert.match(xml, /<reg name="cpsr" bitsize="32" regnum="25"\/>/);
  assert.match(xml, /<feature name="org.gnu.gdb.arm.vfp">/);
  assert.match(xml, /<reg name="d31" bitsize="64" type="ieee_double" regnum="57"\/>/);
  assert.match(xml, /<reg name="fpscr" bitsize="32" type="int" group="float" regnum="58"\/>/);
  assert.deepEqual(feed('qXfer:features:read:other.xml:0,100'), [encodeReply('E00')]);
});

test('registers: g has r0-r15, cpsr, d0-d31 and fpscr; p/P and G change single registers and all of them', () => {
  const { feed, target } = makeStub();
  feed('QStartNoAckMode');
  const body = (pkt: string): string => /^\$(.*)#[0-9a-f]{2}$/.exec(pkt)![1];
  const g = body(feed('g')[0]);
  assert.equal(g.length, 2 * G_PACKET_BYTES);
  assert.equal(G_PACKET_BYTES, 16 * 4 + 4 + 32 * 8 + 4);
  const core = target.cores[0];
  assert.equal(g.slice(15 * 8, 16 * 8), Buffer.from(Uint32Array.of(core.pc).buffer).toString('hex'), 'pc');
  assert.equal(g.slice(16 * 8, 17 * 8), Buffer.from(Uint32Array.of(core.cpsr).buffer).toString('hex'), 'cpsr');
  assert.deepEqual(feed('P3=78563412'), [encodeReply('OK')]);
  assert.equal(core.R[3], 0x12345678);
  assert.deepEqual(feed('p3'), [encodeReply('78563412')]);
  // d5 = 1.5 (0x3ff8000000000000): low word first.
  assert.deepEqual(feed('P1f=000000000000f83f'), [encodeReply('OK')]);
  assert.equal(core.vfp.d[5], 1.5);
  assert.deepEqual(feed('p19'), [encodeReply(Buffer.from(Uint32Array.of(core.cpsr).buffer).toString('hex'))], 'cpsr is 25');
  assert.deepEqual(feed('p10'), [encodeReply('E01')], 'numbers 16-24 do not exist');
  // G: write r0 = 0xcafe0000 and keep the rest.
  const g2 = '0000feca' + g.slice(8);
  assert.deepEqual(feed(`G${g2}`), [encodeReply('OK')]);
  assert.equal(core.R[0], 0xcafe0000);
  assert.equal(core.vfp.d[5], 0, 'd5 back to what g read');
});

test('memory: m reads through the translation, M and X write (X with escaped bytes), unmapped addresses give errors', () => {
  const { feed, target } = makeStub();
  feed('QStartNoAckMode');
  // The vector table of hello.elf starts with branches at 0x40000040.
  const word = target.cores[0].bus.read(0x40000040, 4);
  assert.deepEqual(feed('m40000040,4'), [encodeReply(Buffer.from(Uint32Array.of(word).buffer).toString('hex'))]);
  assert.deepEqual(feed('M40100000,4:01020304'), [encodeReply('OK')]);
  assert.deepEqual(feed('m40100000,4'), [encodeReply('01020304')]);
  const x = Buffer.concat([bytes('X40100004,4:'), escapeBinary(Uint8Array.of(0x23, 0x24, 0x7d, 0x2a))]);
  assert.deepEqual(feed(text(x)), [encodeReply('OK')]);
  assert.deepEqual(feed('m40100004,4'), [encodeReply('23247d2a')]);
  assert.deepEqual(feed('X40100008,0:'), [encodeReply('OK')], 'the zero-length probe gdb sends');
  assert.deepEqual(feed('m0,4'), [encodeReply('E14')], 'nothing at 0 (no RAM)');
  assert.deepEqual(feed('m09000000,4'), [encodeReply('E14')], 'device registers are not read (side effects)');
  target.cores[0].bus.write(0x47fffffe, 2, 0xbeef);
  assert.deepEqual(feed('m47fffffe,4'), [encodeReply('efbe')], 'a read running off the end of RAM (128 MiB) is cut short');
  assert.deepEqual(feed('M47fffffe,4:00000000'), [encodeReply('E14')], 'a write that does not fit is not done at all');
});

function encodeReply(s: string): string { return text(encodePacket(s)); }

test('threads: one per CPU with names, H selects, T checks, qC names the stopped one', () => {
  const s = startSession(guest('hello.elf'), null, { board: 'qemu-arm', semihosting: true, cpus: 3 });
  const target = new DebugTarget(s.board.machine);
  const out: string[] = [];
  const stub = new GdbStub(target, { send: (b) => out.push(text(b)) });
  const feed = (p: string): string => { out.length = 0; stub.receive(encodePacket(p)); return out.join(''); };
  feed('QStartNoAckMode');
  assert.equal(feed('qfThreadInfo'), encodeReply('m1,2,3'));
  assert.equal(feed('qsThreadInfo'), encodeReply('l'));
  assert.equal(feed('qC'), encodeReply('QC1'));
  assert.equal(feed('T3'), encodeReply('OK'));
  assert.equal(feed('T4'), encodeReply('E01'));
  assert.equal(feed('Hg2'), encodeReply('OK'));
  target.cores[1].R[0] = 0x11223344;
  assert.equal(feed('p0'), encodeReply('44332211'));
  assert.equal(feed('Hg5'), encodeReply('E01'));
  assert.equal(feed('Hc-1'), encodeReply('OK'));
  assert.equal(feed('qThreadExtraInfo,2'), encodeReply(Buffer.from('cpu1 svc powered off').toString('hex')));
  const threads = feed('qXfer:threads:read::0,1000');
  assert.match(threads, /<thread id="1" core="0" name="cpu0">cpu0 svc running<\/thread>/);
  assert.match(threads, /<thread id="3" core="2" name="cpu2">/);
  assert.equal(feed('?'), encodeReply('T05thread:1;core:0;'));
});
