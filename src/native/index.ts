/**
 * The one door to the operating system. Nothing native is loaded at import: the first call
 * to `api()` loads koffi and the platform's implementation, so `import 'afxsock'` costs
 * nothing and a program that never opens a socket never touches native code.
 */
import type { SocketApi } from './types.js';
import { createLinuxApi } from './linux.js';
import { createWin32Api } from './win32.js';

export * from './types.js';

let current: SocketApi | undefined;

/** The platform's SocketApi, created on first use. */
export function api(): SocketApi {
  if (current === undefined) current = process.platform === 'win32' ? createWin32Api() : createLinuxApi();
  return current;
}
