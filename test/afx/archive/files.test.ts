import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  archiveCauseName, CArchive, CArchiveException, CFile, CFileException, CInvalidArgException, CMemFile, CMemoryException, CNotSupportedException, fileCauseName, WSAECONNRESET, AfxThrowArchiveException, CArchiveCause, CException, CFileCause, CResourceException,
} from '../../../src/index.js';

test('CMemFile grows as it is written and reads back from any position', (t) => {
  const f = new CMemFile(16);
  f.Write(Buffer.from('hello world, this is longer than sixteen'), 40);
  t.is(f.GetLength(), 40);
  t.is(f.GetPosition(), 40);
  t.is(f.Seek(6, CFile.begin), 6);
  const b = new Uint8Array(5);
  t.is(f.Read(b, 5), 5);
  t.is(Buffer.from(b).toString(), 'world');
  t.is(f.Seek(-4, CFile.end), 36);
  t.is(f.Read(b, 5), 4);
  t.is(f.Read(b, 5), 0);
});

test('CMemFile Seek before the start is badSeek; past the end then Write zero-fills the gap', (t) => {
  const f = new CMemFile();
  t.is(t.throws(() => f.Seek(-1, CFile.begin), { instanceOf: CFileException })!.m_cause, CFileException.badSeek);
  f.Seek(4, CFile.begin);
  f.Write(Buffer.from([9]), 1);
  t.deepEqual([...f.Detach()], [0, 0, 0, 0, 9]);
});

test('CMemFile Attach with nGrowBytes = 0 reads the caller buffer and cannot grow', (t) => {
  const mem = Uint8Array.from([1, 2, 3, 4]);
  const f = new CMemFile();
  f.Attach(mem, 4);
  t.is(f.GetLength(), 4);
  const b = new Uint8Array(4);
  t.is(f.Read(b, 4), 4);
  f.SeekToBegin();
  f.Write(Uint8Array.from([7]), 1);
  t.is(mem[0], 7, 'writes land in the attached buffer');
  f.SeekToEnd();
  t.throws(() => f.Write(Uint8Array.from([1]), 1), { instanceOf: CMemoryException });
  const back = f.Detach();
  t.is(back.buffer, mem.buffer, 'Detach returns the attached memory itself');
  t.deepEqual([...back], [7, 2, 3, 4]);
});

test('CMemFile Attach with nGrowBytes > 0 starts empty and grows; Detach hands the bytes back', (t) => {
  const f = new CMemFile();
  f.Attach(new Uint8Array(4), 4, 8);
  t.is(f.GetLength(), 0);
  f.Write(Buffer.from('0123456789'), 10);
  const out = f.Detach();
  t.is(Buffer.from(out).toString(), '0123456789');
  t.is(f.GetLength(), 0);
});

test('CMemFile SetLength truncates and extends with zeros', (t) => {
  const f = new CMemFile();
  f.Write(Buffer.from('abcdef'), 6);
  f.SetLength(3);
  t.is(f.GetPosition(), 3);
  f.SetLength(5);
  t.deepEqual([...f.Detach()], [0x61, 0x62, 0x63, 0, 0]);
});

test('CMemFile refuses counts beyond the buffer and non-buffers', (t) => {
  const f = new CMemFile();
  t.throws(() => f.Write(new Uint8Array(2), 3), { instanceOf: CInvalidArgException });
  t.throws(() => f.Read(new Uint8Array(2), 3), { instanceOf: CInvalidArgException });
  t.throws(() => f.Read([1, 2] as unknown as Uint8Array, 1), { instanceOf: CInvalidArgException });
  t.throws(() => f.Attach(new Uint8Array(2), 4), { instanceOf: CInvalidArgException });
  t.throws(() => new CMemFile(-1), { instanceOf: CInvalidArgException });
});

