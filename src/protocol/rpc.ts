/**
 * Request/reply over a one-way message channel: a request carries a `requestId`, the other side
 * answers with a `reply` carrying the same id. Errors come back as rejections, and a request that
 * never gets an answer rejects after its time limit instead of hanging.
 */

export type Reply =
  | { readonly type: 'reply'; readonly requestId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly requestId: number; readonly ok: false; readonly error: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Allocates an id and a promise for its reply. */
  open<T>(timeoutMs: number, what: string): { requestId: number; reply: Promise<T> } {
    const requestId = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`No reply to ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
    return { requestId, reply };
  }

  settle(reply: Reply): void {
    const entry = this.pending.get(reply.requestId);
    if (!entry) return; // late reply after a time-out or a reset: nobody is waiting
    this.pending.delete(reply.requestId);
    clearTimeout(entry.timer);
    if (reply.ok) entry.resolve(reply.value);
    else entry.reject(new Error(reply.error));
  }

  /** Rejects everything still waiting (the channel closed). */
  rejectAll(reason: string): void {
    for (const [, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
    }
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}

export function okReply(requestId: number, value: unknown): Reply {
  return { type: 'reply', requestId, ok: true, value };
}

export function errorReply(requestId: number, error: unknown): Reply {
  return { type: 'reply', requestId, ok: false, error: error instanceof Error ? error.message : String(error) };
}
