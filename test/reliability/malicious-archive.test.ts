/**
 * Malicious archives: bytes from a peer cannot make the receiver allocate more than a small
 * multiple of what the peer actually sent (a length prefix is a claim, not a size to allocate),
 * nor recurse without bound through nested objects. Over a real socket pair and over memory.
 */
import test from 'ava';
import {
  CArchive, CArchiveException, CMemFile, CObject, CSocketFile, IMPLEMENT_SERIAL,
} from '../../src/index.js';
import { pair } from '../support/sockets.js';
import { tally } from '../support/tally.js';

/** The largest buffer the archive handed to its file: what it allocated to read into. */
class SpyFile extends CMemFile {
  largest = 0;
  override Read(lpBuf: Uint8Array, nCount: number): number {
    this.largest = Math.max(this.largest, lpBuf.byteLength);
    return super.Read(lpBuf, nCount);
  }
}

class SpySocketFile extends CSocketFile {
  largest = 0;
  override ReadAsync(lpBuf: Uint8Array, nCount: number, opts?: { signal?: AbortSignal; timeout?: number }): Promise<number> {
    this.largest = Math.max(this.largest, lpBuf.byteLength);
    return super.ReadAsync(lpBuf, nCount, opts);
  }
  override Read(lpBuf: Uint8Array, nCount: number): number {
    this.largest = Math.max(this.largest, lpBuf.byteLength);
    return super.Read(lpBuf, nCount);
  }
}

