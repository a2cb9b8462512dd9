import * as vscode from 'vscode';
import {
  ACTIVATION_VIEW_TYPE,
  EXPLORE_DEPTH_COMMAND,
  DEFAULT_VIEW,
  PLOT_LIMITS,
  type ActivationBootSettings,
  type ActivationPanelState,
  type ActivationQuery,
  type ActivationQueryResult,
  type CurveSource,
  type FromActivationPanel,
  type FromActivationPanelTest,
  type HandlerMap,
  type ToActivationPanel,
  type ToActivationPanelTest,
} from '../../protocol';
import { ACTIVATION_PAGE_STRINGS } from './pageStrings';
import { Disposable } from '../disposable';
import { WebviewChannel } from '../webviewHost/channel';
import { renderWebviewHtml, webviewOptions } from '../webviewHost/html';
import { translateStrings } from '../webviewHost/strings';
import { saveExport } from '../webviewHost/saveExport';
import { CUSTOM_ACTIVATION, type DepthSettings } from '../../analysis/depth/settings';

/** The depth explorer's settings for a plotted curve: the same activation, or the same expression. */
export function depthSettingsOf(source: unknown): Partial<DepthSettings> | undefined {
  const s = source as { kind?: unknown; name?: unknown; source?: unknown } | null;
  if (s?.kind === 'builtin' && typeof s.name === 'string') return { activation: s.name };
  if (s?.kind === 'expression' && typeof s.source === 'string') return { activation: CUSTOM_ACTIVATION, expression: s.source };
  return undefined;
}

/** Points per curve from gradientLab.plot.points (the manifest bounds it; clamp anyway). */
export function configuredPoints(): number {
  const n = vscode.workspace.getConfiguration('gradientLab').get<number>('plot.points', DEFAULT_VIEW.points);
  return Number.isInteger(n) ? Math.min(PLOT_LIMITS.maxPoints, Math.max(PLOT_LIMITS.minPoints, n)) : DEFAULT_VIEW.points;
}

/** The channel to the page: the product's messages, and in test mode the test hooks. */
type ToPage = ToActivationPanel | ToActivationPanelTest;
type FromPage = FromActivationPanel | FromActivationPanelTest;

/** Where the host keeps its copy of the page state (see the 'state' message). */
const STATE_KEY = 'gradientLab.activationPanel.state';

function savedAt(state: unknown): number {
  const t = (state as { savedAt?: unknown } | undefined)?.savedAt;
  return typeof t === 'number' ? t : -Infinity;
}

/**
 * The one Plot Activation panel. Running the command again reveals it and replaces what it shows;
 * the page computes everything (engine in the webview) and keeps its own state with setState, so the
 * host only sends what the user picked, forwards settings, and serves exports and the clipboard.
 */
export class ActivationPanel extends Disposable {
  private static current: ActivationPanel | undefined;

  private readonly channel: WebviewChannel<ToPage, FromPage>;
  private sources: readonly CurveSource[] = [];
  private resolvePainted!: (ms: number) => void;
  private readonly painted = new Promise<number>((resolve) => (this.resolvePainted = resolve));
  private readonly openedAt: number;
  /** Command (or revive) to the page's first chart paint, measured on the host clock. */
  firstPaintMs: number | undefined;

  static get instance(): ActivationPanel | undefined {
    return ActivationPanel.current;
  }

  /** Opens the panel showing `sources`, or reveals the open one and makes it show `sources`. */
  static show(context: vscode.ExtensionContext, sources: readonly CurveSource[], startedAt = Date.now()): ActivationPanel {
    const existing = ActivationPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.replace(sources);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ACTIVATION_VIEW_TYPE,
      vscode.l10n.t('Plot Activation'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(context.extensionUri),
    );
    return new ActivationPanel(panel, context, { sources }, undefined, startedAt);
  }

