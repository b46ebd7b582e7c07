/**
 * A Worker whose sockets used notifications (koffi's poller) must be able to end, however it
 * ends. Run in a child process, so that a crash fails one assertion, not the test run.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../fixtures/poller-worker-main.ts', import.meta.url));

function run(mode: 'exit' | 'terminate'): { status: number | null; signal: NodeJS.Signals | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, mode], { encoding: 'utf8', timeout: 30000, killSignal: 'SIGKILL' });
  return { status: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
}

test('a Worker that used the poller and closed its sockets exits normally', (t) => {
  const r = run('exit');
  t.is(r.signal, null, r.out);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /worker ended \(exit\) 0/);
});

// Known native-layer bug (reported to the lead): koffi crashes (SIGSEGV) during the Worker's
// handle cleanup when worker.terminate() ends a Worker with a socket still on the poller.
// `failing` until fixed; ava then reports an unexpected pass: drop `.failing`.
test.failing('terminate() on a Worker with a socket still on the poller does not kill the process [known native bug]', (t) => {
  const r = run('terminate');
  t.is(r.signal, null, r.out);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /worker ended \(terminate\) 1/);
});