test('CFile writes and reads a real file; an archive round-trips through it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'afxsock-cfile-'));
  try {
    const path = join(dir, 'doc.bin');
    const w = new CFile(path, CFile.modeCreate | CFile.modeWrite);
    const st = new CArchive(w, CArchive.store);
    st.WriteLong(-5).WriteCStringA('saved');
    st.Close();
    w.Close();
    const r = new CFile();
    t.true(r.Open(path, CFile.modeRead));
    t.is(r.GetLength(), 10);
    t.is(r.GetFileName(), 'doc.bin');
    const ld = new CArchive(r, CArchive.load);
    t.is(ld.m_strFileName, path);
    t.is(ld.ReadLong(), -5);
    t.is(ld.ReadCString(), 'saved');
    const e = t.throws(() => ld.ReadByte(), { instanceOf: CArchiveException });
    t.is(e!.m_strFileName, path);
    r.Close();
    t.false(new CFile().Open(join(dir, 'missing'), CFile.modeRead));
    const nf = t.throws(() => new CFile(join(dir, 'missing'), CFile.modeRead), { instanceOf: CFileException });
    t.is(nf!.m_cause, CFileException.fileNotFound);
    t.throws(() => r.Duplicate(), { instanceOf: CNotSupportedException });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exceptions carry MFC cause codes, names and fields', (t) => {
  const a = new CArchiveException(CArchiveException.badSchema, 'doc.bin');
  t.true(a instanceof Error);
  t.is(a.m_cause, 7);
  t.is(a.m_strFileName, 'doc.bin');
  t.is(a.name, 'CArchiveException');
  t.regex(a.message, /badSchema/);
  t.is(a.causeName, 'badSchema');
  t.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(archiveCauseName), ['none', 'genericException', 'readOnly', 'endOfFile', 'writeOnly', 'badIndex', 'badClass', 'badSchema', 'bufferFull']);
  t.is(CArchiveException.generic, CArchiveException.genericException);
  const f = new CFileException(CFileException.genericException, WSAECONNRESET);
  t.is(f.m_lOsError, 10054);
  t.regex(f.message, /genericException.*WSAECONNRESET 10054/);
  t.is(new CFileException().m_lOsError, -1);
  t.is(fileCauseName(14), 'endOfFile');
  t.is(CFileException.endOfFile, 14);
  t.is(new CNotSupportedException().name, 'CNotSupportedException');
});

