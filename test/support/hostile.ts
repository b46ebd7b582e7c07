/**
 * Hostile argument values, by what a parameter should have been. Each is what a confused or
 * malicious caller could pass from plain JavaScript; none may crash the process, and none may
 * reach native code as a pointer or a length it does not own.
 */

/** A Uint8Array whose ArrayBuffer was transferred away: byteLength 0, and `String(v)` throws. */
export function detachedView(): Uint8Array {
  const ab = new ArrayBuffer(16);
  const v = new Uint8Array(ab);
  structuredClone(ab, { transfer: [ab] });
  return v;
}

/** Values for a `Uint8Array` parameter; none is a usable buffer of 8 bytes or more. */
export function hostileBuffers(): Array<[string, unknown]> {
  return [
    ['undefined', undefined], ['null', null],
    ['a number (koffi would read it as an address)', 0x1000],
    ['a bigint', 0x1000n], ['a string', 'abcdefgh'], ['an array', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['an ArrayBuffer', new ArrayBuffer(8)], ['a DataView', new DataView(new ArrayBuffer(8))],
    ['a Uint16Array', new Uint16Array(4)], ['an object with byteLength', { byteLength: 8, length: 8 }],
  ];
}

/** Values for a length or count parameter that is not a non-negative safe integer. */
export function hostileLengths(): Array<[string, unknown]> {
  return [
    ['NaN', NaN], ['-1', -1], ['1.5', 1.5], ['Infinity', Infinity], ['-Infinity', -Infinity],
    ['a numeric string', '8'], ['a bigint', 8n], ['null', null], ['an object', {}],
    ['a detached view', detachedView()],
  ];
}

/** Integer lengths past the end of an 8-byte buffer. */
export function pastTheEnd(): Array<[string, number]> {
  return [['9', 9], ['2^31', 2 ** 31], ['2^32 + 8', 2 ** 32 + 8], ['2^53', 2 ** 53]];
}

export function hostilePorts(): Array<[string, unknown]> {
  return [['-1', -1], ['65536', 65536], ['1.5', 1.5], ['NaN', NaN], ['Infinity', Infinity], ['a string', '80'], ['null', null], ['a bigint', 80n]];
}

/** Host strings nobody can connect to, all refused before any packet leaves. */
export function hostileHosts(unresolvable: string): Array<[string, unknown]> {
  return [
    ['empty', ''], ['a number', 42], ['an object', {}], ['a bad IPv4', '999.1.1.1'], ['a bad IPv6', '::g'],
    ['an unresolvable name', unresolvable], ['a NUL inside', '127.0.0.1\0evil'], ['a bigint', 1n],
  ];
}

/** Values for an out-parameter object (SocketAddress / IntRef). */
export function hostileOuts(): Array<[string, unknown]> {
  return [['null', null], ['undefined', undefined], ['a number', 7], ['a string', 'out'], ['a frozen object', Object.freeze({ address: '', port: 0, value: 4 })]];
}

/** Anything at all, for arguments whose type the method must check itself. */
export function anything(): Array<[string, unknown]> {
  return [
    ['undefined', undefined], ['null', null], ['NaN', NaN], ['-1', -1], ['2^53', 2 ** 53], ['a string', 'x'],
    ['an object', {}], ['a bigint', 10n], ['a symbol', Symbol('s')], ['a detached view', detachedView()],
    ['a function', () => 1], ['a Proxy that throws on every access', new Proxy({}, { get() { throw new Error('trap'); } })],
  ];
}

/** A short printable description of any value (String() throws for a detached view or a symbol). */
export function describe(v: unknown): string {
  try {
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'bigint') return `${v}n`;
    return String(v).slice(0, 40);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
