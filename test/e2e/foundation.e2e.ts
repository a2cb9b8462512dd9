// Foundation, as a user sees it: the workbench loads with Gradient Lab, its activity-bar container and view exist,
// the palette lists its commands, "Gradient Lab: Plot Activation" opens a webview panel, and both themes render
// without a console error or CSP violation (the root hooks fail the test on those).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/code-server.mjs';
import { workbench } from './harness';

const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category?: string }[] };
};
/** "%command.x%" -> its English title from package.nls.json. */
const title = (t: string) => t.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? t);

describe('foundation (e2e)', () => {
  it('shows the Gradient Lab container in the activity bar and its Gradients view', async () => {
    const wb = workbench();
    await wb.page.locator('.activitybar .action-item a[aria-label^="Gradient Lab"]').first().click();
    // A container with a single view shows the view's name in the side bar title.
    const titleBar = wb.page.locator('.sidebar .composite.title', { hasText: /Gradient Lab: Gradients/i }).first();
    await titleBar.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('foundation-activity-bar');
  });

  it('lists every palette command of the extension under "Gradient Lab:"', async () => {
    const wb = workbench();
    const hidden = new Set(['gradientLab.startTraining', 'gradientLab.exportPytorch', 'gradientLab.stopTraining', 'gradientLab.configLandscape']); // `when`-guarded
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('>Gradient Lab:');
    const labels = wb.page.locator('.quick-input-list .monaco-list-row .label-name');
    await labels.first().waitFor({ state: 'visible', timeout: 30_000 });
    const shown = new Set((await labels.allInnerTexts()).map((s) => s.trim()));
    await wb.page.keyboard.press('Escape');
    const expected = manifest.contributes.commands.filter((c) => !hidden.has(c.command)).map((c) => `${c.category}: ${title(c.title)}`);
    const missing = expected.filter((e) => !shown.has(e));
    assert.deepEqual(missing, [], `palette shows: ${[...shown].join(' | ')}`);
  });

  it('opens a webview panel from "Gradient Lab: Plot Activation"', async () => {
    const wb = workbench();
    await wb.startCommand('Gradient Lab: Plot Activation');
    await wb.pickQuickPickItems(['Sigmoid']);
    const frame = await wb.findWebviewFrame((f) => f.locator('#app').count().then((n) => n > 0));
    const tab = wb.page.locator('.tabs-container .tab.active');
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(await frame.locator('script[nonce]').count() > 0, 'the panel document loads its script by nonce');
    await wb.screenshot('foundation-plot-activation-dark');
  });

  it('renders in the light theme too', async () => {
    const wb = workbench();
    await wb.setTheme('Default Light Modern');
    await wb.screenshot('foundation-plot-activation-light');
    await wb.setTheme('Default Dark Modern');
    await wb.closeAllEditors();
  });
});
