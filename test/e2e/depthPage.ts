// What the depth explorer's e2e tests share: opening the panel from the palette, its depth field, and the main
// chart's readout read from the keyboard.
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import { workbench } from './harness';

export const DEPTH_COMMAND = 'Gradient Lab: Explore Gradient Depth';

/** Closes every editor, runs the command, and returns the page once its verdict (the regime) is shown. */
export async function openDepthExplorer(): Promise<Frame> {
  const wb = workbench();
  await wb.closeAllEditors();
  await wb.runCommand(DEPTH_COMMAND);
  const frame = await wb.findWebviewFrame('Gradient Depth');
  await frame.locator('.summary [data-key="regime"]').waitFor({ state: 'visible', timeout: 60_000 });
  return frame;
}

const depthField = (frame: Frame) => frame.locator('.field-range', { hasText: 'Depth (hidden layers)' });
export const depthBox = (frame: Frame) => depthField(frame).locator('input.range-value');
export const depthSlider = (frame: Frame) => depthField(frame).locator('input[type=range]');

/** Moves the main chart's readout to the last layer from the keyboard (End); returns the layer it names. */
export async function lastLayerInReadout(frame: Frame): Promise<number> {
  await frame.locator('[data-chart="gradients"] .gl-chart').focus();
  await workbench().page.keyboard.press('End');
  const text = await frame.locator('[data-chart="gradients"] .readout').innerText();
  const m = /(\d+):/.exec(text);
  assert.ok(m, `readout: ${text}`);
  return Number(m[1]);
}
