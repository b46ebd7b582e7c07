/**
 * CObject, CRuntimeClass and the registration that stands in for MFC's DECLARE_/IMPLEMENT_
 * DYNAMIC, DYNCREATE and SERIAL macros. In C++ the macros add a static CRuntimeClass to the
 * class; here `IMPLEMENT_SERIAL(CFoo, CObject, 1)` records one for the constructor, and
 * `RUNTIME_CLASS(CFoo)` finds it. DECLARE_SERIAL needs no counterpart: TypeScript's types already
 * give `CArchive.ReadObject(CFoo)` its typed result.
 */

import type { CArchive } from './CArchive.js';
import { CInvalidArgException, CNotSupportedException } from './exceptions.js';
import { keepClassName } from './class-name.js';

/**
 * OR'd into a schema (afx.h `VERSIONABLE_SCHEMA`): the class reads older schemas itself (with
 * `CArchive.GetObjectSchema`) instead of failing with badSchema.
 */
export const VERSIONABLE_SCHEMA = 0x80000000;
/** The schema of a class that is not serializable (IMPLEMENT_DYNAMIC / IMPLEMENT_DYNCREATE). */
export const NON_SERIAL_SCHEMA = 0xffff;
/** CRuntimeClass::Load rejects names this long or longer, as MFC does (its buffer is 64 bytes). */
export const MAX_CLASS_NAME = 64;

/**
 * A class derived from {@link CObject}, abstract ones included: what stands for a C++ class name
 * in `RUNTIME_CLASS(CFoo)`, `IMPLEMENT_SERIAL(CFoo, CObject, 1)` and `ar.ReadObject(CFoo)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CObjectCtor<T extends CObject = CObject> = abstract new (...args: any[]) => T;

/**
 * MFC's `CRuntimeClass`: the run-time description of a CObject class (name, schema, base class,
 * factory) that the IMPLEMENT_* functions register and archives write and look up by name.
 */
export class CRuntimeClass {
  /** The class name, as written to archives (ASCII, 1..63 characters for a registered class). */
  readonly m_lpszClassName: string;
  /** MFC's sizeof the object; always 0 here (JS objects have no fixed size). */
  readonly m_nObjectSize = 0;
  /** The full schema, VERSIONABLE_SCHEMA bit included; 0xFFFF when the class is not SERIAL. */
  readonly m_wSchema: number;
  /** The base class's description; null for CObject (MFC's `m_pBaseClass` / `m_pfnGetBaseClass`). */
  readonly m_pBaseClass: CRuntimeClass | null;
  /**
   * Creates an object with the class's no-argument constructor (DYNCREATE / SERIAL); null when
   * the class cannot be created (IMPLEMENT_DYNAMIC, CObject).
   */
  readonly m_pfnCreateObject: (() => CObject) | null;
  /** The constructor this class describes (no C++ counterpart; used to resolve RUNTIME_CLASS). */
  readonly ctor: CObjectCtor | null;

  /**
   * Builds a description without registering it: RUNTIME_CLASS and FromName do not find it. Use
   * IMPLEMENT_SERIAL, IMPLEMENT_DYNCREATE or IMPLEMENT_DYNAMIC to register a class.
   *
   * @param name - `m_lpszClassName`.
   * @param schema - `m_wSchema`.
   * @param base - `m_pBaseClass`.
   * @param create - `m_pfnCreateObject`.
   * @param ctor - The constructor described.
   */
  constructor(name: string, schema: number, base: CRuntimeClass | null, create: (() => CObject) | null, ctor: CObjectCtor | null) {
    this.m_lpszClassName = name;
    this.m_wSchema = schema;
    this.m_pBaseClass = base;
    this.m_pfnCreateObject = create;
    this.ctor = ctor;
  }

  /**
   * Creates an object of the class with its no-argument constructor (MFC's
   * `CRuntimeClass::CreateObject`).
   *
   * @returns The new object (DYNCREATE / SERIAL), or null when the class cannot be created
   *   (IMPLEMENT_DYNAMIC, CObject), as in MFC. An exception from the constructor propagates.
   */
  CreateObject(): CObject | null {
    return this.m_pfnCreateObject ? this.m_pfnCreateObject() : null;
  }

  /**
   * Whether this class is pBaseClass or derives from it (MFC's `CRuntimeClass::IsDerivedFrom`).
   *
   * @param pBaseClass - The class to test against.
   * @returns True when pBaseClass is this class or one of its bases.
   */
  IsDerivedFrom(pBaseClass: CRuntimeClass): boolean {
    for (let c: CRuntimeClass | null = this; c; c = c.m_pBaseClass) if (c === pBaseClass) return true;
    return false;
  }

  /**
   * Whether the class was registered with IMPLEMENT_SERIAL (MFC's `CRuntimeClass::IsSerializable`).
   *
   * @returns True when its schema is not 0xFFFF.
   */
  IsSerializable(): boolean {
    return this.m_wSchema !== NON_SERIAL_SCHEMA;
  }

  /** The schema without the VERSIONABLE_SCHEMA bit (no MFC counterpart). */
  get schemaNumber(): number {
    return (this.m_wSchema & ~VERSIONABLE_SCHEMA) >>> 0;
  }

