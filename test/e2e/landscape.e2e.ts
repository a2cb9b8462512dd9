// Explore Loss Landscape as a user drives it: palette -> the contour map, the lesson and the readouts ->
// a click pins p, dragging the knob of u turns it and D_u f follows -> the optimizers race with Play ->
// a too-large learning rate diverges and the panel says why -> clipping arrows -> a custom expression with
// an error -> screenshots in dark and light -> a window reload restores everything.
// The root hooks fail any test during which a CSP violation or a webview/extension error was logged.
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import { waitFor } from '../../scripts/code-server.mjs';
import { workbench } from './harness';

const TITLE = 'Gradient Lab: Explore Loss Landscape';

/** How many distinct colours the contour canvas shows (sampled): a drawn map has many. */
function planeColours(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.landscape-plane');
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
}

/** How many distinct colours the network slice's canvas shows (sampled). */
function sliceColours(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.network-plane')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 31) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
}

const readout = (frame: Frame, n: number) => frame.locator('.readouts dd').nth(n).innerText();

async function landscapeFrame(): Promise<Frame> {
  const frame = await workbench().findWebviewFrame('Loss Landscape');
  await frame.locator('canvas.landscape-plane').waitFor({ state: 'visible', timeout: 60_000 });
  await waitFor('the contour map to be drawn', async () => (await planeColours(frame)) > 20, { timeoutMs: 30_000 });
  return frame;
}

