/**
 * @internal
 * The one door through which tests (and the repository's scripts) reach afxsock's internals:
 * the layers below the MFC classes, and counters that exist to prove nothing leaks. Not part of
 * the package: neither the build (tsup.config.ts builds src/index.ts) nor the API docs include
 * it, and nothing in src/ imports it. Anything a test needs that src/index.ts does not export
 * is re-exported here, so that no test depends on which file of a layer holds it.
 */

/* src/wsa: address parsing and formatting. */
export { emptySockAddr, formatAddress, parseAddress } from './wsa/address.js';

/* src/native: the SocketApi door and what the native tests check below it. */
export {
  api, POLL_ERR, POLL_HUP, POLL_OOB, POLL_READ, POLL_WAKE, POLL_WRITE,
  type SockAddr, type SocketApi, type WakeToken,
} from './native/index.js';
export { createWin32Api, isWine } from './native/win32.js';
export { confirmed } from './native/win32-poller.js';
export { loadKoffi } from './native/koffi.js';
export { loadLibc } from './native/linux-libc.js';
export { eaiToWsa, errnoToWsa } from './native/linux-errno.js';
export { decodeSockAddr, encodeSockAddr } from './native/sockaddr.js';

/* src/winsock: start-up state, the blocking-call registry, and the lookup tasks' counters. */
export { ensureStarted, isStarted, isStartedByUser } from './winsock/startup.js';
export {
  BLOCKING_HOOK_CAP, beginBlockingCall, endBlockingCall, runBlockingHook, type BlockingCall,
} from './winsock/blocking.js';
export { liveLookupCount, lookupFinishedInWorker, lookupRunningInWorker } from './winsock/lookup-tasks.js';

/* src/notify: how many sockets the notification sink holds (leak checks). */
export { registeredCount } from './notify/sink.js';

/* src/notify: the WSAAsyncSelect rules, as pure functions (test/notify checks them by table). */
export {
  CLOSE_SEEN, closeCode, closePosts, Cond, connectPosts, DISABLE_SHIFT, interest, needsCloseProbe, readiness,
  selectEnables, selectPostsClose, shutdownCond, SockState,
} from './notify/rules.js';

/* src/wsa: the one formatter of bad values. */
export { describeValue } from './wsa/format.js';
