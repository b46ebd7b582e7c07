import test from 'ava';
import { pair } from '../helpers/csocket.js';
test('K read to EOF after plain close', async (t) => {
  const p = await pair();
  t.is(await p.client.SendAsync(new Uint8Array(1000), 1000), 1000); p.client.Close();
  const buf = new Uint8Array(1 << 20); let last = 0;
  for (let i = 0; i < 10000; i++) { last = await p.server.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 }); if (last <= 0) break; }
  t.is(last, 0); p.close();
});