describe('Explore Loss Landscape (e2e)', function () {
  this.timeout(300_000);
  let frame: Frame;

  before(async () => {
    const wb = workbench();
    await wb.closeAllEditors();
    await wb.runCommand(TITLE);
    frame = await landscapeFrame();
  });

  after(() => workbench().closeAllEditors());

  it('opens with the lesson first, the contour map and the readouts at p', async () => {
    const first = await frame.locator('.lesson').innerText();
    assert.match(first, /^The gradient ∇f points where f rises fastest/);
    assert.match(await frame.locator('.formula').innerText(), /½\(k x² \+ y²\), k = 10/);
    // The bowl's default start (−2.5, 2): f = ½(10·6.25 + 4) = 33.25, ∇f = (−25, 2).
    assert.equal(await readout(frame, 1), '33.25');
    assert.equal(await readout(frame, 2), '(−25, 2)');
    await workbench().screenshot('landscape-main-dark');
  });

  it('a click pins p; dragging the knob of u turns it and D_u f follows, with the finite-difference check', async () => {
    const page = workbench().page;
    const box = (await frame.locator('canvas.landscape-plane').boundingBox())!;
    // The panel is an iframe inside the workbench: page coordinates of the canvas are its bounding box.
    const cx = box.x + box.width * 0.7, cy = box.y + box.height * 0.35;
    await page.mouse.click(cx, cy);
    await waitFor('the pinned point to move', async () => (await readout(frame, 0)) !== '(−2.5, 2)', { timeoutMs: 10_000 });
    const before = await readout(frame, 5);
    // The knob of u sits 70 px from p at the angle in the state (45° by default).
    const kx = cx + 70 * Math.cos(Math.PI / 4), ky = cy - 70 * Math.sin(Math.PI / 4);
    await page.mouse.move(kx, ky);
    await page.mouse.down();
    await page.mouse.move(cx - 30, cy + 40, { steps: 5 });
    await page.mouse.move(cx - 70, cy, { steps: 5 });
    await page.mouse.up();
    await waitFor('D_u f to change', async () => (await readout(frame, 5)) !== before, { timeoutMs: 10_000 });
    assert.equal(await readout(frame, 4), '(−1, 0)', 'u points along −x after the drag');
    const dd = Number((await readout(frame, 5)).replace('−', '-'));
    const fd = Number((await readout(frame, 6)).split(' ')[0].replace('−', '-'));
    assert.ok(Math.abs(dd - fd) <= 1e-4 * Math.max(1, Math.abs(dd)), `autograd ${dd} vs finite difference ${fd}`);
    assert.match(await readout(frame, 7), /^180\.0°|^\d+\.\d°$/);
  });

  it('Play races the optimizers to the last step; a too-large lr diverges and the panel says why', async () => {
    await frame.locator('#play').click();
    await waitFor('the race to finish', async () => (await frame.locator('.step-label').innerText()) === 'Step 100 of 100', { timeoutMs: 60_000 });
    assert.equal(await frame.locator('li.racer').count(), 3);
    assert.equal(await frame.locator('#divergence').isVisible(), false);
    // lr slider far right: lr·k > 2 on the bowl.
    const slider = frame.locator('#lr-sgd');
    await slider.focus();
    for (let i = 0; i < 120; i++) await workbench().page.keyboard.press('ArrowRight');
    await waitFor('the divergence explanation', async () => /lr·k > 2/.test(await frame.locator('#divergence').innerText()), { timeoutMs: 10_000 });
    assert.match(await frame.locator('li.racer[data-optimizer="sgd"]').innerText(), /SGD/);
    await workbench().screenshot('landscape-diverging-dark');
  });

  it('clipping by value shows how far it turned each step', async () => {
    await frame.locator('#clip-kind').selectOption('value');
    await frame.locator('#clip-amount').fill('0.5');
    await waitFor('the clipping readout', async () => /turned \d+\.\d°/.test(await frame.locator('ul.racers').innerText()), { timeoutMs: 10_000 });
    assert.match(await frame.locator('#divergence').innerText(), /without clipping this lr would diverge/);
    await workbench().screenshot('landscape-clipping-dark');
    await frame.locator('#clip-kind').selectOption('none');
  });

  it('a custom expression is checked as you type, with the column of the error', async () => {
    await frame.locator('#surface').selectOption('custom');
    const input = frame.locator('#expression');
    await input.fill('x^2 + 3*z');
    await waitFor('the inline error', async () => /column 9/.test(await frame.locator('#expression-error').innerText()), { timeoutMs: 10_000 });
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await input.fill('log(x) + y^2');
    await waitFor('the error to clear', async () => !(await frame.locator('#expression-error').isVisible()), { timeoutMs: 10_000 });
    assert.match(await frame.locator('.formula').innerText(), /log\(x\) \+ y\^2/);
    await workbench().screenshot('landscape-holes-dark');
  });

  it('screenshots in the light theme', async () => {
    const wb = workbench();
    await frame.locator('#surface').selectOption('rosenbrock');
    await frame.locator('.lesson').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await wb.setTheme('Default Light Modern');
    await wb.page.waitForTimeout(500);
    await wb.screenshot('landscape-rosenbrock-light');
    await wb.setTheme('Default Dark Modern');
    await wb.page.waitForTimeout(300);
    await wb.screenshot('landscape-rosenbrock-dark');
  });

  it('Loss Landscape of This Config draws a network\'s loss slice with its training trajectory', async function () {
    this.timeout(600_000);
    const wb = workbench();
    await wb.openFile('moons.gradlab.json');
    await wb.runCommand('Gradient Lab: Loss Landscape of This Config');
    frame = await landscapeFrame();
    await waitFor('the slice to be computed', async () => /^41 × 41 losses in/.test(await frame.locator('#network-status').innerText()), { timeoutMs: 480_000 });
    assert.match(await frame.locator('.network h2').innerText(), /moons\.gradlab\.json/);
    const colours = await sliceColours(frame);
    assert.ok(colours > 10, `the slice canvas shows ${colours} colours`);
    await frame.locator('.network').scrollIntoViewIfNeeded();
    await wb.screenshot('landscape-network-dark');
    await wb.setTheme('Default Light Modern');
    await wb.page.waitForTimeout(500);
    await wb.screenshot('landscape-network-light');
    await wb.setTheme('Default Dark Modern');
    await frame.locator('.network').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    // Compute again and cancel at once: the page says so, the buttons swap back, and the last slice stays drawn.
    await frame.locator('#network-compute').click();
    await waitFor('a second computation to start', async () => !(await frame.locator('#network-cancel').isDisabled()), { timeoutMs: 10_000, intervalMs: 50 });
    await frame.locator('#network-cancel').click();
    await waitFor('the cancellation to be said', async () => (await frame.locator('#network-status').innerText()) === 'Cancelled.', { timeoutMs: 10_000 });
    assert.equal(await frame.locator('#network-cancel').isDisabled(), true, 'Cancel is disabled once cancelled');
    assert.equal(await frame.locator('#network-compute').isDisabled(), false, 'Compute is offered again');
    assert.ok((await sliceColours(frame)) > 10, 'the last slice is still drawn');
  });

  it('comes back after a window reload with its surface, point and settings', async () => {
    const wb = workbench();
    const point = await readout(frame, 0);
    await frame.locator('#steps').fill('37');
    await frame.locator('#steps').press('Enter');
    await wb.page.waitForTimeout(500);
    frame = await wb.reloadWindow(landscapeFrame);
    assert.equal(await frame.locator('#surface').inputValue(), 'rosenbrock');
    assert.equal(await readout(frame, 0), point);
    assert.equal(await frame.locator('#steps').inputValue(), '37');
    await wb.closeAllEditors();
  });
});
