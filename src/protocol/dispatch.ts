/**
 * Typed message dispatch shared by every boundary (extension host <-> webviews <-> workers).
 * Every message is a member of a discriminated union on a readonly string `type`; a handler map must
 * name every member, so adding a message without handling it breaks the build.
 */

export interface Message {
  readonly type: string;
}

/** One handler per message type; the compiler rejects a map that misses one. */
export type HandlerMap<M extends Message> = {
  readonly [K in M['type']]: (message: Extract<M, { type: K }>) => void | Promise<void>;
};

export function dispatch<M extends Message>(handlers: HandlerMap<M>, message: M): void | Promise<void> {
  const handler = handlers[message.type as M['type']] as (m: M) => void | Promise<void>;
  return handler(message);
}

/**
 * Messages cross a trust boundary (a webview is a web page), so check the shape at run time before
 * dispatching: an object with a `type` that the handler map knows.
 */
export function isKnownMessage<M extends Message>(handlers: HandlerMap<M>, value: unknown): value is M {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    Object.prototype.hasOwnProperty.call(handlers, (value as { type: string }).type)
  );
}