  /**
   * After a window reload: the serializer hands back the panel and the page's last setState; the host's
   * own copy wins when it is newer (a browser workbench may unload before storing the webview's copy).
   * The page validates whichever it gets (state.ts readState).
   */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, state: unknown): ActivationPanel {
    ActivationPanel.current?.dispose();
    panel.webview.options = webviewOptions(context.extensionUri);
    const kept = context.workspaceState.get<unknown>(STATE_KEY);
    const restored = savedAt(kept) > savedAt(state) ? kept : state;
    return new ActivationPanel(panel, context, {}, (restored ?? undefined) as ActivationPanelState | undefined, Date.now());
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    initial: { sources?: readonly CurveSource[] },
    restoredState: ActivationPanelState | undefined,
    startedAt: number,
  ) {
    super();
    ActivationPanel.current = this;
    this.openedAt = startedAt;
    this.sources = initial.sources ?? restoredState?.curves.map((c) => c.source) ?? [];
    this.register(panel);
    this.register({ dispose: () => ActivationPanel.current === this && (ActivationPanel.current = undefined) });
    const handlers: HandlerMap<FromPage> = {
      ready: () => {},
      reply: () => {},
      exportFile: async (m) => {
        await saveExport(m);
      },
      showError: (m) => void vscode.window.showErrorMessage(m.message),
      curves: (m) => {
        this.sources = m.sources;
      },
      state: (m) => void context.workspaceState.update(STATE_KEY, m.state),
      painted: () => {
        if (this.firstPaintMs === undefined) this.firstPaintMs = Date.now() - this.openedAt;
        this.resolvePainted(this.firstPaintMs);
      },
      exploreDepth: (m) => {
        const settings = depthSettingsOf(m.source);
        if (settings) void vscode.commands.executeCommand(EXPLORE_DEPTH_COMMAND, { settings });
      },
      copyText: async (m) => {
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} to the clipboard.', m.what));
      },
    };
    this.channel = this.register(new WebviewChannel<ToPage, FromPage>(panel.webview, handlers));
    // A hidden panel's page is destroyed (no retainContextWhenHidden: setState carries the state), and
    // reloads when shown again: hold messages until that page says it is ready.
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.channel.resetReady();
      }),
    );
    this.register(panel.onDidDispose(() => this.dispose()));
    const settings: ActivationBootSettings = { points: configuredPoints(), sources: initial.sources };
    panel.webview.html = renderWebviewHtml(panel.webview, context.extensionUri, {
      bundle: 'activation',
      title: vscode.l10n.t('Plot Activation'),
      styles: ['dist/webview/uPlot.min.css', 'media/activation.css'],
      runsEngine: true,
      boot: {
        strings: translateStrings(ACTIVATION_PAGE_STRINGS),
        locale: vscode.env.language,
        restoredState,
        settings: settings as unknown as Record<string, unknown>,
      },
    });
  }

  /** The curves the page shows now (as it last reported them). */
  get shownSources(): readonly CurveSource[] {
    return this.sources;
  }

  replace(sources: readonly CurveSource[]): void {
    this.sources = sources;
    this.channel.post({ type: 'show', sources });
  }

  settingsChanged(): void {
    this.channel.post({ type: 'settings', points: configuredPoints() });
  }

  /** Resolves with the first-paint time once the page has drawn its chart. */
  whenPainted(): Promise<number> {
    return this.painted;
  }

  /** Asks the page what it computed or shows; waits for the page to be ready first. */
  async query<K extends ActivationQuery['kind']>(query: Extract<ActivationQuery, { kind: K }>, timeoutMs = 20_000): Promise<ActivationQueryResult[K]> {
    if (!this.channel.isReady) await waitFor(this.channel.onDidBecomeReady, timeoutMs, 'the Plot Activation page to load');
    return this.channel.request<ActivationQueryResult[K]>((requestId) => ({ type: 'query', requestId, query }), timeoutMs);
  }
}

function waitFor(event: vscode.Event<void>, timeoutMs: number, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = event(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
