import * as vscode from 'vscode';
import {
  dispatch,
  isKnownMessage,
  PendingRequests,
  type ChartTextMessage,
  type HandlerMap,
  type Message,
  type Reply,
} from '../../protocol';
import { Disposable } from '../disposable';
import { affectsChartFontSize, chartFontSize } from './chartText';

type WithReady<M extends Message> = M | { readonly type: 'ready' } | Reply;

/**
 * The host's end of one webview: waits for the page's `ready` before posting (messages sent earlier
 * are queued, and only the newest of each `type` is kept, so a burst of updates does not pile up),
 * never posts to a disposed webview, dispatches incoming messages through a typed handler map, and
 * offers request/reply for tests and queries.
 */
export class WebviewChannel<ToWebview extends Message, FromWebview extends Message> extends Disposable {
  private ready = false;
  private readonly queue = new Map<string, ToWebview>();
  private readonly requests = new PendingRequests();
  private readonly readyEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires each time the page (re)loads and says it is ready, e.g. after it was hidden and shown. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly webview: vscode.Webview,
    handlers: HandlerMap<FromWebview>,
  ) {
    super();
    const all = {
      ...handlers,
      ready: () => this.markReady(),
      reply: (reply: Reply) => this.requests.settle(reply),
    } as unknown as HandlerMap<WithReady<FromWebview>>;
    this.register(
      webview.onDidReceiveMessage((raw: unknown) => {
        if (!isKnownMessage(all, raw)) {
          console.warn('[gradient-lab] ignored an unknown webview message', raw);
          return;
        }
        void Promise.resolve(dispatch(all, raw)).catch((e) => console.error('[gradient-lab] webview handler failed', e));
      }),
    );
    this.register({ dispose: () => this.requests.rejectAll('The webview was closed') });
    // Every page's charts follow the chart text size live (the page's first size comes with its HTML).
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsChartFontSize(e) || this.isDisposed || !this.ready) return;
        const message: ChartTextMessage = { type: 'chartText', fontSize: chartFontSize() };
        void this.webview.postMessage(message).then(undefined, () => {
          /* the webview went away meanwhile */
        });
      }),
    );
  }

  /** The page reloaded (HTML replaced, or a webview view re-resolved): wait for a fresh `ready`. */
  resetReady(): void {
    this.ready = false;
  }

  get isReady(): boolean {
    return this.ready;
  }

  post(message: ToWebview): void {
    if (this.isDisposed) return;
    if (!this.ready) {
      this.queue.set(message.type, message);
      return;
    }
    void this.webview.postMessage(message).then(undefined, () => {
      /* the webview went away between the check and the post: nothing to deliver to */
    });
  }

  /** Sends a request message (with a fresh requestId) and resolves with the page's reply. */
  request<T>(make: (requestId: number) => ToWebview, timeoutMs = 10_000): Promise<T> {
    const { requestId, reply } = this.requests.open<T>(timeoutMs, 'webview request');
    this.post(make(requestId));
    return reply;
  }

  private markReady(): void {
    this.ready = true;
    const queued = [...this.queue.values()];
    this.queue.clear();
    for (const m of queued) this.post(m);
    this.readyEmitter.fire();
  }
}
