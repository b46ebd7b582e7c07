/**
 * WSAGetLastError / WSASetLastError. Winsock keeps one value per thread; a JS realm is one
 * thread (the main thread or one Worker), so a module variable is exactly that.
 */
let lastError = 0;

/** The last Windows Sockets error set on this thread (0 if none). */
export function WSAGetLastError(): number {
  return lastError;
}

/** Sets this thread's last error, as Winsock's WSASetLastError. */
export function WSASetLastError(iError: number): void {
  lastError = iError | 0;
}