test('every exception carries a stable code: one per cause, one per class without causes', (t) => {
  const archiveCodes = Object.values(CArchiveCause).map((c) => new CArchiveException(c).code);
  t.deepEqual(archiveCodes, [
    'AFX_ARCHIVE_NONE', 'AFX_ARCHIVE_GENERIC', 'AFX_ARCHIVE_READ_ONLY', 'AFX_ARCHIVE_END_OF_FILE', 'AFX_ARCHIVE_WRITE_ONLY',
    'AFX_ARCHIVE_BAD_INDEX', 'AFX_ARCHIVE_BAD_CLASS', 'AFX_ARCHIVE_BAD_SCHEMA', 'AFX_ARCHIVE_BUFFER_FULL',
  ]);
  t.deepEqual(Object.values(CArchiveCause), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const fileCodes = Object.values(CFileCause).map((c) => new CFileException(c).code);
  t.deepEqual(fileCodes, [
    'AFX_FILE_NONE', 'AFX_FILE_GENERIC', 'AFX_FILE_NOT_FOUND', 'AFX_FILE_BAD_PATH', 'AFX_FILE_TOO_MANY_OPEN_FILES',
    'AFX_FILE_ACCESS_DENIED', 'AFX_FILE_INVALID_FILE', 'AFX_FILE_REMOVE_CURRENT_DIR', 'AFX_FILE_DIRECTORY_FULL', 'AFX_FILE_BAD_SEEK',
    'AFX_FILE_HARD_IO', 'AFX_FILE_SHARING_VIOLATION', 'AFX_FILE_LOCK_VIOLATION', 'AFX_FILE_DISK_FULL', 'AFX_FILE_END_OF_FILE',
  ]);
  t.deepEqual(Object.values(CFileCause), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  // The statics are the table's values, the alias included.
  for (const [name, value] of Object.entries(CArchiveCause)) t.is((CArchiveException as unknown as Record<string, number>)[name], value, name);
  for (const [name, value] of Object.entries(CFileCause)) t.is((CFileException as unknown as Record<string, number>)[name], value, name);
  t.is(CFileException.generic, CFileException.genericException);
  // A cause outside the enum still gets a code, and the message says so.
  const odd = new CArchiveException(99);
  t.is(odd.code, 'AFX_ARCHIVE_UNKNOWN_CAUSE');
  t.regex(odd.message, /cause 99: unknown cause/);
  t.is(new CFileException(-3).code, 'AFX_FILE_UNKNOWN_CAUSE');
  t.is(new CException('plain').code, 'AFX_EXCEPTION');
  t.is(new CNotSupportedException().code, 'AFX_NOT_SUPPORTED');
  t.is(new CInvalidArgException('x').code, 'AFX_INVALID_ARG');
  t.is(new CMemoryException().code, 'AFX_MEMORY');
  t.is(new CResourceException().code, 'AFX_RESOURCE');
  // What a caller sees from a real failure: the code beside m_cause.
  const ld = new CArchive(new CMemFile(new Uint8Array([1]), 1), CArchive.load);
  const eof = t.throws(() => ld.ReadWord(), { instanceOf: CArchiveException });
  t.is(eof!.code, 'AFX_ARCHIVE_END_OF_FILE');
  t.is(eof!.m_cause, CArchiveException.endOfFile);
  t.throws(() => AfxThrowArchiveException(CArchiveException.badSchema), { code: 'AFX_ARCHIVE_BAD_SCHEMA' } as never);
  const nf = t.throws(() => new CFile(join(tmpdir(), `afxsock-missing-${process.pid}`), CFile.modeRead), { instanceOf: CFileException });
  t.is(nf!.code, 'AFX_FILE_NOT_FOUND');
});

test('CMemFile.Detach after growth hands out no uninitialised memory past the file', (t) => {
  const f = new CMemFile(16);
  const chunk = new Uint8Array(100).fill(0xab);
  for (let i = 0; i < 50; i++) f.Write(chunk, 100);
  const len = f.GetLength();
  const out = f.Detach();
  t.is(out.length, len);
  t.true(out.every((b) => b === 0xab));
  // The view's backing store reaches past the file's end: that part must be zeros.
  const whole = new Uint8Array(out.buffer, out.byteOffset, out.buffer.byteLength - out.byteOffset);
  t.true(whole.length > len, 'the allocation is larger than the file');
  t.true(whole.subarray(len).every((b) => b === 0));
});

test('a closed archive refuses every write and read, even ones its buffer could take', (t) => {
  const store = new CArchive(new CMemFile(), CArchive.store);
  store.WriteInt(1);
  store.Close();
  for (const op of [() => store.WriteInt(2), () => store.WriteByte(3), () => store.WriteString('x'), () => store.WriteCount(4), () => store.Write(new Uint8Array(2), 2)]) {
    const e = t.throws(op, { instanceOf: CArchiveException });
    t.is(e?.m_cause, CArchiveException.genericException);
  }
  const file = new CMemFile();
  const w = new CArchive(file, CArchive.store);
  w.WriteInt(7); w.WriteInt(8); w.Close();
  file.SeekToBegin();
  const load = new CArchive(file, CArchive.load);
  t.is(load.ReadInt(), 7);
  load.Close();
  for (const op of [() => load.ReadInt(), () => load.ReadByte(), () => load.Read(new Uint8Array(2), 2)]) {
    const e = t.throws(op, { instanceOf: CArchiveException });
    t.is(e?.m_cause, CArchiveException.genericException);
  }
});

test('CFile.SetLength leaves the position at the new length, as MFC seeks there; a bad length is refused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'afxsock-cfile-'));
  try {
    const f = new CFile(join(dir, 'len.bin'), CFile.modeCreate | CFile.modeReadWrite);
    f.Write(new Uint8Array(10).fill(7), 10);
    f.SetLength(4);
    t.is(f.GetLength(), 4);
    t.is(f.GetPosition(), 4);
    f.SetLength(6);
    t.is(f.GetPosition(), 6);
    f.SeekToBegin();
    const back = new Uint8Array(6);
    t.is(f.Read(back, 6), 6);
    t.deepEqual([...back], [7, 7, 7, 7, 0, 0]);
    for (const bad of [-1, 1.5, NaN]) t.throws(() => f.SetLength(bad), { instanceOf: CInvalidArgException });
    t.is(f.GetLength(), 6, 'a refused length leaves the file as it was');
    f.Close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
