import test from 'ava';
import {
  CArchive, CArchiveException, CFile, CFileException, CInvalidArgException, CNotSupportedException, CSocket,
  CSocketFile, type CSocketFileSocket, WSAEINTR, WSAENOTSOCK, WSAETIMEDOUT,
} from '../../../src/index.js';
import { CMsg } from '../../../examples/chat/msg.js';
import { makeMsg, store, toHex } from '../../support/archive.js';
import { peerProcess } from '../../support/children.js';
import { pair as socketPair } from '../../support/sockets.js';

function msgBytes(m: CMsg, unicode: boolean): Buffer {
  return store((ar) => {
    ar.m_bUnicode = unicode;
    m.Serialize(ar);
  });
}

test('CHAT CMsg wire format: ANSI and Unicode builds', (t) => {
  t.is(toHex(msgBytes(makeMsg('bob: hi'), false)), '00 00 07 62 6F 62 3A 20 68 69 00 00');
  const u = msgBytes(makeMsg('bob: hi'), true);
  t.is(toHex(u.subarray(0, 6)), '00 00 FF FE FF 07');
  t.is(u.subarray(6, 20).toString('utf16le'), 'bob: hi');
  t.is(toHex(u.subarray(20)), '00 00');
  t.is(toHex(msgBytes(makeMsg('', ['a', 'b'], true), false)), '01 00 00 02 00 01 61 01 62');
});

test('CSocketFile reports bufferBlocking and refuses what MFC refuses', async (t) => {
  const pair = await socketPair();
  try {
    const file = new CSocketFile(pair.client);
    t.is(file.GetBufferPtr(CFile.bufferCheck), CFile.bufferBlocking);
    t.true(new CArchive(file, CArchive.load).m_bBlocking);
    t.is(file.Seek(10, CFile.begin), 0);
    t.notThrows(() => file.Flush());
    for (const f of [() => file.GetLength(), () => file.GetPosition(), () => file.SetLength(1), () => file.Duplicate(), () => file.LockRange(0, 1), () => file.UnlockRange(0, 1), () => file.Abort(), () => file.Open('x', 0)]) {
      t.throws(f, { instanceOf: CNotSupportedException });
    }
    t.throws(() => new CSocketFile(null as unknown as CSocket), { instanceOf: CInvalidArgException });
    t.throws(() => file.Read(new Uint8Array(2), 3), { instanceOf: CInvalidArgException });
  } finally {
    pair.close();
  }
});

test('CSocketFile Close drops the socket without closing it', async (t) => {
  const pair = await socketPair();
  try {
    const file = new CSocketFile(pair.client);
    file.Close();
    t.is(file.m_pSocket, null);
    t.is(t.throws(() => file.Write(Buffer.from('x'), 1), { instanceOf: CFileException })!.m_lOsError, WSAENOTSOCK);
    t.is(await pair.client.SendAsync(Buffer.from('ok'), 2), 2);
    const b = Buffer.alloc(2);
    t.is(await pair.server.ReceiveAsync(b, 2), 2);
    t.is(b.toString(), 'ok');
  } finally {
    pair.close();
  }
});

test('a socket error becomes CFileException genericException with the WSA code', async (t) => {
  const pair = await socketPair();
  const file = new CSocketFile(pair.client);
  pair.close();
  const e = t.throws(() => file.Read(new Uint8Array(4), 4), { instanceOf: CFileException });
  t.is(e!.m_cause, CFileException.genericException);
  t.is(e!.m_lOsError, WSAENOTSOCK);
  t.regex(e!.message, /WSAENOTSOCK/);
  const e2 = await t.throwsAsync(file.ReadAsync(new Uint8Array(4), 4), { instanceOf: CFileException });
  t.is(e2!.m_lOsError, WSAENOTSOCK);
  const e3 = await t.throwsAsync(file.WriteAsync(new Uint8Array(4), 4), { instanceOf: CFileException });
  t.is(e3!.m_lOsError, WSAENOTSOCK);
});

