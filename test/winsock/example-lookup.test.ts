/** examples/lookup.ts, run as a user would: `node --import tsx examples/lookup.ts`. */
import test from 'ava';
import { UNRESOLVABLE_HOST } from '../support/lookups.js';
import { spawnSync } from 'node:child_process';
import { root } from '../support/repo.js';

function run(args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/lookup.ts', ...args], {
    cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('the example resolves localhost and exits 0', (t) => {
  const r = run(['localhost', '10000']);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /WinSock 2\.0 2\.2, looking up localhost/);
  t.regex(r.out, /task \d+ resolved localhost: localhost -> 127\.0\.0\.1 \(70 bytes\)/);
});

test('the example cancels a lookup that outlives its limit and exits 0', (t) => {
  // The Worker's test stall makes the lookup outlive the 100 ms limit.
  const r = run(['localhost', '100'], { AFXSOCK_LOOKUP_TEST_STALL_MS: '30000' });
  t.is(r.status, 0, r.out);
  t.regex(r.out, /task \d+ cancelled after 100 ms/);
  t.notRegex(r.out, /resolved/);
});

test('the example reports an unknown host and exits 0', (t) => {
  const r = run([UNRESOLVABLE_HOST, '20000']);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /task \d+ failed: (WSAHOST_NOT_FOUND|WSANO_DATA|WSATRY_AGAIN)/);
});
