/**
 * MFC's object stream (arcobj.cpp, TN002): objects and classes get PIDs in the order they are
 * first written or read, so a later reference is a WORD (or `7FFF` + DWORD) instead of a copy.
 * Storing keeps a map object -> PID; loading keeps the array PID -> object or class.
 */

import type { CArchive } from '../CArchive.js';
import { CObject, CRuntimeClass, RUNTIME_CLASS, VERSIONABLE_SCHEMA, requireSerializable, type CObjectCtor } from '../CObject.js';
import { CArchiveException, CInvalidArgException } from '../exceptions.js';
import { dwBigClassTag, nMaxMapCount, wBigObjectTag, wClassTag, wNewClassTag, wNullTag } from './object-tags.js';

export type LoadSlot = CObject | CRuntimeClass | null;

/** What ReadClass reports beside the class (MFC's `pSchema` and `pObTag`). */
export interface ClassOut {
  schema?: number;
  obTag?: number;
}

/** The graph state LoadAsync rewinds when a run falls short. */
export interface GraphSnapshot {
  loadArray: LoadSlot[] | null;
  loadLen: number;
  schemaMap: Map<CRuntimeClass, number> | null;
}

function fail(ar: CArchive, cause: number, detail: string): never {
  throw new CArchiveException(cause, ar.m_strFileName, detail);
}

export class ObjectGraph {
  storeMap: Map<object, number> | null = null;
  storeCount = 0;
  loadArray: LoadSlot[] | null = null;
  /** Loading: the stored schema of each VERSIONABLE_SCHEMA class whose schema differs from the running one. */
  schemaMap: Map<CRuntimeClass, number> | null = null;
  depth = 0;

  reset(): void {
    this.storeMap = null;
    this.loadArray = null;
    this.schemaMap = null;
  }

  snapshot(): GraphSnapshot {
    return {
      loadArray: this.loadArray,
      loadLen: this.loadArray ? this.loadArray.length : 0,
      schemaMap: this.schemaMap ? new Map(this.schemaMap) : null,
    };
  }

  restore(s: GraphSnapshot): void {
    this.loadArray = s.loadArray;
    if (this.loadArray) this.loadArray.length = s.loadLen;
    this.schemaMap = s.schemaMap ? new Map(s.schemaMap) : null;
    this.depth = 0;
  }

  private checkCount(ar: CArchive, count: number): void {
    if (count >= nMaxMapCount) fail(ar, CArchiveException.badIndex, 'too many objects and classes');
  }

  private ensureStoreMap(): Map<object, number> {
    if (!this.storeMap) {
      this.storeMap = new Map();
      this.storeCount = 1;
    }
    return this.storeMap;
  }

  private ensureLoadArray(): LoadSlot[] {
    if (!this.loadArray) this.loadArray = [null];
    return this.loadArray;
  }

  /** Runs an object's Serialize one level deeper, refusing nesting past m_nMaxDepth. */
  private nested(ar: CArchive, pOb: CObject): void {
    if (this.depth >= ar.m_nMaxDepth) fail(ar, CArchiveException.genericException, `objects nested deeper than m_nMaxDepth (${ar.m_nMaxDepth})`);
    this.depth++;
    try {
      pOb.Serialize(ar);
    } finally {
      this.depth--;
    }
  }

  mapObject(ar: CArchive, pOb: CObject | null): void {
    // A non-object mapped here would come back from ReadObject as if it were one.
    if (pOb !== null && pOb !== undefined && !(pOb instanceof CObject)) throw new CInvalidArgException('MapObject: a CObject or null expected');
    if (ar.IsStoring()) {
      const map = this.ensureStoreMap();
      if (pOb) {
        this.checkCount(ar, this.storeCount);
        map.set(pOb, this.storeCount++);
      }
    } else {
      const arr = this.ensureLoadArray();
      if (pOb) {
        this.checkCount(ar, arr.length);
        arr.push(pOb);
      }
    }
  }

  writeObject(ar: CArchive, pOb: CObject | null): void {
    const map = this.ensureStoreMap();
    if (pOb === null || pOb === undefined) {
      ar.WriteWord(wNullTag);
      return;
    }
    if (!(pOb instanceof CObject)) throw new CInvalidArgException('WriteObject: a CObject or null expected');
    const pid = map.get(pOb);
    if (pid !== undefined) {
      this.writePid(ar, pid, 0);
      return;
    }
    ar.WriteClass(pOb.GetRuntimeClass());
    this.checkCount(ar, this.storeCount);
    map.set(pOb, this.storeCount++);
    this.nested(ar, pOb);
  }

