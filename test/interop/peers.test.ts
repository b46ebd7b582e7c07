/**
 * Interop with real peers that are not afxsock: Node's own net module, and a python3 socket
 * program in a child process.
 */
import test from 'ava';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { CAsyncSocket, CSocket, SOCK_STREAM } from '../../src/index.js';
import { dec, enc } from '../support/bytes.js';
import { withPython } from '../support/gates.js';
import { pythonCommand } from '../support/platform.js';
import { until } from '../support/waits.js';
import { listenOn } from '../support/sockets.js';

test('a CAsyncSocket client talks to a net.Server', async (t) => {
  const server = net.createServer((c) => c.on('data', (d) => c.write(Buffer.concat([Buffer.from('net:'), d]))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  let reply = '';
  class Client extends CAsyncSocket {
    protected override OnConnect(e: number): void { if (e === 0) this.Send(enc('hi'), 2); }
    protected override OnReceive(): void {
      const b = new Uint8Array(64);
      const n = this.Receive(b, 64);
      if (n > 0) reply += dec(b.subarray(0, n));
    }
  }
  const c = new Client();
  t.true(c.Create());
  c.Connect('127.0.0.1', port);
  await until(() => reply === 'net:hi', 5000, 'the reply from net');
  t.is(reply, 'net:hi');
  c.Close();
  server.close();
});

test('a net.Socket client talks to a CAsyncSocket server', async (t) => {
  const seen: string[] = [];
  class Conn extends CAsyncSocket {
    protected override OnReceive(): void {
      const b = new Uint8Array(64);
      const n = this.Receive(b, 64);
      if (n > 0) {
        seen.push(dec(b.subarray(0, n)));
        this.Send(enc('afx:'), 4);
        this.Send(b, n);
      }
    }
    protected override OnClose(): void { seen.push('closed'); this.Close(); }
  }
  class Listener extends CAsyncSocket {
    protected override OnAccept(): void { this.Accept(new Conn()); }
  }
  const l = new Listener();
  const sock = net.connect(listenOn(l), '127.0.0.1');
  let got = '';
  sock.on('data', (d) => {
    got += d.toString();
    if (got === 'afx:yo') sock.end();
  });
  sock.write('yo');
  await until(() => seen.includes('closed'), 5000, 'the close');
  t.is(got, 'afx:yo');
  t.deepEqual(seen, ['yo', 'closed']);
  l.Close();
});

withPython('a python3 socket server in a child process talks to a CSocket client (IPv4 and IPv6)', async (t) => {
  for (const [family, host] of [['AF_INET', '127.0.0.1'], ['AF_INET6', '::1']] as const) {
    const script = [
      'import socket, sys',
      `s = socket.socket(socket.${family}, socket.SOCK_STREAM)`,
      `s.bind(('${host}', 0)); s.listen(1)`,
      'print(s.getsockname()[1], flush=True)',
      's.settimeout(10)',
      'c, _ = s.accept()',
      'data = b""',
      'while not data.endswith(b"\\n"):',
      '    chunk = c.recv(100)',
      '    if not chunk: break',
      '    data += chunk',
      'c.sendall(b"py:" + data.upper())',
      'c.close()',
    ].join('\n');
    const child = spawn(pythonCommand()!, ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('error', reject);
    });
    const s = new CSocket();
    t.true(s.Create(0, SOCK_STREAM, host === '::1' ? '::' : null), `Create for ${family}`);
    t.true(await s.ConnectAsync(host, port, { timeout: 5000 }), `connect ${family}: ${s.GetLastError()}`);
    t.is(await s.SendAsync(enc('hello\n'), 6), 6);
    let got = '';
    const buf = new Uint8Array(64);
    for (;;) {
      const n = await s.ReceiveAsync(buf, 64, 0, { timeout: 5000 });
      if (n <= 0) break;
      got += dec(buf.subarray(0, n));
    }
    t.is(got, 'py:HELLO\n', family);
    s.Close();
    await new Promise((r) => child.once('exit', r));
  }
});