/** An ANSI CString prefix claiming `n` bytes (0xFF, 0xFFFF, then a DWORD). */
function claim(n: number): number[] {
  return [0xff, 0xff, 0xff, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** "Small multiple": the archive's own buffer (4 KiB by default) plus a constant, never the claim. */
const ALLOWANCE = 256 * 1024;

test('a CString prefix claiming 2 GiB over memory: endOfFile, and the archive never reads into more than 64 KiB at once', (t) => {
  const bytes = Uint8Array.from([...claim(0x7ffffff0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const f = new SpyFile(bytes, bytes.length);
  const ar = new CArchive(f, CArchive.load);
  const e = t.throws(() => ar.ReadCString(), { instanceOf: CArchiveException });
  t.is(e.m_cause, CArchiveException.endOfFile);
  t.true(f.largest <= 64 * 1024, `largest read buffer ${f.largest}`);
  tally('malicious-archive', { cases: 1, faults: 1, bytes: bytes.length });
});

test('a CString prefix claiming 2 GiB over a socket (blocking reads): endOfFile when the peer closes, no buffer beyond 64 KiB', async (t) => {
  const p = await pair();
  try {
    const bytes = Uint8Array.from([...claim(0x7ffffff0), 65, 66, 67]);
    t.is(await p.server.SendAsync(bytes, bytes.length), bytes.length);
    p.server.Close();
    const f = new SpySocketFile(p.client);
    const ar = new CArchive(f, CArchive.load);
    const e = t.throws(() => ar.ReadCString(), { instanceOf: CArchiveException });
    t.is(e.m_cause, CArchiveException.endOfFile);
    t.true(f.largest <= 64 * 1024, `largest read buffer ${f.largest}`);
    tally('malicious-archive', { cases: 1, faults: 1, bytes: bytes.length });
  } finally {
    p.close();
  }
});

test('LoadAsync: a 7-byte message claiming a 15 MiB string makes the receiver allocate a small multiple of 7 bytes while it waits, not 15 MiB', async (t) => {
  const p = await pair();
  try {
    const bytes = Uint8Array.from(claim(15 * 1024 * 1024));
    const f = new SpySocketFile(p.client);
    const ar = new CArchive(f, CArchive.load);
    const before = process.memoryUsage().arrayBuffers;
    const loading = ar.LoadAsync((a) => a.ReadCString(), { timeout: 20000 }).catch((e: unknown) => e);
    t.is(await p.server.SendAsync(bytes, bytes.length), bytes.length);
    // Give the receiver time to take the bytes in and wait for the rest.
    await new Promise((r) => setTimeout(r, 300));
    const during = process.memoryUsage().arrayBuffers - before;
    t.log(`while waiting: largest read buffer ${f.largest}, arrayBuffers +${during}`);
    t.true(f.largest <= ALLOWANCE, `the archive asked its file to read into ${f.largest} bytes after 7 arrived`);
    p.server.Close();
    const e = await loading;
    t.true(e instanceof CArchiveException, String(e));
    t.is((e as CArchiveException).m_cause, CArchiveException.endOfFile);
    tally('malicious-archive', { cases: 1, faults: 1, bytes: bytes.length });
  } finally {
    p.close();
  }
});

test('LoadAsync: a string that really is large still loads (the growth follows the bytes that arrive)', async (t) => {
  const p = await pair();
  try {
    const text = 'y'.repeat(3 * 1024 * 1024 + 17);
    const mem = new CMemFile();
    const out = new CArchive(mem, CArchive.store);
    out.WriteCStringA(text);
    out.Close();
    const n = mem.GetLength();
    mem.SeekToBegin();
    const bytes = new Uint8Array(n);
    mem.Read(bytes, n);
    const ar = new CArchive(new CSocketFile(p.client), CArchive.load);
    const [sent, got] = await Promise.all([
      p.server.SendAsync(bytes, n, 0, { timeout: 20000 }),
      ar.LoadAsync((a) => a.ReadCString(), { timeout: 20000 }),
    ]);
    t.is(sent, n);
    t.is(got.length, text.length);
    t.is(got, text);
    tally('malicious-archive', { cases: 1, faults: 0, bytes: n });
  } finally {
    p.close();
  }
});

class RelNode extends CObject {
  child: RelNode | null = null;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteObject(this.child);
    else this.child = ar.ReadObject(RelNode);
  }
}
IMPLEMENT_SERIAL(RelNode, CObject, 1, { name: 'RelNode' });

/** One new-class definition, then `depth` more objects, each a 2-byte class tag: 2 bytes a level. */
function nested(depth: number): Uint8Array {
  const name = Buffer.from('RelNode', 'latin1');
  const head = [0xff, 0xff, 1, 0, name.length, 0, ...name];
  const out = new Uint8Array(head.length + depth * 2 + 2);
  out.set(head, 0);
  for (let i = 0; i < depth; i++) { out[head.length + i * 2] = 0x01; out[head.length + i * 2 + 1] = 0x80; }
  return out; // ends with a null tag (0x0000) after the last level
}

test('objects nested 100,000 deep (200 KB of class tags): CArchiveException at m_nMaxDepth, not a stack overflow', (t) => {
  const bytes = nested(100_000);
  const ar = new CArchive(new CMemFile(bytes, bytes.length), CArchive.load);
  const e = t.throws(() => ar.ReadObject(RelNode));
  t.true(e instanceof CArchiveException, `${e?.constructor?.name}: ${e?.message}`);
  t.is((e as CArchiveException).m_cause, CArchiveException.genericException);
  const ok = nested(100);
  const ar2 = new CArchive(new CMemFile(ok, ok.length), CArchive.load);
  let depth = 0;
  for (let n = ar2.ReadObject(RelNode); n !== null; n = n.child) depth++;
  t.is(depth, 101, 'a legitimate nesting within the bound still loads');
  tally('malicious-archive', { cases: 2, faults: 1, bytes: bytes.length + ok.length });
});

test('LoadAsync over a socket: the same 100,000-deep nesting sent in pieces ends with CArchiveException, and the receiver stays usable', async (t) => {
  const p = await pair();
  try {
    const bytes = nested(100_000);
    const ar = new CArchive(new CSocketFile(p.client), CArchive.load);
    const loading = ar.LoadAsync((a) => a.ReadObject(RelNode), { timeout: 20000 }).catch((e: unknown) => e);
    for (let off = 0; off < bytes.length; off += 8192) {
      const piece = bytes.subarray(off, Math.min(off + 8192, bytes.length));
      t.is(await p.server.SendAsync(piece, piece.length, 0, { timeout: 20000 }), piece.length);
    }
    const e = await loading;
    t.true(e instanceof CArchiveException, String(e));
    t.is((e as CArchiveException).m_cause, CArchiveException.genericException);
    const buf = Uint8Array.of(42);
    t.is(await p.client.SendAsync(buf, 1), 1, 'the socket under the archive still works');
    tally('malicious-archive', { cases: 1, faults: 1, bytes: bytes.length });
  } finally {
    p.close();
  }
});

test('a class name length of 65535 with 3 bytes behind it, and a back-reference to object 2^31: archive errors, nothing allocated for the claims', (t) => {
  const a = Uint8Array.from([0xff, 0xff, 1, 0, 0xff, 0xff, 65, 66, 67]);
  const e1 = t.throws(() => new CArchive(new CMemFile(a, a.length), CArchive.load).ReadObject(), { instanceOf: CArchiveException });
  t.is(e1.m_cause, CArchiveException.badClass);
  const b = Uint8Array.from([0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f]);
  const e2 = t.throws(() => new CArchive(new CMemFile(b, b.length), CArchive.load).ReadObject(), { instanceOf: CArchiveException });
  t.is(e2.m_cause, CArchiveException.badIndex);
  tally('malicious-archive', { cases: 2, faults: 2, bytes: a.length + b.length });
});
