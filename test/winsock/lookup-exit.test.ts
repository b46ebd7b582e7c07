/**
 * Exit never waits for a lookup stuck in the resolver. Each case runs a child process (see
 * fixtures/lookup-exit-child.ts); a stall of 60 s in native code stands in for a resolver waiting on an
 * unreachable DNS server. The 20 s kill is a hang detector, not a speed check.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('../fixtures/lookup-exit-child.ts', import.meta.url));

function run(mode: string, stallMs: number): { status: number | null; signal: string | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, mode], {
    env: { ...process.env, AFXSOCK_LOOKUP_TEST_STALL_MS: String(stallMs) },
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
}

test('process.exit(0) while a lookup is inside native code exits with 0', (t) => {
  const r = run('exit', 60_000);
  t.is(r.signal, null, `hung: ${r.out}`);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /started true/);
  t.regex(r.out, /inside native lookup/);
  t.regex(r.out, /exit listener ran with 0/, 'exit listeners still run');
  t.notRegex(r.out, /callback/);
});

test('a natural exit after cancelling a stuck lookup exits with 0', (t) => {
  const r = run('cancel', 60_000);
  t.is(r.signal, null, `hung: ${r.out}`);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /inside native lookup/);
  t.regex(r.out, /cancel 0/);
  t.regex(r.out, /exit listener ran with 0/);
  t.notRegex(r.out, /callback/);
});

test('an unresolvable name without a stall: the callback reports it and the process exits with 0', (t) => {
  const r = run('plain', 0);
  t.is(r.signal, null, `hung: ${r.out}`);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /callback error (11001|11004|11002)/);
  t.regex(r.out, /exit listener ran with 0/);
});
