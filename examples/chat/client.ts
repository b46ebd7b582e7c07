/**
 * CHATTER's document and socket (CHATDOC.CPP, CHATSOCK.CPP): connect to the server on channel
 * + 700, say who joined, send each line typed as "<handle>: <line>", show every text the server
 * relays, and say goodbye with a message whose m_bClose is set.
 */
import {
  CArchive, CArchiveException, CFileException, CSocketFile, FIONREAD,
} from '../../src/index.js';
import { CGuardedSocket } from './guard.js';
import { CMsg } from './msg.js';
import {
  IDS_CONNECT, IDS_CONNECTIONCLOSED, IDS_DISCONNECT, IDS_SERVERRESET, channelToPort,
} from './strings.js';

export interface ChatClientOptions {
  /** Write CStrings in the Unicode form (MFC's _UNICODE build) instead of ANSI. */
  unicode?: boolean;
  /** Where the chat window's lines go. */
  display?: (line: string) => void;
  /** Called once the connection is gone (goodbye sent, server shutdown, or failure). */
  onClosed?: () => void;
  /** Longest a half-received message may stall the client, in ms. */
  stallMs?: number;
  /** How long to wait for connect and for the server to close its end, in ms. */
  timeoutMs?: number;
}

/** CHATSOCK.CPP: a CSocket that hands OnReceive to the document. */
export class CChatSocket extends CGuardedSocket {
  constructor(private readonly m_pDoc: CChatClient, stallMs?: number) {
    super(stallMs);
  }

  protected override OnReceive(nErrorCode: number): void {
    super.OnReceive(nErrorCode);
    this.m_pDoc.ProcessPendingRead();
  }

  /** The server went away without a goodbye message. */
  protected override OnClose(nErrorCode: number): void {
    super.OnClose(nErrorCode);
    this.m_pDoc.ConnectionLost();
  }
}

/** The chat document (CHATDOC.CPP). */
export class CChatClient {
  m_strHandle = '';
  m_pSocket: CChatSocket | null = null;
  m_pFile: CSocketFile | null = null;
  m_pArchiveIn: CArchive | null = null;
  m_pArchiveOut: CArchive | null = null;
  private readonly unicode: boolean;
  private readonly display: (line: string) => void;
  private readonly onClosed: () => void;
  private readonly stallMs: number;
  private readonly timeoutMs: number;
  private closedReported = false;
  /** Set while saying goodbye: what arrives then is drained, not shown. */
  private leaving = false;

