/**
 * WSAAsyncGetHostByName with a time limit: start the lookup, and if no answer came within the
 * limit, cancel it with WSACancelAsyncRequest. Prints what happened and exits 0 either way.
 *
 *   node --import tsx examples/lookup.ts [host] [timeout-ms]
 *
 * (In a program using the package: import the same names from 'afxsock'.)
 */
import {
  WSAAsyncGetHostByName, WSACancelAsyncRequest, WSACleanup, WSAStartup, MAKEWORD, WSAGetLastError,
  wsaErrorName, type HOSTENT, type WSADATA,
} from '../src/index.js';

const host = process.argv[2] ?? 'localhost';
const timeoutMs = Number(process.argv[3] ?? 2000);

const data: WSADATA = { wVersion: 0, wHighVersion: 0, szDescription: '', szSystemStatus: '', iMaxSockets: 0, iMaxUdpDg: 0 };
const rc = WSAStartup(MAKEWORD(2, 2), data);
if (rc !== 0) {
  console.log(`WSAStartup failed: ${wsaErrorName(rc)}`);
  process.exit(0);
}
console.log(`${data.szDescription} ${data.wVersion & 0xff}.${data.wVersion >> 8}, looking up ${host} (limit ${timeoutMs} ms)`);

let timer: NodeJS.Timeout | undefined;
const hTask = WSAAsyncGetHostByName((h: number, nError: number, he: HOSTENT | null, nBufLen: number) => {
  clearTimeout(timer);
  if (nError === 0 && he !== null) {
    console.log(`task ${h} resolved ${host}: ${he.h_name} -> ${he.h_addr_list.join(', ')} (${nBufLen} bytes)`);
  } else {
    console.log(`task ${h} failed: ${wsaErrorName(nError)}`);
  }
  WSACleanup();
}, host);

if (hTask === 0) {
  console.log(`WSAAsyncGetHostByName refused: ${wsaErrorName(WSAGetLastError())}`);
  WSACleanup();
} else {
  timer = setTimeout(() => {
    if (WSACancelAsyncRequest(hTask) === 0) console.log(`task ${hTask} cancelled after ${timeoutMs} ms`);
    else console.log(`task ${hTask} could not be cancelled: ${wsaErrorName(WSAGetLastError())}`);
    WSACleanup();
  }, timeoutMs);
}
