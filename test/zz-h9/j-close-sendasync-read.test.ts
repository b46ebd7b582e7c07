import test from 'ava';
import { nextTurn, pair, smallSendBuffer } from '../helpers/csocket.js';
test('J close during SendAsync, read to end', async (t) => {
  const p = await pair(); smallSendBuffer(p.client);
  const big = new Uint8Array(8 << 20); const call = p.client.SendAsync(big, big.length);
  await nextTurn(); p.client.Close(); t.is(await call, -1);
  const buf = new Uint8Array(1 << 20); let last = 0;
  for (let i = 0; i < 10000; i++) { last = await p.server.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 }); if (last <= 0) break; }
  t.log('last', last, p.server.GetLastError()); p.close();
});