  /**
   * The registered class of that name (MFC's `CRuntimeClass::FromName`); the name is matched
   * exactly, case included.
   *
   * @param lpszClassName - The name, as IMPLEMENT_* registered it.
   * @returns The class, or null when no class has that name.
   */
  static FromName(lpszClassName: string): CRuntimeClass | null {
    return byName.get(lpszClassName) ?? null;
  }

  /**
   * Writes the class description (MFC's `CRuntimeClass::Store`): WORD schema (low 16 bits only,
   * so the VERSIONABLE_SCHEMA bit is dropped, as in MFC), WORD name length, the ASCII name with
   * no terminator. WriteClass / WriteObject call it after the new-class tag 0xFFFF.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive; a
   * `CFileException` from the file when the archive's buffer is flushed.
   *
   * @param ar - A storing archive.
   * @throws {@link CInvalidArgException} when ar is not a CArchive.
   */
  Store(ar: CArchive): void {
    requireArchive(ar, 'CRuntimeClass::Store');
    ar.WriteWord(this.m_wSchema & 0xffff);
    ar.WriteWord(this.m_lpszClassName.length);
    ar.Write(Buffer.from(this.m_lpszClassName, 'latin1'), this.m_lpszClassName.length);
  }

  /**
   * Reads a class description written by Store and finds the registered class of that name (MFC's
   * `CRuntimeClass::Load(CArchive&, UINT* pwSchemaNum)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `CArchiveException.endOfFile` when the data ends inside the two WORDs; a `CFileException` from
   * the file propagates.
   *
   * @param ar - A loading archive.
   * @param out - `out.schema` receives the stored schema (MFC's `pwSchemaNum`).
   * @returns The class, or null (which ReadClass turns into badClass) for a name of 64 bytes or
   *   more, a name cut short by the end of the data, or a name no class is registered under.
   * @throws {@link CInvalidArgException} when ar is not a CArchive or out is not an object.
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

/**
 * MFC's `CObject`, the base of every class that CArchive serializes with WriteObject /
 * ReadObject. Derive from it, override Serialize, and register the class with IMPLEMENT_SERIAL
 * (see {@link IMPLEMENT_SERIAL}); the constructor must work with no arguments.
 */
export class CObject {
  /**
   * The class of this object (MFC's `CObject::GetRuntimeClass`, which DECLARE_DYNAMIC overrides).
   *
   * @returns The class registered for this object's constructor, or for its nearest registered
   *   ancestor; CObject's when none is registered.
   */
  GetRuntimeClass(): CRuntimeClass {
    for (let p: unknown = Object.getPrototypeOf(this); p; p = Object.getPrototypeOf(p)) {
      const cls = byCtor.get((p as { constructor: object }).constructor);
      if (cls) return cls;
    }
    return CObjectClass;
  }

  /**
   * Whether this object's class is pClass or derives from it (MFC's `CObject::IsKindOf`).
   *
   * @param pClass - A CRuntimeClass, or a registered class itself (`RUNTIME_CLASS` is applied).
   * @returns True when the object is a kind of pClass.
   * @throws {@link CInvalidArgException} when pClass is a class that is not registered.
   */
  IsKindOf(pClass: CRuntimeClass | CObjectCtor): boolean {
    return this.GetRuntimeClass().IsDerivedFrom(pClass instanceof CRuntimeClass ? pClass : RUNTIME_CLASS(pClass));
  }

  /**
   * Whether this object's class was registered with IMPLEMENT_SERIAL (MFC's
   * `CObject::IsSerializable`).
   *
   * @returns True when `GetRuntimeClass()` is serializable (its schema is not 0xFFFF).
   */
  IsSerializable(): boolean {
    return this.GetRuntimeClass().IsSerializable();
  }

