// Plot Activation as a user drives it: palette -> pick two activations -> the chart is drawn (pixels of the curves'
// colours on the canvas) -> hovering shows the right numbers -> the keyboard moves the readout -> a custom expression
// with a typo is refused with its position as you type -> light and dark screenshots, re-coloured on theme change.
// The root hooks fail any test during which a CSP violation or a webview/extension error was logged.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot, waitFor } from '../../scripts/code-server.mjs';
import { workbench } from './harness';
import { SERIES_COLORS } from '../../src/charts/palette';

const TITLE = 'Gradient Lab: Plot Activation';
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Readout text -> number ("−0.25" uses a Unicode minus; "1.2e-9" an exponent). */
const num = (text: string) => Number(text.trim().replace(/^−/, '-').replace('−', '-'));

/** Pixels of the first curve's colour (the chart palette's first series colour in the current theme kind). */
function curvePixels(frame: Frame): Promise<number> {
  return frame.evaluate((table) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.gl-chart canvas');
    if (!canvas || canvas.width === 0) return 0;
    const cls = document.body.classList;
    const kind = cls.contains('vscode-high-contrast-light') ? 'high-contrast-light' : cls.contains('vscode-high-contrast') ? 'high-contrast' : cls.contains('vscode-light') ? 'light' : 'dark';
    const hex = table[kind][0];
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24) n++;
    }
    return n;
  }, SERIES_COLORS as Record<string, readonly string[]>);
}

