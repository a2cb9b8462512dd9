// The training buttons where a user meets them in the real workbench: the Gradients view's title bar and the
// editor title of a *.gradlab.json show Start while idle and Stop while a run trains (the gradientLab.training
// context key, set by the extension), plus Open Training Panel on the view; the Explorer's context menu offers
// Start Training and Export as PyTorch Script on configs only.
// Screenshots: artifacts/screenshots/titlebar-training-{dark,light}.png, titlebar-explorer-menu.png.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { waitFor } from '../../scripts/code-server.mjs';
import { workbench } from './harness';

const LONG = 'titlebar-long.gradlab.json';
const OTHER = 'titlebar-notes.json';

// Many epochs: the run trains until the test stops it.
const LONG_CONFIG = {
  name: 'A long run',
  data: { dataset: 'spiral', train: 1500, test: 300, classes: 3 },
  model: { layers: [2, 64, 64, 3], activation: 'relu', init: 'kaiming_uniform' },
  optimizer: { name: 'adam', lr: 0.01 },
  batch_size: 32,
  epochs: 100000,
};

const visible = (l: Locator) => l.isVisible().catch(() => false);

describe('Title-bar and Explorer actions (e2e)', function () {
  this.timeout(240_000);
  const wb = () => workbench();
  const sidebar = (label: string) => wb().page.locator(`.part.sidebar a.action-label[aria-label^="${label}"]`).first();
  const editorTitle = (label: string) => wb().page.locator(`.part.editor .editor-actions a.action-label[aria-label^="${label}"]`).first();

  before(() => {
    writeFileSync(join(wb().workspace, LONG), JSON.stringify(LONG_CONFIG, null, 2) + '\n');
    writeFileSync(join(wb().workspace, OTHER), '{}\n');
  });
  after(async () => {
    await wb().runCommand('Gradient Lab: Stop Training').catch(() => undefined);
    await wb().closeAllEditors();
    rmSync(join(wb().workspace, LONG), { force: true });
    rmSync(join(wb().workspace, OTHER), { force: true });
  });

  async function expectIdle(): Promise<void> {
    await waitFor('Start (not Stop) in the view and editor title bars', async () =>
      (await visible(sidebar('Start Training'))) && (await visible(editorTitle('Start Training'))) &&
      !(await visible(sidebar('Stop Training'))) && !(await visible(editorTitle('Stop Training'))), { timeoutMs: 30_000 });
  }

  /** Waits until the status bar shows the run past step `n`, so screenshots show drawn charts. */
  async function pastStep(n: number): Promise<void> {
    await waitFor(`the run past step ${n} in the status bar`, async () => {
      const m = /Step (\d+)\//.exec(await wb().page.locator('.part.statusbar').innerText());
      return m !== null && Number(m[1]) > n;
    }, { timeoutMs: 60_000 });
  }

  async function expectTraining(): Promise<void> {
    await waitFor('Stop (not Start) in the view and editor title bars', async () =>
      (await visible(sidebar('Stop Training'))) && (await visible(editorTitle('Stop Training'))) &&
      !(await visible(sidebar('Start Training'))) && !(await visible(editorTitle('Start Training'))), { timeoutMs: 30_000 });
  }

  it('Start in both title bars while idle; the view also offers Open Training Panel', async () => {
    await wb().openFile(LONG);
    await wb().runCommand('Gradient Lab: Open Gradients View');
    await wb().openFile(LONG);
    await expectIdle();
    assert.ok(await visible(sidebar('Open Training Panel')));
  });

  it("the view's Start trains the open config; both title bars switch to Stop; the editor's Stop stops it", async () => {
    await sidebar('Start Training').click();
    await expectTraining();
    await pastStep(100);
    await wb().screenshot('titlebar-training-dark');
    await editorTitle('Stop Training').click();
    await expectIdle();
  });

  it('the same toggle in the light theme (screenshot), stopped from the view this time', async () => {
    await wb().setTheme('Default Light Modern');
    try {
      await wb().openFile(LONG);
      await editorTitle('Start Training').click();
      await expectTraining();
      await pastStep(100);
      await wb().screenshot('titlebar-training-light');
      await sidebar('Stop Training').click();
      await expectIdle();
    } finally {
      await wb().setTheme('Default Dark Modern');
    }
  });

  it("the Explorer's context menu has Start Training and Export as PyTorch Script on a config, not on other files", async () => {
    const page = wb().page;
    await wb().runCommand('View: Show Explorer');
    const menuItems = async (file: string): Promise<string[]> => {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await row.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor({ state: 'visible', timeout: 10_000 });
      return menu.locator('.action-label').allInnerTexts();
    };
    const onConfig = await menuItems(LONG);
    await wb().screenshot('titlebar-explorer-menu');
    await page.keyboard.press('Escape');
    assert.ok(onConfig.includes('Start Training'), onConfig.join(' | '));
    assert.ok(onConfig.includes('Export as PyTorch Script'), onConfig.join(' | '));
    const onOther = await menuItems(OTHER);
    await page.keyboard.press('Escape');
    assert.ok(onOther.length > 3, 'the menu opened');
    assert.ok(!onOther.includes('Start Training') && !onOther.includes('Export as PyTorch Script'), onOther.join(' | '));
  });
});
