/**
 * Notifications held while an awaitable call waits are delivered once it returns, even when
 * the program starts the next call at once (they must not starve behind back-to-back calls).
 */
import test from 'ava';
import net from 'node:net';
import { CSocket } from '../../../src/index.js';

test('OnSend held during back-to-back ReceiveAsync calls is still delivered, after a call returns', async (t) => {
  const server = net.createServer((c) => {
    let i = 0;
    const tick = setInterval(() => {
      c.write('x');
      if (++i === 20) { clearInterval(tick); c.end(); }
    }, 2);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const events: string[] = [];
  class Client extends CSocket {
    protected override OnSend(nErrorCode: number): void {
      events.push(this.IsBlocking() ? 'OnSend while blocking' : 'OnSend');
    }
  }
  const s = new Client();
  t.true(s.Create());
  t.true(await s.ConnectAsync('127.0.0.1', port, { timeout: 5000 }));
  const buf = new Uint8Array(16);
  let total = 0;
  for (let n = 1; n > 0 && total < 20;) {
    // The next call starts in the same turn the previous one's result arrives.
    n = await s.ReceiveAsync(buf, 16, 0, { timeout: 5000 });
    events.push(`Receive ${n > 0 ? 'data' : n}`);
    if (n > 0) total += n;
  }
  t.is(total, 20);
  t.true(events.includes('OnSend'), events.join(', '));
  t.false(events.includes('OnSend while blocking'), 'never inside a call');
  s.Close();
  server.close();
});
