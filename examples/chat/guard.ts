/**
 * A CSocket whose blocking calls give up after one wait slice. The samples read and write with
 * CSocket's blocking calls inside notifications, where the data is already there; a peer that
 * stops half-way through a message would otherwise hold the whole event loop. MFC's own answer
 * to a call that waits too long is OnMessagePending + CancelBlockingCall, so that is the guard:
 * the stalled call ends with WSAEINTR, CSocketFile turns it into a CFileException, and the
 * sample's usual error path runs.
 */
import { CSocket } from '../../src/index.js';

export class CGuardedSocket extends CSocket {
  constructor(stallMs = 3000) {
    super();
    this.m_nTimeOut = stallMs;
  }

  override OnMessagePending(): boolean {
    this.CancelBlockingCall();
    return false;
  }
}
