import * as vscode from 'vscode';
import type { CommonFromWebview, HandlerMap, Message } from '../../protocol';
import { Disposable } from '../disposable';
import { WebviewChannel } from './channel';
import { renderWebviewHtml, webviewOptions } from './html';
import { saveExport } from './saveExport';
import { translateStrings } from './strings';

/**
 * What sets one kind of compute panel apart: a page that does all its computing in its own web
 * worker (the depth explorer, the loss landscape) and needs from the host only its HTML, its
 * translated strings, a place to save exports and a voice for errors.
 */
export interface ComputePanelKind<State> {
  readonly viewType: string;
  /** The tab title (called at use time, so it is translated into the current display language). */
  readonly title: () => string;
  /** The page's script bundle under dist/webview. */
  readonly bundle: string;
  /** The web worker script under dist/webview/workers. */
  readonly worker: string;
  readonly styles: readonly string[];
  /** The page's English strings (the host translates them). */
  readonly strings: readonly string[];
  /** Whether a serializer's state is one the page wrote (anything else opens the panel on its defaults). */
  readonly isState: (value: unknown) => value is State;
}

/**
 * A state check for pages that write `{ version, ... }`: whether `value` is an object of this version (a saved
 * state of another version, or anything else, opens the panel on its defaults).
 */
export function isStateVersion<State>(version: number): (value: unknown) => value is State {
  return (value: unknown): value is State =>
    typeof value === 'object' && value !== null && (value as { version?: unknown }).version === version;
}

/** Boot settings every compute page reads (WebviewBoot.settings). */
export interface ComputeBootSettings {
  /** The web worker script's webview URI: the page fetches it and starts it from a blob: URL. */
  readonly workerUrl: string;
}

/** One compute panel: its webview, its channel, and a promise for the page being ready. */
export class ComputePanel<ToPage extends Message, State> extends Disposable {
  readonly channel: WebviewChannel<ToPage, CommonFromWebview>;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readyWaiters: Array<() => void> = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    kind: ComputePanelKind<State>,
    restoredState: State | undefined,
  ) {
    super();
    const handlers: HandlerMap<CommonFromWebview> = {
      ready: () => undefined, // handled by the channel
      reply: () => undefined, // handled by the channel
      exportFile: async (m) => void (await saveExport(m)),
      showError: (m) => void vscode.window.showErrorMessage(m.message),
    };
    this.channel = this.register(new WebviewChannel<ToPage, CommonFromWebview>(panel.webview, handlers));
    this.register(this.channel.onDidBecomeReady(() => this.flushReadyWaiters()));
    // Without retainContextWhenHidden a hidden page is gone; it says `ready` again when shown.
    this.register(panel.onDidChangeViewState(() => panel.visible || this.channel.resetReady()));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(this.disposeEmitter);
    panel.webview.options = webviewOptions(extensionUri); // a revived panel comes with default options
    const workerUrl = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'workers', kind.worker));
    const settings: ComputeBootSettings = { workerUrl: workerUrl.toString() };
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, {
      bundle: kind.bundle,
      title: kind.title(),
      boot: {
        strings: translateStrings(kind.strings),
        locale: vscode.env.language,
        restoredState,
        settings: settings as unknown as Record<string, unknown>,
      },
      styles: kind.styles,
      usesWorkers: true,
      runsEngine: true,
    });
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
}

/**
 * Keeps at most one panel of a kind: its command reveals the open one, and after a window reload
 * the serializer hands the panel back with the state its page saved.
 */
export class ComputePanelController<ToPage extends Message, State> extends Disposable {
  private current: ComputePanel<ToPage, State> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly kind: ComputePanelKind<State>,
  ) {
    super();
    this.register({ dispose: () => this.current?.dispose() });
  }

  get panel(): ComputePanel<ToPage, State> | undefined {
    return this.current;
  }

  /** Reveals the open panel, or opens one beside the active editor. */
  show(): ComputePanel<ToPage, State> {
    if (this.current) {
      this.current.panel.reveal();
      return this.current;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      this.kind.viewType, this.kind.title(), vscode.ViewColumn.Active, webviewOptions(this.extensionUri),
    );
    return this.adopt(webviewPanel, undefined);
  }

  /** The serializer's entry: a reloaded window gives the panel back with its page's last state. */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    this.current?.dispose();
    this.adopt(webviewPanel, this.kind.isState(state) ? state : undefined);
  }

  /** Opens the panel if needed, waits for its page, and sends it a request. */
  async request<T>(make: (requestId: number) => ToPage, timeoutMs = 60_000): Promise<T> {
    const panel = this.show();
    await panel.whenReady();
    return panel.channel.request<T>(make, timeoutMs);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: State | undefined): ComputePanel<ToPage, State> {
    const panel = new ComputePanel<ToPage, State>(webviewPanel, this.extensionUri, this.kind, state);
    this.current = panel;
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }
}
