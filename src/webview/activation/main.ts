/**
 * Entry of the Plot Activation page (dist/webview/activation.js). The state comes from, in order:
 * this page's own getState (it was hidden and shown again), the serializer's restored state (window
 * reload), or the command's picks in the boot data. Then the host may post.
 */

import type { ActivationBootSettings, ActivationPanelState, ToActivationPanel, ToActivationPanelTest } from '../../protocol';
import { answer, getState, listen, readBoot, reportError } from '../common/host';
import { setStrings } from '../common/l10n';
import { Controller } from './controller';
import { readState, withSources } from './state';

function start(): void {
  const boot = readBoot<ActivationPanelState>();
  setStrings(boot.strings);
  document.documentElement.lang = boot.locale;
  const settings = (boot.settings ?? {}) as Partial<ActivationBootSettings>;
  const points = typeof settings.points === 'number' ? settings.points : 2001;
  const saved = getState<unknown>() ?? boot.restoredState;
  let state = readState(saved, points);
  if (saved === undefined && settings.sources) state = withSources(state, settings.sources);

  const root = document.getElementById('app');
  if (!root) throw new Error('The page has no #app element');
  const controller = new Controller(root, state);
  listen<ToActivationPanel, ToActivationPanelTest>(
    {
      show: (m) => controller.show(m.sources),
      settings: (m) => controller.setPoints(m.points),
    },
    { query: (m) => answer(m.requestId, () => controller.answer(m.query)) },
  );
}

try {
  start();
} catch (e) {
  reportError(e);
}
