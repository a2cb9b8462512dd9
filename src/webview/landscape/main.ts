/**
 * Explore Loss Landscape: the page's entry. Reads the boot data, builds the page from the saved
 * state, answers the host's requests and follows theme changes.
 */
import { answer, getState, listen, readBoot, reportError } from '../common/host';
import { setStrings } from '../common/l10n';
import { readTheme, watchTheme } from '../common/theme';
import type { HandlerMap, LandscapePanelState, ToLandscapePanel } from '../../protocol';
import { LandscapePage } from './page';

function start(): void {
  const boot = readBoot<LandscapePanelState>();
  setStrings(boot.strings);
  const page = new LandscapePage(document.getElementById('app')!, getState<LandscapePanelState>() ?? boot.restoredState, readTheme());
  watchTheme((theme) => page.setTheme(theme));
  const handlers: HandlerMap<ToLandscapePanel> = {
    snapshot: (m) => answer(m.requestId, () => page.snapshot()),
    apply: (m) => answer(m.requestId, () => (page.update(m.state), page.snapshot())),
    pin: (m) => answer(m.requestId, () => (page.update({ pinned: [m.point[0], m.point[1]] }), page.snapshot())),
    race: (m) => answer(m.requestId, () => (page.finishRace(), page.snapshot())),
    benchmark: (m) => answer(m.requestId, () => page.benchmark(m.runs)),
    showNetwork: () => undefined,
    networkResult: (m) => answer(m.requestId, () => null),
  };
  listen(handlers);
}

try {
  start();
} catch (e) {
  reportError(e);
}
