/**
 * `npm start`: a self-contained echo on loopback. An MFC-style server (CAsyncSocket subclasses
 * reacting to OnAccept / OnReceive / OnClose) and a client using CSocket's awaitable calls.
 * Prints what happens and exits 0.
 */
import { CAsyncSocket, CSocket, SOCK_STREAM, FD_READ, FD_WRITE, FD_ACCEPT, FD_CLOSE } from '../src/index.js';

class CEchoConnection extends CAsyncSocket {
  private readonly buf = new Uint8Array(4096);
  protected override OnReceive(nErrorCode: number): void {
    const n = this.Receive(this.buf, this.buf.length);
    if (n > 0) {
      console.log(`server: echoing ${n} bytes`);
      this.Send(this.buf, n);
    }
  }
  protected override OnClose(nErrorCode: number): void {
    console.log(`server: client closed (error ${nErrorCode})`);
    this.Close();
    server.Close();
  }
}

class CEchoServer extends CAsyncSocket {
  protected override OnAccept(nErrorCode: number): void {
    const conn = new CEchoConnection();
    const peer = { address: '', port: 0 };
    if (this.Accept(conn, peer)) console.log(`server: accepted ${peer.address}:${peer.port}`);
  }
}

const server = new CEchoServer();
if (!server.Create(0, SOCK_STREAM, FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE, '127.0.0.1') || !server.Listen()) {
  console.error(`server: cannot listen (WSA error ${server.GetLastError()})`);
  process.exit(1);
}
const where = { address: '', port: 0 };
server.GetSockName(where);
console.log(`server: listening on ${where.address}:${where.port}`);

const client = new CSocket();
client.Create();
if (!(await client.ConnectAsync(where.address, where.port, { timeout: 5000 }))) {
  console.error(`client: connect failed (WSA error ${client.GetLastError()})`);
  process.exit(1);
}
console.log('client: connected');
const reply = new Uint8Array(4096);
for (const line of ['Hello from afxsock', 'CSocket and CAsyncSocket, over the OS socket API']) {
  const bytes = new TextEncoder().encode(line);
  await client.SendAsync(bytes, bytes.length);
  let got = 0;
  while (got < bytes.length) {
    const n = await client.ReceiveAsync(reply.subarray(got), reply.length - got, 0, { timeout: 5000 });
    if (n <= 0) {
      console.error(`client: receive failed (WSA error ${client.GetLastError()})`);
      process.exit(1);
    }
    got += n;
  }
  console.log(`client: echo "${new TextDecoder().decode(reply.subarray(0, got))}"`);
}
client.Close();
console.log('client: closed');
