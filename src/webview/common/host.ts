import {
  dispatch,
  errorReply,
  isKnownMessage,
  okReply,
  type HandlerMap,
  type Message,
  type WebviewBoot,
} from '../../protocol';

/**
 * The page's end of the channel: the one `acquireVsCodeApi()` call (kept private, as the docs ask),
 * boot data from the body's data attribute, typed posting, and typed dispatch of host messages.
 */
const api = acquireVsCodeApi();

export function readBoot<State>(): WebviewBoot<State> {
  const raw = document.body.dataset.boot;
  if (!raw) throw new Error('Gradient Lab: the page has no boot data');
  return JSON.parse(raw) as WebviewBoot<State>;
}

export function post<M extends Message>(message: M): void {
  api.postMessage(message);
}

export function getState<State>(): State | undefined {
  return api.getState() as State | undefined;
}

export function setState<State>(state: State): void {
  api.setState(state);
}

/** Starts listening with a complete handler map, then tells the host it may post. */
export function listen<M extends Message>(handlers: HandlerMap<M>): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isKnownMessage(handlers, message)) return;
    void Promise.resolve(dispatch(handlers, message)).catch((e) => reportError(e));
  });
  post({ type: 'ready' });
}

/** Answers a host request: runs `compute` and posts its value (or its error) as the reply. */
export async function answer(requestId: number, compute: () => unknown | Promise<unknown>): Promise<void> {
  try {
    post(okReply(requestId, await compute()));
  } catch (e) {
    post(errorReply(requestId, e));
  }
}

export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error('[gradient-lab]', error);
  post({ type: 'showError', message });
}
