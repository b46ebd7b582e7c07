/**
 * The package as a user gets it: the tarball `npm pack` makes from the build that `npm test`
 * makes first (pretest), and scratch projects that install it from the npm cache, offline.
 * One tarball per test process; every scratch folder is removed after the run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './repo.js';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Packed {
  dir: string;
  tarball: string;
  files: string[];
}

let packed: Packed | undefined;
const scratch: string[] = [];

process.once('exit', () => {
  for (const d of [...scratch, ...(packed ? [packed.dir] : [])]) rmSync(d, { recursive: true, force: true });
});

export function pack(): Packed {
  if (packed !== undefined) return packed;
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.cjs'))) {
    execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'ignore', timeout: 180_000 });
  }
  const dir = mkdtempSync(join(tmpdir(), 'afxsock-pack-'));
  // --ignore-scripts: prepack would rebuild (and clean) dist/ under the other test files' feet.
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: root, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packed = { dir, tarball: join(dir, info[0]!.filename), files: info[0]!.files.map((f) => f.path).sort() };
  return packed;
}

/**
 * A new project folder whose only dependency is the tarball, installed offline from the npm
 * cache that installing this repository filled (`--prefer-offline` if the cache lacks koffi's
 * exact files). Returns the folder, or throws with npm's last error line.
 */
export function installScratch(log: (msg: string) => void = () => {}): string {
  const { tarball } = pack();
  const dir = mkdtempSync(join(tmpdir(), 'afxsock-scratch-'));
  scratch.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'afxsock-scratch', version: '1.0.0', private: true, dependencies: { afxsock: `file:${tarball}` },
  }));
  const install = (mode: string) => spawnSync(npm, ['install', mode, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir, encoding: 'utf8', timeout: 180_000,
  });
  let r = install('--offline');
  if (r.status !== 0) {
    log(`offline install failed (${r.stderr.trim().split('\n').pop()}); trying --prefer-offline`);
    r = install('--prefer-offline');
  }
  if (r.status !== 0) throw new Error(`npm install of the tarball failed: ${r.stderr.trim().split('\n').pop()}`);
  return dir;
}

/** The environment for a plain `node` child: no loader or option inherited from the test runner. */
export function plainNodeEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}
