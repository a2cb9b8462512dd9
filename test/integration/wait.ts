// Waiting in the extension host: VS Code applies many changes a moment later (tabs, diagnostics, language
// features), so tests poll. Imported by the integration tests (bundled into each by compile-integration.mjs).

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` (sync or async) until it returns something truthy, and returns that. A probe that throws is
 * retried; the last error is quoted if the wait times out.
 */
export async function until<T>(
  what: string, probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 15_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await sleep(intervalMs);
  }
}
