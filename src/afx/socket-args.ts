/**
 * Argument checks of the socket classes, made before native code sees an argument: MFC's
 * out-parameters are references, so an object must be writable before the OS call takes
 * effect, and a buffer's length is read in a way a subclass or Proxy cannot fake.
 */
import type { SocketAddress } from './CAsyncSocket.js';

/**
 * %TypedArray%.prototype.byteLength itself: a buffer's own (or its prototype's) `byteLength`
 * can be redefined to lie, and `Object.create(Uint8Array.prototype)` passes `instanceof` but
 * has no bytes at all.
 */
const typedByteLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength')!.get!;

/**
 * The real byte length of a Uint8Array (0 once its ArrayBuffer is detached), or -1 when `b` is
 * not one. Argument checks use it, never `b.byteLength`.
 *
 * @internal
 */
export function viewLength(b: unknown): number {
  if (!(b instanceof Uint8Array)) return -1;
  try {
    return typedByteLength.call(b) as number;
  } catch {
    return -1;
  }
}

/**
 * Whether assigning `o[key]` for every key would succeed without throwing: what an MFC
 * out-parameter (a reference) needs before the OS call takes effect. A primitive, a frozen
 * object, a sealed object lacking a key, a read-only or getter-only property all fail; so does
 * a Proxy whose traps throw.
 */
export function canStore(o: unknown, keys: readonly PropertyKey[]): boolean {
  if (o === null || typeof o !== 'object') return false;
  try {
    for (const key of keys) {
      let found = false;
      for (let p: object | null = o; p !== null; p = Reflect.getPrototypeOf(p)) {
        const d = Reflect.getOwnPropertyDescriptor(p, key);
        if (d === undefined) continue;
        found = true;
        if ('value' in d || 'writable' in d) {
          if (d.writable !== true || (p !== o && !Reflect.isExtensible(o))) return false;
        } else if (typeof d.set !== 'function') {
          return false;
        }
        break;
      }
      if (!found && !Reflect.isExtensible(o)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * `out.address` / `out.port` can be filled (see canStore).
 *
 * @internal
 */
export function isAddressOut(out: unknown): out is SocketAddress {
  return canStore(out, ['address', 'port']);
}

/** `ref.value` reads as a number without throwing and can be written: the number, else undefined. */
export function readRef(ref: unknown): number | undefined {
  if (!canStore(ref, ['value'])) return undefined;
  try {
    const v: unknown = (ref as { value: unknown }).value;
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Fills an out-parameter checked by canStore; false if a setter or Proxy threw anyway. */
export function store(fill: () => void): boolean {
  try {
    fill();
    return true;
  } catch {
    return false;
  }
}

/** Winsock's `u_long`: an integer 0..2**32-1. */
export function isULong(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

export function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

