/** Child-process entry of worker-exit.test.ts: runs poller-worker.ts and waits for its exit. */
import { tsWorker } from './csocket.js';

const w = tsWorker(new URL('./poller-worker.ts', import.meta.url), null);
const code = await new Promise<number>((resolve) => w.once('exit', resolve));
console.log(`worker exited ${code}`);