  constructor(opts: ChatClientOptions = {}) {
    this.unicode = opts.unicode ?? false;
    this.display = opts.display ?? ((line) => console.log(line));
    this.onClosed = opts.onClosed ?? (() => {});
    this.stallMs = opts.stallMs ?? 3000;
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  /**
   * Connects to `lpszAddress` on channel + 700 and announces the handle. The sample's blocking
   * Connect becomes ConnectAsync, so the rest of the program (a server in the same process,
   * for one) keeps running meanwhile. Returns false with the reason displayed.
   */
  async ConnectSocket(lpszHandle: string, lpszAddress: string, nChannel: number): Promise<boolean> {
    this.m_strHandle = lpszHandle;
    const s = new CChatSocket(this, this.stallMs);
    if (!s.Create()) {
      this.display(`Unable to create a socket (WSA error ${s.GetLastError()})`);
      return false;
    }
    const port = channelToPort(nChannel);
    if (!(await s.ConnectAsync(lpszAddress, port, { timeout: this.timeoutMs }))) {
      this.display(`Unable to connect to ${lpszAddress} on port ${port} (WSA error ${s.GetLastError()})`);
      s.Close();
      return false;
    }
    this.m_pSocket = s;
    this.m_pFile = new CSocketFile(s);
    this.m_pArchiveIn = new CArchive(this.m_pFile, CArchive.load);
    this.m_pArchiveOut = new CArchive(this.m_pFile, CArchive.store);
    this.m_pArchiveOut.m_bUnicode = this.unicode;
    this.SendMsg(IDS_CONNECT);
    return true;
  }

  IsConnected(): boolean {
    return this.m_pSocket !== null;
  }

  /** Sends "<handle>: <strText>". */
  SendMsg(strText: string): void {
    if (this.m_pArchiveOut === null) return;
    const msg = new CMsg();
    msg.m_strText = `${this.m_strHandle}: ${strText}`;
    try {
      msg.Serialize(this.m_pArchiveOut);
      this.m_pArchiveOut.Flush();
    } catch (e) {
      if (!(e instanceof CFileException) && !(e instanceof CArchiveException)) throw e;
      this.m_pArchiveOut.Abort();
      this.m_pArchiveOut = null;
      this.display(IDS_SERVERRESET);
    }
  }

  ProcessPendingRead(): void {
    // KB Q138694: an OnReceive can arrive after the archive already took the bytes.
    const n = { value: 0 };
    if (this.leaving || this.m_pSocket === null || !this.m_pSocket.IOCtl(FIONREAD, n) || n.value === 0) return;
    do {
      this.ReceiveMsg();
      if (this.m_pSocket === null) return;
    } while (this.m_pArchiveIn !== null && !this.m_pArchiveIn.IsBufferEmpty());
  }

  ReceiveMsg(): void {
    const msg = new CMsg();
    try {
      if (this.m_pArchiveIn === null) return;
      msg.Serialize(this.m_pArchiveIn);
      for (const line of msg.m_msgList) this.display(line);
    } catch (e) {
      if (!(e instanceof CFileException) && !(e instanceof CArchiveException)) throw e;
      msg.m_bClose = true;
      this.m_pArchiveOut?.Abort();
      this.m_pArchiveOut = null;
      this.display(IDS_SERVERRESET);
      this.display(IDS_CONNECTIONCLOSED);
    }
    if (msg.m_bClose) this.Release();
  }

  /** The server closed without a goodbye message. */
  ConnectionLost(): void {
    if (this.leaving || this.m_pSocket === null) return;
    this.display(IDS_SERVERRESET);
    this.display(IDS_CONNECTIONCLOSED);
    this.Release();
  }

  /**
   * Leaves the discussion (the sample's DeleteContents): the goodbye message, a half-close,
   * then wait for the server to close its end — awaitable and bounded here, where the sample
   * looped on a blocking Receive.
   */
  async Disconnect(): Promise<void> {
    const s = this.m_pSocket;
    if (s === null || this.leaving) return;
    this.leaving = true;
    if (this.m_pArchiveOut !== null) {
      const msg = new CMsg();
      msg.m_bClose = true;
      msg.m_strText = this.m_strHandle + IDS_DISCONNECT;
      try {
        msg.Serialize(this.m_pArchiveOut);
        this.m_pArchiveOut.Flush();
      } catch (e) {
        if (!(e instanceof CFileException) && !(e instanceof CArchiveException)) throw e;
        this.display(IDS_SERVERRESET);
      }
    }
    this.m_pArchiveOut?.Abort();
    this.m_pArchiveOut = null;
    this.m_pArchiveIn?.Abort();
    this.m_pArchiveIn = null;
    s.ShutDown();
    const buffer = new Uint8Array(50);
    for (let i = 0; i < 1000; i++) {
      if ((await s.ReceiveAsync(buffer, 50, 0, { timeout: this.timeoutMs })) <= 0) break;
    }
    this.Release();
  }

  private Release(): void {
    this.m_pArchiveIn?.Abort();
    this.m_pArchiveIn = null;
    this.m_pArchiveOut?.Abort();
    this.m_pArchiveOut = null;
    this.m_pFile?.Close();
    this.m_pFile = null;
    const s = this.m_pSocket;
    this.m_pSocket = null;
    s?.Close();
    if (!this.closedReported) {
      this.closedReported = true;
      this.onClosed();
    }
  }
}
