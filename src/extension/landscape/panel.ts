import * as vscode from 'vscode';
import {
  LANDSCAPE_VIEW_TYPE,
  type FromLandscapePanel,
  type HandlerMap,
  type LandscapePanelState,
  type ToLandscapePanel,
  type ToLandscapePanelTest,
} from '../../protocol';
import { Disposable } from '../disposable';
import { WebviewChannel } from '../webviewHost/channel';
import { renderWebviewHtml, webviewOptions } from '../webviewHost/html';
import { translateStrings } from '../webviewHost/strings';
import { LANDSCAPE_PAGE_STRINGS } from './pageStrings';

/**
 * One Explore Loss Landscape panel. The page computes everything (the network slice in its web
 * worker); the host gives it its HTML and strings, shows its errors, and relays requests from the
 * extension API (which the integration tests use).
 */
export class LandscapePanel extends Disposable {
  readonly channel: WebviewChannel<ToLandscapePanel | ToLandscapePanelTest, FromLandscapePanel>;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readyWaiters: Array<() => void> = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    restoredState: LandscapePanelState | undefined,
  ) {
    super();
    const handlers: HandlerMap<FromLandscapePanel> = {
      ready: () => undefined, // handled by the channel
      reply: () => undefined, // handled by the channel
      exportFile: () => undefined, // the page exports nothing yet
      showError: (m) => void vscode.window.showErrorMessage(m.message),
    };
    this.channel = this.register(new WebviewChannel<ToLandscapePanel | ToLandscapePanelTest, FromLandscapePanel>(panel.webview, handlers));
    this.register(this.channel.onDidBecomeReady(() => this.flushReadyWaiters()));
    // Without retainContextWhenHidden a hidden page is gone; it says `ready` again when shown.
    this.register(panel.onDidChangeViewState(() => panel.visible || this.channel.resetReady()));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(this.disposeEmitter);
    panel.webview.options = webviewOptions(extensionUri); // a revived panel comes with default options
    panel.webview.html = this.html(restoredState);
  }

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

  private html(restoredState: LandscapePanelState | undefined): string {
    const webview = this.panel.webview;
    const workerUrl = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'workers', 'landscape.js'));
    return renderWebviewHtml(webview, this.extensionUri, {
      bundle: 'landscape',
      title: vscode.l10n.t('Loss Landscape'),
      boot: {
        strings: translateStrings(LANDSCAPE_PAGE_STRINGS),
        locale: vscode.env.language,
        restoredState,
        settings: { workerUrl: workerUrl.toString() },
      },
      styles: ['dist/webview/uPlot.min.css', 'media/landscape.css'],
      usesWorkers: true,
      runsEngine: true,
    });
  }
}

export function createLandscapeWebviewPanel(extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(
    LANDSCAPE_VIEW_TYPE, vscode.l10n.t('Loss Landscape'), vscode.ViewColumn.Active, webviewOptions(extensionUri),
  );
}
