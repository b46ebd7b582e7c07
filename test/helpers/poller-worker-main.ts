/** Child-process entry of worker-exit.test.ts: runs poller-worker.ts, ends it as argv[2] says. */
import { tsWorker } from './csocket.js';

const mode = process.argv[2] === 'terminate' ? 'terminate' : 'exit';
const w = tsWorker(new URL('./poller-worker.ts', import.meta.url), { mode });
await new Promise((resolve) => w.once('message', resolve));
if (mode === 'terminate') await w.terminate();
const code = await new Promise<number>((resolve) => {
  if (w.threadId === -1) resolve(mode === 'terminate' ? 1 : 0);
  else w.once('exit', resolve);
});
console.log(`worker ended (${mode}) ${code}`);
