// The depth explorer's charts under the numbers that used to break them, as a student meets them: the sigmoid preset
// made deeper (34, 40, 100, 200 layers: the gradient reaches 1e-20 ... 1e-120), every preset in the dark and light
// themes (screenshots for the README), and out-of-range values typed into a field. The root hooks fail any test
// during which a webview logged a console error (the RangeError of the old log-axis splits was one).
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot, waitFor } from '../../scripts/code-server.mjs';
import { DEPTH_PRESETS } from '../../src/analysis/depth/presets';
import { workbench } from './harness';
import { depthBox, lastLayerInReadout, openDepthExplorer } from './depthPage';


/** What the main chart shows: its y tick labels (uPlot draws them on the canvas, so the model's ticks are read). */
function chartState(frame: Frame) {
  return frame.evaluate(() => {
    const host = document.querySelector('[data-chart="gradients"]')!;
    return {
      error: host.querySelector<HTMLElement>('.gl-chart-error:not([hidden])')?.innerText ?? null,
      canvases: host.querySelectorAll('canvas').length,
      yTitle: host.querySelector<HTMLElement>('.gl-chart-ytitle')?.innerText ?? '',
      lead: document.querySelector<HTMLElement>('.verdict')?.innerText ?? '',
    };
  });
}

function saveScreenshot(name: string): void {
  const dir = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(repoRoot, 'artifacts', 'screenshots', `${name}.png`), join(dir, `${name}.png`));
}

describe('Depth explorer charts (e2e)', function () {
  this.timeout(600_000);
  let frame: Frame;

  before(async () => {
    frame = await openDepthExplorer();
  });

  after(() => workbench().closeAllEditors());

  it('sigmoid made deeper (34, 40, 100, 200 layers) redraws every time, with no error', async () => {
    await frame.locator('button[data-preset="sigmoid-vanishes"]').click();
    await waitFor('the sigmoid preset', async () => Number(await depthBox(frame).inputValue()) === 30, { timeoutMs: 60_000 });
    for (const depth of [34, 40, 100, 200]) {
      await depthBox(frame).fill(String(depth));
      await depthBox(frame).press('Enter');
      await waitFor(`the chart to reach layer ${depth}`, async () => (await lastLayerInReadout(frame)) === depth, { timeoutMs: 90_000 });
      const state = await chartState(frame);
      assert.equal(state.error, null, `depth ${depth}: ${state.error}`);
      assert.ok(state.canvases > 0, `depth ${depth}: a canvas is drawn`);
      if (depth === 200) await workbench().screenshot('depth-sigmoid-200');
    }
  });

  it('every preset leads with its verdict and draws, in the dark and light themes (screenshots)', async () => {
    const wb = workbench();
    for (const theme of ['dark', 'light'] as const) {
      if (theme === 'light') {
        await wb.setTheme('Default Light Modern');
        await waitFor('the light theme', () => frame.evaluate(() => document.body.classList.contains('vscode-light')), { timeoutMs: 30_000 });
      }
      for (const preset of DEPTH_PRESETS) {
        await frame.locator(`button[data-preset="${preset.id}"]`).click();
        await waitFor(`${preset.id}: the verdict to show ${preset.shows}`, async () =>
          (await frame.locator('.verdict').getAttribute('data-behaviour')) === preset.shows &&
          Number(await depthBox(frame).inputValue()) === preset.settings.depth, { timeoutMs: 90_000 });
        const state = await chartState(frame);
        assert.equal(state.error, null, `${preset.id}: ${state.error}`);
        assert.ok(state.lead.startsWith('Layer 1 receives'), `${preset.id}: ${state.lead}`);
        await frame.locator('.summary').scrollIntoViewIfNeeded();
        const name = `depth-preset-${preset.id}-${theme}`;
        await wb.page.waitForTimeout(200);
        await wb.screenshot(name);
        if (preset.id !== 'clipping-rescues') saveScreenshot(name);
      }
    }
    await wb.setTheme('Default Dark Modern');
    await waitFor('the dark theme', () => frame.evaluate(() => document.body.classList.contains('vscode-dark')), { timeoutMs: 30_000 });
  });

  it('a depth typed out of range is clamped, and the field says so', async () => {
    await depthBox(frame).fill('5000');
    await depthBox(frame).press('Enter');
    const note = frame.locator('.field-range', { hasText: 'Depth (hidden layers)' }).locator('.field-note');
    await waitFor('the clamp note', () => note.isVisible(), { timeoutMs: 10_000 });
    const text = await note.innerText();
    const max = Number(await depthBox(frame).inputValue());
    assert.ok(max < 5000, `clamped to ${max}`);
    assert.match(text, new RegExp(`5000 is out of range .*using ${max}`));
  });
});
