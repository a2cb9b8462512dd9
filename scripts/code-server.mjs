// Starting and stopping code-server (a real VS Code 1.100.3 served to a browser) for `npm start`, the
// integration tier and the end-to-end tier. Everything binds to 127.0.0.1; every wait is bounded and says what it
// waited for; every process and temp folder registered here is cleaned up on exit, failure, SIGINT and SIGTERM.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry } from './ensure-code-server.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';

// ---------------------------------------------------------------- cleanup on every exit path
const cleanups = [];
let exiting = false;
/** Registers `fn` to run once at exit (LIFO). Returns a function that runs it now and unregisters it. */
export function onCleanup(fn) {
  let done = false;
  const once = async () => { if (!done) { done = true; await fn(); } };
  cleanups.push(once);
  return async () => { cleanups.splice(cleanups.indexOf(once), 1); await once(); };
}
/** True once SIGINT/SIGTERM/SIGHUP arrived: errors after that are consequences of stopping, not test results. */
export const interrupted = () => exiting;
export async function runCleanups() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (e) { console.error(`cleanup failed: ${e.message}`); }
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    console.error(`\n${sig}: stopping servers and browsers...`);
    runCleanups().finally(() => process.exit(130));
  });
}
// Last resort for synchronous exits (process.exit elsewhere): kill what is still running.
const children = new Set();
process.on('exit', () => { for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } } });

// ---------------------------------------------------------------- small helpers
/**
 * Polls `probe` until it returns a truthy value; throws "timed out after N s waiting for <what>".
 * A probe error with `fatal: true` ends the wait at once; other probe errors are retried.
 */
export async function waitFor(what, probe, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      if (e?.fatal) throw e; // the probe knows waiting longer cannot help
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function canListen(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, HOST, () => s.close(() => res(true)));
  });
}

