/**
 * The discussion client, a port of MFC's CHATTER sample, in a terminal.
 *
 *   npx tsx examples/chat-client.ts HANDLE [channel] [server] [--unicode]
 *
 * Connects to `server` (default localhost) on channel + 700, announces "HANDLE: has just joined
 * the discussion", sends each line typed, and shows what the server relays. End input (Ctrl-D)
 * or type /quit to leave; exits 0 when the discussion ends either way, 1 when it cannot connect.
 */
import { createInterface, type Interface } from 'node:readline';
import { CChatClient } from './chat/client.js';

function usage(): never {
  console.error('usage: chat-client.ts HANDLE [channel] [server] [--unicode]');
  process.exit(2);
}

const positional: string[] = [];
let unicode = false;
for (const a of process.argv.slice(2)) {
  if (a === '--unicode') unicode = true;
  else if (a.startsWith('--')) usage();
  else positional.push(a);
}
const handle = positional[0] ?? usage();
const channel = Number(positional[1] ?? '0');
const server = positional[2] ?? 'localhost';
if (!Number.isInteger(channel)) usage();

const interactive = process.stdin.isTTY === true;
// Created once connected, so that lines typed (or piped) meanwhile wait in stdin.
let rl: Interface | null = null;

function show(line: string): void {
  if (interactive) {
    // Print above the prompt without losing what is being typed.
    process.stdout.write('\r\x1b[K');
    console.log(line);
    rl?.prompt(true);
  } else {
    console.log(line);
  }
}

let leaving = false;
const doc = new CChatClient({
  unicode,
  display: show,
  onClosed: () => {
    rl?.close();
    process.exit(0);
  },
});

async function leave(): Promise<void> {
  if (leaving) return;
  leaving = true;
  await doc.Disconnect();
  process.exit(0);
}

if (!(await doc.ConnectSocket(handle, server, channel))) process.exit(1);
rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
rl.setPrompt(`${handle}> `);
if (interactive) rl.prompt();
rl.on('line', (line) => {
  if (leaving) return;
  if (line.trim() === '/quit') {
    void leave();
    return;
  }
  if (line.length > 0) doc.SendMsg(line);
  if (interactive) rl?.prompt();
});
rl.on('close', () => void leave());
process.on('SIGINT', () => void leave());
