/**
 * Boot of a live page (the Gradients view and the training panel): strings, saved state, the
 * message handlers, theme watching, and saving the state for the next time the page loads.
 */

import type { FromLivePage, HandlerMap, ToLivePage, ToLivePageTest, LivePageSavedState } from '../../protocol';
import { answer, getState, listen, poster, readBoot, setState } from '../common/host';
import { setStrings } from '../common/l10n';
import { watchTheme } from '../common/theme';
import { LiveDashboard, type Layout } from './dashboard';
import { LiveState } from '../../training/liveState';

/** The page's state is saved at most this often while records stream (it is the whole history). */
const SAVE_INTERVAL_MS = 1000;

export interface LivePage {
  readonly state: LiveState;
  readonly dashboard: LiveDashboard;
}

/**
 * Starts the page. `extend` (called once the strings are set) adds what a layout has beyond the
 * dashboard, e.g. the panel's MNIST section, and returns how to update it after each message.
 */
export function startLivePage(layout: Layout, extend?: (root: HTMLElement) => (state: LiveState) => void): LivePage {
  const boot = readBoot<LivePageSavedState>();
  setStrings(boot.strings);
  const state = new LiveState();
  const saved = getState<LivePageSavedState>()?.snapshot ?? boot.restoredState?.snapshot;
  if (saved) {
    try {
      state.restore(saved);
    } catch (e) {
      console.warn('[gradient-lab] ignored a saved state it cannot read', e); // e.g. from an older version
    }
  }

  const root = document.getElementById('app')!;
  root.classList.add('live-page', layout);
  const dashboard = new LiveDashboard(root, state, layout, { post: poster<FromLivePage>() });
  const extra = extend?.(root);

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = (now: boolean) => {
    if (saveTimer !== undefined && !now) return;
    clearTimeout(saveTimer);
    const write = () => {
      saveTimer = undefined;
      setState<LivePageSavedState>({ snapshot: state.snapshot() });
    };
    if (now) write();
    else saveTimer = setTimeout(write, SAVE_INTERVAL_MS);
  };

  const updated = (urgent: boolean) => {
    dashboard.schedule();
    extra?.(state);
    save(urgent);
  };
  const handlers: HandlerMap<ToLivePage> = {
    snapshot: (m) => (state.apply(m), updated(true)),
    records: (m) => (state.apply(m), updated(false)),
    alerts: (m) => (state.apply(m), updated(true)),
    status: (m) => (state.apply(m), updated(true)),
    report: (m) => (state.apply(m), updated(true)),
    playback: (m) => (state.apply(m), updated(true)),
    progress: (m) => (state.apply(m), updated(false)),
    scatter: (m) => (state.apply(m), updated(false)),
    ghosts: (m) => (state.apply(m), updated(true)),
    stale: (m) => (state.apply(m), updated(true)),
    boundary: (m) => (state.apply(m), updated(false)),
  };
  const testHandlers: HandlerMap<ToLivePageTest> = {
    describe: (m) => answer(m.requestId, () => dashboard.describe()),
  };
  watchTheme((theme) => dashboard.setTheme(theme));
  dashboard.render();
  extra?.(state);
  listen(handlers, testHandlers);
  return { state, dashboard };
}
