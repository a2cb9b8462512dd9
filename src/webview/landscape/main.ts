/**
 * Explore Loss Landscape: the page's entry. Reads the boot data, builds the page from the saved
 * state, answers the host's requests and follows theme changes.
 */
import { answer, getState, listen, readBoot, reportError } from '../common/host';
import { setStrings } from '../common/l10n';
import { readTheme, watchTheme } from '../common/theme';
import type { HandlerMap, LandscapePanelState, ToLandscapePanel, ToLandscapePanelTest } from '../../protocol';
import { loadWorkerScript } from '../depth/workerClient';
import { LandscapePage } from './page';

function start(): void {
  const boot = readBoot<LandscapePanelState>();
  setStrings(boot.strings);
  const workerUrl = (boot.settings as { workerUrl: string }).workerUrl;
  let blobUrl: Promise<string> | undefined;
  // The worker script is fetched only when a network slice is first shown.
  const loadWorker = () => (blobUrl ??= loadWorkerScript(workerUrl));
  const page = new LandscapePage(document.getElementById('app')!, getState<LandscapePanelState>() ?? boot.restoredState, readTheme(), loadWorker);
  window.addEventListener('unload', () => page.network.dispose());
  watchTheme((theme) => page.setTheme(theme));
  const handlers: HandlerMap<ToLandscapePanel> = {
    showNetwork: (m) => page.showNetwork(m.slice),
  };
  const testHandlers: HandlerMap<ToLandscapePanelTest> = {
    snapshot: (m) => answer(m.requestId, () => page.snapshot()),
    apply: (m) => answer(m.requestId, () => (page.update(m.state), page.snapshot())),
    pin: (m) => answer(m.requestId, () => (page.update({ pinned: [m.point[0], m.point[1]] }), page.snapshot())),
    race: (m) => answer(m.requestId, () => (page.finishRace(), page.snapshot())),
    benchmark: (m) => answer(m.requestId, () => page.benchmark(m.runs)),
    networkResult: (m) => answer(m.requestId, async () => {
      const r = await page.network.whenDone();
      // JSON carries no NaN: a non-finite loss travels as null.
      return r ? { ...r, values: Array.from(r.values, (v) => (Number.isFinite(v) ? v : null)), status: page.network.statusText } : null;
    }),
  };
  listen<ToLandscapePanel, ToLandscapePanelTest>(handlers, testHandlers);
}

try {
  start();
} catch (e) {
  reportError(e);
}