  /** A PID below 0x7FFF is a WORD (`tag` OR'd in), else `7FFF` + DWORD (the big `tag` OR'd in). */
  private writePid(ar: CArchive, pid: number, bigTag: number): void {
    if (pid < wBigObjectTag) {
      ar.WriteWord(bigTag ? wClassTag | pid : pid);
    } else {
      ar.WriteWord(wBigObjectTag);
      ar.WriteDWord((bigTag | pid) >>> 0);
    }
  }

  writeClass(ar: CArchive, pClassRef: CRuntimeClass | CObjectCtor): void {
    const cls = RUNTIME_CLASS(pClassRef);
    requireSerializable(cls);
    const map = this.ensureStoreMap();
    const pid = map.get(cls);
    if (pid !== undefined) {
      this.writePid(ar, pid, dwBigClassTag);
      return;
    }
    ar.WriteWord(wNewClassTag);
    cls.Store(ar);
    this.checkCount(ar, this.storeCount);
    map.set(cls, this.storeCount++);
  }

  readClass(ar: CArchive, pClassRefRequested: CRuntimeClass | CObjectCtor | null, out: ClassOut | undefined): CRuntimeClass | null {
    if (out !== undefined && (out === null || typeof out !== 'object')) throw new CInvalidArgException('ReadClass: out must be an object');
    const requested = pClassRefRequested ? RUNTIME_CLASS(pClassRefRequested) : null;
    if (requested) requireSerializable(requested);
    const arr = this.ensureLoadArray();
    const wTag = ar.ReadWord();
    const obTag = wTag === wBigObjectTag ? ar.ReadDWord() : (((wTag & wClassTag) << 16) | (wTag & 0x7fff)) >>> 0;
    if ((obTag & dwBigClassTag) === 0) {
      if (!out) fail(ar, CArchiveException.badIndex, 'object reference where a class was expected');
      out.obTag = obTag;
      return null;
    }
    let cls: CRuntimeClass;
    let schema: number;
    if (wTag === wNewClassTag) {
      const stored = { schema: 0 };
      const loaded = CRuntimeClass.Load(ar, stored);
      if (!loaded) fail(ar, CArchiveException.badClass, 'unknown or malformed class name');
      // A class nobody can create is refused here, where MFC would fail later with
      // CMemoryException: bytes from a peer should yield an archive error.
      if (!loaded.m_pfnCreateObject) fail(ar, CArchiveException.badClass, `${loaded.m_lpszClassName} cannot be created`);
      cls = loaded;
      schema = stored.schema;
      if (cls.schemaNumber !== schema) {
        if (!(cls.m_wSchema & VERSIONABLE_SCHEMA)) fail(ar, CArchiveException.badSchema, `${cls.m_lpszClassName} schema ${schema}, expected ${cls.schemaNumber}`);
        (this.schemaMap ??= new Map()).set(cls, schema);
      }
      this.checkCount(ar, arr.length);
      arr.push(cls);
    } else {
      const index = (obTag & 0x7fffffff) >>> 0;
      const slot = index === 0 || index >= arr.length ? undefined : arr[index];
      if (!(slot instanceof CRuntimeClass)) fail(ar, CArchiveException.badIndex, `class index ${index}`);
      cls = slot;
      schema = this.schemaMap?.get(cls) ?? cls.schemaNumber;
    }
    if (requested && !cls.IsDerivedFrom(requested)) fail(ar, CArchiveException.badClass, `${cls.m_lpszClassName} is not a ${requested.m_lpszClassName}`);
    if (out) out.schema = schema;
    else ar.m_nObjectSchema = schema;
    return cls;
  }

  readObject(ar: CArchive, pClassRefRequested: CRuntimeClass | CObjectCtor | null): CObject | null {
    const requested = pClassRefRequested ? RUNTIME_CLASS(pClassRefRequested) : null;
    const out: ClassOut = {};
    const cls = ar.ReadClass(requested, out);
    const arr = this.loadArray!;
    if (cls === null) {
      const tag = out.obTag!;
      if (tag >= arr.length) fail(ar, CArchiveException.badIndex, `object index ${tag}`);
      const pOb = arr[tag]!;
      if (pOb instanceof CRuntimeClass) fail(ar, CArchiveException.badIndex, `index ${tag} names a class`);
      if (pOb && requested && !pOb.IsKindOf(requested)) fail(ar, CArchiveException.badClass, `object ${tag} is not a ${requested.m_lpszClassName}`);
      return pOb;
    }
    const pOb = cls.CreateObject();
    if (!pOb) fail(ar, CArchiveException.badClass, `${cls.m_lpszClassName} cannot be created`);
    this.checkCount(ar, arr.length);
    arr.push(pOb);
    const saved = ar.m_nObjectSchema;
    ar.m_nObjectSchema = out.schema!;
    try {
      this.nested(ar, pOb);
    } finally {
      ar.m_nObjectSchema = saved;
    }
    return pOb;
  }
}
