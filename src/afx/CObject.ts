/**
 * CObject, CRuntimeClass and the registration that stands in for MFC's DECLARE_/IMPLEMENT_
 * DYNAMIC, DYNCREATE and SERIAL macros. In C++ the macros add a static CRuntimeClass to the
 * class; here `IMPLEMENT_SERIAL(CFoo, CObject, 1)` records one for the constructor, and
 * `RUNTIME_CLASS(CFoo)` finds it. DECLARE_SERIAL needs no counterpart: TypeScript's types already
 * give `CArchive.ReadObject(CFoo)` its typed result.
 */

import type { CArchive } from './CArchive.js';
import { CInvalidArgException, CNotSupportedException } from './exceptions.js';

/** OR'd into a schema: the class reads older schemas itself (GetObjectSchema) instead of badSchema. */
export const VERSIONABLE_SCHEMA = 0x80000000;
/** The schema of a class that is not serializable (IMPLEMENT_DYNAMIC / IMPLEMENT_DYNCREATE). */
export const NON_SERIAL_SCHEMA = 0xffff;
/** CRuntimeClass::Load rejects names this long or longer. */
export const MAX_CLASS_NAME = 64;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CObjectCtor<T extends CObject = CObject> = abstract new (...args: any[]) => T;

export class CRuntimeClass {
  readonly m_lpszClassName: string;
  readonly m_nObjectSize = 0;
  /** The full schema, VERSIONABLE_SCHEMA bit included; 0xFFFF when the class is not SERIAL. */
  readonly m_wSchema: number;
  readonly m_pBaseClass: CRuntimeClass | null;
  readonly m_pfnCreateObject: (() => CObject) | null;
  /** The constructor this class describes (no C++ counterpart; used to resolve RUNTIME_CLASS). */
  readonly ctor: CObjectCtor | null;

  constructor(name: string, schema: number, base: CRuntimeClass | null, create: (() => CObject) | null, ctor: CObjectCtor | null) {
    this.m_lpszClassName = name;
    this.m_wSchema = schema;
    this.m_pBaseClass = base;
    this.m_pfnCreateObject = create;
    this.ctor = ctor;
  }

  /** A new instance of the class (DYNCREATE/SERIAL), or null when it cannot be created. */
  CreateObject(): CObject | null {
    return this.m_pfnCreateObject ? this.m_pfnCreateObject() : null;
  }

  /** True when this class is pBaseClass or derives from it. */
  IsDerivedFrom(pBaseClass: CRuntimeClass): boolean {
    for (let c: CRuntimeClass | null = this; c; c = c.m_pBaseClass) if (c === pBaseClass) return true;
    return false;
  }

  /** True when the class was registered with IMPLEMENT_SERIAL (its schema is not 0xFFFF). */
  IsSerializable(): boolean {
    return this.m_wSchema !== NON_SERIAL_SCHEMA;
  }

  /** The schema without the VERSIONABLE_SCHEMA bit. */
  get schemaNumber(): number {
    return (this.m_wSchema & ~VERSIONABLE_SCHEMA) >>> 0;
  }

  /** The registered class of that name, or null (MFC's CRuntimeClass::FromName). */
  static FromName(lpszClassName: string): CRuntimeClass | null {
    return byName.get(lpszClassName) ?? null;
  }

  /** WORD schema (low 16 bits only, as MFC), WORD name length, the ASCII name. */
  Store(ar: CArchive): void {
    requireArchive(ar, 'CRuntimeClass::Store');
    ar.WriteWord(this.m_wSchema & 0xffff);
    ar.WriteWord(this.m_lpszClassName.length);
    ar.Write(Buffer.from(this.m_lpszClassName, 'latin1'), this.m_lpszClassName.length);
  }

  /**
   * Reads a class description; returns null (which ReadClass turns into badClass) for a name of
   * 64 bytes or more, a short read, or an unknown name. `out.schema` receives the stored schema.
   */
  static Load(ar: CArchive, out: { schema: number }): CRuntimeClass | null {
    requireArchive(ar, 'CRuntimeClass::Load');
    if (out === null || typeof out !== 'object') throw new CInvalidArgException('CRuntimeClass::Load: out must be an object');
    out.schema = ar.ReadWord();
    const nLen = ar.ReadWord();
    if (nLen >= MAX_CLASS_NAME) return null;
    const name = new Uint8Array(nLen);
    if (ar.Read(name, nLen) !== nLen) return null;
    return CRuntimeClass.FromName(Buffer.from(name).toString('latin1'));
  }
}

const byName = new Map<string, CRuntimeClass>();
const byCtor = new WeakMap<object, CRuntimeClass>();

export class CObject {
  /** The class registered for this object's constructor, or for its nearest registered ancestor. */
  GetRuntimeClass(): CRuntimeClass {
    for (let p: unknown = Object.getPrototypeOf(this); p; p = Object.getPrototypeOf(p)) {
      const cls = byCtor.get((p as { constructor: object }).constructor);
      if (cls) return cls;
    }
    return CObjectClass;
  }

  /** True when this object's class is pClass or derives from it (MFC's CObject::IsKindOf). */
  IsKindOf(pClass: CRuntimeClass | CObjectCtor): boolean {
    return this.GetRuntimeClass().IsDerivedFrom(pClass instanceof CRuntimeClass ? pClass : RUNTIME_CLASS(pClass));
  }

