/**
 * CHATSRVR's document and sockets (SRVRDOC.CPP, LSTNSOCK.CPP, CLNTSOCK.CPP), in MFC's shape:
 * CListeningSocket.OnAccept and CClientSocket.OnReceive call back into the server "document",
 * which reads CMsg objects through each client's CSocketFile + CArchive, keeps every text in
 * one list, and sends each client the texts it has not seen yet.
 */
import {
  CArchive, CArchiveException, CFileException, CSocketFile, FIONREAD, SOCK_STREAM, type SocketAddress,
} from '../../src/index.js';
import { CGuardedSocket } from './guard.js';
import { CMsg } from './msg.js';
import { IDS_READERROR, IDS_SENDERROR, IDS_SERVERSHUTDOWN, channelToPort } from './strings.js';

export interface ChatServerOptions {
  /** The address to listen on; MFC's Create binds every interface (null). */
  address?: string | null;
  /** Write CStrings in the Unicode form (MFC's _UNICODE build) instead of ANSI. */
  unicode?: boolean;
  /** Where the server's window text goes: joins, messages, leaves, errors. */
  log?: (line: string) => void;
  /** Longest a half-received message may stall the server, in ms. */
  stallMs?: number;
  /** How long Shutdown waits for each client to close its end, in ms. */
  drainMs?: number;
}

/** The socket that listens (LSTNSOCK.CPP). */
export class CListeningSocket extends CGuardedSocket {
  constructor(private readonly m_pDoc: CChatServer) {
    super();
  }

  protected override OnAccept(nErrorCode: number): void {
    super.OnAccept(nErrorCode);
    this.m_pDoc.ProcessPendingAccept();
  }
}

/** One connected client (CLNTSOCK.CPP): its archives and how much of the history it has. */
export class CClientSocket extends CGuardedSocket {
  m_nMsgCount = 0;
  m_pFile: CSocketFile | null = null;
  m_pArchiveIn: CArchive | null = null;
  m_pArchiveOut: CArchive | null = null;
  m_strPeer = '';

  constructor(private readonly m_pDoc: CChatServer, stallMs?: number) {
    super(stallMs);
  }

  Init(unicode: boolean): void {
    this.m_pFile = new CSocketFile(this);
    this.m_pArchiveIn = new CArchive(this.m_pFile, CArchive.load);
    this.m_pArchiveOut = new CArchive(this.m_pFile, CArchive.store);
    this.m_pArchiveOut.m_bUnicode = unicode;
  }

  /** Drops the outgoing archive after a failed send, so nothing more is sent to this client. */
  Abort(): void {
    if (this.m_pArchiveOut !== null) {
      this.m_pArchiveOut.Abort();
      this.m_pArchiveOut = null;
    }
  }

  IsAborted(): boolean {
    return this.m_pArchiveOut === null;
  }

  SendMsg(pMsg: CMsg): void {
    if (this.m_pArchiveOut === null) return;
    pMsg.Serialize(this.m_pArchiveOut);
    this.m_pArchiveOut.Flush();
  }

  ReceiveMsg(pMsg: CMsg): void {
    if (this.m_pArchiveIn === null) throw new CFileException(CFileException.genericException, this.GetLastError());
    pMsg.Serialize(this.m_pArchiveIn);
  }

  /** Whether bytes wait in the socket: the KB Q138694 check against an OnReceive with nothing to read. */
  HasData(): boolean {
    const n = { value: 0 };
    return this.IOCtl(FIONREAD, n) && n.value > 0;
  }

  protected override OnReceive(nErrorCode: number): void {
    super.OnReceive(nErrorCode);
    if (!this.HasData()) return;
    this.m_pDoc.ProcessPendingRead(this);
  }

  /**
   * Not in the sample, which only learns of a vanished client when a send to it fails: a
   * client that closes without its goodbye message is dropped here.
   */
  protected override OnClose(nErrorCode: number): void {
    super.OnClose(nErrorCode);
    this.m_pDoc.CloseSocket(this);
  }

  /** Closes the archives, then the socket. */
  Release(): void {
    this.m_pArchiveIn?.Abort();
    this.m_pArchiveIn = null;
    this.m_pArchiveOut?.Abort();
    this.m_pArchiveOut = null;
    this.m_pFile?.Close();
    this.m_pFile = null;
    this.Close();
  }
}

/** The server document (SRVRDOC.CPP). */
export class CChatServer {
  m_pSocket: CListeningSocket | null = null;
  readonly m_connectionList: CClientSocket[] = [];
  /** Every text the server has received, in order: the discussion. */
  readonly m_msgList: string[] = [];
  private readonly unicode: boolean;
  private readonly log: (line: string) => void;
  private readonly stallMs: number;
  private readonly drainMs: number;

