/**
 * `npm start`: a whole discussion on loopback, in one process, needing nothing else. A chat
 * server (the CHATSRVR port) and two scripted chat clients (the CHATTER port) talk through
 * CSocket + CSocketFile + CArchive exactly as the MFC samples do; every line each side shows is
 * printed. Exits 0 when the discussion has run its course, 1 if a step does not happen in time.
 */
import { CChatServer } from './chat/server.js';
import { CChatClient } from './chat/client.js';
import { PORT_OFFSET } from './chat/strings.js';

const STEP_MS = 10_000;

/** A scripted client: shows its lines, and lets the script wait for one. */
class Participant {
  readonly seen: string[] = [];
  private waiters: { text: string; resolve: () => void }[] = [];
  readonly doc: CChatClient;

  constructor(readonly handle: string) {
    this.doc = new CChatClient({
      display: (line) => {
        console.log(`  [${handle}'s window] ${line}`);
        this.seen.push(line);
        this.waiters = this.waiters.filter((w) => (line === w.text ? (w.resolve(), false) : true));
      },
    });
  }

  /** Resolves once `text` has been shown (or already was); rejects after STEP_MS. */
  waitFor(text: string): Promise<void> {
    if (this.seen.includes(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.handle} never saw "${text}"`)), STEP_MS);
      this.waiters.push({ text, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  say(text: string): void {
    console.log(`${this.handle} types: ${text}`);
    this.doc.SendMsg(text);
  }
}

async function main(): Promise<void> {
  const server = new CChatServer({ log: (line) => console.log(`  [server log] ${line}`) });
  // Channel -700 = port 0: the system picks a free port, so the demo never collides.
  const port = server.Open(-PORT_OFFSET, '127.0.0.1');
  if (port === 0) throw new Error('the server could not listen');
  const channel = port - PORT_OFFSET;
  console.log(`chat server listening on 127.0.0.1:${port} (channel ${channel} + 700)`);

  const alice = new Participant('alice');
  const bob = new Participant('bob');

  console.log('alice connects');
  if (!(await alice.doc.ConnectSocket('alice', '127.0.0.1', channel))) throw new Error('alice could not connect');
  await alice.waitFor('alice: has just joined the discussion');

  console.log('bob connects');
  if (!(await bob.doc.ConnectSocket('bob', '127.0.0.1', channel))) throw new Error('bob could not connect');
  await bob.waitFor('bob: has just joined the discussion');
  await alice.waitFor('bob: has just joined the discussion');

  alice.say('Hello bob, this is a CArchive talking.');
  await bob.waitFor('alice: Hello bob, this is a CArchive talking.');
  bob.say('Hi alice. Same bytes as the MFC sample, over the OS socket API.');
  await alice.waitFor('bob: Hi alice. Same bytes as the MFC sample, over the OS socket API.');

  console.log('alice leaves');
  await alice.doc.Disconnect();
  await bob.waitFor('alice: has just left the discussion');

  console.log('the server shuts down');
  const bobClosed = bob.waitFor('The discussion server has shutdown');
  await server.Shutdown();
  await bobClosed;
  if (bob.doc.IsConnected()) throw new Error('bob is still connected');
  console.log('the discussion is over');
}

const watchdog = setTimeout(() => {
  console.error('demo: did not finish in time');
  process.exit(1);
}, 6 * STEP_MS);
watchdog.unref();

try {
  await main();
  process.exit(0);
} catch (e) {
  console.error(`demo: ${(e as Error).message}`);
  process.exit(1);
}
