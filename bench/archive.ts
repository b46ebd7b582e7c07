/**
 * CArchive encode and decode throughput on a mixed message stream, beside a hand-written
 * DataView/Buffer codec producing the same bytes, measured in the same run (interleaved
 * A B A B, 11 pairs, median of per-round ratios with min and max). Targets: encode >= 0.8x,
 * decode >= 1.0x the hand-written codec. Rates are MB per CPU-second of this process (see `rate`).
 *
 * Standalone: `npx tsx bench/archive.ts` prints the table.
 */
import { pathToFileURL } from 'node:url';
import { CArchive } from '../src/afx/CArchive.js';
import { CMemFile } from '../src/afx/CMemFile.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import type { BenchRow } from './lib/row.js';

/** One message of the stream: a CHAT-like record with numbers, both string forms and a list. */
interface Msg {
  flag: number;
  id: number;
  value: number;
  stamp: bigint;
  text: string;
  tag: string;
  list: string[];
}

function makeStream(n: number): Msg[] {
  const out: Msg[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      flag: i & 1,
      id: i * 7 - 1000,
      value: i / 3,
      stamp: BigInt(i) * 1000003n,
      text: `user${i % 50}: message number ${i} h\u00e9llo`,
      tag: `t${i % 97}`,
      list: i % 4 === 0 ? ['alpha', `beta ${i}`, 'gamma \u20ac'] : [],
    });
  }
  return out;
}

// ------------------------------------------------------------------ afxsock

function encodeAfx(msgs: Msg[]): Uint8Array {
  const file = new CMemFile(64 * 1024);
  const ar = new CArchive(file, CArchive.store);
  for (const m of msgs) {
    ar.WriteWord(m.flag);
    ar.WriteLong(m.id);
    ar.WriteDouble(m.value);
    ar.WriteULongLong(m.stamp);
    ar.WriteCStringW(m.text);
    ar.WriteCStringA(m.tag);
    ar.WriteCount(m.list.length);
    for (const s of m.list) ar.WriteCStringW(s);
  }
  ar.Close();
  return file.Detach();
}

function decodeAfx(bytes: Uint8Array, n: number): number {
  const ar = new CArchive(new CMemFile(bytes, bytes.length), CArchive.load);
  let check = 0;
  for (let i = 0; i < n; i++) {
    check += ar.ReadWord();
    check += ar.ReadLong();
    check += ar.ReadDouble();
    check += Number(ar.ReadULongLong() & 0xffn);
    check += ar.ReadCString().length;
    check += ar.ReadCString().length;
    const k = ar.ReadCount();
    for (let j = 0; j < k; j++) check += ar.ReadCString().length;
  }
  return check;
}

// ------------------------------------------------------------------ hand-written reference

class RefWriter {
  buf = Buffer.alloc(4096);
  dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;

  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  length(n: number): void {
    if (n < 0xff) this.buf[this.pos++] = n;
    else if (n < 0xfffe) {
      this.buf[this.pos] = 0xff;
      this.dv.setUint16(this.pos + 1, n, true);
      this.pos += 3;
    } else {
      this.buf[this.pos] = 0xff;
      this.dv.setUint16(this.pos + 1, 0xffff, true);
      this.dv.setUint32(this.pos + 3, n, true);
      this.pos += 7;
    }
  }

  strW(s: string): void {
    this.room(10 + s.length * 2);
    this.buf[this.pos] = 0xff;
    this.dv.setUint16(this.pos + 1, 0xfffe, true);
    this.pos += 3;
    this.length(s.length);
    this.pos += this.buf.write(s, this.pos, 'utf16le');
  }

