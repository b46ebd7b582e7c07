/** OnOutOfBandData: urgent data sent with MSG_OOB is announced, read with MSG_OOB, re-enabled. */
import test from 'ava';
import { CAsyncSocket, MSG_OOB, SOCK_STREAM } from '../../../src/index.js';
import { until } from '../../support/waits.js';
import { listenOn } from '../../support/sockets.js';

// The Windows backend watches sockets through libuv's poller, which has no urgent-data event.
const oobTest = process.platform === 'win32' ? test.skip : test;

oobTest('urgent data gives OnOutOfBandData, MSG_OOB reads the byte, the next one notifies again [not on Windows: libuv reports no urgent data]', async (t) => {
  const oob: number[] = [];
  class Rx extends CAsyncSocket {
    protected override OnOutOfBandData(nErrorCode: number): void {
      const b = new Uint8Array(1);
      if (this.Receive(b, 1, MSG_OOB) === 1) oob.push(b[0]!);
    }
  }
  class L extends CAsyncSocket {
    rx: Rx | null = null;
    protected override OnAccept(): void {
      const r = new Rx();
      if (this.Accept(r)) this.rx = r;
    }
  }
  const l = new L();
  const port = listenOn(l);
  const tx = new CAsyncSocket();
  t.true(tx.Create(0, SOCK_STREAM, 0));
  tx.Connect('127.0.0.1', port);
  await until(() => l.rx !== null, 5000, 'accept');
  await until(() => tx.Send(new Uint8Array([0x21]), 1, MSG_OOB) === 1, 5000, 'first urgent byte');
  await until(() => oob.length === 1, 5000, 'OnOutOfBandData');
  t.true(tx.Send(new Uint8Array([0x42]), 1, MSG_OOB) === 1);
  await until(() => oob.length === 2, 5000, 'a second OnOutOfBandData after the MSG_OOB read');
  t.deepEqual(oob, [0x21, 0x42]);
  tx.Close(); l.rx?.Close(); l.Close();
});
