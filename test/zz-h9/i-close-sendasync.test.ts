import test from 'ava';
import { nextTurn, pair, smallSendBuffer } from '../helpers/csocket.js';
test('I close during SendAsync, no read', async (t) => {
  const p = await pair(); smallSendBuffer(p.client);
  const big = new Uint8Array(8 << 20); const call = p.client.SendAsync(big, big.length);
  await nextTurn(); p.client.Close(); t.is(await call, -1); p.close();
});