test('CMsg exchanged both ways over a CSocket pair (awaitable flavour)', async (t) => {
  const pair = await socketPair();
  try {
    const outA = new CArchive(new CSocketFile(pair.client), CArchive.store);
    const inB = new CArchive(new CSocketFile(pair.server), CArchive.load);
    const outB = new CArchive(new CSocketFile(pair.server), CArchive.store);
    const inA = new CArchive(new CSocketFile(pair.client), CArchive.load);
    makeMsg('alice: has just joined the discussion').Serialize(outA);
    await outA.FlushAsync();
    makeMsg('alice: h\u00e9llo \u20ac').Serialize(outA);
    makeMsg('alice: has just left the discussion', [], true).Serialize(outA);
    await outA.FlushAsync();

    const got: CMsg[] = [];
    do {
      got.push(await inB.LoadAsync((ar) => {
        const m = new CMsg();
        m.Serialize(ar);
        return m;
      }));
    } while (got.length < 3);
    t.deepEqual(got.map((m) => m.m_strText), ['alice: has just joined the discussion', 'alice: h\u00e9llo \u20ac', 'alice: has just left the discussion']);
    t.deepEqual(got.map((m) => m.m_bClose), [false, false, true]);

    // The server answers with the assembled list, as CHATSRVR's UpdateClients does.
    makeMsg('', got.map((m) => m.m_strText)).Serialize(outB);
    await outB.FlushAsync();
    const reply = await inA.LoadAsync((ar) => {
      const m = new CMsg();
      m.Serialize(ar);
      return m;
    });
    t.deepEqual(reply.m_msgList, got.map((m) => m.m_strText));
    t.true(inA.IsBufferEmpty());
  } finally {
    pair.close();
  }
});

test('CMsg with the blocking calls against a peer process (echo)', async (t) => {
  const peer = await peerProcess(['echo']);
  const sock = new CSocket();
  try {
    t.true(sock.Create());
    t.true(sock.Connect('127.0.0.1', peer.port));
    const file = new CSocketFile(sock);
    const out = new CArchive(file, CArchive.store);
    const inp = new CArchive(file, CArchive.load);
    const sent = [makeMsg('bob: hi'), makeMsg('bob: \u4e16\u754c', ['x', 'y'.repeat(300)]), makeMsg('bob: bye', [], true)];
    for (const m of sent) {
      m.Serialize(out);
      out.Flush();
    }
    const got: CMsg[] = [];
    for (let i = 0; i < sent.length; i++) {
      const m = new CMsg();
      m.Serialize(inp);
      got.push(m);
    }
    t.deepEqual(got.map((m) => [m.m_bClose, m.m_strText, m.m_msgList]), sent.map((m) => [m.m_bClose, m.m_strText, m.m_msgList]));
    // MFC 7+ over a blocking file: only the bytes needed are read, so after a whole message
    // the archive buffer is empty even though the next message is already queued.
    makeMsg('one').Serialize(out);
    makeMsg('two').Serialize(out);
    out.Flush();
    const one = new CMsg();
    one.Serialize(inp);
    t.is(one.m_strText, 'one');
    t.true(inp.IsBufferEmpty());
    const two = new CMsg();
    two.Serialize(inp);
    t.is(two.m_strText, 'two');
    t.true(sock.ShutDown());
    // After the peer closes, a load hits end of file.
    t.is(t.throws(() => new CMsg().Serialize(inp), { instanceOf: CArchiveException })!.m_cause, CArchiveException.endOfFile);
  } finally {
    sock.Close();
    t.is(await peer.done, 0);
  }
});

/** A CSocketFile socket whose Receive hands over one byte per call, whatever is asked. */
function oneByteAtATime(sock: CSocket, calls: { n: number }): CSocketFileSocket {
  return {
    Receive: (b, _n, f) => {
      calls.n++;
      return sock.Receive(b, 1, f);
    },
    Send: (b, n, f) => sock.Send(b, n, f),
    GetLastError: () => sock.GetLastError(),
    ReceiveAsync: (b, _n, f, o) => {
      calls.n++;
      return sock.ReceiveAsync(b, 1, f, o);
    },
    SendAsync: (b, n, f, o) => sock.SendAsync(b, n, f, o),
  };
}

const DRIBBLED = [makeMsg('carol: one'), makeMsg('carol: two \u00e9', ['list', 'of', 'strings']), makeMsg('x'.repeat(5000), [], true)];
const DRIBBLED_HEX = Buffer.concat(DRIBBLED.map((m) => msgBytes(m, true))).toString('hex');

test('an archive decodes through a CSocketFile whose Receive returns one byte at a time', async (t) => {
  const peer = await peerProcess(['send', Buffer.concat(DRIBBLED.slice(0, 2).map((m) => msgBytes(m, true))).toString('hex')]);
  const sock = new CSocket();
  const calls = { n: 0 };
  try {
    t.true(sock.Create());
    t.true(sock.Connect('127.0.0.1', peer.port));
    const inp = new CArchive(new CSocketFile(oneByteAtATime(sock, calls)), CArchive.load);
    for (const want of DRIBBLED.slice(0, 2)) {
      const m = new CMsg();
      m.Serialize(inp);
      t.deepEqual([m.m_bClose, m.m_strText, m.m_msgList], [want.m_bClose, want.m_strText, want.m_msgList]);
    }
    t.true(inp.IsBufferEmpty());
    t.true(calls.n > 40);
  } finally {
    sock.ShutDown();
    sock.Close();
    await peer.done;
  }
});

