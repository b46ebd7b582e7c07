/**
 * The discussion server, a port of MFC's CHATSRVR sample: clients on channel + 700 exchange
 * CMsg objects through CSocketFile + CArchive, byte-compatible with the MFC programs.
 *
 *   npx tsx examples/chat-server.ts [channel] [--address 127.0.0.1] [--unicode]
 *
 * Logs every connection, message and departure. Type "quit" (or send SIGINT / SIGTERM) to shut
 * down: each client is told "The discussion server has shutdown" and the process exits 0.
 */
import { createInterface } from 'node:readline';
import { CChatServer } from './chat/server.js';
import { PORT_OFFSET } from './chat/strings.js';

function usage(): never {
  console.error('usage: chat-server.ts [channel] [--address ADDR] [--unicode]');
  process.exit(2);
}

let channel = 0;
let address: string | null = null;
let unicode = false;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--unicode') unicode = true;
  else if (a === '--address') address = args[++i] ?? usage();
  else if (/^-?\d+$/.test(a)) channel = Number(a);
  else usage();
}
if (channel + PORT_OFFSET < 0 || channel + PORT_OFFSET > 65535) usage();

const server = new CChatServer({ unicode, log: (line) => console.log(line) });
const port = server.Open(channel, address);
if (port === 0) process.exit(1);
console.log(`Chat server on port ${port} (channel ${port - PORT_OFFSET}), ${unicode ? 'Unicode' : 'ANSI'} strings`);

let stopping = false;
const rl = createInterface({ input: process.stdin, terminal: false });
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  rl.close();
  await server.Shutdown();
  process.exit(0);
}
rl.on('line', (line) => {
  if (line.trim() === 'quit') void stop();
});
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
