/**
 * A Worker that uses the notification machinery (a listening CSocket with the default events,
 * so its handle goes on koffi's poller), closes everything, and exits normally.
 */
import { parentPort } from 'node:worker_threads';
import { CSocket } from '../../src/afx/CSocket.js';
import { SOCK_STREAM } from '../../src/winsock/constants.js';

const s = new CSocket();
s.Create(0, SOCK_STREAM, '127.0.0.1');
s.Listen();
s.Close();
parentPort!.postMessage('closed');
