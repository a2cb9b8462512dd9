import * as vscode from 'vscode';
import type { FromLivePage, GuideEntry, HandlerMap, LivePageDescription, Playback, ToLivePage, ToLivePageTest } from '../../protocol';
import { LIVE_PAGE_STRINGS } from './pageStrings';
import { Disposable } from '../disposable';
import { WebviewChannel } from '../webviewHost/channel';
import { renderWebviewHtml, webviewOptions } from '../webviewHost/html';
import { translateStrings } from '../webviewHost/strings';
import type { LiveRun } from './liveRun';

/** Styles of both live pages (uPlot's own sheet is copied to dist/webview by the build). */
const LIVE_PAGE_STYLES = ['dist/webview/uPlot.min.css', 'media/livePage.css'];

export interface LivePageSpec {
  /** 'gradientsView' (the side view) or 'trainingPanel': the live page at two widths. */
  readonly bundle: string;
  readonly title: string;
  readonly layout: 'sidebar' | 'panel';
  /** What the page saved with setState, when VS Code restores it. */
  readonly restoredState?: unknown;
}

/** What every live page is connected to. */
export interface LivePageContext {
  readonly extensionUri: vscode.Uri;
  readonly live: LiveRun;
  readonly actions: LivePageActions;
}

/** Loads a live page into `webview` and connects it to the live run. */
export function loadLivePage(webview: vscode.Webview, spec: LivePageSpec, context: LivePageContext): LivePageConnection {
  const { extensionUri, live, actions } = context;
  webview.options = webviewOptions(extensionUri);
  webview.html = renderWebviewHtml(webview, extensionUri, {
    bundle: spec.bundle,
    title: spec.title,
    boot: {
      strings: translateStrings(LIVE_PAGE_STRINGS),
      locale: vscode.env.language,
      restoredState: spec.restoredState,
      settings: { layout: spec.layout },
    },
    styles: LIVE_PAGE_STYLES,
  });
  return new LivePageConnection(webview, live, actions);
}

/** What a live page can ask the host to do. */
export interface LivePageActions {
  startTraining(): void;
  stopTraining(): void;
  openTrainingPanel(): void;
  openConfig(): void;
  /** One of the empty view's ways in (the walkthrough's steps). */
  guide(entry: GuideEntry): void;
  playback(change: Partial<Playback>): void;
  stepOnce(): void;
  clearGhosts(): void;
}

/**
 * The host's end of one live page (the Gradients view or a training panel). Sends nothing until the
 * page says it is ready, then a full snapshot, then the live run's events as they come. A hidden
 * page's document is destroyed (no retainContextWhenHidden), so nothing is posted while hidden and
 * the latest state is replayed when it shows again.
 */
export class LivePageConnection extends Disposable {
  private readonly channel: WebviewChannel<ToLivePage | ToLivePageTest, FromLivePage>;
  private visible = true;

  constructor(webview: vscode.Webview, private readonly live: LiveRun, actions: LivePageActions) {
    super();
    const handlers: HandlerMap<FromLivePage> = {
      startTraining: () => actions.startTraining(),
      stopTraining: () => actions.stopTraining(),
      openTrainingPanel: () => actions.openTrainingPanel(),
      openConfig: () => actions.openConfig(),
      guide: (m) => actions.guide(m.entry),
      playback: (m) => actions.playback(m.playback ?? {}),
      stepOnce: () => actions.stepOnce(),
      clearGhosts: () => actions.clearGhosts(),
      showError: (m) => void vscode.window.showErrorMessage(m.message),
    };
    this.channel = this.register(new WebviewChannel<ToLivePage | ToLivePageTest, FromLivePage>(webview, handlers));
    this.register(this.channel.onDidBecomeReady(() => this.replay()));
    this.register(live.onDidChange((event) => this.canPost && this.channel.post(event)));
  }

  private get canPost(): boolean {
    return this.visible && this.channel.isReady;
  }

  /**
   * Hidden pages get nothing. Shown again, the page either survived (and takes this snapshot) or
   * reloads and says `ready`, which replays the snapshot once more; either way it ends up current.
   */
  setVisible(visible: boolean): void {
    const wasVisible = this.visible;
    this.visible = visible;
    if (visible && !wasVisible) this.replay();
  }

  /** Asks the page what it shows (integration tests). */
  describe(timeoutMs = 10_000): Promise<LivePageDescription> {
    return this.channel.request<LivePageDescription>((requestId) => ({ type: 'describe', requestId }), timeoutMs);
  }

  /** A page restored after a reload keeps its own saved charts until a run of this session exists. */
  private replay(): void {
    if (this.live.state.runId === undefined || !this.canPost) return;
    this.channel.post({ type: 'snapshot', snapshot: this.live.state.snapshot() });
  }
}
