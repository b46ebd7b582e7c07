/**
 * The package as a user gets it: `npm pack` holds exactly what a user needs, publint and
 * arethetypeswrong find no problem in the tarball, and a scratch project that installs the
 * tarball (from the npm cache, offline) can both `import` and `require` it and open a socket.
 *
 * Packing uses the build that `npm test` makes first (pretest); when dist/ is missing, it
 * builds once. Skipped on Windows, where the suite runs node.exe under Wine without npm.
 */
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installScratch, pack, plainNodeEnv } from '../support/packed.js';
import { root } from '../support/repo.js';

// Packing and installing the tarball is platform-independent; the Linux run checks it.
const winNote = process.platform === 'win32' ? ' [not on Windows: npm pack/install is platform-independent, checked by the Linux run]' : '';
type Impl = (t: ExecutionContext) => void | Promise<void>;
const serial = (title: string, impl: Impl): void => {
  if (process.platform === 'win32') test.serial.skip(`${title}${winNote}`, impl);
  else test.serial(title, impl);
};

serial('npm pack holds exactly dist (the ES module with its map and types, the CommonJS entry and its types, the lookup Worker entry with its map), README, CHANGELOG, LICENSE and package.json', (t) => {
  const { files } = pack();
  t.deepEqual(files, [
    'CHANGELOG.md', 'LICENSE', 'README.md',
    'dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js', 'dist/index.js.map',
    'dist/lookup-thread.js', 'dist/lookup-thread.js.map',
    'package.json',
  ]);
});

serial('publint (strict) finds no problem in the tarball', async (t) => {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const bytes = readFileSync(pack().tarball);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' });
  t.deepEqual(messages.map((m) => formatMessage(m, pkg) ?? m.code), []);
});

serial('arethetypeswrong finds no problem for import and require, node10, node16 and bundlers', (t) => {
  const cli = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  const r = spawnSync(process.execPath, [cli, pack().tarball, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
  const report = JSON.parse(r.stdout) as { problems: Record<string, unknown[]>; analysis: { types: { kind: string } } };
  t.is(report.analysis.types.kind, 'included');
  t.deepEqual(report.problems, {});
  t.is(r.status, 0, r.stderr);
});

serial('a scratch project installs the tarball offline, then import and require both open a socket', (t) => {
  const dir = installScratch((m) => t.log(m));

  // Each opens a real UDP socket on loopback through the installed package, and closes it.
  const body = `
    const s = new CAsyncSocket();
    if (!s.Create(0, SOCK_DGRAM, FD_READ, '127.0.0.1')) throw new Error('Create: ' + s.GetLastError());
    const where = { address: '', port: 0 };
    s.GetSockName(where);
    s.Close();
    console.log(kind, typeof CSocket, typeof CArchive, where.address, where.port > 0, WSAEWOULDBLOCK);`;
  writeFileSync(join(dir, 'esm.mjs'), `import { CAsyncSocket, CSocket, CArchive, SOCK_DGRAM, FD_READ, WSAEWOULDBLOCK } from 'afxsock';\nconst kind = 'esm';${body}\n`);
  writeFileSync(join(dir, 'cjs.cjs'), `const { CAsyncSocket, CSocket, CArchive, SOCK_DGRAM, FD_READ, WSAEWOULDBLOCK } = require('afxsock');\nconst kind = 'cjs';${body}\n`);
  for (const [file, kind] of [['esm.mjs', 'esm'], ['cjs.cjs', 'cjs']] as const) {
    const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: plainNodeEnv() });
    t.is(run.status, 0, run.stderr);
    t.is(run.stdout.trim(), `${kind} function function 127.0.0.1 true 10035`);
  }
});

serial('import and require in one process give one instance: the same classes, handle map and last error', (t) => {
  const dir = installScratch((m) => t.log(m));
  // The CommonJS side requires the package, the ES side imports it, in one process.
  writeFileSync(join(dir, 'side.cjs'), "module.exports = require('afxsock');\n");
  writeFileSync(join(dir, 'both.mjs'), `
    import { createRequire } from 'node:module';
    import * as esm from 'afxsock';
    const cjs = createRequire(import.meta.url)('./side.cjs');
    const s = new esm.CAsyncSocket();
    if (!s.Create(0, esm.SOCK_DGRAM, esm.FD_READ, '127.0.0.1')) throw new Error('Create: ' + s.GetLastError());
    const found = cjs.CAsyncSocket.FromHandle(s.m_hSocket);
    esm.WSASetLastError(10054);
    console.log([
      esm.CSocket === cjs.CSocket, esm.CArchive === cjs.CArchive, found === s,
      s instanceof cjs.CAsyncSocket, cjs.WSAGetLastError(),
    ].join(' '));
    s.Close();
    console.log(cjs.CAsyncSocket.FromHandle(s.m_hSocket) === null);`);
  const run = spawnSync(process.execPath, ['both.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: plainNodeEnv() });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout.trim(), 'true true true true 10054\ntrue');
  // No warning (require of an ES module, or anything else) reaches the user's stderr.
  t.is(run.stderr, '');
});
