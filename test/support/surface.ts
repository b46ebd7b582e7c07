/**
 * The public surface of afxsock as the FFI-edge table sees it: every exported function, and for
 * every exported class its static methods and the methods on its prototype chain. Symbols and
 * `#private` names are invisible here by construction; MFC's public members are PascalCase, so
 * camelCase helpers (private in TypeScript, still on the prototype at run time) are internals.
 */
import * as afx from '../../src/index.js';

export interface Member {
  /** `Class.Method`, `Class.static.Method` or `fn.Name`. */
  key: string;
  /** The key of the row that covers it: an inherited, not overridden, method shares its base's row. */
  rowKey: string;
}

function isClass(v: unknown): v is abstract new (...a: never[]) => unknown {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

export function isPublicName(name: string): boolean {
  return /^[A-Z]/.test(name);
}

/** Every public member of the package, with the row that must describe it. */
export function publicMembers(): Member[] {
  const out: Member[] = [];
  const exported = afx as Record<string, unknown>;
  const classNameOf = new Map<unknown, string>();
  for (const [name, v] of Object.entries(exported)) if (isClass(v)) classNameOf.set(v.prototype, name);
  for (const [name, v] of Object.entries(exported)) {
    if (typeof v !== 'function') continue;
    if (!isClass(v)) {
      out.push({ key: `fn.${name}`, rowKey: `fn.${name}` });
      continue;
    }
    for (const s of Object.getOwnPropertyNames(v)) {
      const d = Object.getOwnPropertyDescriptor(v, s)!;
      if (typeof d.value === 'function' && isPublicName(s)) out.push({ key: `${name}.static.${s}`, rowKey: `${name}.static.${s}` });
    }
    const seen = new Set<string>();
    for (let p = v.prototype as object | null; p !== null && p !== Object.prototype && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
      for (const m of Object.getOwnPropertyNames(p)) {
        if (m === 'constructor' || seen.has(m) || !isPublicName(m)) continue;
        const d = Object.getOwnPropertyDescriptor(p, m)!;
        if (typeof d.value !== 'function') continue;
        seen.add(m);
        const owner = classNameOf.get(p) ?? name;
        out.push({ key: `${name}.${m}`, rowKey: `${owner}.${m}` });
      }
    }
  }
  return out;
}