test('LoadAsync decodes messages a peer dribbles out one byte per packet', async (t) => {
  const peer = await peerProcess(['send', DRIBBLED_HEX]);
  const sock = new CSocket();
  try {
    t.true(sock.Create());
    t.true(await sock.ConnectAsync('127.0.0.1', peer.port, { timeout: 10000 }));
    const inp = new CArchive(new CSocketFile(sock), CArchive.load);
    let runs = 0;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const got: CMsg[] = [];
    try {
      for (let i = 0; i < DRIBBLED.length; i++) {
        got.push(await inp.LoadAsync((ar) => {
          runs++;
          const m = new CMsg();
          m.Serialize(ar);
          return m;
        }, { timeout: 20000 }));
      }
    } finally {
      clearInterval(ticker);
    }
    t.deepEqual(got.map((m) => [m.m_bClose, m.m_strText, m.m_msgList]), DRIBBLED.map((m) => [m.m_bClose, m.m_strText, m.m_msgList]));
    t.true(runs > DRIBBLED.length, `the loader was rerun (${runs} runs)`);
    t.true(ticks > 0, 'the event loop kept running while the archive waited');
    sock.ShutDown();
    const e = await t.throwsAsync(inp.LoadAsync((ar) => new CMsg().Serialize(ar)), { instanceOf: CArchiveException });
    t.is(e!.m_cause, CArchiveException.endOfFile);
  } finally {
    sock.Close();
    await peer.done;
  }
});

test('LoadAsync with the one-byte socket still decodes (every rerun after one byte)', async (t) => {
  const pair = await socketPair();
  const calls = { n: 0 };
  try {
    const out = new CArchive(new CSocketFile(pair.client), CArchive.store);
    const inp = new CArchive(new CSocketFile(oneByteAtATime(pair.server, calls)), CArchive.load);
    DRIBBLED[1]!.Serialize(out);
    await out.FlushAsync();
    const m = await inp.LoadAsync((ar) => {
      const x = new CMsg();
      x.Serialize(ar);
      return x;
    });
    t.deepEqual(m.m_msgList, DRIBBLED[1]!.m_msgList);
    t.is(calls.n, msgBytes(DRIBBLED[1]!, true).length);
  } finally {
    pair.close();
  }
});

test('a non-archive-compatible CSocketFile Read loops to the full count', async (t) => {
  const peer = await peerProcess(['send', '0102030405060708']);
  const sock = new CSocket();
  try {
    t.true(sock.Create());
    t.true(sock.Connect('127.0.0.1', peer.port));
    const file = new CSocketFile(sock, false);
    const b = new Uint8Array(8);
    t.is(file.Read(b, 8), 8);
    t.deepEqual([...b], [1, 2, 3, 4, 5, 6, 7, 8]);
    sock.ShutDown();
    t.is(file.Read(b, 8), 0);
  } finally {
    sock.Close();
    await peer.done;
  }
});

test('a cancelled LoadAsync loses no byte: the next call decodes the whole message', async (t) => {
  const pair = await socketPair();
  try {
    const whole = msgBytes(makeMsg('dave: split across a cancel', ['a', 'b']), true);
    const inp = new CArchive(new CSocketFile(pair.server), CArchive.load);
    const load = (opts: { signal?: AbortSignal; timeout?: number }) =>
      inp.LoadAsync((ar) => {
        const m = new CMsg();
        m.Serialize(ar);
        return m;
      }, opts);
    t.is(await pair.client.SendAsync(whole.subarray(0, 10), 10), 10);
    const ac = new AbortController();
    const pending = load({ signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    const e = await t.throwsAsync(pending, { instanceOf: CFileException });
    t.is(e!.m_lOsError, WSAEINTR);
    t.is(await pair.client.SendAsync(whole.subarray(10, 20), 10), 10);
    const e2 = await t.throwsAsync(load({ timeout: 30 }), { instanceOf: CFileException });
    t.is(e2!.m_lOsError, WSAETIMEDOUT);
    t.is(await pair.client.SendAsync(whole.subarray(20), whole.length - 20), whole.length - 20);
    const m = await load({ timeout: 10000 });
    t.is(m.m_strText, 'dave: split across a cancel');
    t.deepEqual(m.m_msgList, ['a', 'b']);
    t.true(inp.IsBufferEmpty());
  } finally {
    pair.close();
  }
});
