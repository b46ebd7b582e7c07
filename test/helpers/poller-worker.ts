/**
 * A Worker that uses the notification machinery (a listening CSocket with the default events,
 * so its handle goes on koffi's poller). `exit`: closes it and ends normally. `terminate`:
 * keeps it open and waits to be terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CSocket } from '../../src/afx/CSocket.js';
import { SOCK_STREAM } from '../../src/wsa/constants.js';

const s = new CSocket();
s.Create(0, SOCK_STREAM, '127.0.0.1');
s.Listen();
if ((workerData as { mode: string }).mode === 'exit') s.Close();
parentPort!.postMessage('ready');
