import test from 'ava';
import { wsaErrorName } from '../../src/index.js';
import { describeValue } from '../../src/diagnostics.js';

test('describeValue writes any value without running its code, and never throws', (t) => {
  const detached = new Uint8Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const hostile = {
    toString() { throw new Error('toString ran'); },
    get [Symbol.toStringTag]() { throw new Error('tag ran'); },
  };
  const cases: Array<[unknown, string]> = [
    [12, '12'], [NaN, 'NaN'], [-0, '0'], [10n, '10n'], [true, 'true'], [undefined, 'undefined'], [null, 'null'],
    ['ab', '"ab"'], ['x'.repeat(50), JSON.stringify(`${'x'.repeat(40)}…`)],
    [Symbol('s'), 'Symbol("s")'], [Symbol(), 'Symbol()'], [() => 1, '<function>'],
    [{}, '[object Object]'], [[1, 2], '[object Array]'], [detached, '[object Uint8Array]'], [hostile, '<object>'],
  ];
  for (const [v, text] of cases) t.is(describeValue(v), text);
});

test('an unknown error code is named through the same formatter', (t) => {
  t.is(wsaErrorName(Symbol('x') as never), 'WSA error Symbol("x")');
  t.is(wsaErrorName(12345), 'WSA error 12345');
});