  strA(s: string): void {
    this.room(7 + s.length);
    this.length(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }
}

function encodeRef(msgs: Msg[]): Uint8Array {
  const w = new RefWriter();
  for (const m of msgs) {
    w.room(22);
    w.dv.setUint16(w.pos, m.flag, true);
    w.dv.setInt32(w.pos + 2, m.id, true);
    w.dv.setFloat64(w.pos + 6, m.value, true);
    w.dv.setBigUint64(w.pos + 14, m.stamp, true);
    w.pos += 22;
    w.strW(m.text);
    w.strA(m.tag);
    w.room(2);
    w.dv.setUint16(w.pos, m.list.length, true);
    w.pos += 2;
    for (const s of m.list) w.strW(s);
  }
  return w.buf.subarray(0, w.pos);
}

function decodeRef(bytes: Uint8Array, n: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  const str = (): string => {
    let unicode = false;
    let len = buf[p++]!;
    if (len === 0xff) {
      len = dv.getUint16(p, true);
      p += 2;
      if (len === 0xfffe) {
        unicode = true;
        len = buf[p++]!;
        if (len === 0xff) {
          len = dv.getUint16(p, true);
          p += 2;
        }
      }
      if (len === 0xffff) {
        len = dv.getUint32(p, true);
        p += 4;
      }
    }
    const bytesLen = unicode ? len * 2 : len;
    const s = buf.toString(unicode ? 'utf16le' : 'latin1', p, p + bytesLen);
    p += bytesLen;
    return s;
  };
  let check = 0;
  for (let i = 0; i < n; i++) {
    check += dv.getUint16(p, true);
    check += dv.getInt32(p + 2, true);
    check += dv.getFloat64(p + 6, true);
    check += Number(dv.getBigUint64(p + 14, true) & 0xffn);
    p += 22;
    check += str().length;
    check += str().length;
    const k = dv.getUint16(p, true);
    p += 2;
    for (let j = 0; j < k; j++) check += str().length;
  }
  return check;
}

// ------------------------------------------------------------------ measurement

/** Encoding may cost a little more than the reference (it range-checks every value); decoding must keep up with it. */
export const ENCODE_TARGET = { targetRatio: 0.8, target: '>= 0.8x' };
export const DECODE_TARGET = { targetRatio: 1.0, target: '>= 1.0x' };

/**
 * MB per CPU-second of `fn` over `bytes` bytes per call, repeated for at least `minMs` of CPU.
 * CPU time rather than wall time: a codec is pure computation, and on a shared machine wall
 * time mostly measures the other processes (the wall-clock spread here was 0.2x..2.5x).
 */
function rate(fn: () => unknown, bytes: number, minMs: number): number {
  let reps = 0;
  const c0 = process.cpuUsage();
  let cpuMs = 0;
  do {
    fn();
    reps++;
    const c = process.cpuUsage(c0);
    cpuMs = (c.user + c.system) / 1e3;
  } while (cpuMs < minMs);
  return (bytes * reps) / 1e6 / (cpuMs / 1e3);
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const n = opts.quick ? 2000 : 20000;
  const minMs = opts.quick ? 20 : 100;
  const msgs = makeStream(n);
  const bytes = encodeAfx(msgs);
  const refBytes = encodeRef(msgs);
  if (!Buffer.from(bytes).equals(Buffer.from(refBytes))) throw new Error('bench/archive: the reference codec and CArchive disagree on the bytes');
  if (decodeAfx(bytes, n) !== decodeRef(bytes, n)) throw new Error('bench/archive: the decoders disagree');
  // Warm both paths so the first measured round is not the JIT's.
  for (let i = 0; i < 3; i++) {
    encodeAfx(msgs);
    encodeRef(msgs);
    decodeAfx(bytes, n);
    decodeRef(bytes, n);
  }
  const rounds = roundsFor(opts.quick, 11);
  const size = bytes.length;
  const [encA, encR] = await interleave(rounds, [async () => rate(() => encodeAfx(msgs), size, minMs), async () => rate(() => encodeRef(msgs), size, minMs)], 'archive encode');
  const [decA, decR] = await interleave(rounds, [async () => rate(() => decodeAfx(bytes, n), size, minMs), async () => rate(() => decodeRef(bytes, n), size, minMs)], 'archive decode');
  const spec = { unit: 'MB/s', higherIsBetter: true, scenario: 'archive' };
  return [
    makeRow({ ...spec, ...ENCODE_TARGET, what: `encode ${n} mixed messages (${(size / 1e6).toFixed(2)} MB)` }, encA!, encR!),
    makeRow({ ...spec, ...DECODE_TARGET, what: `decode ${n} mixed messages (${(size / 1e6).toFixed(2)} MB)` }, decA!, decR!),
  ];
}

function printTable(rows: BenchRow[]): void {
  const head = ['scenario', 'what', 'afxsock', 'reference', 'unit', 'ratio', 'min', 'max', 'target', 'met'];
  const body = rows.map((r) => [r.scenario, r.what, r.afxsock.toFixed(1), r.reference.toFixed(1), r.unit, r.ratio.toFixed(2), r.min.toFixed(2), r.max.toFixed(2), r.target, r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const line of [head, ...body]) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  run({ quick }).then(printTable, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
