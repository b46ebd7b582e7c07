/**
 * The rerun engine behind `CArchive.LoadAsync`: a synchronous, MFC-shaped loader runs against
 * the buffered bytes; when they run short (the buffer raises NeedMoreData), the archive is
 * rewound to where the run started, more bytes are awaited from the file, and the loader runs
 * again. No MFC counterpart: it stands in for the blocking `>>` of an MFC OnReceive.
 */

import type { CArchive } from '../CArchive.js';
import { CArchiveException, CInvalidArgException } from '../exceptions.js';
import type { ArchiveBuffer } from './buffer.js';
import type { ObjectGraph } from './object-graph.js';

interface IoOptions {
  signal?: AbortSignal;
  timeout?: number;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** LoadAsync after its mode check: one run at a time, rerun until `fn` no longer runs short. */
export async function loadAsync<T>(ar: CArchive, b: ArchiveBuffer, graph: ObjectGraph, fn: (ar: CArchive) => T, opts: IoOptions & { maxBytes?: number }, defaultMaxBytes: number): Promise<T> {
  if (typeof fn !== 'function') throw new CInvalidArgException('LoadAsync: fn must be a function');
  if (b.busy) b.fail(CArchiveException.genericException, 'LoadAsync is already running on this archive');
  const maxBytes = opts.maxBytes ?? defaultMaxBytes;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new CInvalidArgException('LoadAsync: maxBytes');
  b.busy = true;
  b.eof = false;
  try {
    for (;;) {
      const start = b.cur;
      const objects = graph.snapshot();
      const objectSchema = ar.m_nObjectSchema;
      b.rerun = true;
      b.short = 0;
      let result: T | undefined;
      let error: unknown;
      let threw = false;
      try {
        result = fn(ar);
      } catch (e) {
        threw = true;
        error = e;
      } finally {
        b.rerun = false;
      }
      if (!threw && isThenable(result)) {
        // An async loader would run past the rewind point unseen; refuse it outright
        // (and keep its own rejection from surfacing as an unhandled one).
        result.then(undefined, () => undefined);
        throw new CInvalidArgException('LoadAsync: fn must be synchronous (it returned a promise)');
      }
      // `short`, not the exception, decides: a loader that catches everything is rerun too.
      if (b.short === 0) {
        if (threw) throw error;
        return result as T;
      }
      b.cur = start;
      graph.restore(objects);
      ar.m_nObjectSchema = objectSchema;
      await fillAsync(b, b.short, maxBytes, opts);
    }
  } finally {
    b.busy = false;
    b.short = 0;
  }
}

/** Buffers at least `short` more bytes beyond max (fewer only at end of file, then `eof` is set). */
async function fillAsync(b: ArchiveBuffer, short: number, maxBytes: number, opts: IoOptions): Promise<void> {
  const file = b.requireFile();
  const need = b.max - b.cur + short;
  if (need > maxBytes) b.fail(CArchiveException.bufferFull, `a loader run needs ${need} bytes buffered, above maxBytes ${maxBytes}`);
  if (b.cur > 0) {
    b.buf.copyWithin(0, b.cur, b.max);
    b.max -= b.cur;
    b.cur = 0;
  }
  while (b.max < need) {
    if (b.max === b.buf.length) {
      // A length prefix is only a claim: grow with the bytes that have arrived (at most double
      // them), never to the claimed size up front.
      const grown = Buffer.alloc(Math.max(b.buf.length + 1, Math.min(b.buf.length * 2, maxBytes)));
      b.buf.copy(grown, 0, 0, b.max);
      b.setBuffer(grown);
    }
    const want = b.buf.length - b.max;
    const got = b.fileCount(await file.ReadAsync(b.buf.subarray(b.max), want, opts), want, 'ReadAsync');
    if (got === 0) {
      b.eof = true;
      return;
    }
    b.max += got;
  }
}