/** Whether every legend key has the colour its curve is drawn in (the palette of the current theme kind). */
function legendMatchesCurves(frame: Frame): Promise<boolean> {
  return frame.evaluate((table) => {
    const cls = document.body.classList;
    const kind = cls.contains('vscode-high-contrast-light') ? 'high-contrast-light' : cls.contains('vscode-high-contrast') ? 'high-contrast' : cls.contains('vscode-light') ? 'light' : 'dark';
    const keys = Array.from(document.querySelectorAll<HTMLElement>('.gl-legend .gl-key'));
    return keys.length > 0 && keys.every((key) => {
      const index = Number(/\bc(\d)\b/.exec(key.className)?.[1]);
      const hex = table[kind][index];
      const rgb = `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
      return getComputedStyle(key).borderTopColor === rgb;
    });
  }, SERIES_COLORS as Record<string, readonly string[]>);
}

async function readoutRow(frame: Frame, label: string): Promise<{ x: number; f: number; df: number; d2f: number }> {
  const header = await frame.locator('.gl-readout tr').first().locator('th').first().innerText();
  const row = frame.locator('.gl-readout tr', { hasText: label }).first();
  const cells = await row.locator('td').allInnerTexts();
  return { x: num(header.replace('x =', '')), f: num(cells[0]), df: num(cells[1]), d2f: num(cells[2]) };
}

/**
 * Checks activations in the open multi-select pick and accepts it. The list is virtualised (only rows in view
 * exist in the DOM), so each label is typed into the filter first, and the filtered list scrolled if needed.
 */
async function pickActivations(labels: string[], { thenInputBox = false } = {}): Promise<void> {
  const page = workbench().page;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  const list = page.locator('.quick-input-widget .quick-input-list');
  for (const label of labels) {
    await input.fill(label);
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
    await waitFor(`the quick pick row "${label}"`, async () => {
      if (await row.isVisible()) return true;
      await list.hover();
      await page.mouse.wheel(0, 200);
      return false;
    }, { timeoutMs: 20_000, intervalMs: 100 });
    // A click on a row of a multi-select pick toggles its checkbox; the "N Selected" badge confirms it.
    const count = page.locator('.quick-input-widget .quick-input-count');
    const before = await count.innerText().catch(() => '');
    await row.click();
    await waitFor(`"${label}" to toggle`, async () => (await count.innerText().catch(() => '')) !== before, { timeoutMs: 5000 });
  }
  await input.fill('');
  await page.keyboard.press('Enter');
  // "Custom expression..." goes on to an input box in the same widget.
  if (!thenInputBox) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

async function activationFrame(): Promise<Frame> {
  return workbench().findWebviewFrame((f) => f.locator('.gl-toolbar').count().then((n) => n > 0));
}

/**
 * Runs the command, picks Sigmoid and Tanh, and waits for the curves' pixels: logs and saves the time from the
 * accepted pick to pixels on screen (polling every 50 ms) and the page's own load-to-first-paint time.
 */
async function openAndTimeFirstPaint(measurement: string, label: string): Promise<Frame> {
  await workbench().startCommand(TITLE);
  const t0 = Date.now();
  await pickActivations(['Sigmoid', 'Tanh']);
  const frame = await activationFrame();
  await waitFor('curve pixels on the chart canvas', async () => (await curvePixels(frame)) > 200, { timeoutMs: 60_000, intervalMs: 50 });
  const wall = Date.now() - t0;
  const pageMs = Number(await frame.evaluate(() => document.body.dataset.firstPaintMs ?? 'NaN'));
  console.log(`    ${label}pick accepted -> curve pixels seen: ${wall} ms; page load -> first chart paint: ${pageMs.toFixed(0)} ms`);
  writeMeasurement(measurement, { accept_to_pixels_ms: wall, page_start_to_paint_ms: pageMs });
  return frame;
}

describe('Plot Activation (e2e)', function () {
  this.timeout(180_000);
  let frame: Frame;

  it('palette -> pick Sigmoid and Tanh -> the chart is drawn; command to first paint is measured', async () => {
    frame = await openAndTimeFirstPaint('activation-first-paint', '');
    const labels = await frame.locator('.gl-card-title').allInnerTexts();
    assert.deepEqual(labels, ['Sigmoid', 'Tanh']);
  });

  it('hovering shows x, f, f′, f″ of both curves, matching the formulas', async () => {
    const wb = workbench();
    const over = frame.locator('.gl-chart .u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the plot area is visible');
    await wb.page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await frame.locator('.gl-readout tr', { hasText: 'Sigmoid' }).waitFor({ timeout: 10_000 });
    const s = await readoutRow(frame, 'Sigmoid');
    const t = await readoutRow(frame, 'Tanh');
    assert.ok(s.x > 2.5 && s.x < 3.5, `x = ${s.x}, expected about 3 (three quarters across -6..6)`);
    const rel = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
    assert.ok(rel(s.f, sigmoid(s.x)), `sigmoid(${s.x}) shown as ${s.f}`);
    assert.ok(rel(s.df, sigmoid(s.x) * (1 - sigmoid(s.x))), `sigmoid′ shown as ${s.df}`);
    assert.ok(rel(s.d2f, sigmoid(s.x) * (1 - sigmoid(s.x)) * (1 - 2 * sigmoid(s.x))), `sigmoid″ shown as ${s.d2f}`);
    assert.ok(rel(t.f, Math.tanh(t.x)) && rel(t.df, 1 - Math.tanh(t.x) ** 2), `tanh row ${JSON.stringify(t)}`);
    assert.ok(rel(t.d2f, -2 * Math.tanh(t.x) * (1 - Math.tanh(t.x) ** 2)), `tanh″ shown as ${t.d2f}`);
  });

  it('is usable from the keyboard: Home puts the readout at the left end, arrows step along x', async () => {
    const wb = workbench();
    await frame.locator('.gl-chart').focus();
    await wb.page.keyboard.press('Home');
    await waitFor('the readout at x = -6', async () => (await readoutRow(frame, 'Sigmoid')).x === -6, { timeoutMs: 5000 });
    await wb.page.keyboard.press('ArrowRight');
    const after = await readoutRow(frame, 'Sigmoid');
    assert.ok(after.x > -6 && after.x < -5.8, `x after ArrowRight: ${after.x}`);
    assert.ok(Math.abs(after.f - sigmoid(after.x)) < 1e-6);
  });

  it('dragging a parameter slider re-plots while it moves (median re-plot time measured in the webview)', async () => {
    const wb = workbench();
    await wb.startCommand(TITLE);
    await pickActivations(['ELU']); // Sigmoid and Tanh stay checked
    frame = await activationFrame();
    const card = frame.locator('.gl-card', { hasText: 'ELU' }).first();
    const slider = card.locator('input[type=range]').first();
    await slider.waitFor({ timeout: 10_000 });
    // The lesson above the cards grows when each curve's figures arrive ("computing…" before): wait for all three,
    // or the cards move under the mouse between measuring the slider and pressing on it.
    await waitFor('the lesson for the three curves', async () => {
      const items = await frame.locator('.gl-lesson-item').allInnerTexts();
      return items.length === 3 && items.every((text) => !text.includes('computing…'));
    }, { timeoutMs: 60_000, intervalMs: 100 });
    await slider.scrollIntoViewIfNeeded(); // the lesson under the chart pushes the cards below the fold
    const before = await frame.evaluate(() => (document.body.dataset.replotMs ?? '').split(' ').filter(Boolean).length);
    // The slider where it stays: two measurements 300 ms apart agree (the facts boxes above it have filled in).
    let box = await slider.boundingBox();
    await waitFor('the slider to stay where it is', async () => {
      await wb.page.waitForTimeout(300);
      const now = await slider.boundingBox();
      const still = !!now && !!box && now.x === box.x && now.y === box.y;
      box = now;
      return still;
    }, { timeoutMs: 30_000, intervalMs: 0 });
    assert.ok(box, 'the slider is visible');
    await wb.page.mouse.move(box.x + 4, box.y + box.height / 2);
    await wb.page.mouse.down();
    for (let i = 1; i <= 60; i++) {
      await wb.page.mouse.move(box.x + 4 + ((box.width - 8) * i) / 60, box.y + box.height / 2);
      await wb.page.waitForTimeout(16);
    }
    await wb.page.mouse.up();
    const times = await frame.evaluate(() => (document.body.dataset.replotMs ?? '').split(' ').filter(Boolean).map(Number));
    const drag = times.slice(Math.max(0, times.length - Math.min(times.length, 60)));
    assert.ok(times.length - before >= 10, `only ${times.length - before} re-plots while dragging`);
    const sorted = [...drag].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`    slider drag: ${times.length - before} re-plots, median ${median.toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
    writeMeasurement('activation-slider-drag', { replots: times.length - before, median_ms: median, max_ms: sorted[sorted.length - 1] });
    const alpha = Number(await card.locator('output').first().innerText());
    assert.ok(alpha > 2.5, `alpha after dragging to the right end: ${alpha}`);
  });

  it('a custom expression is validated as you type, with the position of the error', async () => {
    const wb = workbench();
    await wb.startCommand(TITLE);
    await pickActivations(['Custom expression...'], { thenInputBox: true });
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await waitFor('the expression input box', async () => (await input.inputValue().catch(() => '')) === 'x * sigmoid(1.702 * x)', { timeoutMs: 10_000 });
    await input.fill('x * sigmod(x)');
    const message = wb.page.locator('.quick-input-widget .quick-input-message');
    await waitFor('the validation message for "sigmod"', async () => /sigmod.*column 5/.test(await message.innerText().catch(() => '')), { timeoutMs: 10_000 });
    await input.fill('x * sigmoid(1.702 * x)');
    await waitFor('the message to clear', async () => !/column/.test(await message.innerText().catch(() => '')), { timeoutMs: 10_000 });
    await wb.page.keyboard.press('Enter');
    frame = await activationFrame();
    await waitFor('the expression curve', async () => (await frame.locator('.gl-card-title').allInnerTexts()).includes('x * sigmoid(1.702 * x)'), { timeoutMs: 10_000 });
  });

  it('light, dark and high-contrast themes: screenshots, and the chart is re-coloured on theme change', async () => {
    const wb = workbench();
    await wb.startCommand(TITLE);
    await pickActivations(['ELU', 'ReLU']); // toggles: Sigmoid, Tanh, ReLU and the expression
    frame = await activationFrame();
    const hover = async () => {
      const over = await frame.locator('.gl-chart .u-over').boundingBox();
      assert.ok(over);
      await wb.page.mouse.move(over.x + over.width * 0.62, over.y + over.height / 2); // the readout shows in the screenshots
      await frame.locator('.gl-readout table').waitFor({ timeout: 5000 });
    };
    await wb.setTheme('Default Dark Modern');
    await waitFor('dark curve pixels', async () => (await curvePixels(frame)) > 200, { timeoutMs: 20_000 });
    await waitFor('legend keys in the curves\' colours (dark)', () => legendMatchesCurves(frame), { timeoutMs: 20_000 });
    await hover();
    await wb.screenshot('activation-dark');
    const darkBlue = await frame.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim());
    await wb.setTheme('Default Light Modern');
    await waitFor('the light theme in the webview', async () => (await frame.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim())) !== darkBlue, { timeoutMs: 20_000 });
    await waitFor('curve pixels in the light theme colour', async () => (await curvePixels(frame)) > 200, { timeoutMs: 20_000 });
    await waitFor('legend keys in the curves\' colours (light)', () => legendMatchesCurves(frame), { timeoutMs: 20_000 });
    await hover();
    await wb.screenshot('activation-light');
    // High contrast, dark and light: the webview gets VS Code's high-contrast body class, and the curves are
    // redrawn in that theme's chart colour.
    for (const [theme, bodyClass, shot] of [
      ['Default High Contrast', 'vscode-high-contrast', 'activation-high-contrast'],
      ['Default High Contrast Light', 'vscode-high-contrast-light', 'activation-high-contrast-light'],
    ] as const) {
      await wb.setTheme(theme);
      await waitFor(`the ${theme} theme in the webview`, () => frame.evaluate((c) => document.body.classList.contains(c), bodyClass), { timeoutMs: 20_000 });
      await waitFor(`curve pixels in the ${theme} chart colour`, async () => (await curvePixels(frame)) > 200, { timeoutMs: 20_000 });
      await waitFor(`legend keys in the curves' colours (${theme})`, () => legendMatchesCurves(frame), { timeoutMs: 20_000 });
      await hover();
      await wb.screenshot(shot);
    }
    await wb.setTheme('Default Dark Modern');
    await wb.closeAllEditors();
  });

  it('reopening in a warm workbench: command to first paint', async () => {
    frame = await openAndTimeFirstPaint('activation-first-paint-warm', 'warm: ');
  });

  it('comes back after a window reload with its curves and range (panel serializer + setState)', async () => {
    const wb = workbench();
    const from = frame.locator('.gl-toolbar input[type=number]').first();
    await from.fill('-3');
    await from.press('Enter');
    await wb.page.waitForTimeout(500);
    frame = await wb.reloadWindow(activationFrame);
    await waitFor('the restored curves', async () => (await frame.locator('.gl-card-title').allInnerTexts()).join() === 'Sigmoid,Tanh', { timeoutMs: 60_000 });
    assert.equal(await frame.locator('.gl-toolbar input[type=number]').first().inputValue(), '-3');
    await waitFor('curve pixels after the reload', async () => (await curvePixels(frame)) > 200, { timeoutMs: 30_000 });
    await wb.closeAllEditors();
  });
});

function writeMeasurement(name: string, value: unknown): void {
  const dir = join(repoRoot, 'artifacts', 'measurements');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(value, null, 2));
}