  /**
   * Stores the object to or loads it from an archive (MFC's `CObject::Serialize`). CObject's does
   * nothing; serializable classes override it and test `ar.IsStoring()`.
   *
   * @param _ar - The archive.
   */
  Serialize(_ar: CArchive): void {}
}

const CObjectClass = new CRuntimeClass('CObject', NON_SERIAL_SCHEMA, null, null, CObject);
byName.set('CObject', CObjectClass);
byCtor.set(CObject, CObjectClass);

/** CObject.ts cannot import CArchive (a cycle): an archive is recognised by what Store/Load call. */
function requireArchive(ar: unknown, what: string): void {
  const a = ar as Partial<CArchive> | null;
  if (a === null || typeof a !== 'object' || typeof a.ReadWord !== 'function' || typeof a.WriteWord !== 'function') {
    throw new CInvalidArgException(`${what}: a CArchive expected`);
  }
}

/**
 * The CRuntimeClass registered for a class (MFC's `RUNTIME_CLASS(class_name)` macro).
 *
 * @param ctor - A class registered with IMPLEMENT_SERIAL / DYNCREATE / DYNAMIC, or CObject; a
 *   CRuntimeClass is returned as it is.
 * @returns The class's description.
 * @throws {@link CInvalidArgException} when ctor is not a function or the class is not registered.
 */
export function RUNTIME_CLASS(ctor: CObjectCtor | CRuntimeClass): CRuntimeClass {
  if (ctor instanceof CRuntimeClass) return ctor;
  if (typeof ctor !== 'function') throw new CInvalidArgException('RUNTIME_CLASS: a class or a CRuntimeClass expected');
  const cls = byCtor.get(ctor);
  if (!cls) throw new CInvalidArgException(`RUNTIME_CLASS: ${ctor.name || 'class'} is not registered (IMPLEMENT_DYNAMIC/DYNCREATE/SERIAL)`);
  return cls;
}

/** Options of IMPLEMENT_SERIAL, IMPLEMENT_DYNCREATE and IMPLEMENT_DYNAMIC (no MFC counterpart). */
export interface RegisterOptions {
  /** The class name written to archives; defaults to the constructor's name (set it if you minify). */
  name?: string;
}

/**
 * Registers `ctor` under its name (what the IMPLEMENT_* functions share). Registering the same
 * class again with the same name, schema and base returns the existing CRuntimeClass.
 */
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
 * with no arguments (MFC's CreateObject calls the default constructor). DECLARE_SERIAL needs no
 * counterpart. Registering the same class again with the same arguments returns its class.
 *
 * @param ctor - The class; it must extend base.
 * @param base - The base class (registered, or CObject), or its CRuntimeClass.
 * @param wSchema - The schema, 0..0xFFFE, optionally `| VERSIONABLE_SCHEMA` (the negative int32
 *   that `n | VERSIONABLE_SCHEMA` gives in JS is accepted).
 * @param opts - `name`: the name written to archives; default `ctor.name`.
 * @returns The class's CRuntimeClass, with `m_wSchema` = wSchema as an unsigned 32-bit value.
 * @throws {@link CInvalidArgException} when wSchema is out of range; the name is not 1..63
 *   printable ASCII characters; ctor does not extend base; base is not registered; the name is
 *   taken by another registration; or ctor is registered under another name.
 */
export function IMPLEMENT_SERIAL(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, wSchema: number, opts: RegisterOptions = {}): CRuntimeClass {
  // `n | VERSIONABLE_SCHEMA` is negative in JS (bitwise results are int32): accept both spellings.
  if (!Number.isInteger(wSchema) || wSchema < -0x80000000 || wSchema > 0xffffffff) throw new CInvalidArgException('IMPLEMENT_SERIAL: schema');
  const low = (wSchema & ~VERSIONABLE_SCHEMA) >>> 0;
  if (low >= NON_SERIAL_SCHEMA) throw new CInvalidArgException('IMPLEMENT_SERIAL: schema must be below 0xFFFF (plus VERSIONABLE_SCHEMA)');
  return register(ctor, base, wSchema >>> 0, true, opts);
}

/**
 * IMPLEMENT_DYNCREATE(cls, base): run-time type information and creation by name
 * (`CreateObject`), but not serializable through WriteObject (schema 0xFFFF): WriteObject refuses
 * it with CNotSupportedException, as MFC does. `cls` must be constructible with no arguments.
 *
 * @param ctor - The class; it must extend base.
 * @param base - The base class (registered, or CObject), or its CRuntimeClass.
 * @param opts - `name`: the registered name; default `ctor.name`.
 * @returns The class's CRuntimeClass.
 * @throws {@link CInvalidArgException} as IMPLEMENT_SERIAL, for the name, base and registration.
 */
export function IMPLEMENT_DYNCREATE(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, opts: RegisterOptions = {}): CRuntimeClass {
  return register(ctor, base, NON_SERIAL_SCHEMA, true, opts);
}

/**
 * IMPLEMENT_DYNAMIC(cls, base): run-time type information only (`IsKindOf`, `RUNTIME_CLASS`);
 * the class cannot be created by name (`CreateObject` returns null) nor serialized (schema 0xFFFF).
 *
 * @param ctor - The class; it must extend base.
 * @param base - The base class (registered, or CObject), or its CRuntimeClass.
 * @param opts - `name`: the registered name; default `ctor.name`.
 * @returns The class's CRuntimeClass.
 * @throws {@link CInvalidArgException} as IMPLEMENT_SERIAL, for the name, base and registration.
 */
export function IMPLEMENT_DYNAMIC(ctor: CObjectCtor, base: CObjectCtor | CRuntimeClass, opts: RegisterOptions = {}): CRuntimeClass {
  return register(ctor, base, NON_SERIAL_SCHEMA, false, opts);
}

/**
 * WriteClass / WriteObject / ReadClass refuse a class that is not SERIAL, as MFC does.
 *
 * @param cls - The class to check.
 * @throws {@link CNotSupportedException} when cls is not serializable (schema 0xFFFF).
 */
export function requireSerializable(cls: CRuntimeClass): void {
  if (!cls.IsSerializable()) throw new CNotSupportedException(`${cls.m_lpszClassName} is not serializable (use IMPLEMENT_SERIAL)`);
}

keepClassName(CRuntimeClass, 'CRuntimeClass');