  IsSerializable(): boolean {
    return this.GetRuntimeClass().IsSerializable();
  }

  /** CObject::Serialize does nothing; serializable classes override it. */
  Serialize(_ar: CArchive): void {}
}

const CObjectClass = new CRuntimeClass('CObject', NON_SERIAL_SCHEMA, null, null, CObject);
byName.set('CObject', CObjectClass);
byCtor.set(CObject, CObjectClass);

/** RUNTIME_CLASS(cls): the CRuntimeClass registered for a constructor; throws when there is none. */
/** CObject.ts cannot import CArchive (a cycle): an archive is recognised by what Store/Load call. */
function requireArchive(ar: unknown, what: string): void {
  const a = ar as Partial<CArchive> | null;
  if (a === null || typeof a !== 'object' || typeof a.ReadWord !== 'function' || typeof a.WriteWord !== 'function') {
    throw new CInvalidArgException(`${what}: a CArchive expected`);
  }
}

export function RUNTIME_CLASS(ctor: CObjectCtor | CRuntimeClass): CRuntimeClass {
  if (ctor instanceof CRuntimeClass) return ctor;
  if (typeof ctor !== 'function') throw new CInvalidArgException('RUNTIME_CLASS: a class or a CRuntimeClass expected');
  const cls = byCtor.get(ctor);
  if (!cls) throw new CInvalidArgException(`RUNTIME_CLASS: ${ctor.name || 'class'} is not registered (IMPLEMENT_DYNAMIC/DYNCREATE/SERIAL)`);
  return cls;
}

export interface RegisterOptions {
  /** The class name written to archives; defaults to the constructor's name (set it if you minify). */
  name?: string;
}

function register(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, schema: number, creatable: boolean, opts: RegisterOptions): CRuntimeClass {
  if (typeof ctor !== 'function') throw new CInvalidArgException('IMPLEMENT_*: class expected');
  const name = opts.name ?? ctor.name;
  if (!/^[\x21-\x7e]{1,63}$/.test(name)) {
    throw new CInvalidArgException(`IMPLEMENT_*: class name '${name}' must be 1..63 printable ASCII characters`);
  }
  const baseClass = RUNTIME_CLASS(base);
  if (!(ctor.prototype instanceof (baseClass.ctor as CObjectCtor))) {
    throw new CInvalidArgException(`IMPLEMENT_*: ${name} does not extend ${baseClass.m_lpszClassName}`);
  }
  const existing = byName.get(name);
  if (existing) {
    if (existing.ctor === ctor && existing.m_wSchema === schema && existing.m_pBaseClass === baseClass) return existing;
    throw new CInvalidArgException(`IMPLEMENT_*: class name '${name}' is already registered`);
  }
  if (byCtor.has(ctor)) throw new CInvalidArgException(`IMPLEMENT_*: ${name} is already registered under another name`);
  const create = creatable ? () => new (ctor as unknown as new () => CObject)() : null;
  const cls = new CRuntimeClass(name, schema, baseClass, create, ctor);
  byName.set(name, cls);
  byCtor.set(ctor, cls);
  return cls;
}

/**
 * IMPLEMENT_SERIAL(cls, base, wSchema): makes `cls` serializable through WriteObject/ReadObject.
 * `wSchema` is 0..0xFFFE, optionally OR'd with VERSIONABLE_SCHEMA. `cls` must be constructible
 * with no arguments (MFC's CreateObject calls the default constructor).
 */
export function IMPLEMENT_SERIAL(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, wSchema: number, opts: RegisterOptions = {}): CRuntimeClass {
  // `n | VERSIONABLE_SCHEMA` is negative in JS (bitwise results are int32): accept both spellings.
  if (!Number.isInteger(wSchema) || wSchema < -0x80000000 || wSchema > 0xffffffff) throw new CInvalidArgException('IMPLEMENT_SERIAL: schema');
  const low = (wSchema & ~VERSIONABLE_SCHEMA) >>> 0;
  if (low >= NON_SERIAL_SCHEMA) throw new CInvalidArgException('IMPLEMENT_SERIAL: schema must be below 0xFFFF (plus VERSIONABLE_SCHEMA)');
  return register(ctor, base, wSchema >>> 0, true, opts);
}

/** IMPLEMENT_DYNCREATE: creatable by name, not serializable through WriteObject (schema 0xFFFF). */
export function IMPLEMENT_DYNCREATE(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, opts: RegisterOptions = {}): CRuntimeClass {
  return register(ctor, base, NON_SERIAL_SCHEMA, true, opts);
}

/** IMPLEMENT_DYNAMIC: run-time type information only. */
export function IMPLEMENT_DYNAMIC(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, opts: RegisterOptions = {}): CRuntimeClass {
  return register(ctor, base, NON_SERIAL_SCHEMA, false, opts);
}

/** WriteClass refuses a class that is not SERIAL, as MFC does. */
export function requireSerializable(cls: CRuntimeClass): void {
  if (!cls.IsSerializable()) throw new CNotSupportedException(`${cls.m_lpszClassName} is not serializable (use IMPLEMENT_SERIAL)`);
}