  constructor(opts: ChatServerOptions = {}) {
    this.unicode = opts.unicode ?? false;
    this.log = opts.log ?? ((line) => console.log(line));
    this.stallMs = opts.stallMs ?? 3000;
    this.drainMs = opts.drainMs ?? 3000;
  }

  /**
   * Listens on channel + 700 (channel may be negative only to reach an ephemeral port: a
   * channel of -700 listens on a port the system picks). Returns the port, or 0 with the reason
   * logged.
   */
  Open(channel: number, address: string | null = null): number {
    const s = new CListeningSocket(this);
    if (!s.Create(channelToPort(channel), SOCK_STREAM, address) || !s.Listen()) {
      this.log(`Unable to listen on port ${channelToPort(channel)} (WSA error ${s.GetLastError()})`);
      s.Close();
      return 0;
    }
    this.m_pSocket = s;
    const where: SocketAddress = { address: '', port: 0 };
    s.GetSockName(where);
    return where.port;
  }

  ProcessPendingAccept(): void {
    if (this.m_pSocket === null) return;
    const pSocket = new CClientSocket(this, this.stallMs);
    const peer: SocketAddress = { address: '', port: 0 };
    if (this.m_pSocket.Accept(pSocket, peer)) {
      pSocket.Init(this.unicode);
      pSocket.m_strPeer = `${peer.address}:${peer.port}`;
      this.m_connectionList.push(pSocket);
      this.log(`Connection from ${pSocket.m_strPeer}`);
    } else {
      pSocket.Close();
    }
  }

  ProcessPendingRead(pSocket: CClientSocket): void {
    do {
      const pMsg = this.ReadMsg(pSocket);
      if (pMsg.m_bClose) {
        this.CloseSocket(pSocket);
        break;
      }
    } while (pSocket.m_pArchiveIn !== null && !pSocket.m_pArchiveIn.IsBufferEmpty());
    this.UpdateClients();
  }

  ReadMsg(pSocket: CClientSocket): CMsg {
    const msg = new CMsg();
    try {
      pSocket.ReceiveMsg(msg);
      this.m_msgList.push(msg.m_strText);
      this.log(msg.m_strText);
    } catch (e) {
      // The sample catches CFileException only; a peer closing mid-message raises
      // CArchiveException(endOfFile) here, which is the same failure for a chat.
      if (!(e instanceof CFileException) && !(e instanceof CArchiveException)) throw e;
      this.log(IDS_READERROR);
      msg.m_bClose = true;
      pSocket.Abort();
    }
    return msg;
  }

  /** The texts this client has not been sent yet, or null when it has them all. */
  AssembleMsg(pSocket: CClientSocket): CMsg | null {
    if (pSocket.m_nMsgCount >= this.m_msgList.length) return null;
    const msg = new CMsg();
    msg.Init();
    msg.m_msgList = this.m_msgList.slice(pSocket.m_nMsgCount);
    pSocket.m_nMsgCount = this.m_msgList.length;
    return msg;
  }

  SendMsg(pSocket: CClientSocket, pMsg: CMsg): void {
    try {
      pSocket.SendMsg(pMsg);
    } catch (e) {
      if (!(e instanceof CFileException) && !(e instanceof CArchiveException)) throw e;
      pSocket.Abort();
      this.log(IDS_SENDERROR);
    }
  }

  UpdateClients(): void {
    for (const pSocket of [...this.m_connectionList]) {
      const pMsg = this.AssembleMsg(pSocket);
      if (pMsg !== null) this.SendMsg(pSocket, pMsg);
    }
  }

  CloseSocket(pSocket: CClientSocket): void {
    const i = this.m_connectionList.indexOf(pSocket);
    if (i < 0) return;
    this.m_connectionList.splice(i, 1);
    pSocket.Release();
    this.log(`Connection from ${pSocket.m_strPeer} closed`);
  }

  /**
   * The server's DeleteContents: stop listening, tell every client the server is going away
   * (a message with m_bClose set), half-close, and wait for each client to close its end —
   * with the awaitable Receive, bounded, so that a silent client cannot hold the exit.
   */
  async Shutdown(): Promise<void> {
    this.m_pSocket?.Close();
    this.m_pSocket = null;
    this.m_msgList.push(IDS_SERVERSHUTDOWN);
    this.log(IDS_SERVERSHUTDOWN);
    const clients = this.m_connectionList.splice(0);
    await Promise.all(clients.map(async (pSocket) => {
      const pMsg = this.AssembleMsg(pSocket);
      if (pMsg !== null) {
        pMsg.m_bClose = true;
        this.SendMsg(pSocket, pMsg);
      }
      if (!pSocket.IsAborted()) {
        pSocket.ShutDown();
        const buffer = new Uint8Array(50);
        for (let i = 0; i < 1000; i++) {
          if ((await pSocket.ReceiveAsync(buffer, 50, 0, { timeout: this.drainMs })) <= 0) break;
        }
      }
      pSocket.Release();
    }));
    this.m_msgList.length = 0;
  }
}
