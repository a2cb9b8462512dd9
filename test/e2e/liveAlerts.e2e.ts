// The Gradients view on a run that blows up (examples/deep-relu-exploding.gradlab.json), as a student meets it: the
// overflow is reported, the vanishing alert is not (a norm of 0 beside NaN is not a faded gradient), and the per-layer
// chart shows the steps before the blow-up even when only one recorded step was finite.
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import { waitFor } from '../../scripts/code-server.mjs';
import { workbench } from './harness';

describe('Gradients view alerts (e2e)', function () {
  this.timeout(300_000);

  it('a diverging ReLU network reports overflow and divergence, never vanishing; the per-layer chart is not empty', async () => {
    const wb = workbench();
    await wb.closeAllEditors();
    await wb.openFile('deep-relu-exploding.gradlab.json');
    await wb.runCommand('Gradient Lab: Open Gradients View');
    const view: Frame = await wb.findWebviewFrame((f) => f.locator('.live-page.sidebar').count().then((n) => n > 0));
    await wb.focusEditor();
    await wb.page.locator('.editor-actions .action-item a[aria-label*="Start Training"]').first().click();
    await waitFor('the run to diverge', async () => /Diverged/.test(await view.locator('.live-title .status').innerText()), { timeoutMs: 120_000, intervalMs: 200 });
    await wb.page.waitForTimeout(500);
    const kinds = await view.locator('.live-alerts li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.kind));
    assert.ok(kinds.includes('nonFinite'), `alerts: ${kinds.join()}`);
    assert.ok(!kinds.includes('vanishing'), `a diverged run also reported vanishing: ${kinds.join()}`);
    const inked = await view.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.live-charts > section canvas');
      if (!canvas) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    assert.ok(inked > 0, 'the per-layer chart has pixels');
    await wb.screenshot('live-sidebar-exploding');
    await wb.closeAllEditors();
  });
});
