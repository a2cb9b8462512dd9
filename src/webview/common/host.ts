import {
  dispatch,
  errorReply,
  isKnownMessage,
  okReply,
  type CommonFromWebview,
  type HandlerMap,
  type Message,
  type WebviewBoot,
} from '../../protocol';

/**
 * The page's end of the channel: the one `acquireVsCodeApi()` call (kept private, as the docs ask),
 * boot data from the body's data attribute, posting typed per channel, and typed dispatch of host messages
 * (plus the test hooks, when the host runs in test mode).
 */
const api = acquireVsCodeApi();

export function readBoot<State>(): WebviewBoot<State> {
  const raw = document.body.dataset.boot;
  if (!raw) throw new Error('Gradient Lab: the page has no boot data');
  return JSON.parse(raw) as WebviewBoot<State>;
}

/** The page's send side, typed by its channel: `const post = poster<FromActivationPanel>()`. */
export function poster<M extends Message>(): (message: M | CommonFromWebview) => void {
  return send;
}

function send<M extends Message>(message: M): void {
  api.postMessage(message);
}

let testHooks: boolean | undefined;
/** The host runs in test mode: answer the test hooks (src/protocol/testHooks.ts), report measurements. */
export function testHooksEnabled(): boolean {
  testHooks ??= readBoot().testHooks === true;
  return testHooks;
}

export function getState<State>(): State | undefined {
  return api.getState() as State | undefined;
}

export function setState<State>(state: State): void {
  api.setState(state);
}

/**
 * Starts listening with a complete handler map (and the test hooks' map, which is used only in test
 * mode: otherwise those messages are unknown and ignored), then tells the host it may post.
 */
export function listen<M extends Message, T extends Message = never>(handlers: HandlerMap<M>, testHandlers?: HandlerMap<T>): void {
  const all = (testHandlers && testHooksEnabled() ? { ...handlers, ...testHandlers } : handlers) as HandlerMap<M | T>;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isKnownMessage(all, message)) return;
    void Promise.resolve(dispatch(all, message)).catch((e) => reportError(e));
  });
  send({ type: 'ready' });
}

/** Answers a host request: runs `compute` and posts its value (or its error) as the reply. */
export async function answer(requestId: number, compute: () => unknown | Promise<unknown>): Promise<void> {
  try {
    send(okReply(requestId, await compute()));
  } catch (e) {
    send(errorReply(requestId, e));
  }
}

export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error('[gradient-lab]', error);
  send({ type: 'showError', message });
}
