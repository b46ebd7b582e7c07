/**
 * WSAGetLastError / WSASetLastError. Winsock keeps one value per thread; a JS realm is one
 * thread (the main thread or one Worker), so a module variable is exactly that.
 */
let lastError = 0;

/**
 * Returns this thread's last Windows Sockets error (Winsock's `WSAGetLastError`; MFC's
 * `CAsyncSocket::GetLastError` returns the same value).
 *
 * @returns The code of the last failed call on this thread (a socket method, a Winsock function,
 *   or `WSASetLastError`), or 0 if none; a successful call does not reset it.
 */
export function WSAGetLastError(): number {
  return lastError;
}

/**
 * Sets this thread's last Windows Sockets error (Winsock's `WSASetLastError`).
 *
 * @param iError - The code; it is stored as the 32-bit integer `iError | 0`.
 */
export function WSASetLastError(iError: number): void {
  lastError = iError | 0;
}
