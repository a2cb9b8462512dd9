import * as vscode from 'vscode';
import {
  DEPTH_VIEW_TYPE,
  type DepthPanelState,
  type FromDepthPanel,
  type HandlerMap,
  type ToDepthPanel,
  type ToDepthPanelTest,
} from '../../protocol';
import { Disposable } from '../disposable';
import { WebviewChannel } from '../webviewHost/channel';
import { renderWebviewHtml, webviewOptions } from '../webviewHost/html';
import { translateStrings } from '../webviewHost/strings';
import { DEPTH_PAGE_STRINGS } from './pageStrings';
import { saveExport } from './saveExport';

/** Boot settings the page reads (WebviewBoot.settings). */
export interface DepthBootSettings {
  /** The web worker script's webview URI: the page fetches it and starts it from a blob: URL. */
  readonly workerUrl: string;
}

/**
 * One Explore Gradient Depth panel. The page does all the computing (in its web workers); the host
 * gives it its HTML and strings, saves what it exports, shows its errors, and relays requests from
 * the extension API (which the integration tests use).
 */
export class DepthPanel extends Disposable {
  readonly channel: WebviewChannel<ToDepthPanel | ToDepthPanelTest, FromDepthPanel>;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readyWaiters: Array<() => void> = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    restoredState: DepthPanelState | undefined,
  ) {
    super();
    const handlers: HandlerMap<FromDepthPanel> = {
      ready: () => undefined, // handled by the channel
      reply: () => undefined, // handled by the channel
      exportFile: async (m) => {
        const saved = await saveExport(m);
        if (saved) void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(saved)));
      },
      showError: (m) => void vscode.window.showErrorMessage(m.message),
    };
    this.channel = this.register(new WebviewChannel<ToDepthPanel | ToDepthPanelTest, FromDepthPanel>(panel.webview, handlers));
    this.register(this.channel.onDidBecomeReady(() => this.flushReadyWaiters()));
    // Without retainContextWhenHidden a hidden page is gone; it says `ready` again when shown.
    this.register(panel.onDidChangeViewState(() => panel.visible || this.channel.resetReady()));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(this.disposeEmitter);
    panel.webview.options = webviewOptions(extensionUri); // a revived panel comes with default options
    panel.webview.html = this.html(restoredState);
  }

  /** Resolves once the page has loaded and registered its handlers. */
  whenReady(): Promise<void> {
    if (this.channel.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  private flushReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private html(restoredState: DepthPanelState | undefined): string {
    const webview = this.panel.webview;
    const workerUrl = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'workers', 'depth.js'));
    const settings: DepthBootSettings = { workerUrl: workerUrl.toString() };
    return renderWebviewHtml(webview, this.extensionUri, {
      bundle: 'depth',
      title: vscode.l10n.t('Gradient Depth'),
      boot: {
        strings: translateStrings(DEPTH_PAGE_STRINGS),
        locale: vscode.env.language,
        restoredState,
        settings: settings as unknown as Record<string, unknown>,
      },
      styles: ['dist/webview/uPlot.min.css', 'media/depth.css'],
      usesWorkers: true,
      runsEngine: true,
    });
  }
}

export function createDepthWebviewPanel(extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(
    DEPTH_VIEW_TYPE, vscode.l10n.t('Gradient Depth'), vscode.ViewColumn.Active, webviewOptions(extensionUri),
  );
}
