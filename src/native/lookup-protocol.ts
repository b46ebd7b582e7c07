/**
 * What the lookup Worker (lookup-thread.ts) and its handle in this thread (lookup-worker.ts)
 * exchange. Request `{ h, op, a, b }`; reply `{ h, err, res }` where `err` is a Windows Sockets
 * code (0 on success) and `res` plain data the Winsock layer turns into hostent / servent /
 * protoent. A shared Int32Array tells the requesting thread, without waiting for a message,
 * which task the Worker is inside (RUNNING), which it has finished (DONE), and whether it is past
 * its start-up, which loads koffi and the library (READY): WSACancelAsyncRequest needs DONE to
 * answer WSAEALREADY, the exit guard RUNNING and READY.
 */

export type LookupOp = 'hostByName' | 'hostByAddr' | 'servByName' | 'servByPort' | 'protoByName' | 'protoByNumber';

/** One request. `a`/`b` per op: name/-, address bytes/family, name/proto, port/proto, name/-, number/-. */
export interface LookupRequest {
  h: number;
  op: LookupOp;
  a: string | number | number[];
  b: string | number | null;
}

export interface HostData { name: string; aliases: string[]; family: number; addrs: number[][] }
export interface ServData { s_name: string; s_aliases: string[]; s_port: number; s_proto: string }
export interface ProtoData { p_name: string; p_aliases: string[]; p_proto: number }

export interface LookupReply {
  h: number;
  /** 0 or a Windows Sockets error code. */
  err: number;
  res: HostData | ServData | ProtoData | null;
}

/** What the Worker is given at start. */
export interface LookupWorkerData {
  /** The shared Int32Array's buffer: slots RUNNING, DONE, READY. */
  state: SharedArrayBuffer;
}

export const RUNNING = 0;
export const DONE = 1;
export const READY = 2;
export const STATE_SLOTS = 3;
