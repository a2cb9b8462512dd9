// Installs what the integration and end-to-end tiers need, idempotently and with bounded steps:
//   - Debian packages when missing: chromium (the test browser), libkrb5-dev (headers for code-server's
//     `kerberos` native module), ripgrep (replaces @vscode/ripgrep, whose postinstall downloads from GitHub),
//     python3-torch (PyTorch for Debian's /usr/bin/python3: the unit tier runs the exported scripts) with libopenblas0,
//     the BLAS it recommends (for the benchmark's PyTorch rows);
//   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) from the npm registry into a
//     cache folder OUTSIDE the clone, reused when present (recipe: /work/shared/notes/real-vscode.md).
// The install happens in a temporary sibling folder that is renamed into place only after every step passed and
// a marker file was written, so a killed install never looks complete.
// CLI: `node scripts/ensure-code-server.mjs` prints the code-server folder. Env: GRADLAB_CACHE overrides the cache root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, writeFileSync, readFileSync, copyFileSync, symlinkSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const MARKER = '.gradlab-install-complete';
const MINUTE = 60_000;

export function cacheRoot() {
  if (process.env.GRADLAB_CACHE) return resolve(process.env.GRADLAB_CACHE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gradient-lab');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The Node entry point code-server is started with. */
export function codeServerEntry() {
  return join(codeServerDir(), 'out', 'node', 'entry.js');
}

const log = (msg) => console.log(`[setup] ${msg}`);

/** Runs a command with inherited output; throws with the command line when it fails or exceeds its time limit. */
function run(cmd, args, { cwd, env, timeoutMs }) {
  log(`$ ${[cmd, ...args].join(' ')}${cwd ? `   (in ${cwd})` : ''}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.error?.code === 'ETIMEDOUT' || (r.signal && Date.now() - t0 >= timeoutMs)) {
    throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s: ${cmd} ${args.join(' ')}`);
  }
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${cmd} ${args.join(' ')}`);
  log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
const hasDebPackage = (name) =>
  /Status: install ok installed/.test(spawnSync('dpkg', ['-s', name], { encoding: 'utf8' }).stdout ?? '');

/** Debian packages the test tiers need; installs only the missing ones (apt-get update only when installing). */
export function ensureDebianPackages() {
  const wanted = [
    { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
    { pkg: 'ripgrep', present: () => hasCommand('rg') },
    { pkg: 'libkrb5-dev', present: () => hasDebPackage('libkrb5-dev') },
    { pkg: 'python3-torch', present: () => spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0 },
    // The BLAS libtorch recommends (installs skip recommendations): without it torch falls back on the reference
    // BLAS, ~20× slower, and the benchmark's PyTorch rows would be no yardstick.
    { pkg: 'libopenblas0', present: () => hasDebPackage('libopenblas0') },
  ];
  const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
  if (missing.length === 0) {
    log(`Debian packages present: ${wanted.map((w) => w.pkg).join(', ')}`);
    return;
  }
  if (!hasCommand('apt-get')) throw new Error(`missing ${missing.join(', ')} and no apt-get: install them with your package manager`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  if (sudo.length && !hasCommand('sudo')) throw new Error(`missing ${missing.join(', ')}: run as root or install sudo`);
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = [...sudo, 'apt-get'];
  run(cmd, [...pre, '-q', 'update'], { env, timeoutMs: 5 * MINUTE });
  run(cmd, [...pre, '-q', 'install', '-y', '--no-install-recommends', ...missing], { env, timeoutMs: 15 * MINUTE });
}

/** A lock folder (mkdir is atomic) so two test runs never install into the cache at the same time. */
function withInstallLock(fn) {
  const lock = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}.lock`);
  const deadline = Date.now() + 20 * MINUTE;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(readFileSafe(join(lock, 'pid')));
      if (owner && !isAlive(owner)) {
        log(`removing stale install lock of dead process ${owner}`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out after 20 min waiting for another code-server install (lock ${lock})`);
      log(`another process (${owner || '?'}) is installing code-server; waiting...`);
      spawnSync('sleep', ['5']);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(p) {
  try { return readFileSync(p, 'utf8'); } catch { return ''; }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/** The recipe from real-vscode.md, into `dir` (a fresh temporary folder). */
function installInto(dir) {
  const npm = 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  run(npm, ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', dir, '--loglevel=error'], { cwd: dir, timeoutMs: 10 * MINUTE });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack produced no tarball');
  // --strip-components=1: the tarball's top folder is `package/`; unpack straight into dir.
  run('tar', ['xzf', tgz, '--strip-components=1'], { cwd: dir, timeoutMs: 5 * MINUTE });
  rmSync(join(dir, tgz));
  const vscode = join(dir, 'lib', 'vscode');
  run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: vscode, timeoutMs: 20 * MINUTE });
  // @vscode/ripgrep's postinstall downloads from GitHub; it skips the download when bin/ already exists.
  const rgBin = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) not found on PATH');
  copyFileSync(rg, join(rgBin, 'rg'));
  // Builds node-pty, spdlog, kerberos...; npm_config_yes lets node-pty's script run `npx node-gyp`.
  run(npm, ['rebuild', '--loglevel=error'], { cwd: vscode, env: { npm_config_yes: 'true', JOBS: '2' }, timeoutMs: 30 * MINUTE });
  symlinkSync('node_modules', join(vscode, 'node_modules.asar')); // what code-server's own postinstall would do
  run(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: dir, timeoutMs: 20 * MINUTE });
  // code-server's postinstall.sh refuses to run as root; the steps above replace it, argon2 is its only native module.
  run(npm, ['rebuild', 'argon2', '--loglevel=error'], { cwd: dir, env: { JOBS: '2' }, timeoutMs: 15 * MINUTE });
  if (!existsSync(join(dir, 'out', 'node', 'entry.js'))) throw new Error('code-server entry out/node/entry.js missing after install');
  writeFileSync(join(dir, MARKER), `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
}

/** Returns the code-server folder, installing it first if the cache has no complete install. */
export function ensureCodeServer() {
  const dir = codeServerDir();
  if (existsSync(join(dir, MARKER))) {
    log(`code-server ${CODE_SERVER_VERSION} present in ${dir}`);
    return dir;
  }
  mkdirSync(cacheRoot(), { recursive: true });
  return withInstallLock(() => {
    if (existsSync(join(dir, MARKER))) return dir; // another process finished while we waited
    // Leftovers of killed installs (we hold the lock, so nobody else is writing them).
    const prefix = `code-server-${CODE_SERVER_VERSION}.partial-`;
    for (const f of readdirSync(cacheRoot()).filter((n) => n.startsWith(prefix))) rmSync(join(cacheRoot(), f), { recursive: true, force: true });
    const tmp = `${dir}.partial-${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (a few minutes; output below)`);
    const t0 = Date.now();
    try {
      installInto(tmp);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    rmSync(dir, { recursive: true, force: true }); // an incomplete folder without marker, if any
    renameSync(tmp, dir);
    log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return dir;
  });
}

/** Everything the browser-driven tiers need. */
export function ensureTestEnvironment() {
  ensureDebianPackages();
  return ensureCodeServer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = Date.now();
    const dir = ensureTestEnvironment();
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${dir}`);
  } catch (e) {
    console.error(`[setup] FAILED: ${e.message}`);
    process.exit(1);
  }
}