/** `preferred` if it is free on 127.0.0.1, otherwise a free port chosen by the OS. */
export async function freePort(preferred) {
  if (preferred && (await canListen(preferred))) return preferred;
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, HOST, () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/**
 * A fresh temp folder, removed at exit (set GRADLAB_KEEP_TEMP=1 to keep it for debugging). All of a run's folders
 * live under one per-process root, so the watchdog can remove them if this process is killed outright.
 */
export function tempDir(prefix) {
  return mkdtempSync(join(runRoot(), `${prefix}-`));
}

let root;
function runRoot() {
  if (root) return root;
  root = mkdtempSync(join(tmpdir(), 'gradlab-run-'));
  if (!process.env.GRADLAB_KEEP_TEMP) onCleanup(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/**
 * If this process dies without cleaning up (SIGKILL, a killed terminal), a tiny detached watchdog kills the given
 * process group (code-server and its extension host) and removes this run's temp folders.
 */
function watchdog(pgid) {
  const script = `const [owner, group, dir, keep] = process.argv.slice(1);
    const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    setInterval(() => {
      if (!alive(-group)) process.exit(0);
      if (alive(+owner)) return;
      try { process.kill(-group, 'SIGKILL'); } catch {}
      if (keep !== '1') require('node:fs').rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }, 1000);`;
  const w = spawn(process.execPath, ['-e', script, String(process.pid), String(pgid), runRoot(), process.env.GRADLAB_KEEP_TEMP ? '1' : '0'],
    { detached: true, stdio: 'ignore' });
  w.unref();
}

/** Copies a workspace (examples/ or a fixture) into a temp folder so tests never modify the repo. */
export function copyWorkspace(source) {
  const dir = join(tempDir('workspace'), 'workspace');
  if (existsSync(source)) cpSync(source, dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  return dir;
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, no tips, no update checks). */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
};

/**
 * Starts code-server and resolves once it answers HTTP on 127.0.0.1:port.
 * Returns { port, url, userDataDir, extensionsDir, stop(), exited (resolves with the exit code/signal), output() }.
 */
export async function startCodeServer({ port, workspace, env = {}, settings = {}, userDataDir, extensionsDir, locale, restricted = false, log = () => {}, timeoutMs = 120_000 }) {
  const entry = codeServerEntry();
  if (!existsSync(entry)) throw new Error(`code-server is not installed (${entry}); run: node scripts/ensure-code-server.mjs`);
  userDataDir ??= tempDir('user-data');
  extensionsDir ??= tempDir('extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  // restricted: workspace trust on, no prompt, so the folder opens untrusted (Restricted Mode).
  const trust = restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...trust, ...settings }, null, 2));
  // --config inside the temp user data: otherwise code-server writes ~/.config/code-server/config.yaml.
  const args = [entry, '--config', join(userDataDir, 'config.yaml'), '--auth', 'none', '--bind-addr', `${HOST}:${port}`, '--disable-telemetry', '--disable-update-check',
    ...(restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (locale) {
    // VS Code's display language (vscode.env.language, extensions' l10n bundles). VS Code only switches to a
    // language it has a language pack for, and Microsoft's packs cannot be downloaded here, so the test user data
    // gets an empty pack: the workbench's own strings stay English, everything of ours is in `locale`.
    args.push('--locale', locale);
    const translations = join(userDataDir, 'empty-language-pack.json');
    writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
    writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
      [locale]: {
        hash: 'gradlab-test', translations: { vscode: translations }, label: locale,
        extensions: [{ extensionIdentifier: { id: 'gradlab-test.empty-language-pack' }, version: '1.0.0' }],
      },
    }));
  }
  if (workspace) args.push(workspace);
  log(`starting code-server on http://${HOST}:${port}/`);
  let output = '';
  // detached: its own process group, so stop() also ends the extension host and other children it spawned.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  watchdog(child.pid);
  const keep = (d) => { output = (output + d).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitedPromise = new Promise((res) => child.on('exit', (code, signal) => { exited = signal ?? code; children.delete(child); res(exited); }));

  const stop = onCleanup(async () => {
    if (exited !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
    const gone = await waitFor('code-server to exit', () => exited !== null, { timeoutMs: 5_000 }).then(() => true, () => false);
    if (!gone) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
  });

  const url = `http://${HOST}:${port}/`;
  try {
    await waitFor(`code-server to answer on ${url}healthz`, async () => {
      if (exited !== null) throw new Error(`code-server exited (${exited}) before it answered:\n${output}`);
      const r = await fetch(`${url}healthz`);
      return r.ok;
    }, { timeoutMs, intervalMs: 500 });
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url, userDataDir, extensionsDir, stop, exited: exitedPromise, output: () => output };
}

/**
 * The workbench URL for a folder, optionally with an extension in development mode and an extension-host test
 * module: the `payload` query is what VS Code's "Extension Development Host" window reads.
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${HOST}:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `http://${HOST}:${port}/?${q}`;
}

export const CHROMIUM = process.env.GRADLAB_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Headless Chromium through playwright-core (no browser download); closed at exit. */
export async function launchChromium({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; run: node scripts/ensure-code-server.mjs`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless, timeout: 60_000 });
  onCleanup(() => browser.close().catch(() => {}));
  return browser;
}

/** Runs the dev (or --production) build of the extension; throws when it fails. */
export async function buildExtension({ production = false } = {}) {
  await runNode([join(repoRoot, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], 'build');
}

/** Runs `node args...` with inherited output, bounded; throws on a non-zero exit. */
export function runNode(args, what, { timeoutMs = 10 * 60_000, env = {} } = {}) {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    const t = setTimeout(() => { c.kill('SIGKILL'); rej(new Error(`${what} timed out after ${timeoutMs / 1000} s`)); }, timeoutMs);
    c.on('exit', (code, sig) => { clearTimeout(t); code === 0 ? res() : rej(new Error(`${what} failed (exit ${code ?? sig})`)); });
    c.on('error', (e) => { clearTimeout(t); rej(e); });
  });
}
