// End-to-end harness: a real VS Code (code-server 4.100.3) with this extension in development mode and a copy of
// examples/ open, driven in headless Chromium through playwright-core, as a user drives it. Started once for the
// whole e2e run by the root hooks in test/e2e/setup.ts; tests get it with `workbench()`.
// Every wait is bounded and its error says what it waited for. Console errors that concern the extension and every
// Content-Security-Policy violation are collected and fail the running test (see setup.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import {
  copyWorkspace, freePort, launchChromium, repoRoot, runCleanups, startCodeServer, waitFor, workbenchUrl, type CodeServer,
} from '../../scripts/code-server.mjs';
import { isProblem, type ConsoleEntry } from './problems';

export const screenshotsDir = join(repoRoot, 'artifacts', 'screenshots');
const WORKBENCH_TIMEOUT = 120_000;
const UI_TIMEOUT = 30_000;
export const WEBVIEW_TIMEOUT = 60_000;

/** Bounded wait on a Playwright promise, with a message that names what was awaited. */
async function within<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new Error(`waiting for ${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export class Workbench {
  /** Every console message / page error seen, problem or not (printed when a test fails). */
  readonly console: ConsoleEntry[] = [];
  private problems: string[] = [];

  constructor(readonly page: Page, readonly workspace: string, readonly server: CodeServer) {
    page.on('console', (m) => this.record({ type: m.type(), text: m.text(), url: m.location().url ?? '' }));
    page.on('pageerror', (e) => this.record({ type: 'pageerror', text: `${e.message}\n${e.stack ?? ''}`, url: '' }));
  }

  private record(entry: ConsoleEntry): void {
    this.console.push(entry);
    if (isProblem(entry)) this.problems.push(`[${entry.type}] ${entry.text}${entry.url ? ` (at ${entry.url})` : ''}`);
  }

  /** Problems (CSP violations, extension/webview errors) since the last call; clears the list. */
  takeProblems(): string[] {
    const p = this.problems;
    this.problems = [];
    return p;
  }

  /** Opens the command palette (F1), types `title` and runs the matching command; waits until the palette closes. */
  async runCommand(title: string): Promise<void> {
    await this.startCommand(title);
    await within('the command palette to close', this.quickInput.waitFor({ state: 'hidden', timeout: UI_TIMEOUT }));
  }

  /** Like runCommand, for commands that open a quick pick or input box (the quick input stays open). */
  async startCommand(title: string): Promise<void> {
    // The palette can open and close again at once when F1 lands while the workbench is still settling (a quick
    // pick closing, an editor opening, focus moving into a webview): open it anew until the title can be typed.
    const deadline = Date.now() + UI_TIMEOUT;
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      const typed = await this.quickInput.waitFor({ state: 'visible', timeout: 5_000 })
        .then(() => this.quickInput.fill(`>${title}`, { timeout: 5_000 }))
        .then(() => true, () => false);
      if (typed) break;
      if (Date.now() > deadline) {
        await within('the command palette input', this.quickInput.waitFor({ state: 'visible', timeout: 1 }));
        await within('typing into the command palette', this.quickInput.fill(`>${title}`, { timeout: 1 }));
        break;
      }
      await this.page.waitForTimeout(500);
    }
    const row = this.quickPickRow(title);
    await within(`the command "${title}" in the palette`, row.waitFor({ state: 'visible', timeout: UI_TIMEOUT }));
    await row.click();
  }

  private get quickInput() {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** The quick pick row whose label, or else description, is exactly `label` (theme rows: "Light Modern" / "Default Light Modern"). */
  private quickPickRow(label: string) {
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    return rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .or(rows.filter({ has: this.page.locator('.label-description', { hasText: exact }) })).first();
  }

  /**
   * Picks items in the open quick pick by label (or description). On a single-select pick one label chooses it; on
   * a multi-select pick (checkboxes) each label is toggled and the pick is accepted with Enter. Each label is typed
   * into the filter first: the list is virtualised, rows out of view do not exist in the DOM.
   * keepOpen: the command continues in the same widget (e.g. an input box follows), so do not wait for it to close.
   */
  async pickQuickPickItems(labels: string | string[], { keepOpen = false } = {}): Promise<void> {
    const wanted = Array.isArray(labels) ? labels : [labels];
    const widget = this.page.locator('.quick-input-widget');
    await within('a quick pick', widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT }));
    let multi = false;
    for (const label of wanted) {
      await this.quickInput.fill(label);
      const row = this.quickPickRow(label);
      await within(`the quick pick item "${label}"`, row.waitFor({ state: 'visible', timeout: UI_TIMEOUT }));
      multi = (await row.getAttribute('role')) === 'checkbox'; // rows of a multi-select pick are checkboxes
      const before = multi ? await row.getAttribute('aria-checked') : null;
      await row.click(); // on a multi-select pick, a click on the row toggles its checkbox
      if (multi) await waitFor(`"${label}" to toggle`, async () => (await this.quickPickRow(label).getAttribute('aria-checked')) !== before, { timeoutMs: 5_000 });
    }
    if (multi) {
      await this.quickInput.fill('');
      await this.page.keyboard.press('Enter');
    }
    if (!keepOpen) await within('the quick pick to close', widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT }));
  }

  /** Types into an open input box (showInputBox) and accepts it. */
  async answerInputBox(text: string): Promise<void> {
    await within('an input box', this.quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT }));
    await this.quickInput.fill(text);
    await this.page.keyboard.press('Enter');
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
  }

  /** Error dialogs and error notifications VS Code is showing now (e.g. "Command ... resulted in an error"). */
  async errorUi(): Promise<string[]> {
    const dialogs = await this.page.locator('.monaco-dialog-box').allInnerTexts().catch(() => [] as string[]);
    const toasts = await this.page.locator('.notification-toast-container .monaco-list-row:has(.codicon-error)').allInnerTexts().catch(() => [] as string[]);
    return [...dialogs.map((t) => `dialog: ${t.replace(/\s+/g, ' ')}`), ...toasts.map((t) => `error notification: ${t.replace(/\s+/g, ' ')}`)];
  }

  /** Returns the visible error dialogs/notifications and dismisses them, so the next test starts clean. */
  async takeErrorUi(): Promise<string[]> {
    const shown = await this.errorUi();
    for (let i = 0; i < 3 && (await this.page.locator('.monaco-dialog-box').isVisible().catch(() => false)); i++) await this.page.keyboard.press('Escape');
    if (shown.some((s) => s.startsWith('error notification'))) await this.runCommand('Notifications: Clear All Notifications');
    return shown;
  }

  /** Throws (ending any wait at once) when VS Code shows an error dialog or error notification. */
  private async failOnErrorUi(): Promise<void> {
    const shown = await this.errorUi();
    if (shown.length) throw Object.assign(new Error(`VS Code shows an error: ${shown.join(' | ')}`), { fatal: true });
  }

  /**
   * "Developer: Reload Window", as a user would (the workbench saves its editors and their pages' state on the way
   * down, then the extension's serializer revives them), and then `find` what the test expects back. VS Code
   * sometimes brings a revived webview back blank (microsoft/vscode#98746; seen here once in CI on the busy
   * machine: the tab shown, no frame for 60 s); then the window is reloaded once more, which still tests that the
   * panel's state survives a reload.
   */
  async reloadWindow<T>(find: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const reloaded = this.page.waitForEvent('load', { timeout: 120_000 });
      await this.startCommand('Developer: Reload Window');
      await reloaded;
      await this.page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
      try {
        return await find();
      } catch (err) {
        if (attempt === 2) throw err;
        console.log(`[e2e] after the reload: ${err instanceof Error ? err.message : String(err)}; reloading once more`);
      }
    }
  }

  /**
   * The inner frame (the extension's HTML document) of a webview — panel or view. `match` is compared with the
   * document's <title> (string: equal; RegExp: test) or is a predicate on the frame.
   */
  async findWebviewFrame(match: string | RegExp | ((f: Frame) => Promise<boolean>), timeoutMs = WEBVIEW_TIMEOUT): Promise<Frame> {
    const test = typeof match === 'function' ? match
      : async (f: Frame) => { const t = await f.title(); return typeof match === 'string' ? t === match : match.test(t); };
    return waitFor(`a webview frame matching ${String(match)}`, async () => {
      await this.failOnErrorUi();
      for (const f of this.webviewFrames()) {
        if (await test(f).catch(() => false)) return f;
      }
      return undefined;
    }, { timeoutMs, intervalMs: 250 });
  }

  /** Inner documents of every webview on the page (VS Code nests them: pre/index.html -> fake.html). */
  webviewFrames(): Frame[] {
    return this.page.frames().filter((f) => f.parentFrame()?.url().includes('/webview/') && !f.isDetached());
  }

  /** Opens a workspace file (path relative to the workspace) through Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const name = relativePath.split('/').pop()!;
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    // Keyboard focus can sit inside a webview whose iframe does not forward Ctrl+P, and Quick Open can close again
    // at once while the workbench settles (a view taking focus): both seen in CI. Each attempt opens it a different
    // way (Ctrl+P, the title bar's command center, F1: the palette becomes the file picker once its ">" is
    // replaced) and types the path; a file a test has just written can also be missing from the file search for a
    // moment, and Quick Open does not search again by itself, so the next attempt types it anew.
    const ways: Array<() => Promise<unknown>> = [
      () => this.page.keyboard.press('Control+P'),
      () => this.page.locator('.command-center .command-center-center').first().click({ timeout: 5_000 }),
      () => this.page.keyboard.press('F1'),
    ];
    const deadline = Date.now() + 2 * UI_TIMEOUT;
    for (let attempt = 0; ; attempt++) {
      await this.closeQuickInput();
      await ways[attempt % ways.length]().catch(() => undefined);
      const opened = await input.waitFor({ state: 'visible', timeout: 5_000 })
        .then(() => input.fill(relativePath, { timeout: 5_000 }))
        .then(() => row.click({ timeout: 5_000 }))
        .then(() => true, () => false);
      if (opened) break;
      if (Date.now() > deadline) {
        await within('Quick Open', input.waitFor({ state: 'visible', timeout: 1 }));
        await within(`"${relativePath}" in Quick Open`, row.waitFor({ state: 'visible', timeout: 1 }));
      }
    }
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    await within(`the editor tab "${name}"`, tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT }));
    await this.focusEditor();
  }

  /** Types at the cursor of the active text editor, like a user (real key events). */
  async typeInEditor(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(text, { delay: 5 });
  }

  /** Gives the active editor keyboard focus (keeping its cursor), e.g. before page.keyboard.press('Control+End'). */
  async focusEditor(): Promise<void> {
    const focused = () => this.page.evaluate(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'));
    if (!(await focused())) await this.runCommand('View: Focus Active Editor Group');
    await waitFor('the active text editor to have keyboard focus', focused, { timeoutMs: UI_TIMEOUT });
  }

  /** Switches the colour theme through "Preferences: Color Theme" and waits until the workbench shows it. */
  async setTheme(name: 'Default Light Modern' | 'Default Dark Modern' | string): Promise<void> {
    await this.startCommand('Preferences: Color Theme');
    await this.pickQuickPickItems(name);
    // The workbench's theme-type class: vs, vs-dark, hc-black or hc-light.
    const kind = /high contrast/i.test(name) ? (/light/i.test(name) ? 'hc-light' : 'hc-black') : /light/i.test(name) ? 'vs' : 'vs-dark';
    await waitFor(`the workbench to switch to the theme "${name}"`, () =>
      this.page.evaluate((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), kind),
    { timeoutMs: UI_TIMEOUT });
  }

  /** Closes every editor (panels included), e.g. between tests. */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
  }

  /** Saves a PNG of the whole workbench into artifacts/screenshots/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotsDir, { recursive: true });
    const file = join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await within(`screenshot ${name}`, this.page.screenshot({ path: file, timeout: UI_TIMEOUT }));
    return file;
  }
}

let current: { wb: Workbench; browser: Browser } | undefined;

/** The running workbench (started by the root hooks). */
export function workbench(): Workbench {
  if (!current) throw new Error('the e2e workbench is not started: run the e2e tests with `npm run test:e2e`');
  return current.wb;
}

/** Starts code-server + Chromium and waits for the workbench with the extension loaded. */
export async function startWorkbench(log: (m: string) => void = () => {}): Promise<Workbench> {
  const workspace = copyWorkspace(join(repoRoot, 'examples'));
  // Runs train as fast as possible unless a test slows them down (the product's default is watchable: 40 steps/s).
  const server = await startCodeServer({ port: await freePort(), workspace, log, settings: { 'gradientLab.training.stepsPerSecond': 0 } });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Reports CSP violations from every frame (webviews included) as console errors the harness collects.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI}`));
  });
  const page = await context.newPage();
  const wb = new Workbench(page, workspace, server);
  current = { wb, browser };
  const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: repoRoot });
  log(`opening ${url}`);
  await within('the workbench page to load', page.goto(url, { timeout: 60_000 }));
  await within('the VS Code workbench (.monaco-workbench)', page.waitForSelector('.monaco-workbench', { timeout: WORKBENCH_TIMEOUT }));
  const container = page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').first();
  await within('the "Gradient Lab" activity bar entry (the extension loaded)', container.waitFor({ state: 'attached', timeout: WORKBENCH_TIMEOUT }));
  return wb;
}

export async function stopWorkbench(): Promise<void> {
  if (!current) return;
  const { browser, wb } = current;
  current = undefined;
  await browser.close().catch(() => {});
  await wb.server.stop();
  await runCleanups(); // this mocha process's temp folders
}
