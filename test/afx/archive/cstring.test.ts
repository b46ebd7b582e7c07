import test from 'ava';
import {
  CArchive, CArchiveException, CInvalidArgException, CMemFile, getDefaultCodePage, resolveCodePage,
  setDefaultCodePage,
} from '../../../src/index.js';
import { hex, loader, store, toHex } from '../../support/archive.js';

// [length, prefix of the ANSI form, prefix of the Unicode form (after FF FE FF)]
const BOUNDARIES: Array<[number, string]> = [
  [0, '00'],
  [1, '01'],
  [254, 'FE'],
  [255, 'FF FF 00'],
  [0xfffd, 'FF FD FF'],
  [0xfffe, 'FF FF FF FE FF 00 00'],
  [0xffff, 'FF FF FF FF FF 00 00'],
  [65536, 'FF FF FF 00 00 01 00'],
];

function text(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x61 + (i % 26));
  return s;
}

for (const [n, prefix] of BOUNDARIES) {
  test(`ANSI CString of length ${n}: prefix ${prefix}, bytes, round trip`, (t) => {
    const s = text(n);
    const out = store((ar) => ar.WriteCStringA(s));
    const p = hex(prefix);
    t.is(toHex(out.subarray(0, p.length)), prefix);
    t.is(out.length, p.length + n);
    t.is(out.subarray(p.length).toString('latin1'), s);
    const ar = loader(out);
    t.is(ar.ReadCString(), s);
    t.false(ar.LastCStringWasUnicode());
    t.true(ar.IsBufferEmpty());
  });

  test(`Unicode CString of length ${n}: FF FE FF + ${prefix}, UTF-16LE, round trip`, (t) => {
    const s = text(n);
    const out = store((ar) => ar.WriteCStringW(s));
    const p = hex('FF FE FF ' + prefix);
    t.is(toHex(out.subarray(0, p.length)), toHex(p));
    t.is(out.length, p.length + 2 * n);
    t.is(out.subarray(p.length).toString('utf16le'), s);
    const ar = loader(out);
    t.is(ar.ReadCStringW(), s);
    t.true(ar.LastCStringWasUnicode());
  });
}

test('the notes\' examples: "abc" both ways, empty both ways', (t) => {
  t.is(toHex(store((ar) => ar.WriteCStringA('abc'))), '03 61 62 63');
  t.is(toHex(store((ar) => ar.WriteCStringW('abc'))), 'FF FE FF 03 61 00 62 00 63 00');
  t.is(toHex(store((ar) => ar.WriteCStringA(''))), '00');
  t.is(toHex(store((ar) => ar.WriteCStringW(''))), 'FF FE FF 00');
});

test('WriteCString follows m_bUnicode and the unicode option', (t) => {
  t.is(toHex(store((ar) => ar.WriteCString('a'))), 'FF FE FF 01 61 00');
  t.is(toHex(store((ar) => ar.WriteCString('a', { unicode: false }))), '01 61');
  t.is(
    toHex(
      store((ar) => {
        ar.m_bUnicode = false;
        ar.WriteCString('a');
      }),
    ),
    '01 61',
  );
});

test('Unicode strings keep surrogate pairs and lone surrogates exactly', (t) => {
  const s = 'h\u00e9llo \u{1F600} \ud800x \udfff';
  const out = store((ar) => ar.WriteCStringW(s));
  t.is(out[3], s.length);
  t.is(loader(out).ReadCString(), s);
});

test('after the Unicode marker a WORD 0xFFFE is a plain length (the marker counts once)', (t) => {
  // FF FE FF, then FF + WORD FFFE: a Unicode string of 0xFFFE characters.
  const n = 0xfffe;
  const bytes = Buffer.concat([hex('FF FE FF FF FE FF'), Buffer.alloc(2 * n, 0x41)]);
  const ar = loader(bytes);
  const s = ar.ReadCString();
  t.is(s.length, n);
  t.true(ar.LastCStringWasUnicode());
  // A second marker is a length, not a marker: FF FE FF FF FE FF would need 0xFFFE chars.
  const ar2 = loader('FF FE FF FF FE FF 41 00');
  t.is(t.throws(() => ar2.ReadCString(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.endOfFile);
});

test('the 8-byte length form is read; above INT_MAX it is genericException', (t) => {
  const ok = Buffer.concat([hex('FF FF FF FF FF FF FF 03 00 00 00 00 00 00 00'), Buffer.from('xyz')]);
  t.is(loader(ok).ReadCString(), 'xyz');
  const big = hex('FF FF FF FF FF FF FF 00 00 00 80 00 00 00 00');
  t.is(t.throws(() => loader(big).ReadCString(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
});

test('a 4 GiB prefix in a 20-byte file fails fast with endOfFile and little memory', (t) => {
  const bytes = Buffer.concat([hex('FF FF FF FF FE FF FF FF'), Buffer.alloc(12, 0x41)]);
  t.is(bytes.length, 20);
  const before = process.memoryUsage().arrayBuffers;
  const e = t.throws(() => loader(bytes).ReadCString(), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.endOfFile);
  t.true(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
  const u = Buffer.concat([hex('FF FE FF FF FF FF FE FF FF FF'), Buffer.alloc(10, 0x41)]);
  t.is(t.throws(() => loader(u).ReadCString(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.endOfFile);
});

test('windows-1252 is the default ANSI code page: euro sign is 0x80, unmappable is ?', (t) => {
  t.is(getDefaultCodePage().id, 1252);
  t.is(toHex(store((ar) => ar.WriteCStringA('\u20ac\u00e9\u4e00'))), '03 80 E9 3F');
  t.is(loader('03 80 E9 9F').ReadCString(), '\u20ac\u00e9\u0178');
  t.is(loader('02 81 8D').ReadCString(), '\u0081\u008d');
});

test('latin1 and utf-8 code pages, per archive and as the default', (t) => {
  const latin = store((ar) => {
    ar.SetCodePage('latin1');
    ar.WriteCStringA('\u0080\u00ff');
  });
  t.is(toHex(latin), '02 80 FF');
  const utf8 = store((ar) => {
    ar.SetCodePage(65001);
    ar.WriteCStringA('\u00e9\u20ac');
  });
  t.is(toHex(utf8), '05 C3 A9 E2 82 AC');
  const ar = loader(utf8);
  ar.SetCodePage('utf-8');
  t.is(ar.ReadCString(), '\u00e9\u20ac');
  setDefaultCodePage(28591);
  try {
    t.is(new CArchive(new CMemFile(), CArchive.store).GetCodePage().name, 'latin1');
  } finally {
    setDefaultCodePage(1252);
  }
  t.throws(() => resolveCodePage(932), { instanceOf: CInvalidArgException });
});

test('ReadCStringA converts a Unicode payload through the code page', (t) => {
  const out = store((ar) => ar.WriteCStringW('\u20ac\u4e00'));
  t.is(loader(out).ReadCStringA(), '\u20ac?');
  t.is(loader(out).ReadCStringW(), '\u20ac\u4e00');
});

test('long strings cross the archive buffer in both directions', (t) => {
  const s = text(10000) + '\u00e9';
  const out = store((ar) => {
    ar.WriteCStringA(s);
    ar.WriteCStringW(s);
    ar.WriteWord(0xbeef);
  }, 128);
  const ar = loader(out, 128);
  t.is(ar.ReadCString(), s);
  t.is(ar.ReadCString(), s);
  t.is(ar.ReadWord(), 0xbeef);
});

test('a non-string is refused', (t) => {
  t.throws(() => store((ar) => ar.WriteCString(5 as unknown as string)), { instanceOf: CInvalidArgException });
});
