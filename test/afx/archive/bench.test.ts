import test from 'ava';
import { DECODE_TARGET, ENCODE_TARGET, run } from '../../../bench/archive.js';

test('bench/archive quick run returns well-formed rows (no timing asserted)', async (t) => {
  const rows = await run({ quick: true });
  t.is(rows.length, 2);
  t.deepEqual(rows.map((r) => r.scenario), ['archive', 'archive']);
  t.regex(rows[0]!.what, /^encode /);
  t.regex(rows[1]!.what, /^decode /);
  for (const [r, spec] of [[rows[0]!, ENCODE_TARGET], [rows[1]!, DECODE_TARGET]] as const) {
    t.is(r.unit, 'MB/s');
    t.is(r.target, spec.target);
    for (const v of [r.afxsock, r.reference, r.ratio, r.min, r.max]) t.true(Number.isFinite(v) && v > 0);
    t.true(r.min <= r.ratio && r.ratio <= r.max);
    t.is(r.met, r.ratio >= spec.targetRatio);
  }
});
