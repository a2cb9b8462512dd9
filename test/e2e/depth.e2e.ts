// Explore Gradient Depth as a user drives it: palette -> the panel draws the per-layer chart -> the depth slider is
// moved with the keyboard and dragged with the mouse, and the chart follows (its readout names the new last layer,
// its pixels change) -> a preset -> every section opened -> screenshots in dark and light themes.
// The root hooks fail any test during which a CSP violation or a webview/extension error was logged.
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import { waitFor } from '../../scripts/code-server.mjs';
import { workbench } from './harness';
import { depthBox, depthSlider, lastLayerInReadout, openDepthExplorer } from './depthPage';

/** A cheap fingerprint of the main chart's canvas: changes whenever what is drawn changes. */
function chartFingerprint(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-chart="gradients"] canvas');
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 16) h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) % 1_000_000_007;
    return h;
  });
}

describe('Explore Gradient Depth (e2e)', function () {
  this.timeout(300_000);
  let frame: Frame;

  before(async () => {
    frame = await openDepthExplorer();
  });

  after(() => workbench().closeAllEditors());

  it('draws the per-layer gradient chart with the theory and a regime', async () => {
    assert.ok((await chartFingerprint(frame)) !== 0, 'the chart canvas has pixels');
    const legend = await frame.locator('[data-chart="gradients"] .legend').innerText();
    const texts = await frame.locator('.summary').innerText();
    assert.match(texts, /χ at the fixed point/);
    assert.match(texts, /regime/);
    assert.match(legend, /measured/);
    assert.match(legend, /theory/);
    await workbench().screenshot('depth-main');
  });

  it('moving the depth slider with the keyboard recomputes and redraws', async () => {
    const start = Number(await depthBox(frame).inputValue());
    const before = await chartFingerprint(frame);
    await depthSlider(frame).focus();
    for (let i = 0; i < 10; i++) await workbench().page.keyboard.press('ArrowRight');
    const expected = start + 10;
    assert.equal(Number(await depthBox(frame).inputValue()), expected);
    await waitFor('the chart to show the new depth', async () => (await lastLayerInReadout(frame)) === expected, { timeoutMs: 60_000 });
    assert.notEqual(await chartFingerprint(frame), before, 'the canvas changed');
  });

  it('dragging the depth slider with the mouse updates the chart live', async () => {
    const page = workbench().page;
    const box = await depthSlider(frame).boundingBox();
    assert.ok(box, 'the slider is on screen');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 4, y);
    await page.mouse.down();
    const seen = new Set<string>();
    for (let k = 1; k <= 12; k++) {
      await page.mouse.move(box.x + (box.width * k) / 24, y, { steps: 2 });
      await page.waitForTimeout(120);
      seen.add(await frame.locator('.status').first().innerText());
      if (k === 8) await workbench().screenshot('depth-dragging');
    }
    await page.mouse.up();
    assert.ok(seen.size >= 2, `the page redrew while dragging (${seen.size} distinct status lines)`);
    // Requests under 150 ms apart show the float32 preview; whether this machine kept them that close is timing,
    // so it is reported, not asserted. What must hold: once the slider is still, the float64 analysis replaces it.
    console.log(`[depth] status lines while dragging: ${[...seen].join(' | ')}`);
    const depth = Number(await depthBox(frame).inputValue());
    assert.ok(depth > 50 && depth < 150, `dragged to depth ${depth}`);
    await waitFor('the chart at the dragged depth', async () => (await lastLayerInReadout(frame)) === depth, { timeoutMs: 60_000 });
    await waitFor('the float64 analysis once the slider is still',
      async () => !/float32 preview/.test(await frame.locator('.status').first().innerText()), { timeoutMs: 60_000 });
  });

  it('a preset tells its story in one click', async () => {
    await frame.locator('button[data-preset="sigmoid-vanishes"]').click();
    await waitFor('the sigmoid network to be ordered', async () =>
      /ordered/.test(await frame.locator('.summary [data-key="regime"]').innerText()), { timeoutMs: 60_000 });
    assert.equal(Number(await depthBox(frame).inputValue()), 30);
    await workbench().screenshot('depth-sigmoid-vanishes');
  });

  it('every section opens and draws; screenshots in the dark and light themes', async () => {
    for (const id of ['why', 'forward', 'sweep', 'clipping', 'help']) await frame.locator(`#section-${id} > summary`).click();
    await waitFor('the depth sweep to finish', async () => /Swept/.test(await frame.locator('#section-sweep .status').innerText()), { timeoutMs: 180_000 });
    await frame.locator('#section-why').scrollIntoViewIfNeeded();
    await workbench().screenshot('depth-why-dark');
    await frame.locator('#section-sweep').scrollIntoViewIfNeeded();
    await workbench().screenshot('depth-sweep-dark');
    const swatch = () => frame.evaluate(() => getComputedStyle(document.querySelector('[data-chart="gradients"] .swatch')!).borderTopColor);
    const darkSwatch = await swatch();
    await workbench().setTheme('Default Light Modern');
    await waitFor('the page to follow the light theme', () => frame.evaluate(() => document.body.classList.contains('vscode-light')), { timeoutMs: 30_000 });
    await waitFor('the chart legend to take the light theme colours', async () => (await swatch()) !== darkSwatch, { timeoutMs: 30_000 });
    await frame.locator('#section-why').scrollIntoViewIfNeeded();
    await workbench().page.waitForTimeout(300);
    await workbench().screenshot('depth-why-light');
    await workbench().setTheme('Default Dark Modern');
    await waitFor('the page to follow the dark theme', () => frame.evaluate(() => document.body.classList.contains('vscode-dark')), { timeoutMs: 30_000 });
  });

  it('the clipping preset trains with and without clipping, side by side', async () => {
    await frame.locator('button[data-preset="clipping-rescues"]').click();
    await waitFor('the training run to finish', async () =>
      /Without clipping: diverged/.test(await frame.locator('#section-clipping .status').innerText()), { timeoutMs: 240_000 });
    await frame.locator('.chart-pair').scrollIntoViewIfNeeded();
    await workbench().screenshot('depth-clipping');
  });
});
