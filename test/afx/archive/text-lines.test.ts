import test from 'ava';
import { type CArchive } from '../../../src/index.js';
import { loader, store, toHex } from '../../support/archive.js';

function ansi(s: string): CArchive {
  const ar = loader(Buffer.from(s, 'latin1'));
  ar.m_bUnicode = false;
  return ar;
}

function lines(ar: CArchive): Array<string | null> {
  const out: Array<string | null> = [];
  for (let i = 0; i < 100; i++) {
    const s = ar.ReadString();
    out.push(s);
    if (s === null) break;
  }
  return out;
}

test('WriteString writes the characters only: no terminator, no newline', (t) => {
  t.is(toHex(store((ar) => ar.WriteString('ab\r\n', { unicode: false }))), '61 62 0D 0A');
  t.is(toHex(store((ar) => ar.WriteString('ab'))), '61 00 62 00');
  t.is(toHex(store((ar) => ar.WriteString('ab\0cd', { unicode: false }))), '61 62');
});

test('ReadString splits on \\n and \\r\\n and drops the line end', (t) => {
  t.deepEqual(lines(ansi('one\r\ntwo\nthree')), ['one', 'two', 'three', null]);
});

test('ReadString returns "" for an empty line and null only at end of file', (t) => {
  t.deepEqual(lines(ansi('\n\nx\n')), ['', '', 'x', null]);
  t.deepEqual(lines(ansi('')), [null]);
});

test('after \\r the next character is consumed whatever it is (MFC)', (t) => {
  t.deepEqual(lines(ansi('ab\rxcd\n')), ['abx', 'cd', null]);
});

test('a lone \\r at end of file ends the line', (t) => {
  t.deepEqual(lines(ansi('ab\r')), ['ab', null]);
});

test('lines longer than the 128-character piece are joined', (t) => {
  const long = 'x'.repeat(300);
  t.deepEqual(lines(ansi(`${long}\r\nshort\n`)), [long, 'short', null]);
  const exact = 'y'.repeat(128);
  t.deepEqual(lines(ansi(`${exact}\n${exact}x`)), [exact, exact + 'x', null]);
});

test('a last line of exactly 128 characters without a newline reads as null, as MFC returns FALSE', (t) => {
  // MFC's ReadString(CString&) asks for another 128-character piece, hits end of file with
  // nothing read and returns FALSE; a port must see the same.
  const exact = 'y'.repeat(128);
  t.deepEqual(lines(ansi(`a\n${exact}`)), ['a', null]);
});

test('Unicode text lines read UTF-16 units', (t) => {
  const ar = loader(Buffer.from('h\u00e9\u20ac\r\nz', 'utf16le'));
  t.deepEqual(lines(ar), ['h\u00e9\u20ac', 'z', null]);
});

test('ANSI text lines decode with the code page', (t) => {
  t.deepEqual(lines(ansi('\x80\xe9\n')), ['\u20ac\u00e9', null]);
});

test('ReadStringMax stops after nMax characters and can keep the newline', (t) => {
  const ar = ansi('abcdef\nxy\r\n');
  t.is(ar.ReadStringMax(3), 'abc');
  t.is(ar.ReadStringMax(10), 'def');
  t.is(ar.ReadStringMax(10, true), 'xy\n');
  t.is(ar.ReadStringMax(10), null);
});

test('an embedded NUL ends the text of its piece, as MFC\'s C string does', (t) => {
  t.deepEqual(lines(ansi('a\0b\nc\n')), ['a', 'c', null]);
});
